/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmdline.c: the value of QEMU's -cpu option for a guest CPU.
 */
#include "cpu/plan.h"

#include <armcpu/validate.h>

char *
armcpu_guest_cpu_cmdline(const ArmcpuGuestCpu *cpu, const ArmcpuRegistry *reg,
                         const ArmcpuAccelCaps *host, ArmcpuReport *report)
{
    g_autoptr(GPtrArray) emits = armcpu_plan_build(cpu, reg, host, report);
    g_autoptr(GString) out = NULL;

    if (armcpu_report_has_errors(report))
        return NULL;
    out = g_string_sized_new(32 * (emits->len + 1));
    g_string_append(out, armcpu_plan_base_model(cpu));
    for (guint i = 0; i < emits->len; i++) {
        const ArmcpuEmit *e = g_ptr_array_index(emits, i);
        g_string_append_c(out, ',');
        g_string_append(out, e->name);
        g_string_append_c(out, '=');
        g_string_append(out, e->value);
    }
    return g_string_free(g_steal_pointer(&out), FALSE);
}
