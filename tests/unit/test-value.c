/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-value.c: the token grammar, value parsing and the policy algebra.
 */
#include "test-common.h"

#include <string.h>

/* ----- token grammar ----- */

static void
test_token_accepts_names_hex_and_fractions(void)
{
    const char *ok[] = {"feat_RAS", "1.1_base", "0xD4F", "sve-max-vq", "LSE128", "a"};

    for (gsize i = 0; i < G_N_ELEMENTS(ok); i++)
        g_assert_true(armcpu_token_check("value", ok[i], NULL));
}

static void
test_token_rejects_injection_characters(void)
{
    const char *bad[] = {"1,x=y",       "a=b", "a b",  "a'b",   "a\"b", "a\nb", "a\tb",
                         "caf\xc3\xa9", "a;b", "a\\b", "$(id)", "a/b",  "+sve"};

    for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autoptr(GError) err = NULL;
        g_assert_false(armcpu_token_check("value", bad[i], &err));
        g_assert_error(err, ARMCPU_VALUE_ERROR, ARMCPU_VALUE_ERROR_CHARSET);
    }
}

static void
test_token_rejects_empty_and_overlong(void)
{
    g_autoptr(GError) e1 = NULL;
    g_autoptr(GError) e2 = NULL;
    g_autofree char *max = g_strnfill(ARMCPU_TOKEN_MAX, 'a');
    g_autofree char *over = g_strnfill(ARMCPU_TOKEN_MAX + 1, 'a');

    g_assert_false(armcpu_token_check("name", "", &e1));
    g_assert_error(e1, ARMCPU_VALUE_ERROR, ARMCPU_VALUE_ERROR_EMPTY);
    g_assert_true(armcpu_token_check("name", max, NULL));
    g_assert_false(armcpu_token_check("name", over, &e2));
    g_assert_error(e2, ARMCPU_VALUE_ERROR, ARMCPU_VALUE_ERROR_TOO_LONG);
}

static void
test_token_error_quotes_control_bytes_escaped(void)
{
    g_autoptr(GError) err = NULL;

    g_assert_false(armcpu_token_check("value", "1\n-cpu", &err));
    g_assert_nonnull(strstr(err->message, "'1\\n-cpu'"));
}

/* ----- bools and numbers ----- */

static void
test_bool_accepts_every_spelling(void)
{
    const char *on[] = {"on", "true", "yes", "ON", "True", "YES"};
    const char *off[] = {"off", "false", "no", "Off", "FALSE", "No"};
    gboolean b;

    for (gsize i = 0; i < G_N_ELEMENTS(on); i++) {
        g_assert_true(armcpu_bool_parse(on[i], &b, NULL));
        g_assert_true(b);
        g_assert_true(armcpu_bool_parse(off[i], &b, NULL));
        g_assert_false(b);
    }
}

static void
test_bool_rejects_other_words(void)
{
    const char *bad[] = {"maybe", "1", "0", "y", "n", "onn", ""};
    gboolean b;

    for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autoptr(GError) err = NULL;
        g_assert_false(armcpu_bool_parse(bad[i], &b, &err));
        g_assert_error(err, ARMCPU_VALUE_ERROR, ARMCPU_VALUE_ERROR_BOOL);
    }
}

static void
test_number_parses_decimal_and_hex(void)
{
    guint64 v;

    g_assert_true(armcpu_number_parse("0", &v, NULL));
    g_assert_cmpuint(v, ==, 0);
    g_assert_true(armcpu_number_parse("42", &v, NULL));
    g_assert_cmpuint(v, ==, 42);
    g_assert_true(armcpu_number_parse("0xD4F", &v, NULL));
    g_assert_cmpuint(v, ==, 0xd4f);
    g_assert_true(armcpu_number_parse("0Xd4f", &v, NULL));
    g_assert_cmpuint(v, ==, 0xd4f);
    g_assert_true(armcpu_number_parse("18446744073709551615", &v, NULL));
    g_assert_cmpuint(v, ==, G_MAXUINT64);
    g_assert_true(armcpu_number_parse("0xffffffffffffffff", &v, NULL));
    g_assert_cmpuint(v, ==, G_MAXUINT64);
}

static void
test_number_rejects_overflow(void)
{
    g_autoptr(GError) e1 = NULL;
    g_autoptr(GError) e2 = NULL;
    guint64 v;

    g_assert_false(armcpu_number_parse("18446744073709551616", &v, &e1));
    g_assert_error(e1, ARMCPU_VALUE_ERROR, ARMCPU_VALUE_ERROR_OVERFLOW);
    g_assert_false(armcpu_number_parse("0x10000000000000000", &v, &e2));
    g_assert_error(e2, ARMCPU_VALUE_ERROR, ARMCPU_VALUE_ERROR_OVERFLOW);
}

static void
test_number_rejects_non_numbers(void)
{
    const char *bad[] = {"", "0x", "-1", "+1", "1e3", "0x1g", " 1", "1 ", "0b101", "12a", "on"};
    guint64 v;

    for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autoptr(GError) err = NULL;
        g_assert_false(armcpu_number_parse(bad[i], &v, &err));
        g_assert_error(err, ARMCPU_VALUE_ERROR, ARMCPU_VALUE_ERROR_NUMBER);
    }
}

static void
test_normalize_bool_to_on_off(void)
{
    g_autofree char *a = armcpu_value_normalize(ARMCPU_KIND_BOOL, "TRUE", NULL);
    g_autofree char *b = armcpu_value_normalize(ARMCPU_KIND_BOOL, "no", NULL);

    g_assert_cmpstr(a, ==, "on");
    g_assert_cmpstr(b, ==, "off");
}

static void
test_normalize_number_keeps_base_lowercases_hex(void)
{
    g_autofree char *a = armcpu_value_normalize(ARMCPU_KIND_NUMBER, "0XD4F", NULL);
    g_autofree char *b = armcpu_value_normalize(ARMCPU_KIND_NUMBER, "007", NULL);
    g_autofree char *c = armcpu_value_normalize(ARMCPU_KIND_NUMBER, "0x000", NULL);

    g_assert_cmpstr(a, ==, "0xd4f");
    g_assert_cmpstr(b, ==, "7");
    g_assert_cmpstr(c, ==, "0x0");
}

static void
test_normalize_rejects_bad_syntax_for_kind(void)
{
    g_autoptr(GError) e1 = NULL;
    g_autoptr(GError) e2 = NULL;

    g_assert_null(armcpu_value_normalize(ARMCPU_KIND_NUMBER, "pmull", &e1));
    g_assert_error(e1, ARMCPU_VALUE_ERROR, ARMCPU_VALUE_ERROR_NUMBER);
    g_assert_null(armcpu_value_normalize(ARMCPU_KIND_STRING, "1,2", &e2));
    g_assert_error(e2, ARMCPU_VALUE_ERROR, ARMCPU_VALUE_ERROR_CHARSET);
}

/* ----- fractions ----- */

static void
test_fraction_parses_major_minor_suffix(void)
{
    guint ma, mi;

    g_assert_true(armcpu_fraction_parse("1.1_base", &ma, &mi, NULL));
    g_assert_cmpuint(ma, ==, 1);
    g_assert_cmpuint(mi, ==, 1);
    g_assert_true(armcpu_fraction_parse("2.0_only", &ma, &mi, NULL));
    g_assert_cmpuint(ma, ==, 2);
    g_assert_true(armcpu_fraction_parse("0.0", &ma, &mi, NULL));
    g_assert_cmpuint(mi, ==, 0);
}

static void
test_fraction_rejects_malformed(void)
{
    const char *bad[] = {"1", "1.", ".1", "1.1_", "1.1-x", "1.1_b-a", "1234.1", "a.b", "1..1"};

    for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autoptr(GError) err = NULL;
        g_assert_false(armcpu_fraction_parse(bad[i], NULL, NULL, &err));
        g_assert_error(err, ARMCPU_VALUE_ERROR, ARMCPU_VALUE_ERROR_FRACTION);
    }
}

/* ----- policies on raw encodings ----- */

static void
test_policy_lower_orders_unsigned(void)
{
    g_assert_cmpint(armcpu_policy_compare(ARMCPU_POLICY_LOWER, 4, 1, 2), ==, ARMCPU_ORDER_LESS);
    g_assert_cmpint(armcpu_policy_compare(ARMCPU_POLICY_LOWER, 4, 0xF, 2), ==,
                    ARMCPU_ORDER_GREATER);
    g_assert_true(armcpu_policy_is_safe(ARMCPU_POLICY_LOWER, 4, 0, 2, 2));
    g_assert_true(armcpu_policy_is_safe(ARMCPU_POLICY_LOWER, 4, 0, 1, 2));
    g_assert_false(armcpu_policy_is_safe(ARMCPU_POLICY_LOWER, 4, 0, 3, 2));
}

static void
test_policy_signed_lower_puts_0xf_lowest(void)
{
    /* feat_FP: off=0xF (-1) < on=0 < fp16=1 */
    g_assert_cmpint(armcpu_policy_compare(ARMCPU_POLICY_SIGNED_LOWER, 4, 0xF, 0), ==,
                    ARMCPU_ORDER_LESS);
    g_assert_cmpint(armcpu_policy_compare(ARMCPU_POLICY_SIGNED_LOWER, 4, 0, 1), ==,
                    ARMCPU_ORDER_LESS);
    g_assert_cmpint(armcpu_policy_compare(ARMCPU_POLICY_SIGNED_LOWER, 4, 7, 8), ==,
                    ARMCPU_ORDER_GREATER);
    g_assert_true(armcpu_policy_is_safe(ARMCPU_POLICY_SIGNED_LOWER, 4, 0, 0xF, 1));
    g_assert_false(armcpu_policy_is_safe(ARMCPU_POLICY_SIGNED_LOWER, 4, 0, 1, 0xF));
}

static void
test_policy_higher_reverses_order(void)
{
    g_assert_cmpint(armcpu_policy_compare(ARMCPU_POLICY_HIGHER, 4, 1, 0), ==, ARMCPU_ORDER_LESS);
    g_assert_true(armcpu_policy_is_safe(ARMCPU_POLICY_HIGHER, 4, 0, 1, 0));
    g_assert_false(armcpu_policy_is_safe(ARMCPU_POLICY_HIGHER, 4, 0, 0, 1));
}

static void
test_policy_higher_or_zero_puts_zero_lowest(void)
{
    g_assert_cmpint(armcpu_policy_compare(ARMCPU_POLICY_HIGHER_OR_ZERO, 4, 0, 9), ==,
                    ARMCPU_ORDER_LESS);
    g_assert_cmpint(armcpu_policy_compare(ARMCPU_POLICY_HIGHER_OR_ZERO, 4, 5, 4), ==,
                    ARMCPU_ORDER_LESS);
    g_assert_cmpint(armcpu_policy_compare(ARMCPU_POLICY_HIGHER_OR_ZERO, 4, 4, 0), ==,
                    ARMCPU_ORDER_GREATER);
    g_assert_true(armcpu_policy_is_safe(ARMCPU_POLICY_HIGHER_OR_ZERO, 4, 0, 0, 4));
    g_assert_true(armcpu_policy_is_safe(ARMCPU_POLICY_HIGHER_OR_ZERO, 4, 0, 5, 4));
    g_assert_false(armcpu_policy_is_safe(ARMCPU_POLICY_HIGHER_OR_ZERO, 4, 0, 3, 4));
    g_assert_false(armcpu_policy_is_safe(ARMCPU_POLICY_HIGHER_OR_ZERO, 4, 0, 4, 0));
}

static void
test_policy_exact_accepts_host_or_safe_value(void)
{
    g_assert_cmpint(armcpu_policy_compare(ARMCPU_POLICY_EXACT, 4, 0, 2), ==,
                    ARMCPU_ORDER_UNORDERED);
    g_assert_cmpint(armcpu_policy_compare(ARMCPU_POLICY_EXACT, 4, 2, 2), ==, ARMCPU_ORDER_EQUAL);
    g_assert_true(armcpu_policy_is_safe(ARMCPU_POLICY_EXACT, 4, 1, 2, 2));
    g_assert_true(armcpu_policy_is_safe(ARMCPU_POLICY_EXACT, 4, 1, 1, 2));
    g_assert_false(armcpu_policy_is_safe(ARMCPU_POLICY_EXACT, 4, 1, 0, 2));
}

static void
test_policy_any_accepts_everything_unordered(void)
{
    g_assert_cmpint(armcpu_policy_compare(ARMCPU_POLICY_ANY, 12, 0xd4f, 0xd40), ==,
                    ARMCPU_ORDER_UNORDERED);
    g_assert_true(armcpu_policy_is_safe(ARMCPU_POLICY_ANY, 12, 0, 0xd4f, 0xd40));
}

static void
test_policy_names_round_trip(void)
{
    for (int i = 0; i < ARMCPU_POLICY_LAST; i++)
        g_assert_cmpint(armcpu_policy_from_string(armcpu_policy_to_string(i)), ==, i);
    g_assert_cmpint(armcpu_policy_from_string("LOWER"), ==, -1);
}

/* ----- value sets ----- */

static void
test_set_number_ranges_match_by_value(void)
{
    g_autoptr(ArmcpuValueSet) s = armcpu_value_set_new(ARMCPU_KIND_NUMBER);

    g_assert_true(armcpu_value_set_add(s, "0-3", NULL));
    g_assert_true(armcpu_value_set_add(s, "0xd4f", NULL));
    g_assert_true(armcpu_value_set_contains(s, "0"));
    g_assert_true(armcpu_value_set_contains(s, "0x3"));
    g_assert_true(armcpu_value_set_contains(s, "3407"));
    g_assert_false(armcpu_value_set_contains(s, "4"));
    g_assert_false(armcpu_value_set_contains(s, "pmull"));
    g_autofree char *f = armcpu_value_set_format(s);
    g_assert_cmpstr(f, ==, "0-3, 0xd4f");
}

static void
test_set_rejects_reversed_or_malformed_range(void)
{
    g_autoptr(ArmcpuValueSet) s = armcpu_value_set_new(ARMCPU_KIND_NUMBER);
    const char *bad[] = {"3-0", "1-", "-1", "1-2-3", "a-b"};

    for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autoptr(GError) err = NULL;
        g_assert_false(armcpu_value_set_add(s, bad[i], &err));
        g_assert_error(err, ARMCPU_VALUE_ERROR, ARMCPU_VALUE_ERROR_RANGE);
    }
    g_assert_cmpuint(armcpu_value_set_size(s), ==, 0);
}

static void
test_set_bool_matches_any_spelling(void)
{
    g_autoptr(ArmcpuValueSet) s = armcpu_value_set_new(ARMCPU_KIND_BOOL);

    g_assert_true(armcpu_value_set_add(s, "true", NULL));
    g_assert_true(armcpu_value_set_contains(s, "on"));
    g_assert_true(armcpu_value_set_contains(s, "yes"));
    g_assert_false(armcpu_value_set_contains(s, "off"));
    g_assert_true(armcpu_value_set_add(s, "on", NULL));
    g_assert_cmpuint(armcpu_value_set_size(s), ==, 1);
}

static void
test_set_tokens_are_case_sensitive(void)
{
    g_autoptr(ArmcpuValueSet) s = armcpu_value_set_new(ARMCPU_KIND_ENUM);

    g_assert_true(armcpu_value_set_add(s, "LSE128", NULL));
    g_assert_true(armcpu_value_set_contains(s, "LSE128"));
    g_assert_false(armcpu_value_set_contains(s, "lse128"));
}

static void
test_set_refuses_injection_items(void)
{
    g_autoptr(ArmcpuValueSet) s = armcpu_value_set_new(ARMCPU_KIND_STRING);
    g_autoptr(GError) err = NULL;

    g_assert_false(armcpu_value_set_add(s, "on,x=y", &err));
    g_assert_error(err, ARMCPU_VALUE_ERROR, ARMCPU_VALUE_ERROR_CHARSET);
}

static void
test_set_subset_covers_split_ranges(void)
{
    g_autoptr(ArmcpuValueSet) a = armcpu_value_set_new(ARMCPU_KIND_NUMBER);
    g_autoptr(ArmcpuValueSet) b = armcpu_value_set_new(ARMCPU_KIND_NUMBER);

    armcpu_value_set_add(a, "1-6", NULL);
    armcpu_value_set_add(b, "0-3", NULL);
    armcpu_value_set_add(b, "4-9", NULL);
    g_assert_true(armcpu_value_set_is_subset(a, b));
    g_assert_false(armcpu_value_set_is_subset(b, a));
    armcpu_value_set_add(a, "12", NULL);
    g_assert_false(armcpu_value_set_is_subset(a, b));
}

static void
test_set_range_up_to_u64_max(void)
{
    g_autoptr(ArmcpuValueSet) s = armcpu_value_set_new(ARMCPU_KIND_NUMBER);
    g_autoptr(ArmcpuValueSet) t = armcpu_value_set_new(ARMCPU_KIND_NUMBER);

    armcpu_value_set_add_range(s, 0, G_MAXUINT64);
    armcpu_value_set_add_range(t, 5, G_MAXUINT64);
    g_assert_true(armcpu_value_set_contains(s, "18446744073709551615"));
    g_assert_true(armcpu_value_set_is_subset(t, s));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/value/token/accepts-names-hex-and-fractions",
                    test_token_accepts_names_hex_and_fractions);
    g_test_add_func("/value/token/rejects-injection-characters",
                    test_token_rejects_injection_characters);
    g_test_add_func("/value/token/rejects-empty-and-overlong",
                    test_token_rejects_empty_and_overlong);
    g_test_add_func("/value/token/error-quotes-control-bytes-escaped",
                    test_token_error_quotes_control_bytes_escaped);
    g_test_add_func("/value/bool/accepts-every-spelling", test_bool_accepts_every_spelling);
    g_test_add_func("/value/bool/rejects-other-words", test_bool_rejects_other_words);
    g_test_add_func("/value/number/parses-decimal-and-hex", test_number_parses_decimal_and_hex);
    g_test_add_func("/value/number/rejects-overflow", test_number_rejects_overflow);
    g_test_add_func("/value/number/rejects-non-numbers", test_number_rejects_non_numbers);
    g_test_add_func("/value/normalize/bool-to-on-off", test_normalize_bool_to_on_off);
    g_test_add_func("/value/normalize/number-keeps-base-lowercases-hex",
                    test_normalize_number_keeps_base_lowercases_hex);
    g_test_add_func("/value/normalize/rejects-bad-syntax-for-kind",
                    test_normalize_rejects_bad_syntax_for_kind);
    g_test_add_func("/value/fraction/parses-major-minor-suffix",
                    test_fraction_parses_major_minor_suffix);
    g_test_add_func("/value/fraction/rejects-malformed", test_fraction_rejects_malformed);
    g_test_add_func("/value/policy/lower-orders-unsigned", test_policy_lower_orders_unsigned);
    g_test_add_func("/value/policy/signed-lower-puts-0xf-lowest",
                    test_policy_signed_lower_puts_0xf_lowest);
    g_test_add_func("/value/policy/higher-reverses-order", test_policy_higher_reverses_order);
    g_test_add_func("/value/policy/higher-or-zero-puts-zero-lowest",
                    test_policy_higher_or_zero_puts_zero_lowest);
    g_test_add_func("/value/policy/exact-accepts-host-or-safe-value",
                    test_policy_exact_accepts_host_or_safe_value);
    g_test_add_func("/value/policy/any-accepts-everything-unordered",
                    test_policy_any_accepts_everything_unordered);
    g_test_add_func("/value/policy/names-round-trip", test_policy_names_round_trip);
    g_test_add_func("/value/set/number-ranges-match-by-value",
                    test_set_number_ranges_match_by_value);
    g_test_add_func("/value/set/rejects-reversed-or-malformed-range",
                    test_set_rejects_reversed_or_malformed_range);
    g_test_add_func("/value/set/bool-matches-any-spelling", test_set_bool_matches_any_spelling);
    g_test_add_func("/value/set/tokens-are-case-sensitive", test_set_tokens_are_case_sensitive);
    g_test_add_func("/value/set/refuses-injection-items", test_set_refuses_injection_items);
    g_test_add_func("/value/set/subset-covers-split-ranges", test_set_subset_covers_split_ranges);
    g_test_add_func("/value/set/range-up-to-u64-max", test_set_range_up_to_u64_max);
    return g_test_run();
}
