/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * armcpu/domcaps.h: libvirt-shaped domain capabilities, with supported values.
 */
#pragma once

#include <armcpu/hostcaps.h>
#include <armcpu/registry.h>

G_BEGIN_DECLS

/*
 * The <domainCapabilities> document (data/schemas/domcaps.rng) of @caps for
 * accelerator section @acc: libvirt's shape, whose host-passthrough and
 * maximum modes list every property with its type and supported values
 * (ranges kept as ranges), and whose custom mode lists QEMU's models and the
 * registry's named models with usable='yes|no' and their blockers.
 * Owned by the caller.
 */
ARMCPU_API char *armcpu_domcaps_format(const ArmcpuHostCaps *caps, const ArmcpuAccelCaps *acc,
                                       const ArmcpuRegistry *reg);

/* The same as JSON (data/schemas/json/domcapabilities.schema.json). */
ARMCPU_API char *armcpu_domcaps_to_json(const ArmcpuHostCaps *caps, const ArmcpuAccelCaps *acc,
                                        const ArmcpuRegistry *reg);

G_END_DECLS
