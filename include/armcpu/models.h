/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * armcpu/models.h: which named CPU models a host can run, and why not.
 */
#pragma once

#include <armcpu/hostcaps.h>
#include <armcpu/registry.h>

G_BEGIN_DECLS

/* One named model rated on one host. */
typedef struct {
    const char *name;
    ArmcpuUsable usable; /* armcpu's verdict: every value in the host's sets */
    GStrv blockers;      /* properties whose value the host cannot give */
    gboolean in_qemu;    /* the host's QEMU lists the model (or lists no models) */
    ArmcpuUsable qemu;   /* QEMU's verdict when it reports the model, else UNKNOWN */
    GStrv qemu_blockers; /* QEMU's unavailable-features */
    gboolean disagree;   /* both verdicts known and different */
} ArmcpuModelRating;

ARMCPU_API void armcpu_model_rating_free(ArmcpuModelRating *r);

/*
 * Rate every named model of @reg on @host. Returns an array of
 * ArmcpuModelRating* in registry order, owned by the caller.
 */
ARMCPU_API GPtrArray *armcpu_models_rate(const ArmcpuRegistry *reg, const ArmcpuAccelCaps *host);

/*
 * The properties of named model @model whose values @host cannot give
 * (empty when it can run it). Named models need KVM: on a TCG section the
 * single blocker is "kvm"; when the host's QEMU lists its CPU models and this
 * one is not among them, the single blocker is "qemu-model". NULL-terminated,
 * owned by the caller.
 */
ARMCPU_API GStrv armcpu_model_blockers(const ArmcpuRegistry *reg, const ArmcpuAccelCaps *host,
                                       const char *model);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ArmcpuModelRating, armcpu_model_rating_free)

G_END_DECLS
