/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-libvirt-golden.c: tests/data/verify/libvirt/NAME.xml -> NAME.out, the
 * XML `armcpu libvirt` prints for libvirt 9.0 (or NAME.err, the problems of a
 * guest that fails validation). sysreg-* inputs are checked against
 * examples/hosts/grace-sysreg.xml, the others offline.
 *
 * Besides the text, every case checks that the output is well-formed XML,
 * that its JSON form validates against data/schemas/json/libvirt.schema.json,
 * and that libvirt's -cpu plus the -global options carry exactly the options
 * of `armcpu cmdline`: the same CPU, split in two. ARMCPU_REGENERATE=1
 * rewrites the expected files.
 */
#include "util/xml.h"
#include "verify-test.h"

#include <json-c/json.h>

static ArmcpuRegistry *reg;

typedef struct {
    char *input;  /* NAME.xml */
    char *expect; /* NAME (without extension) */
} Case;

static void
case_free(gpointer p)
{
    Case *c = p;

    g_free(c->input);
    g_free(c->expect);
    g_free(c);
}

static void
check_file(const char *path, const char *got)
{
    g_autofree char *want = NULL;

    if (g_getenv("ARMCPU_REGENERATE")) {
        if (got)
            g_assert_true(g_file_set_contents(path, got, -1, NULL));
        else
            g_unlink(path);
        return;
    }
    if (!g_file_get_contents(path, &want, NULL, NULL))
        want = NULL;
    if (g_strcmp0(want, got) != 0)
        g_error("%s:\n--- expected\n%s--- got\n%s", path, want ? want : "(no file)\n",
                got ? got : "(no file)\n");
}

/* @text, a fragment of elements, is well-formed XML. */
static void
assert_well_formed(const char *text)
{
    g_autofree char *wrapped = g_strdup_printf("<x>%s</x>", text);
    g_autoptr(GError) err = NULL;
    g_autoptr(xmlDoc) doc = armcpu_xml_parse(wrapped, strlen(wrapped), "out", 1 << 20, &err);

    g_assert_no_error(err);
    g_assert_nonnull(doc);
}

/* The "NAME=VALUE" options of a -cpu value (after the model), in order. */
static GPtrArray *
options_of(const char *cpu_arg)
{
    g_auto(GStrv) parts = g_strsplit(cpu_arg, ",", -1);
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);

    for (guint i = 1; parts[i]; i++)
        g_ptr_array_add(out, g_strdup(parts[i]));
    return out;
}

static gboolean
contains(GPtrArray *a, const char *s)
{
    for (guint i = 0; i < a->len; i++) {
        if (strcmp(g_ptr_array_index(a, i), s) == 0)
            return TRUE;
    }
    return FALSE;
}

/* libvirt's -cpu options plus the globals are exactly the options of cmdline. */
static void
assert_same_cpu(const ArmcpuGuestCpu *cpu, const ArmcpuAccelCaps *host,
                const ArmcpuLibvirtBridge *b)
{
    g_autoptr(ArmcpuReport) report = armcpu_report_new(NULL);
    g_autofree char *arg = armcpu_guest_cpu_cmdline(cpu, reg, host, report);
    g_autoptr(GPtrArray) want = options_of(arg);
    g_autoptr(GPtrArray) got = options_of(armcpu_libvirt_bridge_libvirt_cpu_arg(b));
    const char *type = armcpu_libvirt_bridge_cpu_type(b);

    g_auto(GStrv) want_model = NULL;
    g_auto(GStrv) got_model = NULL;

    g_assert_nonnull(arg);
    want_model = g_strsplit(arg, ",", 2);
    got_model = g_strsplit(armcpu_libvirt_bridge_libvirt_cpu_arg(b), ",", 2);
    g_assert_cmpstr(got_model[0], ==, want_model[0]);
    for (guint i = 0; i < armcpu_libvirt_bridge_n_globals(b); i++) {
        const ArmcpuLibvirtGlobal *g = armcpu_libvirt_bridge_global(b, i);
        g_autofree char *expect = g_strdup_printf("%s.%s=%s", type, g->property, g->value);
        g_assert_cmpstr(g->arg, ==, expect);
        g_ptr_array_add(got, g_strdup_printf("%s=%s", g->property, g->value));
    }
    g_assert_cmpuint(got->len, ==, want->len);
    for (guint i = 0; i < want->len; i++) {
        if (!contains(got, g_ptr_array_index(want, i)))
            g_error("-cpu option %s is neither in libvirt's <cpu> nor a -global",
                    (const char *)g_ptr_array_index(want, i));
    }
}

static void
run_case(gconstpointer data)
{
    const Case *c = data;
    g_autofree char *text = NULL;
    gsize len = 0;
    g_autofree char *name = g_path_get_basename(c->input);
    g_autofree char *out_path = g_strdup_printf("%s.out", c->expect);
    g_autofree char *err_path = g_strdup_printf("%s.err", c->expect);
    g_autoptr(ArmcpuReport) report = armcpu_report_new(name);
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuGuestCpu) cpu = NULL;
    g_autoptr(ArmcpuHostCaps) caps = NULL;
    g_autoptr(ArmcpuLibvirtBridge) b = NULL;
    g_autofree char *out = NULL;
    g_autofree char *problems = NULL;
    g_autofree char *json = NULL;
    const ArmcpuAccelCaps *host = NULL;

    g_assert_true(g_file_get_contents(c->input, &text, &len, NULL));
    cpu = armcpu_guest_cpu_parse_string(text, len, name, report, &err);
    g_assert_no_error(err);
    if (g_str_has_prefix(name, "sysreg-")) {
        g_autofree char *hp = g_build_filename(g_getenv("ARMCPU_TEST_DATA"), "..", "..", "examples",
                                               "hosts", "grace-sysreg.xml", NULL);
        caps = armcpu_host_caps_parse_file(hp, reg, &err);
        g_assert_no_error(err);
        host = armcpu_host_caps_pick_accel(caps, ARMCPU_ACCEL_LAST, &err);
        g_assert_no_error(err);
    }
    b = armcpu_libvirt_bridge(cpu, reg, host, report, &err);
    if (b) {
        g_assert_no_error(err);
        out = armcpu_libvirt_bridge_apply(b, text, len, name, &err);
        g_assert_no_error(err);
        assert_well_formed(out);
        assert_same_cpu(cpu, host, b);
    } else {
        g_assert_error(err, ARMCPU_LIBVIRT_ERROR, ARMCPU_LIBVIRT_ERROR_INVALID);
    }
    if (armcpu_report_n_problems(report))
        problems = armcpu_report_format_text(report);
    check_file(out_path, out);
    check_file(err_path, problems);
    json = armcpu_libvirt_bridge_to_json(b, name, host, report);
    test_check_json_schema("libvirt.schema.json", json);
}

/* ----- behaviours the golden files show, asserted on their own ----- */

static ArmcpuLibvirtBridge *
bridge_of(const char *xml)
{
    g_autoptr(ArmcpuReport) report = armcpu_report_new("g.xml");
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuGuestCpu) cpu =
        armcpu_guest_cpu_parse_string(xml, strlen(xml), "g.xml", report, &err);
    ArmcpuLibvirtBridge *b;

    g_assert_no_error(err);
    b = armcpu_libvirt_bridge(cpu, reg, NULL, report, &err);
    g_assert_no_error(err);
    return b;
}

static void
test_fragment_declares_qemu_namespace(void)
{
    g_autoptr(ArmcpuLibvirtBridge) b = bridge_of(
        "<cpu mode='maximum'><feature policy='require' name='sve-max-vq' value='2'/></cpu>");
    g_autofree char *out = armcpu_libvirt_bridge_format(b);

    g_assert_true(strstr(out, "<qemu:commandline "
                              "xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>\n"));
    g_assert_true(strstr(out, "  <qemu:arg value='-global'/>\n"
                              "  <qemu:arg value='max-arm-cpu.sve-max-vq=2'/>\n"));
}

static void
test_sve_lengths_stay_in_cpu(void)
{
    g_autoptr(ArmcpuLibvirtBridge) b =
        bridge_of("<cpu mode='maximum'><feature policy='disable' name='sve512'/>"
                  "<feature policy='require' name='sve256'/></cpu>");

    g_assert_cmpuint(armcpu_libvirt_bridge_n_globals(b), ==, 0);
    g_assert_cmpuint(armcpu_libvirt_bridge_n_features(b), ==, 2);
    g_assert_cmpint(armcpu_libvirt_bridge_feature(b, 0)->policy, ==, ARMCPU_FEATURE_DISABLE);
    g_assert_cmpint(armcpu_libvirt_bridge_feature(b, 1)->policy, ==, ARMCPU_FEATURE_REQUIRE);
    g_assert_cmpstr(armcpu_libvirt_bridge_libvirt_cpu_arg(b), ==, "max,sve512=off,sve256=on");
}

static void
test_cpu_type_follows_mode(void)
{
    g_autoptr(ArmcpuLibvirtBridge) h =
        bridge_of("<cpu mode='host-passthrough'><feature name='pmu' value='off'/></cpu>");
    g_autoptr(ArmcpuLibvirtBridge) m =
        bridge_of("<cpu mode='maximum'><feature name='pmu' value='off'/></cpu>");
    g_autoptr(ArmcpuLibvirtBridge) c = bridge_of(
        "<cpu mode='custom'><model>neoverse-n1</model><feature name='pmu' value='off'/></cpu>");

    g_assert_cmpstr(armcpu_libvirt_bridge_cpu_type(h), ==, "host-arm-cpu");
    g_assert_cmpstr(armcpu_libvirt_bridge_cpu_type(m), ==, "max-arm-cpu");
    g_assert_cmpstr(armcpu_libvirt_bridge_cpu_type(c), ==, "neoverse-n1-arm-cpu");
    g_assert_cmpstr(armcpu_libvirt_bridge_global(c, 0)->arg, ==, "neoverse-n1-arm-cpu.pmu=off");
}

static void
test_apply_rejects_other_documents(void)
{
    g_autoptr(ArmcpuLibvirtBridge) b =
        bridge_of("<cpu mode='maximum'><feature policy='disable' name='pauth'/></cpu>");
    const char *bad[] = {"<hostCapabilities/>", "<domain", "<!DOCTYPE domain><domain/>"};

    for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autoptr(GError) err = NULL;
        g_autofree char *out =
            armcpu_libvirt_bridge_apply(b, bad[i], strlen(bad[i]), "d.xml", &err);
        g_assert_null(out);
        g_assert_error(err, ARMCPU_LIBVIRT_ERROR, ARMCPU_LIBVIRT_ERROR_DOCUMENT);
    }
}

static void
test_apply_keeps_other_prefix_bound_to_qemu_ns(void)
{
    g_autoptr(ArmcpuLibvirtBridge) b =
        bridge_of("<cpu mode='maximum'><feature policy='disable' name='pauth'/></cpu>");
    const char *dom = "<domain type='qemu' xmlns:q='http://libvirt.org/schemas/domain/qemu/1.0'>"
                      "<cpu mode='maximum'/><q:commandline><q:arg value='-S'/></q:commandline>"
                      "</domain>";
    g_autoptr(GError) err = NULL;
    g_autofree char *out = armcpu_libvirt_bridge_apply(b, dom, strlen(dom), "d.xml", &err);

    g_assert_no_error(err);
    g_assert_true(strstr(out, "<q:arg value=\"-S\"/>\n    <q:arg value=\"-global\"/>\n"
                              "    <q:arg value=\"max-arm-cpu.pauth=off\"/>"));
    g_assert_null(strstr(out, "xmlns:qemu"));
}

/* ----- the command ----- */

static char *
libvirt_input(const char *name)
{
    return g_build_filename(g_getenv("ARMCPU_TEST_DATA"), "verify", "libvirt", name, NULL);
}

static void
test_cli_prints_golden_text(void)
{
    g_autofree char *in = libvirt_input("maximum-sve-max-vq.xml");
    g_autofree char *want_path = libvirt_input("maximum-sve-max-vq.out");
    g_autofree char *want = NULL;
    const char *argv[] = {ARMCPU_EXE, "libvirt", in, NULL};
    g_auto(TestRun) r = test_run_argv(argv, NULL, NULL, 30000);

    g_assert_cmpint(r.status, ==, 0);
    g_assert_true(g_file_get_contents(want_path, &want, NULL, NULL));
    g_assert_cmpstr(r.out, ==, want);
}

static void
test_cli_json_validates(void)
{
    g_autofree char *in = libvirt_input("domain-merge.xml");
    const char *argv[] = {ARMCPU_EXE, "--format", "json", "libvirt", in, NULL};
    g_auto(TestRun) r = test_run_argv(argv, NULL, NULL, 30000);

    g_assert_cmpint(r.status, ==, 0);
    test_check_json_schema("libvirt.schema.json", r.out);
    g_assert_true(strstr(r.out, "\"max-arm-cpu.sve-max-vq=2\""));
}

static void
test_cli_invalid_guest_exits_1(void)
{
    g_autofree char *in = libvirt_input("invalid-guest.xml");
    const char *argv[] = {ARMCPU_EXE, "libvirt", in, NULL};
    g_auto(TestRun) r = test_run_argv(argv, NULL, NULL, 30000);

    g_assert_cmpint(r.status, ==, 1);
    g_assert_cmpstr(r.out, ==, "");
    g_assert_true(strstr(r.err, "error: sve-max-vq: '99' is outside the range"));
}

static void
test_cli_fragment_of_a_domain(void)
{
    g_autofree char *in = libvirt_input("domain-merge.xml");
    const char *argv[] = {ARMCPU_EXE, "libvirt", "--fragment", in, NULL};
    g_auto(TestRun) r = test_run_argv(argv, NULL, NULL, 30000);

    g_assert_cmpint(r.status, ==, 0);
    g_assert_true(g_str_has_prefix(r.out, "<!-- For libvirt 9.0"));
    g_assert_null(strstr(r.out, "<name>"));
}

static void
test_cli_unreadable_document_exits_2(void)
{
    const char *argv[] = {ARMCPU_EXE, "libvirt", "/nonexistent/guest.xml", NULL};
    g_auto(TestRun) r = test_run_argv(argv, NULL, NULL, 30000);

    g_assert_cmpint(r.status, ==, 2);
}

static int
compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
main(int argc, char **argv)
{
    g_autoptr(GError) err = NULL;
    g_autofree char *dir = NULL;
    g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func(case_free);
    g_autoptr(GDir) d = NULL;
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    const char *name;
    int rc;

    g_test_init(&argc, &argv, NULL);
    reg = armcpu_registry_load_default(&err);
    g_assert_no_error(err);
    dir = g_build_filename(g_getenv("ARMCPU_TEST_DATA"), "verify", "libvirt", NULL);
    d = g_dir_open(dir, 0, &err);
    g_assert_no_error(err);
    while ((name = g_dir_read_name(d))) {
        if (g_str_has_suffix(name, ".xml"))
            g_ptr_array_add(names, g_strdup(name));
    }
    g_ptr_array_sort(names, compare_names);
    for (guint i = 0; i < names->len; i++) {
        const char *n = g_ptr_array_index(names, i);
        Case *c = g_new0(Case, 1);
        g_autofree char *stem = g_strndup(n, strlen(n) - 4);
        g_autofree char *path = g_strdup_printf("/libvirt/golden/%s", stem);
        c->input = g_build_filename(dir, n, NULL);
        c->expect = g_build_filename(dir, stem, NULL);
        g_ptr_array_add(cases, c);
        g_test_add_data_func(path, c, run_case);
    }
    g_test_add_func("/libvirt/fragment-declares-qemu-namespace",
                    test_fragment_declares_qemu_namespace);
    g_test_add_func("/libvirt/sve-lengths-stay-in-cpu", test_sve_lengths_stay_in_cpu);
    g_test_add_func("/libvirt/cpu-type-follows-mode", test_cpu_type_follows_mode);
    g_test_add_func("/libvirt/apply-rejects-other-documents", test_apply_rejects_other_documents);
    g_test_add_func("/libvirt/apply-keeps-other-prefix-bound-to-qemu-ns",
                    test_apply_keeps_other_prefix_bound_to_qemu_ns);

    g_test_add_func("/libvirt/cli/prints-golden-text", test_cli_prints_golden_text);
    g_test_add_func("/libvirt/cli/json-validates", test_cli_json_validates);
    g_test_add_func("/libvirt/cli/invalid-guest-exits-1", test_cli_invalid_guest_exits_1);
    g_test_add_func("/libvirt/cli/fragment-of-a-domain", test_cli_fragment_of_a_domain);
    g_test_add_func("/libvirt/cli/unreadable-document-exits-2",
                    test_cli_unreadable_document_exits_2);

    rc = g_test_run();
    armcpu_registry_unref(reg);
    return rc;
}
