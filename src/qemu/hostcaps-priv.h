/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * hostcaps-priv.h: the host capabilities data, for the library's builders
 * (probe, cache, fixtures) and readers.
 */
#pragma once

#include <armcpu/hostcaps.h>

G_BEGIN_DECLS

/* The document format version this armcpu writes and reads. */
#define ARMCPU_HOST_CAPS_FORMAT 1

struct _ArmcpuPropInfo {
    char *name;
    char *type;      /* QMP type as reported */
    ArmcpuKind kind; /* how values are read */
    ArmcpuValueSet *supported;
    ArmcpuSupportSource source;
    char *host_value;       /* nullable */
    const ArmcpuProp *prop; /* registry entry, nullable, not owned */
};

struct _ArmcpuHostModel {
    char *name;
    char *type_name; /* nullable */
    ArmcpuUsable usable;
    GStrv blockers; /* never NULL */
    gboolean deprecated;
};

/* A property of the host-model expansion, as QEMU typed it. */
typedef struct {
    char *name;
    char *type;  /* "bool", "number", "string" */
    char *value; /* normal form: on/off, decimal, or the string */
} ArmcpuExpansionProp;

struct _ArmcpuAccelCaps {
    ArmcpuAccel accel;
    ArmcpuDialect dialect;
    char *props_info_command;   /* the command that listed supported values, or NULL */
    GPtrArray *commands;        /* ArmcpuCommandPresence*, in a fixed order */
    char *expansion_model;      /* "host", "max", or NULL */
    GPtrArray *expansion;       /* ArmcpuExpansionProp*, sorted by name */
    GPtrArray *models;          /* ArmcpuHostModel*, QEMU's order */
    GPtrArray *props;           /* ArmcpuPropInfo*, sorted by name */
    GHashTable *prop_index;     /* name -> ArmcpuPropInfo* */
    ArmcpuRegistry *registry;   /* a reference, nullable: props[]->prop point into it */
    const ArmcpuHostCaps *host; /* the document holding this section, or NULL; not owned */
};

typedef struct {
    char *name;
    gboolean present;
} ArmcpuCommandPresence;

struct _ArmcpuHostCaps {
    char *armcpu_version;
    char *label; /* for messages; not serialised */

    /* emulator identity */
    char *emulator_path;
    guint64 emulator_size;
    gint64 emulator_ctime; /* seconds.nanoseconds flattened to nanoseconds */
    gint64 emulator_mtime;
    char *qemu_version; /* "7.2.22" */
    char *qemu_package; /* nullable */

    /* host identity */
    char *host_name; /* nullable */
    char *host_arch; /* uname machine */
    char *kernel_release;
    gboolean kvm_usable;
    char *midr;   /* nullable; "0x410fd4f0" on aarch64 */
    char *revidr; /* nullable */

    ArmcpuAccelCaps *accels[ARMCPU_ACCEL_LAST]; /* NULL when absent */
};

ArmcpuHostCaps *armcpu_host_caps_new(void);
ArmcpuAccelCaps *armcpu_accel_caps_new(ArmcpuAccel accel);
/* A new section holding a reference to @reg (nullable), which its properties point into. */
ArmcpuAccelCaps *armcpu_accel_caps_new_with_registry(ArmcpuAccel accel, const ArmcpuRegistry *reg);
void armcpu_accel_caps_free(ArmcpuAccelCaps *acc);

/* The registry @acc holds a reference to, or NULL. */
const ArmcpuRegistry *armcpu_accel_caps_registry(const ArmcpuAccelCaps *acc);

/*
 * Put @acc (taken) into @caps as its section for acc->accel, replacing and
 * freeing any previous one, so that armcpu_accel_caps_label() knows its host.
 */
void armcpu_host_caps_set_accel(ArmcpuHostCaps *caps, ArmcpuAccelCaps *acc);

/* Name @caps in messages by @label (NULL: by its host name). */
void armcpu_host_caps_set_label(ArmcpuHostCaps *caps, const char *label);

ArmcpuPropInfo *armcpu_prop_info_new(const char *name, const char *type, ArmcpuKind kind);
void armcpu_prop_info_free(ArmcpuPropInfo *pi);

/*
 * Add @pi to @acc (taking ownership), keeping the list sorted by name.
 * Returns FALSE (and frees @pi) when a property of that name exists.
 */
gboolean armcpu_accel_caps_add_prop(ArmcpuAccelCaps *acc, ArmcpuPropInfo *pi);

/* The kind used to read values of a property typed @type by QMP, given the
 * registry entry @prop (nullable). */
ArmcpuKind armcpu_prop_info_kind_for(const char *type, const ArmcpuProp *prop);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ArmcpuAccelCaps, armcpu_accel_caps_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ArmcpuPropInfo, armcpu_prop_info_free)

G_END_DECLS
