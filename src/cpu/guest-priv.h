/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <armcpu/guest.h>
#include <armcpu/report.h>

G_BEGIN_DECLS

struct _ArmcpuGuestCpu {
    ArmcpuCpuMode mode;
    ArmcpuCpuCheck check;
    char *match; /* libvirt's match attribute, kept for round trip */
    char *model;
    int model_line;
    char *model_fallback;   /* kept for round trip */
    ArmcpuAccel accel;      /* from <domain type>, or ARMCPU_ACCEL_LAST */
    GPtrArray *features;    /* ArmcpuGuestFeature* */
    GHashTable *by_name;    /* name -> ArmcpuGuestFeature* (first occurrence) */
    GPtrArray *passthrough; /* libvirt children without CPU meaning (<topology/>...), as XML */
    int line;               /* line of <cpu> */
    gboolean mode_reported; /* a mode problem was already reported: no model check */
};

/*
 * Report each of @name and @value (may be NULL) that is outside the token
 * grammar, as errors at @line quoting the offending text. TRUE when both pass.
 */
gboolean armcpu_guest_feature_check_tokens(ArmcpuReport *report, int line, const char *name,
                                           const char *value);

const char *armcpu_cpu_check_to_string(ArmcpuCpuCheck check);
int armcpu_cpu_mode_from_string(const char *s);
int armcpu_cpu_check_from_string(const char *s);
int armcpu_feature_policy_from_string(const char *s);

G_END_DECLS
