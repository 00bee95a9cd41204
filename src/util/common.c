/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * common.c: string tables of the shared enums.
 */
#include <armcpu/common.h>

#include <string.h>

static const char *const accel_names[ARMCPU_ACCEL_LAST] = {
    [ARMCPU_ACCEL_KVM] = "kvm",
    [ARMCPU_ACCEL_TCG] = "tcg",
};

static const char *const dialect_names[ARMCPU_DIALECT_LAST] = {
    [ARMCPU_DIALECT_NAMED] = "named",
    [ARMCPU_DIALECT_SYSREG] = "sysreg",
    [ARMCPU_DIALECT_QEMU] = "qemu",
};

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

const char *
armcpu_accel_to_string(ArmcpuAccel accel)
{
    return (unsigned)accel < ARMCPU_ACCEL_LAST ? accel_names[accel] : NULL;
}

int
armcpu_accel_from_string(const char *s)
{
    return armcpu_enum_from_string(accel_names, ARMCPU_ACCEL_LAST, s);
}

const char *
armcpu_dialect_to_string(ArmcpuDialect dialect)
{
    return (unsigned)dialect < ARMCPU_DIALECT_LAST ? dialect_names[dialect] : NULL;
}

int
armcpu_dialect_from_string(const char *s)
{
    return armcpu_enum_from_string(dialect_names, ARMCPU_DIALECT_LAST, s);
}
