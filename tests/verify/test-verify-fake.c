/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-verify-fake.c: `armcpu verify` against fake-qemu's ARM KVM host
 * profiles (tests/data/qemu/grace.json, grace-sysreg.json), and the library's
 * answers when QEMU crashes, hangs, talks garbage or is missing.
 *
 * ARMCPU_DEV_KVM=/dev/null makes /dev/kvm look usable, so armcpu probes the
 * fake's kvm section and verify runs it with -machine virt,accel=kvm; the
 * fake builds the CPU from its "qom" section and applies the -cpu options
 * (FAKE_QEMU_IGNORE makes it silently drop one).
 */
#include "verify-test.h"

#include <json-c/json.h>

static char *
fixture(const char *name)
{
    if (g_path_is_absolute(name))
        return g_strdup(name);
    return g_build_filename(g_getenv("ARMCPU_FAKE_QEMU_DATA"), name, NULL);
}

static char *
guest(const char *name)
{
    return g_build_filename(g_getenv("ARMCPU_TEST_DATA"), "verify", "fake", name, NULL);
}

/* Nothing started with @marker is still running. */
static void
assert_nothing_left(const char *marker)
{
    g_autoptr(GArray) pids = test_processes_with_env(marker);

    if (pids->len)
        g_error("%u process(es) left behind, first pid %d", pids->len, g_array_index(pids, int, 0));
}

/*
 * Run `armcpu [--format json] verify GUEST` against the fake answering from
 * @replies, with the extra environment @extra (nullable, "NAME=VALUE"s).
 */
static TestRun
run_verify(const char *replies, const char *guest_file, gboolean json, const char *extra)
{
    g_autofree char *cache = test_tmpdir("verify-cache");
    g_autofree char *fx = fixture(replies);
    g_autofree char *marker = test_marker();
    g_autofree char *env_replies = g_strdup_printf("FAKE_QEMU_REPLIES=%s", fx);
    const char *env[] = {env_replies, "ARMCPU_DEV_KVM=/dev/null", marker, extra, NULL};
    const char *argv[] = {
        ARMCPU_EXE, "--cache-dir",          cache,    "--emulator", g_getenv("ARMCPU_FAKE_QEMU"),
        "--format", json ? "json" : "text", "verify", guest_file,   NULL};
    TestRun r = test_run_argv(argv, env, NULL, 60000);

    assert_nothing_left(marker);
    test_rm_rf(cache);
    if (g_test_verbose())
        g_test_message("exit %d\n%s%s", r.status, r.out, r.err);
    return r;
}

static json_object *
parse_json(const char *text)
{
    json_object *o = json_tokener_parse(text);

    if (!o)
        g_error("not JSON:\n%s", text);
    return o;
}

/* The "checked" (or "sideEffects") entry of @o for @property, or NULL. */
static json_object *
entry(json_object *o, const char *list, const char *property)
{
    json_object *arr = NULL;

    g_assert_true(json_object_object_get_ex(o, list, &arr));
    for (gsize i = 0; i < json_object_array_length(arr); i++) {
        json_object *e = json_object_array_get_idx(arr, i), *p = NULL;
        if (json_object_object_get_ex(e, "property", &p) &&
            strcmp(json_object_get_string(p), property) == 0)
            return e;
    }
    return NULL;
}

static const char *
member(json_object *o, const char *key)
{
    json_object *v = NULL;

    if (!json_object_object_get_ex(o, key, &v))
        return NULL;
    return json_object_get_string(v);
}

/* A text line of @text matching the words @words separated by blanks. */
static gboolean
has_row(const char *text, const char *words)
{
    g_autofree char *pattern = NULL;
    g_auto(GStrv) parts = g_strsplit(words, " ", -1);
    g_autoptr(GString) re = g_string_new("(?m)^\\s*");

    for (guint i = 0; parts[i]; i++) {
        g_autofree char *q = g_regex_escape_string(parts[i], -1);
        g_string_append_printf(re, "%s%s", i ? "\\s+" : "", q);
    }
    g_string_append(re, "\\s*$");
    pattern = g_strdup(re->str);
    return g_regex_match_simple(pattern, text, 0, 0);
}

/* ----- through the CLI ----- */

static void
test_grace_valued_properties_match(void)
{
    g_autofree char *g = guest("grace-values.xml");
    g_auto(TestRun) r = run_verify("grace.json", g, TRUE, NULL);
    g_autoptr(json_object) o = parse_json(r.out);
    const char *props[] = {"feat_AES", "hw_prop_WRPs",    "feat_PAN",    "feat_TS",
                           "feat_RAS", "hw_prop_PARANGE", "hw_prop_GPA", "sve"};

    g_assert_cmpint(r.status, ==, 0);
    test_check_json_schema("verify.schema.json", r.out);
    g_assert_cmpstr(member(o, "result"), ==, "match");
    g_assert_cmpstr(member(o, "accel"), ==, "kvm");
    for (gsize i = 0; i < G_N_ELEMENTS(props); i++) {
        json_object *e = entry(o, "checked", props[i]);
        g_assert_nonnull(e);
        g_assert_cmpstr(member(e, "match"), ==, "true");
        g_assert_cmpstr(member(e, "got"), ==, member(e, "asked"));
    }
}

static void
test_grace_text_lists_every_value(void)
{
    g_autofree char *g = guest("grace-values.xml");
    g_auto(TestRun) r = run_verify("grace.json", g, FALSE, NULL);

    g_assert_cmpint(r.status, ==, 0);
    g_assert_true(strstr(r.out, ": match: QEMU 7.2.22 (kvm) gave every value asked for\n"));
    g_assert_true(has_row(r.out, "PROPERTY ASKED GOT"));
    g_assert_true(has_row(r.out, "feat_AES aes aes"));
    g_assert_true(has_row(r.out, "feat_RAS 1.1_base 1.1_base"));
    g_assert_true(has_row(r.out, "hw_prop_WRPs 2 2"));
}

static void
test_grace_side_effects_of_sve_off_reported(void)
{
    g_autofree char *g = guest("grace-values.xml");
    g_auto(TestRun) r = run_verify("grace.json", g, TRUE, NULL);
    g_autoptr(json_object) o = parse_json(r.out);
    json_object *s128 = entry(o, "sideEffects", "sve128");

    g_assert_cmpint(r.status, ==, 0);
    g_assert_nonnull(s128);
    g_assert_cmpstr(member(s128, "got"), ==, "off");
    g_assert_cmpstr(member(s128, "cause"), ==, "sve=off");
    g_assert_cmpstr(member(s128, "asExpected"), ==, "true");
    g_assert_nonnull(entry(o, "sideEffects", "sve2048"));
    /* the Grace host CPU has no sve-max-vq or sme: nothing to report for them */
    g_assert_null(entry(o, "sideEffects", "sve-max-vq"));
    g_assert_null(entry(o, "checked", "sve128"));
}

static void
test_grace_sysreg_translated_values_match(void)
{
    g_autofree char *g = guest("grace-sysreg-values.xml");
    g_auto(TestRun) r = run_verify("grace-sysreg.json", g, TRUE, NULL);
    g_autoptr(json_object) o = parse_json(r.out);
    json_object *aes = entry(o, "checked", "SYSREG_ID_AA64ISAR0_EL1_AES");
    json_object *ts = entry(o, "checked", "SYSREG_ID_AA64ISAR0_EL1_TS");

    g_assert_cmpint(r.status, ==, 0);
    test_check_json_schema("verify.schema.json", r.out);
    g_assert_cmpstr(member(o, "result"), ==, "match");
    g_assert_true(g_str_has_prefix(member(o, "cpu"), "host,SYSREG_ID_AA64ISAR0_EL1_AES=1,"));
    g_assert_nonnull(aes);
    g_assert_cmpstr(member(aes, "asked"), ==, "1");
    g_assert_cmpstr(member(aes, "got"), ==, "1");
    /* asked in hex, QEMU answers a JSON integer */
    g_assert_cmpstr(member(ts, "asked"), ==, "0x1");
    g_assert_cmpstr(member(ts, "got"), ==, "1");
    g_assert_cmpstr(member(ts, "match"), ==, "true");
    g_assert_nonnull(entry(o, "checked", "SYSREG_ID_AA64MMFR1_EL1_PAN"));
}

static void
test_grace_ignored_value_is_a_mismatch(void)
{
    g_autofree char *g = guest("grace-values.xml");
    g_auto(TestRun) r = run_verify("grace.json", g, FALSE, "FAKE_QEMU_IGNORE=feat_AES");

    g_assert_cmpint(r.status, ==, 1);
    g_assert_true(strstr(r.out, ": mismatch: QEMU 7.2.22 (kvm) did not give 1 of 8 values"));
    g_assert_true(has_row(r.out, "PROPERTY ASKED GOT"));
    g_assert_true(has_row(r.out, "feat_AES aes pmull"));
    /* the table lists the mismatches only */
    g_assert_false(has_row(r.out, "hw_prop_WRPs 2 2"));
}

static void
test_grace_ignored_value_json(void)
{
    g_autofree char *g = guest("grace-values.xml");
    g_auto(TestRun) r = run_verify("grace.json", g, TRUE, "FAKE_QEMU_IGNORE=feat_AES");
    g_autoptr(json_object) o = parse_json(r.out);
    json_object *aes = entry(o, "checked", "feat_AES");

    g_assert_cmpint(r.status, ==, 1);
    test_check_json_schema("verify.schema.json", r.out);
    g_assert_cmpstr(member(o, "result"), ==, "mismatch");
    g_assert_cmpstr(member(aes, "got"), ==, "pmull");
    g_assert_cmpstr(member(aes, "match"), ==, "false");
    g_assert_cmpstr(member(entry(o, "checked", "feat_PAN"), "match"), ==, "true");
}

static void
test_grace_sysreg_ignored_raw_value_is_a_mismatch(void)
{
    g_autofree char *g = guest("grace-sysreg-values.xml");
    g_auto(TestRun) r =
        run_verify("grace-sysreg.json", g, FALSE, "FAKE_QEMU_IGNORE=SYSREG_ID_AA64ISAR0_EL1_AES");

    g_assert_cmpint(r.status, ==, 1);
    g_assert_true(has_row(r.out, "SYSREG_ID_AA64ISAR0_EL1_AES 1 2"));
}

static void
test_grace_refused_named_model(void)
{
    g_autofree char *g = guest("grace-refused-model.xml");
    g_auto(TestRun) r = run_verify("grace.json", g, TRUE, NULL);
    g_autoptr(json_object) o = parse_json(r.out);
    json_object *off = NULL;

    g_assert_cmpint(r.status, ==, 1);
    test_check_json_schema("verify.schema.json", r.out);
    g_assert_cmpstr(member(o, "result"), ==, "refused");
    g_assert_true(
        strstr(member(o, "qemuError"), "cannot set feat_RAS=1.0 for CPU model 'arm-v8_4-a-v1'"));
    g_assert_true(json_object_object_get_ex(o, "offending", &off));
    g_assert_cmpstr(member(off, "property"), ==, "feat_RAS");
}

static void
test_grace_refused_named_model_text(void)
{
    g_autofree char *g = guest("grace-refused-model.xml");
    g_auto(TestRun) r = run_verify("grace.json", g, FALSE, NULL);

    g_assert_cmpint(r.status, ==, 1);
    g_assert_true(strstr(r.out, ": refused: QEMU 7.2.22 (kvm) would not start this CPU\n"));
    g_assert_true(strstr(r.out, "  -cpu arm-v8_4-a-v1,feat_RAS=1.1_base\n"));
    g_assert_true(
        strstr(r.out, "QEMU said:\n    qemu-system-aarch64: kvm: cannot set feat_RAS=1.0"));
}

static void
test_invalid_guest_is_not_started(void)
{
    g_autofree char *g = guest("grace-values.xml");
    g_autofree char *dir = test_tmpdir("verify-log");
    g_autofree char *log = g_build_filename(dir, "fake.log", NULL);
    g_autofree char *env_log = g_strdup_printf("FAKE_QEMU_LOG=%s", log);
    g_auto(TestRun) r = run_verify("grace-sysreg.json", g, TRUE, env_log);
    g_autoptr(json_object) o = parse_json(r.out);
    g_autofree char *started = NULL;

    g_assert_cmpint(r.status, ==, 1);
    test_check_json_schema("verify.schema.json", r.out);
    g_assert_cmpstr(member(o, "result"), ==, "invalid");
    /* only the probe ran (-machine none), never a guest */
    g_assert_true(g_file_get_contents(log, &started, NULL, NULL));
    g_assert_true(strstr(started, "-machine none"));
    g_assert_null(strstr(started, "-machine virt"));
    test_rm_rf(dir);
}

static void
test_missing_emulator_exits_3(void)
{
    g_autofree char *cache = test_tmpdir("verify-cache");
    g_autofree char *g = guest("grace-values.xml");
    const char *argv[] = {ARMCPU_EXE,          "--cache-dir", cache, "--emulator",
                          "/nonexistent/qemu", "verify",      g,     NULL};
    g_auto(TestRun) r = test_run_argv(argv, NULL, NULL, 30000);

    g_assert_cmpint(r.status, ==, 3);
    g_assert_true(strstr(r.err, "armcpu: error: "));
    test_rm_rf(cache);
}

static void
test_format_xml_is_a_usage_error(void)
{
    g_autofree char *g = guest("grace-values.xml");
    const char *argv[] = {ARMCPU_EXE, "--format", "xml", "verify", g, NULL};
    g_auto(TestRun) r = test_run_argv(argv, NULL, NULL, 30000);

    g_assert_cmpint(r.status, ==, 2);
    g_assert_true(strstr(r.err, "'verify' has no XML output"));
}

/* ----- the library against a misbehaving QEMU ----- */

static ArmcpuRegistry *reg;

/* armcpu_verify of qemu/@guest_name under tcg, no host, against the fake. */
static ArmcpuVerifyResult *
lib_verify(const char *replies, const char *fault, const char *guest_name, guint timeout_ms,
           GError **error)
{
    g_autofree char *path =
        g_build_filename(g_getenv("ARMCPU_TEST_DATA"), "verify", "qemu", guest_name, NULL);
    g_autofree char *fx = fixture(replies);
    g_autofree char *marker = test_marker();
    g_auto(GStrv) kv = g_strsplit(marker, "=", 2);
    g_autoptr(ArmcpuReport) report = armcpu_report_new(path);
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuGuestCpu) cpu = armcpu_guest_cpu_parse_file(path, report, &err);
    ArmcpuVerifyResult *r;

    g_assert_no_error(err);
    g_setenv("FAKE_QEMU_REPLIES", fx, TRUE);
    if (fault)
        g_setenv("FAKE_QEMU_FAULT", fault, TRUE);
    else
        g_unsetenv("FAKE_QEMU_FAULT");
    g_setenv(kv[0], kv[1], TRUE);
    r = armcpu_verify(cpu, reg, NULL, ARMCPU_ACCEL_TCG, g_getenv("ARMCPU_FAKE_QEMU"), timeout_ms,
                      report, error);
    g_unsetenv(kv[0]);
    g_unsetenv("FAKE_QEMU_FAULT");
    assert_nothing_left(marker);
    return r;
}

static void
test_lib_tcg_max_matches(void)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuVerifyResult) r = lib_verify("tcg-only.json", NULL, "max-sve-off.xml", 0, &err);
    const ArmcpuVerifyCheck *c;

    g_assert_no_error(err);
    g_assert_cmpint(armcpu_verify_result_outcome(r), ==, ARMCPU_VERIFY_MATCH);
    g_assert_cmpuint(armcpu_verify_result_n_checks(r), ==, 1);
    c = armcpu_verify_result_check(r, 0);
    g_assert_cmpstr(c->property, ==, "sve");
    g_assert_cmpstr(c->got, ==, "off");
    g_assert_cmpint(c->line, ==, 2);
    g_assert_cmpuint(armcpu_verify_result_n_side_effects(r), ==, 18);
    g_assert_cmpstr(armcpu_verify_result_cpu_arg(r), ==, "max,sve=off");
    g_assert_cmpstr(armcpu_verify_result_qemu_version(r), ==, "7.2.22");
    g_assert_null(armcpu_verify_result_qemu_error(r));
}

static void
test_lib_events_between_replies_do_not_matter(void)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuVerifyResult) r =
        lib_verify("tcg-only.json", "events", "max-sve-max-vq-2.xml", 0, &err);

    g_assert_no_error(err);
    g_assert_cmpint(armcpu_verify_result_outcome(r), ==, ARMCPU_VERIFY_MATCH);
}

static void
test_lib_refusal_keeps_qemu_message(void)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuVerifyResult) r =
        lib_verify("tcg-only.json", NULL, "max-sve-max-vq-99.xml", 0, &err);
    const char *asked = NULL;
    int line = 0;

    g_assert_no_error(err);
    g_assert_cmpint(armcpu_verify_result_outcome(r), ==, ARMCPU_VERIFY_REFUSED);
    g_assert_true(strstr(armcpu_verify_result_qemu_error(r), "Valid sve-max-vq in range [1-16]"));
    g_assert_cmpstr(armcpu_verify_result_offending(r, &asked, &line), ==, "sve-max-vq");
    g_assert_cmpstr(asked, ==, "99");
    g_assert_cmpint(line, ==, 3);
    g_assert_cmpuint(armcpu_verify_result_n_checks(r), ==, 0);
}

static void
test_lib_crash_at_start_is_a_start_error(void)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuVerifyResult) r =
        lib_verify("tcg-only.json", "crash-at-start", "max-sve-off.xml", 0, &err);

    g_assert_null(r);
    g_assert_error(err, ARMCPU_VERIFY_ERROR, ARMCPU_VERIFY_ERROR_START);
    g_assert_true(strstr(err->message, "fake crash at start"));
}

static void
test_lib_unavailable_accel_is_a_start_error(void)
{
    g_autofree char *path =
        g_build_filename(g_getenv("ARMCPU_TEST_DATA"), "verify", "qemu", "max-sve-off.xml", NULL);
    g_autofree char *fx = fixture("tcg-only.json");
    g_autoptr(ArmcpuReport) report = armcpu_report_new(path);
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuGuestCpu) cpu = armcpu_guest_cpu_parse_file(path, report, &err);
    g_autoptr(ArmcpuVerifyResult) r = NULL;

    g_assert_no_error(err);
    g_setenv("FAKE_QEMU_REPLIES", fx, TRUE);
    r = armcpu_verify(cpu, reg, NULL, ARMCPU_ACCEL_KVM, g_getenv("ARMCPU_FAKE_QEMU"), 0, report,
                      &err);
    g_assert_null(r);
    g_assert_error(err, ARMCPU_VERIFY_ERROR, ARMCPU_VERIFY_ERROR_START);
    g_assert_true(strstr(err->message, "invalid accelerator kvm"));
}

static void
test_lib_hang_is_a_timeout(void)
{
    g_autoptr(GError) err = NULL;
    gint64 start = g_get_monotonic_time();
    g_autoptr(ArmcpuVerifyResult) r =
        lib_verify("tcg-only.json", "hang-after:1", "max-sve-off.xml", 1500, &err);

    g_assert_null(r);
    g_assert_error(err, ARMCPU_VERIFY_ERROR, ARMCPU_VERIFY_ERROR_TIMEOUT);
    /* bounded by the timeout (generously, for valgrind) */
    g_assert_cmpint(g_get_monotonic_time() - start, <, 20 * G_USEC_PER_SEC);
}

static void
test_lib_silent_start_is_a_timeout(void)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuVerifyResult) r =
        lib_verify("tcg-only.json", "no-greeting", "max-sve-off.xml", 1000, &err);

    g_assert_null(r);
    g_assert_error(err, ARMCPU_VERIFY_ERROR, ARMCPU_VERIFY_ERROR_TIMEOUT);
}

static void
test_lib_crash_while_reading_is_a_qmp_error(void)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuVerifyResult) r =
        lib_verify("tcg-only.json", "crash-after:2", "max-sve-off.xml", 0, &err);

    g_assert_null(r);
    g_assert_error(err, ARMCPU_VERIFY_ERROR, ARMCPU_VERIFY_ERROR_QMP);
}

static void
test_lib_garbage_is_a_qmp_error(void)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuVerifyResult) r =
        lib_verify("tcg-only.json", "garbage-after:2", "max-sve-off.xml", 0, &err);

    g_assert_null(r);
    g_assert_error(err, ARMCPU_VERIFY_ERROR, ARMCPU_VERIFY_ERROR_QMP);
}

static void
test_lib_no_cpu_listed(void)
{
    g_autofree char *replies =
        g_build_filename(g_getenv("ARMCPU_TEST_DATA"), "verify", "fake", "no-cpu.json", NULL);
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuVerifyResult) r = lib_verify(replies, NULL, "max-sve-off.xml", 0, &err);

    g_assert_null(r);
    g_assert_error(err, ARMCPU_VERIFY_ERROR, ARMCPU_VERIFY_ERROR_NO_CPU);
}

/* armcpu_verify of max,sve=off with qemu-exits-early.sh saying @said. */
static ArmcpuVerifyResult *
early_exit_verify(const char *said, GError **error)
{
    g_autofree char *path =
        g_build_filename(g_getenv("ARMCPU_TEST_DATA"), "verify", "qemu", "max-sve-off.xml", NULL);
    g_autofree char *standin =
        g_build_filename(g_getenv("ARMCPU_TEST_DATA"), "..", "verify", "qemu-exits-early.sh", NULL);
    g_autoptr(ArmcpuReport) report = armcpu_report_new(path);
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuGuestCpu) cpu = armcpu_guest_cpu_parse_file(path, report, &err);
    ArmcpuVerifyResult *r;

    g_assert_no_error(err);
    g_setenv("STANDIN_STDERR", said, TRUE);
    r = armcpu_verify(cpu, reg, NULL, ARMCPU_ACCEL_TCG, standin, 0, report, error);
    g_unsetenv("STANDIN_STDERR");
    return r;
}

static void
test_lib_refusal_before_greeting_is_a_refusal(void)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuVerifyResult) r =
        early_exit_verify("qemu-system-aarch64: can't apply global max-arm-cpu.sve=off: Property "
                          "'max-arm-cpu.sve' not found",
                          &err);

    g_assert_no_error(err);
    g_assert_cmpint(armcpu_verify_result_outcome(r), ==, ARMCPU_VERIFY_REFUSED);
    g_assert_cmpstr(armcpu_verify_result_offending(r, NULL, NULL), ==, "sve");
    g_assert_null(armcpu_verify_result_qemu_version(r));
}

static void
test_lib_unrelated_early_exit_is_a_start_error(void)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuVerifyResult) r =
        early_exit_verify("qemu-system-aarch64: failed to initialize kvm: Permission denied", &err);

    g_assert_null(r);
    g_assert_error(err, ARMCPU_VERIFY_ERROR, ARMCPU_VERIFY_ERROR_START);
    g_assert_true(strstr(err->message, "Permission denied"));
}

static void
test_lib_missing_emulator(void)
{
    g_autofree char *path =
        g_build_filename(g_getenv("ARMCPU_TEST_DATA"), "verify", "qemu", "max-sve-off.xml", NULL);
    g_autoptr(ArmcpuReport) report = armcpu_report_new(path);
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuGuestCpu) cpu = armcpu_guest_cpu_parse_file(path, report, &err);
    g_autoptr(ArmcpuVerifyResult) r = NULL;

    g_assert_no_error(err);
    r = armcpu_verify(cpu, reg, NULL, ARMCPU_ACCEL_LAST, "/nonexistent/qemu-system-aarch64", 0,
                      report, &err);
    g_assert_null(r);
    g_assert_error(err, ARMCPU_VERIFY_ERROR, ARMCPU_VERIFY_ERROR_EMULATOR);
}

static void
test_lib_invalid_guest_is_an_error(void)
{
    const char *xml = "<cpu mode='maximum'><feature policy='require' name='feat_NOPE' "
                      "value='1'/></cpu>";
    g_autoptr(ArmcpuReport) report = armcpu_report_new("g.xml");
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuGuestCpu) cpu =
        armcpu_guest_cpu_parse_string(xml, strlen(xml), "g.xml", report, &err);
    g_autoptr(ArmcpuVerifyResult) r = NULL;

    g_assert_no_error(err);
    r = armcpu_verify(cpu, reg, NULL, ARMCPU_ACCEL_TCG, "/nonexistent/qemu", 0, report, &err);
    g_assert_null(r);
    g_assert_error(err, ARMCPU_VERIFY_ERROR, ARMCPU_VERIFY_ERROR_INVALID);
    g_assert_true(armcpu_report_has_errors(report));
}

int
main(int argc, char **argv)
{
    g_autoptr(GError) err = NULL;
    int rc;

    g_test_init(&argc, &argv, NULL);
    reg = armcpu_registry_load_default(&err);
    g_assert_no_error(err);
    g_setenv("FAKE_QEMU_MAX_LIFETIME", "60", TRUE);

    g_test_add_func("/verify/fake/grace/valued-properties-match",
                    test_grace_valued_properties_match);
    g_test_add_func("/verify/fake/grace/text-lists-every-value", test_grace_text_lists_every_value);
    g_test_add_func("/verify/fake/grace/side-effects-of-sve-off-reported",
                    test_grace_side_effects_of_sve_off_reported);
    g_test_add_func("/verify/fake/grace-sysreg/translated-values-match",
                    test_grace_sysreg_translated_values_match);
    g_test_add_func("/verify/fake/grace/ignored-value-is-a-mismatch",
                    test_grace_ignored_value_is_a_mismatch);
    g_test_add_func("/verify/fake/grace/ignored-value-json", test_grace_ignored_value_json);
    g_test_add_func("/verify/fake/grace-sysreg/ignored-raw-value-is-a-mismatch",
                    test_grace_sysreg_ignored_raw_value_is_a_mismatch);
    g_test_add_func("/verify/fake/grace/refused-named-model", test_grace_refused_named_model);
    g_test_add_func("/verify/fake/grace/refused-named-model-text",
                    test_grace_refused_named_model_text);
    g_test_add_func("/verify/fake/invalid-guest-is-not-started", test_invalid_guest_is_not_started);
    g_test_add_func("/verify/fake/missing-emulator-exits-3", test_missing_emulator_exits_3);
    g_test_add_func("/verify/fake/format-xml-is-a-usage-error", test_format_xml_is_a_usage_error);
    g_test_add_func("/verify/lib/tcg-max-matches", test_lib_tcg_max_matches);
    g_test_add_func("/verify/lib/events-between-replies-do-not-matter",
                    test_lib_events_between_replies_do_not_matter);
    g_test_add_func("/verify/lib/refusal-keeps-qemu-message", test_lib_refusal_keeps_qemu_message);
    g_test_add_func("/verify/lib/crash-at-start-is-a-start-error",
                    test_lib_crash_at_start_is_a_start_error);
    g_test_add_func("/verify/lib/unavailable-accel-is-a-start-error",
                    test_lib_unavailable_accel_is_a_start_error);
    g_test_add_func("/verify/lib/hang-is-a-timeout", test_lib_hang_is_a_timeout);
    g_test_add_func("/verify/lib/silent-start-is-a-timeout", test_lib_silent_start_is_a_timeout);
    g_test_add_func("/verify/lib/crash-while-reading-is-a-qmp-error",
                    test_lib_crash_while_reading_is_a_qmp_error);
    g_test_add_func("/verify/lib/garbage-is-a-qmp-error", test_lib_garbage_is_a_qmp_error);
    g_test_add_func("/verify/lib/no-cpu-listed", test_lib_no_cpu_listed);
    g_test_add_func("/verify/lib/refusal-before-greeting-is-a-refusal",
                    test_lib_refusal_before_greeting_is_a_refusal);
    g_test_add_func("/verify/lib/unrelated-early-exit-is-a-start-error",
                    test_lib_unrelated_early_exit_is_a_start_error);
    g_test_add_func("/verify/lib/missing-emulator", test_lib_missing_emulator);
    g_test_add_func("/verify/lib/invalid-guest-is-an-error", test_lib_invalid_guest_is_an_error);

    rc = g_test_run();
    armcpu_registry_unref(reg);
    return rc;
}
