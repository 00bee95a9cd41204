/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * compare.c: a guest CPU against one host: identical, superset, incompatible.
 */
#include <armcpu/compare.h>

#include "guest-priv.h"
#include "plan.h"
#include "qemu/hostcaps-priv.h"
#include "util/enum.h"

#include <string.h>

ARMCPU_ENUM_TO_STRING_IMPL(
    armcpu_compare_result, ArmcpuCompareResult,
    ARMCPU_COMPARE_LAST, [ARMCPU_COMPARE_IDENTICAL] = "identical",
    [ARMCPU_COMPARE_SUPERSET] = "superset", [ARMCPU_COMPARE_INCOMPATIBLE] = "incompatible")

/* Is @value the host's own value of @name? Unknown host values are not. */
static gboolean
at_host_value(const ArmcpuAccelCaps *host, const char *name, const char *value)
{
    const ArmcpuPropInfo *pi = g_hash_table_lookup(host->prop_index, name);
    ArmcpuOrder o;

    if (!pi || !pi->host_value)
        return FALSE;
    if (pi->prop)
        return armcpu_prop_order(pi->prop, value, pi->host_value, &o, NULL) &&
               o == ARMCPU_ORDER_EQUAL;
    if (!armcpu_value_set_contains(pi->supported, value))
        return FALSE;
    g_autofree char *a = armcpu_value_normalize(pi->kind, value, NULL);
    g_autofree char *b = armcpu_value_normalize(pi->kind, pi->host_value, NULL);
    return a && b && strcmp(a, b) == 0;
}

/* A value forced past the host's set may start, but is not compatible. */
static void
forced_to_errors(ArmcpuReport *report, guint first)
{
    guint n = armcpu_report_n_problems(report);

    for (guint i = first; i < n; i++) {
        const ArmcpuProblem *p = armcpu_report_problem(report, i);
        if (p->code != ARMCPU_PROBLEM_FORCED)
            continue;
        armcpu_report_add(report, ARMCPU_SEVERITY_ERROR, ARMCPU_PROBLEM_UNSUPPORTED_VALUE, p->line,
                          p->property, p->value, p->expected, p->source,
                          "%s=%s is forced, but this host does not support it", p->property,
                          p->value ? p->value : "on");
    }
}

/* Does the guest's base CPU equal the host's own one? */
static gboolean
base_is_host(const ArmcpuGuestCpu *cpu, const ArmcpuRegistry *reg, const ArmcpuAccelCaps *host)
{
    switch (cpu->mode) {
    case ARMCPU_CPU_MODE_HOST_PASSTHROUGH:
    case ARMCPU_CPU_MODE_MAXIMUM:
        return TRUE;
    case ARMCPU_CPU_MODE_CUSTOM:
    case ARMCPU_CPU_MODE_LAST:
        break;
    }
    if (g_strcmp0(cpu->model, host->expansion_model) == 0)
        return TRUE;
    const ArmcpuModel *m = armcpu_registry_find_model(reg, cpu->model);
    if (!m)
        return FALSE; /* a QEMU model armcpu cannot see inside */
    const GPtrArray *settings = armcpu_model_settings(m);
    for (guint i = 0; i < settings->len; i++) {
        const ArmcpuModelSetting *s = g_ptr_array_index(settings, i);
        if (!g_hash_table_contains(cpu->by_name, s->name) &&
            !at_host_value(host, s->name, s->value))
            return FALSE;
    }
    return TRUE;
}

ArmcpuCompareResult
armcpu_guest_cpu_compare(const ArmcpuGuestCpu *cpu, const ArmcpuRegistry *reg,
                         const ArmcpuAccelCaps *host, ArmcpuReport *report)
{
    guint first = armcpu_report_n_problems(report);
    g_autoptr(GArray) emits = armcpu_plan_build(cpu, reg, host, report);
    gboolean identical;

    forced_to_errors(report, first);
    if (armcpu_report_has_errors(report))
        return ARMCPU_COMPARE_INCOMPATIBLE;
    identical = base_is_host(cpu, reg, host);
    for (guint i = 0; identical && i < emits->len; i++) {
        const ArmcpuEmit *e = &g_array_index(emits, ArmcpuEmit, i);
        identical = at_host_value(host, e->name, e->value);
    }
    return identical ? ARMCPU_COMPARE_IDENTICAL : ARMCPU_COMPARE_SUPERSET;
}
