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

/*
 * Compute, for every property the hosts share, the best value all of them
 * support under the registry's order (LOWER: the largest common value, HIGHER:
 * the smallest, fractional: field by field, EXACT: the common or the safe
 * value), and return a guest CPU (host-passthrough) that pins every property
 * whose chosen value differs from some host's own value. With @want_model,
 * return custom mode with the best named model every host can run plus the
 * features it still needs.
 *
 * @report gets a notice for each lowered property naming the hosts that
 * limited it, and an error for each property with no common value or with
 * disagreeing hosts and no order to choose by (those are left out). Hosts
 * are named by armcpu_accel_caps_label(). Linear in hosts x properties.
 * Returns the CPU (owned by the caller), or NULL when @n_hosts is 0 or too big.
 */
ARMCPU_API ArmcpuGuestCpu *armcpu_baseline(const ArmcpuAccelCaps *const *hosts, guint n_hosts,
                                           const ArmcpuRegistry *reg, gboolean want_model,
                                           ArmcpuReport *report);

G_END_DECLS
