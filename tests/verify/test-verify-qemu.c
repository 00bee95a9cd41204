/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-verify-qemu.c: `armcpu verify` on Debian's real qemu-system-aarch64
 * (TCG): QEMU's max CPU with sve=off, pauth=off, sve-max-vq=2 and sve256=on
 * gives what was asked and the side effects are reported; configurations
 * QEMU refuses come back with QEMU's own reason; no QEMU is left behind.
 *
 * QEMU is a test dependency (scripts/install-deps.sh installs it): when it is
 * missing these tests fail, they are never skipped.
 */
#include "verify-test.h"

#include <glib/gstdio.h>
#include <json-c/json.h>
#include <stdio.h>

static char *cache_dir;

static char *
guest(const char *name)
{
    return g_build_filename(g_getenv("ARMCPU_TEST_DATA"), "verify", "qemu", name, NULL);
}

/*
 * `armcpu [--format json] verify [--feature F...] tests/data/verify/qemu/NAME`
 * on the real QEMU; @features is NULL or a NULL-terminated list.
 */
static TestRun
run_verify_with(const char *name, gboolean json, const char *const *features)
{
    g_autofree char *g = guest(name);
    g_autofree char *marker = test_marker();
    const char *env[] = {marker, NULL};
    g_autoptr(GPtrArray) args = g_ptr_array_new();
    const char *head[] = {ARMCPU_EXE, "--cache-dir",          cache_dir, "--accel", "tcg",
                          "--format", json ? "json" : "text", "verify"};
    const char **argv;
    gint64 start;
    TestRun r;

    for (gsize i = 0; i < G_N_ELEMENTS(head); i++)
        g_ptr_array_add(args, (gpointer)head[i]);
    for (const char *const *f = features; f && *f; f++) {
        g_ptr_array_add(args, (gpointer) "--feature");
        g_ptr_array_add(args, (gpointer)*f);
    }
    g_ptr_array_add(args, g);
    g_ptr_array_add(args, NULL);
    argv = (const char **)args->pdata;
    start = g_get_monotonic_time();
    r = test_run_argv(argv, env, NULL, 60000);
    g_autoptr(GArray) left = test_processes_with_env(marker);

    g_test_message("armcpu verify %s: exit %d in %.1f ms", name, r.status,
                   (double)(g_get_monotonic_time() - start) / 1000.0);
    if (g_test_verbose())
        g_test_message("%s%s", r.out, r.err);
    if (left->len)
        g_error("verify %s left %u QEMU process(es) behind (pid %d)", name, left->len,
                g_array_index(left, int, 0));
    return r;
}

static TestRun
run_verify(const char *name, gboolean json)
{
    return run_verify_with(name, json, NULL);
}

static json_object *
parse_json(const TestRun *r)
{
    json_object *o = json_tokener_parse(r->out);

    if (!o)
        g_error("not JSON (exit %d):\n%s\n%s", r->status, r->out, r->err);
    test_check_json_schema("verify.schema.json", r->out);
    return o;
}

static const char *
member(json_object *o, const char *key)
{
    json_object *v = NULL;

    return json_object_object_get_ex(o, key, &v) ? json_object_get_string(v) : NULL;
}

static json_object *
entry(json_object *o, const char *list, const char *property)
{
    json_object *arr = NULL;

    g_assert_true(json_object_object_get_ex(o, list, &arr));
    for (gsize i = 0; i < json_object_array_length(arr); i++) {
        json_object *e = json_object_array_get_idx(arr, i);
        if (g_strcmp0(member(e, "property"), property) == 0)
            return e;
    }
    return NULL;
}

/* @o matched, and @property was asked @asked and QEMU gave exactly that. */
static void
assert_match(json_object *o, const char *property, const char *asked)
{
    json_object *e = entry(o, "checked", property);

    g_assert_cmpstr(member(o, "result"), ==, "match");
    g_assert_cmpstr(member(o, "accel"), ==, "tcg");
    g_assert_nonnull(e);
    g_assert_cmpstr(member(e, "asked"), ==, asked);
    g_assert_cmpstr(member(e, "got"), ==, asked);
    g_assert_cmpstr(member(e, "match"), ==, "true");
}

/* @property was reported as a side effect with value @got, as the rules predicted. */
static void
assert_side_effect(json_object *o, const char *property, const char *got, const char *cause)
{
    json_object *e = entry(o, "sideEffects", property);

    if (!e)
        g_error("no side effect on %s reported", property);
    g_assert_cmpstr(member(e, "got"), ==, got);
    g_assert_cmpstr(member(e, "cause"), ==, cause);
    g_assert_cmpstr(member(e, "asExpected"), ==, "true");
}

static void
test_max_sve_off(void)
{
    g_auto(TestRun) r = run_verify("max-sve-off.xml", TRUE);
    g_autoptr(json_object) o = parse_json(&r);
    static const char *const lengths[] = {
        "sve128",  "sve256",  "sve384",  "sve512",  "sve640",  "sve768",  "sve896",  "sve1024",
        "sve1152", "sve1280", "sve1408", "sve1536", "sve1664", "sve1792", "sve1920", "sve2048"};

    g_assert_cmpint(r.status, ==, 0);
    assert_match(o, "sve", "off");
    for (gsize i = 0; i < G_N_ELEMENTS(lengths); i++)
        assert_side_effect(o, lengths[i], "off", "sve=off");
    assert_side_effect(o, "sve-max-vq", "0", "sve=off");
    assert_side_effect(o, "sme", "off", "sve=off");
}

static void
test_max_pauth_off(void)
{
    g_auto(TestRun) r = run_verify("max-pauth-off.xml", TRUE);
    g_autoptr(json_object) o = parse_json(&r);

    g_assert_cmpint(r.status, ==, 0);
    assert_match(o, "pauth", "off");
    assert_side_effect(o, "pauth-impdef", "off", "pauth=off");
    /* QEMU 7.2 has no pauth-qarma3 (8.1+): not reported rather than made up */
    g_assert_null(entry(o, "sideEffects", "pauth-qarma3"));
}

static void
test_max_sve_max_vq_2(void)
{
    g_auto(TestRun) r = run_verify("max-sve-max-vq-2.xml", TRUE);
    g_autoptr(json_object) o = parse_json(&r);
    json_object *effects = NULL;

    g_assert_cmpint(r.status, ==, 0);
    assert_match(o, "sve-max-vq", "2");
    assert_side_effect(o, "sve384", "off", "sve-max-vq=2");
    assert_side_effect(o, "sve2048", "off", "sve-max-vq=2");
    g_assert_null(entry(o, "sideEffects", "sve256"));
    g_assert_true(json_object_object_get_ex(o, "sideEffects", &effects));
    g_assert_cmpuint(json_object_array_length(effects), ==, 14);
}

static void
test_feature_options_are_verified_like_the_document(void)
{
    const char *const features[] = {"sve=on", "sve-max-vq=2", NULL};
    g_auto(TestRun) r = run_verify_with("max-sve-off.xml", TRUE, features);
    g_autoptr(json_object) o = parse_json(&r);

    g_assert_cmpint(r.status, ==, 0);
    /* --feature sve=on replaced the document's sve=off; sve-max-vq was added */
    assert_match(o, "sve", "on");
    assert_match(o, "sve-max-vq", "2");
    assert_side_effect(o, "sve512", "off", "sve-max-vq=2");
}

static void
test_max_sve256_on(void)
{
    g_auto(TestRun) r = run_verify("max-sve256-on.xml", TRUE);
    g_autoptr(json_object) o = parse_json(&r);
    json_object *vq;

    g_assert_cmpint(r.status, ==, 0);
    assert_match(o, "sve256", "on");
    /* the longest length asked for becomes the maximum (reference §7) */
    vq = entry(o, "sideEffects", "sve-max-vq");
    g_assert_nonnull(vq);
    g_assert_cmpstr(member(vq, "got"), ==, "2");
    g_assert_cmpstr(member(entry(o, "sideEffects", "sve512"), "got"), ==, "off");
}

static void
test_text_verdict_and_table(void)
{
    g_auto(TestRun) r = run_verify("max-sve-max-vq-2.xml", FALSE);

    g_assert_cmpint(r.status, ==, 0);
    g_assert_true(strstr(r.out, "max-sve-max-vq-2.xml: match: QEMU 7.2"));
    g_assert_true(strstr(r.out, "(tcg) gave every value asked for\n  -cpu max,sve-max-vq=2\n"));
    g_assert_true(strstr(r.out, "changed as a side effect (not mismatches):\n"));
}

static void
test_cortex_a57_sve_refused(void)
{
    g_auto(TestRun) r = run_verify("cortex-a57-sve.xml", FALSE);

    g_assert_cmpint(r.status, ==, 1);
    g_assert_true(strstr(r.out, ": refused: QEMU 7.2"));
    g_assert_true(strstr(r.out, "  -cpu cortex-a57,sve=on\n"));
    g_assert_true(strstr(r.out, "  offending property: sve=on ("));
    g_assert_true(strstr(r.out, "Property 'cortex-a57-arm-cpu.sve' not found"));
}

static void
test_cortex_a57_sve_refused_json(void)
{
    g_auto(TestRun) r = run_verify("cortex-a57-sve.xml", TRUE);
    g_autoptr(json_object) o = parse_json(&r);
    json_object *off = NULL;

    g_assert_cmpint(r.status, ==, 1);
    g_assert_cmpstr(member(o, "result"), ==, "refused");
    g_assert_true(strstr(member(o, "qemuError"), "Property 'cortex-a57-arm-cpu.sve' not found"));
    g_assert_true(json_object_object_get_ex(o, "offending", &off));
    g_assert_cmpstr(member(off, "property"), ==, "sve");
    g_assert_cmpstr(member(off, "asked"), ==, "on");
}

static void
test_max_sve_max_vq_99_refused(void)
{
    g_auto(TestRun) r = run_verify("max-sve-max-vq-99.xml", FALSE);

    g_assert_cmpint(r.status, ==, 1);
    g_assert_true(strstr(r.out, "  offending property: sve-max-vq=99 ("));
    g_assert_true(
        strstr(r.out, "unsupported SVE vector length\n    Valid sve-max-vq in range [1-16]\n"));
    /* armcpu's own range check was forced past, and says so */
    g_assert_true(strstr(r.err, "forced through"));
}

/*
 * A --host document records the emulator path of the machine it came from;
 * verify must never run it. The document here names a script that would
 * leave a mark: verify runs the local QEMU instead and the mark never appears.
 */
static void
test_host_document_never_chooses_the_program(void)
{
    g_autoptr(GError) err = NULL;
    g_autofree char *dir = g_dir_make_tmp("armcpu-verify-host-XXXXXX", &err);
    g_autofree char *script = g_build_filename(dir, "evil.sh", NULL);
    g_autofree char *mark = g_build_filename(dir, "ran", NULL);
    g_autofree char *doc = g_build_filename(dir, "host.xml", NULL);
    g_autofree char *tmpl =
        g_build_filename(g_getenv("ARMCPU_TEST_DATA"), "cli", "hosts", "qemu72-tcg.xml", NULL);
    g_autofree char *text = NULL;
    g_autofree char *body = g_strdup_printf("#!/bin/sh\ntouch '%s'\nexit 1\n", mark);
    g_autofree char *g = guest("max-sve-off.xml");
    g_autoptr(GRegex) re = g_regex_new("path='[^']*'", 0, 0, NULL);
    g_autofree char *evil_path = g_strdup_printf("path='%s'", script);
    g_autofree char *evil = NULL;
    const char *argv[] = {ARMCPU_EXE, "--host", doc,      "--accel", "tcg",
                          "--format", "json",   "verify", g,         NULL};
    TestRun r;
    json_object *o;

    g_assert_no_error(err);
    g_assert_true(g_file_set_contents(script, body, -1, NULL));
    g_assert_cmpint(g_chmod(script, 0755), ==, 0);
    g_assert_true(g_file_get_contents(tmpl, &text, NULL, NULL));
    evil = g_regex_replace_literal(re, text, -1, 0, evil_path, 0, NULL);
    g_assert_true(g_file_set_contents(doc, evil, -1, NULL));
    r = test_run_argv(argv, NULL, NULL, 60000);
    g_assert_false(g_file_test(mark, G_FILE_TEST_EXISTS));
    o = parse_json(&r);
    g_assert_true(g_str_has_suffix(member(o, "emulator"), "/qemu-system-aarch64"));
    g_assert_cmpstr(member(o, "result"), ==, "match");
    json_object_put(o);
    test_run_clear(&r);
    g_unlink(doc);
    g_unlink(script);
    g_rmdir(dir);
}

int
main(int argc, char **argv)
{
    g_autofree char *qemu = NULL;
    int rc;

    g_test_init(&argc, &argv, NULL);
    qemu = g_find_program_in_path("qemu-system-aarch64");
    if (!qemu) {
        /* a test dependency, not an option: fail, do not skip */
        printf("1..1\nnot ok 1 /verify/qemu - qemu-system-aarch64 is not installed; "
               "run scripts/install-deps.sh (package qemu-system-arm)\n");
        return 1;
    }
    cache_dir = test_tmpdir("verify-qemu-cache");

    g_test_add_func("/verify/qemu/max-sve-off-matches-and-turns-lengths-off", test_max_sve_off);
    g_test_add_func("/verify/qemu/host-document-never-chooses-the-program",
                    test_host_document_never_chooses_the_program);
    g_test_add_func("/verify/qemu/max-pauth-off-matches-and-turns-impdef-off", test_max_pauth_off);
    g_test_add_func("/verify/qemu/max-sve-max-vq-2-matches-and-turns-longer-lengths-off",
                    test_max_sve_max_vq_2);
    g_test_add_func("/verify/qemu/max-sve256-on-matches-and-caps-the-maximum", test_max_sve256_on);
    g_test_add_func("/verify/qemu/feature-options-are-verified-like-the-document",
                    test_feature_options_are_verified_like_the_document);
    g_test_add_func("/verify/qemu/text-verdict-and-table", test_text_verdict_and_table);
    g_test_add_func("/verify/qemu/cortex-a57-sve-refused-with-qemu-reason",
                    test_cortex_a57_sve_refused);
    g_test_add_func("/verify/qemu/cortex-a57-sve-refused-json", test_cortex_a57_sve_refused_json);
    g_test_add_func("/verify/qemu/max-sve-max-vq-99-refused-with-valid-range",
                    test_max_sve_max_vq_99_refused);

    rc = g_test_run();
    test_rm_rf(cache_dir);
    g_free(cache_dir);
    return rc;
}
