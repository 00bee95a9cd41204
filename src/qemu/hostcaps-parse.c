/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * hostcaps-parse.c: reading a host capabilities document, as hostile input
 * (it may come from another host): limits, the token grammar on every name
 * and value, strict numbers, no duplicates, no unknown elements or
 * attributes; every error names the file and line.
 */
#include "cpu/value-priv.h"
#include "qemu/hostcaps-internal.h"
#include "qemu/propsinfo.h"
#include "util/util.h"
#include "util/xml.h"

#include <stdarg.h>
#include <string.h>

typedef struct {
    const char *file;
    const ArmcpuRegistry *reg;
    GError **error;
} Ctx;

static gboolean fail(const Ctx *ctx, const xmlNode *node, int code, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);

static gboolean
fail(const Ctx *ctx, const xmlNode *node, int code, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error(ctx->error, ARMCPU_HOST_CAPS_ERROR, code, "%s:%d: %s", ctx->file,
                armcpu_xml_line(node), msg);
    return FALSE;
}

static const char *
ename(const xmlNode *node)
{
    return (const char *)node->name;
}

/* ----- structure ----- */

typedef enum { CONTENT_EMPTY, CONTENT_ELEMENTS, CONTENT_TEXT } Content;

static gboolean
is_blank(const xmlChar *s)
{
    for (; s && *s; s++) {
        if (!g_ascii_isspace(*s))
            return FALSE;
    }
    return TRUE;
}

/* Refuse content @node may not have: child elements of a leaf, text where
 * only elements go, namespaced elements, entity references. */
static gboolean
check_content(const Ctx *ctx, const xmlNode *node, Content content)
{
    for (const xmlNode *c = node->children; c; c = c->next) {
        switch (c->type) {
        case XML_ELEMENT_NODE:
            if (content != CONTENT_ELEMENTS)
                return fail(ctx, c, ARMCPU_HOST_CAPS_ERROR_SHAPE, "<%s> may not contain <%s>",
                            ename(node), ename(c));
            if (c->ns)
                return fail(ctx, c, ARMCPU_HOST_CAPS_ERROR_SHAPE,
                            "element <%s> in a namespace is not part of the format", ename(c));
            break;
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
            if (content != CONTENT_TEXT && !is_blank(c->content))
                return fail(ctx, c, ARMCPU_HOST_CAPS_ERROR_SHAPE, "<%s> may not contain text",
                            ename(node));
            break;
        case XML_COMMENT_NODE:
        case XML_PI_NODE:
            break;
        default:
            return fail(ctx, c, ARMCPU_HOST_CAPS_ERROR_SHAPE, "unexpected content in <%s>",
                        ename(node));
        }
    }
    return TRUE;
}

/* Refuse any attribute of @node not in @allowed (NULL-terminated). */
static gboolean
check_attrs(const Ctx *ctx, const xmlNode *node, const char *const *allowed)
{
    for (const xmlAttr *a = node->properties; a; a = a->next) {
        gboolean ok = a->ns == NULL && g_strv_contains(allowed, (const char *)a->name);
        if (!ok) {
            g_autofree char *q = armcpu_quote((const char *)a->name);
            return fail(ctx, node, ARMCPU_HOST_CAPS_ERROR_SHAPE, "<%s> has no attribute %s",
                        ename(node), q);
        }
    }
    return TRUE;
}

static gboolean
check_element(const Ctx *ctx, const xmlNode *node, const char *const *allowed, Content content)
{
    return check_attrs(ctx, node, allowed) && check_content(ctx, node, content);
}

/* ----- attributes ----- */

static gboolean
attr_raw(const Ctx *ctx, const xmlNode *node, const char *name, gboolean required, char **out)
{
    *out = armcpu_xml_prop(node, name);
    if (!*out && required)
        return fail(ctx, node, ARMCPU_HOST_CAPS_ERROR_SHAPE, "<%s> lacks attribute '%s'",
                    ename(node), name);
    return TRUE;
}

static gboolean
attr_token(const Ctx *ctx, const xmlNode *node, const char *name, gboolean required, char **out)
{
    g_autoptr(GError) e = NULL;

    if (!attr_raw(ctx, node, name, required, out))
        return FALSE;
    if (*out && !armcpu_token_check(name, *out, &e)) {
        g_clear_pointer(out, g_free);
        return fail(ctx, node, ARMCPU_HOST_CAPS_ERROR_VALUE, "<%s>: %s", ename(node), e->message);
    }
    return TRUE;
}

static gboolean
attr_text(const Ctx *ctx, const xmlNode *node, const char *name, gboolean required, gsize max,
          char **out)
{
    if (!attr_raw(ctx, node, name, required, out))
        return FALSE;
    if (*out && !armcpu_host_caps_text_ok(*out, max)) {
        g_autofree char *q = armcpu_quote(*out);
        g_clear_pointer(out, g_free);
        return fail(ctx, node, ARMCPU_HOST_CAPS_ERROR_VALUE,
                    "<%s> attribute '%s' %s is empty, longer than %" G_GSIZE_FORMAT
                    " bytes, or has control characters",
                    ename(node), name, q, max);
    }
    return TRUE;
}

static gboolean
attr_enum(const Ctx *ctx, const xmlNode *node, const char *name, const char *const *table, int n,
          int *out)
{
    g_autofree char *v = NULL;

    if (!attr_raw(ctx, node, name, TRUE, &v))
        return FALSE;
    *out = armcpu_enum_from_string(table, n, v);
    if (*out < 0) {
        g_autofree char *q = armcpu_quote(v);
        g_autofree char *expected = g_strjoinv(", ", (char **)table);
        return fail(ctx, node, ARMCPU_HOST_CAPS_ERROR_VALUE,
                    "<%s> attribute '%s' is %s, expected one of: %s", ename(node), name, q,
                    expected);
    }
    return TRUE;
}

static gboolean
attr_yesno(const Ctx *ctx, const xmlNode *node, const char *name, gboolean *out)
{
    static const char *const yesno[] = {"no", "yes", NULL};
    int v;

    if (!attr_enum(ctx, node, name, yesno, 2, &v))
        return FALSE;
    *out = v == 1;
    return TRUE;
}

static gboolean
attr_u64(const Ctx *ctx, const xmlNode *node, const char *name, guint64 *out)
{
    g_autofree char *v = NULL;

    if (!attr_raw(ctx, node, name, TRUE, &v))
        return FALSE;
    if (!armcpu_host_caps_parse_u64(v, out)) {
        g_autofree char *q = armcpu_quote(v);
        return fail(ctx, node, ARMCPU_HOST_CAPS_ERROR_VALUE,
                    "<%s> attribute '%s' %s is not a decimal 64-bit number", ename(node), name, q);
    }
    return TRUE;
}

static gboolean
attr_time(const Ctx *ctx, const xmlNode *node, const char *name, gint64 *out)
{
    g_autofree char *v = NULL;

    if (!attr_raw(ctx, node, name, TRUE, &v))
        return FALSE;
    if (!armcpu_host_caps_parse_time(v, out)) {
        g_autofree char *q = armcpu_quote(v);
        return fail(ctx, node, ARMCPU_HOST_CAPS_ERROR_VALUE,
                    "<%s> attribute '%s' %s is not a time SECONDS.NANOSECONDS (9 digits)",
                    ename(node), name, q);
    }
    return TRUE;
}

/* An optional number attribute (decimal or 0x hex), kept in normal form. */
static gboolean
attr_number(const Ctx *ctx, const xmlNode *node, const char *name, char **out)
{
    g_autofree char *v = NULL;
    g_autoptr(GError) e = NULL;

    if (!attr_raw(ctx, node, name, FALSE, &v))
        return FALSE;
    if (!v)
        return TRUE;
    *out = armcpu_value_normalize(ARMCPU_KIND_NUMBER, v, &e);
    if (!*out)
        return fail(ctx, node, ARMCPU_HOST_CAPS_ERROR_VALUE, "<%s> attribute '%s': %s", ename(node),
                    name, e->message);
    return TRUE;
}

/* ----- identity ----- */

static gboolean
parse_armcpu(const Ctx *ctx, const xmlNode *node, ArmcpuHostCaps *caps)
{
    static const char *const attrs[] = {"version", NULL};

    return check_element(ctx, node, attrs, CONTENT_EMPTY) &&
           attr_token(ctx, node, "version", TRUE, &caps->armcpu_version);
}

static gboolean
parse_qemu(const Ctx *ctx, const xmlNode *node, ArmcpuHostCaps *caps)
{
    static const char *const attrs[] = {"version", "package", NULL};

    if (!check_element(ctx, node, attrs, CONTENT_EMPTY) ||
        !attr_raw(ctx, node, "version", TRUE, &caps->qemu_version))
        return FALSE;
    if (!armcpu_host_caps_version_ok(caps->qemu_version)) {
        g_autofree char *q = armcpu_quote(caps->qemu_version);
        return fail(ctx, node, ARMCPU_HOST_CAPS_ERROR_VALUE,
                    "QEMU version %s is not MAJOR.MINOR.MICRO", q);
    }
    return attr_text(ctx, node, "package", FALSE, ARMCPU_HOST_CAPS_MAX_TEXT, &caps->qemu_package);
}

static gboolean
parse_emulator(const Ctx *ctx, const xmlNode *node, ArmcpuHostCaps *caps)
{
    static const char *const attrs[] = {"path", "size", "ctime", "mtime", NULL};
    const xmlNode *qemu = NULL;

    if (!check_element(ctx, node, attrs, CONTENT_ELEMENTS) ||
        !attr_text(ctx, node, "path", TRUE, ARMCPU_HOST_CAPS_MAX_PATH, &caps->emulator_path))
        return FALSE;
    if (caps->emulator_path[0] != '/')
        return fail(ctx, node, ARMCPU_HOST_CAPS_ERROR_VALUE, "the emulator path must be absolute");
    if (!attr_u64(ctx, node, "size", &caps->emulator_size) ||
        !attr_time(ctx, node, "ctime", &caps->emulator_ctime) ||
        !attr_time(ctx, node, "mtime", &caps->emulator_mtime))
        return FALSE;
    for (xmlNode *c = armcpu_xml_next_element(node->children); c;
         c = armcpu_xml_next_element(c->next)) {
        if (!armcpu_xml_is(c, "qemu"))
            return fail(ctx, c, ARMCPU_HOST_CAPS_ERROR_SHAPE, "unknown element <%s> in <%s>",
                        ename(c), ename(node));
        if (qemu)
            return fail(ctx, c, ARMCPU_HOST_CAPS_ERROR_SHAPE, "<qemu> given twice");
        qemu = c;
        if (!parse_qemu(ctx, c, caps))
            return FALSE;
    }
    if (!qemu)
        return fail(ctx, node, ARMCPU_HOST_CAPS_ERROR_SHAPE, "<emulator> lacks <qemu>");
    return TRUE;
}

static gboolean
parse_host(const Ctx *ctx, const xmlNode *node, ArmcpuHostCaps *caps)
{
    static const char *const attrs[] = {"name", "arch", "kernel", "kvm", "midr", "revidr", NULL};

    return check_element(ctx, node, attrs, CONTENT_EMPTY) &&
           attr_text(ctx, node, "name", FALSE, ARMCPU_HOST_CAPS_MAX_TEXT, &caps->host_name) &&
           attr_token(ctx, node, "arch", TRUE, &caps->host_arch) &&
           attr_text(ctx, node, "kernel", TRUE, ARMCPU_HOST_CAPS_MAX_TEXT, &caps->kernel_release) &&
           attr_yesno(ctx, node, "kvm", &caps->kvm_usable) &&
           attr_number(ctx, node, "midr", &caps->midr) &&
           attr_number(ctx, node, "revidr", &caps->revidr);
}

/* ----- one accelerator ----- */

static gboolean
parse_commands(const Ctx *ctx, const xmlNode *node, ArmcpuAccelCaps *acc)
{
    static const char *const attrs[] = {NULL};
    static const char *const cattrs[] = {"name", "present", NULL};

    if (!check_element(ctx, node, attrs, CONTENT_ELEMENTS))
        return FALSE;
    for (xmlNode *c = armcpu_xml_next_element(node->children); c;
         c = armcpu_xml_next_element(c->next)) {
        g_autofree char *name = NULL;
        gboolean present;

        if (!armcpu_xml_is(c, "command"))
            return fail(ctx, c, ARMCPU_HOST_CAPS_ERROR_SHAPE, "unknown element <%s> in <%s>",
                        ename(c), ename(node));
        if (!check_element(ctx, c, cattrs, CONTENT_EMPTY) ||
            !attr_token(ctx, c, "name", TRUE, &name) || !attr_yesno(ctx, c, "present", &present))
            return FALSE;
        for (guint i = 0; i < acc->commands->len; i++) {
            const ArmcpuCommandPresence *p = g_ptr_array_index(acc->commands, i);
            if (strcmp(p->name, name) == 0)
                return fail(ctx, c, ARMCPU_HOST_CAPS_ERROR_DUPLICATE, "command '%s' listed twice",
                            name);
        }
        if (acc->commands->len >= ARMCPU_HOST_CAPS_MAX_COMMANDS)
            return fail(ctx, c, ARMCPU_HOST_CAPS_ERROR_LIMIT, "more than %d commands",
                        ARMCPU_HOST_CAPS_MAX_COMMANDS);
        if (!armcpu_accel_caps_set_command(acc, name, present, ctx->error))
            return FALSE;
    }
    return TRUE;
}

static gboolean
parse_model(const Ctx *ctx, const xmlNode *node, ArmcpuAccelCaps *acc)
{
    static const char *const attrs[] = {"name", "typename", "usable", "deprecated", NULL};
    static const char *const battrs[] = {"name", NULL};
    static const char *const usable[] = {"unknown", "yes", "no", NULL};
    g_autofree char *name = NULL;
    int u;

    if (!check_element(ctx, node, attrs, CONTENT_ELEMENTS) ||
        !attr_token(ctx, node, "name", TRUE, &name))
        return FALSE;

    g_autoptr(ArmcpuHostModel) m = armcpu_host_model_new(name);
    if (!attr_token(ctx, node, "typename", FALSE, &m->type_name) ||
        !attr_enum(ctx, node, "usable", usable, ARMCPU_USABLE_LAST, &u) ||
        !attr_yesno(ctx, node, "deprecated", &m->deprecated))
        return FALSE;
    m->usable = (ArmcpuUsable)u;

    g_autoptr(GStrvBuilder) b = g_strv_builder_new();
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    guint n = 0;
    for (xmlNode *c = armcpu_xml_next_element(node->children); c;
         c = armcpu_xml_next_element(c->next)) {
        char *blocker = NULL;

        if (!armcpu_xml_is(c, "blocker"))
            return fail(ctx, c, ARMCPU_HOST_CAPS_ERROR_SHAPE, "unknown element <%s> in <%s>",
                        ename(c), ename(node));
        if (++n > ARMCPU_HOST_CAPS_MAX_PROPS)
            return fail(ctx, c, ARMCPU_HOST_CAPS_ERROR_LIMIT,
                        "model '%s' has more than %d blockers", name, ARMCPU_HOST_CAPS_MAX_PROPS);
        if (!check_element(ctx, c, battrs, CONTENT_EMPTY) ||
            !attr_token(ctx, c, "name", TRUE, &blocker))
            return FALSE;
        if (!g_hash_table_add(seen, blocker))
            return fail(ctx, c, ARMCPU_HOST_CAPS_ERROR_DUPLICATE,
                        "model '%s' lists blocker '%s' twice", name, blocker);
        g_strv_builder_add(b, blocker);
    }
    g_strfreev(m->blockers);
    m->blockers = g_strv_builder_end(b);
    if ((n > 0) != (m->usable == ARMCPU_USABLE_NO))
        return fail(ctx, node, ARMCPU_HOST_CAPS_ERROR_SHAPE,
                    "model '%s' is usable='%s' %s blockers: blockers go with usable='no' only",
                    name, armcpu_usable_to_string(m->usable), n ? "with" : "without");
    if (acc->models->len >= ARMCPU_HOST_CAPS_MAX_MODELS)
        return fail(ctx, node, ARMCPU_HOST_CAPS_ERROR_LIMIT, "more than %d models",
                    ARMCPU_HOST_CAPS_MAX_MODELS);
    if (!armcpu_accel_caps_add_model(acc, g_steal_pointer(&m)))
        return fail(ctx, node, ARMCPU_HOST_CAPS_ERROR_DUPLICATE, "model '%s' listed twice", name);
    return TRUE;
}

static gboolean
parse_models(const Ctx *ctx, const xmlNode *node, ArmcpuAccelCaps *acc)
{
    static const char *const attrs[] = {NULL};

    if (!check_element(ctx, node, attrs, CONTENT_ELEMENTS))
        return FALSE;
    for (xmlNode *c = armcpu_xml_next_element(node->children); c;
         c = armcpu_xml_next_element(c->next)) {
        if (!armcpu_xml_is(c, "model"))
            return fail(ctx, c, ARMCPU_HOST_CAPS_ERROR_SHAPE, "unknown element <%s> in <%s>",
                        ename(c), ename(node));
        if (!parse_model(ctx, c, acc))
            return FALSE;
    }
    return TRUE;
}

/* An expansion value in its normal form for @type: on/off, decimal, token. */
static char *
expansion_value(const char *type, const char *text)
{
    gboolean b;
    guint64 n;

    if (strcmp(type, "bool") == 0)
        return armcpu_bool_parse(text, &b, NULL) ? g_strdup(armcpu_bool_to_string(b)) : NULL;
    if (strcmp(type, "number") == 0)
        return armcpu_host_caps_parse_u64(text, &n) ? g_strdup_printf("%" G_GUINT64_FORMAT, n)
                                                    : NULL;
    return g_strdup(text);
}

static gboolean
parse_host_cpu(const Ctx *ctx, const xmlNode *node, ArmcpuAccelCaps *acc)
{
    static const char *const attrs[] = {"model", NULL};
    static const char *const pattrs[] = {"name", "type", "value", NULL};
    static const char *const types[] = {"bool", "number", "string", NULL};

    if (!check_element(ctx, node, attrs, CONTENT_ELEMENTS) ||
        !attr_token(ctx, node, "model", TRUE, &acc->expansion_model))
        return FALSE;
    for (xmlNode *c = armcpu_xml_next_element(node->children); c;
         c = armcpu_xml_next_element(c->next)) {
        g_autofree char *name = NULL, *value = NULL, *norm = NULL;
        int type;

        if (!armcpu_xml_is(c, "property"))
            return fail(ctx, c, ARMCPU_HOST_CAPS_ERROR_SHAPE, "unknown element <%s> in <%s>",
                        ename(c), ename(node));
        if (acc->expansion->len >= ARMCPU_HOST_CAPS_MAX_PROPS)
            return fail(ctx, c, ARMCPU_HOST_CAPS_ERROR_LIMIT, "more than %d properties",
                        ARMCPU_HOST_CAPS_MAX_PROPS);
        if (!check_element(ctx, c, pattrs, CONTENT_EMPTY) ||
            !attr_token(ctx, c, "name", TRUE, &name) ||
            !attr_enum(ctx, c, "type", types, 3, &type) ||
            !attr_token(ctx, c, "value", TRUE, &value))
            return FALSE;
        norm = expansion_value(types[type], value);
        if (!norm)
            return fail(ctx, c, ARMCPU_HOST_CAPS_ERROR_VALUE,
                        "property '%s': '%s' is not a %s value", name, value, types[type]);
        if (!armcpu_accel_caps_add_expansion(acc,
                                             armcpu_expansion_prop_new(name, types[type], norm)))
            return fail(ctx, c, ARMCPU_HOST_CAPS_ERROR_DUPLICATE,
                        "host CPU property '%s' listed twice", name);
    }
    return TRUE;
}

static gboolean
add_value(const Ctx *ctx, const xmlNode *node, ArmcpuPropInfo *pi, const char *text)
{
    g_autoptr(GError) e = NULL;

    if (armcpu_value_set_add(pi->supported, text, &e))
        return TRUE;
    return fail(ctx, node, ARMCPU_HOST_CAPS_ERROR_VALUE, "property '%s': %s", pi->name, e->message);
}

static gboolean
parse_value(const Ctx *ctx, const xmlNode *node, ArmcpuPropInfo *pi)
{
    static const char *const attrs[] = {NULL};

    if (!check_element(ctx, node, attrs, CONTENT_TEXT))
        return FALSE;
    g_autofree char *text = armcpu_xml_text(node);
    if (pi->kind == ARMCPU_KIND_NUMBER && strchr(text, '-'))
        return fail(ctx, node, ARMCPU_HOST_CAPS_ERROR_SHAPE,
                    "property '%s': a range is written <range min='..' max='..'/>", pi->name);
    return add_value(ctx, node, pi, text);
}

static gboolean
parse_range(const Ctx *ctx, const xmlNode *node, ArmcpuPropInfo *pi)
{
    static const char *const attrs[] = {"min", "max", NULL};
    g_autofree char *min = NULL, *max = NULL;
    g_autoptr(GError) e = NULL;
    guint64 n;

    if (!check_element(ctx, node, attrs, CONTENT_EMPTY) ||
        !attr_token(ctx, node, "min", TRUE, &min) || !attr_token(ctx, node, "max", TRUE, &max))
        return FALSE;
    if (pi->kind != ARMCPU_KIND_NUMBER)
        return fail(ctx, node, ARMCPU_HOST_CAPS_ERROR_SHAPE,
                    "property '%s' is a %s: only numbers have ranges", pi->name,
                    armcpu_kind_to_string(pi->kind));
    if (!armcpu_number_parse(min, &n, &e) || !armcpu_number_parse(max, &n, &e))
        return fail(ctx, node, ARMCPU_HOST_CAPS_ERROR_VALUE, "property '%s': %s", pi->name,
                    e->message);
    g_autofree char *text = g_strdup_printf("%s-%s", min, max);
    return add_value(ctx, node, pi, text);
}

static gboolean
parse_prop(const Ctx *ctx, const xmlNode *node, ArmcpuAccelCaps *acc)
{
    static const char *const attrs[] = {"name", "type", "source", "hostValue", NULL};
    static const char *const sources[] = {"props-info", "derived", NULL};
    g_autofree char *name = NULL, *type = NULL, *host = NULL, *source = NULL;
    g_autoptr(GError) e = NULL;

    if (!check_element(ctx, node, attrs, CONTENT_ELEMENTS) ||
        !attr_token(ctx, node, "name", TRUE, &name) ||
        !attr_token(ctx, node, "type", TRUE, &type) ||
        !attr_token(ctx, node, "hostValue", FALSE, &host) ||
        !attr_raw(ctx, node, "source", FALSE, &source))
        return FALSE;

    const ArmcpuProp *prop = armcpu_host_caps_registry_prop(ctx->reg, name, type);
    g_autoptr(ArmcpuPropInfo) pi =
        armcpu_prop_info_new(name, type, armcpu_prop_info_kind_for(type, prop));
    pi->prop = prop;
    if (source) {
        int s = armcpu_enum_from_string(sources, 2, source);
        if (s != 1)
            return fail(ctx, node, ARMCPU_HOST_CAPS_ERROR_VALUE,
                        "property '%s': source must be 'derived' when given", name);
        pi->source = ARMCPU_SUPPORT_DERIVED;
    }
    if (host) {
        pi->host_value = armcpu_value_normalize(pi->kind, host, &e);
        if (!pi->host_value)
            return fail(ctx, node, ARMCPU_HOST_CAPS_ERROR_VALUE, "property '%s' hostValue: %s",
                        name, e->message);
    }

    guint n = 0;
    for (xmlNode *c = armcpu_xml_next_element(node->children); c;
         c = armcpu_xml_next_element(c->next)) {
        if (++n > ARMCPU_HOST_CAPS_MAX_VALUES)
            return fail(ctx, c, ARMCPU_HOST_CAPS_ERROR_LIMIT,
                        "property '%s' has more than %d supported values", name,
                        ARMCPU_HOST_CAPS_MAX_VALUES);
        if (armcpu_xml_is(c, "value")) {
            if (!parse_value(ctx, c, pi))
                return FALSE;
        } else if (armcpu_xml_is(c, "range")) {
            if (!parse_range(ctx, c, pi))
                return FALSE;
        } else {
            return fail(ctx, c, ARMCPU_HOST_CAPS_ERROR_SHAPE, "unknown element <%s> in <%s>",
                        ename(c), ename(node));
        }
    }
    if (acc->props->len >= ARMCPU_HOST_CAPS_MAX_PROPS)
        return fail(ctx, node, ARMCPU_HOST_CAPS_ERROR_LIMIT, "more than %d properties",
                    ARMCPU_HOST_CAPS_MAX_PROPS);
    if (!armcpu_accel_caps_add_prop(acc, g_steal_pointer(&pi)))
        return fail(ctx, node, ARMCPU_HOST_CAPS_ERROR_DUPLICATE, "property '%s' listed twice",
                    name);
    return TRUE;
}

static gboolean
parse_prop_info(const Ctx *ctx, const xmlNode *node, ArmcpuAccelCaps *acc)
{
    static const char *const attrs[] = {"command", NULL};

    if (!check_element(ctx, node, attrs, CONTENT_ELEMENTS) ||
        !attr_token(ctx, node, "command", FALSE, &acc->props_info_command))
        return FALSE;
    for (xmlNode *c = armcpu_xml_next_element(node->children); c;
         c = armcpu_xml_next_element(c->next)) {
        if (!armcpu_xml_is(c, "property"))
            return fail(ctx, c, ARMCPU_HOST_CAPS_ERROR_SHAPE, "unknown element <%s> in <%s>",
                        ename(c), ename(node));
        if (!parse_prop(ctx, c, acc))
            return FALSE;
    }
    return TRUE;
}

typedef gboolean (*SectionParser)(const Ctx *ctx, const xmlNode *node, ArmcpuAccelCaps *acc);

static const struct {
    const char *name;
    gboolean required;
    SectionParser parse;
} accel_sections[] = {
    {"commands", TRUE, parse_commands},
    {"models", TRUE, parse_models},
    {"hostCPU", FALSE, parse_host_cpu},
    {"cpuPropertyInfo", TRUE, parse_prop_info},
};

static gboolean
parse_accel(const Ctx *ctx, const xmlNode *node, ArmcpuHostCaps *caps)
{
    static const char *const attrs[] = {"type", "dialect", NULL};
    static const char *const accels[] = {"kvm", "tcg", NULL};
    static const char *const dialects[] = {"named", "sysreg", "qemu", NULL};
    int type, dialect;
    guint next = 0;

    if (!check_element(ctx, node, attrs, CONTENT_ELEMENTS) ||
        !attr_enum(ctx, node, "type", accels, ARMCPU_ACCEL_LAST, &type) ||
        !attr_enum(ctx, node, "dialect", dialects, ARMCPU_DIALECT_LAST, &dialect))
        return FALSE;
    if (caps->accels[type])
        return fail(ctx, node, ARMCPU_HOST_CAPS_ERROR_DUPLICATE, "accelerator '%s' listed twice",
                    accels[type]);

    g_autoptr(ArmcpuAccelCaps) acc = armcpu_accel_caps_new((ArmcpuAccel)type);
    acc->dialect = (ArmcpuDialect)dialect;
    armcpu_accel_caps_hold_registry(acc, ctx->reg);
    for (xmlNode *c = armcpu_xml_next_element(node->children); c;
         c = armcpu_xml_next_element(c->next)) {
        guint i = 0;
        while (i < G_N_ELEMENTS(accel_sections) && !armcpu_xml_is(c, accel_sections[i].name))
            i++;
        if (i == G_N_ELEMENTS(accel_sections))
            return fail(ctx, c, ARMCPU_HOST_CAPS_ERROR_SHAPE, "unknown element <%s> in <accel>",
                        ename(c));
        if (i < next)
            return fail(ctx, c, ARMCPU_HOST_CAPS_ERROR_SHAPE,
                        "<%s> is repeated or out of order in <accel>", ename(c));
        for (guint j = next; j < i; j++) {
            if (accel_sections[j].required)
                return fail(ctx, c, ARMCPU_HOST_CAPS_ERROR_SHAPE, "<%s> must come before <%s>",
                            accel_sections[j].name, ename(c));
        }
        if (!accel_sections[i].parse(ctx, c, acc))
            return FALSE;
        next = i + 1;
    }
    for (guint i = next; i < G_N_ELEMENTS(accel_sections); i++) {
        if (accel_sections[i].required)
            return fail(ctx, node, ARMCPU_HOST_CAPS_ERROR_SHAPE, "<accel type='%s'> lacks <%s>",
                        accels[type], accel_sections[i].name);
    }
    armcpu_host_caps_set_accel(caps, g_steal_pointer(&acc));
    return TRUE;
}

/* ----- the document ----- */

static gboolean
parse_root(const Ctx *ctx, const xmlNode *root, ArmcpuHostCaps *caps)
{
    static const char *const attrs[] = {"format", NULL};
    static const char *const order[] = {"armcpu", "emulator", "host", "accel"};
    g_autofree char *format = NULL;
    guint next = 0;
    gboolean any_accel = FALSE;

    if (!armcpu_xml_is(root, "hostCapabilities"))
        return fail(ctx, root, ARMCPU_HOST_CAPS_ERROR_ROOT,
                    "the root element is <%s>, not <hostCapabilities>", ename(root));
    if (!attr_raw(ctx, root, "format", TRUE, &format))
        return FALSE;
    if (strcmp(format, G_STRINGIFY(ARMCPU_HOST_CAPS_FORMAT)) != 0) {
        g_autofree char *q = armcpu_quote(format);
        return fail(ctx, root, ARMCPU_HOST_CAPS_ERROR_VERSION,
                    "document format %s is not supported (this armcpu reads format %d)", q,
                    ARMCPU_HOST_CAPS_FORMAT);
    }
    if (!check_element(ctx, root, attrs, CONTENT_ELEMENTS))
        return FALSE;
    for (xmlNode *c = armcpu_xml_next_element(root->children); c;
         c = armcpu_xml_next_element(c->next)) {
        guint i = 0;
        while (i < G_N_ELEMENTS(order) && !armcpu_xml_is(c, order[i]))
            i++;
        if (i == G_N_ELEMENTS(order))
            return fail(ctx, c, ARMCPU_HOST_CAPS_ERROR_SHAPE,
                        "unknown element <%s> in <hostCapabilities>", ename(c));
        if (i < next && i < 3)
            return fail(ctx, c, ARMCPU_HOST_CAPS_ERROR_SHAPE, "<%s> is repeated or misplaced",
                        ename(c));
        if (i > next && next < 3)
            return fail(ctx, c, ARMCPU_HOST_CAPS_ERROR_SHAPE, "<%s> must come before <%s>",
                        order[next], ename(c));
        switch (i) {
        case 0:
            if (!parse_armcpu(ctx, c, caps))
                return FALSE;
            break;
        case 1:
            if (!parse_emulator(ctx, c, caps))
                return FALSE;
            break;
        case 2:
            if (!parse_host(ctx, c, caps))
                return FALSE;
            break;
        default:
            if (!parse_accel(ctx, c, caps))
                return FALSE;
            any_accel = TRUE;
        }
        if (i < 3)
            next = i + 1;
    }
    if (next < 3)
        return fail(ctx, root, ARMCPU_HOST_CAPS_ERROR_SHAPE, "<hostCapabilities> lacks <%s>",
                    order[next]);
    if (!any_accel)
        return fail(ctx, root, ARMCPU_HOST_CAPS_ERROR_SHAPE,
                    "<hostCapabilities> has no <accel> section");
    return TRUE;
}

ArmcpuHostCaps *
armcpu_host_caps_parse_string(const char *data, gsize len, const char *filename,
                              const ArmcpuRegistry *reg, GError **error)
{
    g_autoptr(GError) e = NULL;
    const char *file = filename ? filename : "(input)";
    Ctx ctx = {file, reg, error};

    g_return_val_if_fail(data != NULL || len == 0, NULL);
    g_autoptr(xmlDoc) doc =
        armcpu_xml_parse(data ? data : "", len, file, ARMCPU_HOST_CAPS_MAX_SIZE, &e);
    if (!doc) {
        g_set_error_literal(error, ARMCPU_HOST_CAPS_ERROR,
                            g_error_matches(e, ARMCPU_XML_ERROR, ARMCPU_XML_ERROR_TOO_BIG)
                                ? ARMCPU_HOST_CAPS_ERROR_READ
                                : ARMCPU_HOST_CAPS_ERROR_XML,
                            e->message);
        return NULL;
    }

    /* a DOCTYPE the byte scan missed (a document in UTF-16, say) */
    if (doc->intSubset || doc->extSubset) {
        g_set_error(error, ARMCPU_HOST_CAPS_ERROR, ARMCPU_HOST_CAPS_ERROR_XML,
                    "%s: DOCTYPE declarations are not accepted (no DTDs, no entities)", file);
        return NULL;
    }

    g_autoptr(ArmcpuHostCaps) caps = armcpu_host_caps_new();
    if (!parse_root(&ctx, xmlDocGetRootElement(doc), caps))
        return NULL;
    caps->label = g_path_get_basename(file);
    return g_steal_pointer(&caps);
}

ArmcpuHostCaps *
armcpu_host_caps_parse_file(const char *path, const ArmcpuRegistry *reg, GError **error)
{
    g_autofree char *data = NULL;
    g_autoptr(GError) e = NULL;
    gsize len = 0;

    if (!armcpu_file_read_bounded(path, ARMCPU_HOST_CAPS_MAX_SIZE, &data, &len, &e)) {
        g_set_error_literal(error, ARMCPU_HOST_CAPS_ERROR, ARMCPU_HOST_CAPS_ERROR_READ, e->message);
        return NULL;
    }
    return armcpu_host_caps_parse_string(data, len, path, reg, error);
}
