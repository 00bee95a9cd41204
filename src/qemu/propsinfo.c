/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * propsinfo.c: reading QEMU's replies (host-model expansion, props-info in
 * either shape, CPU definitions, command list) into an accelerator section.
 */
#include "qemu/propsinfo.h"

#include "cpu/registry-priv.h"
#include "cpu/value-priv.h"
#include "qemu/hostcaps-internal.h"

#include <stdarg.h>
#include <string.h>

const char *const armcpu_host_caps_commands[ARMCPU_HOST_CAPS_N_COMMANDS + 1] = {
    "query-arm-cpu-props-info",
    "query-cpu-props-info",
    "query-cpu-model-expansion",
    "query-cpu-definitions",
    NULL,
};

static gboolean fail(GError **error, int code, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static gboolean
fail(GError **error, int code, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error_literal(error, ARMCPU_HOST_CAPS_ERROR, code, msg);
    return FALSE;
}

static const char *
json_type_name(json_object *o)
{
    return json_type_to_name(json_object_get_type(o));
}

/* A name or value checked by the token grammar, as an ARMCPU_HOST_CAPS_ERROR_VALUE. */
static gboolean
check_token(const char *what, const char *s, GError **error)
{
    g_autoptr(GError) e = NULL;

    if (armcpu_token_check(what, s, &e))
        return TRUE;
    return fail(error, ARMCPU_HOST_CAPS_ERROR_VALUE, "%s", e->message);
}

/* The C string of the JSON string @o; refuses other types and embedded NULs. */
static gboolean
json_cstr(json_object *o, const char *what, const char **out, GError **error)
{
    if (!json_object_is_type(o, json_type_string))
        return fail(error, ARMCPU_HOST_CAPS_ERROR_SHAPE, "%s is a JSON %s, expected a string", what,
                    json_type_name(o));
    const char *s = json_object_get_string(o);
    if ((gsize)json_object_get_string_len(o) != strlen(s))
        return fail(error, ARMCPU_HOST_CAPS_ERROR_VALUE, "%s contains a NUL byte", what);
    *out = s;
    return TRUE;
}

/* A member that must be a token string. */
static gboolean
member_token(json_object *obj, const char *member, gboolean required, const char **out,
             GError **error)
{
    json_object *o = NULL;

    *out = NULL;
    if (!json_object_object_get_ex(obj, member, &o)) {
        if (!required)
            return TRUE;
        return fail(error, ARMCPU_HOST_CAPS_ERROR_SHAPE, "member '%s' is missing", member);
    }
    return json_cstr(o, member, out, error) && check_token(member, *out, error);
}

/* A JSON integer that must not be negative. */
static gboolean
json_u64(json_object *o, const char *what, guint64 *out, GError **error)
{
    if (!json_object_is_type(o, json_type_int))
        return fail(error, ARMCPU_HOST_CAPS_ERROR_SHAPE, "%s is a JSON %s, expected an integer",
                    what, json_type_name(o));
    if (json_object_get_int64(o) < 0)
        return fail(error, ARMCPU_HOST_CAPS_ERROR_VALUE, "%s is negative (%" G_GINT64_FORMAT ")",
                    what, json_object_get_int64(o));
    *out = json_object_get_uint64(o);
    return TRUE;
}

/* ----- commands ----- */

gboolean
armcpu_accel_caps_set_command(ArmcpuAccelCaps *acc, const char *command, gboolean present,
                              GError **error)
{
    ArmcpuCommandPresence *c;

    for (guint i = 0; i < acc->commands->len; i++) {
        c = g_ptr_array_index(acc->commands, i);
        if (strcmp(c->name, command) == 0) {
            c->present = present;
            return TRUE;
        }
    }
    if (!check_token("command name", command, error))
        return FALSE;
    if (acc->commands->len >= ARMCPU_HOST_CAPS_MAX_COMMANDS)
        return fail(error, ARMCPU_HOST_CAPS_ERROR_LIMIT, "more than %d commands",
                    ARMCPU_HOST_CAPS_MAX_COMMANDS);
    c = g_new0(ArmcpuCommandPresence, 1);
    c->name = g_strdup(command);
    c->present = present;
    g_ptr_array_add(acc->commands, c);
    return TRUE;
}

gboolean
armcpu_accel_caps_fill_commands(ArmcpuAccelCaps *acc, json_object *commands, GError **error)
{
    gboolean present[ARMCPU_HOST_CAPS_N_COMMANDS] = {FALSE};

    if (commands && !json_object_is_type(commands, json_type_array))
        return fail(error, ARMCPU_HOST_CAPS_ERROR_SHAPE,
                    "query-commands: the reply is a JSON %s, expected an array",
                    json_type_name(commands));
    for (gsize i = 0; commands && i < json_object_array_length(commands); i++) {
        json_object *e = json_object_array_get_idx(commands, i);
        json_object *name_obj = NULL;
        const char *name;

        if (!json_object_is_type(e, json_type_object) ||
            !json_object_object_get_ex(e, "name", &name_obj))
            return fail(error, ARMCPU_HOST_CAPS_ERROR_SHAPE,
                        "query-commands: entry %" G_GSIZE_FORMAT " has no name", i);
        if (!json_cstr(name_obj, "name", &name, error)) {
            g_prefix_error(error, "query-commands: entry %" G_GSIZE_FORMAT ": ", i);
            return FALSE;
        }
        for (int c = 0; c < ARMCPU_HOST_CAPS_N_COMMANDS; c++) {
            if (strcmp(name, armcpu_host_caps_commands[c]) == 0)
                present[c] = TRUE;
        }
    }
    for (int c = 0; c < ARMCPU_HOST_CAPS_N_COMMANDS; c++) {
        if (!armcpu_accel_caps_set_command(acc, armcpu_host_caps_commands[c], present[c], error))
            return FALSE;
    }
    return TRUE;
}

/* ----- the host-model expansion ----- */

static gboolean
read_expansion_prop(ArmcpuAccelCaps *acc, const char *name, json_object *val, GError **error)
{
    g_autofree char *text = NULL;
    const char *type, *s;
    guint64 n;

    if (!check_token("name", name, error))
        return FALSE;
    switch (json_object_get_type(val)) {
    case json_type_boolean:
        type = "bool";
        text = g_strdup(armcpu_bool_to_string(json_object_get_boolean(val)));
        break;
    case json_type_int:
        if (!json_u64(val, "the value", &n, error))
            return FALSE;
        type = "number";
        text = g_strdup_printf("%" G_GUINT64_FORMAT, n);
        break;
    case json_type_string:
        if (!json_cstr(val, "the value", &s, error) || !check_token("value", s, error))
            return FALSE;
        type = "string";
        text = g_strdup(s);
        break;
    case json_type_null:
    case json_type_double:
    case json_type_object:
    case json_type_array:
    default:
        return fail(error, ARMCPU_HOST_CAPS_ERROR_SHAPE,
                    "the value is a JSON %s, expected a boolean, an integer or a string",
                    json_type_name(val));
    }
    if (!armcpu_accel_caps_add_expansion(acc, armcpu_expansion_prop_new(name, type, text)))
        return fail(error, ARMCPU_HOST_CAPS_ERROR_DUPLICATE, "listed twice");
    return TRUE;
}

static gboolean
read_expansion(ArmcpuAccelCaps *acc, const char *model, json_object *props, GError **error)
{
    if (!json_object_is_type(props, json_type_object))
        return fail(error, ARMCPU_HOST_CAPS_ERROR_SHAPE,
                    "query-cpu-model-expansion of '%s': props is a JSON %s, expected an object",
                    model, json_type_name(props));
    if (json_object_object_length(props) > ARMCPU_HOST_CAPS_MAX_PROPS)
        return fail(error, ARMCPU_HOST_CAPS_ERROR_LIMIT,
                    "query-cpu-model-expansion of '%s': %d properties, more than the limit of %d",
                    model, json_object_object_length(props), ARMCPU_HOST_CAPS_MAX_PROPS);
    json_object_object_foreach(props, key, val)
    {
        if (!read_expansion_prop(acc, key, val, error)) {
            g_autofree char *q = armcpu_quote(key);
            g_prefix_error(error, "query-cpu-model-expansion of '%s': property %s: ", model, q);
            return FALSE;
        }
    }
    return TRUE;
}

/* ----- props-info ----- */

/* Typed shape: min/max members, a supported value that is not a string, or
 * a bool entry without a list. */
static gboolean
entry_is_typed(json_object *e)
{
    json_object *sv = NULL;

    if (!json_object_is_type(e, json_type_object))
        return FALSE;
    if (json_object_object_get_ex(e, "min", NULL) || json_object_object_get_ex(e, "max", NULL))
        return TRUE;
    if (!json_object_object_get_ex(e, "supported-values", &sv))
        return TRUE;
    if (!json_object_is_type(sv, json_type_array))
        return FALSE;
    for (gsize i = 0; i < json_object_array_length(sv); i++) {
        if (!json_object_is_type(json_object_array_get_idx(sv, i), json_type_string))
            return TRUE;
    }
    return FALSE;
}

static gboolean
set_add(ArmcpuValueSet *set, const char *text, GError **error)
{
    g_autoptr(GError) e = NULL;

    if (armcpu_value_set_add(set, text, &e))
        return TRUE;
    return fail(error, ARMCPU_HOST_CAPS_ERROR_VALUE, "%s", e->message);
}

static gboolean
add_range(ArmcpuValueSet *set, guint64 min, guint64 max, GError **error)
{
    if (min > max)
        return fail(error, ARMCPU_HOST_CAPS_ERROR_VALUE,
                    "range minimum %" G_GUINT64_FORMAT " is above its maximum %" G_GUINT64_FORMAT,
                    min, max);
    armcpu_value_set_add_range(set, min, max);
    return TRUE;
}

static gboolean
read_min_max(json_object *obj, ArmcpuValueSet *set, GError **error)
{
    json_object *lo = NULL, *hi = NULL;
    guint64 min, max;

    if (!json_object_object_get_ex(obj, "min", &lo) || !json_object_object_get_ex(obj, "max", &hi))
        return fail(error, ARMCPU_HOST_CAPS_ERROR_SHAPE, "a range needs both min and max");
    return json_u64(lo, "min", &min, error) && json_u64(hi, "max", &max, error) &&
           add_range(set, min, max, error);
}

static gboolean
read_supported_item(json_object *item, gboolean typed, ArmcpuValueSet *set, GError **error)
{
    ArmcpuKind kind = armcpu_value_set_kind(set);
    const char *s;
    guint64 n;

    switch (json_object_get_type(item)) {
    case json_type_string:
        return json_cstr(item, "a supported value", &s, error) && set_add(set, s, error);
    case json_type_boolean:
        if (!typed || kind != ARMCPU_KIND_BOOL)
            break;
        return set_add(set, armcpu_bool_to_string(json_object_get_boolean(item)), error);
    case json_type_int:
        if (!typed || kind != ARMCPU_KIND_NUMBER)
            break;
        if (!json_u64(item, "a supported value", &n, error))
            return FALSE;
        return add_range(set, n, n, error);
    case json_type_object:
        if (!typed || kind != ARMCPU_KIND_NUMBER)
            break;
        return read_min_max(item, set, error);
    case json_type_null:
    case json_type_double:
    case json_type_array:
    default:
        break;
    }
    return fail(error, ARMCPU_HOST_CAPS_ERROR_SHAPE,
                "a supported value is a JSON %s, unexpected for a %s property",
                json_type_name(item), armcpu_kind_to_string(kind));
}

static gboolean
read_supported(json_object *e, gboolean typed, ArmcpuValueSet *set, GError **error)
{
    json_object *sv = NULL;
    gboolean has_min_max =
        json_object_object_get_ex(e, "min", NULL) || json_object_object_get_ex(e, "max", NULL);
    ArmcpuKind kind = armcpu_value_set_kind(set);

    if (has_min_max) {
        if (kind != ARMCPU_KIND_NUMBER)
            return fail(error, ARMCPU_HOST_CAPS_ERROR_SHAPE, "min/max given for a %s property",
                        armcpu_kind_to_string(kind));
        if (!read_min_max(e, set, error))
            return FALSE;
    }
    if (!json_object_object_get_ex(e, "supported-values", &sv)) {
        if (has_min_max)
            return TRUE;
        if (typed && kind == ARMCPU_KIND_BOOL)
            return set_add(set, "off", error) && set_add(set, "on", error);
        return fail(error, ARMCPU_HOST_CAPS_ERROR_SHAPE, "member 'supported-values' is missing");
    }
    if (!json_object_is_type(sv, json_type_array))
        return fail(error, ARMCPU_HOST_CAPS_ERROR_SHAPE,
                    "supported-values is a JSON %s, expected an array", json_type_name(sv));
    if (json_object_array_length(sv) > ARMCPU_HOST_CAPS_MAX_VALUES)
        return fail(error, ARMCPU_HOST_CAPS_ERROR_LIMIT,
                    "%" G_GSIZE_FORMAT " supported values, more than the limit of %d",
                    json_object_array_length(sv), ARMCPU_HOST_CAPS_MAX_VALUES);
    for (gsize i = 0; i < json_object_array_length(sv); i++) {
        if (!read_supported_item(json_object_array_get_idx(sv, i), typed, set, error))
            return FALSE;
    }
    if (armcpu_value_set_size(set) > ARMCPU_HOST_CAPS_MAX_VALUES)
        return fail(error, ARMCPU_HOST_CAPS_ERROR_LIMIT, "more than %d supported values",
                    ARMCPU_HOST_CAPS_MAX_VALUES);
    return TRUE;
}

/* The expansion's value of @pi's property, in @pi's kind, as its host value. */
static gboolean
attach_host_value(const ArmcpuAccelCaps *acc, ArmcpuPropInfo *pi, GError **error)
{
    const ArmcpuExpansionProp *ep = armcpu_accel_caps_find_expansion(acc, pi->name);
    g_autoptr(GError) e = NULL;

    if (!ep)
        return TRUE;
    pi->host_value = armcpu_value_normalize(pi->kind, ep->value, &e);
    if (!pi->host_value)
        return fail(error, ARMCPU_HOST_CAPS_ERROR_VALUE,
                    "the host's value in the expansion does not fit the property: %s", e->message);
    return TRUE;
}

static gboolean
read_info_entry(ArmcpuAccelCaps *acc, const ArmcpuRegistry *reg, json_object *e, gboolean typed,
                GError **error)
{
    const char *name, *type;

    if (!json_object_is_type(e, json_type_object))
        return fail(error, ARMCPU_HOST_CAPS_ERROR_SHAPE, "a JSON %s, expected an object",
                    json_type_name(e));
    if (!member_token(e, "name", TRUE, &name, error) ||
        !member_token(e, "type", TRUE, &type, error))
        return FALSE;

    const ArmcpuProp *prop = armcpu_host_caps_registry_prop(reg, name, type);
    g_autoptr(ArmcpuPropInfo) pi =
        armcpu_prop_info_new(name, type, armcpu_prop_info_kind_for(type, prop));
    pi->prop = prop;
    pi->source = ARMCPU_SUPPORT_PROPS_INFO;
    if (!read_supported(e, typed, pi->supported, error) || !attach_host_value(acc, pi, error))
        return FALSE;
    if (!armcpu_accel_caps_add_prop(acc, g_steal_pointer(&pi)))
        return fail(error, ARMCPU_HOST_CAPS_ERROR_DUPLICATE, "listed twice");
    return TRUE;
}

/* A short description of entry @i for messages: "entry 3 ('feat_AES')". */
static char *
entry_label(json_object *e, gsize i)
{
    json_object *n = NULL;

    if (json_object_is_type(e, json_type_object) && json_object_object_get_ex(e, "name", &n) &&
        json_object_is_type(n, json_type_string)) {
        g_autofree char *q = armcpu_quote(json_object_get_string(n));
        return g_strdup_printf("entry %" G_GSIZE_FORMAT " (%s)", i, q);
    }
    return g_strdup_printf("entry %" G_GSIZE_FORMAT, i);
}

static gboolean
read_props_info(ArmcpuAccelCaps *acc, const ArmcpuRegistry *reg, const char *command,
                json_object *info, GError **error)
{
    gboolean typed = FALSE;
    gsize n;

    if (!json_object_is_type(info, json_type_array))
        return fail(error, ARMCPU_HOST_CAPS_ERROR_SHAPE,
                    "%s: the reply is a JSON %s, expected an array", command, json_type_name(info));
    n = json_object_array_length(info);
    if (n > ARMCPU_HOST_CAPS_MAX_PROPS)
        return fail(error, ARMCPU_HOST_CAPS_ERROR_LIMIT,
                    "%s: %" G_GSIZE_FORMAT " properties, more than the limit of %d", command, n,
                    ARMCPU_HOST_CAPS_MAX_PROPS);
    for (gsize i = 0; i < n && !typed; i++)
        typed = entry_is_typed(json_object_array_get_idx(info, i));
    for (gsize i = 0; i < n; i++) {
        json_object *e = json_object_array_get_idx(info, i);
        if (!read_info_entry(acc, reg, e, typed, error)) {
            g_autofree char *label = entry_label(e, i);
            g_prefix_error(error, "%s (%s shape): %s: ", command, typed ? "typed" : "string",
                           label);
            return FALSE;
        }
    }
    return TRUE;
}

/* ----- derived sets ----- */

/* A property only the expansion reports: its supported set from the registry
 * policy and the host value, else just the host value. */
static gboolean
derive_from_expansion(ArmcpuAccelCaps *acc, const ArmcpuRegistry *reg,
                      const ArmcpuExpansionProp *ep, GError **error)
{
    const ArmcpuProp *prop = armcpu_host_caps_registry_prop(reg, ep->name, ep->type);
    g_autoptr(ArmcpuValueSet) set = NULL;

    /* a value the registry's table does not name (or a table-less kind)
     * gets just the host value: QEMU knows this host better */
    if (prop && armcpu_prop_kind(prop) != ARMCPU_KIND_STRING)
        set = armcpu_prop_derive_supported(prop, ep->value, NULL);

    ArmcpuKind kind = armcpu_prop_info_kind_for(ep->type, prop);
    g_autoptr(ArmcpuPropInfo) pi = armcpu_prop_info_new(ep->name, ep->type, kind);
    pi->prop = prop;
    pi->source = ARMCPU_SUPPORT_DERIVED;
    if (!attach_host_value(acc, pi, error))
        return FALSE;
    if (set) {
        armcpu_value_set_free(pi->supported);
        pi->supported = g_steal_pointer(&set);
    } else if (!set_add(pi->supported, pi->host_value, error)) {
        return FALSE;
    }
    if (!armcpu_accel_caps_add_prop(acc, g_steal_pointer(&pi)))
        return fail(error, ARMCPU_HOST_CAPS_ERROR_DUPLICATE, "listed twice");
    return TRUE;
}

/* Largest SVE vector length enabled in the expansion, in quadwords, within
 * [@min, @max]; 0 when SVE is off, unknown, or no length is on. */
static guint64
sve_max_vq(const ArmcpuAccelCaps *acc, guint64 min, guint64 max)
{
    const ArmcpuExpansionProp *sve = armcpu_accel_caps_find_expansion(acc, "sve");
    guint64 largest = 0;

    if (!sve || strcmp(sve->type, "bool") != 0 || strcmp(sve->value, "on") != 0)
        return 0;
    for (guint i = 0; i < acc->expansion->len; i++) {
        const ArmcpuExpansionProp *ep = g_ptr_array_index(acc->expansion, i);
        guint64 bits;
        if (!g_str_has_prefix(ep->name, "sve") || strcmp(ep->type, "bool") != 0 ||
            strcmp(ep->value, "on") != 0 || !armcpu_host_caps_parse_u64(ep->name + 3, &bits))
            continue;
        if (bits == 0 || bits % 128 != 0)
            continue;
        guint64 vq = bits / 128;
        if (vq >= min && vq <= max && vq > largest)
            largest = vq;
    }
    return largest;
}

static gboolean
derive_by_rules(ArmcpuAccelCaps *acc, const ArmcpuRegistry *reg, GError **error)
{
    for (guint i = 0; reg && i < armcpu_registry_n_props(reg); i++) {
        const ArmcpuProp *p = armcpu_registry_prop(reg, i);
        if (!p->derive || strcmp(p->derive, "sve-max-vq") != 0 ||
            armcpu_accel_caps_lookup(acc, p->name) ||
            !armcpu_host_caps_registry_prop(reg, p->name, "number"))
            continue;
        guint64 lo = MAX(p->min, 1);
        guint64 vq = sve_max_vq(acc, lo, p->max);
        if (vq == 0)
            continue;
        g_autoptr(ArmcpuPropInfo) pi = armcpu_prop_info_new(p->name, "number", ARMCPU_KIND_NUMBER);
        pi->prop = p;
        pi->source = ARMCPU_SUPPORT_DERIVED;
        pi->host_value = g_strdup_printf("%" G_GUINT64_FORMAT, vq);
        if (!add_range(pi->supported, lo, vq, error))
            return FALSE;
        if (!armcpu_accel_caps_add_prop(acc, g_steal_pointer(&pi)))
            return fail(error, ARMCPU_HOST_CAPS_ERROR_DUPLICATE, "%s listed twice", p->name);
    }
    return TRUE;
}

static ArmcpuDialect
section_dialect(const ArmcpuAccelCaps *acc)
{
    ArmcpuDialect d = ARMCPU_DIALECT_QEMU;

    for (guint i = 0; i < acc->props->len; i++) {
        const ArmcpuPropInfo *pi = g_ptr_array_index(acc->props, i);
        if (g_str_has_prefix(pi->name, "SYSREG_") ||
            (pi->prop && armcpu_prop_dialect(pi->prop) == ARMCPU_DIALECT_SYSREG))
            return ARMCPU_DIALECT_SYSREG;
        if (pi->prop && armcpu_prop_dialect(pi->prop) == ARMCPU_DIALECT_NAMED)
            d = ARMCPU_DIALECT_NAMED;
    }
    return d;
}

gboolean
armcpu_accel_caps_fill_props(ArmcpuAccelCaps *acc, const ArmcpuRegistry *reg,
                             const char *expansion_model, json_object *expansion_props,
                             const char *props_info_command, json_object *props_info,
                             GError **error)
{
    g_return_val_if_fail(acc->props->len == 0 && acc->expansion->len == 0, FALSE);

    if (expansion_props && !expansion_model)
        return fail(error, ARMCPU_HOST_CAPS_ERROR_SHAPE,
                    "an expansion's properties need the name of the model expanded");
    if (expansion_model) {
        if (!check_token("expansion model", expansion_model, error))
            return FALSE;
        g_free(acc->expansion_model);
        acc->expansion_model = g_strdup(expansion_model);
    }
    if (props_info_command) {
        if (!check_token("command name", props_info_command, error))
            return FALSE;
        g_free(acc->props_info_command);
        acc->props_info_command = g_strdup(props_info_command);
    }
    armcpu_accel_caps_hold_registry(acc, reg);

    if (expansion_props && !read_expansion(acc, expansion_model, expansion_props, error))
        return FALSE;
    if (props_info &&
        !read_props_info(acc, reg, props_info_command ? props_info_command : "props-info",
                         props_info, error))
        return FALSE;
    for (guint i = 0; i < acc->expansion->len; i++) {
        const ArmcpuExpansionProp *ep = g_ptr_array_index(acc->expansion, i);
        if (armcpu_accel_caps_lookup(acc, ep->name))
            continue;
        if (!derive_from_expansion(acc, reg, ep, error)) {
            g_autofree char *q = armcpu_quote(ep->name);
            g_prefix_error(error, "query-cpu-model-expansion: property %s: ", q);
            return FALSE;
        }
    }
    if (!derive_by_rules(acc, reg, error))
        return FALSE;
    if (acc->props->len > ARMCPU_HOST_CAPS_MAX_PROPS)
        return fail(error, ARMCPU_HOST_CAPS_ERROR_LIMIT, "%u properties, more than the limit of %d",
                    acc->props->len, ARMCPU_HOST_CAPS_MAX_PROPS);
    acc->dialect = section_dialect(acc);
    return TRUE;
}

/* ----- models ----- */

static gboolean
read_blockers(ArmcpuHostModel *m, json_object *list, GError **error)
{
    gsize n;

    if (!json_object_is_type(list, json_type_array))
        return fail(error, ARMCPU_HOST_CAPS_ERROR_SHAPE,
                    "unavailable-features is a JSON %s, expected an array", json_type_name(list));
    n = json_object_array_length(list);
    if (n > ARMCPU_HOST_CAPS_MAX_PROPS)
        return fail(error, ARMCPU_HOST_CAPS_ERROR_LIMIT,
                    "%" G_GSIZE_FORMAT " unavailable features, more than the limit of %d", n,
                    ARMCPU_HOST_CAPS_MAX_PROPS);
    g_autoptr(GStrvBuilder) b = g_strv_builder_new();
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
    for (gsize i = 0; i < n; i++) {
        const char *s;
        if (!json_cstr(json_object_array_get_idx(list, i), "an unavailable feature", &s, error) ||
            !check_token("unavailable feature", s, error))
            return FALSE;
        if (!g_hash_table_add(seen, (gpointer)s))
            return fail(error, ARMCPU_HOST_CAPS_ERROR_DUPLICATE,
                        "unavailable feature '%s' listed twice", s);
        g_strv_builder_add(b, s);
    }
    g_strfreev(m->blockers);
    m->blockers = g_strv_builder_end(b);
    m->usable = n == 0 ? ARMCPU_USABLE_YES : ARMCPU_USABLE_NO;
    return TRUE;
}

static gboolean
read_model(ArmcpuAccelCaps *acc, json_object *e, GError **error)
{
    const char *name, *type_name;
    json_object *o = NULL;

    if (!json_object_is_type(e, json_type_object))
        return fail(error, ARMCPU_HOST_CAPS_ERROR_SHAPE, "a JSON %s, expected an object",
                    json_type_name(e));
    if (!member_token(e, "name", TRUE, &name, error) ||
        !member_token(e, "typename", FALSE, &type_name, error))
        return FALSE;

    g_autoptr(ArmcpuHostModel) m = armcpu_host_model_new(name);
    m->type_name = g_strdup(type_name);
    if (json_object_object_get_ex(e, "deprecated", &o)) {
        if (!json_object_is_type(o, json_type_boolean))
            return fail(error, ARMCPU_HOST_CAPS_ERROR_SHAPE,
                        "deprecated is a JSON %s, expected a boolean", json_type_name(o));
        m->deprecated = json_object_get_boolean(o);
    }
    if (json_object_object_get_ex(e, "unavailable-features", &o) && !read_blockers(m, o, error))
        return FALSE;
    if (!armcpu_accel_caps_add_model(acc, g_steal_pointer(&m)))
        return fail(error, ARMCPU_HOST_CAPS_ERROR_DUPLICATE, "listed twice");
    return TRUE;
}

gboolean
armcpu_accel_caps_fill_models(ArmcpuAccelCaps *acc, json_object *cpu_definitions, GError **error)
{
    gsize n;

    if (!cpu_definitions)
        return TRUE;
    if (!json_object_is_type(cpu_definitions, json_type_array))
        return fail(error, ARMCPU_HOST_CAPS_ERROR_SHAPE,
                    "query-cpu-definitions: the reply is a JSON %s, expected an array",
                    json_type_name(cpu_definitions));
    n = json_object_array_length(cpu_definitions);
    if (n > ARMCPU_HOST_CAPS_MAX_MODELS - acc->models->len)
        return fail(error, ARMCPU_HOST_CAPS_ERROR_LIMIT,
                    "query-cpu-definitions: %" G_GSIZE_FORMAT " models, more than the limit of %d",
                    n + acc->models->len, ARMCPU_HOST_CAPS_MAX_MODELS);
    for (gsize i = 0; i < n; i++) {
        json_object *e = json_object_array_get_idx(cpu_definitions, i);
        if (!read_model(acc, e, error)) {
            g_autofree char *label = entry_label(e, i);
            g_prefix_error(error, "query-cpu-definitions: %s: ", label);
            return FALSE;
        }
    }
    return TRUE;
}
