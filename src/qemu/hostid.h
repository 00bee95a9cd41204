/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * hostid.h: the facts a cached probe depends on (emulator binary, kernel,
 * /dev/kvm, host CPU).
 */
#pragma once

#include "hostcaps-priv.h"

G_BEGIN_DECLS

/* Fill @caps's emulator identity from the binary at absolute @path. */
gboolean armcpu_hostid_emulator(ArmcpuHostCaps *caps, const char *path, GError **error);

/* Fill @caps's host identity: arch, kernel release, /dev/kvm, MIDR/REVIDR. */
void armcpu_hostid_host(ArmcpuHostCaps *caps);

/* TRUE when /dev/kvm can be opened read-write ($ARMCPU_DEV_KVM overrides the path). */
gboolean armcpu_hostid_kvm_usable(void);

/*
 * Why @cached no longer describes this host and emulator (a sentence), or
 * NULL when it does. @now holds the current identity (from the two fillers).
 */
char *armcpu_hostid_stale_reason(const ArmcpuHostCaps *cached, const ArmcpuHostCaps *now);

G_END_DECLS
