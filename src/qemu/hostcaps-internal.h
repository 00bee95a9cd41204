/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * hostcaps-internal.h: helpers shared by the host capabilities sources
 * (hostcaps.c, hostcaps-parse.c, hostcaps-format.c, propsinfo.c) only.
 */
#pragma once

#include "qemu/hostcaps-priv.h"

G_BEGIN_DECLS

/* Longest free-text attribute (emulator path; package, kernel, host name). */
#define ARMCPU_HOST_CAPS_MAX_PATH 4096
#define ARMCPU_HOST_CAPS_MAX_TEXT 256

ArmcpuHostModel *armcpu_host_model_new(const char *name);
void armcpu_host_model_free(ArmcpuHostModel *m);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ArmcpuHostModel, armcpu_host_model_free)

ArmcpuExpansionProp *armcpu_expansion_prop_new(const char *name, const char *type,
                                               const char *value);
void armcpu_expansion_prop_free(ArmcpuExpansionProp *ep);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ArmcpuExpansionProp, armcpu_expansion_prop_free)

/* Append @m (taking it); FALSE (and @m freed) when a model of that name exists. */
gboolean armcpu_accel_caps_add_model(ArmcpuAccelCaps *acc, ArmcpuHostModel *m);

/* Insert @ep (taking it) keeping acc->expansion sorted; FALSE (and freed) on a duplicate. */
gboolean armcpu_accel_caps_add_expansion(ArmcpuAccelCaps *acc, ArmcpuExpansionProp *ep);

/* The expansion property called @name, or NULL. */
const ArmcpuExpansionProp *armcpu_accel_caps_find_expansion(const ArmcpuAccelCaps *acc,
                                                            const char *name);

/* Keep a reference to @reg (nullable) for as long as @acc lives. */
void armcpu_accel_caps_hold_registry(ArmcpuAccelCaps *acc, const ArmcpuRegistry *reg);

/*
 * The registry entry that gives a property called @name, typed @type by
 * QMP, its meaning: the registry's property of that name when its kind fits
 * the QMP type ("bool" - bool; "number" - number; "string" - enum,
 * fractional, string; other types fit every kind), else NULL.
 */
const ArmcpuProp *armcpu_host_caps_registry_prop(const ArmcpuRegistry *reg, const char *name,
                                                 const char *type);

/* TRUE when @s is 1..@max bytes of valid UTF-8 without control characters. */
gboolean armcpu_host_caps_text_ok(const char *s, gsize max);

/* TRUE when @s is an unsigned decimal number (digits only) that fits 64 bits. */
gboolean armcpu_host_caps_parse_u64(const char *s, guint64 *out);

/* TRUE when @s is "MAJOR.MINOR.MICRO" in decimal. */
gboolean armcpu_host_caps_version_ok(const char *s);

/* A timestamp in nanoseconds as "SECONDS.NNNNNNNNN" (9 fraction digits), and back. */
char *armcpu_host_caps_format_time(gint64 ns);
gboolean armcpu_host_caps_parse_time(const char *s, gint64 *out);

/* A number set item "A-B" split into its two spellings (owned by the caller). */
void armcpu_host_caps_split_range(const char *text, char **min, char **max);

G_END_DECLS
