/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * plan.h: what a guest CPU asks QEMU for, once checked against a host.
 *
 * The plan is the list of name=value options the -cpu argument carries, in
 * document order and in the dialect the host's QEMU speaks. validate, cmdline,
 * compare, verify and the libvirt bridge all read it, so a guest is checked and
 * translated in exactly one place.
 */
#pragma once

#include <armcpu/guest.h>
#include <armcpu/hostcaps.h>
#include <armcpu/registry.h>
#include <armcpu/report.h>

G_BEGIN_DECLS

/*
 * One option of the plan. Names and values point into the guest, the
 * registry or the host document (or @owned), so a plan must not outlive them.
 */
typedef struct {
    const char *name;                  /* as the host's QEMU spells it */
    const char *value;                 /* normal form for its kind */
    char *owned;                       /* the value, when it had to be made */
    const ArmcpuGuestFeature *feature; /* the feature it comes from */
    gboolean checked;                  /* the host confirmed the value */
} ArmcpuEmit;

/*
 * Check @cpu (define time, and start time when @host is not NULL) and build
 * its plan. Problems go to @report. Returns the options (an array of
 * ArmcpuEmit, owned by the caller) even when errors were reported; the caller
 * decides.
 */
GArray *armcpu_plan_build(const ArmcpuGuestCpu *cpu, const ArmcpuRegistry *reg,
                          const ArmcpuAccelCaps *host, ArmcpuReport *report);

/* The -cpu argument of @cpu with the options @emits: "MODEL,name=value,...". */
char *armcpu_plan_format(const ArmcpuGuestCpu *cpu, const GArray *emits);

/* The -cpu model word of @cpu: host, max, or the custom model. */
const char *armcpu_plan_base_model(const ArmcpuGuestCpu *cpu);

G_END_DECLS
