/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-probe-real.c: probing Debian's qemu-system-aarch64 (QEMU 7.2) for
 * real, under TCG. QEMU is a build dependency of the tests
 * (scripts/install-deps.sh): when it is missing these tests fail, they do not
 * skip.
 *
 * QEMU is run through a wrapper script named like it, which logs its pid and
 * argv in the fake QEMU's log format and then execs QEMU (same pid), so that
 * the tests can check the command line and that no QEMU is left.
 */
#include "probe-test.h"

#include <sys/utsname.h>

static ArmcpuRegistry *reg;

typedef struct {
    Sandbox sb;
    ArmcpuHostCaps *caps;
    char *error;
} Real;

static Real *real; /* probed once, by the first test that needs it */

static char *
find_qemu(void)
{
    char *qemu = g_find_program_in_path("qemu-system-aarch64");

    if (!qemu)
        g_test_message("qemu-system-aarch64 is not installed: run scripts/install-deps.sh "
                       "(Debian package qemu-system-arm)");
    g_assert_nonnull(qemu);
    return qemu;
}

/* A sandbox whose emulator is the logging wrapper around the real QEMU. */
static void
real_sandbox(Sandbox *sb, gboolean kvm)
{
    g_autofree char *qemu = find_qemu();
    g_autofree char *bin = NULL;
    g_autofree char *script = NULL;

    sandbox_init(sb);
    sandbox_kvm(sb, kvm);
    sandbox_set(sb, "FAKE_QEMU_REPLIES", NULL);
    bin = g_build_filename(sb->dir, "bin", NULL);
    g_assert_cmpint(g_mkdir(bin, 0755), ==, 0);
    g_free(sb->emulator);
    sb->emulator = g_build_filename(bin, "qemu-system-aarch64", NULL);
    script = g_strdup_printf("#!/bin/sh\n"
                             "echo \"start pid=$$ accel=- argv=$0 $*\" >> '%s'\n"
                             "exec '%s' \"$@\"\n",
                             sb->log, qemu);
    test_write(sb->emulator, script, -1, 0755);
}

static ArmcpuHostCaps *
real_probe(Sandbox *sb, GError **error)
{
    sandbox_apply_env(sb);
    return armcpu_probe(sb->emulator, 20000 * test_slowness(), 0, reg, error);
}

static Real *
get_real(void)
{
    g_autoptr(GError) err = NULL;

    if (real)
        return real;
    real = g_new0(Real, 1);
    real_sandbox(&real->sb, FALSE);
    real->caps = real_probe(&real->sb, &err);
    if (err)
        real->error = g_strdup(err->message);
    return real;
}

static const ArmcpuAccelCaps *
real_tcg(void)
{
    Real *r = get_real();
    const ArmcpuAccelCaps *tcg;

    if (r->error)
        g_test_message("the probe failed: %s", r->error);
    g_assert_null(r->error);
    g_assert_nonnull(r->caps);
    tcg = armcpu_host_caps_accel(r->caps, ARMCPU_ACCEL_TCG);
    g_assert_nonnull(tcg);
    return tcg;
}

static void
test_installed(void)
{
    g_autofree char *qemu = find_qemu();

    g_assert_true(g_file_test(qemu, G_FILE_TEST_IS_EXECUTABLE));
}

static void
test_succeeds(void)
{
    Real *r = get_real();

    real_tcg();
    g_assert_null(armcpu_host_caps_accel(r->caps, ARMCPU_ACCEL_KVM));
    g_assert_true(g_str_has_prefix(armcpu_host_caps_qemu_version(r->caps), "7.2."));
    g_assert_false(r->caps->kvm_usable);
}

static void
test_props(void)
{
    assert_tcg_max(real_tcg());
}

static void
test_bool_values(void)
{
    const ArmcpuAccelCaps *tcg = real_tcg();

    /* derived from the registry: booleans offer off and on, where the host's max has on */
    assert_supported(tcg, "sve", "off, on", ARMCPU_SUPPORT_DERIVED);
    assert_supported(tcg, "pauth", "off, on", ARMCPU_SUPPORT_DERIVED);
    g_assert_cmpstr(armcpu_prop_info_host_value(armcpu_accel_caps_lookup(tcg, "sve-max-vq")), ==,
                    "16");
}

static void
test_models(void)
{
    const ArmcpuAccelCaps *tcg = real_tcg();

    g_assert_cmpuint(armcpu_accel_caps_n_models(tcg), ==, 42);
    g_assert_nonnull(armcpu_accel_caps_find_model(tcg, "cortex-a57"));
    g_assert_nonnull(armcpu_accel_caps_find_model(tcg, "max"));
    g_assert_nonnull(armcpu_accel_caps_find_model(tcg, "neoverse-n1"));
}

static void
test_no_props_info(void)
{
    const ArmcpuAccelCaps *tcg = real_tcg();

    g_assert_false(armcpu_accel_caps_has_command(tcg, "query-arm-cpu-props-info"));
    g_assert_false(armcpu_accel_caps_has_command(tcg, "query-cpu-props-info"));
    g_assert_true(armcpu_accel_caps_has_command(tcg, "query-cpu-model-expansion"));
    g_assert_true(armcpu_accel_caps_has_command(tcg, "query-cpu-definitions"));
    g_assert_cmpint(armcpu_accel_caps_dialect(tcg), ==, ARMCPU_DIALECT_QEMU);
}

static void
test_no_qemu_left(void)
{
    Real *r = get_real();
    g_autoptr(GPtrArray) starts = NULL;

    real_tcg();
    starts = fake_starts(r->sb.log);
    g_assert_cmpuint(starts->len, ==, 1);
    g_assert_cmpint(((FakeStart *)g_ptr_array_index(starts, 0))->pid, >, 0);
    assert_no_qemu_left(r->sb.log, 0);
}

static void
test_argv(void)
{
    Real *r = get_real();
    g_autoptr(GPtrArray) starts = NULL;
    const FakeStart *s;

    real_tcg();
    starts = fake_starts(r->sb.log);
    g_assert_cmpuint(starts->len, ==, 1);
    s = g_ptr_array_index(starts, 0);
    g_assert_nonnull(strstr(s->argv, " -machine none,accel=tcg "));
    g_assert_nonnull(strstr(s->argv, " -S "));
    g_assert_nonnull(strstr(s->argv, " -no-user-config "));
    g_assert_nonnull(strstr(s->argv, " -nodefaults "));
    g_assert_null(strstr(s->argv, "-cpu"));
}

static void
test_kvm_refused(void)
{
    struct utsname u;
    Sandbox sb;
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuHostCaps) caps = NULL;

    g_assert_cmpint(uname(&u), ==, 0);
    if (strcmp(u.machine, "aarch64") == 0) {
        g_test_skip("an aarch64 host may really offer kvm");
        return;
    }
    real_sandbox(&sb, TRUE);
    caps = real_probe(&sb, &err);
    g_assert_no_error(err);
    /* qemu-system-aarch64 on another architecture: "invalid accelerator kvm" */
    g_assert_cmpuint(fake_n_starts(sb.log), ==, 2);
    g_assert_null(armcpu_host_caps_accel(caps, ARMCPU_ACCEL_KVM));
    assert_tcg_max(armcpu_host_caps_accel(caps, ARMCPU_ACCEL_TCG));
    assert_no_qemu_left(sb.log, 0);
    sandbox_clear(&sb);
}

static void
test_cli(void)
{
    Real *r = get_real();
    Sandbox sb;
    g_autofree char *out = NULL;
    g_autofree char *cli = NULL;
    g_autofree char *lib = NULL;

    real_tcg();
    real_sandbox(&sb, FALSE);
    out = armcpu_ok(&sb, "probe", NULL);
    cli = test_scrubbed_text(out, reg);
    test_assert_schema_valid(out);
    {
        g_autofree char *text = armcpu_host_caps_format(r->caps);
        lib = test_scrubbed_text(text, reg);
    }
    g_assert_cmpstr(cli, ==, lib);
    assert_no_qemu_left(sb.log, 0);
    sandbox_clear(&sb);
}

int
main(int argc, char **argv)
{
    int rc;

    g_test_init(&argc, &argv, NULL);
    test_become_subreaper();
    reg = test_registry();

    g_test_add_func("/probe/real/qemu-system-aarch64-7.2-is-installed", test_installed);
    g_test_add_func("/probe/real/tcg-probe-succeeds-without-kvm", test_succeeds);
    g_test_add_func("/probe/real/tcg-max-has-21-booleans-and-sve-max-vq-1-16", test_props);
    g_test_add_func("/probe/real/tcg-booleans-offer-off-and-on", test_bool_values);
    g_test_add_func("/probe/real/tcg-lists-42-models-with-cortex-a57-and-max", test_models);
    g_test_add_func("/probe/real/no-props-info-command-and-qemu-dialect", test_no_props_info);
    g_test_add_func("/probe/real/starts-machine-none-paused-without-cpu", test_argv);
    g_test_add_func("/probe/real/leaves-no-qemu-process", test_no_qemu_left);
    g_test_add_func("/probe/real/kvm-refused-by-qemu-is-absent", test_kvm_refused);
    g_test_add_func("/probe/real/cli-prints-the-library-document", test_cli);

    rc = g_test_run();
    if (real) {
        armcpu_host_caps_free(real->caps);
        g_free(real->error);
        sandbox_clear(&real->sb);
        g_free(real);
    }
    armcpu_registry_unref(reg);
    return rc;
}
