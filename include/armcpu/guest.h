/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * armcpu/guest.h: a guest CPU definition in libvirt-style XML, with values.
 *
 *   <cpu mode='host-passthrough'>
 *     <feature policy='require' name='feat_RAS' value='1.1_base'/>
 *     <feature policy='disable' name='sve'/>
 *   </cpu>
 *
 * The document may be a <cpu> root or a whole libvirt <domain> (its
 * /domain/cpu is used, @type kvm/qemu picks the accelerator, os/type/@arch
 * must be aarch64 when given). Parsing collects every problem it finds in a
 * readable document into a report; only input that cannot be read as a guest
 * document at all is a GError.
 */
#pragma once

#include <armcpu/common.h>
#include <armcpu/report.h>

G_BEGIN_DECLS

typedef struct _ArmcpuGuestCpu ArmcpuGuestCpu;

#define ARMCPU_GUEST_ERROR (armcpu_guest_error_quark())
ARMCPU_API GQuark armcpu_guest_error_quark(void);

typedef enum {
    ARMCPU_GUEST_ERROR_READ, /* the file cannot be read, or is over the size limit */
    ARMCPU_GUEST_ERROR_XML,  /* not well-formed XML, a DOCTYPE, or nesting too deep */
    ARMCPU_GUEST_ERROR_ROOT, /* the root element is neither <cpu> nor <domain> */
    ARMCPU_GUEST_ERROR_LAST
} ArmcpuGuestError;

/* Largest guest document accepted, in bytes. */
#define ARMCPU_GUEST_MAX_SIZE (4 * 1024 * 1024)
/* Most <feature> elements in one CPU. */
#define ARMCPU_GUEST_MAX_FEATURES 1024

typedef enum {
    ARMCPU_CPU_MODE_HOST_PASSTHROUGH, /* -cpu host */
    ARMCPU_CPU_MODE_MAXIMUM,          /* -cpu max */
    ARMCPU_CPU_MODE_CUSTOM,           /* -cpu <model> */
    ARMCPU_CPU_MODE_LAST
} ArmcpuCpuMode;

ARMCPU_API const char *armcpu_cpu_mode_to_string(ArmcpuCpuMode mode);

typedef enum {
    ARMCPU_CPU_CHECK_DEFAULT, /* not given */
    ARMCPU_CPU_CHECK_NONE,
    ARMCPU_CPU_CHECK_PARTIAL,
    ARMCPU_CPU_CHECK_FULL,
    ARMCPU_CPU_CHECK_LAST
} ArmcpuCpuCheck;

typedef enum {
    ARMCPU_FEATURE_REQUIRE, /* the default */
    ARMCPU_FEATURE_FORCE,
    ARMCPU_FEATURE_OPTIONAL,
    ARMCPU_FEATURE_DISABLE,
    ARMCPU_FEATURE_FORBID,
    ARMCPU_FEATURE_LAST
} ArmcpuFeaturePolicy;

ARMCPU_API const char *armcpu_feature_policy_to_string(ArmcpuFeaturePolicy policy);

/* One <feature>. */
typedef struct {
    ArmcpuFeaturePolicy policy;
    char *name;
    char *value;      /* NULL when the element has no value attribute */
    int line;         /* source line, 0 when built in memory */
    gboolean invalid; /* its name or value failed the token grammar (reported) */
} ArmcpuGuestFeature;

/*
 * Parse the guest document at @path (or the @len bytes at @data, named
 * @filename in messages). Problems found in a readable document go to
 * @report (which must be non-NULL), each with its line; the returned object
 * is usable for reporting even then. Returns NULL with an ARMCPU_GUEST_ERROR
 * when the input cannot be read as a guest document (unreadable file, over
 * ARMCPU_GUEST_MAX_SIZE, not well-formed, wrong root). Owned by the caller.
 */
ARMCPU_API ArmcpuGuestCpu *armcpu_guest_cpu_parse_file(const char *path, ArmcpuReport *report,
                                                       GError **error);
ARMCPU_API ArmcpuGuestCpu *armcpu_guest_cpu_parse_string(const char *data, gsize len,
                                                         const char *filename, ArmcpuReport *report,
                                                         GError **error);

/*
 * The CPU as a <cpu> document, policies spelled out. For a document without
 * problems, parse(format(x)) formats identically. Owned by the caller.
 */
ARMCPU_API char *armcpu_guest_cpu_format(const ArmcpuGuestCpu *cpu);

/* An empty CPU of @mode, for building one in memory (baseline). */
ARMCPU_API ArmcpuGuestCpu *armcpu_guest_cpu_new(ArmcpuCpuMode mode);
ARMCPU_API void armcpu_guest_cpu_free(ArmcpuGuestCpu *cpu);

ARMCPU_API ArmcpuCpuMode armcpu_guest_cpu_mode(const ArmcpuGuestCpu *cpu);
ARMCPU_API ArmcpuCpuCheck armcpu_guest_cpu_check(const ArmcpuGuestCpu *cpu);
/* The <model>, or NULL. */
ARMCPU_API const char *armcpu_guest_cpu_model(const ArmcpuGuestCpu *cpu);
ARMCPU_API void armcpu_guest_cpu_set_model(ArmcpuGuestCpu *cpu, const char *model);
/* The accelerator a <domain type=...> asked for, or ARMCPU_ACCEL_LAST. */
ARMCPU_API ArmcpuAccel armcpu_guest_cpu_accel(const ArmcpuGuestCpu *cpu);

ARMCPU_API guint armcpu_guest_cpu_n_features(const ArmcpuGuestCpu *cpu);
ARMCPU_API const ArmcpuGuestFeature *armcpu_guest_cpu_feature(const ArmcpuGuestCpu *cpu, guint i);
/* The feature named exactly @name, or NULL. */
ARMCPU_API const ArmcpuGuestFeature *armcpu_guest_cpu_find(const ArmcpuGuestCpu *cpu,
                                                           const char *name);
/* Append a feature (@value may be NULL); a second feature of one name is
 * reported as a duplicate by validation. */
ARMCPU_API void armcpu_guest_cpu_add_feature(ArmcpuGuestCpu *cpu, ArmcpuFeaturePolicy policy,
                                             const char *name, const char *value);
/*
 * Set the feature named exactly @name to @policy and @value (may be NULL):
 * the first feature of that name is changed in place (it keeps its position
 * in document order, and its line becomes 0), or a new one is appended.
 * Names and values outside the token grammar are accepted here and reported
 * by validation, like a parsed document's; they never reach a command line.
 */
ARMCPU_API void armcpu_guest_cpu_set_feature(ArmcpuGuestCpu *cpu, ArmcpuFeaturePolicy policy,
                                             const char *name, const char *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ArmcpuGuestCpu, armcpu_guest_cpu_free)

G_END_DECLS
