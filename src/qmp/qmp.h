/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * qmp.h: a synchronous QMP client over one connected stream socket, for the
 * library only.
 *
 * The client is single-threaded and blocking in the sense that every call
 * returns only when it is done, but no call waits longer than the deadline it
 * is given: the socket is non-blocking and every wait is a poll() bounded by
 * the deadline. Commands can be pipelined (send several, then wait for each in
 * any order); replies to other commands and events that arrive meanwhile are
 * kept. Everything the peer sends is treated as hostile: messages are bounded
 * in size and nesting, and anything that is not a QMP message fails cleanly.
 */
#pragma once

#include "util/util.h"

#include <glib.h>
#include <json-c/json.h>

G_BEGIN_DECLS

/* json-c objects are reference-counted; g_autoptr(json_object) drops one reference. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC(json_object, json_object_put)

#define ARMCPU_QMP_ERROR (armcpu_qmp_error_quark())
GQuark armcpu_qmp_error_quark(void);

typedef enum {
    ARMCPU_QMP_ERROR_IO,                /* reading or writing the socket failed */
    ARMCPU_QMP_ERROR_EOF,               /* the peer closed the connection before the answer */
    ARMCPU_QMP_ERROR_TIMEOUT,           /* the deadline passed */
    ARMCPU_QMP_ERROR_TOO_BIG,           /* one message over the size limit */
    ARMCPU_QMP_ERROR_TOO_DEEP,          /* JSON nesting over the depth limit */
    ARMCPU_QMP_ERROR_SYNTAX,            /* bytes that are not JSON */
    ARMCPU_QMP_ERROR_PROTOCOL,          /* JSON, but not the QMP message expected */
    ARMCPU_QMP_ERROR_COMMAND_NOT_FOUND, /* QEMU answered with class CommandNotFound */
    ARMCPU_QMP_ERROR_GENERIC,           /* QEMU answered with class GenericError */
    ARMCPU_QMP_ERROR_OTHER_CLASS,       /* QEMU answered with any other error class */
    ARMCPU_QMP_ERROR_LAST
} ArmcpuQmpError;

/* Bounds on what the peer may send; a 0 field takes the default. */
typedef struct {
    gsize max_message; /* bytes of one message (default 4 MiB) */
    guint max_depth;   /* nesting of arrays and objects in one message (default 64) */
    guint max_events;  /* event names kept; later events are only counted (default 1000) */
} ArmcpuQmpLimits;

#define ARMCPU_QMP_DEFAULT_MAX_MESSAGE (4 * 1024 * 1024)
#define ARMCPU_QMP_DEFAULT_MAX_DEPTH   64
#define ARMCPU_QMP_DEFAULT_MAX_EVENTS  1000

/* How many bytes of a child's stderr a tail keeps (the last ones). */
#define ARMCPU_STDERR_TAIL_MAX 4096

typedef struct _ArmcpuQmp ArmcpuQmp;

/*
 * A client for the connected stream socket @fd, which it takes (it is made
 * non-blocking and closed by armcpu_qmp_free). @limits may be NULL for the
 * defaults. Nothing is read until a call needs it. Never fails: a bad fd shows
 * up as ARMCPU_QMP_ERROR_IO on the first call. Returns a new client
 * (armcpu_qmp_free).
 */
ArmcpuQmp *armcpu_qmp_new(int fd, const ArmcpuQmpLimits *limits);

/* Close the socket and free @qmp; NULL is ignored. Does not touch a watched stderr fd. */
void armcpu_qmp_free(ArmcpuQmp *qmp);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ArmcpuQmp, armcpu_qmp_free)

/*
 * Also read @fd (QEMU's stderr; not taken, must stay open while @qmp uses it)
 * whenever the client waits, so that QEMU never blocks on a full pipe, and
 * keep its last ARMCPU_STDERR_TAIL_MAX bytes. @tail is the buffer to keep them
 * in: NULL for one of the client's own, or a buffer shared with the owner of
 * the pipe (armcpu_qemu_process_stderr_tail), which the client references.
 * Once a tail is non-empty, every connection-level error (I/O, EOF, timeout,
 * size, syntax, protocol) ends with ": QEMU said: <tail>"; on EOF the client
 * first reads @fd to its end (bounded by the call's deadline and by one
 * second), since QEMU writes its message and then exits.
 */
void armcpu_qmp_watch_stderr(ArmcpuQmp *qmp, int fd, GByteArray *tail);

/*
 * The stderr tail read so far, as printable text (armcpu_stderr_tail_text);
 * "" when nothing was read or no stderr is watched. Owned by @qmp, valid until
 * the next call on @qmp.
 */
const char *armcpu_qmp_stderr_tail(ArmcpuQmp *qmp);

/*
 * Read the greeting, then negotiate with qmp_capabilities, both before
 * @deadline. Returns TRUE when QEMU accepted; the version is then known.
 * Fails with ARMCPU_QMP_ERROR_PROTOCOL when the first message is not a
 * greeting, with the error of the qmp_capabilities reply when QEMU refuses,
 * or with a connection-level code.
 */
gboolean armcpu_qmp_handshake(ArmcpuQmp *qmp, ArmcpuDeadline deadline, GError **error);

/* QEMU's version from the greeting ("7.2.22"), or NULL before it arrived. Owned by @qmp. */
const char *armcpu_qmp_qemu_version(ArmcpuQmp *qmp);

/* QEMU's package string from the greeting ("Debian 1:7.2+dfsg-..."; may be ""), or NULL. */
const char *armcpu_qmp_qemu_package(ArmcpuQmp *qmp);

/*
 * Queue @command with @arguments (borrowed; NULL for none) and write as much
 * of it as the socket takes now without blocking; the rest is written while
 * the client waits. Returns the command's id (> 0; sent as the string
 * "armcpu-<id>", counting from 1 on each client) to give armcpu_qmp_wait, or 0
 * when the connection already failed (the error that broke it is copied to
 * @error). A write that fails later is reported by the wait for a reply that
 * cannot come.
 */
guint armcpu_qmp_send(ArmcpuQmp *qmp, const char *command, json_object *arguments, GError **error);

/*
 * Wait until @deadline for the reply to command @id (from armcpu_qmp_send,
 * not yet waited for), keeping replies to other commands and events. Returns
 * the reply's "return" value (a new reference: json_object_put), which may be
 * any JSON value but null. An error reply fails with
 * ARMCPU_QMP_ERROR_COMMAND_NOT_FOUND, _GENERIC or _OTHER_CLASS and the message
 * "<command>: <desc> (<class>)" with QEMU's desc verbatim; the command stays
 * answered and the connection usable. A timeout fails with
 * ARMCPU_QMP_ERROR_TIMEOUT and leaves the command pending (it can be waited
 * for again). Any other failure breaks the connection for good: later calls
 * fail with the same error.
 */
json_object *armcpu_qmp_wait(ArmcpuQmp *qmp, guint id, ArmcpuDeadline deadline, GError **error);

/* armcpu_qmp_send then armcpu_qmp_wait: the "return" value, or NULL with @error. */
json_object *armcpu_qmp_execute(ArmcpuQmp *qmp, const char *command, json_object *arguments,
                                ArmcpuDeadline deadline, GError **error);

/*
 * Ask QEMU to quit and wait until @deadline for the sign that it does: the
 * SHUTDOWN event, the reply to quit, or the end of the connection (QEMU
 * closes it when it exits) all count as success. Also TRUE when the
 * connection had already ended. Fails on an error reply to quit, a timeout or
 * another broken connection; the caller still has to reap the process.
 */
gboolean armcpu_qmp_quit(ArmcpuQmp *qmp, ArmcpuDeadline deadline, GError **error);

/* How many events arrived so far (counting those beyond max_events). */
guint armcpu_qmp_n_events(ArmcpuQmp *qmp);

/*
 * The name of the @i-th event (from 0, in arrival order; at most 256 bytes
 * kept), or NULL when @i is beyond the events kept. Owned by @qmp.
 */
const char *armcpu_qmp_event_name(ArmcpuQmp *qmp, guint i);

/* ----- stderr tails (shared with src/qemu/process.c) ----- */

/* Append @len bytes of @data to @tail and drop all but its last ARMCPU_STDERR_TAIL_MAX bytes. */
void armcpu_stderr_tail_append(GByteArray *tail, const guint8 *data, gsize len);

/*
 * @tail as printable text: invalid UTF-8 repaired, control characters other
 * than newline and tab shown as '?', surrounding whitespace trimmed. Owned by
 * the caller (g_free); "" when @tail is NULL or blank.
 */
char *armcpu_stderr_tail_text(const GByteArray *tail);

G_END_DECLS
