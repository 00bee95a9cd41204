/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-probe.c: probing the fake QEMU's host fixtures and the recorded QEMU
 * 7.2 transcript: golden documents (library and command), the schema, round
 * trips, the key facts of each host, and the command lines QEMU is started
 * with.
 */
#include "probe-test.h"

#include "config.h"

static ArmcpuRegistry *reg;

typedef struct {
    const char *name;       /* tests/data/probe/NAME.xml */
    const char *replies;    /* tests/data/qemu/REPLIES.json, or NULL */
    const char *transcript; /* tests/data/qemu-7.2/TRANSCRIPT.jsonl, or NULL */
    gboolean kvm;           /* whether /dev/kvm looks usable */
} Fixture;

static const Fixture fixtures[] = {
    {"grace", "grace", NULL, TRUE},
    {"graviton3", "graviton3", NULL, TRUE},
    {"altra", "altra", NULL, TRUE},
    {"grace-typed", "grace-typed", NULL, TRUE},
    {"grace-sysreg", "grace-sysreg", NULL, TRUE},
    {"tcg-only", "tcg-only", NULL, FALSE},
    {"qemu72-transcript", NULL, "probe-none", FALSE},
};

static const Fixture *
fixture(const char *name)
{
    for (gsize i = 0; i < G_N_ELEMENTS(fixtures); i++) {
        if (strcmp(fixtures[i].name, name) == 0)
            return &fixtures[i];
    }
    g_error("no fixture %s", name);
}

static void
sandbox_for(Sandbox *sb, const Fixture *f)
{
    sandbox_init(sb);
    if (f->replies)
        sandbox_replies(sb, f->replies);
    else
        sandbox_transcript(sb, f->transcript);
    sandbox_kvm(sb, f->kvm);
}

/* Probe @f in-process (armcpu_probe, no cache) in @sb. */
static ArmcpuHostCaps *
probe_in(Sandbox *sb, ArmcpuProbeFlags flags)
{
    g_autoptr(GError) err = NULL;
    ArmcpuHostCaps *caps;

    sandbox_apply_env(sb);
    caps = armcpu_probe(sb->emulator, 10000 * test_slowness(), flags, reg, &err);
    g_assert_no_error(err);
    g_assert_nonnull(caps);
    return caps;
}

static ArmcpuHostCaps *
probe_fixture(const char *name)
{
    Sandbox sb;
    ArmcpuHostCaps *caps;

    sandbox_for(&sb, fixture(name));
    caps = probe_in(&sb, 0);
    sandbox_clear(&sb);
    return caps;
}

static char *
golden_rel(const char *name)
{
    return g_strdup_printf("probe/%s.xml", name);
}

/* ----- goldens ----- */

static void
test_library_golden(gconstpointer data)
{
    const Fixture *f = data;
    g_autoptr(ArmcpuHostCaps) caps = probe_fixture(f->name);
    g_autofree char *rel = golden_rel(f->name);
    g_autofree char *xml = NULL;

    test_scrub(caps);
    xml = armcpu_host_caps_format(caps);
    test_golden(rel, xml);
}

static void
test_cli_golden(gconstpointer data)
{
    const Fixture *f = data;
    Sandbox sb;
    g_autofree char *rel = golden_rel(f->name);
    g_autofree char *out = NULL;
    g_autofree char *xml = NULL;

    if (test_regenerate()) {
        g_test_skip("the library test regenerates the golden file");
        return;
    }
    sandbox_for(&sb, f);
    out = armcpu_ok(&sb, "probe", NULL);
    xml = test_scrubbed_text(out, reg);
    test_golden(rel, xml);
    sandbox_clear(&sb);
}

static void
test_schema(gconstpointer data)
{
    const Fixture *f = data;
    g_autoptr(ArmcpuHostCaps) caps = probe_fixture(f->name);
    g_autofree char *live = armcpu_host_caps_format(caps);
    g_autofree char *rel = golden_rel(f->name);
    g_autofree char *path = test_data_path(rel);
    g_autofree char *golden = test_read(path);

    test_assert_schema_valid(live);
    test_assert_schema_valid(golden);
}

static void
test_round_trip(gconstpointer data)
{
    const Fixture *f = data;
    g_autoptr(ArmcpuHostCaps) caps = probe_fixture(f->name);
    g_autofree char *xml = armcpu_host_caps_format(caps);
    g_autoptr(ArmcpuHostCaps) again = test_parse_caps(xml, reg);
    g_autofree char *xml2 = armcpu_host_caps_format(again);

    g_assert_cmpstr(xml2, ==, xml);
}

/* ----- facts ----- */

static const ArmcpuAccelCaps *
section(const ArmcpuHostCaps *caps, ArmcpuAccel accel)
{
    const ArmcpuAccelCaps *acc = armcpu_host_caps_accel(caps, accel);

    g_assert_nonnull(acc);
    return acc;
}

static void
test_grace_named_dialect(void)
{
    g_autoptr(ArmcpuHostCaps) caps = probe_fixture("grace");
    const ArmcpuAccelCaps *kvm = section(caps, ARMCPU_ACCEL_KVM);

    g_assert_cmpint(armcpu_accel_caps_dialect(kvm), ==, ARMCPU_DIALECT_NAMED);
    g_assert_true(armcpu_accel_caps_has_command(kvm, "query-arm-cpu-props-info"));
    g_assert_false(armcpu_accel_caps_has_command(kvm, "query-cpu-props-info"));
    g_assert_cmpstr(armcpu_accel_caps_expansion_model(kvm), ==, "host");
}

static void
test_grace_ras(void)
{
    g_autoptr(ArmcpuHostCaps) caps = probe_fixture("grace");
    const ArmcpuAccelCaps *kvm = section(caps, ARMCPU_ACCEL_KVM);
    const ArmcpuPropInfo *pi = armcpu_accel_caps_lookup(kvm, "feat_RAS");

    assert_supported(kvm, "feat_RAS", "1.1_base", ARMCPU_SUPPORT_PROPS_INFO);
    g_assert_cmpstr(armcpu_prop_info_host_value(pi), ==, "1.1_base");
}

static void
test_grace_wrps(void)
{
    g_autoptr(ArmcpuHostCaps) caps = probe_fixture("grace");
    const ArmcpuAccelCaps *kvm = section(caps, ARMCPU_ACCEL_KVM);

    assert_supported(kvm, "hw_prop_WRPs", "0-3", ARMCPU_SUPPORT_PROPS_INFO);
    g_assert_cmpint(armcpu_prop_info_kind(armcpu_accel_caps_lookup(kvm, "hw_prop_WRPs")), ==,
                    ARMCPU_KIND_NUMBER);
}

static void
test_grace_sve_max_vq(void)
{
    g_autoptr(ArmcpuHostCaps) caps = probe_fixture("grace");

    /* 128-bit SVE only: sve-max-vq is derived from the host's lengths */
    assert_supported(section(caps, ARMCPU_ACCEL_KVM), "sve-max-vq", "1", ARMCPU_SUPPORT_DERIVED);
    assert_supported(section(caps, ARMCPU_ACCEL_KVM), "feat_PAN", "off, on, pan2, pan3",
                     ARMCPU_SUPPORT_PROPS_INFO);
}

static void
test_graviton3(void)
{
    g_autoptr(ArmcpuHostCaps) caps = probe_fixture("graviton3");
    const ArmcpuAccelCaps *kvm = section(caps, ARMCPU_ACCEL_KVM);

    assert_supported(kvm, "feat_PAN", "off, on, pan2", ARMCPU_SUPPORT_PROPS_INFO);
    assert_supported(kvm, "sve-max-vq", "1-2", ARMCPU_SUPPORT_DERIVED);
    assert_supported(kvm, "feat_RAS", "1.1_base", ARMCPU_SUPPORT_PROPS_INFO);
}

static void
test_altra(void)
{
    g_autoptr(ArmcpuHostCaps) caps = probe_fixture("altra");
    const ArmcpuAccelCaps *kvm = section(caps, ARMCPU_ACCEL_KVM);

    assert_supported(kvm, "feat_RAS", "1.0", ARMCPU_SUPPORT_PROPS_INFO);
    g_assert_null(armcpu_accel_caps_lookup(kvm, "sve-max-vq")); /* no SVE */
}

static void
test_typed(void)
{
    g_autoptr(ArmcpuHostCaps) caps = probe_fixture("grace-typed");
    const ArmcpuAccelCaps *kvm = section(caps, ARMCPU_ACCEL_KVM);

    g_assert_cmpint(armcpu_accel_caps_dialect(kvm), ==, ARMCPU_DIALECT_NAMED);
    g_assert_true(armcpu_accel_caps_has_command(kvm, "query-cpu-props-info"));
    /* typed numbers (min/max) become ranges; typed bools and strings stay lists */
    assert_supported(kvm, "hw_prop_WRPs", "0-3", ARMCPU_SUPPORT_PROPS_INFO);
    assert_supported(kvm, "hw_prop_BRPS", "0-5", ARMCPU_SUPPORT_PROPS_INFO);
    assert_supported(kvm, "feat_RAS", "1.1_base", ARMCPU_SUPPORT_PROPS_INFO);
}

static void
test_sysreg(void)
{
    g_autoptr(ArmcpuHostCaps) caps = probe_fixture("grace-sysreg");
    const ArmcpuAccelCaps *kvm = section(caps, ARMCPU_ACCEL_KVM);
    guint n_sysreg = 0;

    g_assert_cmpint(armcpu_accel_caps_dialect(kvm), ==, ARMCPU_DIALECT_SYSREG);
    g_assert_false(armcpu_accel_caps_has_command(kvm, "query-arm-cpu-props-info"));
    g_assert_false(armcpu_accel_caps_has_command(kvm, "query-cpu-props-info"));
    assert_supported(kvm, "SYSREG_ID_AA64DFR0_EL1_WRPs", "0-3", ARMCPU_SUPPORT_DERIVED);
    /* every SYSREG set is derived from the host value and the field's policy */
    for (guint i = 0; i < armcpu_accel_caps_n_props(kvm); i++) {
        const ArmcpuPropInfo *pi = armcpu_accel_caps_prop(kvm, i);
        if (!g_str_has_prefix(armcpu_prop_info_name(pi), "SYSREG_"))
            continue;
        n_sysreg++;
        g_assert_cmpint(armcpu_prop_info_source(pi), ==, ARMCPU_SUPPORT_DERIVED);
        g_assert_nonnull(armcpu_prop_info_host_value(pi));
    }
    g_assert_cmpuint(n_sysreg, >, 100);
}

static void
test_tcg_section(gconstpointer data)
{
    g_autoptr(ArmcpuHostCaps) caps = probe_fixture(data);

    assert_tcg_max(section(caps, ARMCPU_ACCEL_TCG));
}

static void
test_transcript_models(void)
{
    g_autoptr(ArmcpuHostCaps) caps = probe_fixture("qemu72-transcript");
    const ArmcpuAccelCaps *tcg = section(caps, ARMCPU_ACCEL_TCG);

    g_assert_null(armcpu_host_caps_accel(caps, ARMCPU_ACCEL_KVM));
    g_assert_cmpuint(armcpu_accel_caps_n_models(tcg), ==, 42);
    g_assert_nonnull(armcpu_accel_caps_find_model(tcg, "cortex-a57"));
    g_assert_nonnull(armcpu_accel_caps_find_model(tcg, "max"));
    g_assert_cmpstr(armcpu_host_caps_qemu_version(caps), ==, "7.2.22");
}

/* ----- how QEMU is started ----- */

/* Probe grace in-process with @fault (nullable) and @kvm; returns the log's starts. */
static GPtrArray *
probe_starts(gboolean kvm, const char *fault, ArmcpuHostCaps **caps_out)
{
    Sandbox sb;
    g_autoptr(ArmcpuHostCaps) caps = NULL;
    GPtrArray *starts;

    sandbox_for(&sb, fixture("grace"));
    sandbox_kvm(&sb, kvm);
    sandbox_set(&sb, "FAKE_QEMU_FAULT", fault);
    caps = probe_in(&sb, 0);
    assert_no_qemu_left(sb.log, 0);
    starts = fake_starts(sb.log);
    sandbox_clear(&sb);
    if (caps_out)
        *caps_out = g_steal_pointer(&caps);
    return starts;
}

static gboolean
has_arg(char **argv, const char *arg)
{
    return g_strv_contains((const char *const *)argv, arg);
}

static void
test_argv_options(void)
{
    g_autoptr(GPtrArray) starts = probe_starts(TRUE, NULL, NULL);

    g_assert_cmpuint(starts->len, ==, 2);
    for (guint i = 0; i < starts->len; i++) {
        const FakeStart *s = g_ptr_array_index(starts, i);
        g_auto(GStrv) argv = g_strsplit(s->argv, " ", -1);
        g_autofree char *machine = g_strdup_printf("none,accel=%s", s->accel);
        guint m = 0;

        while (argv[m] && strcmp(argv[m], "-machine") != 0)
            m++;
        g_assert_nonnull(argv[m]);
        g_assert_cmpstr(argv[m + 1], ==, machine);
        g_assert_true(has_arg(argv, "-S"));
        g_assert_true(has_arg(argv, "-no-user-config"));
        g_assert_true(has_arg(argv, "-nodefaults"));
    }
}

static void
test_argv_no_cpu(void)
{
    g_autoptr(GPtrArray) starts = probe_starts(TRUE, NULL, NULL);

    g_assert_cmpuint(starts->len, >, 0);
    for (guint i = 0; i < starts->len; i++) {
        const FakeStart *s = g_ptr_array_index(starts, i);
        g_auto(GStrv) argv = g_strsplit(s->argv, " ", -1);

        g_assert_false(has_arg(argv, "-cpu"));
        g_assert_false(has_arg(argv, "--cpu"));
        g_assert_null(strstr(s->argv, "cpu="));
    }
}

static void
test_argv_private_qmp(void)
{
    g_autoptr(GPtrArray) starts = probe_starts(TRUE, NULL, NULL);

    for (guint i = 0; i < starts->len; i++) {
        const FakeStart *s = g_ptr_array_index(starts, i);
        g_auto(GStrv) argv = g_strsplit(s->argv, " ", -1);

        /* QMP on the inherited socketpair end: no path anyone else could connect to */
        g_assert_true(has_arg(argv, "socket,id=qmp,fd=3"));
        g_assert_true(has_arg(argv, "chardev=qmp,mode=control"));
        g_assert_false(has_arg(argv, "-qmp"));
    }
}

static void
test_argv_one_per_accel(void)
{
    g_autoptr(ArmcpuHostCaps) caps = NULL;
    g_autoptr(GPtrArray) starts = probe_starts(TRUE, NULL, &caps);

    g_assert_cmpuint(starts->len, ==, 2);
    g_assert_cmpstr(((FakeStart *)g_ptr_array_index(starts, 0))->accel, ==, "kvm");
    g_assert_cmpstr(((FakeStart *)g_ptr_array_index(starts, 1))->accel, ==, "tcg");
    g_assert_nonnull(armcpu_host_caps_accel(caps, ARMCPU_ACCEL_KVM));
    g_assert_nonnull(armcpu_host_caps_accel(caps, ARMCPU_ACCEL_TCG));
}

static void
test_argv_kvm_unusable(void)
{
    g_autoptr(ArmcpuHostCaps) caps = NULL;
    g_autoptr(GPtrArray) starts = probe_starts(FALSE, NULL, &caps);

    g_assert_cmpuint(starts->len, ==, 1);
    g_assert_cmpstr(((FakeStart *)g_ptr_array_index(starts, 0))->accel, ==, "tcg");
    g_assert_null(armcpu_host_caps_accel(caps, ARMCPU_ACCEL_KVM));
    g_assert_false(caps->kvm_usable);
}

static void
test_argv_kvm_refused(void)
{
    g_autoptr(ArmcpuHostCaps) caps = NULL;
    g_autoptr(GPtrArray) starts = probe_starts(TRUE, "refuse-accel:kvm", &caps);

    g_assert_cmpuint(starts->len, ==, 2);
    g_assert_true(g_str_has_suffix(((FakeStart *)g_ptr_array_index(starts, 0))->argv,
                                   "-machine none,accel=kvm -chardev socket,id=qmp,fd=3 -mon "
                                   "chardev=qmp,mode=control"));
    g_assert_cmpstr(((FakeStart *)g_ptr_array_index(starts, 1))->accel, ==, "tcg");
    g_assert_true(caps->kvm_usable);
    g_assert_null(armcpu_host_caps_accel(caps, ARMCPU_ACCEL_KVM));
    assert_tcg_max(section(caps, ARMCPU_ACCEL_TCG));
}

static void
test_only_tcg(void)
{
    Sandbox sb;
    g_autoptr(ArmcpuHostCaps) caps = NULL;
    g_autoptr(GPtrArray) starts = NULL;

    sandbox_for(&sb, fixture("grace"));
    caps = probe_in(&sb, ARMCPU_PROBE_ONLY_TCG);
    starts = fake_starts(sb.log);
    g_assert_cmpuint(starts->len, ==, 1);
    g_assert_cmpstr(((FakeStart *)g_ptr_array_index(starts, 0))->accel, ==, "tcg");
    g_assert_null(armcpu_host_caps_accel(caps, ARMCPU_ACCEL_KVM));
    sandbox_clear(&sb);
}

static void
test_reaps_every_qemu(void)
{
    Sandbox sb;
    g_autoptr(ArmcpuHostCaps) caps = NULL;

    sandbox_for(&sb, fixture("grace"));
    caps = probe_in(&sb, 0);
    g_assert_cmpuint(fake_n_starts(sb.log), ==, 2);
    /* reaped before armcpu_probe returned: not running, not a zombie */
    assert_no_qemu_left(sb.log, 0);
    sandbox_clear(&sb);
}

static void
test_probe_records_identity(void)
{
    Sandbox sb;
    g_autoptr(ArmcpuHostCaps) caps = NULL;
    g_autofree char *real = NULL;
    struct stat st;

    sandbox_for(&sb, fixture("grace"));
    caps = probe_in(&sb, 0);
    real = realpath(sb.emulator, NULL);
    g_assert_cmpint(stat(real, &st), ==, 0);
    g_assert_cmpstr(armcpu_host_caps_emulator_path(caps), ==, real);
    g_assert_cmpuint(caps->emulator_size, ==, (guint64)st.st_size);
    g_assert_cmpint(caps->emulator_mtime, ==,
                    (gint64)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec);
    g_assert_cmpstr(armcpu_host_caps_armcpu_version(caps), ==, ARMCPU_VERSION);
    g_assert_true(caps->kvm_usable);
    sandbox_clear(&sb);
}

int
main(int argc, char **argv)
{
    int rc;

    g_test_init(&argc, &argv, NULL);
    test_become_subreaper();
    reg = test_registry();

    for (gsize i = 0; i < G_N_ELEMENTS(fixtures); i++) {
        static const struct {
            const char *what;
            GTestDataFunc fn;
        } cases[] = {
            {"library-document-matches-golden", test_library_golden},
            {"cli-document-matches-golden", test_cli_golden},
            {"document-validates-against-schema", test_schema},
            {"document-round-trips", test_round_trip},
        };
        for (gsize c = 0; c < G_N_ELEMENTS(cases); c++) {
            g_autofree char *path =
                g_strdup_printf("/probe/golden/%s/%s", fixtures[i].name, cases[c].what);
            g_test_add_data_func(path, &fixtures[i], cases[c].fn);
        }
    }
    g_test_add_func("/probe/facts/grace/kvm-speaks-named-dialect-through-arm-props-info",
                    test_grace_named_dialect);
    g_test_add_func("/probe/facts/grace/ras-supports-only-1.1_base", test_grace_ras);
    g_test_add_func("/probe/facts/grace/wrps-supports-range-0-3", test_grace_wrps);
    g_test_add_func("/probe/facts/grace/sve-max-vq-derived-from-128-bit-sve-only",
                    test_grace_sve_max_vq);
    g_test_add_func("/probe/facts/graviton3/pan2-and-two-sve-lengths", test_graviton3);
    g_test_add_func("/probe/facts/altra/ras-1.0-and-no-sve", test_altra);
    g_test_add_func("/probe/facts/grace-typed/typed-numbers-become-ranges", test_typed);
    g_test_add_func("/probe/facts/grace-sysreg/sysreg-dialect-with-derived-sets", test_sysreg);
    g_test_add_data_func("/probe/facts/tcg-only/tcg-is-qemu-dialect-21-booleans-and-sve-max-vq",
                         "tcg-only", test_tcg_section);
    g_test_add_data_func("/probe/facts/grace/tcg-is-qemu-dialect-21-booleans-and-sve-max-vq",
                         "grace", test_tcg_section);
    g_test_add_data_func(
        "/probe/facts/qemu72-transcript/tcg-is-qemu-dialect-21-booleans-and-sve-max-vq",
        "qemu72-transcript", test_tcg_section);
    g_test_add_func("/probe/facts/qemu72-transcript/tcg-only-with-42-models",
                    test_transcript_models);

    g_test_add_func("/probe/argv/machine-none-paused-no-user-config-no-defaults",
                    test_argv_options);
    g_test_add_func("/probe/argv/never-passes-cpu", test_argv_no_cpu);
    g_test_add_func("/probe/argv/qmp-on-inherited-socket-only", test_argv_private_qmp);
    g_test_add_func("/probe/argv/one-start-per-accelerator", test_argv_one_per_accel);
    g_test_add_func("/probe/argv/kvm-skipped-when-dev-kvm-unusable", test_argv_kvm_unusable);
    g_test_add_func("/probe/argv/kvm-refused-by-qemu-is-absent-and-tcg-probed",
                    test_argv_kvm_refused);
    g_test_add_func("/probe/argv/only-tcg-flag-starts-only-tcg", test_only_tcg);
    g_test_add_func("/probe/library/reaps-every-qemu-it-starts", test_reaps_every_qemu);
    g_test_add_func("/probe/library/records-emulator-and-host-identity",
                    test_probe_records_identity);

    rc = g_test_run();
    armcpu_registry_unref(reg);
    return rc;
}
