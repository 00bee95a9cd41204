/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * verify-rules.c: the side-effect rules verify reads QEMU's changes by
 * (data/cpu_map/arm_side_effects.xml, data/schemas/side-effects.rng), and
 * the value helpers they share with the matcher.
 */
#include "verify-priv.h"

#include "cpu/plan.h"
#include "hostcaps-priv.h"
#include "util/util.h"
#include "util/xml.h"

#include <string.h>

/* ====================================================================== */
/* Side-effect rules                                                       */
/* ====================================================================== */

typedef struct {
    char *property;
    char *value; /* nullable */
    gboolean has_below;
    guint64 below;
} Affect;

typedef struct {
    char *property;
    char *value;        /* nullable: any value */
    GPtrArray *affects; /* Affect* */
} Rule;

struct _ArmcpuVerifyRules {
    GPtrArray *rules; /* Rule* */
};

static void
affect_free(gpointer p)
{
    Affect *a = p;

    g_free(a->property);
    g_free(a->value);
    g_free(a);
}

static void
rule_free(gpointer p)
{
    Rule *r = p;

    g_free(r->property);
    g_free(r->value);
    g_ptr_array_unref(r->affects);
    g_free(r);
}

void
armcpu_verify_rules_free(ArmcpuVerifyRules *rules)
{
    if (!rules)
        return;
    g_ptr_array_unref(rules->rules);
    g_free(rules);
}

void
armcpu_verify_target_free(ArmcpuVerifyTarget *t)
{
    if (!t)
        return;
    g_free(t->property);
    g_free(t->expected);
    g_free(t->cause);
    g_free(t);
}

static gboolean G_GNUC_PRINTF(4, 5)
    data_error(GError **error, const char *filename, const xmlNode *node, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *msg = NULL;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error(error, ARMCPU_VERIFY_ERROR, ARMCPU_VERIFY_ERROR_DATA, "%s:%d: %s", filename,
                node ? armcpu_xml_line(node) : 0, msg);
    return FALSE;
}

/* Only the attributes in @allowed (NULL-terminated) may appear on @node. */
static gboolean
only_attributes(const xmlNode *node, const char *const *allowed, const char *filename,
                GError **error)
{
    for (const xmlAttr *a = node->properties; a; a = a->next) {
        if (!g_strv_contains(allowed, (const char *)a->name))
            return data_error(error, filename, node, "unexpected attribute '%s' on <%s>",
                              (const char *)a->name, (const char *)node->name);
    }
    return TRUE;
}

/* The attribute @name of @node, which must be a token when present (or required). */
static gboolean
token_attr(const xmlNode *node, const char *name, gboolean required, char **out,
           const char *filename, GError **error)
{
    g_autofree char *v = armcpu_xml_prop(node, name);

    if (!v) {
        if (required)
            return data_error(error, filename, node, "<%s> needs a '%s' attribute",
                              (const char *)node->name, name);
        *out = NULL;
        return TRUE;
    }
    if (!armcpu_str_is_token(v) || strlen(v) > ARMCPU_TOKEN_MAX)
        return data_error(error, filename, node, "<%s %s='%s'> is not a name of [A-Za-z0-9_.-]",
                          (const char *)node->name, name, v);
    *out = g_steal_pointer(&v);
    return TRUE;
}

/* Nothing but whitespace and comments between elements. */
static gboolean
no_text(const xmlNode *node, const char *filename, GError **error)
{
    for (const xmlNode *c = node->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE && !xmlIsBlankNode((xmlNode *)c))
            return data_error(error, filename, node, "unexpected text in <%s>",
                              (const char *)node->name);
        if (c->type == XML_CDATA_SECTION_NODE || c->type == XML_ENTITY_REF_NODE)
            return data_error(error, filename, node, "unexpected content in <%s>",
                              (const char *)node->name);
    }
    return TRUE;
}

static Affect *
parse_affect(const xmlNode *node, const char *filename, GError **error)
{
    static const char *const allowed[] = {"property", "value", "below", NULL};
    g_autofree char *below = NULL;
    Affect *a = g_new0(Affect, 1);

    if (!only_attributes(node, allowed, filename, error) || !no_text(node, filename, error) ||
        armcpu_xml_next_element(node->children) ||
        !token_attr(node, "property", TRUE, &a->property, filename, error) ||
        !token_attr(node, "value", FALSE, &a->value, filename, error)) {
        if (error && !*error)
            data_error(error, filename, node, "<affects> must be empty");
        affect_free(a);
        return NULL;
    }
    below = armcpu_xml_prop(node, "below");
    if (below) {
        if (!armcpu_number_parse(below, &a->below, NULL) || !g_ascii_isdigit(below[0]) ||
            g_str_has_prefix(below, "0x")) {
            data_error(error, filename, node, "below='%s' is not a decimal number", below);
            affect_free(a);
            return NULL;
        }
        a->has_below = TRUE;
    }
    return a;
}

static Rule *
parse_rule(const xmlNode *node, const char *filename, GError **error)
{
    static const char *const allowed[] = {"property", "value", NULL};
    Rule *r = g_new0(Rule, 1);

    r->affects = g_ptr_array_new_with_free_func(affect_free);
    if (!only_attributes(node, allowed, filename, error) || !no_text(node, filename, error) ||
        !token_attr(node, "property", TRUE, &r->property, filename, error) ||
        !token_attr(node, "value", FALSE, &r->value, filename, error))
        goto fail;
    for (xmlNode *c = armcpu_xml_next_element(node->children); c;
         c = armcpu_xml_next_element(c->next)) {
        Affect *a;
        if (!armcpu_xml_is(c, "affects")) {
            data_error(error, filename, c, "unexpected element <%s> in <rule>",
                       (const char *)c->name);
            goto fail;
        }
        if (r->affects->len >= ARMCPU_VERIFY_RULES_MAX_AFFECTS) {
            data_error(error, filename, c, "more than %d <affects> in one rule",
                       ARMCPU_VERIFY_RULES_MAX_AFFECTS);
            goto fail;
        }
        if (!(a = parse_affect(c, filename, error)))
            goto fail;
        g_ptr_array_add(r->affects, a);
    }
    if (r->affects->len == 0) {
        data_error(error, filename, node, "<rule property='%s'> affects nothing", r->property);
        goto fail;
    }
    return r;
fail:
    rule_free(r);
    return NULL;
}

ArmcpuVerifyRules *
armcpu_verify_rules_parse(const char *data, gsize len, const char *filename, GError **error)
{
    static const char *const root_attrs[] = {"arch", "version", NULL};
    g_autoptr(GError) err = NULL;
    g_autoptr(xmlDoc) doc =
        armcpu_xml_parse(data, len, filename, ARMCPU_VERIFY_RULES_MAX_SIZE, &err);
    g_autoptr(ArmcpuVerifyRules) rules = NULL;
    g_autofree char *arch = NULL;
    g_autofree char *version = NULL;
    xmlNode *root;

    if (!doc) {
        g_set_error(error, ARMCPU_VERIFY_ERROR, ARMCPU_VERIFY_ERROR_DATA, "%s", err->message);
        return NULL;
    }
    root = xmlDocGetRootElement(doc);
    if (!root || !armcpu_xml_is(root, "sideEffects")) {
        data_error(error, filename, root, "the root element is not <sideEffects>");
        return NULL;
    }
    arch = armcpu_xml_prop(root, "arch");
    version = armcpu_xml_prop(root, "version");
    if (!only_attributes(root, root_attrs, filename, error) || !no_text(root, filename, error))
        return NULL;
    if (g_strcmp0(arch, "aarch64") != 0 || !version) {
        data_error(error, filename, root, "<sideEffects> needs arch='aarch64' and a version");
        return NULL;
    }
    rules = g_new0(ArmcpuVerifyRules, 1);
    rules->rules = g_ptr_array_new_with_free_func(rule_free);
    for (xmlNode *c = armcpu_xml_next_element(root->children); c;
         c = armcpu_xml_next_element(c->next)) {
        Rule *r;
        if (!armcpu_xml_is(c, "rule")) {
            data_error(error, filename, c, "unexpected element <%s> in <sideEffects>",
                       (const char *)c->name);
            return NULL;
        }
        if (rules->rules->len >= ARMCPU_VERIFY_RULES_MAX_RULES) {
            data_error(error, filename, c, "more than %d rules", ARMCPU_VERIFY_RULES_MAX_RULES);
            return NULL;
        }
        if (!(r = parse_rule(c, filename, error)))
            return NULL;
        g_ptr_array_add(rules->rules, r);
    }
    return g_steal_pointer(&rules);
}

ArmcpuVerifyRules *
armcpu_verify_rules_load_default(GError **error)
{
    g_autofree char *path =
        g_build_filename(armcpu_data_dir(), "cpu_map", "arm_side_effects.xml", NULL);
    g_autofree char *data = NULL;
    g_autoptr(GError) err = NULL;
    gsize len = 0;

    if (!armcpu_file_read_bounded(path, ARMCPU_VERIFY_RULES_MAX_SIZE, &data, &len, &err)) {
        g_set_error(error, ARMCPU_VERIFY_ERROR, ARMCPU_VERIFY_ERROR_DATA, "side-effect rules: %s",
                    err->message);
        return NULL;
    }
    return armcpu_verify_rules_parse(data, len, path, error);
}

/* The kind values of @name are read as: the registry's, else unknown (STRING). */
ArmcpuKind
armcpu_verify_kind_of(const ArmcpuRegistry *reg, const ArmcpuAccelCaps *host, const char *name)
{
    const ArmcpuProp *p = reg ? armcpu_registry_lookup(reg, name) : NULL;
    const ArmcpuPropInfo *pi;

    if (p)
        return armcpu_prop_kind(p);
    pi = host ? armcpu_accel_caps_lookup(host, name) : NULL;
    return pi ? armcpu_prop_info_kind(pi) : ARMCPU_KIND_STRING;
}

/* Do two value texts mean the same: byte for byte, or as bools, or as numbers. */
gboolean
armcpu_verify_same_meaning(const char *a, const char *b)
{
    gboolean ba, bb;
    guint64 na, nb;

    if (strcmp(a, b) == 0)
        return TRUE;
    if (armcpu_bool_parse(a, &ba, NULL) && armcpu_bool_parse(b, &bb, NULL))
        return ba == bb;
    if (armcpu_number_parse(a, &na, NULL) && armcpu_number_parse(b, &nb, NULL))
        return na == nb;
    return FALSE;
}

static gboolean
rule_fires(const Rule *r, const char *value)
{
    return !r->value || armcpu_verify_same_meaning(r->value, value);
}

static gboolean
affect_applies(const Affect *a, const char *trigger_value)
{
    guint64 n;

    if (!a->has_below)
        return TRUE;
    return armcpu_number_parse(trigger_value, &n, NULL) && n < a->below;
}

GPtrArray *
armcpu_verify_rules_apply(const ArmcpuVerifyRules *rules, const char *const *names,
                          const char *const *values, guint n)
{
    GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)armcpu_verify_target_free);
    g_autoptr(GHashTable) asked = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(GHashTable) index = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(GHashTable) disagree = g_hash_table_new(g_str_hash, g_str_equal);

    for (guint i = 0; i < n; i++)
        g_hash_table_add(asked, (gpointer)names[i]);
    for (guint i = 0; i < n; i++) {
        for (guint j = 0; j < rules->rules->len; j++) {
            const Rule *r = g_ptr_array_index(rules->rules, j);
            g_autofree char *cause = NULL;
            if (strcmp(r->property, names[i]) != 0 || !rule_fires(r, values[i]))
                continue;
            cause = g_strdup_printf("%s=%s", names[i], values[i]);
            for (guint k = 0; k < r->affects->len; k++) {
                const Affect *a = g_ptr_array_index(r->affects, k);
                ArmcpuVerifyTarget *t;
                if (g_hash_table_contains(asked, a->property) || !affect_applies(a, values[i]))
                    continue;
                t = g_hash_table_lookup(index, a->property);
                if (!t) {
                    t = g_new0(ArmcpuVerifyTarget, 1);
                    t->property = g_strdup(a->property);
                    t->expected = g_strdup(a->value);
                    t->cause = g_strdup(cause);
                    g_ptr_array_add(out, t);
                    g_hash_table_insert(index, t->property, t);
                    continue;
                }
                {
                    /* each cause listed once */
                    g_auto(GStrv) parts = g_strsplit(t->cause, ", ", -1);
                    if (!g_strv_contains((const char *const *)parts, cause)) {
                        char *joined = g_strdup_printf("%s, %s", t->cause, cause);
                        g_free(t->cause);
                        t->cause = joined;
                    }
                }
                /* a prediction wins over none; two that differ cancel out */
                if (a->value && !g_hash_table_contains(disagree, t->property)) {
                    if (!t->expected)
                        t->expected = g_strdup(a->value);
                    else if (!armcpu_verify_same_meaning(t->expected, a->value)) {
                        g_clear_pointer(&t->expected, g_free);
                        g_hash_table_add(disagree, t->property);
                    }
                }
            }
        }
    }
    return out;
}
