/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * armcpu/registry.h: what armcpu knows about ARM CPU properties and models.
 *
 * The registry is data (data/cpu_map/ XML files, schema data/schemas/cpu_map.rng)
 * loaded at run time. It gives meaning to property names QEMU reports:
 * register and field, value table (name <-> raw encoding), safe policy, KVM
 * writability, the other dialect's name; and it defines the named models.
 * Code that meets a property the registry does not know keeps working with
 * membership only.
 */
#pragma once

#include <armcpu/common.h>
#include <armcpu/value.h>

G_BEGIN_DECLS

typedef struct _ArmcpuRegistry ArmcpuRegistry;
typedef struct _ArmcpuProp ArmcpuProp;
typedef struct _ArmcpuModel ArmcpuModel;

#define ARMCPU_REGISTRY_ERROR (armcpu_registry_error_quark())
ARMCPU_API GQuark armcpu_registry_error_quark(void);

typedef enum {
    ARMCPU_REGISTRY_ERROR_READ,      /* a data file cannot be read */
    ARMCPU_REGISTRY_ERROR_XML,       /* a data file is not well-formed XML */
    ARMCPU_REGISTRY_ERROR_SHAPE,     /* an element or attribute is missing or wrong */
    ARMCPU_REGISTRY_ERROR_DUPLICATE, /* a name defined twice (in any dialect) */
    ARMCPU_REGISTRY_ERROR_VALUE,     /* a value that does not fit its field or table */
    ARMCPU_REGISTRY_ERROR_MODEL,     /* an unknown parent, a cycle, an unknown property */
    ARMCPU_REGISTRY_ERROR_LAST
} ArmcpuRegistryError;

/* Whether KVM lets userspace change a property's field. */
typedef enum {
    ARMCPU_KVM_WRITABLE_YES,  /* KVM accepts lower values (per the field's policy) */
    ARMCPU_KVM_WRITABLE_NO,   /* fixed at the host's value under KVM */
    ARMCPU_KVM_WRITABLE_INIT, /* controlled by a vCPU init feature (SVE, PMU, PAuth...) */
    ARMCPU_KVM_WRITABLE_SVE,  /* writable while SVE is enabled */
    ARMCPU_KVM_WRITABLE_LAST
} ArmcpuKvmWritable;

ARMCPU_API const char *armcpu_kvm_writable_to_string(ArmcpuKvmWritable w);

/* Which part of a field pair a SYSREG entry of a fractional property is. */
typedef enum {
    ARMCPU_PROP_PART_WHOLE, /* the whole property */
    ARMCPU_PROP_PART_BASE,  /* the base field of a fractional pair */
    ARMCPU_PROP_PART_FRAC,  /* the _frac field of a fractional pair */
    ARMCPU_PROP_PART_LAST
} ArmcpuPropPart;

/* A raw encoding: the field value, and for fractional pairs the frac field. */
typedef struct {
    guint64 raw;
    guint64 frac;
} ArmcpuRaw;

/*
 * Load the registry from @dir (arm_properties.xml and arm_models.xml).
 * Returns a new reference (armcpu_registry_unref), or NULL with an
 * ARMCPU_REGISTRY_ERROR whose message names the file and line.
 */
ARMCPU_API ArmcpuRegistry *armcpu_registry_load(const char *dir, GError **error);

/*
 * Load the registry from the data directory: $ARMCPU_DATA_DIR/cpu_map when
 * set, the source tree when running from a build tree, else the installed
 * data directory. The registry is loaded once per process and shared; the
 * caller gets a new reference.
 */
ARMCPU_API ArmcpuRegistry *armcpu_registry_load_default(GError **error);

/* The directory armcpu reads its data files (cpu_map/, schemas/) from. */
ARMCPU_API const char *armcpu_data_dir(void);

ARMCPU_API ArmcpuRegistry *armcpu_registry_ref(ArmcpuRegistry *reg);
ARMCPU_API void armcpu_registry_unref(ArmcpuRegistry *reg);

/* The registry data version ("2026.11.1"). */
ARMCPU_API const char *armcpu_registry_version(const ArmcpuRegistry *reg);

/*
 * The property called exactly @name in any dialect (feat_AES,
 * SYSREG_ID_AA64ISAR0_EL1_AES, sve), or NULL. Names are case-sensitive.
 */
ARMCPU_API const ArmcpuProp *armcpu_registry_lookup(const ArmcpuRegistry *reg, const char *name);

/*
 * The known name closest to @name (edit distance at most a third of its
 * length, case differences cheap), for "did you mean" hints; or NULL.
 */
ARMCPU_API const char *armcpu_registry_suggest(const ArmcpuRegistry *reg, const char *name);

/* Properties as defined in the data files (SYSREG aliases not included). */
ARMCPU_API guint armcpu_registry_n_props(const ArmcpuRegistry *reg);
ARMCPU_API const ArmcpuProp *armcpu_registry_prop(const ArmcpuRegistry *reg, guint i);

ARMCPU_API guint armcpu_registry_n_models(const ArmcpuRegistry *reg);
ARMCPU_API const ArmcpuModel *armcpu_registry_model(const ArmcpuRegistry *reg, guint i);
ARMCPU_API const ArmcpuModel *armcpu_registry_find_model(const ArmcpuRegistry *reg,
                                                         const char *name);

/* ----- one property ----- */

ARMCPU_API const char *armcpu_prop_name(const ArmcpuProp *p);
ARMCPU_API ArmcpuDialect armcpu_prop_dialect(const ArmcpuProp *p);
/* How values are written in this dialect (SYSREG entries: NUMBER). */
ARMCPU_API ArmcpuKind armcpu_prop_kind(const ArmcpuProp *p);
ARMCPU_API ArmcpuPolicy armcpu_prop_policy(const ArmcpuProp *p);
ARMCPU_API ArmcpuKvmWritable armcpu_prop_kvm_writable(const ArmcpuProp *p);
ARMCPU_API const char *armcpu_prop_description(const ArmcpuProp *p);
/* Register and field ("ID_AA64ISAR0_EL1", "AES"); NULL for QEMU properties. */
ARMCPU_API const char *armcpu_prop_register(const ArmcpuProp *p);
ARMCPU_API const char *armcpu_prop_field(const ArmcpuProp *p);
ARMCPU_API guint armcpu_prop_shift(const ArmcpuProp *p);
ARMCPU_API guint armcpu_prop_width(const ArmcpuProp *p);
ARMCPU_API gboolean armcpu_prop_is_signed(const ArmcpuProp *p);

/*
 * The other-dialect counterpart: for a named property, its SYSREG entry
 * (@part BASE or FRAC for a fractional one, WHOLE otherwise); for a SYSREG
 * entry, the named property it belongs to (@part ignored). NULL when there is
 * none (QEMU properties, cpu_revidr, SYSREG-only fields).
 */
ARMCPU_API const ArmcpuProp *armcpu_prop_counterpart(const ArmcpuProp *p, ArmcpuPropPart part);
/* For a SYSREG entry, which part of its named property it carries. */
ARMCPU_API ArmcpuPropPart armcpu_prop_part(const ArmcpuProp *p);

/* The value table: names and raw encodings (fractional: raw = base). */
ARMCPU_API guint armcpu_prop_n_values(const ArmcpuProp *p);
ARMCPU_API const char *armcpu_prop_value_name(const ArmcpuProp *p, guint i);
ARMCPU_API ArmcpuRaw armcpu_prop_value_raw(const ArmcpuProp *p, guint i);

/*
 * Check @text as a value of @p: well-formed for its kind, within the field's
 * width or [min,max], and in its value table when it has one. Fails with
 * ARMCPU_VALUE_ERROR; the message names the expected values.
 */
ARMCPU_API gboolean armcpu_prop_check_value(const ArmcpuProp *p, const char *text, GError **error);

/* Convert a checked value to its raw encoding (bool: off 0, on 1). */
ARMCPU_API gboolean armcpu_prop_value_to_raw(const ArmcpuProp *p, const char *text, ArmcpuRaw *out,
                                             GError **error);

/*
 * The value text for @raw: the table name (enum, fractional), on/off, or the
 * decimal number. Returns NULL with ARMCPU_VALUE_ERROR_NUMBER when @raw has
 * no name (QEMU would say "unknown value").
 */
ARMCPU_API char *armcpu_prop_raw_to_value(const ArmcpuProp *p, ArmcpuRaw raw, GError **error);

/*
 * How value @a relates to value @b under @p's safe order. Fractional values
 * are a partial order, field by field (1.1 and 1.1_base are INCOMPARABLE);
 * EXACT and ANY give EQUAL or UNORDERED. Fails when either value is invalid.
 */
ARMCPU_API gboolean armcpu_prop_order(const ArmcpuProp *p, const char *a, const char *b,
                                      ArmcpuOrder *order, GError **error);

/*
 * TRUE in *@safe when a guest may see @guest on a host whose own value is
 * @host (policy rules; fractional: every field at most the host's).
 */
ARMCPU_API gboolean armcpu_prop_value_is_safe(const ArmcpuProp *p, const char *guest,
                                              const char *host, gboolean *safe, GError **error);

/*
 * A total order for sorting and display: the capability order where there is
 * one, (base, frac) for fractional values (0.0 < 1.0 < 1.1 < 1.1_base < 2.0),
 * table order otherwise. Invalid values sort last, by bytes.
 */
ARMCPU_API int armcpu_prop_sort_compare(const ArmcpuProp *p, const char *a, const char *b);

/*
 * The values a host whose own value is @host_value can give a guest under
 * @p's policy: table entries (or, for numbers, ranges) safe on the host.
 * This is the "derived" supported set used when QEMU lists none.
 */
ARMCPU_API ArmcpuValueSet *armcpu_prop_derive_supported(const ArmcpuProp *p, const char *host_value,
                                                        GError **error);

/* Every value @p can take: its table, on/off, or its number range. */
ARMCPU_API ArmcpuValueSet *armcpu_prop_all_values(const ArmcpuProp *p);

/* ----- named models ----- */

/* One property value a model sets. */
typedef struct {
    const char *name;
    const char *value;
    const ArmcpuModel *model; /* the level that set it */
} ArmcpuModelSetting;

ARMCPU_API const char *armcpu_model_name(const ArmcpuModel *m);
ARMCPU_API const ArmcpuModel *armcpu_model_parent(const ArmcpuModel *m);

/*
 * Every value @m sets with its ancestors, root first, a child's value
 * replacing its parent's in place. The array (of ArmcpuModelSetting*) is owned
 * by the model.
 */
ARMCPU_API const GPtrArray *armcpu_model_settings(const ArmcpuModel *m);

/* The value @m (with its ancestors) sets for @name, or NULL. */
ARMCPU_API const char *armcpu_model_get(const ArmcpuModel *m, const char *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ArmcpuRegistry, armcpu_registry_unref)

G_END_DECLS
