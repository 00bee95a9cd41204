/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz-qmp.c: libFuzzer target for the QMP client's message framing: the
 * input is what "QEMU" sends on the QMP socket. It is written to one end of a
 * socketpair, whose other end the client reads until EOF, running what the
 * probe runs: greeting, negotiation, three pipelined commands waited for out
 * of order, and quit.
 *
 * Each input runs twice: as one stream (SOCK_STREAM, default limits), and as
 * SOCK_SEQPACKET records of a few bytes each, so that every read boundary
 * falls somewhere else (a UTF-8 character or a message split across reads),
 * with tight limits (512-byte messages, depth 8, 4 events kept) and the first
 * bytes of the input also arriving as QEMU's stderr.
 *
 * Invariants: every failure is an ARMCPU_QMP_ERROR with a message; nothing
 * waits for its deadline (the peer has closed, so every call ends at once);
 * the version is "N.N.N"; the stderr tail is valid UTF-8 without control
 * characters but newline and tab.
 * Seeds: the QEMU 7.2 transcripts of tests/data/qemu-7.2 and the fake QEMU
 * fixtures of tests/data/qemu, replayed with the ids this sequence uses
 * (tests/fuzz/seeds/qmp).
 */
#include "fuzz-common.h"
#include "qmp/qmp.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#define STDERR_BYTES 300
#define PACKETS_MAX  64
#define DEADLINE_MS  10000

/* "N.N.N" */
static gboolean
version_ok(const char *v)
{
    for (int part = 0; part < 3; part++) {
        if (!g_ascii_isdigit(*v))
            return FALSE;
        while (g_ascii_isdigit(*v))
            v++;
        if (*v != (part < 2 ? '.' : '\0'))
            return FALSE;
        v++;
    }
    return TRUE;
}

static void
check_error(const GError *err)
{
    g_assert(err != NULL);
    if (err->domain != ARMCPU_QMP_ERROR || !err->message[0])
        g_error("unexpected error: %s", err->message);
    if (err->code == ARMCPU_QMP_ERROR_TIMEOUT)
        g_error("timed out although the peer closed: %s", err->message);
}

/* Send @size bytes as records of @chunk bytes (0: as one stream write). */
static void
feed(int fd, const uint8_t *data, size_t size, size_t chunk)
{
    size_t off = 0;

    while (off < size) {
        size_t n = chunk ? MIN(chunk, size - off) : size - off;
        ssize_t w = send(fd, data + off, n, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (w <= 0)
            break; /* the socket buffer is full: the rest is lost, as in a crash */
        off += (size_t)w;
    }
}

static void
conversation(ArmcpuQmp *q)
{
    static const char *const commands[] = {"query-commands", "qom-list-properties",
                                           "query-cpu-model-expansion"};
    ArmcpuDeadline deadline = armcpu_deadline_in_ms(DEADLINE_MS);
    g_autoptr(GError) err = NULL;
    guint ids[G_N_ELEMENTS(commands)] = {0};
    static const guint order[] = {2, 0, 1};
    g_autoptr(json_object) args = json_object_new_object();

    if (!armcpu_qmp_handshake(q, deadline, &err)) {
        check_error(err);
        return;
    }
    const char *v = armcpu_qmp_qemu_version(q);
    g_assert(v && version_ok(v));
    g_assert(armcpu_qmp_qemu_package(q) != NULL);

    json_object_object_add(args, "typename", json_object_new_string("max-arm-cpu"));
    for (guint i = 0; i < G_N_ELEMENTS(commands); i++) {
        ids[i] = armcpu_qmp_send(q, commands[i], i == 1 ? args : NULL, &err);
        if (!ids[i]) {
            check_error(err);
            g_clear_error(&err);
        }
    }
    for (guint i = 0; i < G_N_ELEMENTS(order); i++) {
        guint id = ids[order[i]];
        if (!id)
            continue;
        g_autoptr(json_object) ret = armcpu_qmp_wait(q, id, deadline, &err);
        if (!ret) {
            check_error(err);
            g_clear_error(&err);
        }
    }
    if (!armcpu_qmp_quit(q, deadline, &err))
        check_error(err);
}

static void
run(const uint8_t *data, size_t size, gboolean packets)
{
    static const ArmcpuQmpLimits tight = {512, 8, 4};
    int sv[2], errp[2] = {-1, -1};
    g_autoptr(ArmcpuQmp) q = NULL;
    gint64 start = g_get_monotonic_time();

    if (socketpair(AF_UNIX, (packets ? SOCK_SEQPACKET : SOCK_STREAM) | SOCK_CLOEXEC, 0, sv) < 0)
        g_error("socketpair: %s", g_strerror(errno));
    feed(sv[1], data, size,
         packets ? MAX((size_t)1 + (size ? data[size - 1] % 16 : 0), size / PACKETS_MAX + 1) : 0);
    shutdown(sv[1], SHUT_WR);
    q = armcpu_qmp_new(sv[0], packets ? &tight : NULL);
    if (packets) {
        if (pipe2(errp, O_CLOEXEC | O_NONBLOCK) < 0)
            g_error("pipe: %s", g_strerror(errno));
        if (write(errp[1], data, MIN(size, STDERR_BYTES)) < 0)
            g_error("write: %s", g_strerror(errno));
        close(errp[1]);
        armcpu_qmp_watch_stderr(q, errp[0], NULL);
    }

    conversation(q);

    guint n = armcpu_qmp_n_events(q);
    for (guint i = 0; i < n && i < (packets ? tight.max_events : 1000); i++)
        g_assert(armcpu_qmp_event_name(q, i) != NULL);
    g_assert(armcpu_qmp_event_name(q, packets ? tight.max_events : 1000) == NULL);
    const char *tail = armcpu_qmp_stderr_tail(q);
    g_assert(g_utf8_validate(tail, -1, NULL));
    for (const char *c = tail; *c; c++)
        g_assert(*c == '\n' || *c == '\t' || (guchar)*c >= 0x20);
    g_clear_pointer(&q, armcpu_qmp_free);
    if (errp[0] >= 0)
        close(errp[0]);
    close(sv[1]);
    if (g_get_monotonic_time() - start > 2 * G_USEC_PER_SEC)
        g_error("one conversation took %" G_GINT64_FORMAT " ms with a closed peer",
                (g_get_monotonic_time() - start) / 1000);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    run(data, size, FALSE);
    run(data, size, TRUE);
    return 0;
}
