/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * armcpu/validate.h: checking a guest CPU, with or without a host.
 *
 * Define time (no host): the shape, the names and values, duplicates, the
 * policy x value rule, each value well-formed for its property's type and in
 * the registry's table, custom mode has a model. Start time (a host's
 * capabilities for one accelerator) adds: every value in the host's
 * supported set, optional features resolved, forced ones warned about, the
 * custom model usable. Every problem is reported, not the first.
 */
#pragma once

#include <armcpu/guest.h>
#include <armcpu/hostcaps.h>
#include <armcpu/registry.h>
#include <armcpu/report.h>

G_BEGIN_DECLS

/*
 * Check @cpu against @reg and, when @host is not NULL, against that
 * accelerator's capabilities. Problems (errors, warnings, notices) are added
 * to @report. Returns TRUE when no error was added.
 */
ARMCPU_API gboolean armcpu_guest_cpu_validate(const ArmcpuGuestCpu *cpu, const ArmcpuRegistry *reg,
                                              const ArmcpuAccelCaps *host, ArmcpuReport *report);

/*
 * Validate @cpu (as above), then build the value of QEMU's -cpu option:
 * host-passthrough -> "host", maximum -> "max", custom -> the model; then each
 * feature in document order as name=value, name=on (require/force without a
 * value) or name=off (disable/forbid). Without a host, optional features with a
 * value are emitted and flagged unchecked, without a value they are left out;
 * with a host they are applied when supported and dropped with a notice
 * otherwise, and names and values are written in the dialect the host's QEMU
 * speaks. Returns the string (owned by the caller), or NULL when @report got
 * an error.
 */
ARMCPU_API char *armcpu_guest_cpu_cmdline(const ArmcpuGuestCpu *cpu, const ArmcpuRegistry *reg,
                                          const ArmcpuAccelCaps *host, ArmcpuReport *report);

G_END_DECLS
