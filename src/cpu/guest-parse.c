/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * guest-parse.c: reading a guest <cpu> (or <domain>) document.
 */
#include "guest-priv.h"

#include "util/util.h"
#include "util/xml.h"
#include "value-priv.h"

#include <string.h>

/* Elements libvirt allows in <cpu> that carry no CPU property: kept verbatim. */
static const char *const passthrough_children[] = {"vendor", "topology", "cache", "numa",
                                                   "maxphysaddr"};

typedef struct {
    ArmcpuGuestCpu *cpu;
    ArmcpuReport *report;
} Parser;

#define PROBLEM(ps, code, node, prop, value, expected, ...)                                        \
    armcpu_report_add((ps)->report, ARMCPU_SEVERITY_ERROR, (code), armcpu_xml_line(node), (prop),  \
                      (value), (expected), NULL, __VA_ARGS__)

/* Report each attribute of @node not in @allowed (NULL-terminated). */
static void
check_attributes(Parser *ps, const xmlNode *node, const char *const *allowed)
{
    for (const xmlAttr *a = node->properties; a; a = a->next) {
        gboolean ok = a->ns == NULL && g_strv_contains(allowed, (const char *)a->name);
        if (!ok)
            PROBLEM(ps, ARMCPU_PROBLEM_SHAPE, node, NULL, NULL, NULL,
                    "<%s> has an unexpected attribute '%s'", (const char *)node->name,
                    (const char *)a->name);
    }
}

static void
parse_mode(Parser *ps, const xmlNode *node)
{
    g_autofree char *mode = armcpu_xml_prop(node, "mode");
    int m;

    ps->cpu->mode = ARMCPU_CPU_MODE_CUSTOM; /* libvirt's default */
    if (!mode)
        return;
    m = armcpu_cpu_mode_from_string(mode);
    if (m >= 0) {
        ps->cpu->mode = m;
        return;
    }
    g_autofree char *q = armcpu_quote(mode);
    ps->cpu->mode_reported = TRUE;
    if (strcmp(mode, "host-model") == 0)
        PROBLEM(ps, ARMCPU_PROBLEM_MODE, node, NULL, mode, "host-passthrough, maximum or custom",
                "CPU mode 'host-model' is not supported for aarch64: QEMU has no host model on "
                "ARM; use host-passthrough, maximum, or custom with a named model");
    else
        PROBLEM(ps, ARMCPU_PROBLEM_MODE, node, NULL, mode, "host-passthrough, maximum or custom",
                "unknown CPU mode %s (expected host-passthrough, maximum or custom)", q);
}

static void
parse_cpu_attributes(Parser *ps, const xmlNode *node)
{
    static const char *const allowed[] = {"mode", "check", "match", NULL};
    g_autofree char *check = armcpu_xml_prop(node, "check");

    check_attributes(ps, node, allowed);
    parse_mode(ps, node);
    ps->cpu->line = armcpu_xml_line(node);
    ps->cpu->match = armcpu_xml_prop(node, "match");
    if (ps->cpu->match && !armcpu_str_is_token(ps->cpu->match)) {
        g_autofree char *q = armcpu_quote(ps->cpu->match);
        PROBLEM(ps, ARMCPU_PROBLEM_SHAPE, node, NULL, NULL, "minimum, exact or strict",
                "<cpu match=%s> is not a token", q);
    }
    if (check) {
        int c = armcpu_cpu_check_from_string(check);
        g_autofree char *q = armcpu_quote(check);
        if (c < 0)
            PROBLEM(ps, ARMCPU_PROBLEM_SHAPE, node, NULL, check, "none, partial or full",
                    "unknown check %s (expected none, partial or full)", q);
        else
            ps->cpu->check = c;
    }
}

static void
parse_model(Parser *ps, const xmlNode *node)
{
    static const char *const allowed[] = {"fallback", "vendor_id", NULL};
    g_autofree char *name = armcpu_xml_text(node);
    g_autoptr(GError) err = NULL;

    check_attributes(ps, node, allowed);
    if (ps->cpu->model) {
        PROBLEM(ps, ARMCPU_PROBLEM_DUPLICATE, node, NULL, name, NULL,
                "<model> given twice (first at line %d)", ps->cpu->model_line);
        return;
    }
    if (!armcpu_token_check("model name", name, &err)) {
        PROBLEM(ps, ARMCPU_PROBLEM_MODEL, node, NULL, NULL, NULL, "%s", err->message);
        return;
    }
    ps->cpu->model = g_steal_pointer(&name);
    ps->cpu->model_line = armcpu_xml_line(node);
    ps->cpu->model_fallback = armcpu_xml_prop(node, "fallback");
    if (ps->cpu->model_fallback && !armcpu_str_is_token(ps->cpu->model_fallback))
        g_clear_pointer(&ps->cpu->model_fallback, g_free);
}

static ArmcpuFeaturePolicy
parse_policy(Parser *ps, const xmlNode *node, const char *name)
{
    g_autofree char *policy = armcpu_xml_prop(node, "policy");
    int p;

    if (!policy)
        return ARMCPU_FEATURE_REQUIRE; /* no policy means require */
    p = armcpu_feature_policy_from_string(policy);
    if (p < 0) {
        g_autofree char *q = armcpu_quote(policy);
        PROBLEM(ps, ARMCPU_PROBLEM_POLICY, node, name, NULL,
                "force, require, optional, disable or forbid",
                "%s: unknown policy %s (expected force, require, optional, disable or forbid)",
                name ? name : "<feature>", q);
        return ARMCPU_FEATURE_REQUIRE;
    }
    return p;
}

static void
add_feature(Parser *ps, const xmlNode *node, ArmcpuFeaturePolicy policy, char *name, char *value,
            gboolean invalid)
{
    ArmcpuGuestFeature *f = g_new0(ArmcpuGuestFeature, 1);
    const ArmcpuGuestFeature *first = g_hash_table_lookup(ps->cpu->by_name, name);

    f->policy = policy;
    f->name = name;
    f->value = value;
    f->line = armcpu_xml_line(node);
    f->invalid = invalid;
    g_ptr_array_add(ps->cpu->features, f);
    if (first)
        PROBLEM(ps, ARMCPU_PROBLEM_DUPLICATE, node, name, value, NULL,
                "%s: the property is given twice (first at line %d)", name, first->line);
    else
        g_hash_table_insert(ps->cpu->by_name, f->name, f);
}

static void
parse_feature(Parser *ps, const xmlNode *node)
{
    static const char *const allowed[] = {"policy", "name", "value", NULL};
    g_autofree char *name = armcpu_xml_prop(node, "name");
    g_autofree char *value = armcpu_xml_prop(node, "value");
    gboolean invalid;
    ArmcpuFeaturePolicy policy;

    check_attributes(ps, node, allowed);
    if (xmlFirstElementChild((xmlNode *)node) ||
        (node->children && !xmlIsBlankNode(node->children)))
        PROBLEM(ps, ARMCPU_PROBLEM_SHAPE, node, name, NULL, NULL, "<feature> must be empty");
    if (!name) {
        PROBLEM(ps, ARMCPU_PROBLEM_NAME, node, NULL, NULL, NULL, "<feature> has no name");
        return;
    }
    policy = parse_policy(ps, node, name);
    invalid = !armcpu_guest_feature_check_tokens(ps->report, armcpu_xml_line(node), name, value);
    add_feature(ps, node, policy, g_steal_pointer(&name), g_steal_pointer(&value), invalid);
}

static void
keep_passthrough(Parser *ps, xmlNode *node)
{
    g_autoptr(xmlBuffer) buf = xmlBufferCreate();

    xmlNodeDump(buf, node->doc, node, 1, 1);
    g_ptr_array_add(ps->cpu->passthrough, g_strdup((const char *)xmlBufferContent(buf)));
}

static void
parse_cpu(Parser *ps, xmlNode *cpu)
{
    gboolean limited = FALSE;

    parse_cpu_attributes(ps, cpu);
    for (xmlNode *c = cpu->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE && !xmlIsBlankNode(c)) {
            PROBLEM(ps, ARMCPU_PROBLEM_SHAPE, c, NULL, NULL, NULL, "unexpected text in <cpu>");
            continue;
        }
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (armcpu_xml_is(c, "feature")) {
            if (ps->cpu->features->len >= ARMCPU_GUEST_MAX_FEATURES) {
                if (!limited)
                    PROBLEM(ps, ARMCPU_PROBLEM_LIMIT, c, NULL, NULL, NULL,
                            "more than %d <feature> elements; the rest are not read",
                            ARMCPU_GUEST_MAX_FEATURES);
                limited = TRUE;
                continue;
            }
            parse_feature(ps, c);
        } else if (armcpu_xml_is(c, "model")) {
            parse_model(ps, c);
        } else if (c->ns == NULL && g_strv_contains(passthrough_children, (const char *)c->name)) {
            keep_passthrough(ps, c);
        } else {
            PROBLEM(ps, ARMCPU_PROBLEM_SHAPE, c, NULL, NULL, NULL,
                    "unexpected element <%s> in <cpu>", (const char *)c->name);
        }
    }
}

/* <domain type='kvm|qemu'>: the accelerator, the arch check, and its <cpu>. */
static xmlNode *
parse_domain(Parser *ps, xmlNode *domain)
{
    g_autofree char *type = armcpu_xml_prop(domain, "type");
    xmlNode *os = armcpu_xml_child(domain, "os");
    xmlNode *ostype = os ? armcpu_xml_child(os, "type") : NULL;
    g_autofree char *arch = ostype ? armcpu_xml_prop(ostype, "arch") : NULL;
    xmlNode *cpu = armcpu_xml_child(domain, "cpu");

    if (g_strcmp0(type, "kvm") == 0) {
        ps->cpu->accel = ARMCPU_ACCEL_KVM;
    } else if (g_strcmp0(type, "qemu") == 0) {
        ps->cpu->accel = ARMCPU_ACCEL_TCG;
    } else {
        g_autofree char *q = armcpu_quote(type ? type : "");
        PROBLEM(ps, ARMCPU_PROBLEM_SHAPE, domain, NULL, type, "kvm or qemu",
                "<domain type=%s> is not a QEMU domain (expected kvm or qemu)", q);
    }
    if (arch && strcmp(arch, "aarch64") != 0) {
        g_autofree char *q = armcpu_quote(arch);
        PROBLEM(ps, ARMCPU_PROBLEM_ARCH, ostype, NULL, arch, "aarch64",
                "the domain's architecture is %s; armcpu handles aarch64 guests", q);
    }
    if (!cpu)
        ps->cpu->mode_reported = TRUE;
    if (!cpu)
        PROBLEM(ps, ARMCPU_PROBLEM_SHAPE, domain, NULL, NULL, NULL,
                "the domain has no <cpu> element (QEMU's virt machine would pick a 32-bit "
                "cortex-a15); add <cpu mode='host-passthrough'/> or another mode");
    return cpu;
}

ArmcpuGuestCpu *
armcpu_guest_cpu_parse_string(const char *data, gsize len, const char *filename,
                              ArmcpuReport *report, GError **error)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(xmlDoc) doc = armcpu_xml_parse(data, len, filename, ARMCPU_GUEST_MAX_SIZE, &err);
    g_autoptr(ArmcpuGuestCpu) cpu = armcpu_guest_cpu_new(ARMCPU_CPU_MODE_CUSTOM);
    Parser ps = {cpu, report};
    xmlNode *root;

    g_return_val_if_fail(report != NULL, NULL);
    if (!doc) {
        g_set_error(error, ARMCPU_GUEST_ERROR,
                    err->code == ARMCPU_XML_ERROR_TOO_BIG ? ARMCPU_GUEST_ERROR_READ
                                                          : ARMCPU_GUEST_ERROR_XML,
                    "%s", err->message);
        return NULL;
    }
    root = xmlDocGetRootElement(doc);
    if (armcpu_xml_is(root, "domain")) {
        root = parse_domain(&ps, root);
        if (!root)
            return g_steal_pointer(&cpu);
    } else if (!armcpu_xml_is(root, "cpu")) {
        g_set_error(error, ARMCPU_GUEST_ERROR, ARMCPU_GUEST_ERROR_ROOT,
                    "%s:%d: the root element is <%s>; expected <cpu> or <domain>",
                    filename ? filename : "(input)", armcpu_xml_line(root),
                    (const char *)root->name);
        return NULL;
    }
    parse_cpu(&ps, root);
    return g_steal_pointer(&cpu);
}

ArmcpuGuestCpu *
armcpu_guest_cpu_parse_file(const char *path, ArmcpuReport *report, GError **error)
{
    g_autofree char *data = NULL;
    gsize len = 0;
    g_autoptr(GError) err = NULL;

    if (!armcpu_file_read_bounded(path, ARMCPU_GUEST_MAX_SIZE, &data, &len, &err)) {
        g_set_error(error, ARMCPU_GUEST_ERROR, ARMCPU_GUEST_ERROR_READ, "%s", err->message);
        return NULL;
    }
    return armcpu_guest_cpu_parse_string(data, len, path, report, error);
}
