/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-common.h: helpers shared by the unit tests.
 */
#pragma once

#include <armcpu/armcpu.h>
#include <glib.h>

/* The registry from $ARMCPU_DATA_DIR (set by meson test); aborts the test if absent. */
static inline ArmcpuRegistry *
test_registry(void)
{
    g_autoptr(GError) err = NULL;
    ArmcpuRegistry *reg = armcpu_registry_load_default(&err);

    g_assert_no_error(err);
    g_assert_nonnull(reg);
    return reg;
}

/* The property @name, which must exist. */
static inline const ArmcpuProp *
test_prop(const ArmcpuRegistry *reg, const char *name)
{
    const ArmcpuProp *p = armcpu_registry_lookup(reg, name);

    if (!p)
        g_error("registry has no property '%s'", name);
    return p;
}

/* Path of a file under tests/data. */
static inline char *
test_data_path(const char *rel)
{
    return g_build_filename(g_getenv("ARMCPU_TEST_DATA"), rel, NULL);
}
