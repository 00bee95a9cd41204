/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libvirt.c: a guest CPU as libvirt 9.0 can take it, a <cpu> plus QEMU
 * -global options through <qemu:commandline> (armcpu/libvirt.h).
 */
#include <armcpu/libvirt.h>

#include "cpu/guest-priv.h"
#include "cpu/plan.h"
#include "cpu/report-priv.h"
#include "util/util.h"
#include "util/xml.h"

#include <json-c/json.h>
#include <libxml/xmlsave.h>
#include <string.h>

ARMCPU_DEFINE_QUARK("armcpu-libvirt-error-quark", armcpu_libvirt_error)

/*
 * The CPU features libvirt 9.0 knows on aarch64 (its src/cpu_map/arm_features.xml
 * and the SVE vector-length handling of qemu_command.c): anything else it
 * refuses at start with "unknown CPU feature".
 */
static const char *const libvirt_features[] = {
    "sve",     "sve128",  "sve256",  "sve384",  "sve512",  "sve640",
    "sve768",  "sve896",  "sve1024", "sve1152", "sve1280", "sve1408",
    "sve1536", "sve1664", "sve1792", "sve1920", "sve2048", NULL,
};

/* QEMU's -global parser reads "%63[^.=].%63[^=]=": longer names do not fit. */
#define GLOBAL_NAME_MAX 63

typedef struct {
    ArmcpuLibvirtFeature pub;
    char *name;
} Feature;

typedef struct {
    ArmcpuLibvirtGlobal pub;
    char *property, *value, *arg;
} Global;

struct _ArmcpuLibvirtBridge {
    char *cpu_type;
    char *libvirt_cpu_arg;
    ArmcpuCpuMode mode;
    ArmcpuCpuCheck check;
    char *match;
    char *model;
    char *model_fallback;
    GPtrArray *passthrough; /* libvirt-only <cpu> children, as XML */
    GPtrArray *features;    /* Feature* */
    GPtrArray *globals;     /* Global* */
};

static void
feature_free(gpointer p)
{
    Feature *f = p;

    g_free(f->name);
    g_free(f);
}

static void
global_free(gpointer p)
{
    Global *g = p;

    g_free(g->property);
    g_free(g->value);
    g_free(g->arg);
    g_free(g);
}

void
armcpu_libvirt_bridge_free(ArmcpuLibvirtBridge *b)
{
    if (!b)
        return;
    g_free(b->cpu_type);
    g_free(b->libvirt_cpu_arg);
    g_free(b->match);
    g_free(b->model);
    g_free(b->model_fallback);
    g_ptr_array_unref(b->passthrough);
    g_ptr_array_unref(b->features);
    g_ptr_array_unref(b->globals);
    g_free(b);
}

/* The QOM type the -cpu options of @cpu become globals of. */
static char *
cpu_type(const ArmcpuGuestCpu *cpu, const ArmcpuAccelCaps *host)
{
    const char *model = armcpu_plan_base_model(cpu);
    const ArmcpuHostModel *m = host ? armcpu_accel_caps_find_model(host, model) : NULL;

    if (m && armcpu_host_model_typename(m) && armcpu_str_is_token(armcpu_host_model_typename(m)))
        return g_strdup(armcpu_host_model_typename(m));
    return g_strdup_printf("%s-arm-cpu", model);
}

ArmcpuLibvirtBridge *
armcpu_libvirt_bridge(const ArmcpuGuestCpu *cpu, const ArmcpuRegistry *reg,
                      const ArmcpuAccelCaps *host, ArmcpuReport *report, GError **error)
{
    g_autoptr(GArray) emits = NULL;
    g_autoptr(ArmcpuLibvirtBridge) b = NULL;
    g_autoptr(GString) arg = NULL;

    g_return_val_if_fail(cpu && reg && report, NULL);
    emits = armcpu_plan_build(cpu, reg, host, report);
    if (armcpu_report_has_errors(report)) {
        guint n = armcpu_report_count(report, ARMCPU_SEVERITY_ERROR);
        g_set_error(error, ARMCPU_LIBVIRT_ERROR, ARMCPU_LIBVIRT_ERROR_INVALID,
                    "the guest CPU has %u error%s", n, n == 1 ? "" : "s");
        return NULL;
    }
    b = g_new0(ArmcpuLibvirtBridge, 1);
    b->features = g_ptr_array_new_with_free_func(feature_free);
    b->globals = g_ptr_array_new_with_free_func(global_free);
    b->passthrough = g_ptr_array_new_with_free_func(g_free);
    b->mode = cpu->mode;
    b->check = cpu->check;
    b->match = g_strdup(cpu->match);
    b->model = g_strdup(cpu->model);
    b->model_fallback = g_strdup(cpu->model_fallback);
    for (guint i = 0; i < cpu->passthrough->len; i++)
        g_ptr_array_add(b->passthrough, g_strdup(g_ptr_array_index(cpu->passthrough, i)));
    b->cpu_type = cpu_type(cpu, host);
    if (strlen(b->cpu_type) > GLOBAL_NAME_MAX) {
        g_set_error(error, ARMCPU_LIBVIRT_ERROR, ARMCPU_LIBVIRT_ERROR_GLOBAL,
                    "the CPU type %s is longer than the %d bytes QEMU's -global takes", b->cpu_type,
                    GLOBAL_NAME_MAX);
        return NULL;
    }
    arg = g_string_new(armcpu_plan_base_model(cpu));
    for (guint i = 0; i < emits->len; i++) {
        const ArmcpuEmit *e = &g_array_index(emits, ArmcpuEmit, i);
        int line = e->feature ? e->feature->line : 0;
        gboolean on;
        if (g_strv_contains(libvirt_features, e->name) && armcpu_bool_parse(e->value, &on, NULL)) {
            Feature *f = g_new0(Feature, 1);
            f->name = g_strdup(e->name);
            f->pub.name = f->name;
            f->pub.policy = on ? ARMCPU_FEATURE_REQUIRE : ARMCPU_FEATURE_DISABLE;
            f->pub.line = line;
            g_ptr_array_add(b->features, f);
            g_string_append_printf(arg, ",%s=%s", e->name, armcpu_bool_to_string(on));
        } else {
            Global *g;
            if (strlen(e->name) > GLOBAL_NAME_MAX) {
                g_set_error(error, ARMCPU_LIBVIRT_ERROR, ARMCPU_LIBVIRT_ERROR_GLOBAL,
                            "%s is longer than the %d bytes QEMU's -global takes for a property "
                            "name; it can only be set with -cpu",
                            e->name, GLOBAL_NAME_MAX);
                return NULL;
            }
            g = g_new0(Global, 1);
            g->property = g_strdup(e->name);
            g->value = g_strdup(e->value);
            g->arg = g_strdup_printf("%s.%s=%s", b->cpu_type, e->name, e->value);
            g->pub.property = g->property;
            g->pub.value = g->value;
            g->pub.arg = g->arg;
            g->pub.line = line;
            g_ptr_array_add(b->globals, g);
        }
    }
    b->libvirt_cpu_arg = g_string_free(g_steal_pointer(&arg), FALSE);
    return g_steal_pointer(&b);
}

const char *
armcpu_libvirt_bridge_cpu_type(const ArmcpuLibvirtBridge *b)
{
    return b->cpu_type;
}

const char *
armcpu_libvirt_bridge_libvirt_cpu_arg(const ArmcpuLibvirtBridge *b)
{
    return b->libvirt_cpu_arg;
}

guint
armcpu_libvirt_bridge_n_features(const ArmcpuLibvirtBridge *b)
{
    return b->features->len;
}

const ArmcpuLibvirtFeature *
armcpu_libvirt_bridge_feature(const ArmcpuLibvirtBridge *b, guint i)
{
    if (i >= b->features->len)
        return NULL;
    return &((Feature *)g_ptr_array_index(b->features, i))->pub;
}

guint
armcpu_libvirt_bridge_n_globals(const ArmcpuLibvirtBridge *b)
{
    return b->globals->len;
}

const ArmcpuLibvirtGlobal *
armcpu_libvirt_bridge_global(const ArmcpuLibvirtBridge *b, guint i)
{
    if (i >= b->globals->len)
        return NULL;
    return &((Global *)g_ptr_array_index(b->globals, i))->pub;
}

/* ----- XML text ----- */

static void
attr(GString *out, const char *name, const char *value)
{
    g_string_append_printf(out, " %s='", name);
    armcpu_xml_escape(out, value);
    g_string_append_c(out, '\'');
}

/* The <cpu> element, its children indented by @indent plus two spaces. */
static char *
format_cpu(const ArmcpuLibvirtBridge *b, const char *indent)
{
    GString *out = g_string_new(indent);

    g_string_append(out, "<cpu");
    attr(out, "mode", armcpu_cpu_mode_to_string(b->mode));
    if (b->check != ARMCPU_CPU_CHECK_DEFAULT)
        attr(out, "check", armcpu_cpu_check_to_string(b->check));
    if (b->match)
        attr(out, "match", b->match);
    if (!b->model && b->features->len == 0 && b->passthrough->len == 0) {
        g_string_append(out, "/>\n");
        return g_string_free(out, FALSE);
    }
    g_string_append(out, ">\n");
    if (b->model) {
        g_string_append_printf(out, "%s  <model", indent);
        if (b->model_fallback)
            attr(out, "fallback", b->model_fallback);
        g_string_append_c(out, '>');
        armcpu_xml_escape(out, b->model);
        g_string_append(out, "</model>\n");
    }
    for (guint i = 0; i < b->passthrough->len; i++)
        g_string_append_printf(out, "%s  %s\n", indent,
                               (const char *)g_ptr_array_index(b->passthrough, i));
    for (guint i = 0; i < b->features->len; i++) {
        const Feature *f = g_ptr_array_index(b->features, i);
        g_string_append_printf(out, "%s  <feature", indent);
        attr(out, "policy", armcpu_feature_policy_to_string(f->pub.policy));
        attr(out, "name", f->name);
        g_string_append(out, "/>\n");
    }
    g_string_append_printf(out, "%s</cpu>\n", indent);
    return g_string_free(out, FALSE);
}

char *
armcpu_libvirt_bridge_format_cpu(const ArmcpuLibvirtBridge *b)
{
    return format_cpu(b, "");
}

/* The <qemu:commandline> element (with its own namespace declaration), or "". */
static char *
format_commandline(const ArmcpuLibvirtBridge *b)
{
    GString *out = g_string_new(NULL);

    if (b->globals->len == 0)
        return g_string_free(out, FALSE);
    g_string_append(out, "<qemu:commandline");
    attr(out, "xmlns:qemu", ARMCPU_LIBVIRT_QEMU_NS);
    g_string_append(out, ">\n");
    for (guint i = 0; i < b->globals->len; i++) {
        const Global *g = g_ptr_array_index(b->globals, i);
        g_string_append(out, "  <qemu:arg value='-global'/>\n  <qemu:arg");
        attr(out, "value", g->arg);
        g_string_append(out, "/>\n");
    }
    g_string_append(out, "</qemu:commandline>\n");
    return g_string_free(out, FALSE);
}

char *
armcpu_libvirt_bridge_format(const ArmcpuLibvirtBridge *b)
{
    g_autofree char *cpu = format_cpu(b, "");
    g_autofree char *cmdline = format_commandline(b);
    GString *out = g_string_new(NULL);

    if (b->globals->len) {
        g_string_append(
            out, "<!-- For libvirt 9.0, which has no CPU feature values: put both elements\n"
                 "     in the <domain>. libvirt builds -cpu from the <cpu>; QEMU gets every\n"
                 "     other option as -global TYPE.NAME=VALUE, as -cpu would set it. -->\n");
    } else {
        g_string_append(out, "<!-- For libvirt 9.0: put the <cpu> in the <domain>. -->\n");
    }
    g_string_append(out, cpu);
    g_string_append(out, cmdline);
    return g_string_free(out, FALSE);
}

/* ----- merging into a domain ----- */

static gboolean
doc_error(GError **error, const char *filename, const char *msg)
{
    g_set_error(error, ARMCPU_LIBVIRT_ERROR, ARMCPU_LIBVIRT_ERROR_DOCUMENT, "%s: %s", filename,
                msg);
    return FALSE;
}

/* The first child element of @parent called @name in namespace @href (NULL: none). */
static xmlNode *
child_in_ns(xmlNode *parent, const char *name, const char *href)
{
    for (xmlNode *c = armcpu_xml_next_element(parent->children); c;
         c = armcpu_xml_next_element(c->next)) {
        gboolean ns_ok = href ? c->ns && c->ns->href && strcmp((const char *)c->ns->href, href) == 0
                              : c->ns == NULL;
        if (ns_ok && strcmp((const char *)c->name, name) == 0)
            return c;
    }
    return NULL;
}

/* The qemu namespace on @root: an existing declaration of it, or a new one. */
static xmlNs *
qemu_ns(xmlDoc *doc, xmlNode *root)
{
    xmlNs *ns = xmlSearchNsByHref(doc, root, (const xmlChar *)ARMCPU_LIBVIRT_QEMU_NS);
    g_autofree char *prefix = g_strdup("qemu");

    if (ns)
        return ns;
    for (guint i = 1; xmlSearchNs(doc, root, (const xmlChar *)prefix); i++) {
        g_free(prefix);
        prefix = g_strdup_printf("qemu%u", i);
    }
    return xmlNewNs(root, (const xmlChar *)ARMCPU_LIBVIRT_QEMU_NS, (const xmlChar *)prefix);
}

/* The bridge's <cpu> as a node of @doc. */
static xmlNode *
cpu_node(const ArmcpuLibvirtBridge *b, xmlDoc *doc, GError **error)
{
    g_autofree char *text = format_cpu(b, "");
    g_autoptr(GError) err = NULL;
    g_autoptr(xmlDoc) frag = armcpu_xml_parse(text, strlen(text), "cpu", strlen(text) + 1, &err);

    if (!frag) {
        doc_error(error, "cpu", err->message);
        return NULL;
    }
    return xmlDocCopyNode(xmlDocGetRootElement(frag), doc, 1);
}

char *
armcpu_libvirt_bridge_apply(const ArmcpuLibvirtBridge *b, const char *data, gsize len,
                            const char *filename, GError **error)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(xmlDoc) doc = armcpu_xml_parse(data, len, filename, ARMCPU_GUEST_MAX_SIZE, &err);
    g_autoptr(xmlBuffer) buf = NULL;
    xmlSaveCtxt *save;
    xmlNode *root, *old, *cpu;

    if (!doc) {
        g_set_error_literal(error, ARMCPU_LIBVIRT_ERROR, ARMCPU_LIBVIRT_ERROR_DOCUMENT,
                            err->message);
        return NULL;
    }
    root = xmlDocGetRootElement(doc);
    if (root && !root->ns && strcmp((const char *)root->name, "cpu") == 0)
        return armcpu_libvirt_bridge_format(b);
    if (!root || root->ns || strcmp((const char *)root->name, "domain") != 0) {
        doc_error(error, filename, "the root element is neither <cpu> nor a libvirt <domain>");
        return NULL;
    }
    if (!(cpu = cpu_node(b, doc, error)))
        return NULL;
    old = child_in_ns(root, "cpu", NULL);
    if (old) {
        xmlReplaceNode(old, cpu);
        xmlFreeNode(old);
    } else {
        xmlAddChild(root, cpu);
    }
    if (b->globals->len) {
        xmlNs *ns = qemu_ns(doc, root);
        xmlNode *cmd = child_in_ns(root, "commandline", ARMCPU_LIBVIRT_QEMU_NS);
        if (!cmd)
            cmd = xmlNewChild(root, ns, (const xmlChar *)"commandline", NULL);
        for (guint i = 0; i < b->globals->len; i++) {
            const Global *g = g_ptr_array_index(b->globals, i);
            xmlNode *a = xmlNewChild(cmd, cmd->ns, (const xmlChar *)"arg", NULL);
            xmlSetProp(a, (const xmlChar *)"value", (const xmlChar *)"-global");
            a = xmlNewChild(cmd, cmd->ns, (const xmlChar *)"arg", NULL);
            xmlSetProp(a, (const xmlChar *)"value", (const xmlChar *)g->arg);
        }
    }
    buf = xmlBufferCreate();
    save = xmlSaveToBuffer(buf, "UTF-8", XML_SAVE_FORMAT | XML_SAVE_NO_DECL);
    xmlSaveDoc(save, doc);
    xmlSaveClose(save);
    return g_strdup((const char *)xmlBufferContent(buf));
}

/* ----- JSON ----- */

char *
armcpu_libvirt_bridge_to_json(const ArmcpuLibvirtBridge *b, const char *file,
                              const ArmcpuAccelCaps *host, const ArmcpuReport *report)
{
    json_object *o = json_object_new_object();
    char *out;

    json_object_object_add(o, "file", json_object_new_string(file ? file : "guest"));
    json_object_object_add(o, "offline", json_object_new_boolean(host == NULL));
    if (host)
        json_object_object_add(
            o, "accel",
            json_object_new_string(armcpu_accel_to_string(armcpu_accel_caps_accel(host))));
    if (b) {
        g_autofree char *cpu = format_cpu(b, "");
        g_autofree char *xml = armcpu_libvirt_bridge_format(b);
        json_object *features = json_object_new_array();
        json_object *globals = json_object_new_array();
        json_object *cmdline = json_object_new_array();
        json_object_object_add(o, "cpuType", json_object_new_string(b->cpu_type));
        json_object_object_add(o, "libvirtCpu", json_object_new_string(b->libvirt_cpu_arg));
        json_object_object_add(o, "cpu", json_object_new_string(cpu));
        for (guint i = 0; i < b->features->len; i++) {
            const Feature *f = g_ptr_array_index(b->features, i);
            json_object *e = json_object_new_object();
            json_object_object_add(e, "name", json_object_new_string(f->name));
            json_object_object_add(
                e, "policy",
                json_object_new_string(armcpu_feature_policy_to_string(f->pub.policy)));
            if (f->pub.line > 0)
                json_object_object_add(e, "line", json_object_new_int(f->pub.line));
            json_object_array_add(features, e);
        }
        for (guint i = 0; i < b->globals->len; i++) {
            const Global *g = g_ptr_array_index(b->globals, i);
            json_object *e = json_object_new_object();
            json_object_object_add(e, "property", json_object_new_string(g->property));
            json_object_object_add(e, "value", json_object_new_string(g->value));
            json_object_object_add(e, "arg", json_object_new_string(g->arg));
            if (g->pub.line > 0)
                json_object_object_add(e, "line", json_object_new_int(g->pub.line));
            json_object_array_add(globals, e);
            json_object_array_add(cmdline, json_object_new_string("-global"));
            json_object_array_add(cmdline, json_object_new_string(g->arg));
        }
        json_object_object_add(o, "features", features);
        json_object_object_add(o, "globals", globals);
        json_object_object_add(o, "commandline", cmdline);
        json_object_object_add(o, "namespace", json_object_new_string(ARMCPU_LIBVIRT_QEMU_NS));
        json_object_object_add(o, "xml", json_object_new_string(xml));
    }
    json_object_object_add(o, "problems",
                           report ? armcpu_report_to_json_object(report) : json_object_new_array());
    out = g_strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
                                                         JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(o);
    return out;
}
