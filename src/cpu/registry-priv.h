/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * registry-priv.h: the registry's data structures, for the library only.
 */
#pragma once

#include <armcpu/registry.h>

G_BEGIN_DECLS

typedef struct {
    char *reg;  /* "ID_AA64ISAR0_EL1" */
    char *name; /* "AES"; NULL for a whole register */
    guint shift;
    guint width;
    gboolean is_signed;
    char *sysreg; /* "SYSREG_ID_AA64ISAR0_EL1_AES", or NULL */
} ArmcpuField;

typedef struct {
    char *name;
    ArmcpuRaw raw;
} ArmcpuPropValue;

struct _ArmcpuProp {
    char *name;
    ArmcpuDialect dialect;
    ArmcpuKind kind;
    ArmcpuPolicy policy;
    ArmcpuKvmWritable kvm;
    guint64 safe; /* the field's safe value (EXACT) */
    gboolean has_lowest;
    guint64 lowest;   /* an encoding below every other one (PMUVer's 0xF) */
    guint64 min, max; /* valid raw range */
    char *derive;     /* a named derivation rule, or NULL */
    char *description;
    gboolean has_field;
    ArmcpuField field; /* the field (fractional: the base field) */
    ArmcpuField frac;  /* fractional only */
    GPtrArray *values; /* ArmcpuPropValue*, table order */

    /* links between dialects (not owned) */
    ArmcpuPropPart part;
    const ArmcpuProp *named;       /* SYSREG entry -> its named property */
    const ArmcpuProp *sysreg;      /* named -> SYSREG entry (fractional: base) */
    const ArmcpuProp *sysreg_frac; /* fractional -> SYSREG entry of the frac field */

    int line;
};

struct _ArmcpuModel {
    char *name;
    char *parent_name;
    const ArmcpuModel *parent;
    GPtrArray *own;       /* ArmcpuModelSetting*, this level only */
    GPtrArray *effective; /* ArmcpuModelSetting*, resolved chain (borrowed) */
    GHashTable *index;    /* name -> ArmcpuModelSetting* in effective */
    int line;
};

struct _ArmcpuRegistry {
    gint refcount;
    char *version;
    GPtrArray *props;    /* ArmcpuProp*, as defined, owned */
    GPtrArray *aliases;  /* ArmcpuProp*, generated SYSREG entries, owned */
    GHashTable *by_name; /* every name -> ArmcpuProp* */
    GPtrArray *models;   /* ArmcpuModel*, owned */
    GHashTable *model_by_name;
};

/*
 * armcpu_registry_load() from memory: the two documents as bytes (non-NULL),
 * named arm_properties.xml and arm_models.xml in messages. For tests and fuzzing.
 */
ArmcpuRegistry *armcpu_registry_load_data(const char *props, gsize props_len, const char *models,
                                          gsize models_len, GError **error);

int armcpu_kvm_writable_from_string(const char *s);

/* Free functions for the containers above. */
void armcpu_prop_free(ArmcpuProp *p);
void armcpu_model_free(ArmcpuModel *m);

/*
 * Resolve every model's parent and effective settings and check each value
 * against the properties. Fails with ARMCPU_REGISTRY_ERROR_MODEL naming
 * @file and the line.
 */
gboolean armcpu_registry_resolve_models(ArmcpuRegistry *reg, const char *file, GError **error);

/* Build the SYSREG_* alias entries of every property with a field. */
gboolean armcpu_registry_add_aliases(ArmcpuRegistry *reg, const char *file, GError **error);

G_END_DECLS
