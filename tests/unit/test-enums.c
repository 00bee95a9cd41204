/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-enums.c: every enum's string table is complete and round-trips.
 */
#include "test-common.h"

#include <armcpu/compare.h>
#include <armcpu/guest.h>
#include <armcpu/hostcaps.h>

#include "cpu/guest-priv.h"
#include "cpu/registry-priv.h"
#include "util/util.h"

#include <string.h>

typedef const char *(*ToString)(int);
typedef int (*FromString)(const char *);

typedef struct {
    const char *name;
    ToString to;
    FromString from; /* NULL when the enum has no public parser */
    int last;
} EnumCase;

#define CASE(n, to, from, last)                                                                    \
    {                                                                                              \
        n, (ToString)(void (*)(void))to, from, last                                                \
    }

static const EnumCase cases[] = {
    CASE("accel", armcpu_accel_to_string, armcpu_accel_from_string, ARMCPU_ACCEL_LAST),
    CASE("dialect", armcpu_dialect_to_string, armcpu_dialect_from_string, ARMCPU_DIALECT_LAST),
    CASE("kind", armcpu_kind_to_string, armcpu_kind_from_string, ARMCPU_KIND_LAST),
    CASE("policy", armcpu_policy_to_string, armcpu_policy_from_string, ARMCPU_POLICY_LAST),
    CASE("order", armcpu_order_to_string, NULL, ARMCPU_ORDER_LAST),
    CASE("cpu-mode", armcpu_cpu_mode_to_string, armcpu_cpu_mode_from_string, ARMCPU_CPU_MODE_LAST),
    CASE("feature-policy", armcpu_feature_policy_to_string, armcpu_feature_policy_from_string,
         ARMCPU_FEATURE_LAST),
    CASE("severity", armcpu_severity_to_string, NULL, ARMCPU_SEVERITY_LAST),
    CASE("problem-code", armcpu_problem_code_to_string, NULL, ARMCPU_PROBLEM_LAST),
    CASE("compare-result", armcpu_compare_result_to_string, NULL, ARMCPU_COMPARE_LAST),
    CASE("kvm-writable", armcpu_kvm_writable_to_string, armcpu_kvm_writable_from_string,
         ARMCPU_KVM_WRITABLE_LAST),
    CASE("usable", armcpu_usable_to_string, NULL, ARMCPU_USABLE_LAST),
};

static void
test_table_is_complete_and_round_trips(gconstpointer p)
{
    const EnumCase *c = p;

    for (int v = 0; v < c->last; v++) {
        const char *s = c->to(v);
        g_assert_nonnull(s);
        g_assert_true(armcpu_str_is_token(s) || strchr(s, ' ') == NULL);
        if (c->from)
            g_assert_cmpint(c->from(s), ==, v);
    }
    g_assert_null(c->to(c->last));
    g_assert_null(c->to(-1));
    if (c->from)
        g_assert_cmpint(c->from("no-such-value"), ==, -1);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *path =
            g_strdup_printf("/enums/%s/table-is-complete-and-round-trips", cases[i].name);
        g_test_add_data_func(path, &cases[i], test_table_is_complete_and_round_trips);
    }
    return g_test_run();
}
