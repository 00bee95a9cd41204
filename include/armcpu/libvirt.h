/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * armcpu/libvirt.h: the same guest CPU on today's (unpatched) libvirt.
 *
 * libvirt up to 9.0 drops a <feature value='...'/> silently and knows only a
 * few boolean CPU features on aarch64 (sve, sve128 ... sve2048). The bridge
 * splits a guest CPU's -cpu options in two:
 *
 *   - a <cpu> libvirt 9.0 accepts: the mode (and model), plus the features it
 *     knows, as policy='require' (on) or policy='disable' (off);
 *   - every other option as a QEMU global property of the CPU's QOM type,
 *     passed through libvirt's QEMU namespace:
 *
 *       <qemu:commandline xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>
 *         <qemu:arg value='-global'/>
 *         <qemu:arg value='max-arm-cpu.sve-max-vq=2'/>
 *       </qemu:commandline>
 *
 * QEMU turns each -cpu option into exactly such a global (`-cpu max,x=y` sets
 * max-arm-cpu.x=y), so the guest gets the same CPU. The type is host-arm-cpu
 * for host-passthrough, max-arm-cpu for maximum and <model>-arm-cpu for a
 * custom model (or the type name the host's QEMU reports for it).
 */
#pragma once

#include <armcpu/guest.h>
#include <armcpu/hostcaps.h>
#include <armcpu/registry.h>
#include <armcpu/report.h>

G_BEGIN_DECLS

/* libvirt's XML namespace for QEMU command-line passthrough. */
#define ARMCPU_LIBVIRT_QEMU_NS "http://libvirt.org/schemas/domain/qemu/1.0"

#define ARMCPU_LIBVIRT_ERROR (armcpu_libvirt_error_quark())
ARMCPU_API GQuark armcpu_libvirt_error_quark(void);

typedef enum {
    ARMCPU_LIBVIRT_ERROR_INVALID,  /* the guest has errors (in the report) */
    ARMCPU_LIBVIRT_ERROR_GLOBAL,   /* an option -global cannot carry (a name over 63 bytes) */
    ARMCPU_LIBVIRT_ERROR_DOCUMENT, /* the domain to merge into is unreadable or not a <domain> */
    ARMCPU_LIBVIRT_ERROR_LAST
} ArmcpuLibvirtError;

/* A feature the bridge keeps in libvirt's <cpu>. */
typedef struct {
    const char *name;
    ArmcpuFeaturePolicy policy; /* ARMCPU_FEATURE_REQUIRE (on) or _DISABLE (off) */
    int line;                   /* line of the guest's <feature>, 0 if unknown */
} ArmcpuLibvirtFeature;

/* An option the bridge moves to `-global TYPE.NAME=VALUE`. */
typedef struct {
    const char *property;
    const char *value;
    const char *arg; /* "max-arm-cpu.sve-max-vq=2", the argument of -global */
    int line;        /* line of the guest's <feature>, 0 if unknown */
} ArmcpuLibvirtGlobal;

typedef struct _ArmcpuLibvirtBridge ArmcpuLibvirtBridge;

/*
 * Split @cpu for libvirt 9.0.
 *
 * Takes: the guest @cpu, the registry @reg, and the host section @host to
 * check against and to write names in its QEMU's dialect (NULL: define-time
 * checks only, as `cmdline --offline`). Problems go to @report.
 *
 * Returns: the bridge (armcpu_libvirt_bridge_free). Fails (NULL) with
 * ARMCPU_LIBVIRT_ERROR_INVALID when @report got an error, or _GLOBAL when an
 * option's name is longer than the 63 bytes QEMU's -global parser takes.
 */
ARMCPU_API ArmcpuLibvirtBridge *armcpu_libvirt_bridge(const ArmcpuGuestCpu *cpu,
                                                      const ArmcpuRegistry *reg,
                                                      const ArmcpuAccelCaps *host,
                                                      ArmcpuReport *report, GError **error);

ARMCPU_API void armcpu_libvirt_bridge_free(ArmcpuLibvirtBridge *bridge);

/* The QOM type the globals apply to ("max-arm-cpu"). Owned by @bridge. */
ARMCPU_API const char *armcpu_libvirt_bridge_cpu_type(const ArmcpuLibvirtBridge *bridge);
/* The -cpu value libvirt 9.0 will build from the <cpu> ("max,sve=off"). Owned by @bridge. */
ARMCPU_API const char *armcpu_libvirt_bridge_libvirt_cpu_arg(const ArmcpuLibvirtBridge *bridge);

ARMCPU_API guint armcpu_libvirt_bridge_n_features(const ArmcpuLibvirtBridge *bridge);
ARMCPU_API const ArmcpuLibvirtFeature *
armcpu_libvirt_bridge_feature(const ArmcpuLibvirtBridge *bridge, guint i);

ARMCPU_API guint armcpu_libvirt_bridge_n_globals(const ArmcpuLibvirtBridge *bridge);
ARMCPU_API const ArmcpuLibvirtGlobal *
armcpu_libvirt_bridge_global(const ArmcpuLibvirtBridge *bridge, guint i);

/*
 * The <cpu> element libvirt 9.0 accepts (the guest's mode, model, check,
 * match and libvirt-only children such as <topology/>, with the features it
 * knows), indented for a <domain>, newline-terminated. Owned by the caller.
 */
ARMCPU_API char *armcpu_libvirt_bridge_format_cpu(const ArmcpuLibvirtBridge *bridge);

/*
 * What a user pastes into a libvirt 9.0 <domain>: a comment saying so, the
 * <cpu>, and (when some option moved) the <qemu:commandline> element, which
 * declares the qemu namespace itself so it can be pasted as it is. Owned by
 * the caller.
 */
ARMCPU_API char *armcpu_libvirt_bridge_format(const ArmcpuLibvirtBridge *bridge);

/*
 * What to paste for the guest document @data (@len bytes, named @filename in
 * messages; read as hostile input: no DOCTYPE, bounded size and depth):
 *   - for a libvirt <domain>, the whole domain with its <cpu> replaced by the
 *     bridge's, the qemu namespace declared on <domain> and the -global
 *     arguments appended to its <qemu:commandline> (created when missing);
 *     everything else is kept (re-indented);
 *   - for a <cpu> document, armcpu_libvirt_bridge_format().
 * Fails with ARMCPU_LIBVIRT_ERROR_DOCUMENT when @data is not well-formed or
 * its root is neither. Owned by the caller.
 */
ARMCPU_API char *armcpu_libvirt_bridge_apply(const ArmcpuLibvirtBridge *bridge, const char *data,
                                             gsize len, const char *filename, GError **error);

/*
 * The pieces as JSON (data/schemas/json/libvirt.schema.json): {file, offline,
 * accel?, cpuType, cpu, features, globals, commandline, namespace, xml,
 * problems}; @bridge may be NULL for a guest that failed validation (then
 * only file, offline, accel and problems). Owned by the caller.
 */
ARMCPU_API char *armcpu_libvirt_bridge_to_json(const ArmcpuLibvirtBridge *bridge, const char *file,
                                               const ArmcpuAccelCaps *host,
                                               const ArmcpuReport *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ArmcpuLibvirtBridge, armcpu_libvirt_bridge_free)

G_END_DECLS
