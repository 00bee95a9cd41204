/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-hostcaps-doc.c: the host capabilities document: golden files built
 * from recorded QMP replies, round trips, the RelaxNG schema, hostile input.
 */
#include "hostcaps-test.h"
#include "util/xml.h"

#include <libxml/relaxng.h>
#include <sys/wait.h>

static ArmcpuRegistry *reg;

/* Golden documents: tests/data/hostcaps/NAME.{xml,json} from inputs/NAME.json. */
static const char *const goldens[] = {"grace", "typed", "sysreg", "qemu72-tcg"};

static char *
golden_rel(const char *name, const char *ext)
{
    return g_strdup_printf("hostcaps/%s.%s", name, ext);
}

static char *
golden_text(const char *name)
{
    g_autofree char *rel = golden_rel(name, "xml");
    g_autofree char *path = test_data_path(rel);
    g_autoptr(GError) err = NULL;
    char *text = NULL;

    g_file_get_contents(path, &text, NULL, &err);
    g_assert_no_error(err);
    return text;
}

static ArmcpuHostCaps *
parse_ok(const char *text, const ArmcpuRegistry *r)
{
    g_autoptr(GError) err = NULL;
    ArmcpuHostCaps *caps = armcpu_host_caps_parse_string(text, strlen(text), "test.xml", r, &err);

    g_assert_no_error(err);
    g_assert_nonnull(caps);
    return caps;
}

/* Parse @text, which must fail with @code; returns the message. */
static char *
parse_fails(const char *text, int code)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuHostCaps) caps =
        armcpu_host_caps_parse_string(text, strlen(text), "bad.xml", reg, &err);

    g_assert_null(caps);
    if (err)
        g_test_message("%s", err->message);
    g_assert_error(err, ARMCPU_HOST_CAPS_ERROR, code);
    return g_strdup(err->message);
}

/* ----- goldens ----- */

static void
test_golden_xml(gconstpointer data)
{
    const char *name = data;
    g_autofree char *input = g_strdup_printf("hostcaps/inputs/%s.json", name);
    g_autoptr(ArmcpuHostCaps) caps = test_build_caps(input, reg);
    g_autofree char *xml = armcpu_host_caps_format(caps);
    g_autofree char *rel = golden_rel(name, "xml");

    test_golden(rel, xml);
}

static void
test_golden_json(gconstpointer data)
{
    const char *name = data;
    g_autofree char *input = g_strdup_printf("hostcaps/inputs/%s.json", name);
    g_autoptr(ArmcpuHostCaps) caps = test_build_caps(input, reg);
    g_autofree char *json = armcpu_host_caps_to_json(caps);
    g_autofree char *rel = golden_rel(name, "json");

    test_golden(rel, json);
}

static void
test_golden_round_trip(gconstpointer data)
{
    g_autofree char *text = golden_text(data);
    g_autoptr(ArmcpuHostCaps) caps = parse_ok(text, reg);
    g_autofree char *again = armcpu_host_caps_format(caps);

    test_assert_text(data, again, text);
}

static void
test_golden_round_trip_without_registry(gconstpointer data)
{
    g_autofree char *text = golden_text(data);
    g_autoptr(ArmcpuHostCaps) caps = parse_ok(text, NULL);
    g_autofree char *again = armcpu_host_caps_format(caps);

    test_assert_text(data, again, text);
}

static void
test_golden_json_from_parsed(gconstpointer data)
{
    const char *name = data;
    g_autofree char *text = golden_text(name);
    g_autoptr(ArmcpuHostCaps) caps = parse_ok(text, reg);
    g_autofree char *json = armcpu_host_caps_to_json(caps);
    g_autofree char *rel = golden_rel(name, "json");
    g_autofree char *path = test_data_path(rel);
    g_autofree char *expected = NULL;

    if (test_regenerate())
        return;
    g_assert_true(g_file_get_contents(path, &expected, NULL, NULL));
    test_assert_text(path, json, expected);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlRelaxNGParserCtxt, xmlRelaxNGFreeParserCtxt)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlRelaxNG, xmlRelaxNGFree)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlRelaxNGValidCtxt, xmlRelaxNGFreeValidCtxt)

static void
test_golden_schema(gconstpointer data)
{
    g_autofree char *text = golden_text(data);
    g_autofree char *schema_path =
        g_build_filename(g_getenv("ARMCPU_DATA_DIR"), "schemas", "hostcaps.rng", NULL);
    g_autoptr(GError) err = NULL;
    g_autoptr(xmlDoc) doc = armcpu_xml_parse(text, strlen(text), data, 1 << 24, &err);
    g_assert_no_error(err);

    /* our own schema only: RelaxNG parsing is not used on input documents */
    g_autoptr(xmlRelaxNGParserCtxt) pctxt = xmlRelaxNGNewParserCtxt(schema_path);
    g_assert_nonnull(pctxt);
    g_autoptr(xmlRelaxNG) schema = xmlRelaxNGParse(pctxt);
    g_assert_nonnull(schema);
    g_autoptr(xmlRelaxNGValidCtxt) vctxt = xmlRelaxNGNewValidCtxt(schema);
    g_assert_cmpint(xmlRelaxNGValidateDoc(vctxt, doc), ==, 0);
}

/* The golden JSON has the right structure, and (when python3 has the
 * jsonschema module) validates against data/schemas/json/hostcaps.schema.json. */
static void
test_golden_json_schema(gconstpointer data)
{
    g_autofree char *rel = golden_rel(data, "json");
    g_autofree char *golden = test_data_path(rel);
    g_autoptr(json_object) doc = test_json_file(rel);
    json_object *accels = test_member(doc, "accels");
    g_autofree char *python = g_find_program_in_path("python3");
    g_autofree char *script = g_build_filename(g_getenv("ARMCPU_TEST_DATA"), "..", "hostcaps",
                                               "check-json-schema.py", NULL);
    g_autofree char *schema = g_build_filename(g_getenv("ARMCPU_DATA_DIR"), "schemas", "json",
                                               "hostcaps.schema.json", NULL);
    g_autofree char *errors = NULL;
    g_autoptr(GError) err = NULL;
    int status = 0;

    g_assert_cmpint(json_object_get_int(test_member(doc, "format")), ==, 1);
    g_assert_true(json_object_is_type(accels, json_type_array));
    g_assert_cmpuint(json_object_array_length(accels), >=, 1);
    for (gsize i = 0; i < json_object_array_length(accels); i++) {
        json_object *acc = json_object_array_get_idx(accels, i);
        json_object *info = test_member(acc, "cpuPropertyInfo");
        g_assert_true(json_object_is_type(test_member(acc, "models"), json_type_array));
        g_assert_true(json_object_is_type(test_member(info, "props"), json_type_array));
    }

    if (!python) {
        g_test_skip("python3 is not installed");
        return;
    }
    /* a child process: not traced when the suite runs under valgrind */
    const char *argv[] = {python, script, schema, golden, NULL};
    g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &errors,
                 &status, &err);
    g_assert_no_error(err);
    if (g_spawn_check_wait_status(status, NULL))
        return;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 77) {
        g_test_skip("python3 jsonschema is not installed");
        return;
    }
    g_error("%s does not validate against %s:\n%s", golden, schema, errors);
}

/* ----- the model the golden files describe ----- */

static ArmcpuHostCaps *
golden_caps(const char *name)
{
    g_autofree char *text = golden_text(name);

    return parse_ok(text, reg);
}

static void
test_reads_identity(void)
{
    g_autoptr(ArmcpuHostCaps) caps = golden_caps("grace");

    g_assert_cmpstr(armcpu_host_caps_armcpu_version(caps), ==, "0.1.0");
    g_assert_cmpstr(armcpu_host_caps_emulator_path(caps), ==, "/usr/bin/qemu-system-aarch64");
    g_assert_cmpstr(armcpu_host_caps_qemu_version(caps), ==, "10.1.50");
    g_assert_cmpstr(armcpu_host_caps_host_arch(caps), ==, "aarch64");
    g_assert_cmpstr(armcpu_host_caps_kernel_release(caps), ==, "6.8.0-1010-nvidia-64k");
    g_assert_cmpstr(caps->host_name, ==, "grace-synth-01");
    g_assert_cmpstr(armcpu_host_caps_label(caps), ==, "test.xml"); /* named as read */
    g_assert_cmpint(caps->emulator_ctime, ==, G_GINT64_CONSTANT(1767225600250000000));
    g_assert_cmpstr(caps->midr, ==, "0x410fd4f0");
    g_assert_true(caps->kvm_usable);
}

static void
test_label_falls_back_to_file_name(void)
{
    g_autofree char *path = test_data_path("hostcaps/sysreg.xml");
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuHostCaps) caps = armcpu_host_caps_parse_file(path, reg, &err);

    g_assert_no_error(err);
    g_free(caps->host_name);
    caps->host_name = NULL;
    g_assert_cmpstr(armcpu_host_caps_label(caps), ==, "sysreg.xml");
}

static void
test_pick_accel_prefers_kvm(void)
{
    g_autoptr(ArmcpuHostCaps) grace = golden_caps("grace");
    g_autoptr(ArmcpuHostCaps) tcg_only = golden_caps("qemu72-tcg");
    g_autoptr(GError) err = NULL;
    const ArmcpuAccelCaps *acc;

    acc = armcpu_host_caps_pick_accel(grace, ARMCPU_ACCEL_LAST, &err);
    g_assert_no_error(err);
    g_assert_cmpint(armcpu_accel_caps_accel(acc), ==, ARMCPU_ACCEL_KVM);
    acc = armcpu_host_caps_pick_accel(grace, ARMCPU_ACCEL_TCG, &err);
    g_assert_no_error(err);
    g_assert_cmpint(armcpu_accel_caps_accel(acc), ==, ARMCPU_ACCEL_TCG);
    acc = armcpu_host_caps_pick_accel(tcg_only, ARMCPU_ACCEL_LAST, &err);
    g_assert_no_error(err);
    g_assert_cmpint(armcpu_accel_caps_accel(acc), ==, ARMCPU_ACCEL_TCG);
    g_assert_null(armcpu_host_caps_accel(tcg_only, ARMCPU_ACCEL_KVM));
}

static void
test_accel_label_names_its_host(void)
{
    g_autoptr(ArmcpuHostCaps) caps = golden_caps("grace");
    g_autoptr(ArmcpuHostCaps) built = test_build_caps("hostcaps/inputs/typed.json", reg);
    g_autoptr(ArmcpuAccelCaps) loose = armcpu_accel_caps_new(ARMCPU_ACCEL_TCG);

    g_assert_cmpstr(armcpu_accel_caps_label(armcpu_host_caps_accel(caps, ARMCPU_ACCEL_TCG)), ==,
                    "test.xml");
    g_assert_cmpstr(armcpu_accel_caps_label(built->accels[ARMCPU_ACCEL_KVM]), ==,
                    "graviton3-synth");
    g_assert_null(armcpu_accel_caps_label(loose));
}

static void
test_pick_accel_refuses_missing(void)
{
    g_autoptr(ArmcpuHostCaps) caps = golden_caps("qemu72-tcg");
    g_autoptr(GError) err = NULL;

    g_assert_null(armcpu_host_caps_pick_accel(caps, ARMCPU_ACCEL_KVM, &err));
    g_assert_error(err, ARMCPU_HOST_CAPS_ERROR, ARMCPU_HOST_CAPS_ERROR_NO_ACCEL);
    g_assert_nonnull(strstr(err->message, "kvm"));
}

static void
test_reads_props_and_models(void)
{
    g_autoptr(ArmcpuHostCaps) caps = golden_caps("grace");
    const ArmcpuAccelCaps *kvm = armcpu_host_caps_accel(caps, ARMCPU_ACCEL_KVM);
    const ArmcpuPropInfo *pi;
    const ArmcpuHostModel *m;

    g_assert_cmpint(armcpu_accel_caps_dialect(kvm), ==, ARMCPU_DIALECT_NAMED);
    g_assert_cmpstr(armcpu_accel_caps_expansion_model(kvm), ==, "host");
    g_assert_true(armcpu_accel_caps_has_command(kvm, "query-arm-cpu-props-info"));
    g_assert_false(armcpu_accel_caps_has_command(kvm, "query-cpu-props-info"));
    g_assert_false(armcpu_accel_caps_has_command(kvm, "no-such-command"));

    pi = armcpu_accel_caps_lookup(kvm, "feat_RAS");
    g_assert_nonnull(pi);
    g_assert_cmpint(armcpu_prop_info_kind(pi), ==, ARMCPU_KIND_FRACTIONAL);
    g_assert_cmpstr(armcpu_prop_info_type(pi), ==, "string");
    g_assert_cmpstr(armcpu_prop_info_host_value(pi), ==, "1.1_base");
    g_assert_cmpint(armcpu_prop_info_source(pi), ==, ARMCPU_SUPPORT_PROPS_INFO);
    g_assert_true(armcpu_prop_info_registry(pi) == armcpu_registry_lookup(reg, "feat_RAS"));

    pi = armcpu_accel_caps_lookup(kvm, "hw_prop_WRPs");
    g_assert_true(armcpu_value_set_contains(armcpu_prop_info_supported(pi), "0x2"));
    g_assert_false(armcpu_value_set_contains(armcpu_prop_info_supported(pi), "4"));

    pi = armcpu_accel_caps_lookup(kvm, "sve-max-vq");
    g_assert_cmpint(armcpu_prop_info_source(pi), ==, ARMCPU_SUPPORT_DERIVED);
    g_assert_cmpstr(armcpu_prop_info_host_value(pi), ==, "1");

    for (guint i = 1; i < armcpu_accel_caps_n_props(kvm); i++)
        g_assert_cmpstr(armcpu_prop_info_name(armcpu_accel_caps_prop(kvm, i - 1)), <,
                        armcpu_prop_info_name(armcpu_accel_caps_prop(kvm, i)));

    m = armcpu_accel_caps_find_model(kvm, "graviton3-v1");
    g_assert_cmpint(armcpu_host_model_usable(m), ==, ARMCPU_USABLE_NO);
    g_assert_cmpstr(armcpu_host_model_blockers(m)[0], ==, "cpu_partnum");
    g_assert_cmpstr(armcpu_host_model_typename(m), ==, "graviton3-v1-arm-cpu");
    m = armcpu_accel_caps_model(kvm, 0);
    g_assert_cmpstr(armcpu_host_model_name(m), ==, "cortex-a57");
    g_assert_cmpint(armcpu_host_model_usable(m), ==, ARMCPU_USABLE_UNKNOWN);
    g_assert_false(armcpu_host_model_deprecated(m));
    g_assert_null(armcpu_accel_caps_find_model(kvm, "nosuch"));
}

static void
test_qemu72_has_real_models_and_sve_max_vq(void)
{
    g_autoptr(ArmcpuHostCaps) caps = golden_caps("qemu72-tcg");
    const ArmcpuAccelCaps *tcg = armcpu_host_caps_accel(caps, ARMCPU_ACCEL_TCG);
    const ArmcpuPropInfo *pi = armcpu_accel_caps_lookup(tcg, "sve-max-vq");
    g_autofree char *set = armcpu_value_set_format(armcpu_prop_info_supported(pi));

    g_assert_cmpuint(armcpu_accel_caps_n_models(tcg), ==, 42);
    g_assert_cmpstr(armcpu_host_model_name(armcpu_accel_caps_model(tcg, 0)), ==, "pxa270-c0");
    g_assert_cmpint(armcpu_accel_caps_dialect(tcg), ==, ARMCPU_DIALECT_QEMU);
    /* 21 expansion booleans and the derived sve-max-vq */
    g_assert_cmpuint(armcpu_accel_caps_n_props(tcg), ==, 22);
    g_assert_cmpstr(set, ==, "1-16");
}

/* ----- hostile documents ----- */

static void
test_refuses_truncated(void)
{
    g_autofree char *text = golden_text("sysreg");
    const char *end = strstr(text, "</hostCapabilities>");
    gsize complete = (gsize)(end - text) + strlen("</hostCapabilities>");

    for (gsize len = 0; len < complete; len += (len < 200 ? 1 : 7)) {
        g_autoptr(GError) err = NULL;
        g_autoptr(ArmcpuHostCaps) caps =
            armcpu_host_caps_parse_string(text, len, "cut.xml", reg, &err);
        g_assert_null(caps);
        g_assert_error(err, ARMCPU_HOST_CAPS_ERROR, ARMCPU_HOST_CAPS_ERROR_XML);
    }
}

/* Flip one bit of every byte in turn: the parser either refuses the
 * document with an error or reads it; what it reads formats stably. */
static void
test_bit_flips_never_crash(void)
{
    g_autofree char *text = golden_text("typed");
    gsize len = strlen(text);
    guint accepted = 0;

    for (gsize i = 0; i < len; i++) {
        g_autofree char *copy = g_memdup2(text, len + 1);
        g_autoptr(GError) err = NULL;
        copy[i] ^= (char)(1u << (i % 8));
        g_autoptr(ArmcpuHostCaps) caps =
            armcpu_host_caps_parse_string(copy, len, "flip.xml", reg, &err);
        if (!caps) {
            g_assert_nonnull(err);
            g_assert_true(err->domain == ARMCPU_HOST_CAPS_ERROR);
            continue;
        }
        accepted++;
        g_autofree char *once = armcpu_host_caps_format(caps);
        g_autoptr(ArmcpuHostCaps) again = parse_ok(once, reg);
        g_autofree char *twice = armcpu_host_caps_format(again);
        g_assert_cmpstr(once, ==, twice);
    }
    g_test_message("%u of %" G_GSIZE_FORMAT " flipped documents were still valid", accepted, len);
}

static void
test_refuses_doctype(void)
{
    static const char doc[] =
        "<?xml version='1.0'?>\n"
        "<!DOCTYPE lolz [<!ENTITY lol 'lol'>"
        "<!ENTITY lol2 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>"
        "<!ENTITY lol3 '&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'>]>\n"
        "<hostCapabilities format='1'><armcpu version='&lol3;'/></hostCapabilities>\n";
    g_autofree char *msg = parse_fails(doc, ARMCPU_HOST_CAPS_ERROR_XML);

    g_assert_nonnull(strstr(msg, "DOCTYPE"));
}

/* The byte scan for "<!DOCTYPE" does not see one written in UTF-16. */
static void
test_refuses_doctype_in_utf16(void)
{
    static const char ascii[] = "<?xml version='1.0' encoding='UTF-16'?>\n"
                                "<!DOCTYPE h [<!ENTITY a 'SYSREG_X'>]>\n"
                                "<hostCapabilities format='1'><armcpu version='&a;'/>"
                                "</hostCapabilities>\n";
    gsize n = strlen(ascii);
    g_autofree char *utf16 = g_malloc0(2 * n + 2);
    g_autoptr(GError) err = NULL;

    utf16[0] = (char)0xff; /* little-endian byte order mark */
    utf16[1] = (char)0xfe;
    for (gsize i = 0; i < n; i++)
        utf16[2 + 2 * i] = ascii[i];
    g_assert_null(armcpu_host_caps_parse_string(utf16, 2 * n + 2, "utf16.xml", reg, &err));
    g_assert_error(err, ARMCPU_HOST_CAPS_ERROR, ARMCPU_HOST_CAPS_ERROR_XML);
}

/* The sysreg golden with @from replaced (once) by @to. */
static char *
golden_with(const char *from, const char *to)
{
    g_autofree char *text = golden_text("sysreg");
    const char *at = strstr(text, from);

    g_assert_nonnull(at);
    return g_strdup_printf("%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
}

static int
line_of(const char *text, const char *needle)
{
    const char *at = strstr(text, needle);
    int line = 1;

    g_assert_nonnull(at);
    for (const char *p = text; p < at; p++)
        line += *p == '\n';
    return line;
}

static void
test_refuses_comma_in_name_with_file_and_line(void)
{
    g_autofree char *doc =
        golden_with("name='SYSREG_ID_AA64ISAR0_EL1_AES' type='number' source",
                    "name='SYSREG_ID_AA64ISAR0_EL1_AES,x=y' type='number' source");
    g_autofree char *msg = parse_fails(doc, ARMCPU_HOST_CAPS_ERROR_VALUE);
    g_autofree char *where =
        g_strdup_printf("bad.xml:%d:", line_of(doc, "SYSREG_ID_AA64ISAR0_EL1_AES,x=y' type"));

    g_assert_true(g_str_has_prefix(msg, where));
    g_assert_nonnull(strstr(msg, "'SYSREG_ID_AA64ISAR0_EL1_AES,x=y'"));
}

static void
test_refuses_format_version_2(void)
{
    g_autofree char *doc = golden_with("format='1'", "format='2'");
    g_autofree char *msg = parse_fails(doc, ARMCPU_HOST_CAPS_ERROR_VERSION);

    g_assert_nonnull(strstr(msg, "'2'"));
}

typedef struct {
    const char *path;
    const char *from;
    const char *to;
    int code;
} Mutation;

static const Mutation mutations[] = {
    {"/hostcaps/doc/refuses-value-with-equals", "<value>0</value>", "<value>a=b</value>",
     ARMCPU_HOST_CAPS_ERROR_VALUE},
    {"/hostcaps/doc/refuses-65-byte-value", "hostValue='2'",
     "hostValue='11111111111111111111111111111111111111111111111111111111111111111'",
     ARMCPU_HOST_CAPS_ERROR_VALUE},
    {"/hostcaps/doc/refuses-non-ascii-value", "<model name='max'", "<model name='m\xc3\xa4x'",
     ARMCPU_HOST_CAPS_ERROR_VALUE},
    {"/hostcaps/doc/refuses-space-in-value", "value='on'/>", "value='on -cpu'/>",
     ARMCPU_HOST_CAPS_ERROR_VALUE},
    {"/hostcaps/doc/refuses-newline-in-attribute", "<model name='max'", "<model name='ma&#10;x'",
     ARMCPU_HOST_CAPS_ERROR_VALUE},
    {"/hostcaps/doc/refuses-unknown-element", "<commands>", "<commands><extra/>",
     ARMCPU_HOST_CAPS_ERROR_SHAPE},
    {"/hostcaps/doc/refuses-unknown-attribute", "<host ", "<host colour='blue' ",
     ARMCPU_HOST_CAPS_ERROR_SHAPE},
    {"/hostcaps/doc/refuses-text-in-element-content", "<commands>", "<commands>hello",
     ARMCPU_HOST_CAPS_ERROR_SHAPE},
    {"/hostcaps/doc/refuses-misplaced-section", "<armcpu version='0.1.0'/>", "",
     ARMCPU_HOST_CAPS_ERROR_SHAPE},
    {"/hostcaps/doc/refuses-duplicate-accelerator", "</hostCapabilities>",
     "<accel type='kvm' dialect='qemu'><commands/><models/><cpuPropertyInfo/></accel>"
     "</hostCapabilities>",
     ARMCPU_HOST_CAPS_ERROR_DUPLICATE},
    {"/hostcaps/doc/refuses-duplicate-property", "<cpuPropertyInfo>",
     "<cpuPropertyInfo><property name='aarch64' type='bool'/>", ARMCPU_HOST_CAPS_ERROR_DUPLICATE},
    {"/hostcaps/doc/refuses-duplicate-model", "<models>",
     "<models><model name='max' usable='unknown' deprecated='no'/>",
     ARMCPU_HOST_CAPS_ERROR_DUPLICATE},
    {"/hostcaps/doc/refuses-malformed-number", "size='", "size='+", ARMCPU_HOST_CAPS_ERROR_VALUE},
    {"/hostcaps/doc/refuses-malformed-time", "ctime='1772323200.500000000'", "ctime='1772323200.5'",
     ARMCPU_HOST_CAPS_ERROR_VALUE},
    {"/hostcaps/doc/refuses-malformed-version", "<qemu version='10.2.0'", "<qemu version='10.2'",
     ARMCPU_HOST_CAPS_ERROR_VALUE},
    {"/hostcaps/doc/refuses-relative-emulator-path", "path='/usr/bin/", "path='usr/bin/",
     ARMCPU_HOST_CAPS_ERROR_VALUE},
    {"/hostcaps/doc/refuses-range-of-bool",
     "name='aarch64' type='bool' source='derived' "
     "hostValue='on'>",
     "name='aarch64' type='bool' source='derived' hostValue='on'><range min='0' max='1'/>",
     ARMCPU_HOST_CAPS_ERROR_SHAPE},
    {"/hostcaps/doc/refuses-reversed-range", "<range min='0' max='2'/>", "<range min='3' max='2'/>",
     ARMCPU_HOST_CAPS_ERROR_VALUE},
    {"/hostcaps/doc/refuses-range-written-as-value", "<range min='0' max='2'/>",
     "<value>0-2</value>", ARMCPU_HOST_CAPS_ERROR_SHAPE},
    {"/hostcaps/doc/refuses-bool-value-that-is-not-bool", "<value>on</value>",
     "<value>maybe</value>", ARMCPU_HOST_CAPS_ERROR_VALUE},
    {"/hostcaps/doc/refuses-host-value-of-wrong-kind", "hostValue='2'", "hostValue='pmull'",
     ARMCPU_HOST_CAPS_ERROR_VALUE},
    {"/hostcaps/doc/refuses-unknown-source", "source='derived'", "source='guessed'",
     ARMCPU_HOST_CAPS_ERROR_VALUE},
    {"/hostcaps/doc/refuses-blockers-on-usable-model",
     "<model name='max' typename='max-arm-cpu' "
     "usable='unknown' deprecated='no'/>",
     "<model name='max' usable='yes' deprecated='no'><blocker name='x'/></model>",
     ARMCPU_HOST_CAPS_ERROR_SHAPE},
    {"/hostcaps/doc/refuses-unknown-accelerator", "<accel type='kvm'", "<accel type='hvf'",
     ARMCPU_HOST_CAPS_ERROR_VALUE},
    {"/hostcaps/doc/refuses-namespaced-element", "<commands>",
     "<commands><x:command xmlns:x='urn:x' name='a' present='yes'/>", ARMCPU_HOST_CAPS_ERROR_SHAPE},
    {"/hostcaps/doc/refuses-accel-parts-out-of-order", "</models>", "</models><commands/>",
     ARMCPU_HOST_CAPS_ERROR_SHAPE},
    {"/hostcaps/doc/refuses-hostcpu-number-in-hex", "type='number' value='2'/>",
     "type='number' value='0x2'/>", ARMCPU_HOST_CAPS_ERROR_VALUE},
    {"/hostcaps/doc/refuses-entity-reference", "<value>on</value>", "<value>&foo;</value>",
     ARMCPU_HOST_CAPS_ERROR_XML},
};

static void
test_mutation(gconstpointer data)
{
    const Mutation *m = data;
    g_autofree char *doc = golden_with(m->from, m->to);
    g_autofree char *msg = parse_fails(doc, m->code);

    g_assert_true(g_str_has_prefix(msg, "bad.xml:"));
}

static void
test_refuses_wrong_root(void)
{
    g_autofree char *msg =
        parse_fails("<cpu mode='host-passthrough'/>", ARMCPU_HOST_CAPS_ERROR_ROOT);

    g_assert_nonnull(strstr(msg, "<cpu>"));
}

static void
test_refuses_missing_sections(void)
{
    g_autofree char *msg =
        parse_fails("<hostCapabilities format='1'><armcpu version='1'/></hostCapabilities>",
                    ARMCPU_HOST_CAPS_ERROR_SHAPE);

    g_assert_nonnull(strstr(msg, "<emulator>"));
}

static void
test_refuses_too_many_values(void)
{
    g_autoptr(GString) values = g_string_new("<property name='feat_X' type='string'>");

    for (int i = 0; i <= ARMCPU_HOST_CAPS_MAX_VALUES; i++)
        g_string_append_printf(values, "<value>v%d</value>", i);
    g_string_append(values, "</property>");
    g_autofree char *from = g_strdup("<cpuPropertyInfo>");
    g_autofree char *to = g_strconcat("<cpuPropertyInfo>", values->str, NULL);
    g_autofree char *doc = golden_with(from, to);
    g_autofree char *msg = parse_fails(doc, ARMCPU_HOST_CAPS_ERROR_LIMIT);

    g_assert_nonnull(strstr(msg, "more than 256 supported values"));
}

static void
test_refuses_too_many_models(void)
{
    g_autoptr(GString) models = g_string_new("<models>");

    for (int i = 0; i <= ARMCPU_HOST_CAPS_MAX_MODELS; i++)
        g_string_append_printf(models, "<model name='m%d' usable='unknown' deprecated='no'/>", i);
    g_autofree char *doc = golden_with("<models>", models->str);
    g_autofree char *msg = parse_fails(doc, ARMCPU_HOST_CAPS_ERROR_LIMIT);

    g_assert_nonnull(strstr(msg, "more than 1024 models"));
}

static void
test_refuses_oversized_input(void)
{
    gsize len = ARMCPU_HOST_CAPS_MAX_SIZE + 1;
    g_autofree char *big = g_malloc(len + 1);
    g_autoptr(GError) err = NULL;

    memset(big, ' ', len);
    big[len] = '\0';
    g_assert_null(armcpu_host_caps_parse_string(big, len, "big.xml", reg, &err));
    g_assert_error(err, ARMCPU_HOST_CAPS_ERROR, ARMCPU_HOST_CAPS_ERROR_READ);
}

static void
test_refuses_missing_file(void)
{
    g_autoptr(GError) err = NULL;

    g_assert_null(armcpu_host_caps_parse_file("/nonexistent/caps.xml", reg, &err));
    g_assert_error(err, ARMCPU_HOST_CAPS_ERROR, ARMCPU_HOST_CAPS_ERROR_READ);
}

static void
test_accepts_comments_and_any_attribute_order(void)
{
    g_autofree char *doc =
        golden_with("<host name='altra-synth-07' arch='aarch64'",
                    "<!-- a comment --><host arch='aarch64' name='altra-synth-07'");
    g_autofree char *orig = golden_text("sysreg");
    g_autoptr(ArmcpuHostCaps) caps = parse_ok(doc, reg);
    g_autofree char *again = armcpu_host_caps_format(caps);

    g_assert_cmpstr(again, ==, orig);
}

int
main(int argc, char **argv)
{
    int rc;

    g_test_init(&argc, &argv, NULL);
    reg = test_registry();

    for (gsize i = 0; i < G_N_ELEMENTS(goldens); i++) {
        static const struct {
            const char *what;
            GTestDataFunc fn;
        } cases[] = {
            {"matches-golden-xml", test_golden_xml},
            {"matches-golden-json", test_golden_json},
            {"round-trips-byte-identical", test_golden_round_trip},
            {"round-trips-without-registry", test_golden_round_trip_without_registry},
            {"json-of-parsed-document-matches", test_golden_json_from_parsed},
            {"validates-against-relaxng-schema", test_golden_schema},
            {"json-validates-against-json-schema", test_golden_json_schema},
        };
        for (gsize c = 0; c < G_N_ELEMENTS(cases); c++) {
            g_autofree char *path =
                g_strdup_printf("/hostcaps/golden/%s/%s", goldens[i], cases[c].what);
            g_test_add_data_func(path, goldens[i], cases[c].fn);
        }
    }
    g_test_add_func("/hostcaps/doc/reads-identity", test_reads_identity);
    g_test_add_func("/hostcaps/doc/label-falls-back-to-file-name",
                    test_label_falls_back_to_file_name);
    g_test_add_func("/hostcaps/doc/pick-accel-prefers-kvm", test_pick_accel_prefers_kvm);
    g_test_add_func("/hostcaps/doc/pick-accel-refuses-missing", test_pick_accel_refuses_missing);
    g_test_add_func("/hostcaps/doc/accel-label-names-its-host", test_accel_label_names_its_host);
    g_test_add_func("/hostcaps/doc/reads-props-and-models", test_reads_props_and_models);
    g_test_add_func("/hostcaps/doc/qemu72-has-real-models-and-sve-max-vq",
                    test_qemu72_has_real_models_and_sve_max_vq);
    g_test_add_func("/hostcaps/doc/accepts-comments-and-any-attribute-order",
                    test_accepts_comments_and_any_attribute_order);
    g_test_add_func("/hostcaps/hostile/refuses-truncated", test_refuses_truncated);
    g_test_add_func("/hostcaps/hostile/bit-flips-never-crash", test_bit_flips_never_crash);
    g_test_add_func("/hostcaps/hostile/refuses-doctype-billion-laughs", test_refuses_doctype);
    g_test_add_func("/hostcaps/hostile/refuses-doctype-in-utf16", test_refuses_doctype_in_utf16);
    g_test_add_func("/hostcaps/hostile/refuses-comma-in-name-with-file-and-line",
                    test_refuses_comma_in_name_with_file_and_line);
    g_test_add_func("/hostcaps/hostile/refuses-format-version-2", test_refuses_format_version_2);
    g_test_add_func("/hostcaps/hostile/refuses-wrong-root", test_refuses_wrong_root);
    g_test_add_func("/hostcaps/hostile/refuses-missing-sections", test_refuses_missing_sections);
    g_test_add_func("/hostcaps/hostile/refuses-too-many-values", test_refuses_too_many_values);
    g_test_add_func("/hostcaps/hostile/refuses-too-many-models", test_refuses_too_many_models);
    g_test_add_func("/hostcaps/hostile/refuses-oversized-input", test_refuses_oversized_input);
    g_test_add_func("/hostcaps/hostile/refuses-missing-file", test_refuses_missing_file);
    for (gsize i = 0; i < G_N_ELEMENTS(mutations); i++)
        g_test_add_data_func(mutations[i].path, &mutations[i], test_mutation);

    rc = g_test_run();
    armcpu_registry_unref(reg);
    return rc;
}
