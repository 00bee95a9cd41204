/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * armcpu/compare.h: can this guest run on that host, and is it the host's own CPU?
 */
#pragma once

#include <armcpu/guest.h>
#include <armcpu/hostcaps.h>
#include <armcpu/registry.h>
#include <armcpu/report.h>

G_BEGIN_DECLS

typedef enum {
    ARMCPU_COMPARE_IDENTICAL,    /* every property at the host's own value */
    ARMCPU_COMPARE_SUPERSET,     /* every value supported; the host offers more */
    ARMCPU_COMPARE_INCOMPATIBLE, /* some value, property or model the host cannot give */
    ARMCPU_COMPARE_LAST
} ArmcpuCompareResult;

ARMCPU_API const char *armcpu_compare_result_to_string(ArmcpuCompareResult result);

/*
 * Compare @cpu with the host accelerator section @host. Every offending
 * property (with the guest's value and the host's supported values) is added
 * to @report as an error; a value forced past the host's supported set is an
 * incompatibility here too. Works on saved documents, so a scheduler can
 * pre-check a migration target without touching it.
 */
ARMCPU_API ArmcpuCompareResult armcpu_guest_cpu_compare(const ArmcpuGuestCpu *cpu,
                                                        const ArmcpuRegistry *reg,
                                                        const ArmcpuAccelCaps *host,
                                                        ArmcpuReport *report);

G_END_DECLS
