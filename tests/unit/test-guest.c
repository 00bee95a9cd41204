/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-guest.c: the guest CPU parser, formatter and -cpu builder on inputs
 * too big or too odd for golden files.
 */
#include "test-common.h"

#include <armcpu/guest.h>
#include <armcpu/validate.h>
#include <string.h>

static ArmcpuRegistry *reg;

static char *
many_features(guint n)
{
    GString *s = g_string_new("<cpu mode='host-passthrough'>\n");

    for (guint i = 0; i < n; i++)
        g_string_append_printf(s, "  <feature policy='require' name='feat_X%u' value='%u'/>\n", i,
                               i);
    g_string_append(s, "</cpu>\n");
    return g_string_free(s, FALSE);
}

static void
test_ten_thousand_features_hit_the_limit_without_crashing(void)
{
    g_autofree char *doc = many_features(10000);
    g_autoptr(ArmcpuReport) report = armcpu_report_new("big.xml");
    g_autoptr(ArmcpuGuestCpu) cpu =
        armcpu_guest_cpu_parse_string(doc, strlen(doc), "big.xml", report, NULL);
    gboolean limit = FALSE;

    g_assert_nonnull(cpu);
    g_assert_cmpuint(armcpu_guest_cpu_n_features(cpu), ==, ARMCPU_GUEST_MAX_FEATURES);
    for (guint i = 0; i < armcpu_report_n_problems(report); i++)
        limit |= armcpu_report_problem(report, i)->code == ARMCPU_PROBLEM_LIMIT;
    g_assert_true(limit);
    g_assert_null(armcpu_guest_cpu_cmdline(cpu, reg, NULL, report));
}

static void
test_document_over_size_limit_is_refused(void)
{
    gsize n = ARMCPU_GUEST_MAX_SIZE + 1;
    g_autofree char *doc = g_malloc(n);
    g_autoptr(ArmcpuReport) report = armcpu_report_new(NULL);
    g_autoptr(GError) err = NULL;

    memset(doc, ' ', n);
    memcpy(doc, "<cpu>", 5);
    g_assert_null(armcpu_guest_cpu_parse_string(doc, n, "huge.xml", report, &err));
    g_assert_error(err, ARMCPU_GUEST_ERROR, ARMCPU_GUEST_ERROR_READ);
}

static void
test_deep_nesting_is_refused(void)
{
    GString *s = g_string_new("<cpu mode='maximum'>");
    g_autoptr(ArmcpuReport) report = armcpu_report_new(NULL);
    g_autoptr(GError) err = NULL;
    g_autofree char *doc = NULL;

    for (int i = 0; i < 200; i++)
        g_string_append(s, "<numa>");
    for (int i = 0; i < 200; i++)
        g_string_append(s, "</numa>");
    g_string_append(s, "</cpu>");
    doc = g_string_free(s, FALSE);
    g_assert_null(armcpu_guest_cpu_parse_string(doc, strlen(doc), "deep.xml", report, &err));
    g_assert_error(err, ARMCPU_GUEST_ERROR, ARMCPU_GUEST_ERROR_XML);
}

static void
test_empty_input_is_not_well_formed(void)
{
    g_autoptr(ArmcpuReport) report = armcpu_report_new(NULL);
    g_autoptr(GError) err = NULL;

    g_assert_null(armcpu_guest_cpu_parse_string("", 0, "empty.xml", report, &err));
    g_assert_error(err, ARMCPU_GUEST_ERROR, ARMCPU_GUEST_ERROR_XML);
}

static void
test_missing_file_is_a_read_error(void)
{
    g_autoptr(ArmcpuReport) report = armcpu_report_new(NULL);
    g_autoptr(GError) err = NULL;

    g_assert_null(armcpu_guest_cpu_parse_file("/nonexistent/guest.xml", report, &err));
    g_assert_error(err, ARMCPU_GUEST_ERROR, ARMCPU_GUEST_ERROR_READ);
    g_assert_nonnull(strstr(err->message, "/nonexistent/guest.xml"));
}

static void
test_directory_is_a_read_error(void)
{
    g_autoptr(ArmcpuReport) report = armcpu_report_new(NULL);
    g_autoptr(GError) err = NULL;

    g_assert_null(armcpu_guest_cpu_parse_file("/", report, &err));
    g_assert_error(err, ARMCPU_GUEST_ERROR, ARMCPU_GUEST_ERROR_READ);
}

static void
test_domain_topology_is_kept_through_format(void)
{
    const char *doc = "<domain type='kvm'><cpu mode='host-passthrough'>"
                      "<topology sockets='1' cores='4' threads='1'/>"
                      "<feature policy='require' name='sve' value='off'/></cpu></domain>";
    g_autoptr(ArmcpuReport) report = armcpu_report_new(NULL);
    g_autoptr(ArmcpuGuestCpu) cpu =
        armcpu_guest_cpu_parse_string(doc, strlen(doc), "d.xml", report, NULL);
    g_autofree char *out = armcpu_guest_cpu_format(cpu);

    g_assert_cmpuint(armcpu_report_n_problems(report), ==, 0);
    g_assert_cmpint(armcpu_guest_cpu_accel(cpu), ==, ARMCPU_ACCEL_KVM);
    g_assert_cmpstr(out, ==,
                    "<cpu mode='host-passthrough'>\n"
                    "  <topology sockets=\"1\" cores=\"4\" threads=\"1\"/>\n"
                    "  <feature policy='require' name='sve' value='off'/>\n"
                    "</cpu>\n");
}

static void
test_built_cpu_formats_and_emits(void)
{
    g_autoptr(ArmcpuGuestCpu) cpu = armcpu_guest_cpu_new(ARMCPU_CPU_MODE_CUSTOM);
    g_autoptr(ArmcpuReport) report = armcpu_report_new(NULL);
    g_autofree char *out = NULL;
    g_autofree char *arg = NULL;

    armcpu_guest_cpu_set_model(cpu, "neoverse-v2-v1");
    armcpu_guest_cpu_add_feature(cpu, ARMCPU_FEATURE_REQUIRE, "feat_PMU", "v3p4");
    armcpu_guest_cpu_add_feature(cpu, ARMCPU_FEATURE_DISABLE, "sve", NULL);
    out = armcpu_guest_cpu_format(cpu);
    g_assert_cmpstr(out, ==,
                    "<cpu mode='custom'>\n  <model>neoverse-v2-v1</model>\n"
                    "  <feature policy='require' name='feat_PMU' value='v3p4'/>\n"
                    "  <feature policy='disable' name='sve'/>\n</cpu>\n");
    arg = armcpu_guest_cpu_cmdline(cpu, reg, NULL, report);
    g_assert_cmpstr(arg, ==, "neoverse-v2-v1,feat_PMU=v3p4,sve=off");
}

static void
test_set_feature_replaces_in_place_and_keeps_order(void)
{
    const char *doc = "<cpu mode='maximum'>\n"
                      "  <feature policy='disable' name='sve'/>\n"
                      "  <feature name='pauth' value='on'/>\n"
                      "</cpu>";
    g_autoptr(ArmcpuReport) report = armcpu_report_new(NULL);
    g_autoptr(ArmcpuGuestCpu) cpu =
        armcpu_guest_cpu_parse_string(doc, strlen(doc), "x", report, NULL);
    const ArmcpuGuestFeature *f;
    g_autofree char *arg = NULL;

    armcpu_guest_cpu_set_feature(cpu, ARMCPU_FEATURE_REQUIRE, "sve", "on");
    g_assert_cmpuint(armcpu_guest_cpu_n_features(cpu), ==, 2);
    f = armcpu_guest_cpu_feature(cpu, 0);
    g_assert_cmpstr(f->name, ==, "sve");
    g_assert_cmpstr(f->value, ==, "on");
    g_assert_cmpint(f->policy, ==, ARMCPU_FEATURE_REQUIRE);
    g_assert_cmpint(f->line, ==, 0);
    g_assert_true(armcpu_guest_cpu_find(cpu, "sve") == f);
    arg = armcpu_guest_cpu_cmdline(cpu, reg, NULL, report);
    g_assert_cmpstr(arg, ==, "max,sve=on,pauth=on");
}

static void
test_set_feature_appends_an_absent_name(void)
{
    g_autoptr(ArmcpuGuestCpu) cpu = armcpu_guest_cpu_new(ARMCPU_CPU_MODE_MAXIMUM);
    g_autoptr(ArmcpuReport) report = armcpu_report_new(NULL);
    g_autofree char *arg = NULL;

    armcpu_guest_cpu_add_feature(cpu, ARMCPU_FEATURE_REQUIRE, "pauth", "off");
    armcpu_guest_cpu_set_feature(cpu, ARMCPU_FEATURE_REQUIRE, "sve-max-vq", "2");
    g_assert_cmpuint(armcpu_guest_cpu_n_features(cpu), ==, 2);
    arg = armcpu_guest_cpu_cmdline(cpu, reg, NULL, report);
    g_assert_cmpstr(arg, ==, "max,pauth=off,sve-max-vq=2");
}

static void
test_set_feature_with_an_injected_value_is_refused(void)
{
    g_autoptr(ArmcpuGuestCpu) cpu = armcpu_guest_cpu_new(ARMCPU_CPU_MODE_MAXIMUM);
    g_autoptr(ArmcpuReport) report = armcpu_report_new(NULL);

    armcpu_guest_cpu_add_feature(cpu, ARMCPU_FEATURE_REQUIRE, "sve", "on");
    armcpu_guest_cpu_set_feature(cpu, ARMCPU_FEATURE_REQUIRE, "sve", "off,x-y=1");
    g_assert_true(armcpu_guest_cpu_feature(cpu, 0)->invalid);
    g_assert_null(armcpu_guest_cpu_cmdline(cpu, reg, NULL, report));
    g_assert_true(armcpu_report_has_errors(report));
}

static void
test_invalid_feature_never_reaches_cmdline_with_fresh_report(void)
{
    const char *doc = "<cpu mode='maximum'><feature name='sve' value='on,x=y'/></cpu>";
    g_autoptr(ArmcpuReport) r1 = armcpu_report_new(NULL);
    g_autoptr(ArmcpuReport) r2 = armcpu_report_new(NULL);
    g_autoptr(ArmcpuGuestCpu) cpu = armcpu_guest_cpu_parse_string(doc, strlen(doc), "x", r1, NULL);

    g_assert_true(armcpu_report_has_errors(r1));
    g_assert_null(armcpu_guest_cpu_cmdline(cpu, reg, NULL, r2));
    g_assert_true(armcpu_report_has_errors(r2));
}

static void
test_every_byte_flip_of_a_guest_is_handled(void)
{
    const char *doc = "<domain type='kvm'><os><type arch='aarch64'>hvm</type></os>"
                      "<cpu mode='host-passthrough' check='full'><model>m</model>"
                      "<feature policy='require' name='feat_RAS' value='1.1_base'/>"
                      "<feature policy='disable' name='sve'/></cpu></domain>";
    gsize len = strlen(doc);
    g_autofree char *buf = g_malloc(len);

    for (gsize i = 0; i < len; i++) {
        for (int bit = 0; bit < 8; bit++) {
            g_autoptr(ArmcpuReport) report = armcpu_report_new(NULL);
            g_autoptr(GError) err = NULL;
            memcpy(buf, doc, len);
            buf[i] ^= (char)(1 << bit);
            g_autoptr(ArmcpuGuestCpu) cpu =
                armcpu_guest_cpu_parse_string(buf, len, "flip", report, &err);
            g_autofree char *arg = cpu ? armcpu_guest_cpu_cmdline(cpu, reg, NULL, report) : NULL;
            g_assert_true(cpu != NULL || err != NULL);
            /* whatever came out is safe to put on a command line */
            g_assert_true(!arg || (!strchr(arg, ' ') && !strchr(arg, '\n')));
        }
    }
}

int
main(int argc, char **argv)
{
    int rc;

    g_test_init(&argc, &argv, NULL);
    reg = test_registry();
    g_test_add_func("/guest/limits/ten-thousand-features-hit-the-limit-without-crashing",
                    test_ten_thousand_features_hit_the_limit_without_crashing);
    g_test_add_func("/guest/limits/document-over-size-limit-is-refused",
                    test_document_over_size_limit_is_refused);
    g_test_add_func("/guest/limits/deep-nesting-is-refused", test_deep_nesting_is_refused);
    g_test_add_func("/guest/read/empty-input-is-not-well-formed",
                    test_empty_input_is_not_well_formed);
    g_test_add_func("/guest/read/missing-file-is-a-read-error", test_missing_file_is_a_read_error);
    g_test_add_func("/guest/read/directory-is-a-read-error", test_directory_is_a_read_error);
    g_test_add_func("/guest/format/domain-topology-is-kept",
                    test_domain_topology_is_kept_through_format);
    g_test_add_func("/guest/format/built-cpu-formats-and-emits", test_built_cpu_formats_and_emits);
    g_test_add_func("/guest/edit/set-feature-replaces-in-place-and-keeps-order",
                    test_set_feature_replaces_in_place_and_keeps_order);
    g_test_add_func("/guest/edit/set-feature-appends-an-absent-name",
                    test_set_feature_appends_an_absent_name);
    g_test_add_func("/guest/edit/set-feature-with-an-injected-value-is-refused",
                    test_set_feature_with_an_injected_value_is_refused);
    g_test_add_func("/guest/cmdline/invalid-feature-never-reaches-cmdline-with-fresh-report",
                    test_invalid_feature_never_reaches_cmdline_with_fresh_report);
    g_test_add_func("/guest/read/every-byte-flip-is-handled",
                    test_every_byte_flip_of_a_guest_is_handled);
    rc = g_test_run();
    armcpu_registry_unref(reg);
    return rc;
}
