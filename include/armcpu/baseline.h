/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * armcpu/baseline.h: a guest CPU every host of a fleet can run.
 */
#pragma once

#include <armcpu/guest.h>
#include <armcpu/hostcaps.h>
#include <armcpu/registry.h>
#include <armcpu/report.h>

G_BEGIN_DECLS

/* Most host documents one baseline takes. */
#define ARMCPU_BASELINE_MAX_HOSTS 100000

/* A baseline being computed, one host at a time. */
typedef struct _ArmcpuBaseline ArmcpuBaseline;

/*
 * Start a baseline over hosts described with @reg's vocabulary (a reference
 * is taken). Free with armcpu_baseline_free().
 */
ARMCPU_API ArmcpuBaseline *armcpu_baseline_new(const ArmcpuRegistry *reg);
ARMCPU_API void armcpu_baseline_free(ArmcpuBaseline *b);

/*
 * Fold one host accelerator section into @b. Only a small summary is kept, so
 * @host may be freed at once: memory grows with properties x distinct values,
 * plus four bytes per host and property. Safe to call from several threads at
 * once (the fold is serialised; the caller parses in parallel). Hosts are
 * named by armcpu_accel_caps_label() in the explanations, which list them in
 * label order, so the result does not depend on the order of the calls.
 * Returns FALSE (and ignores @host) beyond ARMCPU_BASELINE_MAX_HOSTS.
 */
ARMCPU_API gboolean armcpu_baseline_add_host(ArmcpuBaseline *b, const ArmcpuAccelCaps *host);

/*
 * Compute, for every property the hosts share, the best value all of them
 * support under the registry's order (LOWER: the largest common value, HIGHER:
 * the smallest, fractional: field by field, EXACT: the common or the safe
 * value), and return a guest CPU that pins every property whose chosen value
 * differs from some host's own value: host-passthrough when every host section
 * is KVM, else maximum. With @want_model, return custom mode with the best
 * named model every host can run plus the features it still needs.
 *
 * @report gets a notice for each lowered property naming the hosts that
 * limited it, a warning for each property some host cannot set, and an error
 * for each property with no common value or with disagreeing hosts and no
 * order to choose by (those are left out). Linear in hosts x properties.
 * Returns the CPU (owned by the caller), or NULL when no host was added.
 */
ARMCPU_API ArmcpuGuestCpu *armcpu_baseline_finish(ArmcpuBaseline *b, gboolean want_model,
                                                  ArmcpuReport *report);

/* armcpu_baseline_new/add_host/finish over an array of @n_hosts hosts. */
ARMCPU_API ArmcpuGuestCpu *armcpu_baseline(const ArmcpuAccelCaps *const *hosts, guint n_hosts,
                                           const ArmcpuRegistry *reg, gboolean want_model,
                                           ArmcpuReport *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ArmcpuBaseline, armcpu_baseline_free)

G_END_DECLS
