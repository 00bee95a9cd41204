/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-injection.c: nothing a guest document, a host capabilities file from
 * another host or a QMP reply says can shape a QEMU option.
 *
 * Each payload (commas, '=', blanks, quotes, newlines, NUL as a raw byte and
 * as \u0000, non-ASCII, very long text, shell and option syntax) is placed in
 * every place a name or value can come from: the guest's feature names and
 * values, its model, its other attributes; the host document's property
 * names, supported values, host values, expansion, models and blockers; the
 * props-info, expansion and CPU-definition replies of QMP; and the public API
 * that builds a guest in memory. Every -cpu value computed from the result
 * (offline, and against the Grace, SYSREG and TCG hosts and the injected host
 * itself) must be "MODEL(,NAME=VALUE)*" of plain tokens and must not contain
 * the payload; where the payload is the name or value asked for, there must
 * be no -cpu value at all.
 */
#include "../unit/test-common.h"
#include <armcpu/baseline.h>
#include <armcpu/guest.h>
#include <armcpu/models.h>
#include <armcpu/validate.h>
#include "config.h"
#include "qemu/hostcaps-internal.h"
#include "qemu/propsinfo.h"

#include <json-c/json.h>
#include <string.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC(json_object, json_object_put)

typedef struct {
    const char *label;
    const char *text; /* may hold a NUL: len says how long */
    gsize len;
} Payload;

#define P(label, s)                                                                                \
    {                                                                                              \
        label, s, sizeof(s) - 1                                                                    \
    }

static const Payload payloads[] = {
    P("comma", "on,x=y"),
    P("comma-name", "sve,x=y"),
    P("equals", "sve=on"),
    P("leading-comma", ",id=cpu0"),
    P("space", "on off"),
    P("tab", "on\toff"),
    P("single-quote", "on'x"),
    P("double-quote", "on\"x"),
    P("newline", "on\n-device x"),
    P("carriage-return", "on\r"),
    P("nul-byte", "on\0,x=y"),
    P("semicolon", "on;reboot"),
    P("shell", "$(reboot)`id`"),
    P("option", "-cpu"),
    P("non-ascii", "caf\xc3\xa9"),
    P("fullwidth-comma", "on\xef\xbc\x8cx"),
    P("invalid-utf8", "on\xff\xfe"),
    P("control", "on\x1b[0m"),
    P("slash", "../../etc/passwd"),
    {"long-65", NULL, 65},
    {"long-4096", NULL, 4096},
};

static ArmcpuRegistry *reg;
static ArmcpuHostCaps *hosts[3];
static const char *const host_files[] = {"hostcaps/grace.xml", "hostcaps/sysreg.xml",
                                         "hostcaps/qemu72-tcg.xml"};

/* The payload as a NUL-terminated string of its first len bytes (NUL kept inside). */
static char *
payload_bytes(const Payload *p)
{
    char *s = g_malloc0(p->len + 1);

    if (p->text)
        memcpy(s, p->text, p->len);
    else
        memset(s, 'a', p->len);
    return s;
}

static gboolean
is_token(const char *s, gsize len)
{
    if (len == 0 || len > ARMCPU_TOKEN_MAX)
        return FALSE;
    for (gsize i = 0; i < len; i++) {
        if (!g_ascii_isalnum(s[i]) && s[i] != '_' && s[i] != '.' && s[i] != '-')
            return FALSE;
    }
    return TRUE;
}

/*
 * @arg must be MODEL(,NAME=VALUE)* of tokens, and no option may be one a
 * payload smuggles in ("x" of "on,x=y", "id" of ",id=cpu0"): a comma that got
 * through would show up as such an option.
 */
static void
assert_clean_arg(const char *arg, const Payload *p)
{
    static const char *const smuggled[] = {"x", "id", "y", NULL};
    g_auto(GStrv) parts = g_strsplit(arg, ",", -1);

    if (!is_token(parts[0], strlen(parts[0])))
        g_error("[%s] -cpu model is not a token: '%s'", p->label, arg);
    for (guint i = 1; parts[i]; i++) {
        const char *eq = strchr(parts[i], '=');
        if (!eq || !is_token(parts[i], (gsize)(eq - parts[i])) || !is_token(eq + 1, strlen(eq + 1)))
            g_error("[%s] -cpu option is not NAME=VALUE of tokens: '%s'", p->label, arg);
        g_autofree char *name = g_strndup(parts[i], (gsize)(eq - parts[i]));
        if (g_strv_contains(smuggled, name))
            g_error("[%s] the payload added an option to -cpu: '%s'", p->label, arg);
    }
}

/*
 * Compute -cpu for @cpu offline, against every fixture host and against
 * @extra (nullable). With @must_fail, none may exist.
 */
static void
check_cpu(const ArmcpuGuestCpu *cpu, const ArmcpuAccelCaps *extra, const Payload *p,
          gboolean must_fail)
{
    const ArmcpuAccelCaps *accs[2 * G_N_ELEMENTS(hosts) + 2] = {NULL};
    guint n = 1; /* accs[0] = NULL: offline */

    for (guint h = 0; h < G_N_ELEMENTS(hosts); h++) {
        for (int a = 0; a < ARMCPU_ACCEL_LAST; a++) {
            const ArmcpuAccelCaps *acc = armcpu_host_caps_accel(hosts[h], a);
            if (acc)
                accs[n++] = acc;
        }
    }
    if (extra)
        accs[n++] = extra;
    for (guint i = 0; i < n; i++) {
        g_autoptr(ArmcpuReport) report = armcpu_report_new("inject.xml");
        g_autofree char *arg = armcpu_guest_cpu_cmdline(cpu, reg, accs[i], report);
        if (!arg)
            continue;
        if (must_fail)
            g_error("[%s] a -cpu value was made (host %u): '%s'", p->label, i, arg);
        assert_clean_arg(arg, p);
    }
}

/* ----- guest documents ----- */

/* @s escaped for an XML attribute in single quotes (raw NUL and invalid bytes kept). */
static GString *
xml_attr(const char *s, gsize len)
{
    GString *out = g_string_new(NULL);

    for (gsize i = 0; i < len; i++) {
        switch (s[i]) {
        case '&':
            g_string_append(out, "&amp;");
            break;
        case '<':
            g_string_append(out, "&lt;");
            break;
        case '\'':
            g_string_append(out, "&apos;");
            break;
        case '\n':
            g_string_append(out, "&#10;");
            break;
        case '\r':
            g_string_append(out, "&#13;");
            break;
        case '\t':
            g_string_append(out, "&#9;");
            break;
        default:
            g_string_append_len(out, s + i, 1);
        }
    }
    return out;
}

/* The document @fmt with every "@@" replaced by the escaped payload. */
static GString *
with_payload(const char *fmt, const Payload *p)
{
    g_autofree char *bytes = payload_bytes(p);
    g_autoptr(GString) esc = xml_attr(bytes, p->len);
    g_auto(GStrv) parts = g_strsplit(fmt, "@@", -1);
    GString *doc = g_string_new(parts[0]);

    for (guint i = 1; parts[i]; i++) {
        g_string_append_len(doc, esc->str, (gssize)esc->len);
        g_string_append(doc, parts[i]);
    }
    return doc;
}

/* Parse @fmt with the payload; the CPU must not give a clean -cpu it should not. */
static void
guest_case(const char *fmt, gboolean payload_is_asked_for)
{
    for (guint i = 0; i < G_N_ELEMENTS(payloads); i++) {
        const Payload *p = &payloads[i];
        g_autoptr(GString) doc = with_payload(fmt, p);
        g_autoptr(ArmcpuReport) report = armcpu_report_new("inject.xml");
        g_autoptr(GError) err = NULL;
        g_autoptr(ArmcpuGuestCpu) cpu =
            armcpu_guest_cpu_parse_string(doc->str, doc->len, "inject.xml", report, &err);

        g_test_message("[%s] %s", p->label,
                       cpu ? (armcpu_report_has_errors(report) ? "reported" : "parsed")
                           : err->message);
        if (!cpu) {
            g_assert_true(err->domain == ARMCPU_GUEST_ERROR);
            continue;
        }
        /* "-cpu" is a plain token: harmless inside one argv element, and allowed; so is
         * "on\r" as element text, which is trimmed to "on" */
        g_autofree char *stripped = g_strstrip(payload_bytes(p));
        gboolean token = (p->text && is_token(p->text, p->len)) ||
                         (strstr(fmt, ">@@<") && is_token(stripped, strlen(stripped)));
        if (payload_is_asked_for && !token)
            g_assert_true(armcpu_report_has_errors(report));
        check_cpu(cpu, NULL, p, payload_is_asked_for && !token);
    }
}

static void
test_guest_feature_name(void)
{
    guest_case("<cpu mode='host-passthrough'>\n"
               "  <feature policy='require' name='@@' value='on'/>\n</cpu>\n",
               TRUE);
    guest_case("<cpu mode='host-passthrough'>\n"
               "  <feature policy='force' name='@@' value='on'/>\n</cpu>\n",
               TRUE);
    guest_case("<cpu mode='host-passthrough'>\n"
               "  <feature policy='disable' name='@@'/>\n</cpu>\n",
               TRUE);
    guest_case("<cpu mode='host-passthrough'>\n"
               "  <feature policy='optional' name='@@' value='on'/>\n</cpu>\n",
               TRUE);
}

static void
test_guest_feature_value(void)
{
    guest_case("<cpu mode='host-passthrough'>\n"
               "  <feature policy='require' name='feat_AES' value='@@'/>\n</cpu>\n",
               TRUE);
    guest_case("<cpu mode='host-passthrough'>\n"
               "  <feature policy='force' name='sve' value='@@'/>\n</cpu>\n",
               TRUE);
    guest_case("<cpu mode='host-passthrough'>\n"
               "  <feature policy='optional' name='feat_SHA3' value='@@'/>\n</cpu>\n",
               TRUE);
    guest_case("<cpu mode='host-passthrough'>\n"
               "  <feature policy='force' name='x_unknown' value='@@'/>\n</cpu>\n",
               TRUE);
}

static void
test_guest_model(void)
{
    guest_case("<cpu mode='custom'><model>@@</model></cpu>\n", TRUE);
    guest_case("<cpu mode='custom'><model fallback='@@'>max</model></cpu>\n", FALSE);
    guest_case("<cpu mode='custom'><model vendor_id='@@'>max</model></cpu>\n", FALSE);
}

static void
test_guest_attributes(void)
{
    guest_case("<cpu mode='@@'><feature name='sve' value='on'/></cpu>\n", TRUE);
    guest_case("<cpu mode='host-passthrough' match='@@' check='full'/>\n", FALSE);
    guest_case("<cpu mode='host-passthrough' check='@@'/>\n", FALSE);
    guest_case("<cpu mode='host-passthrough' @@='x'/>\n", FALSE);
    guest_case("<cpu mode='host-passthrough'><topology sockets='@@'/><vendor>@@</vendor></cpu>\n",
               FALSE);
    guest_case("<domain type='@@'><os><type arch='aarch64'/></os>"
               "<cpu mode='maximum'/></domain>\n",
               FALSE);
    guest_case("<domain type='kvm'><os><type arch='@@'/></os>"
               "<cpu mode='host-passthrough'/></domain>\n",
               FALSE);
}

/* The public API builds guests in memory (baseline does too): the same rule holds. */
static void
test_guest_api(void)
{
    for (guint i = 0; i < G_N_ELEMENTS(payloads); i++) {
        const Payload *p = &payloads[i];
        g_autofree char *bytes = payload_bytes(p);
        static const ArmcpuFeaturePolicy policies[] = {ARMCPU_FEATURE_REQUIRE, ARMCPU_FEATURE_FORCE,
                                                       ARMCPU_FEATURE_OPTIONAL,
                                                       ARMCPU_FEATURE_DISABLE};

        g_test_message("[%s]", p->label);
        if (is_token(bytes, strlen(bytes)))
            continue; /* a plain token ("-cpu", or "on" before a NUL) may be asked for */
        for (guint k = 0; k < G_N_ELEMENTS(policies); k++) {
            g_autoptr(ArmcpuGuestCpu) by_name = armcpu_guest_cpu_new(ARMCPU_CPU_MODE_MAXIMUM);
            g_autoptr(ArmcpuGuestCpu) by_value = armcpu_guest_cpu_new(ARMCPU_CPU_MODE_MAXIMUM);
            g_autoptr(ArmcpuGuestCpu) by_model = armcpu_guest_cpu_new(ARMCPU_CPU_MODE_CUSTOM);

            armcpu_guest_cpu_add_feature(by_name, policies[k], bytes,
                                         policies[k] == ARMCPU_FEATURE_DISABLE ? NULL : "on");
            if (policies[k] != ARMCPU_FEATURE_DISABLE) {
                armcpu_guest_cpu_add_feature(by_value, policies[k], "sve", bytes);
                check_cpu(by_value, NULL, p, TRUE);
            }
            check_cpu(by_name, NULL, p, TRUE);
            armcpu_guest_cpu_set_model(by_model, bytes);
            check_cpu(by_model, NULL, p, TRUE);
        }
    }
}

/* ----- host capabilities from another host ----- */

static char *
grace_text(void)
{
    g_autofree char *path = test_data_path("hostcaps/grace.xml");
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(GMappedFile) file = g_mapped_file_new(path, FALSE, NULL);

    g_assert_nonnull(file);
    bytes = g_mapped_file_get_bytes(file);
    return g_strndup(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
}

/* A guest asking for every property of @acc at its host value or first supported value. */
static ArmcpuGuestCpu *
greedy_guest(const ArmcpuAccelCaps *acc)
{
    ArmcpuGuestCpu *cpu = armcpu_guest_cpu_new(ARMCPU_CPU_MODE_HOST_PASSTHROUGH);

    for (guint i = 0; i < armcpu_accel_caps_n_props(acc); i++) {
        const ArmcpuPropInfo *pi = armcpu_accel_caps_prop(acc, i);
        const ArmcpuValueSet *set = armcpu_prop_info_supported(pi);
        const char *v = armcpu_prop_info_host_value(pi);

        if (!v && set && armcpu_value_set_size(set))
            v = armcpu_value_set_item(set, 0)->text;
        armcpu_guest_cpu_add_feature(cpu, ARMCPU_FEATURE_FORCE, armcpu_prop_info_name(pi), v);
    }
    return cpu;
}

/* A guest asking for everything @acc lists, and the example guests, against @acc. */
static void
check_host(const ArmcpuAccelCaps *acc, const Payload *p)
{
    static const char *const examples[] = {"guest-grace.xml", "guest-max-tcg.xml",
                                           "guest-named-model.xml", "guest-pinned.xml"};
    g_autoptr(ArmcpuGuestCpu) greedy = greedy_guest(acc);

    check_cpu(greedy, acc, p, FALSE);
    for (guint i = 0; i < G_N_ELEMENTS(examples); i++) {
        g_autofree char *path = g_build_filename(ARMCPU_SOURCE_ROOT, "examples", examples[i], NULL);
        g_autoptr(ArmcpuReport) report = armcpu_report_new(NULL);
        g_autoptr(ArmcpuGuestCpu) cpu = armcpu_guest_cpu_parse_file(path, report, NULL);
        g_assert_nonnull(cpu);
        check_cpu(cpu, acc, p, FALSE);
    }
    g_autoptr(GPtrArray) ratings = armcpu_models_rate(reg, acc);
    g_assert_nonnull(ratings);
}

/* grace.xml with @find replaced by @fmt, whose "@@" is the payload; parse and check. */
static void
hostcaps_case(const char *find, const char *fmt)
{
    g_autofree char *text = grace_text();
    const char *found = strstr(text, find);
    gsize at;

    g_assert_nonnull(found);
    at = (gsize)(found - text);
    for (guint i = 0; i < G_N_ELEMENTS(payloads); i++) {
        const Payload *p = &payloads[i];
        g_autoptr(GString) repl = with_payload(fmt, p);
        g_autoptr(GString) doc = g_string_new_len(text, (gssize)at);
        g_autoptr(GError) err = NULL;
        g_autoptr(ArmcpuHostCaps) caps = NULL;

        g_string_append_len(doc, repl->str, (gssize)repl->len);
        g_string_append(doc, text + at + strlen(find));
        caps = armcpu_host_caps_parse_string(doc->str, doc->len, "other-host.xml", reg, &err);
        g_test_message("[%s] %s", p->label, caps ? "accepted" : err->message);
        if (!caps) {
            g_assert_true(err->domain == ARMCPU_HOST_CAPS_ERROR);
            continue;
        }
        for (int a = 0; a < ARMCPU_ACCEL_LAST; a++) {
            const ArmcpuAccelCaps *acc = armcpu_host_caps_accel(caps, a);
            if (acc)
                check_host(acc, p);
        }
    }
}

static void
test_hostcaps_property_name(void)
{
    hostcaps_case("<property name='aarch64' type='bool' source='derived' hostValue='on'>",
                  "<property name='@@' type='bool' source='derived' hostValue='on'>");
    hostcaps_case("<property name='aarch64' type='bool' value='on'/>",
                  "<property name='@@' type='bool' value='on'/>");
}

static void
test_hostcaps_values(void)
{
    hostcaps_case("<property name='aarch64' type='bool' source='derived' hostValue='on'>",
                  "<property name='aarch64' type='bool' source='derived' hostValue='@@'>");
    hostcaps_case("<value>pmull</value>", "<value>@@</value>");
    hostcaps_case("<property name='aarch64' type='bool' value='on'/>",
                  "<property name='aarch64' type='bool' value='@@'/>");
    hostcaps_case("<property name='feat_AES' type='string' value='pmull'/>",
                  "<property name='feat_AES' type='string' value='@@'/>");
    hostcaps_case("</cpuPropertyInfo>",
                  "<property name='x_new' type='string'><value>@@</value></property>"
                  "</cpuPropertyInfo>");
    hostcaps_case("</cpuPropertyInfo>",
                  "<property name='x_new' type='@@'><value>on</value></property>"
                  "</cpuPropertyInfo>");
}

static void
test_hostcaps_models(void)
{
    hostcaps_case("<model name='max' typename='max-arm-cpu'",
                  "<model name='@@' typename='max-arm-cpu'");
    hostcaps_case("<model name='max' typename='max-arm-cpu'", "<model name='max' typename='@@'");
    hostcaps_case("<blocker name='cpu_partnum'/>", "<blocker name='@@'/>");
    hostcaps_case("<command name='query-arm-cpu-props-info' present='yes'/>",
                  "<command name='@@' present='yes'/>");
    hostcaps_case("<cpuPropertyInfo command='query-arm-cpu-props-info'>",
                  "<cpuPropertyInfo command='@@'>");
    hostcaps_case("<hostCPU model='host'>", "<hostCPU model='@@'>");
}

static void
test_hostcaps_identity(void)
{
    hostcaps_case("path='/usr/bin/qemu-system-aarch64'", "path='@@'");
    hostcaps_case("kernel='6.8.0-1010-nvidia-64k'", "kernel='@@'");
    hostcaps_case("name='grace-synth-01'", "name='@@'");
    hostcaps_case("package='named-models-rfc-v2'", "package='@@'");
}

/* ----- QMP replies ----- */

static json_object *
jstr(const Payload *p)
{
    g_autofree char *bytes = payload_bytes(p);

    return json_object_new_string_len(bytes, (int)p->len);
}

/* Fill a kvm section from replies carrying the payload; refused, or clean. */
static void
qmp_case(int where)
{
    for (guint i = 0; i < G_N_ELEMENTS(payloads); i++) {
        const Payload *p = &payloads[i];
        g_autoptr(json_object) props = json_object_new_object();
        g_autoptr(json_object) info = json_object_new_array();
        g_autoptr(json_object) defs = json_object_new_array();
        json_object *entry = json_object_new_object();
        json_object *values = json_object_new_array();
        json_object *def = json_object_new_object();
        json_object *unavailable = json_object_new_array();
        g_autoptr(ArmcpuAccelCaps) acc = armcpu_accel_caps_new_with_registry(ARMCPU_ACCEL_KVM, reg);
        g_autoptr(GError) err = NULL;
        g_autofree char *bytes = payload_bytes(p);
        gboolean ok;

        json_object_object_add(props, "sve", json_object_new_boolean(TRUE));
        json_object_object_add(props, "feat_AES", json_object_new_string("pmull"));
        if (where == 0) /* expansion: a property name */
            json_object_object_add(props, bytes, json_object_new_boolean(TRUE));
        if (where == 1) /* expansion: a string value */
            json_object_object_add(props, "feat_SHA3", jstr(p));
        json_object_object_add(entry, "name",
                               where == 2 ? jstr(p) : json_object_new_string("feat_AES"));
        json_object_object_add(entry, "type",
                               where == 4 ? jstr(p) : json_object_new_string("string"));
        json_object_array_add(values, json_object_new_string("off"));
        json_object_array_add(values, where == 3 ? jstr(p) : json_object_new_string("pmull"));
        json_object_object_add(entry, "supported-values", values);
        json_object_array_add(info, entry);
        json_object_object_add(def, "name", where == 5 ? jstr(p) : json_object_new_string("max"));
        json_object_object_add(def, "typename",
                               where == 6 ? jstr(p) : json_object_new_string("max-arm-cpu"));
        json_object_array_add(unavailable, where == 7 ? jstr(p) : json_object_new_string("sve"));
        json_object_object_add(def, "unavailable-features", unavailable);
        json_object_array_add(defs, def);

        ok = armcpu_accel_caps_fill_props(acc, reg, "host", props, "query-arm-cpu-props-info", info,
                                          &err) &&
             armcpu_accel_caps_fill_models(acc, defs, &err);
        g_test_message("[%s] %s", p->label, ok ? "accepted" : err->message);
        if (!ok) {
            g_assert_true(err->domain == ARMCPU_HOST_CAPS_ERROR);
            continue;
        }
        check_host(acc, p);
    }
}

static void
test_qmp_replies(void)
{
    for (int where = 0; where < 8; where++)
        qmp_case(where);
}

int
main(int argc, char **argv)
{
    int rc;

    g_test_init(&argc, &argv, NULL);
    reg = test_registry();
    for (guint i = 0; i < G_N_ELEMENTS(hosts); i++) {
        g_autofree char *path = test_data_path(host_files[i]);
        g_autoptr(GError) err = NULL;
        hosts[i] = armcpu_host_caps_parse_file(path, reg, &err);
        g_assert_no_error(err);
    }
    g_test_add_func("/injection/guest/feature-name-never-reaches-cpu", test_guest_feature_name);
    g_test_add_func("/injection/guest/feature-value-never-reaches-cpu", test_guest_feature_value);
    g_test_add_func("/injection/guest/model-never-reaches-cpu", test_guest_model);
    g_test_add_func("/injection/guest/other-attributes-never-reach-cpu", test_guest_attributes);
    g_test_add_func("/injection/api/in-memory-guest-never-reaches-cpu", test_guest_api);
    g_test_add_func("/injection/hostcaps/property-name-refused-or-contained",
                    test_hostcaps_property_name);
    g_test_add_func("/injection/hostcaps/values-refused-or-contained", test_hostcaps_values);
    g_test_add_func("/injection/hostcaps/models-and-commands-refused-or-contained",
                    test_hostcaps_models);
    g_test_add_func("/injection/hostcaps/identity-refused-or-contained", test_hostcaps_identity);
    g_test_add_func("/injection/qmp/replies-refused-or-contained", test_qmp_replies);
    rc = g_test_run();
    for (guint i = 0; i < G_N_ELEMENTS(hosts); i++)
        armcpu_host_caps_free(hosts[i]);
    armcpu_registry_unref(reg);
    return rc;
}
