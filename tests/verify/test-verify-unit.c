/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-verify-unit.c: the pieces of verify without QEMU: the side-effect
 * rules (data file, schema, parser, application), comparing what QEMU
 * reports with what was asked, and finding the property QEMU's refusal names.
 */
#include "qemu/verify-priv.h"
#include "util/xml.h"

#include <libxml/relaxng.h>
#include <string.h>

static ArmcpuRegistry *reg;

G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlRelaxNGParserCtxt, xmlRelaxNGFreeParserCtxt)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlRelaxNG, xmlRelaxNGFree)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlRelaxNGValidCtxt, xmlRelaxNGFreeValidCtxt)

static char *
data_path(const char *a, const char *b)
{
    return g_build_filename(g_getenv("ARMCPU_DATA_DIR"), a, b, NULL);
}

/* ----- the data file ----- */

static void
test_rules_file_validates_against_schema(void)
{
    g_autofree char *rng = data_path("schemas", "side-effects.rng");
    g_autofree char *file = data_path("cpu_map", "arm_side_effects.xml");
    g_autoptr(xmlRelaxNGParserCtxt) pc = xmlRelaxNGNewParserCtxt(rng);
    g_autoptr(xmlRelaxNG) schema = xmlRelaxNGParse(pc);
    g_autoptr(xmlRelaxNGValidCtxt) vc = NULL;
    g_autoptr(xmlDoc) doc = xmlReadFile(file, NULL, XML_PARSE_NONET);

    g_assert_nonnull(schema);
    g_assert_nonnull(doc);
    vc = xmlRelaxNGNewValidCtxt(schema);
    g_assert_cmpint(xmlRelaxNGValidateDoc(vc, doc), ==, 0);
}

static void
test_rules_file_loads(void)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuVerifyRules) rules = armcpu_verify_rules_load_default(&err);

    g_assert_no_error(err);
    g_assert_nonnull(rules);
}

/* Every property the rules name is one the registry knows (or QEMU's sme). */
static void
test_rules_name_known_properties(void)
{
    g_autofree char *file = data_path("cpu_map", "arm_side_effects.xml");
    g_autoptr(xmlDoc) doc = xmlReadFile(file, NULL, XML_PARSE_NONET);
    g_autoptr(xmlXPathContext) ctx = xmlXPathNewContext(doc);
    g_autoptr(xmlXPathObject) res = xmlXPathEvalExpression((const xmlChar *)"//@property", ctx);

    g_assert_nonnull(res);
    g_assert_cmpint(res->nodesetval->nodeNr, >, 40);
    for (int i = 0; i < res->nodesetval->nodeNr; i++) {
        g_autofree char *name = (char *)xmlNodeGetContent(res->nodesetval->nodeTab[i]);
        if (strcmp(name, "sme") == 0)
            continue; /* a QEMU property the registry leaves to QOM */
        if (!armcpu_registry_lookup(reg, name))
            g_error("the side-effect rules name %s, which the registry does not know", name);
    }
}

/* ----- the parser ----- */

static void
expect_rules_error(const char *xml, const char *fragment)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuVerifyRules) rules =
        armcpu_verify_rules_parse(xml, strlen(xml), "rules.xml", &err);

    g_assert_null(rules);
    g_assert_error(err, ARMCPU_VERIFY_ERROR, ARMCPU_VERIFY_ERROR_DATA);
    if (!strstr(err->message, fragment))
        g_error("expected '%s' in: %s", fragment, err->message);
    g_assert_true(g_str_has_prefix(err->message, "rules.xml:"));
}

#define HEAD "<sideEffects arch='aarch64' version='1'>\n"

static void
test_rules_reject_wrong_root(void)
{
    expect_rules_error("<cpuMap arch='aarch64' version='1'/>", "not <sideEffects>");
}

static void
test_rules_reject_other_arch(void)
{
    expect_rules_error("<sideEffects arch='x86_64' version='1'/>", "arch='aarch64'");
}

static void
test_rules_reject_unknown_element(void)
{
    expect_rules_error(HEAD "<rule property='sve'><set property='x'/></rule></sideEffects>",
                       "unexpected element <set>");
}

static void
test_rules_reject_unknown_attribute(void)
{
    expect_rules_error(HEAD "<rule property='sve' when='x'><affects property='sve128'/></rule>"
                            "</sideEffects>",
                       "unexpected attribute 'when'");
}

static void
test_rules_reject_rule_without_property(void)
{
    expect_rules_error(HEAD "<rule value='off'><affects property='sve128'/></rule></sideEffects>",
                       "needs a 'property'");
}

static void
test_rules_reject_rule_affecting_nothing(void)
{
    expect_rules_error(HEAD "<rule property='sve' value='off'/></sideEffects>", "affects nothing");
}

static void
test_rules_reject_name_outside_grammar(void)
{
    expect_rules_error(HEAD "<rule property='sve'><affects property='a,b'/></rule></sideEffects>",
                       "is not a name");
}

static void
test_rules_reject_below_not_decimal(void)
{
    expect_rules_error(HEAD "<rule property='sve-max-vq'><affects property='sve256' value='off' "
                            "below='0x2'/></rule></sideEffects>",
                       "not a decimal number");
}

static void
test_rules_reject_text_content(void)
{
    expect_rules_error(HEAD "<rule property='sve'>text<affects property='sve128'/></rule>"
                            "</sideEffects>",
                       "unexpected text");
}

static void
test_rules_reject_doctype(void)
{
    expect_rules_error("<!DOCTYPE x [<!ENTITY a 'b'>]>" HEAD "</sideEffects>", "rules.xml");
}

static void
test_rules_report_line(void)
{
    const char *xml = HEAD "<rule property='sve'>\n<affects property='sve128'/>\n</rule>\n"
                           "<rule property='pauth'>\n<bogus/>\n</rule></sideEffects>";
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuVerifyRules) rules =
        armcpu_verify_rules_parse(xml, strlen(xml), "rules.xml", &err);

    g_assert_null(rules);
    g_assert_true(g_str_has_prefix(err->message, "rules.xml:6:"));
}

/* ----- applying the rules ----- */

static GPtrArray *
apply(const char *const *names, const char *const *values, guint n)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuVerifyRules) rules = armcpu_verify_rules_load_default(&err);

    g_assert_no_error(err);
    return armcpu_verify_rules_apply(rules, names, values, n);
}

static const ArmcpuVerifyTarget *
find_target(GPtrArray *targets, const char *name)
{
    for (guint i = 0; i < targets->len; i++) {
        const ArmcpuVerifyTarget *t = g_ptr_array_index(targets, i);
        if (strcmp(t->property, name) == 0)
            return t;
    }
    return NULL;
}

static void
test_apply_sve_off_turns_lengths_off(void)
{
    const char *names[] = {"sve"}, *values[] = {"off"};
    g_autoptr(GPtrArray) t = apply(names, values, 1);
    const ArmcpuVerifyTarget *vq = find_target(t, "sve-max-vq");

    g_assert_cmpuint(t->len, ==, 18); /* 16 lengths, sve-max-vq, sme */
    g_assert_cmpstr(find_target(t, "sve128")->expected, ==, "off");
    g_assert_cmpstr(find_target(t, "sve2048")->expected, ==, "off");
    g_assert_nonnull(vq);
    g_assert_cmpstr(vq->expected, ==, "0");
    g_assert_cmpstr(vq->cause, ==, "sve=off");
}

static void
test_apply_sve_on_fires_nothing(void)
{
    const char *names[] = {"sve"}, *values[] = {"on"};
    g_autoptr(GPtrArray) t = apply(names, values, 1);

    g_assert_cmpuint(t->len, ==, 0);
}

static void
test_apply_bool_spelling_does_not_matter(void)
{
    const char *names[] = {"pauth"}, *values[] = {"false"};
    g_autoptr(GPtrArray) t = apply(names, values, 1);

    g_assert_nonnull(find_target(t, "pauth-impdef"));
    g_assert_nonnull(find_target(t, "pauth-qarma3"));
}

static void
test_apply_max_vq_turns_longer_lengths_off(void)
{
    const char *names[] = {"sve-max-vq"}, *values[] = {"2"};
    g_autoptr(GPtrArray) t = apply(names, values, 1);

    g_assert_null(find_target(t, "sve128"));
    g_assert_null(find_target(t, "sve256"));
    g_assert_cmpstr(find_target(t, "sve384")->expected, ==, "off");
    g_assert_cmpstr(find_target(t, "sve2048")->expected, ==, "off");
    g_assert_cmpuint(t->len, ==, 14);
}

static void
test_apply_max_vq_hex_is_a_number(void)
{
    const char *names[] = {"sve-max-vq"}, *values[] = {"0x10"};
    g_autoptr(GPtrArray) t = apply(names, values, 1);

    g_assert_cmpuint(t->len, ==, 0);
}

static void
test_apply_asked_property_is_not_a_side_effect(void)
{
    const char *names[] = {"sve", "sve-max-vq"}, *values[] = {"off", "1"};
    g_autoptr(GPtrArray) t = apply(names, values, 2);

    g_assert_null(find_target(t, "sve-max-vq"));
    g_assert_nonnull(find_target(t, "sve128"));
}

static void
test_apply_joins_causes_and_keeps_a_prediction(void)
{
    const char *names[] = {"sve256", "sve-max-vq"}, *values[] = {"on", "3"};
    g_autoptr(GPtrArray) t = apply(names, values, 2);
    const ArmcpuVerifyTarget *s512 = find_target(t, "sve512");

    g_assert_nonnull(s512);
    g_assert_cmpstr(s512->cause, ==, "sve256=on, sve-max-vq=3");
    g_assert_cmpstr(s512->expected, ==, "off"); /* sve-max-vq predicts, sve256=on does not */
    g_assert_null(find_target(t, "sve384")->expected);
}

static void
test_apply_disagreeing_predictions_cancel(void)
{
    const char *xml = HEAD "<rule property='a'><affects property='c' value='on'/></rule>"
                           "<rule property='b'><affects property='c' value='off'/></rule>"
                           "</sideEffects>";
    const char *names[] = {"a", "b"}, *values[] = {"1", "1"};
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuVerifyRules) rules = armcpu_verify_rules_parse(xml, strlen(xml), "r.xml", &err);
    g_autoptr(GPtrArray) t = NULL;

    g_assert_no_error(err);
    t = armcpu_verify_rules_apply(rules, names, values, 2);
    g_assert_cmpuint(t->len, ==, 1);
    g_assert_null(((ArmcpuVerifyTarget *)g_ptr_array_index(t, 0))->expected);
    g_assert_cmpstr(((ArmcpuVerifyTarget *)g_ptr_array_index(t, 0))->cause, ==, "a=1, b=1");
}

/* ----- comparing values ----- */

static gboolean
matches(const char *name, const char *asked, const char *got_json)
{
    json_object *got = json_tokener_parse(got_json);
    gboolean m;

    g_assert_true(got || strcmp(got_json, "null") == 0);
    m = armcpu_verify_value_matches(reg, NULL, name, asked, got);
    json_object_put(got);
    return m;
}

static void
test_match_bool_spellings(void)
{
    g_assert_true(matches("sve", "off", "false"));
    g_assert_true(matches("sve", "on", "true"));
    g_assert_true(matches("sve", "on", "\"yes\""));
    g_assert_true(matches("sve", "off", "\"off\""));
    g_assert_true(matches("pmu", "on", "1"));
    g_assert_false(matches("sve", "on", "false"));
    g_assert_false(matches("sve", "on", "2"));
    g_assert_false(matches("sve", "on", "null"));
}

static void
test_match_numbers_decimal_hex_and_json(void)
{
    g_assert_true(matches("sve-max-vq", "2", "2"));
    g_assert_true(matches("sve-max-vq", "0x2", "2"));
    g_assert_true(matches("sve-max-vq", "2", "\"0x2\""));
    g_assert_false(matches("sve-max-vq", "2", "16"));
    g_assert_false(matches("sve-max-vq", "2", "-2"));
    g_assert_true(matches("hw_prop_WRPs", "3", "3"));
}

static void
test_match_u64_above_2_63(void)
{
    g_assert_true(matches("cpu_revidr", "18446742978476113920", "18446742978476113920"));
    g_assert_true(matches("cpu_revidr", "0xffffff00ff000000", "18446742978476113920"));
    g_assert_false(matches("cpu_revidr", "18446742978476113919", "18446742978476113920"));
    g_assert_true(matches("cpu_revidr", "18446744073709551615", "18446744073709551615"));
}

static void
test_match_enum_name_and_raw_encoding(void)
{
    g_assert_true(matches("feat_AES", "pmull", "\"pmull\""));
    g_assert_true(matches("feat_AES", "pmull", "2"));
    g_assert_true(matches("feat_AES", "aes", "\"1\""));
    g_assert_false(matches("feat_AES", "aes", "\"pmull\""));
    g_assert_false(matches("feat_AES", "aes", "2"));
}

static void
test_match_sysreg_number_and_value_name(void)
{
    g_assert_true(matches("SYSREG_ID_AA64ISAR0_EL1_AES", "2", "2"));
    g_assert_true(matches("SYSREG_ID_AA64ISAR0_EL1_AES", "2", "\"pmull\""));
    g_assert_true(matches("SYSREG_ID_AA64ISAR0_EL1_AES", "0x2", "\"0x2\""));
    g_assert_false(matches("SYSREG_ID_AA64ISAR0_EL1_AES", "1", "\"pmull\""));
}

static void
test_match_fractional_value(void)
{
    g_assert_true(matches("feat_RAS", "1.1_base", "\"1.1_base\""));
    g_assert_false(matches("feat_RAS", "1.1_base", "\"1.1\""));
    g_assert_false(matches("feat_RAS", "1.1", "2"));
}

static void
test_match_unknown_property_by_json_type(void)
{
    g_assert_true(matches("x-unknown", "on", "true"));
    g_assert_true(matches("x-unknown", "0x10", "16"));
    g_assert_true(matches("x-unknown", "abc", "\"abc\""));
    g_assert_false(matches("x-unknown", "abc", "\"abd\""));
    g_assert_false(matches("x-unknown", "1", "[1]"));
}

static void
test_json_text_forms(void)
{
    const struct {
        const char *json, *text;
    } cases[] = {
        {"true", "on"},
        {"false", "off"},
        {"16", "16"},
        {"18446742978476113920", "18446742978476113920"},
        {"-1", "-1"},
        {"\"pmull\"", "pmull"},
        {"\"a\\u0001b\\nc\"", "a?b?c"},
        {"[1,2]", "[1,2]"},
    };

    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        json_object *o = json_tokener_parse(cases[i].json);
        g_autofree char *t = armcpu_verify_json_text(o);
        g_assert_cmpstr(t, ==, cases[i].text);
        json_object_put(o);
    }
}

static void
test_json_text_is_bounded(void)
{
    g_autofree char *big = g_strnfill(10000, 'x');
    json_object *o = json_object_new_string(big);
    g_autofree char *t = armcpu_verify_json_text(o);

    g_assert_cmpuint(strlen(t), ==, 256);
    json_object_put(o);
}

/* ----- QEMU's refusal ----- */

static void
test_offending_whole_word(void)
{
    const char *names[] = {"sve", "sve-max-vq"};
    const char *text = "qemu-system-aarch64: can't apply global max-arm-cpu.sve-max-vq=99: "
                       "unsupported SVE vector length\nValid sve-max-vq in range [1-16]";

    g_assert_cmpint(armcpu_verify_find_offending(text, names, 2), ==, 1);
}

static void
test_offending_first_mentioned(void)
{
    const char *names[] = {"sve-max-vq", "sve512"};
    const char *text = "qemu-system-aarch64: cannot enable sve512\nsve512 is larger than the "
                       "maximum vector length, sve-max-vq=2 (256 bits)";

    g_assert_cmpint(armcpu_verify_find_offending(text, names, 2), ==, 1);
}

static void
test_offending_property_not_found(void)
{
    const char *names[] = {"sve"};
    const char *text = "qemu-system-aarch64: can't apply global cortex-a57-arm-cpu.sve=on: "
                       "Property 'cortex-a57-arm-cpu.sve' not found";

    g_assert_cmpint(armcpu_verify_find_offending(text, names, 1), ==, 0);
}

static void
test_offending_none_named(void)
{
    const char *names[] = {"sve", "pauth"};
    const char *text = "qemu-system-aarch64: unable to find CPU model 'nosuchcpu'";

    g_assert_cmpint(armcpu_verify_find_offending(text, names, 2), ==, -1);
    g_assert_cmpint(armcpu_verify_find_offending("", names, 2), ==, -1);
}

static void
test_outcome_names(void)
{
    g_assert_cmpstr(armcpu_verify_outcome_to_string(ARMCPU_VERIFY_MATCH), ==, "match");
    g_assert_cmpstr(armcpu_verify_outcome_to_string(ARMCPU_VERIFY_MISMATCH), ==, "mismatch");
    g_assert_cmpstr(armcpu_verify_outcome_to_string(ARMCPU_VERIFY_REFUSED), ==, "refused");
    g_assert_null(armcpu_verify_outcome_to_string(ARMCPU_VERIFY_LAST));
}

int
main(int argc, char **argv)
{
    g_autoptr(GError) err = NULL;
    int rc;

    g_test_init(&argc, &argv, NULL);
    reg = armcpu_registry_load_default(&err);
    g_assert_no_error(err);

    g_test_add_func("/verify/rules/file-validates-against-schema",
                    test_rules_file_validates_against_schema);
    g_test_add_func("/verify/rules/file-loads", test_rules_file_loads);
    g_test_add_func("/verify/rules/name-known-properties", test_rules_name_known_properties);
    g_test_add_func("/verify/rules/reject-wrong-root", test_rules_reject_wrong_root);
    g_test_add_func("/verify/rules/reject-other-arch", test_rules_reject_other_arch);
    g_test_add_func("/verify/rules/reject-unknown-element", test_rules_reject_unknown_element);
    g_test_add_func("/verify/rules/reject-unknown-attribute", test_rules_reject_unknown_attribute);
    g_test_add_func("/verify/rules/reject-rule-without-property",
                    test_rules_reject_rule_without_property);
    g_test_add_func("/verify/rules/reject-rule-affecting-nothing",
                    test_rules_reject_rule_affecting_nothing);
    g_test_add_func("/verify/rules/reject-name-outside-grammar",
                    test_rules_reject_name_outside_grammar);
    g_test_add_func("/verify/rules/reject-below-not-decimal", test_rules_reject_below_not_decimal);
    g_test_add_func("/verify/rules/reject-text-content", test_rules_reject_text_content);
    g_test_add_func("/verify/rules/reject-doctype", test_rules_reject_doctype);
    g_test_add_func("/verify/rules/report-line", test_rules_report_line);
    g_test_add_func("/verify/apply/sve-off-turns-lengths-off",
                    test_apply_sve_off_turns_lengths_off);
    g_test_add_func("/verify/apply/sve-on-fires-nothing", test_apply_sve_on_fires_nothing);
    g_test_add_func("/verify/apply/bool-spelling-does-not-matter",
                    test_apply_bool_spelling_does_not_matter);
    g_test_add_func("/verify/apply/max-vq-turns-longer-lengths-off",
                    test_apply_max_vq_turns_longer_lengths_off);
    g_test_add_func("/verify/apply/max-vq-hex-is-a-number", test_apply_max_vq_hex_is_a_number);
    g_test_add_func("/verify/apply/asked-property-is-not-a-side-effect",
                    test_apply_asked_property_is_not_a_side_effect);
    g_test_add_func("/verify/apply/joins-causes-and-keeps-a-prediction",
                    test_apply_joins_causes_and_keeps_a_prediction);
    g_test_add_func("/verify/apply/disagreeing-predictions-cancel",
                    test_apply_disagreeing_predictions_cancel);
    g_test_add_func("/verify/match/bool-spellings", test_match_bool_spellings);
    g_test_add_func("/verify/match/numbers-decimal-hex-and-json",
                    test_match_numbers_decimal_hex_and_json);
    g_test_add_func("/verify/match/u64-above-2-63", test_match_u64_above_2_63);
    g_test_add_func("/verify/match/enum-name-and-raw-encoding",
                    test_match_enum_name_and_raw_encoding);
    g_test_add_func("/verify/match/sysreg-number-and-value-name",
                    test_match_sysreg_number_and_value_name);
    g_test_add_func("/verify/match/fractional-value", test_match_fractional_value);
    g_test_add_func("/verify/match/unknown-property-by-json-type",
                    test_match_unknown_property_by_json_type);
    g_test_add_func("/verify/json-text/forms", test_json_text_forms);
    g_test_add_func("/verify/json-text/is-bounded", test_json_text_is_bounded);
    g_test_add_func("/verify/offending/whole-word", test_offending_whole_word);
    g_test_add_func("/verify/offending/first-mentioned", test_offending_first_mentioned);
    g_test_add_func("/verify/offending/property-not-found", test_offending_property_not_found);
    g_test_add_func("/verify/offending/none-named", test_offending_none_named);
    g_test_add_func("/verify/outcome-names", test_outcome_names);

    rc = g_test_run();
    armcpu_registry_unref(reg);
    return rc;
}
