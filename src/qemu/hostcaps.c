/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * hostcaps.c: the host capabilities objects: construction, accessors, and
 * the small checks the parser and the QMP readers share.
 */
#include "qemu/hostcaps-internal.h"
#include "util/enum.h"

#include <string.h>
#include "util/util.h"

ARMCPU_DEFINE_QUARK("armcpu-host-caps-error-quark", armcpu_host_caps_error)

ARMCPU_ENUM_TO_STRING_IMPL(armcpu_usable, ArmcpuUsable,
                           ARMCPU_USABLE_LAST, [ARMCPU_USABLE_UNKNOWN] = "unknown",
                           [ARMCPU_USABLE_YES] = "yes", [ARMCPU_USABLE_NO] = "no")

/* ----- construction ----- */

ArmcpuHostCaps *
armcpu_host_caps_new(void)
{
    return g_new0(ArmcpuHostCaps, 1);
}

void
armcpu_host_caps_free(ArmcpuHostCaps *caps)
{
    if (!caps)
        return;
    g_free(caps->armcpu_version);
    g_free(caps->label);
    g_free(caps->emulator_path);
    g_free(caps->qemu_version);
    g_free(caps->qemu_package);
    g_free(caps->host_name);
    g_free(caps->host_arch);
    g_free(caps->kernel_release);
    g_free(caps->midr);
    g_free(caps->revidr);
    for (int i = 0; i < ARMCPU_ACCEL_LAST; i++)
        armcpu_accel_caps_free(caps->accels[i]);
    g_free(caps);
}

static void
command_free(gpointer p)
{
    ArmcpuCommandPresence *c = p;

    g_free(c->name);
    g_free(c);
}

ArmcpuAccelCaps *
armcpu_accel_caps_new(ArmcpuAccel accel)
{
    ArmcpuAccelCaps *acc = g_new0(ArmcpuAccelCaps, 1);

    g_assert((unsigned)accel < ARMCPU_ACCEL_LAST);
    acc->accel = accel;
    acc->dialect = ARMCPU_DIALECT_QEMU;
    acc->commands = g_ptr_array_new_with_free_func(command_free);
    acc->expansion = g_ptr_array_new_with_free_func((GDestroyNotify)armcpu_expansion_prop_free);
    acc->models = g_ptr_array_new_with_free_func((GDestroyNotify)armcpu_host_model_free);
    acc->props = g_ptr_array_new_with_free_func((GDestroyNotify)armcpu_prop_info_free);
    acc->prop_index = g_hash_table_new(g_str_hash, g_str_equal);
    return acc;
}

void
armcpu_accel_caps_free(ArmcpuAccelCaps *acc)
{
    if (!acc)
        return;
    g_free(acc->props_info_command);
    g_free(acc->expansion_model);
    g_ptr_array_unref(acc->commands);
    g_ptr_array_unref(acc->expansion);
    g_ptr_array_unref(acc->models);
    g_hash_table_unref(acc->prop_index);
    g_ptr_array_unref(acc->props);
    if (acc->registry)
        armcpu_registry_unref(acc->registry);
    g_free(acc);
}

ArmcpuAccelCaps *
armcpu_accel_caps_new_with_registry(ArmcpuAccel accel, const ArmcpuRegistry *reg)
{
    ArmcpuAccelCaps *acc = armcpu_accel_caps_new(accel);

    armcpu_accel_caps_hold_registry(acc, reg);
    return acc;
}

const ArmcpuRegistry *
armcpu_accel_caps_registry(const ArmcpuAccelCaps *acc)
{
    return acc->registry;
}

void
armcpu_host_caps_set_accel(ArmcpuHostCaps *caps, ArmcpuAccelCaps *acc)
{
    g_assert((unsigned)acc->accel < ARMCPU_ACCEL_LAST);
    if (caps->accels[acc->accel] != acc)
        armcpu_accel_caps_free(caps->accels[acc->accel]);
    caps->accels[acc->accel] = acc;
    acc->host = caps;
}

void
armcpu_accel_caps_hold_registry(ArmcpuAccelCaps *acc, const ArmcpuRegistry *reg)
{
    if (!reg || acc->registry == reg)
        return;
    /* The registry is immutable apart from its reference count. */
    ArmcpuRegistry *ref = armcpu_registry_ref((ArmcpuRegistry *)reg);
    if (acc->registry)
        armcpu_registry_unref(acc->registry);
    acc->registry = ref;
}

ArmcpuPropInfo *
armcpu_prop_info_new(const char *name, const char *type, ArmcpuKind kind)
{
    ArmcpuPropInfo *pi = g_new0(ArmcpuPropInfo, 1);

    pi->name = g_strdup(name);
    pi->type = g_strdup(type);
    pi->kind = kind;
    pi->supported = armcpu_value_set_new(kind);
    pi->source = ARMCPU_SUPPORT_PROPS_INFO;
    return pi;
}

void
armcpu_prop_info_free(ArmcpuPropInfo *pi)
{
    if (!pi)
        return;
    g_free(pi->name);
    g_free(pi->type);
    armcpu_value_set_free(pi->supported);
    g_free(pi->host_value);
    g_free(pi);
}

ArmcpuHostModel *
armcpu_host_model_new(const char *name)
{
    ArmcpuHostModel *m = g_new0(ArmcpuHostModel, 1);

    m->name = g_strdup(name);
    m->usable = ARMCPU_USABLE_UNKNOWN;
    m->blockers = g_new0(char *, 1);
    return m;
}

void
armcpu_host_model_free(ArmcpuHostModel *m)
{
    if (!m)
        return;
    g_free(m->name);
    g_free(m->type_name);
    g_strfreev(m->blockers);
    g_free(m);
}

ArmcpuExpansionProp *
armcpu_expansion_prop_new(const char *name, const char *type, const char *value)
{
    ArmcpuExpansionProp *ep = g_new0(ArmcpuExpansionProp, 1);

    ep->name = g_strdup(name);
    ep->type = g_strdup(type);
    ep->value = g_strdup(value);
    return ep;
}

void
armcpu_expansion_prop_free(ArmcpuExpansionProp *ep)
{
    if (!ep)
        return;
    g_free(ep->name);
    g_free(ep->type);
    g_free(ep->value);
    g_free(ep);
}

/* Both sorted arrays hold structs that start with their name. */
G_STATIC_ASSERT(G_STRUCT_OFFSET(ArmcpuPropInfo, name) == 0);
G_STATIC_ASSERT(G_STRUCT_OFFSET(ArmcpuExpansionProp, name) == 0);

/* Index where an element named @name is, or would be inserted, in an array
 * sorted by name whose elements start with a char* name. */
static guint
sorted_position(GPtrArray *arr, const char *name, gboolean *found)
{
    guint lo = 0, hi = arr->len;

    *found = FALSE;
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        const char *mid_name = *(char *const *)g_ptr_array_index(arr, mid);
        int c = strcmp(mid_name, name);
        if (c == 0) {
            *found = TRUE;
            return mid;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

gboolean
armcpu_accel_caps_add_prop(ArmcpuAccelCaps *acc, ArmcpuPropInfo *pi)
{
    gboolean found;
    guint pos = sorted_position(acc->props, pi->name, &found);

    if (found) {
        armcpu_prop_info_free(pi);
        return FALSE;
    }
    g_ptr_array_insert(acc->props, (gint)pos, pi);
    g_hash_table_insert(acc->prop_index, pi->name, pi);
    return TRUE;
}

gboolean
armcpu_accel_caps_add_expansion(ArmcpuAccelCaps *acc, ArmcpuExpansionProp *ep)
{
    gboolean found;
    guint pos = sorted_position(acc->expansion, ep->name, &found);

    if (found) {
        armcpu_expansion_prop_free(ep);
        return FALSE;
    }
    g_ptr_array_insert(acc->expansion, (gint)pos, ep);
    return TRUE;
}

const ArmcpuExpansionProp *
armcpu_accel_caps_find_expansion(const ArmcpuAccelCaps *acc, const char *name)
{
    gboolean found;
    guint pos = sorted_position(acc->expansion, name, &found);

    return found ? g_ptr_array_index(acc->expansion, pos) : NULL;
}

gboolean
armcpu_accel_caps_add_model(ArmcpuAccelCaps *acc, ArmcpuHostModel *m)
{
    if (armcpu_accel_caps_find_model(acc, m->name)) {
        armcpu_host_model_free(m);
        return FALSE;
    }
    g_ptr_array_add(acc->models, m);
    return TRUE;
}

/* ----- kinds and the registry ----- */

static gboolean
kind_fits_type(ArmcpuKind kind, const char *type)
{
    if (strcmp(type, "bool") == 0)
        return kind == ARMCPU_KIND_BOOL;
    if (strcmp(type, "number") == 0)
        return kind == ARMCPU_KIND_NUMBER;
    if (strcmp(type, "string") == 0)
        return kind == ARMCPU_KIND_ENUM || kind == ARMCPU_KIND_FRACTIONAL ||
               kind == ARMCPU_KIND_STRING;
    return TRUE;
}

ArmcpuKind
armcpu_prop_info_kind_for(const char *type, const ArmcpuProp *prop)
{
    if (prop && kind_fits_type(armcpu_prop_kind(prop), type))
        return armcpu_prop_kind(prop);
    if (strcmp(type, "bool") == 0)
        return ARMCPU_KIND_BOOL;
    if (strcmp(type, "number") == 0)
        return ARMCPU_KIND_NUMBER;
    return ARMCPU_KIND_STRING;
}

const ArmcpuProp *
armcpu_host_caps_registry_prop(const ArmcpuRegistry *reg, const char *name, const char *type)
{
    const ArmcpuProp *p = reg ? armcpu_registry_lookup(reg, name) : NULL;

    return p && kind_fits_type(armcpu_prop_kind(p), type) ? p : NULL;
}

/* ----- small strict parsers ----- */

gboolean
armcpu_host_caps_text_ok(const char *s, gsize max)
{
    gsize len = strlen(s);

    if (len == 0 || len > max || !g_utf8_validate(s, (gssize)len, NULL))
        return FALSE;
    for (const char *p = s; *p; p++) {
        if ((guchar)*p < 0x20 || *p == 0x7f)
            return FALSE;
    }
    return TRUE;
}

gboolean
armcpu_host_caps_parse_u64(const char *s, guint64 *out)
{
    guint64 v = 0;

    if (!*s)
        return FALSE;
    for (const char *p = s; *p; p++) {
        if (!g_ascii_isdigit(*p))
            return FALSE;
        guint d = (guint)(*p - '0');
        if (v > (G_MAXUINT64 - d) / 10)
            return FALSE;
        v = v * 10 + d;
    }
    *out = v;
    return TRUE;
}

gboolean
armcpu_host_caps_version_ok(const char *s)
{
    int parts = 0;
    const char *p = s;

    for (;;) {
        int digits = 0;
        while (g_ascii_isdigit(*p)) {
            if (++digits > 9)
                return FALSE;
            p++;
        }
        if (!digits)
            return FALSE;
        parts++;
        if (*p != '.')
            break;
        p++;
    }
    return *p == '\0' && parts == 3;
}

#define NS_PER_SEC G_GUINT64_CONSTANT(1000000000)

char *
armcpu_host_caps_format_time(gint64 ns)
{
    /* |ns| without overflowing on G_MININT64 */
    guint64 mag = ns < 0 ? (guint64)(-(ns + 1)) + 1 : (guint64)ns;

    return g_strdup_printf("%s%" G_GUINT64_FORMAT ".%09" G_GUINT64_FORMAT, ns < 0 ? "-" : "",
                           mag / NS_PER_SEC, mag % NS_PER_SEC);
}

gboolean
armcpu_host_caps_parse_time(const char *s, gint64 *out)
{
    gboolean neg = s[0] == '-';
    const char *p = neg ? s + 1 : s;
    const char *dot = strchr(p, '.');
    guint64 sec, frac;

    if (!dot || strlen(dot + 1) != 9 || dot == p)
        return FALSE;
    g_autofree char *sec_text = g_strndup(p, (gsize)(dot - p));
    if (!armcpu_host_caps_parse_u64(sec_text, &sec) || !armcpu_host_caps_parse_u64(dot + 1, &frac))
        return FALSE;
    if (sec > (guint64)G_MAXINT64 / NS_PER_SEC)
        return FALSE;
    guint64 mag = sec * NS_PER_SEC + frac;
    if (mag > (guint64)G_MAXINT64)
        return FALSE;
    *out = neg ? -(gint64)mag : (gint64)mag;
    return TRUE;
}

void
armcpu_host_caps_split_range(const char *text, char **min, char **max)
{
    const char *dash = strchr(text, '-');

    if (!dash) {
        *min = g_strdup(text);
        *max = g_strdup(text);
        return;
    }
    *min = g_strndup(text, (gsize)(dash - text));
    *max = g_strdup(dash + 1);
}

/* ----- accessors ----- */

const char *
armcpu_host_caps_armcpu_version(const ArmcpuHostCaps *caps)
{
    return caps->armcpu_version;
}

const char *
armcpu_host_caps_emulator_path(const ArmcpuHostCaps *caps)
{
    return caps->emulator_path;
}

const char *
armcpu_host_caps_qemu_version(const ArmcpuHostCaps *caps)
{
    return caps->qemu_version;
}

const char *
armcpu_host_caps_host_arch(const ArmcpuHostCaps *caps)
{
    return caps->host_arch;
}

const char *
armcpu_host_caps_kernel_release(const ArmcpuHostCaps *caps)
{
    return caps->kernel_release;
}

void
armcpu_host_caps_set_label(ArmcpuHostCaps *caps, const char *label)
{
    g_free(caps->label);
    caps->label = g_strdup(label);
}

const char *
armcpu_host_caps_label(const ArmcpuHostCaps *caps)
{
    /* a document read from a file is named as the user named it */
    if (caps->label)
        return caps->label;
    if (caps->host_name)
        return caps->host_name;
    return "host";
}

/*
 * caps->accels[@accel], and make sure it knows its host: builders that put a
 * section in directly rather than through armcpu_host_caps_set_accel() get the
 * back-pointer here (always the same value, written before any label is read).
 */
static const ArmcpuAccelCaps *
attach(const ArmcpuHostCaps *caps, ArmcpuAccel accel)
{
    ArmcpuAccelCaps *acc = caps->accels[accel];

    if (acc && acc->host != caps)
        acc->host = caps;
    return acc;
}

const ArmcpuAccelCaps *
armcpu_host_caps_accel(const ArmcpuHostCaps *caps, ArmcpuAccel accel)
{
    if ((unsigned)accel >= ARMCPU_ACCEL_LAST)
        return NULL;
    return attach(caps, accel);
}

const ArmcpuAccelCaps *
armcpu_host_caps_pick_accel(const ArmcpuHostCaps *caps, ArmcpuAccel wanted, GError **error)
{
    if (wanted != ARMCPU_ACCEL_LAST) {
        const ArmcpuAccelCaps *acc = armcpu_host_caps_accel(caps, wanted);
        if (!acc)
            g_set_error(error, ARMCPU_HOST_CAPS_ERROR, ARMCPU_HOST_CAPS_ERROR_NO_ACCEL,
                        "the host capabilities of %s have no %s section",
                        armcpu_host_caps_label(caps),
                        armcpu_accel_to_string(wanted) ? armcpu_accel_to_string(wanted) : "?");
        return acc;
    }
    if (caps->accels[ARMCPU_ACCEL_KVM])
        return attach(caps, ARMCPU_ACCEL_KVM);
    if (caps->accels[ARMCPU_ACCEL_TCG])
        return attach(caps, ARMCPU_ACCEL_TCG);
    g_set_error(error, ARMCPU_HOST_CAPS_ERROR, ARMCPU_HOST_CAPS_ERROR_NO_ACCEL,
                "the host capabilities of %s have no accelerator section",
                armcpu_host_caps_label(caps));
    return NULL;
}

ArmcpuAccel
armcpu_accel_caps_accel(const ArmcpuAccelCaps *acc)
{
    return acc->accel;
}

const char *
armcpu_accel_caps_label(const ArmcpuAccelCaps *acc)
{
    return acc->host ? armcpu_host_caps_label(acc->host) : NULL;
}

ArmcpuDialect
armcpu_accel_caps_dialect(const ArmcpuAccelCaps *acc)
{
    return acc->dialect;
}

const char *
armcpu_accel_caps_expansion_model(const ArmcpuAccelCaps *acc)
{
    return acc->expansion_model;
}

gboolean
armcpu_accel_caps_has_command(const ArmcpuAccelCaps *acc, const char *command)
{
    for (guint i = 0; i < acc->commands->len; i++) {
        const ArmcpuCommandPresence *c = g_ptr_array_index(acc->commands, i);
        if (strcmp(c->name, command) == 0)
            return c->present;
    }
    return FALSE;
}

guint
armcpu_accel_caps_n_props(const ArmcpuAccelCaps *acc)
{
    return acc->props->len;
}

const ArmcpuPropInfo *
armcpu_accel_caps_prop(const ArmcpuAccelCaps *acc, guint i)
{
    g_return_val_if_fail(i < acc->props->len, NULL);
    return g_ptr_array_index(acc->props, i);
}

const ArmcpuPropInfo *
armcpu_accel_caps_lookup(const ArmcpuAccelCaps *acc, const char *name)
{
    return g_hash_table_lookup(acc->prop_index, name);
}

guint
armcpu_accel_caps_n_models(const ArmcpuAccelCaps *acc)
{
    return acc->models->len;
}

const ArmcpuHostModel *
armcpu_accel_caps_model(const ArmcpuAccelCaps *acc, guint i)
{
    g_return_val_if_fail(i < acc->models->len, NULL);
    return g_ptr_array_index(acc->models, i);
}

const ArmcpuHostModel *
armcpu_accel_caps_find_model(const ArmcpuAccelCaps *acc, const char *name)
{
    for (guint i = 0; i < acc->models->len; i++) {
        const ArmcpuHostModel *m = g_ptr_array_index(acc->models, i);
        if (strcmp(m->name, name) == 0)
            return m;
    }
    return NULL;
}

const char *
armcpu_prop_info_name(const ArmcpuPropInfo *pi)
{
    return pi->name;
}

const char *
armcpu_prop_info_type(const ArmcpuPropInfo *pi)
{
    return pi->type;
}

ArmcpuKind
armcpu_prop_info_kind(const ArmcpuPropInfo *pi)
{
    return pi->kind;
}

const ArmcpuValueSet *
armcpu_prop_info_supported(const ArmcpuPropInfo *pi)
{
    return pi->supported;
}

ArmcpuSupportSource
armcpu_prop_info_source(const ArmcpuPropInfo *pi)
{
    return pi->source;
}

const char *
armcpu_prop_info_host_value(const ArmcpuPropInfo *pi)
{
    return pi->host_value;
}

const ArmcpuProp *
armcpu_prop_info_registry(const ArmcpuPropInfo *pi)
{
    return pi->prop;
}

const char *
armcpu_host_model_name(const ArmcpuHostModel *m)
{
    return m->name;
}

const char *
armcpu_host_model_typename(const ArmcpuHostModel *m)
{
    return m->type_name;
}

ArmcpuUsable
armcpu_host_model_usable(const ArmcpuHostModel *m)
{
    return m->usable;
}

const char *const *
armcpu_host_model_blockers(const ArmcpuHostModel *m)
{
    return (const char *const *)m->blockers;
}

gboolean
armcpu_host_model_deprecated(const ArmcpuHostModel *m)
{
    return m->deprecated;
}
