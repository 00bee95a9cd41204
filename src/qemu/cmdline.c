/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmdline.c: the value of QEMU's -cpu option for a guest CPU.
 */
#include "cpu/guest-priv.h"
#include "cpu/validate-priv.h"
#include "hostcaps-priv.h"

static const char *
base_model(const ArmcpuGuestCpu *cpu)
{
    switch (cpu->mode) {
    case ARMCPU_CPU_MODE_HOST_PASSTHROUGH:
        return "host";
    case ARMCPU_CPU_MODE_MAXIMUM:
        return "max";
    case ARMCPU_CPU_MODE_CUSTOM:
    case ARMCPU_CPU_MODE_LAST:
        break;
    }
    return cpu->model;
}

/* The value as QEMU should read it: bools on/off, numbers normalised. */
static char *
qemu_value(const ArmcpuRegistry *reg, const char *name, const char *value)
{
    const ArmcpuProp *p = armcpu_registry_lookup(reg, name);
    char *norm = p ? armcpu_value_normalize(armcpu_prop_kind(p), value, NULL) : NULL;

    return norm ? norm : g_strdup(value);
}

static void
append_feature(GString *out, const ArmcpuRegistry *reg, const ArmcpuGuestFeature *f)
{
    const char *v = armcpu_feature_effective_value(f);
    g_autofree char *qv = NULL;

    if (!v)
        return; /* optional without a value: nothing to ask for */
    qv = qemu_value(reg, f->name, v);
    g_string_append_printf(out, ",%s=%s", f->name, qv);
}

char *
armcpu_guest_cpu_cmdline(const ArmcpuGuestCpu *cpu, const ArmcpuRegistry *reg,
                         const ArmcpuAccelCaps *host, ArmcpuReport *report)
{
    g_autoptr(GString) out = NULL;

    if (!armcpu_guest_cpu_validate(cpu, reg, host, report) || armcpu_report_has_errors(report))
        return NULL;
    out = g_string_new(base_model(cpu));
    for (guint i = 0; i < cpu->features->len; i++) {
        const ArmcpuGuestFeature *f = g_ptr_array_index(cpu->features, i);
        if (f->invalid) {
            /* parsed with another report: never let it near a command line */
            armcpu_report_add(report, ARMCPU_SEVERITY_ERROR, ARMCPU_PROBLEM_NAME, f->line, NULL,
                              NULL, NULL, NULL,
                              "a feature's name or value is outside [A-Za-z0-9_.-]{1,64}");
            return NULL;
        }
        append_feature(out, reg, f);
    }
    return g_string_free(g_steal_pointer(&out), FALSE);
}
