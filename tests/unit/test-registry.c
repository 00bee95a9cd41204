/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-registry.c: the registry data, its loader, and per-property algebra.
 */
#include "test-common.h"

#include <glib/gstdio.h>
#include <string.h>

static ArmcpuRegistry *reg;

static ArmcpuOrder
order(const char *prop, const char *a, const char *b)
{
    ArmcpuOrder o = ARMCPU_ORDER_LAST;
    g_autoptr(GError) err = NULL;

    g_assert_true(armcpu_prop_order(test_prop(reg, prop), a, b, &o, &err));
    g_assert_no_error(err);
    return o;
}

static gboolean
safe(const char *prop, const char *guest, const char *host)
{
    gboolean s = FALSE;
    g_autoptr(GError) err = NULL;

    g_assert_true(armcpu_prop_value_is_safe(test_prop(reg, prop), guest, host, &s, &err));
    g_assert_no_error(err);
    return s;
}

static char *
derived(const char *prop, const char *host)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuValueSet) set = armcpu_prop_derive_supported(test_prop(reg, prop), host, &err);

    g_assert_no_error(err);
    return armcpu_value_set_format(set);
}

/* ----- the data ----- */

static void
test_registry_knows_every_reference_property(void)
{
    /* 159 named-model properties, 1 SYSREG-only field, 25 QEMU properties */
    g_assert_cmpuint(armcpu_registry_n_props(reg), ==, 185);
    g_assert_nonnull(armcpu_registry_version(reg));
    const char *names[] = {"feat_AES",
                           "hw_prop_WRPs",
                           "hw_prop_BRPS",
                           "hw_prop_CTX_CMPs",
                           "el2_mode",
                           "cpu_partnum",
                           "cpu_revidr",
                           "cpu_aidr",
                           "feat_RAS",
                           "feat_CSV2",
                           "feat_MPAM",
                           "feat_NV",
                           "feat_SpecSEI",
                           "feat_DoubleLock",
                           "hw_prop_IMInline",
                           "feat_SVE_BFLOAT16",
                           "feat_MTE_FRAC",
                           "aarch64",
                           "pmu",
                           "sve",
                           "sve128",
                           "sve2048",
                           "pauth",
                           "pauth-impdef",
                           "pauth-qarma3",
                           "kvm-no-adjvtime",
                           "kvm-steal-time",
                           "sve-max-vq"};
    for (gsize i = 0; i < G_N_ELEMENTS(names); i++)
        g_assert_nonnull(armcpu_registry_lookup(reg, names[i]));
}

static void
test_lookup_is_case_sensitive(void)
{
    g_assert_nonnull(armcpu_registry_lookup(reg, "hw_prop_WRPs"));
    g_assert_null(armcpu_registry_lookup(reg, "hw_prop_WRPS"));
    g_assert_null(armcpu_registry_lookup(reg, "feat_aes"));
    g_assert_null(armcpu_registry_lookup(reg, "hw_prop_BRPs"));
}

static void
test_suggest_offers_the_right_case(void)
{
    g_assert_cmpstr(armcpu_registry_suggest(reg, "feat_aes"), ==, "feat_AES");
    g_assert_cmpstr(armcpu_registry_suggest(reg, "hw_prop_BRPs"), ==, "hw_prop_BRPS");
    g_assert_cmpstr(armcpu_registry_suggest(reg, "feat_RASS"), ==, "feat_RAS");
    g_assert_null(armcpu_registry_suggest(reg, "completely_unrelated_name"));
}

static void
test_lookup_finds_sysreg_dialect_names(void)
{
    const ArmcpuProp *aes = test_prop(reg, "feat_AES");
    const ArmcpuProp *s = test_prop(reg, "SYSREG_ID_AA64ISAR0_EL1_AES");

    g_assert_cmpint(armcpu_prop_dialect(s), ==, ARMCPU_DIALECT_SYSREG);
    g_assert_cmpint(armcpu_prop_kind(s), ==, ARMCPU_KIND_NUMBER);
    g_assert_true(armcpu_prop_counterpart(s, ARMCPU_PROP_PART_WHOLE) == aes);
    g_assert_true(armcpu_prop_counterpart(aes, ARMCPU_PROP_PART_WHOLE) == s);
    g_assert_cmpstr(armcpu_prop_register(s), ==, "ID_AA64ISAR0_EL1");
    g_assert_cmpuint(armcpu_prop_shift(s), ==, 4);
    g_assert_cmpuint(armcpu_prop_width(s), ==, 4);
}

static void
test_sysreg_names_keep_arm_arm_spelling(void)
{
    g_assert_nonnull(armcpu_registry_lookup(reg, "SYSREG_ID_AA64MMFR0_EL1_PARange"));
    g_assert_nonnull(armcpu_registry_lookup(reg, "SYSREG_ID_AA64ISAR0_EL1_Atomic"));
    g_assert_nonnull(armcpu_registry_lookup(reg, "SYSREG_ID_AA64DFR0_EL1_WRPs"));
    g_assert_nonnull(armcpu_registry_lookup(reg, "SYSREG_ID_AA64ISAR3_EL1_LSUI"));
    g_assert_null(armcpu_registry_lookup(reg, "SYSREG_ID_AA64ISAR0_AES"));
}

static void
test_fractional_has_two_sysreg_fields(void)
{
    const ArmcpuProp *ras = test_prop(reg, "feat_RAS");
    const ArmcpuProp *base = armcpu_prop_counterpart(ras, ARMCPU_PROP_PART_BASE);
    const ArmcpuProp *frac = armcpu_prop_counterpart(ras, ARMCPU_PROP_PART_FRAC);

    g_assert_cmpstr(armcpu_prop_name(base), ==, "SYSREG_ID_AA64PFR0_EL1_RAS");
    g_assert_cmpstr(armcpu_prop_name(frac), ==, "SYSREG_ID_AA64PFR1_EL1_RAS_frac");
    g_assert_cmpint(armcpu_prop_part(frac), ==, ARMCPU_PROP_PART_FRAC);
    g_assert_true(armcpu_prop_counterpart(frac, ARMCPU_PROP_PART_WHOLE) == ras);
}

static void
test_qemu_properties_have_no_sysreg_name(void)
{
    const ArmcpuProp *sve = test_prop(reg, "sve");

    g_assert_cmpint(armcpu_prop_dialect(sve), ==, ARMCPU_DIALECT_QEMU);
    g_assert_cmpint(armcpu_prop_kind(sve), ==, ARMCPU_KIND_BOOL);
    g_assert_null(armcpu_prop_counterpart(sve, ARMCPU_PROP_PART_WHOLE));
    g_assert_null(armcpu_prop_counterpart(test_prop(reg, "cpu_revidr"), ARMCPU_PROP_PART_WHOLE));
}

static void
test_kvm_writability_recorded(void)
{
    g_assert_cmpint(armcpu_prop_kvm_writable(test_prop(reg, "feat_AES")), ==,
                    ARMCPU_KVM_WRITABLE_YES);
    g_assert_cmpint(armcpu_prop_kvm_writable(test_prop(reg, "hw_prop_ASIDBITS")), ==,
                    ARMCPU_KVM_WRITABLE_NO);
    g_assert_cmpint(armcpu_prop_kvm_writable(test_prop(reg, "feat_RAS")), ==,
                    ARMCPU_KVM_WRITABLE_NO);
    g_assert_cmpint(armcpu_prop_kvm_writable(test_prop(reg, "feat_SVE_AES")), ==,
                    ARMCPU_KVM_WRITABLE_SVE);
}

/* ----- values through the registry ----- */

static void
test_check_value_reports_table_entries(void)
{
    g_autoptr(GError) err = NULL;

    g_assert_true(armcpu_prop_check_value(test_prop(reg, "feat_AES"), "pmull", NULL));
    g_assert_false(armcpu_prop_check_value(test_prop(reg, "feat_AES"), "sha3", &err));
    g_assert_error(err, ARMCPU_VALUE_ERROR, ARMCPU_VALUE_ERROR_NOT_IN_TABLE);
    g_assert_nonnull(strstr(err->message, "off, aes, pmull"));
}

static void
test_check_value_bounds_numbers_by_field_width(void)
{
    g_autoptr(GError) err = NULL;

    g_assert_true(armcpu_prop_check_value(test_prop(reg, "hw_prop_WRPs"), "15", NULL));
    g_assert_false(armcpu_prop_check_value(test_prop(reg, "hw_prop_WRPs"), "16", &err));
    g_assert_error(err, ARMCPU_VALUE_ERROR, ARMCPU_VALUE_ERROR_OUT_OF_RANGE);
    g_assert_true(armcpu_prop_check_value(test_prop(reg, "cpu_partnum"), "0xfff", NULL));
    g_assert_false(armcpu_prop_check_value(test_prop(reg, "cpu_partnum"), "0x1000", NULL));
    g_assert_true(
        armcpu_prop_check_value(test_prop(reg, "cpu_revidr"), "0xffffffffffffffff", NULL));
}

static void
test_check_value_sve_max_vq_range(void)
{
    g_autoptr(GError) err = NULL;

    g_assert_true(armcpu_prop_check_value(test_prop(reg, "sve-max-vq"), "16", NULL));
    g_assert_false(armcpu_prop_check_value(test_prop(reg, "sve-max-vq"), "0", NULL));
    g_assert_false(armcpu_prop_check_value(test_prop(reg, "sve-max-vq"), "99", &err));
    g_assert_nonnull(strstr(err->message, "1-16"));
}

static void
test_check_value_fraction_must_be_in_table(void)
{
    g_autoptr(GError) e1 = NULL;
    g_autoptr(GError) e2 = NULL;
    const ArmcpuProp *ras = test_prop(reg, "feat_RAS");

    g_assert_true(armcpu_prop_check_value(ras, "1.1_base", NULL));
    g_assert_false(armcpu_prop_check_value(ras, "1.2", &e1));
    g_assert_error(e1, ARMCPU_VALUE_ERROR, ARMCPU_VALUE_ERROR_NOT_IN_TABLE);
    g_assert_false(armcpu_prop_check_value(ras, "on", &e2));
    g_assert_error(e2, ARMCPU_VALUE_ERROR, ARMCPU_VALUE_ERROR_FRACTION);
}

static void
test_raw_conversion_enum_round_trips(void)
{
    const ArmcpuProp *aes = test_prop(reg, "feat_AES");
    ArmcpuRaw raw;

    g_assert_true(armcpu_prop_value_to_raw(aes, "pmull", &raw, NULL));
    g_assert_cmpuint(raw.raw, ==, 2);
    g_autofree char *name = armcpu_prop_raw_to_value(aes, raw, NULL);
    g_assert_cmpstr(name, ==, "pmull");
}

static void
test_raw_conversion_signed_off_is_0xf(void)
{
    ArmcpuRaw raw;

    g_assert_true(armcpu_prop_value_to_raw(test_prop(reg, "feat_FP"), "off", &raw, NULL));
    g_assert_cmpuint(raw.raw, ==, 0xF);
    g_assert_true(armcpu_prop_value_to_raw(test_prop(reg, "hw_prop_PARANGE"), "48", &raw, NULL));
    g_assert_cmpuint(raw.raw, ==, 5);
}

static void
test_raw_conversion_unnamed_encoding_fails(void)
{
    g_autoptr(GError) err = NULL;
    ArmcpuRaw one = {1, 0};

    /* ATOMIC has off=0, on=2, LSE128=3: 1 has no name */
    g_assert_null(armcpu_prop_raw_to_value(test_prop(reg, "feat_ATOMIC"), one, &err));
    g_assert_error(err, ARMCPU_VALUE_ERROR, ARMCPU_VALUE_ERROR_UNNAMED);
}

static void
test_raw_conversion_fraction_is_a_pair(void)
{
    const ArmcpuProp *ras = test_prop(reg, "feat_RAS");
    ArmcpuRaw raw, one_one = {1, 1};

    g_assert_true(armcpu_prop_value_to_raw(ras, "1.1_base", &raw, NULL));
    g_assert_cmpuint(raw.raw, ==, 2);
    g_assert_cmpuint(raw.frac, ==, 0);
    g_autofree char *v = armcpu_prop_raw_to_value(ras, one_one, NULL);
    g_assert_cmpstr(v, ==, "1.1");
}

static void
test_raw_conversion_bool_and_number(void)
{
    ArmcpuRaw raw, two = {2, 0};

    g_assert_true(armcpu_prop_value_to_raw(test_prop(reg, "hw_prop_IDC"), "true", &raw, NULL));
    g_assert_cmpuint(raw.raw, ==, 1);
    g_assert_null(armcpu_prop_raw_to_value(test_prop(reg, "hw_prop_IDC"), two, NULL));
    g_autofree char *n = armcpu_prop_raw_to_value(test_prop(reg, "hw_prop_WRPs"), two, NULL);
    g_assert_cmpstr(n, ==, "2");
}

/* ----- order and safety per policy ----- */

static void
test_lower_orders_pan_versions(void)
{
    g_assert_cmpint(order("feat_PAN", "pan2", "pan3"), ==, ARMCPU_ORDER_LESS);
    g_assert_cmpint(order("feat_PAN", "pan3", "on"), ==, ARMCPU_ORDER_GREATER);
    g_assert_true(safe("feat_PAN", "pan2", "pan3"));
    g_assert_false(safe("feat_PAN", "pan3", "pan2"));
}

static void
test_signed_lower_orders_fp_off_on_fp16(void)
{
    g_assert_cmpint(order("feat_FP", "off", "on"), ==, ARMCPU_ORDER_LESS);
    g_assert_cmpint(order("feat_FP", "on", "fp16"), ==, ARMCPU_ORDER_LESS);
    g_assert_cmpint(order("feat_FP", "fp16", "off"), ==, ARMCPU_ORDER_GREATER);
    g_assert_true(safe("feat_FP", "off", "fp16"));
    g_assert_false(safe("feat_FP", "fp16", "on"));
}

static void
test_pmu_imp_def_is_lowest_and_v3p9_highest(void)
{
    g_assert_cmpint(order("feat_PMU", "imp_def", "off"), ==, ARMCPU_ORDER_LESS);
    g_assert_cmpint(order("feat_PMU", "v3p4", "v3p5"), ==, ARMCPU_ORDER_LESS);
    g_assert_cmpint(order("feat_PMU", "v3p9", "v3p5"), ==, ARMCPU_ORDER_GREATER);
    g_assert_cmpint(order("feat_PMU", "v3p8", "off"), ==, ARMCPU_ORDER_GREATER);
    g_assert_true(safe("feat_PMU", "imp_def", "v3p5"));
    g_assert_false(safe("feat_PMU", "v3p8", "v3p5"));
    g_assert_cmpint(order("SYSREG_ID_AA64DFR0_EL1_PMUVer", "15", "0"), ==, ARMCPU_ORDER_LESS);
}

static void
test_derive_pmu_keeps_imp_def(void)
{
    g_autofree char *named = derived("feat_PMU", "v3p5");
    g_autofree char *raw = derived("SYSREG_ID_AA64DFR0_EL1_PMUVer", "6");

    g_assert_cmpstr(named, ==, "off, on, v3p1, v3p4, v3p5, imp_def");
    g_assert_cmpstr(raw, ==, "0-6, 15");
}

static void
test_higher_specsei_off_above_on(void)
{
    g_assert_cmpint(order("feat_SpecSEI", "on", "off"), ==, ARMCPU_ORDER_LESS);
    g_assert_true(safe("feat_SpecSEI", "on", "off"));
    g_assert_false(safe("feat_SpecSEI", "off", "on"));
}

static void
test_higher_or_zero_cwg_zero_is_safe_everywhere(void)
{
    g_assert_true(safe("hw_prop_CWG", "0", "4"));
    g_assert_true(safe("hw_prop_CWG", "5", "4"));
    g_assert_false(safe("hw_prop_CWG", "3", "4"));
    g_assert_false(safe("hw_prop_ERG", "4", "0"));
    g_assert_cmpint(order("hw_prop_ERG", "0", "4"), ==, ARMCPU_ORDER_LESS);
}

static void
test_exact_tgran_2_accepts_host_or_off(void)
{
    g_assert_cmpint(order("hw_prop_TGRAN4_2", "tgran4", "on"), ==, ARMCPU_ORDER_UNORDERED);
    g_assert_true(safe("hw_prop_TGRAN4_2", "on", "on"));
    g_assert_true(safe("hw_prop_TGRAN4_2", "off", "on"));
    g_assert_false(safe("hw_prop_TGRAN4_2", "tgran4", "on"));
}

static void
test_exact_pointer_auth_algorithms_only_equal(void)
{
    g_assert_cmpint(order("hw_prop_APA", "pauth", "epac"), ==, ARMCPU_ORDER_UNORDERED);
    g_assert_cmpint(order("hw_prop_APA", "epac", "epac"), ==, ARMCPU_ORDER_EQUAL);
    g_assert_false(safe("hw_prop_APA", "pauth", "epac"));
    g_assert_false(safe("pauth-impdef", "on", "off"));
}

static void
test_any_midr_fields_always_safe(void)
{
    g_assert_cmpint(order("cpu_partnum", "0xD4F", "0xD40"), ==, ARMCPU_ORDER_UNORDERED);
    g_assert_cmpint(order("cpu_partnum", "0xD4F", "3407"), ==, ARMCPU_ORDER_EQUAL);
    g_assert_true(safe("cpu_partnum", "0xD4F", "0xD40"));
}

static void
test_fractional_sort_is_base_then_frac(void)
{
    const ArmcpuProp *ras = test_prop(reg, "feat_RAS");
    const char *sorted[] = {"0.0", "1.0", "1.1", "1.1_base", "2.0"};

    for (gsize i = 0; i + 1 < G_N_ELEMENTS(sorted); i++)
        g_assert_cmpint(armcpu_prop_sort_compare(ras, sorted[i], sorted[i + 1]), <, 0);
}

static void
test_fractional_order_is_field_by_field(void)
{
    g_assert_cmpint(order("feat_RAS", "1.0", "1.1_base"), ==, ARMCPU_ORDER_LESS);
    g_assert_cmpint(order("feat_RAS", "1.1", "1.1_base"), ==, ARMCPU_ORDER_INCOMPARABLE);
    g_assert_cmpint(order("feat_RAS", "1.1", "2.0"), ==, ARMCPU_ORDER_INCOMPARABLE);
    g_assert_cmpint(order("feat_RAS", "1.1_base", "2.0"), ==, ARMCPU_ORDER_LESS);
    g_assert_cmpint(order("feat_MPAM", "0.1", "1.0"), ==, ARMCPU_ORDER_INCOMPARABLE);
    g_assert_cmpint(order("feat_NV", "2.0_only", "2.1"), ==, ARMCPU_ORDER_LESS);
}

static void
test_fractional_1_1_not_safe_on_1_1_base_host(void)
{
    g_assert_false(safe("feat_RAS", "1.1", "1.1_base"));
    g_assert_true(safe("feat_RAS", "1.0", "1.1_base"));
    g_assert_true(safe("feat_CSV2", "1.0", "2.0"));
    g_assert_false(safe("feat_CSV2", "1.2", "2.0"));
}

static void
test_order_fails_on_invalid_value(void)
{
    ArmcpuOrder o;
    g_autoptr(GError) err = NULL;

    g_assert_false(armcpu_prop_order(test_prop(reg, "feat_AES"), "pmull", "sha3", &o, &err));
    g_assert_error(err, ARMCPU_VALUE_ERROR, ARMCPU_VALUE_ERROR_NOT_IN_TABLE);
}

/* ----- derived supported sets ----- */

static void
test_derive_lower_enum_keeps_defined_encodings_below_host(void)
{
    g_autofree char *aes = derived("feat_AES", "pmull");
    g_autofree char *atomic = derived("feat_ATOMIC", "on");

    g_assert_cmpstr(aes, ==, "off, aes, pmull");
    g_assert_cmpstr(atomic, ==, "off, on");
}

static void
test_derive_signed_lower_includes_off(void)
{
    g_autofree char *fp = derived("feat_FP", "fp16");
    g_autofree char *fp_on = derived("feat_FP", "on");

    g_assert_cmpstr(fp, ==, "on, fp16, off");
    g_assert_cmpstr(fp_on, ==, "on, off");
}

static void
test_derive_higher_and_higher_or_zero(void)
{
    g_autofree char *a = derived("feat_SpecSEI", "off");
    g_autofree char *b = derived("feat_SpecSEI", "on");
    g_autofree char *c = derived("hw_prop_CWG", "4");
    g_autofree char *d = derived("hw_prop_CWG", "0");

    g_assert_cmpstr(a, ==, "off, on");
    g_assert_cmpstr(b, ==, "on");
    g_assert_cmpstr(c, ==, "0, 4-15");
    g_assert_cmpstr(d, ==, "0");
}

static void
test_derive_number_lower_is_a_range(void)
{
    g_autofree char *w = derived("hw_prop_WRPs", "3");
    g_autofree char *s = derived("SYSREG_ID_AA64ISAR0_EL1_AES", "2");

    g_assert_cmpstr(w, ==, "0-3");
    g_assert_cmpstr(s, ==, "0-2");
}

static void
test_derive_exact_gives_host_and_safe_value(void)
{
    g_autofree char *t = derived("hw_prop_TGRAN4_2", "on");
    g_autofree char *n = derived("SYSREG_ID_AA64MMFR0_EL1_TGran4_2", "2");

    g_assert_cmpstr(t, ==, "off, on");
    g_assert_cmpstr(n, ==, "2, 1");
}

static void
test_derive_fractional_field_wise(void)
{
    g_autofree char *r = derived("feat_RAS", "1.1_base");
    g_autofree char *c = derived("feat_CSV2", "1.2");

    g_assert_cmpstr(r, ==, "0.0, 1.0, 1.1_base");
    g_assert_cmpstr(c, ==, "0.0, 1.0, 1.1, 1.2");
}

static void
test_derive_bool_lower(void)
{
    g_autofree char *on = derived("sve", "on");
    g_autofree char *off = derived("pmu", "off");
    g_autofree char *any = derived("kvm-steal-time", "off");

    g_assert_cmpstr(on, ==, "off, on");
    g_assert_cmpstr(off, ==, "off");
    g_assert_cmpstr(any, ==, "off, on");
}

/* ----- named models ----- */

static void
test_model_chain_child_overrides_parent(void)
{
    const ArmcpuModel *grace = armcpu_registry_find_model(reg, "grace-v1");

    g_assert_nonnull(grace);
    g_assert_cmpstr(armcpu_model_name(armcpu_model_parent(grace)), ==, "neoverse-v2-v1");
    g_assert_cmpstr(armcpu_model_get(grace, "cpu_revision"), ==, "0x0");
    g_assert_cmpstr(armcpu_model_get(grace, "feat_RAS"), ==, "1.1_base");
    g_assert_cmpstr(armcpu_model_get(grace, "feat_TS"), ==, "flagm2");
    g_assert_cmpstr(armcpu_model_get(grace, "el0_mode"), ==, "aarch64");
    g_assert_null(armcpu_model_get(grace, "feat_RNDR"));
}

static void
test_model_effective_settings_count(void)
{
    const ArmcpuModel *base = armcpu_registry_find_model(reg, "kvm-base-v1");
    const ArmcpuModel *g3 = armcpu_registry_find_model(reg, "graviton3-v1");

    g_assert_cmpuint(armcpu_model_settings(base)->len, ==, 10);
    g_assert_cmpstr(armcpu_model_get(g3, "feat_PMU"), ==, "v3p4");
    g_assert_cmpstr(armcpu_model_get(g3, "hw_prop_TGRAN4_2"), ==, "tgran4");
    g_assert_cmpuint(armcpu_registry_n_models(reg), ==, 7);
}

/* ----- the loader on broken data ----- */

static char *
write_registry(const char *props, const char *models)
{
    g_autoptr(GError) err = NULL;
    char *dir = g_dir_make_tmp("armcpu-reg-XXXXXX", &err);
    g_autofree char *p = NULL;
    g_autofree char *m = NULL;

    g_assert_no_error(err);
    p = g_build_filename(dir, "arm_properties.xml", NULL);
    m = g_build_filename(dir, "arm_models.xml", NULL);
    g_assert_true(g_file_set_contents(p, props, -1, NULL));
    g_assert_true(g_file_set_contents(m, models, -1, NULL));
    return dir;
}

static void
remove_registry(const char *dir)
{
    g_autofree char *p = g_build_filename(dir, "arm_properties.xml", NULL);
    g_autofree char *m = g_build_filename(dir, "arm_models.xml", NULL);

    g_unlink(p);
    g_unlink(m);
    g_rmdir(dir);
}

#define PROPS_HEAD   "<cpuMap arch='aarch64' kind='properties' version='1'>\n"
#define MODELS_EMPTY "<cpuMap arch='aarch64' kind='models' version='1'/>\n"

static void
expect_load_error(const char *props, const char *models, int code, const char *where)
{
    g_autofree char *dir = write_registry(props, models);
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuRegistry) r = armcpu_registry_load(dir, &err);

    g_assert_null(r);
    g_assert_error(err, ARMCPU_REGISTRY_ERROR, code);
    if (!strstr(err->message, where))
        g_error("'%s' does not contain '%s'", err->message, where);
    remove_registry(dir);
}

static void
test_loader_names_file_and_line_of_duplicate(void)
{
    expect_load_error(PROPS_HEAD "<property name='a' kind='bool' policy='lower' kvm='no'/>\n"
                                 "<property name='a' kind='bool' policy='lower' kvm='no'/>\n"
                                 "</cpuMap>\n",
                      MODELS_EMPTY, ARMCPU_REGISTRY_ERROR_DUPLICATE, "arm_properties.xml:3:");
}

static void
test_loader_refuses_value_wider_than_field(void)
{
    expect_load_error(PROPS_HEAD "<property name='a' kind='enum' policy='lower' kvm='no'>\n"
                                 "<field register='R' name='F' shift='0' width='2' signed='no'/>\n"
                                 "<value name='big' raw='4'/>\n"
                                 "</property></cpuMap>\n",
                      MODELS_EMPTY, ARMCPU_REGISTRY_ERROR_VALUE, "arm_properties.xml:4:");
}

static void
test_loader_refuses_unknown_policy(void)
{
    expect_load_error(PROPS_HEAD "<property name='a' kind='bool' policy='LOWER' kvm='no'/>\n"
                                 "</cpuMap>\n",
                      MODELS_EMPTY, ARMCPU_REGISTRY_ERROR_SHAPE, "unknown policy 'LOWER'");
}

static void
test_loader_refuses_malformed_xml(void)
{
    expect_load_error(PROPS_HEAD "<property name='a'\n", MODELS_EMPTY, ARMCPU_REGISTRY_ERROR_XML,
                      "arm_properties.xml:");
}

static void
test_loader_refuses_model_cycle(void)
{
    expect_load_error(PROPS_HEAD "</cpuMap>\n",
                      "<cpuMap arch='aarch64' kind='models' version='1'>\n"
                      "<model name='a' parent='b'/>\n<model name='b' parent='a'/>\n</cpuMap>\n",
                      ARMCPU_REGISTRY_ERROR_MODEL, "own ancestor");
}

static void
test_loader_refuses_model_with_invalid_value(void)
{
    expect_load_error(PROPS_HEAD "<property name='p' kind='bool' policy='lower' kvm='no'/>\n"
                                 "</cpuMap>\n",
                      "<cpuMap arch='aarch64' kind='models' version='1'>\n"
                      "<model name='m'><set name='p' value='maybe'/></model>\n</cpuMap>\n",
                      ARMCPU_REGISTRY_ERROR_VALUE, "arm_models.xml:2:");
}

static void
test_loader_refuses_doctype(void)
{
    expect_load_error("<!DOCTYPE x [<!ENTITY a 'b'>]>\n" PROPS_HEAD "</cpuMap>\n", MODELS_EMPTY,
                      ARMCPU_REGISTRY_ERROR_XML, "DOCTYPE");
}

static void
test_loader_refuses_nesting_deeper_than_the_limit(void)
{
    g_autoptr(GString) doc = g_string_new(PROPS_HEAD "<property name='a' kind='bool' "
                                                     "policy='lower' kvm='no'><description>");

    for (int i = 0; i < 40; i++)
        g_string_append(doc, "<b>");
    for (int i = 0; i < 40; i++)
        g_string_append(doc, "</b>");
    g_string_append(doc, "</description></property></cpuMap>\n");
    expect_load_error(doc->str, MODELS_EMPTY, ARMCPU_REGISTRY_ERROR_XML, "deeper than 32");
}

static void
test_loader_reports_malformed_xml_before_an_earlier_bad_property(void)
{
    /* the bad policy comes first, but a document that is not XML fails as such */
    expect_load_error(PROPS_HEAD "<property name='a' kind='bool' policy='LOWER' kvm='no'/>\n"
                                 "<property name='b'></propertyy>\n</cpuMap>\n",
                      MODELS_EMPTY, ARMCPU_REGISTRY_ERROR_XML, "arm_properties.xml:3:");
}

static void
test_loader_refuses_namespaced_element(void)
{
    expect_load_error(PROPS_HEAD "<x:property xmlns:x='urn:x' name='a' kind='bool' "
                                 "policy='lower' kvm='no'/>\n</cpuMap>\n",
                      MODELS_EMPTY, ARMCPU_REGISTRY_ERROR_SHAPE,
                      "arm_properties.xml:2: unexpected element <property>");
}

static void
test_loader_reads_description_text_and_cdata(void)
{
    g_autofree char *dir = write_registry(
        PROPS_HEAD "<property name='a' kind='bool' policy='lower' kvm='no'>\n"
                   "  <description>\n    Pointer &amp; <![CDATA[<auth>]]> keys\n  </description>\n"
                   "</property>\n</cpuMap>\n",
        MODELS_EMPTY);
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuRegistry) r = armcpu_registry_load(dir, &err);

    g_assert_no_error(err);
    g_assert_cmpstr(armcpu_prop_description(armcpu_registry_lookup(r, "a")), ==,
                    "Pointer & <auth> keys");
    remove_registry(dir);
}

static void
test_loader_names_line_of_a_model_setting_twice(void)
{
    expect_load_error(PROPS_HEAD "<property name='p' kind='bool' policy='lower' kvm='no'/>\n"
                                 "</cpuMap>\n",
                      "<cpuMap arch='aarch64' kind='models' version='1'>\n"
                      "<model name='m'>\n<set name='p' value='on'/>\n"
                      "<set name='p' value='off'/>\n</model>\n</cpuMap>\n",
                      ARMCPU_REGISTRY_ERROR_DUPLICATE,
                      "arm_models.xml:4: model 'm' sets 'p' twice");
}

int
main(int argc, char **argv)
{
    int rc;

    g_test_init(&argc, &argv, NULL);
    reg = test_registry();

    g_test_add_func("/registry/data/knows-every-reference-property",
                    test_registry_knows_every_reference_property);
    g_test_add_func("/registry/lookup/is-case-sensitive", test_lookup_is_case_sensitive);
    g_test_add_func("/registry/lookup/suggest-offers-the-right-case",
                    test_suggest_offers_the_right_case);
    g_test_add_func("/registry/lookup/finds-sysreg-dialect-names",
                    test_lookup_finds_sysreg_dialect_names);
    g_test_add_func("/registry/lookup/sysreg-names-keep-arm-arm-spelling",
                    test_sysreg_names_keep_arm_arm_spelling);
    g_test_add_func("/registry/lookup/fractional-has-two-sysreg-fields",
                    test_fractional_has_two_sysreg_fields);
    g_test_add_func("/registry/lookup/qemu-properties-have-no-sysreg-name",
                    test_qemu_properties_have_no_sysreg_name);
    g_test_add_func("/registry/data/kvm-writability-recorded", test_kvm_writability_recorded);
    g_test_add_func("/registry/value/check-reports-table-entries",
                    test_check_value_reports_table_entries);
    g_test_add_func("/registry/value/check-bounds-numbers-by-field-width",
                    test_check_value_bounds_numbers_by_field_width);
    g_test_add_func("/registry/value/check-sve-max-vq-range", test_check_value_sve_max_vq_range);
    g_test_add_func("/registry/value/check-fraction-must-be-in-table",
                    test_check_value_fraction_must_be_in_table);
    g_test_add_func("/registry/raw/enum-round-trips", test_raw_conversion_enum_round_trips);
    g_test_add_func("/registry/raw/signed-off-is-0xf", test_raw_conversion_signed_off_is_0xf);
    g_test_add_func("/registry/raw/unnamed-encoding-fails",
                    test_raw_conversion_unnamed_encoding_fails);
    g_test_add_func("/registry/raw/fraction-is-a-pair", test_raw_conversion_fraction_is_a_pair);
    g_test_add_func("/registry/raw/bool-and-number", test_raw_conversion_bool_and_number);
    g_test_add_func("/registry/order/lower-orders-pan-versions", test_lower_orders_pan_versions);
    g_test_add_func("/registry/order/signed-lower-orders-fp-off-on-fp16",
                    test_signed_lower_orders_fp_off_on_fp16);
    g_test_add_func("/registry/order/pmu-imp-def-is-lowest-and-v3p9-highest",
                    test_pmu_imp_def_is_lowest_and_v3p9_highest);
    g_test_add_func("/registry/derive/pmu-keeps-imp-def", test_derive_pmu_keeps_imp_def);
    g_test_add_func("/registry/order/higher-specsei-off-above-on",
                    test_higher_specsei_off_above_on);
    g_test_add_func("/registry/order/higher-or-zero-cwg-zero-is-safe-everywhere",
                    test_higher_or_zero_cwg_zero_is_safe_everywhere);
    g_test_add_func("/registry/order/exact-tgran-2-accepts-host-or-off",
                    test_exact_tgran_2_accepts_host_or_off);
    g_test_add_func("/registry/order/exact-pointer-auth-algorithms-only-equal",
                    test_exact_pointer_auth_algorithms_only_equal);
    g_test_add_func("/registry/order/any-midr-fields-always-safe",
                    test_any_midr_fields_always_safe);
    g_test_add_func("/registry/order/fractional-sort-is-base-then-frac",
                    test_fractional_sort_is_base_then_frac);
    g_test_add_func("/registry/order/fractional-order-is-field-by-field",
                    test_fractional_order_is_field_by_field);
    g_test_add_func("/registry/order/fractional-1-1-not-safe-on-1-1-base-host",
                    test_fractional_1_1_not_safe_on_1_1_base_host);
    g_test_add_func("/registry/order/fails-on-invalid-value", test_order_fails_on_invalid_value);
    g_test_add_func("/registry/derive/lower-enum-keeps-defined-encodings-below-host",
                    test_derive_lower_enum_keeps_defined_encodings_below_host);
    g_test_add_func("/registry/derive/signed-lower-includes-off",
                    test_derive_signed_lower_includes_off);
    g_test_add_func("/registry/derive/higher-and-higher-or-zero",
                    test_derive_higher_and_higher_or_zero);
    g_test_add_func("/registry/derive/number-lower-is-a-range",
                    test_derive_number_lower_is_a_range);
    g_test_add_func("/registry/derive/exact-gives-host-and-safe-value",
                    test_derive_exact_gives_host_and_safe_value);
    g_test_add_func("/registry/derive/fractional-field-wise", test_derive_fractional_field_wise);
    g_test_add_func("/registry/derive/bool-lower", test_derive_bool_lower);
    g_test_add_func("/registry/model/chain-child-overrides-parent",
                    test_model_chain_child_overrides_parent);
    g_test_add_func("/registry/model/effective-settings-count",
                    test_model_effective_settings_count);
    g_test_add_func("/registry/loader/names-file-and-line-of-duplicate",
                    test_loader_names_file_and_line_of_duplicate);
    g_test_add_func("/registry/loader/refuses-value-wider-than-field",
                    test_loader_refuses_value_wider_than_field);
    g_test_add_func("/registry/loader/refuses-unknown-policy", test_loader_refuses_unknown_policy);
    g_test_add_func("/registry/loader/refuses-malformed-xml", test_loader_refuses_malformed_xml);
    g_test_add_func("/registry/loader/refuses-model-cycle", test_loader_refuses_model_cycle);
    g_test_add_func("/registry/loader/refuses-model-with-invalid-value",
                    test_loader_refuses_model_with_invalid_value);
    g_test_add_func("/registry/loader/refuses-doctype", test_loader_refuses_doctype);
    g_test_add_func("/registry/loader/refuses-nesting-deeper-than-the-limit",
                    test_loader_refuses_nesting_deeper_than_the_limit);
    g_test_add_func("/registry/loader/reports-malformed-xml-before-an-earlier-bad-property",
                    test_loader_reports_malformed_xml_before_an_earlier_bad_property);
    g_test_add_func("/registry/loader/refuses-namespaced-element",
                    test_loader_refuses_namespaced_element);
    g_test_add_func("/registry/loader/reads-description-text-and-cdata",
                    test_loader_reads_description_text_and_cdata);
    g_test_add_func("/registry/loader/names-line-of-a-model-setting-twice",
                    test_loader_names_line_of_a_model_setting_twice);
    rc = g_test_run();
    armcpu_registry_unref(reg);
    return rc;
}
