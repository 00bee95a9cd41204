/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * util.h: tiny helpers shared by every module (files, hashing, deadlines).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Define NAME_quark(), returning the GQuark called @string (looked up once),
 * as G_DEFINE_QUARK does, but with the quark's name written as a string.
 */
#define ARMCPU_DEFINE_QUARK(string, name)                                                          \
    GQuark name##_quark(void)                                                                      \
    {                                                                                              \
        static GQuark q;                                                                           \
        if (G_UNLIKELY(q == 0))                                                                    \
            q = g_quark_from_static_string(string);                                                \
        return q;                                                                                  \
    }

#define ARMCPU_UTIL_ERROR (armcpu_util_error_quark())
GQuark armcpu_util_error_quark(void);

typedef enum {
    ARMCPU_UTIL_ERROR_OPEN,     /* the file cannot be opened or stat'ed */
    ARMCPU_UTIL_ERROR_NOT_FILE, /* the path is not a regular file */
    ARMCPU_UTIL_ERROR_TOO_BIG,  /* the file is larger than the caller's limit */
    ARMCPU_UTIL_ERROR_READ,     /* read(2) failed */
    ARMCPU_UTIL_ERROR_WRITE,    /* writing or renaming failed */
    ARMCPU_UTIL_ERROR_LAST
} ArmcpuUtilError;

/*
 * Read the whole regular file @path into a NUL-terminated buffer.
 *
 * Takes: @path, and @max_size, the largest accepted file in bytes.
 * Returns: TRUE and sets *@contents (owned by the caller, g_free) and
 * *@length. Fails with ARMCPU_UTIL_ERROR_OPEN, _NOT_FILE (a directory, FIFO or
 * device: never blocks on a FIFO), _TOO_BIG or _READ; the message quotes the
 * path.
 */
gboolean armcpu_file_read_bounded(const char *path, gsize max_size, char **contents, gsize *length,
                                  GError **error);

/*
 * Write @len bytes of @data to @path atomically: a temporary file in the same
 * directory created with @mode, fsync'ed, then renamed over @path, and the
 * directory fsync'ed. A reader sees the old file or the new one, never a torn
 * one. Fails with ARMCPU_UTIL_ERROR_WRITE.
 */
gboolean armcpu_file_write_atomic(const char *path, const char *data, gsize len, int mode,
                                  GError **error);

/* The lowercase hex SHA-256 of @len bytes at @data; owned by the caller. */
char *armcpu_sha256_hex(const void *data, gsize len);

/* A monotonic deadline in microseconds, as g_get_monotonic_time() counts. */
typedef gint64 ArmcpuDeadline;

/* A deadline @timeout_ms milliseconds from now. */
ArmcpuDeadline armcpu_deadline_in_ms(guint timeout_ms);

/* Milliseconds left until @deadline, clamped to 0..G_MAXINT. */
int armcpu_deadline_remaining_ms(ArmcpuDeadline deadline);

/* TRUE when @s holds only ASCII characters of [A-Za-z0-9_.-]. */
gboolean armcpu_str_is_token(const char *s);

G_END_DECLS
