/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * propsinfo.h: turning QMP replies into an accelerator section of the host
 * capabilities (pure functions: no process, no I/O).
 *
 * The probe runs the commands and hands the replies (json-c objects, the
 * "return" member of each reply) to these functions. Every reply is treated
 * as hostile: wrong JSON types, missing members, lists longer than the
 * ARMCPU_HOST_CAPS_MAX_* limits and names or values outside the token grammar
 * are refused with an ARMCPU_HOST_CAPS_ERROR (SHAPE, VALUE, LIMIT or
 * DUPLICATE) whose message names the command and the entry. On failure the
 * section may be partly filled: discard it.
 */
#pragma once

#include "qemu/hostcaps-priv.h"

#include <json-c/json.h>

G_BEGIN_DECLS

/* The QMP commands a host capabilities section records, in document order. */
extern const char *const armcpu_host_caps_commands[];
#define ARMCPU_HOST_CAPS_N_COMMANDS 4

/* Most <command> entries one accelerator section may list. */
#define ARMCPU_HOST_CAPS_MAX_COMMANDS 64

/*
 * Record whether QEMU has @command (a token). A command already recorded
 * gets the new answer; new ones are appended. Fails with _VALUE for a name
 * outside the token grammar and _LIMIT beyond ARMCPU_HOST_CAPS_MAX_COMMANDS.
 */
gboolean armcpu_accel_caps_set_command(ArmcpuAccelCaps *acc, const char *command, gboolean present,
                                       GError **error);

/*
 * Record, for each of armcpu_host_caps_commands, whether it is in the reply
 * of query-commands (@commands: a JSON array of {"name": str}). Other
 * commands are ignored. NULL @commands records every command as absent.
 */
gboolean armcpu_accel_caps_fill_commands(ArmcpuAccelCaps *acc, json_object *commands,
                                         GError **error);

/*
 * Build @acc's properties from:
 *  - @expansion_model: the model that was expanded ("host", "max"); nullable
 *    when there is no expansion (@expansion_props NULL);
 *  - @expansion_props (nullable): the "props" object of its
 *    query-cpu-model-expansion reply (model.props), name -> bool/int/string;
 *  - @props_info (nullable): the reply of the props-info command
 *    @props_info_command (nullable), in either of its shapes: strings only
 *    ({name, type, supported-values: [str]}, numbers as "a-b"/"0x.."), or
 *    typed (bool lists of JSON booleans or absent = both; number entries
 *    with min/max or a list of integers / {min, max}). The shape is read from
 *    the reply itself, whatever the command's name.
 *
 * Every expansion property is recorded in acc->expansion (type bool, number
 * or string; value on/off, decimal, or the string). Each props-info entry
 * becomes a property with source PROPS_INFO (and the expansion's value as
 * host value when there is one). Expansion properties props-info does not
 * list get a DERIVED supported set: the registry's policy applied to the host
 * value (armcpu_prop_derive_supported), or just the host value when @reg
 * (nullable) does not know the property. Registry properties with a
 * derivation rule ("sve-max-vq": 1..largest enabled SVE length / 128, when
 * sve is on) are added when the host's values allow it. The section's dialect
 * becomes sysreg when any SYSREG_* property is present, else named when any
 * property is in the registry's named dialect, else qemu.
 *
 * A property whose QMP type contradicts the registry's kind (say "number"
 * for an enumerated property) keeps QEMU's type and loses its registry link.
 * @acc must have no properties yet.
 */
gboolean armcpu_accel_caps_fill_props(ArmcpuAccelCaps *acc, const ArmcpuRegistry *reg,
                                      const char *expansion_model, json_object *expansion_props,
                                      const char *props_info_command, json_object *props_info,
                                      GError **error);

/*
 * Append the models of a query-cpu-definitions reply (a JSON array of
 * {name, typename?, deprecated?, unavailable-features?}), in QEMU's order.
 * usable is yes when unavailable-features is present and empty, no (with
 * the features as blockers) when it lists some, unknown when absent.
 */
gboolean armcpu_accel_caps_fill_models(ArmcpuAccelCaps *acc, json_object *cpu_definitions,
                                       GError **error);

G_END_DECLS
