/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * qmp.c: the QMP client: framing, pipelining, events, limits, deadlines.
 *
 * Reading: bytes from the socket go into a small buffer and are fed to one
 * incremental json-c tokener, a message at a time; whitespace between
 * messages is skipped before it reaches the tokener, so the size limit counts
 * the bytes of the message itself. A complete message is dispatched at once:
 * the greeting is recorded, an event is counted and named, a reply is kept
 * under its id until someone waits for it.
 *
 * Writing: commands are serialised into an output queue; each wait writes
 * what the socket accepts whenever poll() says it can, so a peer that does not
 * read never blocks the client beyond its deadline, and a large command never
 * deadlocks against a large reply.
 */
#include "qmp.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "util/util.h"

ARMCPU_DEFINE_QUARK("armcpu-qmp-error-quark", armcpu_qmp_error)

#define ID_PREFIX         "armcpu-"
#define READ_CHUNK        65536
#define EVENT_NAME_MAX    256
#define QUOTE_MAX         120  /* bytes of a message quoted in an error */
#define DEPTH_CAP         1024 /* the largest max_depth honoured */
#define STDERR_EOF_MS     1000 /* how long an EOF error waits for QEMU's stderr to end */
#define STDERR_READ       4096
#define STDERR_MIN_ROUNDS 16 /* reads a drain may do past its deadline (a flooding child) */

/* Where a streamed UTF-8 check stands: continuation bytes due and the next one's range. */
typedef struct {
    guint8 need, lo, hi;
} Utf8Check;

typedef struct {
    char *command;
    guint64 end;        /* output stream offset just past this command's bytes */
    json_object *reply; /* the whole reply message once it arrived */
} Pending;

struct _ArmcpuQmp {
    int fd;
    ArmcpuQmpLimits limits;

    json_tokener *tok;
    gsize msg_bytes; /* bytes fed to the tokener for the message in progress */
    Utf8Check utf8;  /* json-c's own check fails on a character split across reads */
    guint8 *rbuf;
    gsize rpos, rlen;

    GByteArray *out; /* queued output; out_pos bytes of it are written */
    gsize out_pos;
    guint64 queued, written; /* totals since the start, for Pending.end */
    int write_errno;         /* 0, or why the socket refused our bytes */

    GHashTable *pending; /* "armcpu-N" -> Pending* */
    guint next_id;

    gboolean greeted;
    char *version;
    char *package;

    GPtrArray *events; /* event names, at most limits.max_events */
    guint n_events;
    gboolean shutdown_seen;

    int err_fd; /* watched stderr, not owned; -1 if none */
    gboolean err_eof;
    GByteArray *tail;
    char *tail_text;

    GError *broken; /* set once the connection is unusable */
};

static void
pending_free(gpointer data)
{
    Pending *pd = data;

    g_free(pd->command);
    if (pd->reply)
        json_object_put(pd->reply);
    g_free(pd);
}

/* ----- stderr tails ----- */

void
armcpu_stderr_tail_append(GByteArray *tail, const guint8 *data, gsize len)
{
    if (len >= ARMCPU_STDERR_TAIL_MAX) {
        g_byte_array_set_size(tail, 0);
        g_byte_array_append(tail, data + len - ARMCPU_STDERR_TAIL_MAX, ARMCPU_STDERR_TAIL_MAX);
        return;
    }
    g_byte_array_append(tail, data, (guint)len);
    if (tail->len > ARMCPU_STDERR_TAIL_MAX)
        g_byte_array_remove_range(tail, 0, tail->len - ARMCPU_STDERR_TAIL_MAX);
}

char *
armcpu_stderr_tail_text(const GByteArray *tail)
{
    g_autofree char *bytes = NULL;
    g_autofree char *valid = NULL;
    g_autoptr(GString) out = NULL;

    if (!tail || tail->len == 0)
        return g_strdup("");
    /* NUL bytes would end the string early: make them visible first. */
    bytes = g_malloc(tail->len);
    for (guint i = 0; i < tail->len; i++)
        bytes[i] = tail->data[i] ? (char)tail->data[i] : '?';
    valid = g_utf8_make_valid(bytes, tail->len);
    out = g_string_sized_new(tail->len);
    for (const char *p = valid; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);

        if (c != '\n' && c != '\t' && g_unichar_iscntrl(c))
            g_string_append_c(out, '?');
        else
            g_string_append_unichar(out, c);
    }
    g_strstrip(out->str);
    return g_strdup(out->str);
}

/* Read once from the watched stderr (poll() said it is ready). */
static void
stderr_read_once(ArmcpuQmp *q)
{
    guint8 buf[STDERR_READ];
    ssize_t n = read(q->err_fd, buf, sizeof(buf));

    if (n > 0)
        armcpu_stderr_tail_append(q->tail, buf, (gsize)n);
    else if (n == 0 || (errno != EINTR && errno != EAGAIN))
        q->err_eof = TRUE;
}

/*
 * Read the watched stderr until its end or until @until; with @until in the
 * past, read only what is already there.
 */
static void
stderr_drain(ArmcpuQmp *q, ArmcpuDeadline until)
{
    for (guint round = 0; q->err_fd >= 0 && !q->err_eof; round++) {
        struct pollfd p = {.fd = q->err_fd, .events = POLLIN};
        int ms = armcpu_deadline_remaining_ms(until);
        int rc;

        if (ms == 0 && round >= STDERR_MIN_ROUNDS)
            return;
        rc = poll(&p, 1, ms);
        if (rc < 0 && errno == EINTR)
            continue;
        if (rc <= 0)
            return;
        stderr_read_once(q);
    }
}

/* ----- errors ----- */

/* A connection-level error: @msg, then what QEMU said on stderr if anything. */
static GError *
conn_error(ArmcpuQmp *q, ArmcpuQmpError code, const char *msg)
{
    const char *tail = armcpu_qmp_stderr_tail(q);

    if (*tail)
        return g_error_new(ARMCPU_QMP_ERROR, code, "%s: QEMU said: %s", msg, tail);
    return g_error_new_literal(ARMCPU_QMP_ERROR, code, msg);
}

/* How long to read stderr before composing an error with code @code. */
static ArmcpuDeadline
stderr_until(ArmcpuQmpError code, ArmcpuDeadline deadline)
{
    ArmcpuDeadline grace;

    /* Only a closed connection means QEMU is exiting and its stderr will end soon. */
    if (code != ARMCPU_QMP_ERROR_EOF && code != ARMCPU_QMP_ERROR_IO)
        return 0;
    grace = armcpu_deadline_in_ms(STDERR_EOF_MS);
    return MIN(deadline, grace);
}

/* The error with @code and message @fmt, QEMU's stderr read up to its deadline first. */
static GError *G_GNUC_PRINTF(4, 0) vfailure(ArmcpuQmp *q, ArmcpuDeadline deadline,
                                            ArmcpuQmpError code, const char *fmt, va_list ap)
{
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);

    stderr_drain(q, stderr_until(code, deadline));
    return conn_error(q, code, msg);
}

/* Set @error (code @code) without breaking the connection; returns FALSE. */
static gboolean G_GNUC_PRINTF(5, 6) fail(ArmcpuQmp *q, ArmcpuDeadline deadline, GError **error,
                                         ArmcpuQmpError code, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    g_propagate_error(error, vfailure(q, deadline, code, fmt, ap));
    va_end(ap);
    return FALSE;
}

/* Break the connection for good with @code and set @error to a copy; returns FALSE. */
static gboolean G_GNUC_PRINTF(5, 6)
    fail_broken(ArmcpuQmp *q, ArmcpuDeadline deadline, GError **error, ArmcpuQmpError code,
                const char *fmt, ...)
{
    va_list ap;
    GError *e;

    va_start(ap, fmt);
    e = vfailure(q, deadline, code, fmt, ap);
    va_end(ap);
    g_clear_error(&q->broken);
    q->broken = e;
    g_propagate_error(error, g_error_copy(q->broken));
    return FALSE;
}

/* Up to QUOTE_MAX bytes of @obj as JSON, for error messages; owned by the caller. */
static char *
quote(json_object *obj)
{
    const char *s = json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PLAIN |
                                                            JSON_C_TO_STRING_NOSLASHESCAPE);
    gsize len = strlen(s);

    if (len <= QUOTE_MAX)
        return g_strdup(s);
    /* The cut may split a UTF-8 sequence: repair it. */
    g_autofree char *valid = g_utf8_make_valid(s, QUOTE_MAX);
    return g_strconcat(valid, "...", NULL);
}

/* ----- life cycle ----- */

ArmcpuQmp *
armcpu_qmp_new(int fd, const ArmcpuQmpLimits *limits)
{
    ArmcpuQmp *q = g_new0(ArmcpuQmp, 1);
    int flags;

    q->fd = fd;
    q->limits.max_message =
        limits && limits->max_message ? limits->max_message : ARMCPU_QMP_DEFAULT_MAX_MESSAGE;
    q->limits.max_depth = limits && limits->max_depth ? MIN(limits->max_depth, DEPTH_CAP)
                                                      : ARMCPU_QMP_DEFAULT_MAX_DEPTH;
    q->limits.max_events =
        limits && limits->max_events ? limits->max_events : ARMCPU_QMP_DEFAULT_MAX_EVENTS;

    /* json-c counts a scalar inside the innermost container as one more level. */
    q->tok = json_tokener_new_ex((int)q->limits.max_depth + 1);
    if (!q->tok)
        g_error("out of memory for a JSON tokener");
    json_tokener_set_flags(q->tok, JSON_TOKENER_STRICT | JSON_TOKENER_ALLOW_TRAILING_CHARS);
    q->rbuf = g_malloc(READ_CHUNK);
    q->out = g_byte_array_new();
    q->pending = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, pending_free);
    q->next_id = 1;
    q->events = g_ptr_array_new_with_free_func(g_free);
    q->err_fd = -1;
    q->tail = g_byte_array_new();

    flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
        int saved = errno;
        q->broken = g_error_new(ARMCPU_QMP_ERROR, ARMCPU_QMP_ERROR_IO,
                                "cannot use fd %d as the QMP socket: %s", fd, g_strerror(saved));
    }
    return q;
}

void
armcpu_qmp_free(ArmcpuQmp *q)
{
    if (!q)
        return;
    if (q->fd >= 0)
        close(q->fd);
    json_tokener_free(q->tok);
    g_free(q->rbuf);
    g_byte_array_unref(q->out);
    g_hash_table_destroy(q->pending);
    g_free(q->version);
    g_free(q->package);
    g_ptr_array_unref(q->events);
    g_byte_array_unref(q->tail);
    g_free(q->tail_text);
    g_clear_error(&q->broken);
    g_free(q);
}

void
armcpu_qmp_watch_stderr(ArmcpuQmp *q, int fd, GByteArray *tail)
{
    q->err_fd = fd;
    q->err_eof = fd < 0;
    g_byte_array_unref(q->tail);
    q->tail = tail ? g_byte_array_ref(tail) : g_byte_array_new();
}

const char *
armcpu_qmp_stderr_tail(ArmcpuQmp *q)
{
    g_free(q->tail_text);
    q->tail_text = armcpu_stderr_tail_text(q->tail);
    return q->tail_text;
}

const char *
armcpu_qmp_qemu_version(ArmcpuQmp *q)
{
    return q->version;
}

const char *
armcpu_qmp_qemu_package(ArmcpuQmp *q)
{
    return q->package;
}

guint
armcpu_qmp_n_events(ArmcpuQmp *q)
{
    return q->n_events;
}

const char *
armcpu_qmp_event_name(ArmcpuQmp *q, guint i)
{
    return i < q->events->len ? g_ptr_array_index(q->events, i) : NULL;
}

/* ----- socket I/O ----- */

/* Write what the socket takes now; a refusal is kept in write_errno. */
static void
flush(ArmcpuQmp *q)
{
    while (q->out_pos < q->out->len && q->write_errno == 0) {
        ssize_t n = send(q->fd, q->out->data + q->out_pos, q->out->len - q->out_pos,
                         MSG_NOSIGNAL | MSG_DONTWAIT);

        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                q->write_errno = errno;
            return;
        }
        q->out_pos += (gsize)n;
        q->written += (guint64)n;
    }
    if (q->out_pos == q->out->len) {
        g_byte_array_set_size(q->out, 0);
        q->out_pos = 0;
    }
}

/* TRUE when @pd will never be answered because its bytes can no longer be written. */
static gboolean
unsendable(ArmcpuQmp *q, const Pending *pd)
{
    return pd && q->write_errno != 0 && pd->end > q->written;
}

static gboolean
fail_unsendable(ArmcpuQmp *q, const Pending *pd, ArmcpuDeadline deadline, GError **error)
{
    if (q->write_errno == EPIPE || q->write_errno == ECONNRESET)
        return fail(q, deadline, error, ARMCPU_QMP_ERROR_EOF,
                    "QEMU closed the QMP connection before '%s' was sent", pd->command);
    return fail(q, deadline, error, ARMCPU_QMP_ERROR_IO, "cannot send '%s' to QEMU: %s",
                pd->command, g_strerror(q->write_errno));
}

/*
 * Wait until the socket has bytes and read them into the (empty) buffer,
 * writing queued output and draining stderr meanwhile. @what names what we
 * wait for, for messages; @pd is the command waited for, or NULL.
 */
static gboolean
fill(ArmcpuQmp *q, const Pending *pd, ArmcpuDeadline deadline, const char *what, GError **error)
{
    for (gboolean first = TRUE;; first = FALSE) {
        struct pollfd pfd[2];
        nfds_t n = 1;
        int ms = armcpu_deadline_remaining_ms(deadline);
        int rc;

        if (unsendable(q, pd))
            return fail_unsendable(q, pd, deadline, error);
        /* The first round polls even at a passed deadline, to take what is already there. */
        if (ms == 0 && !first)
            return fail(q, deadline, error, ARMCPU_QMP_ERROR_TIMEOUT, "timed out waiting for %s",
                        what);
        pfd[0].fd = q->fd;
        pfd[0].events = POLLIN;
        pfd[0].revents = 0;
        if (q->out_pos < q->out->len && q->write_errno == 0)
            pfd[0].events |= POLLOUT;
        if (q->err_fd >= 0 && !q->err_eof) {
            pfd[1].fd = q->err_fd;
            pfd[1].events = POLLIN;
            pfd[1].revents = 0;
            n = 2;
        }
        rc = poll(pfd, n, ms);
        if (rc < 0) {
            int saved = errno;
            if (saved == EINTR)
                continue;
            return fail_broken(q, deadline, error, ARMCPU_QMP_ERROR_IO,
                               "cannot wait for the QMP socket: %s", g_strerror(saved));
        }
        if (n == 2 && pfd[1].revents)
            stderr_read_once(q);
        if (pfd[0].revents & POLLNVAL)
            return fail_broken(q, deadline, error, ARMCPU_QMP_ERROR_IO,
                               "the QMP socket is not open");
        if (pfd[0].revents & POLLOUT)
            flush(q);
        if (pfd[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t got = recv(q->fd, q->rbuf, READ_CHUNK, 0);
            int saved = errno;

            if (got > 0) {
                q->rpos = 0;
                q->rlen = (gsize)got;
                return TRUE;
            }
            if (got < 0 && (saved == EINTR || saved == EAGAIN || saved == EWOULDBLOCK))
                continue;
            if (got == 0 || saved == ECONNRESET)
                return fail_broken(
                    q, deadline, error, ARMCPU_QMP_ERROR_EOF, "QEMU closed the QMP connection %s%s",
                    q->msg_bytes ? "in the middle of a message, waiting for " : "before ", what);
            return fail_broken(q, deadline, error, ARMCPU_QMP_ERROR_IO,
                               "cannot read the QMP socket: %s", g_strerror(saved));
        }
    }
}

/*
 * Check @len more bytes of a stream against UTF-8 (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), across calls.
 */
static gboolean
utf8_check(Utf8Check *u, const guint8 *p, gsize len)
{
    for (gsize i = 0; i < len; i++) {
        guint8 c = p[i];

        if (u->need) {
            if (c < u->lo || c > u->hi)
                return FALSE;
            u->need--;
            u->lo = 0x80;
            u->hi = 0xBF;
            continue;
        }
        u->lo = 0x80;
        u->hi = 0xBF;
        if (c < 0x80)
            continue;
        if (c >= 0xC2 && c <= 0xDF) {
            u->need = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            u->need = 2;
            if (c == 0xE0)
                u->lo = 0xA0; /* overlong */
            else if (c == 0xED)
                u->hi = 0x9F; /* surrogates */
        } else if (c >= 0xF0 && c <= 0xF4) {
            u->need = 3;
            if (c == 0xF0)
                u->lo = 0x90; /* overlong */
            else if (c == 0xF4)
                u->hi = 0x8F; /* above U+10FFFF */
        } else {
            return FALSE;
        }
    }
    return TRUE;
}

static gboolean
is_blank(guint8 c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The next complete message (a JSON object, new reference), reading as needed. */
static gboolean
next_message(ArmcpuQmp *q, const Pending *pd, ArmcpuDeadline deadline, const char *what,
             json_object **out, GError **error)
{
    for (;;) {
        while (q->rpos < q->rlen) {
            const char *p = (const char *)q->rbuf + q->rpos;
            gsize feed = MIN(q->rlen - q->rpos, q->limits.max_message - q->msg_bytes);
            gsize end;
            enum json_tokener_error jerr;
            json_object *obj;

            if (q->msg_bytes == 0 && is_blank(q->rbuf[q->rpos])) {
                q->rpos++;
                continue;
            }
            obj = json_tokener_parse_ex(q->tok, p, (int)feed);
            jerr = json_tokener_get_error(q->tok);
            if (jerr == json_tokener_continue) {
                if (!utf8_check(&q->utf8, (const guint8 *)p, feed))
                    return fail_broken(q, deadline, error, ARMCPU_QMP_ERROR_SYNTAX,
                                       "QEMU sent bytes that are not UTF-8");
                q->rpos += feed;
                q->msg_bytes += feed;
                if (q->msg_bytes >= q->limits.max_message)
                    return fail_broken(q, deadline, error, ARMCPU_QMP_ERROR_TOO_BIG,
                                       "a QMP message is larger than the limit of %" G_GSIZE_FORMAT
                                       " bytes",
                                       q->limits.max_message);
                continue;
            }
            if (jerr == json_tokener_error_depth)
                return fail_broken(q, deadline, error, ARMCPU_QMP_ERROR_TOO_DEEP,
                                   "a QMP message nests deeper than the limit of %u levels",
                                   q->limits.max_depth);
            if (jerr != json_tokener_success)
                return fail_broken(q, deadline, error, ARMCPU_QMP_ERROR_SYNTAX,
                                   "QEMU sent bytes that are not JSON: %s",
                                   json_tokener_error_desc(jerr));
            end = json_tokener_get_parse_end(q->tok);
            q->rpos += end;
            q->msg_bytes = 0;
            json_tokener_reset(q->tok);
            if (!utf8_check(&q->utf8, (const guint8 *)p, end) || q->utf8.need) {
                json_object_put(obj);
                return fail_broken(q, deadline, error, ARMCPU_QMP_ERROR_SYNTAX,
                                   "QEMU sent bytes that are not UTF-8");
            }
            if (!json_object_is_type(obj, json_type_object)) {
                const char *type = obj ? json_type_to_name(json_object_get_type(obj)) : "null";
                json_object_put(obj);
                return fail_broken(q, deadline, error, ARMCPU_QMP_ERROR_PROTOCOL,
                                   "QEMU sent a JSON %s where a QMP message (an object) belongs",
                                   type);
            }
            *out = obj;
            return TRUE;
        }
        q->rpos = q->rlen = 0;
        if (!fill(q, pd, deadline, what, error))
            return FALSE;
    }
}

/* ----- dispatching messages ----- */

static gboolean
version_part(json_object *qemu, const char *key, gint64 *out)
{
    json_object *v;

    if (!json_object_object_get_ex(qemu, key, &v) || !json_object_is_type(v, json_type_int))
        return FALSE;
    *out = json_object_get_int64(v);
    return *out >= 0 && *out <= G_MAXINT;
}

static gboolean
take_greeting(ArmcpuQmp *q, json_object *msg, json_object *body, ArmcpuDeadline deadline,
              GError **error)
{
    json_object *version, *qemu, *package;
    gint64 major, minor, micro;

    if (q->greeted)
        return fail_broken(q, deadline, error, ARMCPU_QMP_ERROR_PROTOCOL,
                           "QEMU sent a second QMP greeting");
    if (!json_object_is_type(body, json_type_object) ||
        !json_object_object_get_ex(body, "version", &version) ||
        !json_object_is_type(version, json_type_object) ||
        !json_object_object_get_ex(version, "qemu", &qemu) ||
        !json_object_is_type(qemu, json_type_object) || !version_part(qemu, "major", &major) ||
        !version_part(qemu, "minor", &minor) || !version_part(qemu, "micro", &micro)) {
        g_autofree char *text = quote(msg);
        return fail_broken(q, deadline, error, ARMCPU_QMP_ERROR_PROTOCOL,
                           "the QMP greeting has no valid QEMU version: %s", text);
    }
    q->version = g_strdup_printf("%d.%d.%d", (int)major, (int)minor, (int)micro);
    if (json_object_object_get_ex(version, "package", &package) &&
        json_object_is_type(package, json_type_string))
        q->package = g_strdup(json_object_get_string(package));
    else
        q->package = g_strdup("");
    q->greeted = TRUE;
    return TRUE;
}

static gboolean
take_event(ArmcpuQmp *q, json_object *msg, json_object *name, ArmcpuDeadline deadline,
           GError **error)
{
    const char *s;

    if (!json_object_is_type(name, json_type_string)) {
        g_autofree char *text = quote(msg);
        return fail_broken(q, deadline, error, ARMCPU_QMP_ERROR_PROTOCOL,
                           "QEMU sent an event without a name: %s", text);
    }
    s = json_object_get_string(name);
    if (q->n_events < G_MAXUINT)
        q->n_events++;
    if (q->events->len < q->limits.max_events)
        g_ptr_array_add(q->events, g_strndup(s, EVENT_NAME_MAX));
    if (strcmp(s, "SHUTDOWN") == 0)
        q->shutdown_seen = TRUE;
    return TRUE;
}

static gboolean
take_reply(ArmcpuQmp *q, json_object *msg, ArmcpuDeadline deadline, GError **error)
{
    json_object *id;
    Pending *pd;

    if (!json_object_object_get_ex(msg, "id", &id)) {
        g_autofree char *text = quote(msg);
        return fail_broken(q, deadline, error, ARMCPU_QMP_ERROR_PROTOCOL,
                           "QEMU sent a reply without an id: %s", text);
    }
    pd = json_object_is_type(id, json_type_string)
             ? g_hash_table_lookup(q->pending, json_object_get_string(id))
             : NULL;
    if (!pd || pd->reply) {
        g_autofree char *text = quote(id);
        return fail_broken(q, deadline, error, ARMCPU_QMP_ERROR_PROTOCOL,
                           "QEMU sent a reply with an id no command is waiting for: %s", text);
    }
    pd->reply = json_object_get(msg);
    return TRUE;
}

/* Handle one message: the greeting, an event, or a reply (kept for its waiter). */
static gboolean
dispatch(ArmcpuQmp *q, json_object *msg, ArmcpuDeadline deadline, GError **error)
{
    json_object *v;
    gboolean has_return, has_error;

    if (json_object_object_get_ex(msg, "QMP", &v))
        return take_greeting(q, msg, v, deadline, error);
    if (!q->greeted) {
        g_autofree char *text = quote(msg);
        return fail_broken(q, deadline, error, ARMCPU_QMP_ERROR_PROTOCOL,
                           "expected the QMP greeting, QEMU sent: %s", text);
    }
    if (json_object_object_get_ex(msg, "event", &v))
        return take_event(q, msg, v, deadline, error);
    has_return = json_object_object_get_ex(msg, "return", NULL);
    has_error = json_object_object_get_ex(msg, "error", NULL);
    if (has_return == has_error) {
        g_autofree char *text = quote(msg);
        return fail_broken(q, deadline, error, ARMCPU_QMP_ERROR_PROTOCOL,
                           "QEMU sent a message that is neither a reply nor an event: %s", text);
    }
    return take_reply(q, msg, deadline, error);
}

/* Read and dispatch one message; @pd is the command waited for, or NULL. */
static gboolean
step(ArmcpuQmp *q, const Pending *pd, ArmcpuDeadline deadline, const char *what, GError **error)
{
    g_autoptr(json_object) msg = NULL;

    if (q->broken) {
        g_propagate_error(error, g_error_copy(q->broken));
        return FALSE;
    }
    if (!next_message(q, pd, deadline, what, &msg, error))
        return FALSE;
    return dispatch(q, msg, deadline, error);
}

/* ----- commands ----- */

guint
armcpu_qmp_send(ArmcpuQmp *q, const char *command, json_object *arguments, GError **error)
{
    g_autoptr(json_object) msg = NULL;
    char *key;
    const char *text;
    size_t len;
    Pending *pd;
    guint id;

    g_return_val_if_fail(q != NULL && command != NULL, 0);
    if (q->broken) {
        g_propagate_error(error, g_error_copy(q->broken));
        return 0;
    }
    if (q->next_id == 0) {
        fail_broken(q, 0, error, ARMCPU_QMP_ERROR_PROTOCOL, "out of command ids");
        return 0;
    }
    id = q->next_id++;
    key = g_strdup_printf(ID_PREFIX "%u", id);
    msg = json_object_new_object();
    json_object_object_add(msg, "execute", json_object_new_string(command));
    if (arguments)
        json_object_object_add(msg, "arguments", json_object_get(arguments));
    json_object_object_add(msg, "id", json_object_new_string(key));
    text = json_object_to_json_string_length(
        msg, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
    g_byte_array_append(q->out, (const guint8 *)text, (guint)len);
    g_byte_array_append(q->out, (const guint8 *)"\n", 1);
    q->queued += len + 1;

    pd = g_new0(Pending, 1);
    pd->command = g_strdup(command);
    pd->end = q->queued;
    g_hash_table_insert(q->pending, key, pd);
    flush(q);
    return id;
}

/* Turn the reply kept under @key into its return value or an error, and forget it. */
static json_object *
reply_result(ArmcpuQmp *q, const char *key, ArmcpuDeadline deadline, GError **error)
{
    Pending *pd = g_hash_table_lookup(q->pending, key);
    json_object *ret, *err, *klass, *desc;
    ArmcpuQmpError code;
    const char *cls;

    if (json_object_object_get_ex(pd->reply, "return", &ret)) {
        if (!ret) {
            fail_broken(q, deadline, error, ARMCPU_QMP_ERROR_PROTOCOL,
                        "QEMU answered '%s' with a null return value", pd->command);
            g_hash_table_remove(q->pending, key);
            return NULL;
        }
        json_object_get(ret);
        g_hash_table_remove(q->pending, key);
        return ret;
    }
    json_object_object_get_ex(pd->reply, "error", &err);
    if (!json_object_is_type(err, json_type_object) ||
        !json_object_object_get_ex(err, "class", &klass) ||
        !json_object_is_type(klass, json_type_string) ||
        !json_object_object_get_ex(err, "desc", &desc) ||
        !json_object_is_type(desc, json_type_string)) {
        g_autofree char *text = quote(pd->reply);
        fail_broken(q, deadline, error, ARMCPU_QMP_ERROR_PROTOCOL,
                    "QEMU answered '%s' with a malformed error: %s", pd->command, text);
        g_hash_table_remove(q->pending, key);
        return NULL;
    }
    cls = json_object_get_string(klass);
    if (strcmp(cls, "CommandNotFound") == 0)
        code = ARMCPU_QMP_ERROR_COMMAND_NOT_FOUND;
    else if (strcmp(cls, "GenericError") == 0)
        code = ARMCPU_QMP_ERROR_GENERIC;
    else
        code = ARMCPU_QMP_ERROR_OTHER_CLASS;
    g_set_error(error, ARMCPU_QMP_ERROR, code, "%s: %s (%s)", pd->command,
                json_object_get_string(desc), cls);
    g_hash_table_remove(q->pending, key);
    return NULL;
}

json_object *
armcpu_qmp_wait(ArmcpuQmp *q, guint id, ArmcpuDeadline deadline, GError **error)
{
    g_autofree char *key = NULL;
    g_autofree char *what = NULL;
    Pending *pd;

    g_return_val_if_fail(q != NULL, NULL);
    key = g_strdup_printf(ID_PREFIX "%u", id);
    pd = g_hash_table_lookup(q->pending, key);
    /* Waiting for a command never sent, or twice for one, is a bug in the caller. */
    g_return_val_if_fail(pd != NULL, NULL);
    what = g_strdup_printf("the reply to '%s'", pd->command);
    while (!pd->reply) {
        if (!step(q, pd, deadline, what, error))
            return NULL;
    }
    return reply_result(q, key, deadline, error);
}

json_object *
armcpu_qmp_execute(ArmcpuQmp *q, const char *command, json_object *arguments,
                   ArmcpuDeadline deadline, GError **error)
{
    guint id = armcpu_qmp_send(q, command, arguments, error);

    if (!id)
        return NULL;
    return armcpu_qmp_wait(q, id, deadline, error);
}

gboolean
armcpu_qmp_handshake(ArmcpuQmp *q, ArmcpuDeadline deadline, GError **error)
{
    g_autoptr(json_object) ret = NULL;

    while (!q->greeted) {
        if (!step(q, NULL, deadline, "the QMP greeting", error))
            return FALSE;
    }
    ret = armcpu_qmp_execute(q, "qmp_capabilities", NULL, deadline, error);
    return ret != NULL;
}

/* TRUE when @err (taken) says the connection ended: QEMU is gone, so it quit. */
static gboolean
quit_result(GError *err, GError **error)
{
    if (g_error_matches(err, ARMCPU_QMP_ERROR, ARMCPU_QMP_ERROR_EOF)) {
        g_error_free(err);
        return TRUE;
    }
    g_propagate_error(error, err);
    return FALSE;
}

gboolean
armcpu_qmp_quit(ArmcpuQmp *q, ArmcpuDeadline deadline, GError **error)
{
    g_autofree char *key = NULL;
    g_autoptr(json_object) ret = NULL;
    GError *err = NULL;
    Pending *pd;
    guint id;

    q->shutdown_seen = FALSE;
    id = armcpu_qmp_send(q, "quit", NULL, &err);
    if (!id)
        return quit_result(err, error);
    key = g_strdup_printf(ID_PREFIX "%u", id);
    pd = g_hash_table_lookup(q->pending, key);
    while (!pd->reply && !q->shutdown_seen) {
        if (!step(q, pd, deadline, "QEMU to quit", &err))
            return quit_result(err, error);
    }
    if (!pd->reply)
        return TRUE; /* SHUTDOWN came first; the reply, if any, is not needed */
    ret = reply_result(q, key, deadline, error);
    return ret != NULL;
}
