/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * validate-host.c: start-time checks of a guest CPU against a host.
 */
#include "validate-priv.h"

gboolean
armcpu_validate_host(const ArmcpuGuestCpu *cpu, const ArmcpuRegistry *reg,
                     const ArmcpuAccelCaps *host, ArmcpuReport *report)
{
    (void)cpu;
    (void)reg;
    (void)host;
    (void)report;
    return TRUE;
}
