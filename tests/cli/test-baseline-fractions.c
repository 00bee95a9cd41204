/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-baseline-fractions.c: baseline over hosts built in memory.
 *
 * The fixture hosts cannot show what baseline does with a fractional
 * property KVM lets userspace write (RAS is fixed on every real host), nor
 * with incomparable fractions, unknown properties or a model whose value
 * settles a property the hosts disagree on. Here each host is a small JSON
 * text (what QEMU would reply) turned into an accelerator section by the
 * same functions the probe uses (src/qemu/propsinfo.h).
 */
#include "../unit/test-common.h"
#include "qemu/hostcaps-priv.h"
#include "qemu/propsinfo.h"

#include <armcpu/baseline.h>
#include <json-c/json.h>
#include <string.h>

static ArmcpuRegistry *reg;

G_DEFINE_AUTOPTR_CLEANUP_FUNC(json_object, json_object_put)

/*
 * A host named @label whose KVM section has the expansion @expansion (a JSON
 * object: property -> value) and the props-info @props_info (a JSON array of
 * {name, type, supported-values}), and no CPU models.
 */
static ArmcpuHostCaps *
host(const char *label, const char *expansion, const char *props_info)
{
    g_autoptr(ArmcpuHostCaps) caps = armcpu_host_caps_new();
    g_autoptr(ArmcpuAccelCaps) acc = armcpu_accel_caps_new_with_registry(ARMCPU_ACCEL_KVM, reg);
    g_autoptr(json_object) exp = json_tokener_parse(expansion);
    g_autoptr(json_object) info = json_tokener_parse(props_info);
    g_autoptr(json_object) commands =
        json_tokener_parse("[{\"name\": \"query-arm-cpu-props-info\"},"
                           " {\"name\": \"query-cpu-model-expansion\"}]");
    g_autoptr(json_object) models = json_object_new_array();
    g_autoptr(GError) err = NULL;

    g_assert_nonnull(exp);
    g_assert_nonnull(info);
    g_assert_true(armcpu_accel_caps_fill_commands(acc, commands, &err));
    g_assert_no_error(err);
    g_assert_true(armcpu_accel_caps_fill_props(acc, reg, "host", exp, "query-arm-cpu-props-info",
                                               info, &err));
    g_assert_no_error(err);
    g_assert_true(armcpu_accel_caps_fill_models(acc, models, &err));
    g_assert_no_error(err);
    armcpu_host_caps_set_accel(caps, g_steal_pointer(&acc));
    armcpu_host_caps_set_label(caps, label);
    return g_steal_pointer(&caps);
}

typedef struct {
    ArmcpuGuestCpu *cpu;
    ArmcpuReport *report;
} Result;

static void
result_clear(Result *r)
{
    armcpu_guest_cpu_free(r->cpu);
    armcpu_report_free(r->report);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Result, result_clear)

static Result
baseline2(const ArmcpuHostCaps *a, const ArmcpuHostCaps *b, gboolean want_model)
{
    const ArmcpuAccelCaps *hosts[2] = {armcpu_host_caps_accel(a, ARMCPU_ACCEL_KVM),
                                       armcpu_host_caps_accel(b, ARMCPU_ACCEL_KVM)};
    Result r;

    r.report = armcpu_report_new(NULL);
    r.cpu = armcpu_baseline(hosts, 2, reg, want_model, r.report);
    g_assert_nonnull(r.cpu);
    return r;
}

/* The problem about @property with @code, or NULL. */
static const ArmcpuProblem *
problem(const ArmcpuReport *report, const char *property, const char *code)
{
    for (guint i = 0; i < armcpu_report_n_problems(report); i++) {
        const ArmcpuProblem *p = armcpu_report_problem(report, i);
        if (g_strcmp0(p->property, property) == 0 &&
            strcmp(armcpu_problem_code_to_string(p->code), code) == 0)
            return p;
    }
    return NULL;
}

static const char *
pinned(const ArmcpuGuestCpu *cpu, const char *name)
{
    const ArmcpuGuestFeature *f = armcpu_guest_cpu_find(cpu, name);

    return f ? f->value : NULL;
}

#define RAS_INFO(...)                                                                              \
    "[{\"name\": \"feat_RAS\", \"type\": \"string\", \"supported-values\": [" __VA_ARGS__ "]}]"

/* RAS writable on both hosts: the largest common version, limited by the older host. */
static void
test_lowers_writable_ras(void)
{
    g_autoptr(ArmcpuHostCaps) a =
        host("host-a", "{\"feat_RAS\": \"1.1_base\"}", RAS_INFO("\"0.0\", \"1.0\", \"1.1_base\""));
    g_autoptr(ArmcpuHostCaps) b =
        host("host-b", "{\"feat_RAS\": \"1.0\"}", RAS_INFO("\"0.0\", \"1.0\""));
    g_auto(Result) r = baseline2(a, b, FALSE);
    const ArmcpuProblem *p = problem(r.report, "feat_RAS", "lowered");

    g_assert_cmpstr(pinned(r.cpu, "feat_RAS"), ==, "1.0");
    g_assert_false(armcpu_report_has_errors(r.report));
    g_assert_nonnull(p);
    g_assert_cmpstr(p->value, ==, "1.0");
    g_assert_cmpstr(p->source, ==, "host-b");
    g_assert_nonnull(strstr(p->message, "differs on host-a (1.1_base)"));
    g_assert_nonnull(strstr(p->message, "limited by host-b"));
}

/* 1.1 and 1.1_base are incomparable (field by field): only 1.0 is below both. */
static void
test_incomparable_fractions_meet_at_1_0(void)
{
    g_autoptr(ArmcpuHostCaps) a =
        host("host-a", "{\"feat_RAS\": \"1.1\"}", RAS_INFO("\"0.0\", \"1.0\", \"1.1\""));
    g_autoptr(ArmcpuHostCaps) b =
        host("host-b", "{\"feat_RAS\": \"1.1_base\"}", RAS_INFO("\"0.0\", \"1.0\", \"1.1_base\""));
    g_auto(Result) r = baseline2(a, b, FALSE);
    const ArmcpuProblem *p = problem(r.report, "feat_RAS", "lowered");

    g_assert_cmpstr(pinned(r.cpu, "feat_RAS"), ==, "1.0");
    g_assert_false(armcpu_report_has_errors(r.report));
    g_assert_nonnull(p);
    g_assert_null(p->source); /* no host has 1.0 as its own value */
    g_assert_nonnull(strstr(p->message, "no host has it as its own value"));
}

/*
 * Both hosts accept 1.1 and 1.1_base (incomparable maximal common values):
 * the field-wise minimum of the hosts' own values (1.1 ^ 1.1_base = 1.0) is
 * chosen, not one of the two.
 */
static void
test_incomparable_common_values_use_the_meet(void)
{
    g_autoptr(ArmcpuHostCaps) a = host("host-a", "{\"feat_RAS\": \"1.1\"}",
                                       RAS_INFO("\"0.0\", \"1.0\", \"1.1\", \"1.1_base\""));
    g_autoptr(ArmcpuHostCaps) b = host("host-b", "{\"feat_RAS\": \"1.1_base\"}",
                                       RAS_INFO("\"0.0\", \"1.0\", \"1.1\", \"1.1_base\""));
    g_auto(Result) r = baseline2(a, b, FALSE);

    g_assert_cmpstr(pinned(r.cpu, "feat_RAS"), ==, "1.0");
    g_assert_false(armcpu_report_has_errors(r.report));
}

/* RAS as KVM really has it (each host's own value only): no common value, reported. */
static void
test_fixed_ras_has_no_common_value(void)
{
    g_autoptr(ArmcpuHostCaps) a =
        host("grace", "{\"feat_RAS\": \"1.1_base\"}", RAS_INFO("\"1.1_base\""));
    g_autoptr(ArmcpuHostCaps) b = host("altra", "{\"feat_RAS\": \"1.0\"}", RAS_INFO("\"1.0\""));
    g_auto(Result) r = baseline2(a, b, FALSE);
    const ArmcpuProblem *p = problem(r.report, "feat_RAS", "no-common-value");

    g_assert_null(pinned(r.cpu, "feat_RAS"));
    g_assert_true(armcpu_report_has_errors(r.report));
    g_assert_nonnull(p);
    g_assert_cmpint(p->severity, ==, ARMCPU_SEVERITY_ERROR);
    g_assert_nonnull(strstr(p->message, "altra: 1.0; grace: 1.1_base"));
}

/* Hosts with the same values: nothing to pin, nothing to say. */
static void
test_same_hosts_pin_nothing(void)
{
    g_autoptr(ArmcpuHostCaps) a =
        host("host-a", "{\"feat_RAS\": \"1.1_base\"}", RAS_INFO("\"0.0\", \"1.0\", \"1.1_base\""));
    g_autoptr(ArmcpuHostCaps) b =
        host("host-b", "{\"feat_RAS\": \"1.1_base\"}", RAS_INFO("\"0.0\", \"1.0\", \"1.1_base\""));
    g_auto(Result) r = baseline2(a, b, FALSE);

    g_assert_cmpuint(armcpu_guest_cpu_n_features(r.cpu), ==, 0);
    g_assert_cmpuint(armcpu_report_n_problems(r.report), ==, 0);
    g_assert_cmpint(armcpu_guest_cpu_mode(r.cpu), ==, ARMCPU_CPU_MODE_HOST_PASSTHROUGH);
}

/* A property the registry does not know has no order: disagreeing hosts are reported. */
static void
test_unknown_property_is_not_guessed(void)
{
    static const char *const info = "[{\"name\": \"x-vendor-mode\", \"type\": \"string\","
                                    " \"supported-values\": [\"fast\", \"safe\"]}]";
    g_autoptr(ArmcpuHostCaps) a = host("host-a", "{\"x-vendor-mode\": \"fast\"}", info);
    g_autoptr(ArmcpuHostCaps) b = host("host-b", "{\"x-vendor-mode\": \"safe\"}", info);
    g_auto(Result) r = baseline2(a, b, FALSE);
    const ArmcpuProblem *p = problem(r.report, "x-vendor-mode", "disagree");

    g_assert_null(pinned(r.cpu, "x-vendor-mode"));
    g_assert_nonnull(p);
    g_assert_nonnull(strstr(p->message, "armcpu knows no order for it"));
}

/* Every property kvm-base-v1 sets, at values both hosts accept; MPAM as given. */
#define BASE_EXPANSION(mpam)                                                                       \
    "{\"el0_mode\": \"aarch64\", \"el1_mode\": \"aarch64\", \"el2_mode\": \"off\","                \
    " \"el3_mode\": \"off\", \"feat_GIC\": \"on\", \"feat_AMU\": \"off\", \"feat_NV\": \"0.0\","   \
    " \"feat_MTE_FRAC\": \"async\", \"hw_prop_CCIDX\": \"32\"" mpam "}"
#define BASE_INFO(mpam)                                                                            \
    "[{\"name\": \"el0_mode\", \"type\": \"string\", \"supported-values\": [\"aarch64\"]},"        \
    " {\"name\": \"el1_mode\", \"type\": \"string\", \"supported-values\": [\"aarch64\"]},"        \
    " {\"name\": \"el2_mode\", \"type\": \"string\", \"supported-values\": [\"off\"]},"            \
    " {\"name\": \"el3_mode\", \"type\": \"string\", \"supported-values\": [\"off\"]},"            \
    " {\"name\": \"feat_GIC\", \"type\": \"string\", \"supported-values\": [\"off\", \"on\"]},"    \
    " {\"name\": \"feat_AMU\", \"type\": \"string\", \"supported-values\": [\"off\"]},"            \
    " {\"name\": \"feat_NV\", \"type\": \"string\", \"supported-values\": [\"0.0\"]},"             \
    " {\"name\": \"feat_MTE_FRAC\", \"type\": \"string\", \"supported-values\": [\"async\"]},"     \
    " {\"name\": \"hw_prop_CCIDX\", \"type\": \"string\", \"supported-values\": [\"32\"]},"        \
    " {\"name\": \"feat_MPAM\", \"type\": \"string\", \"supported-values\": [" mpam "]}]"

/*
 * With --model, a property baseline had to leave out keeps the model's value
 * (which every host supports): it is not replaced by the first host's own
 * value, which another host may refuse.
 */
static void
test_model_keeps_its_value_for_a_left_out_property(void)
{
    /* host-b reports no own MPAM value: the incomparable 0.1 and 1.0 cannot be settled */
    g_autoptr(ArmcpuHostCaps) a = host("host-a", BASE_EXPANSION(", \"feat_MPAM\": \"1.1\""),
                                       BASE_INFO("\"0.0\", \"0.1\", \"1.0\", \"1.1\""));
    g_autoptr(ArmcpuHostCaps) b =
        host("host-b", BASE_EXPANSION(""), BASE_INFO("\"0.0\", \"0.1\", \"1.0\""));
    g_auto(Result) r = baseline2(a, b, TRUE);

    g_assert_nonnull(problem(r.report, "feat_MPAM", "disagree"));
    g_assert_cmpint(armcpu_guest_cpu_mode(r.cpu), ==, ARMCPU_CPU_MODE_CUSTOM);
    g_assert_cmpstr(armcpu_guest_cpu_model(r.cpu), ==, "kvm-base-v1");
    g_assert_null(pinned(r.cpu, "feat_MPAM")); /* kvm-base-v1's 0.0 stands */
}

/* --model picks a named model and pins only what differs from it. */
static void
test_model_plus_needed_features(void)
{
    g_autoptr(ArmcpuHostCaps) a =
        host("host-a", BASE_EXPANSION(", \"feat_MPAM\": \"1.0\""), BASE_INFO("\"0.0\", \"1.0\""));
    g_autoptr(ArmcpuHostCaps) b =
        host("host-b", BASE_EXPANSION(", \"feat_MPAM\": \"1.0\""), BASE_INFO("\"0.0\", \"1.0\""));
    g_auto(Result) r = baseline2(a, b, TRUE);

    g_assert_false(armcpu_report_has_errors(r.report));
    g_assert_cmpstr(armcpu_guest_cpu_model(r.cpu), ==, "kvm-base-v1");
    /* kvm-base-v1 sets MPAM 0.0; both hosts have 1.0: the baseline keeps 1.0 */
    g_assert_cmpstr(pinned(r.cpu, "feat_MPAM"), ==, "1.0");
    g_assert_cmpuint(armcpu_guest_cpu_n_features(r.cpu), ==, 1);
}

int
main(int argc, char **argv)
{
    int rc;

    g_test_init(&argc, &argv, NULL);
    reg = test_registry();
    g_test_add_func("/baseline/lowers-writable-ras-to-common-version", test_lowers_writable_ras);
    g_test_add_func("/baseline/incomparable-fractions-meet-at-1.0",
                    test_incomparable_fractions_meet_at_1_0);
    g_test_add_func("/baseline/incomparable-common-values-use-the-meet",
                    test_incomparable_common_values_use_the_meet);
    g_test_add_func("/baseline/fixed-ras-has-no-common-value", test_fixed_ras_has_no_common_value);
    g_test_add_func("/baseline/same-hosts-pin-nothing", test_same_hosts_pin_nothing);
    g_test_add_func("/baseline/unknown-property-is-not-guessed",
                    test_unknown_property_is_not_guessed);
    g_test_add_func("/baseline/model-keeps-its-value-for-a-left-out-property",
                    test_model_keeps_its_value_for_a_left_out_property);
    g_test_add_func("/baseline/model-plus-needed-features", test_model_plus_needed_features);
    rc = g_test_run();
    armcpu_registry_unref(reg);
    return rc;
}
