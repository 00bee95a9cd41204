/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * armcpu/probe.h: learning a host's CPU property capabilities from its QEMU,
 * and keeping them in a cache.
 *
 * A probe starts the emulator once per accelerator (kvm when /dev/kvm is
 * usable and QEMU accepts it, and tcg) with -machine none and no -cpu, talks
 * QMP over a private socketpair, and turns the replies into a host
 * capabilities document. The cache keeps that document per emulator, so later
 * commands answer without starting QEMU.
 */
#pragma once

#include <armcpu/hostcaps.h>
#include <armcpu/registry.h>

G_BEGIN_DECLS

#define ARMCPU_PROBE_ERROR (armcpu_probe_error_quark())
ARMCPU_API GQuark armcpu_probe_error_quark(void);

typedef enum {
    ARMCPU_PROBE_ERROR_EMULATOR, /* the emulator is missing or not executable */
    ARMCPU_PROBE_ERROR_START,    /* QEMU could not be started, or exited at once */
    ARMCPU_PROBE_ERROR_QMP,      /* QMP failed: timeout, EOF, garbage, a huge reply... */
    ARMCPU_PROBE_ERROR_REPLY,    /* QEMU's answers could not be understood */
    ARMCPU_PROBE_ERROR_NO_ACCEL, /* no accelerator could be probed */
    ARMCPU_PROBE_ERROR_LAST
} ArmcpuProbeError;

#define ARMCPU_CACHE_ERROR (armcpu_cache_error_quark())
ARMCPU_API GQuark armcpu_cache_error_quark(void);

typedef enum {
    ARMCPU_CACHE_ERROR_DIR,   /* the cache directory cannot be created or is unsafe */
    ARMCPU_CACHE_ERROR_LOCK,  /* the probe lock could not be taken in time */
    ARMCPU_CACHE_ERROR_WRITE, /* the cache file could not be written */
    ARMCPU_CACHE_ERROR_LAST
} ArmcpuCacheError;

typedef enum {
    ARMCPU_PROBE_REFRESH = 1 << 0,  /* probe even when the cache is valid */
    ARMCPU_PROBE_NO_CACHE = 1 << 1, /* neither read nor write the cache */
    ARMCPU_PROBE_ONLY_KVM = 1 << 2, /* probe only this accelerator */
    ARMCPU_PROBE_ONLY_TCG = 1 << 3,
} ArmcpuProbeFlags;

/* The default per-probe bound on every wait, in milliseconds. */
#define ARMCPU_PROBE_DEFAULT_TIMEOUT_MS 10000

/*
 * Probe @emulator (a path, or a name looked up in PATH; NULL means
 * qemu-system-aarch64) now, without the cache. Every wait is bounded by
 * @timeout_ms (0: the default); QEMU is killed and reaped on every path. A
 * failure of the kvm probe when /dev/kvm looked usable is an error; kvm that
 * QEMU refuses ("invalid accelerator") is recorded as absent. Returns a new
 * document, or NULL with an ARMCPU_PROBE_ERROR carrying QEMU's stderr tail.
 */
ARMCPU_API ArmcpuHostCaps *armcpu_probe(const char *emulator, guint timeout_ms,
                                        ArmcpuProbeFlags flags, ArmcpuRegistry *reg,
                                        GError **error);

/*
 * The host capabilities of @emulator: from the cache in @cache_dir (NULL: the
 * default location, see armcpu_cache_dir()) when it is valid for the current
 * emulator binary, armcpu version, kernel, /dev/kvm and host CPU; otherwise
 * probed (one probe at a time per emulator, under a lock) and written back
 * atomically. A cache file that is corrupt, foreign, unsafely owned or
 * writable by others is never trusted. *@from_cache (may be NULL) tells where
 * the answer came from.
 */
ARMCPU_API ArmcpuHostCaps *armcpu_host_caps_get(const char *emulator, const char *cache_dir,
                                                guint timeout_ms, ArmcpuProbeFlags flags,
                                                ArmcpuRegistry *reg, gboolean *from_cache,
                                                GError **error);

/*
 * The cache directory: @override, else $ARMCPU_CACHE_DIR, else
 * $XDG_CACHE_HOME/armcpu, else ~/.cache/armcpu, and /var/cache/armcpu for
 * root when neither variable is set. Owned by the caller.
 */
ARMCPU_API char *armcpu_cache_dir(const char *override);

/*
 * The absolute, canonical path of @emulator (a path, or a name looked up in
 * PATH; NULL means qemu-system-aarch64). Fails with
 * ARMCPU_PROBE_ERROR_EMULATOR when it is missing or not executable.
 */
ARMCPU_API char *armcpu_emulator_resolve(const char *emulator, GError **error);

/* The cache file for the emulator at absolute path @emulator in @dir. */
ARMCPU_API char *armcpu_cache_file(const char *dir, const char *emulator);

/* One cache file as `armcpu cache list` shows it. */
typedef struct {
    char *path;
    char *emulator;     /* NULL when the file cannot be read */
    char *qemu_version; /* NULL when unknown */
    char *status;       /* "valid", or why it would be re-probed */
} ArmcpuCacheEntry;

ARMCPU_API void armcpu_cache_entry_free(ArmcpuCacheEntry *e);

/*
 * The cache files in @dir (only names armcpu writes: 64 hex digits + ".xml"),
 * each checked as a lookup would. Returns ArmcpuCacheEntry*, owned by the
 * caller; an absent directory gives an empty list.
 */
ARMCPU_API GPtrArray *armcpu_cache_list(const char *dir, ArmcpuRegistry *reg);

/* Remove armcpu's cache and lock files from @dir; other files are left alone. */
ARMCPU_API gboolean armcpu_cache_clear(const char *dir, guint *removed, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ArmcpuCacheEntry, armcpu_cache_entry_free)

G_END_DECLS
