/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * util.c: bounded file reads, atomic writes, hashing, deadlines.
 */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

ARMCPU_DEFINE_QUARK("armcpu-util-error-quark", armcpu_util_error)

static gboolean
read_all(int fd, const char *path, gsize max_size, GByteArray *buf, GError **error)
{
    guint8 chunk[16384];

    for (;;) {
        ssize_t n = read(fd, chunk, sizeof(chunk));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int saved = errno;
            g_set_error(error, ARMCPU_UTIL_ERROR, ARMCPU_UTIL_ERROR_READ, "cannot read '%s': %s",
                        path, g_strerror(saved));
            return FALSE;
        }
        if (n == 0)
            return TRUE;
        if (buf->len + (gsize)n > max_size) {
            g_set_error(error, ARMCPU_UTIL_ERROR, ARMCPU_UTIL_ERROR_TOO_BIG,
                        "'%s' is larger than the limit of %" G_GSIZE_FORMAT " bytes", path,
                        max_size);
            return FALSE;
        }
        g_byte_array_append(buf, chunk, (guint)n);
    }
}

gboolean
armcpu_file_read_bounded(const char *path, gsize max_size, char **contents, gsize *length,
                         GError **error)
{
    struct stat st;
    g_autoptr(GByteArray) buf = NULL;
    int fd;
    gboolean ok;

    fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        int saved = errno;
        g_set_error(error, ARMCPU_UTIL_ERROR, ARMCPU_UTIL_ERROR_OPEN, "cannot open '%s': %s", path,
                    g_strerror(saved));
        return FALSE;
    }
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        g_set_error(error, ARMCPU_UTIL_ERROR, ARMCPU_UTIL_ERROR_NOT_FILE,
                    "'%s' is not a regular file", path);
        return FALSE;
    }
    if ((guint64)st.st_size > max_size) {
        close(fd);
        g_set_error(error, ARMCPU_UTIL_ERROR, ARMCPU_UTIL_ERROR_TOO_BIG,
                    "'%s' is larger than the limit of %" G_GSIZE_FORMAT " bytes", path, max_size);
        return FALSE;
    }
    buf = g_byte_array_sized_new((guint)st.st_size + 1);
    ok = read_all(fd, path, max_size, buf, error);
    close(fd);
    if (!ok)
        return FALSE;
    if (length)
        *length = buf->len;
    g_byte_array_append(buf, (const guint8 *)"", 1);
    *contents = (char *)g_byte_array_free(g_steal_pointer(&buf), FALSE);
    return TRUE;
}

static gboolean
write_all(int fd, const char *data, gsize len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return FALSE;
        data += n;
        len -= (gsize)n;
    }
    return TRUE;
}

static void
fsync_dir_of(const char *path)
{
    g_autofree char *dir = g_path_get_dirname(path);
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (dfd >= 0) {
        (void)fsync(dfd);
        close(dfd);
    }
}

gboolean
armcpu_file_write_atomic(const char *path, const char *data, gsize len, int mode, GError **error)
{
    g_autofree char *tmp = g_strdup_printf("%s.XXXXXX", path);
    int fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, mode);
    int saved;

    if (fd < 0) {
        saved = errno;
        g_set_error(error, ARMCPU_UTIL_ERROR, ARMCPU_UTIL_ERROR_WRITE,
                    "cannot create a temporary file beside '%s': %s", path, g_strerror(saved));
        return FALSE;
    }
    if (fchmod(fd, (mode_t)mode) < 0 || !write_all(fd, data, len) || fsync(fd) < 0) {
        saved = errno;
        close(fd);
        g_unlink(tmp);
        g_set_error(error, ARMCPU_UTIL_ERROR, ARMCPU_UTIL_ERROR_WRITE, "cannot write '%s': %s", tmp,
                    g_strerror(saved));
        return FALSE;
    }
    if (close(fd) < 0 || rename(tmp, path) < 0) {
        saved = errno;
        g_unlink(tmp);
        g_set_error(error, ARMCPU_UTIL_ERROR, ARMCPU_UTIL_ERROR_WRITE,
                    "cannot rename '%s' to '%s': %s", tmp, path, g_strerror(saved));
        return FALSE;
    }
    fsync_dir_of(path);
    return TRUE;
}

char *
armcpu_sha256_hex(const void *data, gsize len)
{
    return g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, len);
}

ArmcpuDeadline
armcpu_deadline_in_ms(guint timeout_ms)
{
    return g_get_monotonic_time() + (gint64)timeout_ms * 1000;
}

int
armcpu_deadline_remaining_ms(ArmcpuDeadline deadline)
{
    gint64 left = deadline - g_get_monotonic_time();

    if (left <= 0)
        return 0;
    left = (left + 999) / 1000;
    return left > G_MAXINT ? G_MAXINT : (int)left;
}

gboolean
armcpu_str_is_token(const char *s)
{
    for (; *s; s++) {
        if (!g_ascii_isalnum(*s) && *s != '_' && *s != '.' && *s != '-')
            return FALSE;
    }
    return TRUE;
}
