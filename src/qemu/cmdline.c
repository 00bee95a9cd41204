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
    g_autoptr(GArray) emits = armcpu_plan_build(cpu, reg, host, report);

    if (armcpu_report_has_errors(report))
        return NULL;
    return armcpu_plan_format(cpu, emits);
}
