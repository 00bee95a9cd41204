/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * armcpu/common.h: export macro and the small enums every module shares.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#if defined(ARMCPU_COMPILATION) && defined(__GNUC__)
#define ARMCPU_API __attribute__((visibility("default")))
#else
#define ARMCPU_API
#endif

/* An accelerator QEMU can run an aarch64 guest with. */
typedef enum { ARMCPU_ACCEL_KVM, ARMCPU_ACCEL_TCG, ARMCPU_ACCEL_LAST } ArmcpuAccel;

/* "kvm", "tcg"; NULL for an out-of-range value. */
ARMCPU_API const char *armcpu_accel_to_string(ArmcpuAccel accel);
/* The accelerator called @s, or -1. */
ARMCPU_API int armcpu_accel_from_string(const char *s);

/*
 * The naming dialect a property name belongs to: the named-model vocabulary
 * (feat_*, hw_prop_*, el*_mode, cpu_*), the SYSREG_<REG>_<FIELD> names that
 * carry raw field values, or released QEMU's own properties (sve, pmu...).
 */
typedef enum {
    ARMCPU_DIALECT_NAMED,
    ARMCPU_DIALECT_SYSREG,
    ARMCPU_DIALECT_QEMU,
    ARMCPU_DIALECT_LAST
} ArmcpuDialect;

/* "named", "sysreg", "qemu"; NULL for an out-of-range value. */
ARMCPU_API const char *armcpu_dialect_to_string(ArmcpuDialect dialect);
/* The dialect called @s, or -1. */
ARMCPU_API int armcpu_dialect_from_string(const char *s);

/* Index of @s in the NULL-free @table of @n strings, or -1. */
ARMCPU_API int armcpu_enum_from_string(const char *const *table, int n, const char *s);

G_END_DECLS
