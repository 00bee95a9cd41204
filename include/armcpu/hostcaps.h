/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * armcpu/hostcaps.h: what one host's QEMU can give a guest CPU.
 *
 * The host capabilities document is what `armcpu probe` prints and what the
 * cache stores; it is portable, so one host's file can be checked on another
 * machine (`--host FILE`, `baseline`). It records the emulator and host
 * identity, and per accelerator (kvm, tcg): the QMP commands that matter, the
 * CPU models, the host-model expansion, and each CPU property's type and
 * supported values.
 */
#pragma once

#include <armcpu/common.h>
#include <armcpu/registry.h>
#include <armcpu/value.h>

G_BEGIN_DECLS

typedef struct _ArmcpuHostCaps ArmcpuHostCaps;
typedef struct _ArmcpuAccelCaps ArmcpuAccelCaps;
typedef struct _ArmcpuPropInfo ArmcpuPropInfo;
typedef struct _ArmcpuHostModel ArmcpuHostModel;

#define ARMCPU_HOST_CAPS_ERROR (armcpu_host_caps_error_quark())
ARMCPU_API GQuark armcpu_host_caps_error_quark(void);

typedef enum {
    ARMCPU_HOST_CAPS_ERROR_READ,      /* the file cannot be read (or is too big) */
    ARMCPU_HOST_CAPS_ERROR_XML,       /* not well-formed XML, or a DOCTYPE */
    ARMCPU_HOST_CAPS_ERROR_ROOT,      /* not a host capabilities document */
    ARMCPU_HOST_CAPS_ERROR_VERSION,   /* a document format version armcpu cannot read */
    ARMCPU_HOST_CAPS_ERROR_SHAPE,     /* a missing or malformed element or attribute */
    ARMCPU_HOST_CAPS_ERROR_VALUE,     /* a name or value outside the token grammar */
    ARMCPU_HOST_CAPS_ERROR_LIMIT,     /* more properties, values or models than allowed */
    ARMCPU_HOST_CAPS_ERROR_DUPLICATE, /* a property, model, command or accelerator twice */
    ARMCPU_HOST_CAPS_ERROR_NO_ACCEL,  /* the requested accelerator is not in the document */
    ARMCPU_HOST_CAPS_ERROR_LAST
} ArmcpuHostCapsError;

/* Where a property's supported set came from. */
typedef enum {
    ARMCPU_SUPPORT_PROPS_INFO, /* QEMU listed it (query-*-props-info) */
    ARMCPU_SUPPORT_DERIVED,    /* derived from the host value and the registry's policy */
    ARMCPU_SUPPORT_LAST
} ArmcpuSupportSource;

/* Whether QEMU (or armcpu) says a CPU model can run on this host. */
typedef enum {
    ARMCPU_USABLE_UNKNOWN,
    ARMCPU_USABLE_YES,
    ARMCPU_USABLE_NO,
    ARMCPU_USABLE_LAST
} ArmcpuUsable;

ARMCPU_API const char *armcpu_usable_to_string(ArmcpuUsable usable);

/* ----- parse and format ----- */

/* Largest host capabilities document accepted, in bytes. */
#define ARMCPU_HOST_CAPS_MAX_SIZE (8 * 1024 * 1024)
/* Most properties per accelerator, values per property, models per accelerator. */
#define ARMCPU_HOST_CAPS_MAX_PROPS  4096
#define ARMCPU_HOST_CAPS_MAX_VALUES 256
#define ARMCPU_HOST_CAPS_MAX_MODELS 1024

/*
 * Parse a host capabilities document, treating it as hostile (it may come from
 * another host). @reg (may be NULL) gives known properties their registry
 * meaning; properties it does not know keep their QMP type. Returns a new
 * object (armcpu_host_caps_free) or NULL with an ARMCPU_HOST_CAPS_ERROR that
 * names the file and line.
 */
ARMCPU_API ArmcpuHostCaps *armcpu_host_caps_parse_file(const char *path, const ArmcpuRegistry *reg,
                                                       GError **error);
ARMCPU_API ArmcpuHostCaps *armcpu_host_caps_parse_string(const char *data, gsize len,
                                                         const char *filename,
                                                         const ArmcpuRegistry *reg, GError **error);

/* The document as XML; parse(format(x)) formats identically. Owned by the caller. */
ARMCPU_API char *armcpu_host_caps_format(const ArmcpuHostCaps *caps);

/* The same content as JSON (data/schemas/json/hostcaps.schema.json). */
ARMCPU_API char *armcpu_host_caps_to_json(const ArmcpuHostCaps *caps);

ARMCPU_API void armcpu_host_caps_free(ArmcpuHostCaps *caps);

/* ----- identity ----- */

ARMCPU_API const char *armcpu_host_caps_armcpu_version(const ArmcpuHostCaps *caps);
ARMCPU_API const char *armcpu_host_caps_emulator_path(const ArmcpuHostCaps *caps);
ARMCPU_API const char *armcpu_host_caps_qemu_version(const ArmcpuHostCaps *caps);
ARMCPU_API const char *armcpu_host_caps_host_arch(const ArmcpuHostCaps *caps);
ARMCPU_API const char *armcpu_host_caps_kernel_release(const ArmcpuHostCaps *caps);
/* A short name for messages: the file it was read from, else its host name. */
ARMCPU_API const char *armcpu_host_caps_label(const ArmcpuHostCaps *caps);

/* ----- per accelerator ----- */

/* The section for @accel, or NULL when the document has none. */
ARMCPU_API const ArmcpuAccelCaps *armcpu_host_caps_accel(const ArmcpuHostCaps *caps,
                                                         ArmcpuAccel accel);

/*
 * The section a command uses: @wanted when it is not ARMCPU_ACCEL_LAST (and
 * then it must be present), else kvm when present, else tcg. NULL with
 * ARMCPU_HOST_CAPS_ERROR_NO_ACCEL when there is none.
 */
ARMCPU_API const ArmcpuAccelCaps *armcpu_host_caps_pick_accel(const ArmcpuHostCaps *caps,
                                                              ArmcpuAccel wanted, GError **error);

ARMCPU_API ArmcpuAccel armcpu_accel_caps_accel(const ArmcpuAccelCaps *acc);
/* The label of the host this section belongs to (armcpu_host_caps_label), or
 * NULL for a section not (yet) in a document. */
ARMCPU_API const char *armcpu_accel_caps_label(const ArmcpuAccelCaps *acc);
/* The vocabulary this QEMU speaks: named (feat_*), sysreg, or only qemu's own. */
ARMCPU_API ArmcpuDialect armcpu_accel_caps_dialect(const ArmcpuAccelCaps *acc);
/* The model whose expansion is recorded ("host" under kvm, "max" under tcg). */
ARMCPU_API const char *armcpu_accel_caps_expansion_model(const ArmcpuAccelCaps *acc);
/* Whether QEMU answered @command ("query-arm-cpu-props-info", ...). */
ARMCPU_API gboolean armcpu_accel_caps_has_command(const ArmcpuAccelCaps *acc, const char *command);

ARMCPU_API guint armcpu_accel_caps_n_props(const ArmcpuAccelCaps *acc);
ARMCPU_API const ArmcpuPropInfo *armcpu_accel_caps_prop(const ArmcpuAccelCaps *acc, guint i);
/* The property called exactly @name, or NULL. */
ARMCPU_API const ArmcpuPropInfo *armcpu_accel_caps_lookup(const ArmcpuAccelCaps *acc,
                                                          const char *name);

ARMCPU_API guint armcpu_accel_caps_n_models(const ArmcpuAccelCaps *acc);
ARMCPU_API const ArmcpuHostModel *armcpu_accel_caps_model(const ArmcpuAccelCaps *acc, guint i);
ARMCPU_API const ArmcpuHostModel *armcpu_accel_caps_find_model(const ArmcpuAccelCaps *acc,
                                                               const char *name);

/* ----- one property ----- */

ARMCPU_API const char *armcpu_prop_info_name(const ArmcpuPropInfo *pi);
/* The type as QEMU reported it ("bool", "number", "string", or anything else). */
ARMCPU_API const char *armcpu_prop_info_type(const ArmcpuPropInfo *pi);
/* How values are read: the registry's kind when known, else from the QMP type. */
ARMCPU_API ArmcpuKind armcpu_prop_info_kind(const ArmcpuPropInfo *pi);
ARMCPU_API const ArmcpuValueSet *armcpu_prop_info_supported(const ArmcpuPropInfo *pi);
ARMCPU_API ArmcpuSupportSource armcpu_prop_info_source(const ArmcpuPropInfo *pi);
/* The host's own value (from the expansion), or NULL. */
ARMCPU_API const char *armcpu_prop_info_host_value(const ArmcpuPropInfo *pi);
/* The registry's property of the same name, or NULL. */
ARMCPU_API const ArmcpuProp *armcpu_prop_info_registry(const ArmcpuPropInfo *pi);

/* ----- one CPU model QEMU reported ----- */

ARMCPU_API const char *armcpu_host_model_name(const ArmcpuHostModel *m);
ARMCPU_API const char *armcpu_host_model_typename(const ArmcpuHostModel *m);
ARMCPU_API ArmcpuUsable armcpu_host_model_usable(const ArmcpuHostModel *m);
/* QEMU's unavailable-features for the model (NULL-terminated, may be empty). */
ARMCPU_API const char *const *armcpu_host_model_blockers(const ArmcpuHostModel *m);
ARMCPU_API gboolean armcpu_host_model_deprecated(const ArmcpuHostModel *m);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ArmcpuHostCaps, armcpu_host_caps_free)

G_END_DECLS
