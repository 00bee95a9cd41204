/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * common.c: string tables of the shared enums.
 */
#include <armcpu/common.h>

#include "enum.h"

#include <string.h>

int
armcpu_enum_from_string(const char *const *table, int n, const char *s)
{
    if (!s)
        return -1;
    for (int i = 0; i < n; i++) {
        if (table[i] && strcmp(table[i], s) == 0)
            return i;
    }
    return -1;
}

ARMCPU_ENUM_IMPL(armcpu_accel, ArmcpuAccel,
                 ARMCPU_ACCEL_LAST, [ARMCPU_ACCEL_KVM] = "kvm", [ARMCPU_ACCEL_TCG] = "tcg")

ARMCPU_ENUM_IMPL(armcpu_dialect, ArmcpuDialect,
                 ARMCPU_DIALECT_LAST, [ARMCPU_DIALECT_NAMED] = "named",
                 [ARMCPU_DIALECT_SYSREG] = "sysreg", [ARMCPU_DIALECT_QEMU] = "qemu")
