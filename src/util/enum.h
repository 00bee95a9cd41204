/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * enum.h: string tables for enums that end in _LAST.
 *
 *   ARMCPU_ENUM_IMPL(armcpu_accel, ArmcpuAccel, ARMCPU_ACCEL_LAST,
 *                    [ARMCPU_ACCEL_KVM] = "kvm", [ARMCPU_ACCEL_TCG] = "tcg")
 *
 * defines armcpu_accel_to_string() (NULL out of range) and
 * armcpu_accel_from_string() (-1 when unknown); ARMCPU_ENUM_TO_STRING_IMPL
 * defines only the first. tests/unit/test-enums.c checks every table is full.
 */
#pragma once

#include <armcpu/common.h>

#define ARMCPU_ENUM_TABLE(name, last, ...)                                                         \
    static const char *const name##_names[last] = {__VA_ARGS__}

#define ARMCPU_ENUM_TO_STRING_IMPL(name, type, last, ...)                                          \
    ARMCPU_ENUM_TABLE(name, last, __VA_ARGS__);                                                    \
    const char *name##_to_string(type value)                                                       \
    {                                                                                              \
        return (unsigned)value < (unsigned)(last) ? name##_names[value] : NULL;                    \
    }

#define ARMCPU_ENUM_IMPL(name, type, last, ...)                                                    \
    ARMCPU_ENUM_TO_STRING_IMPL(name, type, last, __VA_ARGS__)                                      \
    int name##_from_string(const char *s)                                                          \
    {                                                                                              \
        return armcpu_enum_from_string(name##_names, (last), s);                                   \
    }
