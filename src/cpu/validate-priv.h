/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <armcpu/validate.h>

G_BEGIN_DECLS

typedef struct {
    const ArmcpuRegistry *reg;
    const ArmcpuAccelCaps *host; /* nullable */
    ArmcpuReport *report;
    GHashTable *fields;     /* field (ArmcpuProp*) -> first ArmcpuGuestFeature* */
    gboolean cross_dialect; /* the guest names a SYSREG field: check fields */
} ValidateCtx;

/* The value a feature stands for: its value, "on", "off", or NULL (optional). */
const char *armcpu_feature_effective_value(const ArmcpuGuestFeature *f);

/*
 * The define-time checks; @host only excuses names the registry lacks.
 * @props holds each feature's registry entry (NULL: unknown, or invalid).
 */
gboolean armcpu_validate_define(const ArmcpuGuestCpu *cpu, const ArmcpuRegistry *reg,
                                const ArmcpuAccelCaps *host, ArmcpuReport *report,
                                const ArmcpuProp *const *props);

G_END_DECLS
