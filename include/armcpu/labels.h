/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * armcpu/labels.h: a host's CPU properties as Kubernetes-style node labels.
 *
 * A KubeVirt-like scheduler places a guest on a node whose labels promise
 * every value the guest asks for. The labels describe one accelerator section
 * of a host capabilities document; each line is "<prefix>/<name>=<value>":
 *
 *   cpu.armcpu.io/accel=kvm                    the section (no '.' in the name)
 *   cpu.armcpu.io/dialect=named
 *   cpu.armcpu.io/qemu-version=7.2.22
 *   cpu.armcpu.io/armcpu-version=0.1.0
 *   cpu.armcpu.io/feat_AES.pmull=true          one per supported value (bool,
 *   cpu.armcpu.io/sve.off=true                 enum, fractional, string kinds)
 *   cpu.armcpu.io/hw_prop_WRPs.min=0           numbers whose supported set is
 *   cpu.armcpu.io/hw_prop_WRPs.max=3           one interval: its bounds
 *   cpu.armcpu.io/SYSREG_..._X.4=true          numbers with holes: one per value
 *
 * A guest value P=V runs on the node when the node has "P.V=true" (V in its
 * normal form: on/off for bools, decimal for numbers), or, for a number,
 * when P.min <= V <= P.max (node affinity "Gt"/"Lt" on integer values).
 * Where the registry can translate, the same values are also labelled in the
 * other naming dialect (feat_AES <-> SYSREG_ID_AA64ISAR0_EL1_AES), so a guest
 * written in either dialect selects a fleet whose QEMUs speak either. Under
 * KVM, a property KVM cannot change (registry kvm='no', set derived) is
 * labelled with the host's own value only, as start-time validation decides.
 *
 * Kubernetes syntax: a name is at most 63 characters, [A-Za-z0-9] at both
 * ends and [-A-Za-z0-9_.] inside; values likewise (or empty). A name that
 * does not fit is mapped by armcpu_label_name(); a property whose supported
 * set cannot be labelled (a number set with holes and over
 * ARMCPU_LABELS_MAX_VALUES members) is skipped; both leave a "# " comment
 * line in the output, so nothing is dropped silently.
 */
#pragma once

#include <armcpu/common.h>
#include <armcpu/hostcaps.h>

G_BEGIN_DECLS

/* The prefix used when none is given. */
#define ARMCPU_LABELS_DEFAULT_PREFIX "cpu.armcpu.io"
/* Longest label name part and label value Kubernetes accepts. */
#define ARMCPU_LABELS_NAME_MAX 63
/* Longest prefix (a DNS subdomain). */
#define ARMCPU_LABELS_PREFIX_MAX 253
/* Most per-value labels for a number set with holes. */
#define ARMCPU_LABELS_MAX_VALUES 64

#define ARMCPU_LABELS_ERROR (armcpu_labels_error_quark())
ARMCPU_API GQuark armcpu_labels_error_quark(void);

typedef enum {
    ARMCPU_LABELS_ERROR_PREFIX, /* the prefix is not a DNS subdomain of at most 253 chars */
    ARMCPU_LABELS_ERROR_ACCEL,  /* the document has no accelerator section to label */
    ARMCPU_LABELS_ERROR_LAST
} ArmcpuLabelsError;

/*
 * The labels of accelerator section @acc of @caps (@acc may be NULL: kvm when
 * present, else tcg), under @prefix (NULL: ARMCPU_LABELS_DEFAULT_PREFIX), as
 * text: one "prefix/name=value" line per label, then "# " comment lines for
 * names that were mapped and properties that were skipped. The order is the
 * document's and the output is deterministic. Returns a new string (g_free),
 * or NULL with ARMCPU_LABELS_ERROR_PREFIX for a @prefix that is not a
 * lowercase DNS subdomain ([a-z0-9] at both ends of each dot-separated part,
 * [-a-z0-9] inside, at most 253 characters), or ARMCPU_LABELS_ERROR_ACCEL
 * when @acc is NULL and @caps has no section.
 */
ARMCPU_API char *armcpu_host_caps_to_labels(const ArmcpuHostCaps *caps, const ArmcpuAccelCaps *acc,
                                            const char *prefix, GError **error);

/*
 * Check @prefix as armcpu_host_caps_to_labels() does, so a caller can refuse
 * a bad prefix before probing. TRUE when it is a valid prefix; FALSE with
 * ARMCPU_LABELS_ERROR_PREFIX (the message quotes it) otherwise.
 */
ARMCPU_API gboolean armcpu_label_prefix_check(const char *prefix, GError **error);

/*
 * The label name part for @property with @suffix ("feat_AES", "pmull" ->
 * "feat_AES.pmull"; @suffix NULL: the property alone). When that is not a
 * valid Kubernetes name (over 63 characters, or not [A-Za-z0-9] at both
 * ends), the name is mapped deterministically: leading characters other
 * than [A-Za-z0-9] dropped, cut to 52 characters, trailing characters other
 * than [A-Za-z0-9] dropped, then "-" and the first 10 hex digits of the
 * SHA-256 of the unmapped name. A scheduler computes a guest's selector with
 * this function. @property and @suffix must pass armcpu_token_check().
 * Returns a new string (g_free).
 */
ARMCPU_API char *armcpu_label_name(const char *property, const char *suffix);

G_END_DECLS
