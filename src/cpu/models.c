/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * models.c: rating the registry's named models on a host.
 */
#include <armcpu/models.h>

#include "guest-priv.h"
#include "plan.h"
#include "qemu/hostcaps-priv.h"

#include <string.h>

void
armcpu_model_rating_free(ArmcpuModelRating *r)
{
    if (!r)
        return;
    g_strfreev(r->blockers);
    g_strfreev(r->qemu_blockers);
    g_free(r);
}

static const ArmcpuHostModel *
qemu_model(const ArmcpuAccelCaps *host, const char *name)
{
    for (guint i = 0; i < host->models->len; i++) {
        const ArmcpuHostModel *hm = g_ptr_array_index(host->models, i);
        if (strcmp(hm->name, name) == 0)
            return hm;
    }
    return NULL;
}

GStrv
armcpu_model_blockers(const ArmcpuRegistry *reg, const ArmcpuAccelCaps *host, const char *model)
{
    const ArmcpuModel *m = armcpu_registry_find_model(reg, model);
    g_autoptr(GStrvBuilder) b = g_strv_builder_new();
    g_autoptr(ArmcpuGuestCpu) probe = NULL;
    g_autoptr(ArmcpuReport) scratch = NULL;
    g_autoptr(GArray) emits = NULL;
    const GPtrArray *settings;

    if (!m)
        return g_strv_builder_end(b);
    if (host->accel != ARMCPU_ACCEL_KVM) {
        g_strv_builder_add(b, "kvm");
        return g_strv_builder_end(b);
    }
    if (host->models->len > 0 && !qemu_model(host, model)) {
        g_strv_builder_add(b, "qemu-model");
        return g_strv_builder_end(b);
    }
    /* the model's values, asked for as a guest would, reveal what the host lacks */
    settings = armcpu_model_settings(m);
    probe = armcpu_guest_cpu_new(ARMCPU_CPU_MODE_HOST_PASSTHROUGH);
    for (guint i = 0; i < settings->len; i++) {
        const ArmcpuModelSetting *s = g_ptr_array_index(settings, i);
        armcpu_guest_cpu_add_feature(probe, ARMCPU_FEATURE_REQUIRE, s->name, s->value);
    }
    scratch = armcpu_report_new(NULL);
    emits = armcpu_plan_build(probe, reg, host, scratch);
    for (guint i = 0; i < armcpu_report_n_problems(scratch); i++) {
        const ArmcpuProblem *pr = armcpu_report_problem(scratch, i);
        if (pr->severity == ARMCPU_SEVERITY_ERROR && pr->property)
            g_strv_builder_add(b, pr->property);
    }
    return g_strv_builder_end(b);
}

GPtrArray *
armcpu_models_rate(const ArmcpuRegistry *reg, const ArmcpuAccelCaps *host)
{
    GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)armcpu_model_rating_free);

    for (guint i = 0; i < armcpu_registry_n_models(reg); i++) {
        const ArmcpuModel *m = armcpu_registry_model(reg, i);
        const ArmcpuHostModel *hm = qemu_model(host, armcpu_model_name(m));
        ArmcpuModelRating *r = g_new0(ArmcpuModelRating, 1);
        r->name = armcpu_model_name(m);
        r->blockers = armcpu_model_blockers(reg, host, r->name);
        r->usable = r->blockers[0] ? ARMCPU_USABLE_NO : ARMCPU_USABLE_YES;
        r->in_qemu = hm != NULL || host->models->len == 0;
        r->qemu = hm ? hm->usable : ARMCPU_USABLE_UNKNOWN;
        r->qemu_blockers = g_strdupv(hm ? hm->blockers : (GStrv)(const char *[]){NULL});
        r->disagree = r->qemu != ARMCPU_USABLE_UNKNOWN && r->qemu != r->usable;
        g_ptr_array_add(out, r);
    }
    return out;
}
