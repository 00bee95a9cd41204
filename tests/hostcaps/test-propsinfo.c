/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-propsinfo.c: reading QMP replies into an accelerator section: the
 * three shapes QEMU may answer in, derived sets, models, hostile replies.
 */
#include "hostcaps-test.h"

static ArmcpuRegistry *reg;

/* Fill a kvm section from inline JSON (NULL = no such reply). */
static ArmcpuAccelCaps *
fill(const char *expansion, const char *command, const char *info, GError **error)
{
    g_autoptr(ArmcpuAccelCaps) acc = armcpu_accel_caps_new(ARMCPU_ACCEL_KVM);
    g_autoptr(json_object) exp = expansion ? test_json(expansion) : NULL;
    g_autoptr(json_object) pi = info ? test_json(info) : NULL;

    if (!armcpu_accel_caps_fill_props(acc, reg, expansion ? "host" : NULL, exp, command, pi, error))
        return NULL;
    return g_steal_pointer(&acc);
}

static ArmcpuAccelCaps *
fill_ok(const char *expansion, const char *command, const char *info)
{
    g_autoptr(GError) err = NULL;
    ArmcpuAccelCaps *acc = fill(expansion, command, info, &err);

    g_assert_no_error(err);
    g_assert_nonnull(acc);
    return acc;
}

/* Filling must fail with @code, and the message mention @mentions (nullable). */
static void
fill_fails(const char *expansion, const char *command, const char *info, int code,
           const char *mentions)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuAccelCaps) acc = fill(expansion, command, info, &err);

    g_assert_null(acc);
    g_assert_error(err, ARMCPU_HOST_CAPS_ERROR, code);
    g_test_message("%s", err->message);
    if (command)
        g_assert_true(g_str_has_prefix(err->message, command));
    if (mentions && !strstr(err->message, mentions))
        g_error("message \"%s\" does not mention \"%s\"", err->message, mentions);
}

static const ArmcpuPropInfo *
prop(const ArmcpuAccelCaps *acc, const char *name)
{
    const ArmcpuPropInfo *pi = armcpu_accel_caps_lookup(acc, name);

    if (!pi)
        g_error("no property '%s'", name);
    return pi;
}

/* The supported set of @name as "a, b, c". */
static char *
set_of(const ArmcpuAccelCaps *acc, const char *name)
{
    return armcpu_value_set_format(armcpu_prop_info_supported(prop(acc, name)));
}

#define V2    "query-arm-cpu-props-info"
#define TYPED "query-cpu-props-info"

/* ----- shape 1: strings only ----- */

static void
test_v2_reads_number_ranges(void)
{
    g_autoptr(ArmcpuAccelCaps) acc =
        fill_ok(NULL, V2,
                "[{\"name\": \"hw_prop_WRPs\", \"supported-values\": [\"0-3\"], \"type\": "
                "\"number\"}]");
    const ArmcpuPropInfo *pi = prop(acc, "hw_prop_WRPs");
    g_autofree char *set = set_of(acc, "hw_prop_WRPs");

    g_assert_cmpstr(set, ==, "0-3");
    g_assert_cmpint(armcpu_prop_info_kind(pi), ==, ARMCPU_KIND_NUMBER);
    g_assert_cmpint(armcpu_prop_info_source(pi), ==, ARMCPU_SUPPORT_PROPS_INFO);
    g_assert_true(armcpu_value_set_contains(armcpu_prop_info_supported(pi), "2"));
    g_assert_false(armcpu_value_set_contains(armcpu_prop_info_supported(pi), "4"));
    g_assert_cmpstr(acc->props_info_command, ==, V2);
    g_assert_cmpint(armcpu_accel_caps_dialect(acc), ==, ARMCPU_DIALECT_NAMED);
}

static void
test_v2_keeps_hex_as_written(void)
{
    g_autoptr(ArmcpuAccelCaps) acc =
        fill_ok(NULL, V2,
                "[{\"name\": \"cpu_partnum\", \"type\": \"number\", \"supported-values\": "
                "[\"0xd4f\"]}]");
    g_autofree char *set = set_of(acc, "cpu_partnum");

    g_assert_cmpstr(set, ==, "0xd4f");
    g_assert_true(
        armcpu_value_set_contains(armcpu_prop_info_supported(prop(acc, "cpu_partnum")), "3407"));
}

static void
test_v2_normalises_true_false(void)
{
    g_autoptr(ArmcpuAccelCaps) acc =
        fill_ok(NULL, V2,
                "[{\"name\": \"hw_prop_IDC\", \"type\": \"bool\", \"supported-values\": "
                "[\"true\", \"false\"]}]");
    g_autofree char *set = set_of(acc, "hw_prop_IDC");

    g_assert_cmpstr(set, ==, "on, off");
    g_assert_cmpint(armcpu_prop_info_kind(prop(acc, "hw_prop_IDC")), ==, ARMCPU_KIND_BOOL);
}

static void
test_v2_reads_strings_and_fractions(void)
{
    g_autoptr(ArmcpuAccelCaps) acc = fill_ok(
        NULL, V2,
        "[{\"name\": \"feat_AES\", \"type\": \"string\", \"supported-values\": [\"off\", "
        "\"aes\", \"pmull\"]},"
        " {\"name\": \"feat_RAS\", \"type\": \"string\", \"supported-values\": [\"1.1_base\"]}]");
    g_autofree char *aes = set_of(acc, "feat_AES");

    g_assert_cmpstr(aes, ==, "off, aes, pmull");
    g_assert_cmpint(armcpu_prop_info_kind(prop(acc, "feat_AES")), ==, ARMCPU_KIND_ENUM);
    g_assert_cmpint(armcpu_prop_info_kind(prop(acc, "feat_RAS")), ==, ARMCPU_KIND_FRACTIONAL);
}

static void
test_v2_refuses_malformed_fraction(void)
{
    fill_fails(NULL, V2,
               "[{\"name\": \"feat_RAS\", \"type\": \"string\", \"supported-values\": [\"1\"]}]",
               ARMCPU_HOST_CAPS_ERROR_VALUE, "'1'");
}

static void
test_keeps_unknown_names_and_types(void)
{
    g_autoptr(ArmcpuAccelCaps) acc =
        fill_ok(NULL, V2,
                "[{\"name\": \"feat_FUTURE\", \"type\": \"string\", \"supported-values\": "
                "[\"off\", \"v2\"]},"
                " {\"name\": \"hw_prop_NEW\", \"type\": \"enum16\", \"supported-values\": "
                "[\"a\", \"b-c\"]}]");
    const ArmcpuPropInfo *future = prop(acc, "feat_FUTURE");
    const ArmcpuPropInfo *odd = prop(acc, "hw_prop_NEW");
    g_autofree char *set = set_of(acc, "hw_prop_NEW");

    g_assert_null(armcpu_prop_info_registry(future));
    g_assert_cmpint(armcpu_prop_info_kind(future), ==, ARMCPU_KIND_STRING);
    g_assert_cmpstr(armcpu_prop_info_type(odd), ==, "enum16");
    g_assert_cmpint(armcpu_prop_info_kind(odd), ==, ARMCPU_KIND_STRING);
    g_assert_cmpstr(set, ==, "a, b-c");
    /* no registry-named property: only qemu's own vocabulary is known */
    g_assert_cmpint(armcpu_accel_caps_dialect(acc), ==, ARMCPU_DIALECT_QEMU);
}

static void
test_type_contradicting_registry_keeps_qemu_type(void)
{
    g_autoptr(ArmcpuAccelCaps) acc = fill_ok(
        NULL, V2,
        "[{\"name\": \"feat_AES\", \"type\": \"number\", \"supported-values\": [\"0-2\"]}]");
    const ArmcpuPropInfo *pi = prop(acc, "feat_AES");

    g_assert_cmpint(armcpu_prop_info_kind(pi), ==, ARMCPU_KIND_NUMBER);
    g_assert_null(armcpu_prop_info_registry(pi));
}

/* ----- shape 2: typed ----- */

static void
test_typed_reads_bool_lists(void)
{
    g_autoptr(ArmcpuAccelCaps) acc =
        fill_ok(NULL, TYPED,
                "[{\"name\": \"sve\", \"type\": \"bool\", \"supported-values\": [true, false]},"
                " {\"name\": \"pauth\", \"type\": \"bool\", \"supported-values\": [true]},"
                " {\"name\": \"pmu\", \"type\": \"bool\"}]");
    g_autofree char *sve = set_of(acc, "sve");
    g_autofree char *pauth = set_of(acc, "pauth");
    g_autofree char *pmu = set_of(acc, "pmu");

    g_assert_cmpstr(sve, ==, "on, off");
    g_assert_cmpstr(pauth, ==, "on");
    g_assert_cmpstr(pmu, ==, "off, on");
}

static void
test_typed_reads_min_max(void)
{
    g_autoptr(ArmcpuAccelCaps) acc = fill_ok(
        NULL, TYPED,
        "[{\"name\": \"SYSREG_ID_AA64ISAR0_EL1_AES\", \"type\": \"number\", \"min\": 0, \"max\": "
        "2}, {\"name\": \"SYSREG_X\", \"type\": \"number\", \"min\": 0, \"max\": "
        "18446744073709551615}]");
    g_autofree char *aes = set_of(acc, "SYSREG_ID_AA64ISAR0_EL1_AES");
    g_autofree char *x = set_of(acc, "SYSREG_X");

    g_assert_cmpstr(aes, ==, "0-2");
    g_assert_cmpstr(x, ==, "0-18446744073709551615");
    g_assert_cmpint(armcpu_accel_caps_dialect(acc), ==, ARMCPU_DIALECT_SYSREG);
}

static void
test_typed_reads_lists_of_ranges(void)
{
    g_autoptr(ArmcpuAccelCaps) acc = fill_ok(
        NULL, TYPED,
        "[{\"name\": \"SYSREG_ID_AA64PFR0_EL1_FP\", \"type\": \"number\", \"supported-values\": "
        "[0, 1, {\"min\": 15, \"max\": 15}, {\"min\": 3, \"max\": 5}]}]");
    g_autofree char *fp = set_of(acc, "SYSREG_ID_AA64PFR0_EL1_FP");

    g_assert_cmpstr(fp, ==, "0, 1, 15, 3-5");
}

static void
test_typed_reads_string_lists(void)
{
    g_autoptr(ArmcpuAccelCaps) acc =
        fill_ok(NULL, TYPED,
                "[{\"name\": \"pmu\", \"type\": \"bool\"},"
                " {\"name\": \"feat_PAN\", \"type\": \"string\", \"supported-values\": [\"off\", "
                "\"on\"]}]");
    g_autofree char *pan = set_of(acc, "feat_PAN");

    g_assert_cmpstr(pan, ==, "off, on");
}

static void
test_shape_is_read_from_reply_not_command_name(void)
{
    g_autoptr(ArmcpuAccelCaps) typed_from_v2 = fill_ok(
        NULL, V2, "[{\"name\": \"hw_prop_WRPs\", \"type\": \"number\", \"min\": 0, \"max\": 3}]");
    g_autoptr(ArmcpuAccelCaps) v2_from_typed = fill_ok(
        NULL, TYPED,
        "[{\"name\": \"hw_prop_WRPs\", \"type\": \"number\", \"supported-values\": [\"0-3\"]}]");
    g_autofree char *a = set_of(typed_from_v2, "hw_prop_WRPs");
    g_autofree char *b = set_of(v2_from_typed, "hw_prop_WRPs");

    g_assert_cmpstr(a, ==, "0-3");
    g_assert_cmpstr(b, ==, "0-3");
    g_assert_cmpstr(v2_from_typed->props_info_command, ==, TYPED);
}

static void
test_typed_refuses_min_above_max(void)
{
    fill_fails(NULL, TYPED,
               "[{\"name\": \"hw_prop_WRPs\", \"type\": \"number\", \"min\": 4, \"max\": 3}]",
               ARMCPU_HOST_CAPS_ERROR_VALUE, "entry 0 ('hw_prop_WRPs')");
}

static void
test_typed_refuses_min_without_max(void)
{
    fill_fails(NULL, TYPED, "[{\"name\": \"hw_prop_WRPs\", \"type\": \"number\", \"min\": 0}]",
               ARMCPU_HOST_CAPS_ERROR_SHAPE, "min and max");
}

static void
test_typed_refuses_min_max_on_string(void)
{
    fill_fails(NULL, TYPED,
               "[{\"name\": \"feat_AES\", \"type\": \"string\", \"min\": 0, \"max\": 1}]",
               ARMCPU_HOST_CAPS_ERROR_SHAPE, "min/max");
}

static void
test_typed_refuses_boolean_for_string(void)
{
    fill_fails(
        NULL, TYPED,
        "[{\"name\": \"feat_AES\", \"type\": \"string\", \"supported-values\": [\"off\", true]}]",
        ARMCPU_HOST_CAPS_ERROR_SHAPE, "entry 0 ('feat_AES')");
}

static void
test_typed_refuses_negative_number(void)
{
    fill_fails(NULL, TYPED,
               "[{\"name\": \"hw_prop_WRPs\", \"type\": \"number\", \"supported-values\": [-1]}]",
               ARMCPU_HOST_CAPS_ERROR_VALUE, "negative");
}

static void
test_typed_refuses_string_without_list(void)
{
    fill_fails(NULL, TYPED, "[{\"name\": \"feat_AES\", \"type\": \"string\"}]",
               ARMCPU_HOST_CAPS_ERROR_SHAPE, "supported-values");
}

/* ----- hostile replies ----- */

typedef struct {
    const char *path;
    const char *info;
    int code;
    const char *mentions; /* in the message, or NULL */
} BadReply;

static const BadReply bad_replies[] = {
    {"/hostcaps/props-info/refuses-name-with-comma",
     "[{\"name\": \"feat_AES,x=y\", \"type\": \"string\", \"supported-values\": [\"off\"]}]",
     ARMCPU_HOST_CAPS_ERROR_VALUE, "entry 0 ('feat_AES,x=y')"},
    {"/hostcaps/props-info/refuses-value-with-equals",
     "[{\"name\": \"feat_AES\", \"type\": \"string\", \"supported-values\": [\"aes=1\"]}]",
     ARMCPU_HOST_CAPS_ERROR_VALUE, "'aes=1'"},
    {"/hostcaps/props-info/refuses-65-byte-value",
     "[{\"name\": \"feat_X\", \"type\": \"string\", \"supported-values\": "
     "[\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"]}]",
     ARMCPU_HOST_CAPS_ERROR_VALUE, "65 bytes"},
    {"/hostcaps/props-info/refuses-nul-in-value",
     "[{\"name\": \"feat_X\", \"type\": \"string\", \"supported-values\": [\"on\\u0000-cpu\"]}]",
     ARMCPU_HOST_CAPS_ERROR_VALUE, "NUL"},
    {"/hostcaps/props-info/refuses-nul-in-name",
     "[{\"name\": \"feat_X\\u0000\", \"type\": \"string\", \"supported-values\": [\"on\"]}]",
     ARMCPU_HOST_CAPS_ERROR_VALUE, "NUL"},
    {"/hostcaps/props-info/refuses-non-ascii",
     "[{\"name\": \"feat_X\", \"type\": \"string\", \"supported-values\": [\"caf\\u00e9\"]}]",
     ARMCPU_HOST_CAPS_ERROR_VALUE, "caf"},
    {"/hostcaps/props-info/refuses-newline-in-type",
     "[{\"name\": \"feat_X\", \"type\": \"string\\n\", \"supported-values\": [\"on\"]}]",
     ARMCPU_HOST_CAPS_ERROR_VALUE, "type"},
    {"/hostcaps/props-info/refuses-reply-that-is-not-a-list", "{\"name\": \"feat_X\"}",
     ARMCPU_HOST_CAPS_ERROR_SHAPE, "expected an array"},
    {"/hostcaps/props-info/refuses-entry-that-is-not-an-object", "[\"feat_X\"]",
     ARMCPU_HOST_CAPS_ERROR_SHAPE, "entry 0"},
    {"/hostcaps/props-info/refuses-missing-name",
     "[{\"type\": \"string\", \"supported-values\": [\"on\"]}]", ARMCPU_HOST_CAPS_ERROR_SHAPE,
     "'name'"},
    {"/hostcaps/props-info/refuses-name-of-wrong-type",
     "[{\"name\": 7, \"type\": \"string\", \"supported-values\": [\"on\"]}]",
     ARMCPU_HOST_CAPS_ERROR_SHAPE, "expected a string"},
    {"/hostcaps/props-info/refuses-missing-type",
     "[{\"name\": \"feat_X\", \"supported-values\": [\"on\"]}]", ARMCPU_HOST_CAPS_ERROR_SHAPE,
     "'type'"},
    {"/hostcaps/props-info/refuses-list-of-wrong-type",
     "[{\"name\": \"feat_X\", \"type\": \"string\", \"supported-values\": {\"a\": 1}}]",
     ARMCPU_HOST_CAPS_ERROR_SHAPE, "supported-values"},
    {"/hostcaps/props-info/refuses-double-value",
     "[{\"name\": \"hw_prop_WRPs\", \"type\": \"number\", \"supported-values\": [1.5]}]",
     ARMCPU_HOST_CAPS_ERROR_SHAPE, "double"},
    {"/hostcaps/props-info/refuses-null-value",
     "[{\"name\": \"feat_X\", \"type\": \"string\", \"supported-values\": [null]}]",
     ARMCPU_HOST_CAPS_ERROR_SHAPE, "null"},
    {"/hostcaps/props-info/refuses-reversed-string-range",
     "[{\"name\": \"hw_prop_WRPs\", \"type\": \"number\", \"supported-values\": [\"3-0\"]}]",
     ARMCPU_HOST_CAPS_ERROR_VALUE, "'3-0'"},
    {"/hostcaps/props-info/refuses-non-bool-for-bool",
     "[{\"name\": \"hw_prop_IDC\", \"type\": \"bool\", \"supported-values\": [\"1\"]}]",
     ARMCPU_HOST_CAPS_ERROR_VALUE, "'hw_prop_IDC'"},
    {"/hostcaps/props-info/refuses-duplicate-entry",
     "[{\"name\": \"feat_X\", \"type\": \"string\", \"supported-values\": [\"on\"]},"
     " {\"name\": \"feat_X\", \"type\": \"string\", \"supported-values\": [\"off\"]}]",
     ARMCPU_HOST_CAPS_ERROR_DUPLICATE, "entry 1"},
};

static void
test_bad_reply(gconstpointer data)
{
    const BadReply *b = data;
    fill_fails(NULL, V2, b->info, b->code, b->mentions);
}

static void
test_refuses_huge_value_list(void)
{
    g_autoptr(GString) s =
        g_string_new("[{\"name\": \"feat_X\", \"type\": \"string\", \"supported-values\": [");

    for (int i = 0; i <= ARMCPU_HOST_CAPS_MAX_VALUES; i++)
        g_string_append_printf(s, "%s\"v%d\"", i ? ", " : "", i);
    g_string_append(s, "]}]");
    fill_fails(NULL, V2, s->str, ARMCPU_HOST_CAPS_ERROR_LIMIT, "limit of 256");
}

static void
test_refuses_huge_property_list(void)
{
    g_autoptr(GString) s = g_string_new("[");

    for (int i = 0; i <= ARMCPU_HOST_CAPS_MAX_PROPS; i++)
        g_string_append_printf(s,
                               "%s{\"name\": \"p%d\", \"type\": \"bool\", "
                               "\"supported-values\": [\"on\"]}",
                               i ? ", " : "", i);
    g_string_append(s, "]");
    fill_fails(NULL, V2, s->str, ARMCPU_HOST_CAPS_ERROR_LIMIT, "limit of 4096");
}

/* ----- shape 3: the host expansion, derived sets ----- */

static void
test_sysreg_derives_from_host_value(void)
{
    g_autoptr(ArmcpuAccelCaps) acc = fill_ok(
        "{\"SYSREG_ID_AA64ISAR0_EL1_AES\": 2, \"SYSREG_ID_AA64PFR0_EL1_EL1\": 1}", NULL, NULL);
    const ArmcpuPropInfo *pi = prop(acc, "SYSREG_ID_AA64ISAR0_EL1_AES");
    g_autofree char *aes = set_of(acc, "SYSREG_ID_AA64ISAR0_EL1_AES");

    g_assert_cmpstr(aes, ==, "0-2");
    g_assert_cmpint(armcpu_prop_info_source(pi), ==, ARMCPU_SUPPORT_DERIVED);
    g_assert_cmpstr(armcpu_prop_info_host_value(pi), ==, "2");
    g_assert_cmpint(armcpu_prop_info_kind(pi), ==, ARMCPU_KIND_NUMBER);
    g_assert_nonnull(armcpu_prop_info_registry(pi));
    g_assert_cmpint(armcpu_accel_caps_dialect(acc), ==, ARMCPU_DIALECT_SYSREG);
    g_assert_null(acc->props_info_command);
}

static void
test_sysreg_unknown_name_gets_host_value_only(void)
{
    g_autoptr(ArmcpuAccelCaps) acc = fill_ok("{\"SYSREG_ID_AA64FOO_EL1_BAR\": 7}", NULL, NULL);
    const ArmcpuPropInfo *pi = prop(acc, "SYSREG_ID_AA64FOO_EL1_BAR");
    g_autofree char *set = set_of(acc, "SYSREG_ID_AA64FOO_EL1_BAR");

    g_assert_cmpstr(set, ==, "7");
    g_assert_cmpint(armcpu_prop_info_source(pi), ==, ARMCPU_SUPPORT_DERIVED);
    g_assert_null(armcpu_prop_info_registry(pi));
    g_assert_cmpint(armcpu_accel_caps_dialect(acc), ==, ARMCPU_DIALECT_SYSREG);
}

static void
test_qemu_booleans_follow_registry_policy(void)
{
    g_autoptr(ArmcpuAccelCaps) acc =
        fill_ok("{\"pmu\": true, \"pauth-impdef\": false, \"kvm-no-adjvtime\": false, "
                "\"aarch64\": true}",
                NULL, NULL);
    g_autofree char *pmu = set_of(acc, "pmu");
    g_autofree char *impdef = set_of(acc, "pauth-impdef");
    g_autofree char *adj = set_of(acc, "kvm-no-adjvtime");

    g_assert_cmpstr(pmu, ==, "off, on");
    g_assert_cmpstr(impdef, ==, "off");
    g_assert_cmpstr(adj, ==, "off, on");
    g_assert_cmpint(armcpu_accel_caps_dialect(acc), ==, ARMCPU_DIALECT_QEMU);
}

static void
test_sve_max_vq_from_largest_length(void)
{
    g_autoptr(ArmcpuAccelCaps) acc =
        fill_ok("{\"sve\": true, \"sve128\": true, \"sve256\": true, \"sve384\": false, "
                "\"sve512\": true, \"sve640\": false}",
                NULL, NULL);
    const ArmcpuPropInfo *pi = prop(acc, "sve-max-vq");
    g_autofree char *set = set_of(acc, "sve-max-vq");

    g_assert_cmpstr(set, ==, "1-4");
    g_assert_cmpstr(armcpu_prop_info_host_value(pi), ==, "4");
    g_assert_cmpint(armcpu_prop_info_source(pi), ==, ARMCPU_SUPPORT_DERIVED);
    g_assert_cmpstr(armcpu_prop_info_type(pi), ==, "number");
}

static void
test_sve_max_vq_absent_without_sve(void)
{
    g_autoptr(ArmcpuAccelCaps) off = fill_ok("{\"sve\": false, \"sve128\": false}", NULL, NULL);
    g_autoptr(ArmcpuAccelCaps) unknown = fill_ok("{\"sve128\": true}", NULL, NULL);

    g_assert_null(armcpu_accel_caps_lookup(off, "sve-max-vq"));
    g_assert_null(armcpu_accel_caps_lookup(unknown, "sve-max-vq"));
}

static void
test_expansion_is_recorded_typed_and_normalised(void)
{
    g_autoptr(ArmcpuAccelCaps) acc =
        fill_ok("{\"sve\": true, \"SYSREG_MIDR_EL1_PartNum\": 3407, \"feat_AES\": \"pmull\","
                " \"SYSREG_BIG\": 18446742978476113920}",
                NULL, NULL);
    const ArmcpuExpansionProp *ep;

    g_assert_cmpuint(acc->expansion->len, ==, 4);
    ep = armcpu_accel_caps_find_expansion(acc, "sve");
    g_assert_cmpstr(ep->type, ==, "bool");
    g_assert_cmpstr(ep->value, ==, "on");
    ep = armcpu_accel_caps_find_expansion(acc, "SYSREG_MIDR_EL1_PartNum");
    g_assert_cmpstr(ep->type, ==, "number");
    g_assert_cmpstr(ep->value, ==, "3407");
    ep = armcpu_accel_caps_find_expansion(acc, "SYSREG_BIG");
    g_assert_cmpstr(ep->value, ==, "18446742978476113920");
    ep = armcpu_accel_caps_find_expansion(acc, "feat_AES");
    g_assert_cmpstr(ep->type, ==, "string");
    g_assert_cmpstr(armcpu_accel_caps_expansion_model(acc), ==, "host");
    /* sorted by name */
    for (guint i = 1; i < acc->expansion->len; i++) {
        const ArmcpuExpansionProp *a = g_ptr_array_index(acc->expansion, i - 1);
        const ArmcpuExpansionProp *b = g_ptr_array_index(acc->expansion, i);
        g_assert_cmpstr(a->name, <, b->name);
    }
}

static void
test_props_info_gets_host_value_from_expansion(void)
{
    g_autoptr(ArmcpuAccelCaps) acc = fill_ok(
        "{\"feat_AES\": \"pmull\", \"hw_prop_WRPs\": 3, \"hw_prop_IDC\": true}", V2,
        "[{\"name\": \"feat_AES\", \"type\": \"string\", \"supported-values\": [\"off\", "
        "\"aes\", \"pmull\"]},"
        " {\"name\": \"hw_prop_WRPs\", \"type\": \"number\", \"supported-values\": [\"0-3\"]}]");
    const ArmcpuPropInfo *aes = prop(acc, "feat_AES");
    const ArmcpuPropInfo *idc = prop(acc, "hw_prop_IDC");
    g_autofree char *idc_set = set_of(acc, "hw_prop_IDC");

    g_assert_cmpstr(armcpu_prop_info_host_value(aes), ==, "pmull");
    g_assert_cmpint(armcpu_prop_info_source(aes), ==, ARMCPU_SUPPORT_PROPS_INFO);
    g_assert_cmpstr(armcpu_prop_info_host_value(prop(acc, "hw_prop_WRPs")), ==, "3");
    /* not in props-info: derived from the registry's policy (lower, bool) */
    g_assert_cmpint(armcpu_prop_info_source(idc), ==, ARMCPU_SUPPORT_DERIVED);
    g_assert_cmpstr(idc_set, ==, "off, on");
}

static void
test_derive_falls_back_to_host_value(void)
{
    /* a value the registry's table does not name: QEMU knows better */
    g_autoptr(ArmcpuAccelCaps) acc = fill_ok("{\"feat_AES\": \"aes2\"}", NULL, NULL);
    g_autofree char *set = set_of(acc, "feat_AES");

    g_assert_cmpstr(set, ==, "aes2");
    g_assert_cmpint(armcpu_prop_info_source(prop(acc, "feat_AES")), ==, ARMCPU_SUPPORT_DERIVED);
}

static void
test_expansion_refuses_value_not_fitting_registry_kind(void)
{
    fill_fails("{\"feat_RAS\": \"1n1_base\"}", NULL, NULL, ARMCPU_HOST_CAPS_ERROR_VALUE,
               "'feat_RAS'");
}

static void
test_expansion_refuses_other_json_types(void)
{
    const char *bad[] = {"{\"sve\": null}", "{\"sve\": 1.5}", "{\"sve\": [true]}",
                         "{\"sve\": {\"a\": 1}}"};

    for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
        fill_fails(bad[i], NULL, NULL, ARMCPU_HOST_CAPS_ERROR_SHAPE, "'sve'");
    }
}

static void
test_expansion_refuses_bad_tokens_and_negatives(void)
{
    fill_fails("{\"a,b\": true}", NULL, NULL, ARMCPU_HOST_CAPS_ERROR_VALUE, "'a,b'");
    fill_fails("{\"feat_AES\": \"pmull -S\"}", NULL, NULL, ARMCPU_HOST_CAPS_ERROR_VALUE,
               "'pmull -S'");
    fill_fails("{\"SYSREG_X\": -1}", NULL, NULL, ARMCPU_HOST_CAPS_ERROR_VALUE, "negative");
    fill_fails("[true]", NULL, NULL, ARMCPU_HOST_CAPS_ERROR_SHAPE, "expected an object");
}

static void
test_expansion_refuses_too_many_props(void)
{
    g_autoptr(GString) s = g_string_new("{");

    for (int i = 0; i <= ARMCPU_HOST_CAPS_MAX_PROPS; i++)
        g_string_append_printf(s, "%s\"p%d\": true", i ? ", " : "", i);
    g_string_append(s, "}");
    fill_fails(s->str, NULL, NULL, ARMCPU_HOST_CAPS_ERROR_LIMIT, "limit of 4096");
}

static void
test_dialect_named_beats_qemu_and_sysreg_beats_named(void)
{
    g_autoptr(ArmcpuAccelCaps) named =
        fill_ok("{\"pmu\": true, \"feat_AES\": \"pmull\"}", NULL, NULL);
    g_autoptr(ArmcpuAccelCaps) sysreg =
        fill_ok("{\"pmu\": true, \"feat_AES\": \"pmull\", \"SYSREG_ID_AA64ISAR0_EL1_SHA1\": 1}",
                NULL, NULL);

    g_assert_cmpint(armcpu_accel_caps_dialect(named), ==, ARMCPU_DIALECT_NAMED);
    g_assert_cmpint(armcpu_accel_caps_dialect(sysreg), ==, ARMCPU_DIALECT_SYSREG);
}

static void
test_works_without_registry(void)
{
    g_autoptr(ArmcpuAccelCaps) acc = armcpu_accel_caps_new(ARMCPU_ACCEL_TCG);
    g_autoptr(json_object) exp = test_json("{\"sve\": true, \"sve128\": true, \"pmu\": false}");
    g_autoptr(GError) err = NULL;

    g_assert_true(armcpu_accel_caps_fill_props(acc, NULL, "max", exp, NULL, NULL, &err));
    g_assert_no_error(err);
    g_autofree char *pmu = set_of(acc, "pmu");
    g_assert_cmpstr(pmu, ==, "off");
    g_assert_null(armcpu_accel_caps_lookup(acc, "sve-max-vq"));
}

/* ----- models and commands ----- */

static ArmcpuAccelCaps *
models(const char *defs, GError **error)
{
    g_autoptr(ArmcpuAccelCaps) acc = armcpu_accel_caps_new(ARMCPU_ACCEL_KVM);
    g_autoptr(json_object) o = test_json(defs);

    if (!armcpu_accel_caps_fill_models(acc, o, error))
        return NULL;
    return g_steal_pointer(&acc);
}

static void
test_models_usable_from_unavailable_features(void)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuAccelCaps) acc =
        models("[{\"name\": \"max\", \"typename\": \"max-arm-cpu\", \"static\": false, "
               "\"deprecated\": false},"
               " {\"name\": \"grace-v1\", \"unavailable-features\": []},"
               " {\"name\": \"graviton3-v1\", \"deprecated\": true, \"unavailable-features\": "
               "[\"cpu_revidr\", \"feat_X\"]}]",
               &err);
    const ArmcpuHostModel *m;

    g_assert_no_error(err);
    g_assert_cmpuint(armcpu_accel_caps_n_models(acc), ==, 3);
    m = armcpu_accel_caps_model(acc, 0);
    g_assert_cmpstr(armcpu_host_model_name(m), ==, "max");
    g_assert_cmpint(armcpu_host_model_usable(m), ==, ARMCPU_USABLE_UNKNOWN);
    g_assert_cmpstr(armcpu_host_model_blockers(m)[0], ==, NULL);
    m = armcpu_accel_caps_model(acc, 1);
    g_assert_cmpint(armcpu_host_model_usable(m), ==, ARMCPU_USABLE_YES);
    g_assert_null(armcpu_host_model_typename(m));
    m = armcpu_accel_caps_model(acc, 2);
    g_assert_cmpint(armcpu_host_model_usable(m), ==, ARMCPU_USABLE_NO);
    g_assert_true(armcpu_host_model_deprecated(m));
    g_assert_cmpstr(armcpu_host_model_blockers(m)[0], ==, "cpu_revidr");
    g_assert_cmpstr(armcpu_host_model_blockers(m)[1], ==, "feat_X");
    g_assert_null(armcpu_host_model_blockers(m)[2]);
    g_assert_cmpstr(armcpu_usable_to_string(ARMCPU_USABLE_NO), ==, "no");
}

static void
test_models_refuse_hostile_entries(void)
{
    const struct {
        const char *defs;
        int code;
    } bad[] = {
        {"{\"name\": \"max\"}", ARMCPU_HOST_CAPS_ERROR_SHAPE},
        {"[{\"typename\": \"max-arm-cpu\"}]", ARMCPU_HOST_CAPS_ERROR_SHAPE},
        {"[{\"name\": \"max,sve=off\"}]", ARMCPU_HOST_CAPS_ERROR_VALUE},
        {"[{\"name\": \"max\", \"deprecated\": \"no\"}]", ARMCPU_HOST_CAPS_ERROR_SHAPE},
        {"[{\"name\": \"max\", \"unavailable-features\": \"sve\"}]", ARMCPU_HOST_CAPS_ERROR_SHAPE},
        {"[{\"name\": \"max\", \"unavailable-features\": [\"a b\"]}]",
         ARMCPU_HOST_CAPS_ERROR_VALUE},
        {"[{\"name\": \"max\", \"unavailable-features\": [\"a\", \"a\"]}]",
         ARMCPU_HOST_CAPS_ERROR_DUPLICATE},
        {"[{\"name\": \"max\"}, {\"name\": \"max\"}]", ARMCPU_HOST_CAPS_ERROR_DUPLICATE},
        {"[{\"name\": \"m\\u00e4x\"}]", ARMCPU_HOST_CAPS_ERROR_VALUE},
    };

    for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autoptr(GError) err = NULL;
        g_autoptr(ArmcpuAccelCaps) acc = models(bad[i].defs, &err);
        g_assert_null(acc);
        g_assert_error(err, ARMCPU_HOST_CAPS_ERROR, bad[i].code);
        g_assert_true(g_str_has_prefix(err->message, "query-cpu-definitions"));
    }
}

static void
test_models_refuse_huge_list(void)
{
    g_autoptr(GString) s = g_string_new("[");
    g_autoptr(GError) err = NULL;

    for (int i = 0; i <= ARMCPU_HOST_CAPS_MAX_MODELS; i++)
        g_string_append_printf(s, "%s{\"name\": \"m%d\"}", i ? ", " : "", i);
    g_string_append(s, "]");
    g_autoptr(ArmcpuAccelCaps) acc = models(s->str, &err);
    g_assert_null(acc);
    g_assert_error(err, ARMCPU_HOST_CAPS_ERROR, ARMCPU_HOST_CAPS_ERROR_LIMIT);
}

static void
test_commands_record_presence(void)
{
    g_autoptr(ArmcpuAccelCaps) acc = armcpu_accel_caps_new(ARMCPU_ACCEL_KVM);
    g_autoptr(json_object) o = test_json("[{\"name\": \"query-cpu-props-info\"}, {\"name\": "
                                         "\"query-cpu-definitions\"}, {\"name\": \"quit\"}]");
    g_autoptr(GError) err = NULL;

    g_assert_true(armcpu_accel_caps_fill_commands(acc, o, &err));
    g_assert_no_error(err);
    g_assert_cmpuint(acc->commands->len, ==, ARMCPU_HOST_CAPS_N_COMMANDS);
    g_assert_true(armcpu_accel_caps_has_command(acc, "query-cpu-props-info"));
    g_assert_true(armcpu_accel_caps_has_command(acc, "query-cpu-definitions"));
    g_assert_false(armcpu_accel_caps_has_command(acc, "query-arm-cpu-props-info"));
    g_assert_false(armcpu_accel_caps_has_command(acc, "quit"));
    g_assert_true(armcpu_accel_caps_set_command(acc, "query-arm-cpu-props-info", TRUE, &err));
    g_assert_true(armcpu_accel_caps_has_command(acc, "query-arm-cpu-props-info"));
    g_assert_cmpuint(acc->commands->len, ==, ARMCPU_HOST_CAPS_N_COMMANDS);
    g_assert_false(armcpu_accel_caps_set_command(acc, "bad name", TRUE, &err));
    g_assert_error(err, ARMCPU_HOST_CAPS_ERROR, ARMCPU_HOST_CAPS_ERROR_VALUE);
}

static void
test_commands_refuse_malformed_reply(void)
{
    g_autoptr(ArmcpuAccelCaps) acc = armcpu_accel_caps_new(ARMCPU_ACCEL_KVM);
    g_autoptr(json_object) o = test_json("[{\"name\": 3}]");
    g_autoptr(GError) err = NULL;

    g_assert_false(armcpu_accel_caps_fill_commands(acc, o, &err));
    g_assert_error(err, ARMCPU_HOST_CAPS_ERROR, ARMCPU_HOST_CAPS_ERROR_SHAPE);
}

int
main(int argc, char **argv)
{
    int rc;

    g_test_init(&argc, &argv, NULL);
    reg = test_registry();

    g_test_add_func("/hostcaps/props-info/reads-number-ranges", test_v2_reads_number_ranges);
    g_test_add_func("/hostcaps/props-info/keeps-hex-as-written", test_v2_keeps_hex_as_written);
    g_test_add_func("/hostcaps/props-info/normalises-true-false", test_v2_normalises_true_false);
    g_test_add_func("/hostcaps/props-info/reads-strings-and-fractions",
                    test_v2_reads_strings_and_fractions);
    g_test_add_func("/hostcaps/props-info/refuses-malformed-fraction",
                    test_v2_refuses_malformed_fraction);
    g_test_add_func("/hostcaps/props-info/keeps-unknown-names-and-types",
                    test_keeps_unknown_names_and_types);
    g_test_add_func("/hostcaps/props-info/type-contradicting-registry-keeps-qemu-type",
                    test_type_contradicting_registry_keeps_qemu_type);
    g_test_add_func("/hostcaps/props-info/typed-reads-bool-lists", test_typed_reads_bool_lists);
    g_test_add_func("/hostcaps/props-info/typed-reads-min-max", test_typed_reads_min_max);
    g_test_add_func("/hostcaps/props-info/typed-reads-lists-of-ranges",
                    test_typed_reads_lists_of_ranges);
    g_test_add_func("/hostcaps/props-info/typed-reads-string-lists", test_typed_reads_string_lists);
    g_test_add_func("/hostcaps/props-info/shape-read-from-reply-not-command-name",
                    test_shape_is_read_from_reply_not_command_name);
    g_test_add_func("/hostcaps/props-info/typed-refuses-min-above-max",
                    test_typed_refuses_min_above_max);
    g_test_add_func("/hostcaps/props-info/typed-refuses-min-without-max",
                    test_typed_refuses_min_without_max);
    g_test_add_func("/hostcaps/props-info/typed-refuses-min-max-on-string",
                    test_typed_refuses_min_max_on_string);
    g_test_add_func("/hostcaps/props-info/typed-refuses-boolean-for-string",
                    test_typed_refuses_boolean_for_string);
    g_test_add_func("/hostcaps/props-info/typed-refuses-negative-number",
                    test_typed_refuses_negative_number);
    g_test_add_func("/hostcaps/props-info/typed-refuses-string-without-list",
                    test_typed_refuses_string_without_list);
    for (gsize i = 0; i < G_N_ELEMENTS(bad_replies); i++)
        g_test_add_data_func(bad_replies[i].path, &bad_replies[i], test_bad_reply);
    g_test_add_func("/hostcaps/props-info/refuses-huge-value-list", test_refuses_huge_value_list);
    g_test_add_func("/hostcaps/props-info/refuses-huge-property-list",
                    test_refuses_huge_property_list);
    g_test_add_func("/hostcaps/expansion/sysreg-derives-from-host-value",
                    test_sysreg_derives_from_host_value);
    g_test_add_func("/hostcaps/expansion/sysreg-unknown-name-gets-host-value-only",
                    test_sysreg_unknown_name_gets_host_value_only);
    g_test_add_func("/hostcaps/expansion/qemu-booleans-follow-registry-policy",
                    test_qemu_booleans_follow_registry_policy);
    g_test_add_func("/hostcaps/expansion/sve-max-vq-from-largest-length",
                    test_sve_max_vq_from_largest_length);
    g_test_add_func("/hostcaps/expansion/sve-max-vq-absent-without-sve",
                    test_sve_max_vq_absent_without_sve);
    g_test_add_func("/hostcaps/expansion/recorded-typed-and-normalised",
                    test_expansion_is_recorded_typed_and_normalised);
    g_test_add_func("/hostcaps/expansion/props-info-gets-host-value",
                    test_props_info_gets_host_value_from_expansion);
    g_test_add_func("/hostcaps/expansion/derive-falls-back-to-host-value",
                    test_derive_falls_back_to_host_value);
    g_test_add_func("/hostcaps/expansion/refuses-value-not-fitting-registry-kind",
                    test_expansion_refuses_value_not_fitting_registry_kind);
    g_test_add_func("/hostcaps/expansion/refuses-other-json-types",
                    test_expansion_refuses_other_json_types);
    g_test_add_func("/hostcaps/expansion/refuses-bad-tokens-and-negatives",
                    test_expansion_refuses_bad_tokens_and_negatives);
    g_test_add_func("/hostcaps/expansion/refuses-too-many-props",
                    test_expansion_refuses_too_many_props);
    g_test_add_func("/hostcaps/expansion/dialect-sysreg-beats-named-beats-qemu",
                    test_dialect_named_beats_qemu_and_sysreg_beats_named);
    g_test_add_func("/hostcaps/expansion/works-without-registry", test_works_without_registry);
    g_test_add_func("/hostcaps/models/usable-from-unavailable-features",
                    test_models_usable_from_unavailable_features);
    g_test_add_func("/hostcaps/models/refuse-hostile-entries", test_models_refuse_hostile_entries);
    g_test_add_func("/hostcaps/models/refuse-huge-list", test_models_refuse_huge_list);
    g_test_add_func("/hostcaps/commands/record-presence", test_commands_record_presence);
    g_test_add_func("/hostcaps/commands/refuse-malformed-reply",
                    test_commands_refuse_malformed_reply);

    rc = g_test_run();
    armcpu_registry_unref(reg);
    return rc;
}
