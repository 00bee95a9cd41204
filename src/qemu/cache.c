/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cache.c: host capabilities kept per emulator, safely.
 *
 * One file per emulator, named by the SHA-256 of its absolute path, in a
 * directory only we can write. A file is used only when it is ours (owner,
 * mode, regular, not a symlink), its checksum matches, it parses, and it
 * still describes this emulator binary, armcpu version, kernel, /dev/kvm and
 * host CPU. Writes are atomic; probes of one emulator are serialised by a
 * lock file, and whoever waited for the lock reads what the holder wrote
 * instead of probing again.
 *
 * The file is the host capabilities document followed by one XML comment,
 * the seal: "<!-- armcpu-cache sha256=HEX -->\n", HEX being the SHA-256 of
 * every byte before it. It stays a document --host and baseline accept, and
 * any damage to it (a bit flipped anywhere, a truncation) is detected: a
 * flip inside a value would otherwise leave a well-formed document that
 * says something the host never said.
 *
 * Only documents of every accelerator are cached: a probe restricted to one
 * (ARMCPU_PROBE_ONLY_KVM/_TCG) on a cache miss is answered but not written,
 * so that it cannot stand in for the host's whole document later.
 */
#include <armcpu/probe.h>

#include "hostid.h"
#include "process.h"
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

ARMCPU_DEFINE_QUARK("armcpu-cache-error-quark", armcpu_cache_error)

char *
armcpu_cache_dir(const char *override)
{
    const char *env = g_getenv("ARMCPU_CACHE_DIR");
    const char *xdg = g_getenv("XDG_CACHE_HOME");

    if (override && *override)
        return g_strdup(override);
    if (env && *env)
        return g_strdup(env);
    if (xdg && *xdg)
        return g_build_filename(xdg, "armcpu", NULL);
    if (geteuid() == 0)
        return g_strdup("/var/cache/armcpu");
    return g_build_filename(g_get_home_dir(), ".cache", "armcpu", NULL);
}

char *
armcpu_cache_file(const char *dir, const char *emulator)
{
    g_autofree char *hash = armcpu_sha256_hex(emulator, strlen(emulator));
    g_autofree char *name = g_strconcat(hash, ".xml", NULL);

    return g_build_filename(dir, name, NULL);
}

/*
 * TRUE for the names armcpu writes: 64 lowercase hex digits + @suffix, or,
 * with @suffix ending in '.', that and 6 more characters (a temporary file
 * left by a write that was killed).
 */
static gboolean
is_cache_name(const char *name, const char *suffix)
{
    gsize n = strlen(name), s = strlen(suffix);
    gboolean temp = s > 0 && suffix[s - 1] == '.';

    if (n != 64 + s + (temp ? 6 : 0) || strncmp(name + 64, suffix, s) != 0)
        return FALSE;
    for (gsize i = 0; i < 64; i++) {
        if (!g_ascii_isxdigit(name[i]) || g_ascii_isupper(name[i]))
            return FALSE;
    }
    return TRUE;
}

/* Create @dir (0700) or check an existing one is ours and private. */
static gboolean
prepare_dir(const char *dir, GError **error)
{
    struct stat st;

    if (g_mkdir_with_parents(dir, 0700) < 0 || lstat(dir, &st) < 0) {
        int saved = errno;
        g_set_error(error, ARMCPU_CACHE_ERROR, ARMCPU_CACHE_ERROR_DIR,
                    "cannot create cache directory '%s': %s", dir, g_strerror(saved));
        return FALSE;
    }
    if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid()) {
        g_set_error(error, ARMCPU_CACHE_ERROR, ARMCPU_CACHE_ERROR_DIR,
                    "cache directory '%s' is not a directory owned by this user", dir);
        return FALSE;
    }
    if ((st.st_mode & 0077) && chmod(dir, 0700) < 0) {
        int saved = errno;
        g_set_error(error, ARMCPU_CACHE_ERROR, ARMCPU_CACHE_ERROR_DIR,
                    "cannot make cache directory '%s' private: %s", dir, g_strerror(saved));
        return FALSE;
    }
    return TRUE;
}

/*
 * Read a cache file we may trust: a regular file (not a symlink) owned by us,
 * not writable by group or others. NULL with *@why when it is not usable.
 */
static char *
read_trusted(const char *path, gsize *len, char **why)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    g_autoptr(GString) data = NULL;
    char buf[16384];
    ssize_t n;

    if (fd < 0) {
        *why = g_strdup(errno == ENOENT ? "no cache file" : "the cache file cannot be opened");
        return NULL;
    }
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
        (st.st_mode & 0022) || st.st_size > ARMCPU_HOST_CAPS_MAX_SIZE) {
        *why = g_strdup("the cache file is not a private regular file of this user");
        close(fd);
        return NULL;
    }
    data = g_string_sized_new((gsize)st.st_size + 1);
    while ((n = read(fd, buf, sizeof(buf))) > 0 && data->len <= ARMCPU_HOST_CAPS_MAX_SIZE)
        g_string_append_len(data, buf, n);
    close(fd);
    if (n < 0 || data->len > ARMCPU_HOST_CAPS_MAX_SIZE) {
        *why = g_strdup("the cache file cannot be read");
        return NULL;
    }
    *len = data->len;
    return g_string_free(g_steal_pointer(&data), FALSE);
}

#define SEAL_HEAD "<!-- armcpu-cache sha256="
#define SEAL_TAIL " -->\n"
#define SEAL_HEX  64

/* @doc followed by its seal. Owned by the caller. */
static char *
seal(const char *doc)
{
    g_autofree char *hash = armcpu_sha256_hex(doc, strlen(doc));

    return g_strconcat(doc, SEAL_HEAD, hash, SEAL_TAIL, NULL);
}

/*
 * Check the seal at the end of @data (@len bytes) and cut it off: @data then
 * holds the document, NUL-terminated, and *@len its length. FALSE with *@why
 * when the seal is missing or does not match.
 */
static gboolean
unseal(char *data, gsize *len, char **why)
{
    gsize head = strlen(SEAL_HEAD), tail = strlen(SEAL_TAIL), n = *len;
    gsize doc_len;
    g_autofree char *hash = NULL;

    if (n < head + SEAL_HEX + tail || memcmp(data + n - tail, SEAL_TAIL, tail) != 0 ||
        memcmp(data + n - tail - SEAL_HEX - head, SEAL_HEAD, head) != 0) {
        *why = g_strdup("the cache file has no checksum (damaged, or not written by armcpu)");
        return FALSE;
    }
    doc_len = n - tail - SEAL_HEX - head;
    hash = armcpu_sha256_hex(data, doc_len);
    if (memcmp(hash, data + doc_len + head, SEAL_HEX) != 0) {
        *why = g_strdup("the cache file is damaged (checksum mismatch)");
        return FALSE;
    }
    data[doc_len] = '\0';
    *len = doc_len;
    return TRUE;
}

/* The document in cache file @path, if trusted and intact; else NULL with *@why. */
static char *
read_document(const char *path, gsize *len, char **why)
{
    g_autofree char *data = read_trusted(path, len, why);

    if (!data || !unseal(data, len, why))
        return NULL;
    return g_steal_pointer(&data);
}

/* The current identity of @emulator on this host, to check a cache against. */
static ArmcpuHostCaps *
current_identity(const char *emulator, GError **error)
{
    g_autoptr(ArmcpuHostCaps) now = armcpu_host_caps_new();

    if (!armcpu_hostid_emulator(now, emulator, error))
        return NULL;
    armcpu_hostid_host(now);
    return g_steal_pointer(&now);
}

/* The cached document for @now's emulator, or NULL with *@why. */
static ArmcpuHostCaps *
load_valid(const char *path, const ArmcpuHostCaps *now, ArmcpuRegistry *reg, char **why)
{
    gsize len = 0;
    g_autofree char *data = read_document(path, &len, why);
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuHostCaps) caps = NULL;

    if (!data)
        return NULL;
    caps = armcpu_host_caps_parse_string(data, len, path, reg, &err);
    if (!caps) {
        *why = g_strdup_printf("the cache file is unusable (%s)", err->message);
        return NULL;
    }
    *why = armcpu_hostid_stale_reason(caps, now);
    if (*why)
        return NULL;
    armcpu_host_caps_set_label(caps, NULL); /* named by its host, not by the cache file */
    return g_steal_pointer(&caps);
}

/* Take the probe lock of @path, waiting at most @timeout_ms. Returns the fd or -1. */
static int
take_lock(const char *path, guint timeout_ms, GError **error)
{
    g_autofree char *lock = g_strconcat(path, ".lock", NULL);
    ArmcpuDeadline deadline = armcpu_deadline_in_ms(timeout_ms);
    gulong pause_us = 1000;
    int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);

    if (fd < 0) {
        int saved = errno;
        g_set_error(error, ARMCPU_CACHE_ERROR, ARMCPU_CACHE_ERROR_LOCK,
                    "cannot open lock file '%s': %s", lock, g_strerror(saved));
        return -1;
    }
    /* flock() has no timeout: try, and back off (1 ms doubling to 64 ms) until the deadline */
    while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
        if ((errno != EWOULDBLOCK && errno != EINTR) ||
            armcpu_deadline_remaining_ms(deadline) == 0) {
            int saved = errno;
            close(fd);
            g_set_error(error, ARMCPU_CACHE_ERROR, ARMCPU_CACHE_ERROR_LOCK,
                        "another armcpu is probing this emulator (lock '%s'): %s", lock,
                        saved == EWOULDBLOCK ? "timed out waiting" : g_strerror(saved));
            return -1;
        }
        g_usleep(pause_us);
        pause_us = MIN(pause_us * 2, 64000);
    }
    return fd;
}

static gboolean
store(const char *path, const ArmcpuHostCaps *caps, GError **error)
{
    g_autofree char *doc = armcpu_host_caps_format(caps);
    g_autofree char *sealed = seal(doc);
    g_autoptr(GError) err = NULL;

    if (!armcpu_file_write_atomic(path, sealed, strlen(sealed), 0600, &err)) {
        g_set_error(error, ARMCPU_CACHE_ERROR, ARMCPU_CACHE_ERROR_WRITE, "%s", err->message);
        return FALSE;
    }
    return TRUE;
}

/*
 * Probe under the lock; use what another process wrote while we waited. A
 * lookup takes any valid file it finds once it holds the lock (the holder may
 * have written it at any moment since our first look); a refresh only one
 * written after it began to wait.
 */
static ArmcpuHostCaps *
probe_locked(const char *emulator, const char *path, const ArmcpuHostCaps *now, guint timeout_ms,
             ArmcpuProbeFlags flags, ArmcpuRegistry *reg, gboolean *from_cache, GError **error)
{
    struct stat before;
    gboolean had = stat(path, &before) == 0;
    int lock = take_lock(path, timeout_ms * 2 + 1000, error);
    g_autoptr(ArmcpuHostCaps) caps = NULL;
    struct stat after;
    g_autofree char *why = NULL;

    if (lock < 0)
        return NULL;
    if (stat(path, &after) == 0 &&
        (!(flags & ARMCPU_PROBE_REFRESH) || !had || after.st_ino != before.st_ino ||
         after.st_mtim.tv_nsec != before.st_mtim.tv_nsec || after.st_mtime != before.st_mtime) &&
        (caps = load_valid(path, now, reg, &why))) {
        *from_cache = TRUE; /* written by the probe we waited for */
    } else {
        caps = armcpu_probe(emulator, timeout_ms, flags, reg, error);
        if (caps && !store(path, caps, error))
            g_clear_pointer(&caps, armcpu_host_caps_free);
    }
    close(lock); /* releases the flock */
    return g_steal_pointer(&caps);
}

ArmcpuHostCaps *
armcpu_host_caps_get(const char *emulator, const char *cache_dir, guint timeout_ms,
                     ArmcpuProbeFlags flags, ArmcpuRegistry *reg, gboolean *from_cache,
                     GError **error)
{
    g_autoptr(GError) err = NULL;
    g_autofree char *abs = armcpu_emulator_resolve(emulator, error);
    g_autofree char *dir = NULL;
    g_autofree char *path = NULL;
    g_autofree char *why = NULL;
    g_autoptr(ArmcpuHostCaps) now = NULL;
    ArmcpuHostCaps *caps;
    gboolean cached = FALSE;

    if (from_cache)
        *from_cache = FALSE;
    if (!abs)
        return NULL;
    if (flags & ARMCPU_PROBE_NO_CACHE)
        return armcpu_probe(abs, timeout_ms, flags, reg, error);
    timeout_ms = timeout_ms ? timeout_ms : ARMCPU_PROBE_DEFAULT_TIMEOUT_MS;
    dir = armcpu_cache_dir(cache_dir);
    if (!prepare_dir(dir, error))
        return NULL;
    path = armcpu_cache_file(dir, abs);
    now = current_identity(abs, &err);
    if (!now) {
        g_set_error(error, ARMCPU_PROBE_ERROR, ARMCPU_PROBE_ERROR_EMULATOR, "%s", err->message);
        return NULL;
    }
    if (!(flags & ARMCPU_PROBE_REFRESH) && (caps = load_valid(path, now, reg, &why))) {
        if (from_cache)
            *from_cache = TRUE;
        return caps;
    }
    if (flags & (ARMCPU_PROBE_ONLY_KVM | ARMCPU_PROBE_ONLY_TCG))
        return armcpu_probe(abs, timeout_ms, flags, reg, error); /* not the whole document */
    caps = probe_locked(abs, path, now, timeout_ms, flags, reg, &cached, error);
    if (from_cache)
        *from_cache = cached;
    return caps;
}

void
armcpu_cache_entry_free(ArmcpuCacheEntry *e)
{
    if (!e)
        return;
    g_free(e->path);
    g_free(e->emulator);
    g_free(e->qemu_version);
    g_free(e->status);
    g_free(e);
}

static ArmcpuCacheEntry *
inspect(const char *path, ArmcpuRegistry *reg)
{
    ArmcpuCacheEntry *e = g_new0(ArmcpuCacheEntry, 1);
    gsize len = 0;
    g_autofree char *why = NULL;
    g_autofree char *data = read_document(path, &len, &why);
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuHostCaps) caps = NULL;
    g_autoptr(ArmcpuHostCaps) now = NULL;

    e->path = g_strdup(path);
    caps = data ? armcpu_host_caps_parse_string(data, len, path, reg, &err) : NULL;
    if (!caps) {
        e->status = data ? g_strdup_printf("unusable: %s", err->message) : g_steal_pointer(&why);
        return e;
    }
    e->emulator = g_strdup(armcpu_host_caps_emulator_path(caps));
    e->qemu_version = g_strdup(armcpu_host_caps_qemu_version(caps));
    now = current_identity(e->emulator, NULL);
    why = now ? armcpu_hostid_stale_reason(caps, now) : g_strdup("the emulator is gone");
    e->status = why ? g_strdup_printf("stale: %s", why) : g_strdup("valid");
    return e;
}

static int
compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

GPtrArray *
armcpu_cache_list(const char *dir, ArmcpuRegistry *reg)
{
    GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)armcpu_cache_entry_free);
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    const char *name;

    while (d && (name = g_dir_read_name(d))) {
        if (is_cache_name(name, ".xml"))
            g_ptr_array_add(names, g_strdup(name));
    }
    g_ptr_array_sort(names, compare_names);
    for (guint i = 0; i < names->len; i++) {
        g_autofree char *path = g_build_filename(dir, g_ptr_array_index(names, i), NULL);
        g_ptr_array_add(out, inspect(path, reg));
    }
    return out;
}

gboolean
armcpu_cache_clear(const char *dir, guint *removed, GError **error)
{
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *name;
    guint n = 0;

    while (d && (name = g_dir_read_name(d))) {
        if (!is_cache_name(name, ".xml") && !is_cache_name(name, ".xml.lock") &&
            !is_cache_name(name, ".xml."))
            continue;
        g_autofree char *path = g_build_filename(dir, name, NULL);
        if (g_unlink(path) < 0) {
            int saved = errno;
            g_set_error(error, ARMCPU_CACHE_ERROR, ARMCPU_CACHE_ERROR_WRITE,
                        "cannot remove '%s': %s", path, g_strerror(saved));
            return FALSE;
        }
        n++;
    }
    if (removed)
        *removed = n;
    return TRUE;
}
