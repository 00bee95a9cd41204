/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-qmp.c: the QMP client against an in-process peer on a socketpair.
 *
 * The peer is this test itself: it writes canned bytes into its end (the
 * client only reads when a call needs a message, so replies may be written
 * before the commands they answer) and reads back what the client sent. A
 * GThread plays the peer where the bytes exceed a socket buffer or must come
 * after the client started waiting.
 */
#include "qmp/qmp.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* What QEMU 7.2 sent (reference transcripts). */
#define GREETING                                                                                   \
    "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 22, \"minor\": 2, \"major\": 7}, "             \
    "\"package\": \"Debian 1:7.2+dfsg-7+deb12u18+b3\"}, \"capabilities\": [\"oob\"]}}\r\n"
#define CAPS_OK "{\"return\": {}, \"id\": \"armcpu-1\"}\r\n"
#define SHUTDOWN_EVENT                                                                             \
    "{\"timestamp\": {\"seconds\": 1795556931, \"microseconds\": 62564}, \"event\": "              \
    "\"SHUTDOWN\", \"data\": {\"guest\": false, \"reason\": \"host-qmp-quit\"}}\r\n"

/* Every wait in these tests ends within this many milliseconds. */
#define TEST_WAIT_MS 5000

static ArmcpuDeadline
soon(void)
{
    return armcpu_deadline_in_ms(TEST_WAIT_MS);
}

/* ----- the peer ----- */

typedef struct {
    int peer;
    ArmcpuQmp *qmp;
} Conn;

static Conn *
conn_new(const ArmcpuQmpLimits *limits)
{
    Conn *c = g_new0(Conn, 1);
    int sv[2];

    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), ==, 0);
    c->peer = sv[1];
    c->qmp = armcpu_qmp_new(sv[0], limits);
    return c;
}

static void
conn_free(Conn *c)
{
    armcpu_qmp_free(c->qmp);
    if (c->peer >= 0)
        close(c->peer);
    g_free(c);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Conn, conn_free)

static void
write_all(int fd, const void *data, gsize len)
{
    const char *p = data;

    while (len > 0) {
        ssize_t n = write(fd, p, len);

        if (n < 0 && errno == EINTR)
            continue;
        g_assert_cmpint(n, >, 0);
        p += n;
        len -= (gsize)n;
    }
}

static void
peer_say(Conn *c, const char *text)
{
    write_all(c->peer, text, strlen(text));
}

/* The next line the client sent, parsed. */
static json_object *
peer_hear(Conn *c)
{
    g_autoptr(GString) line = g_string_new(NULL);

    for (;;) {
        struct pollfd p = {.fd = c->peer, .events = POLLIN};
        char ch;

        g_assert_cmpint(poll(&p, 1, TEST_WAIT_MS), ==, 1);
        g_assert_cmpint(read(c->peer, &ch, 1), ==, 1);
        if (ch == '\n')
            break;
        g_string_append_c(line, ch);
    }
    json_object *obj = json_tokener_parse(line->str);
    g_assert_nonnull(obj);
    return obj;
}

static const char *
member_string(json_object *obj, const char *key)
{
    json_object *v;

    if (!json_object_object_get_ex(obj, key, &v))
        return NULL;
    return json_object_get_string(v);
}

/* Assert the client sent @command with id armcpu-@id (and @arguments, as JSON, or none). */
static void
peer_expect(Conn *c, const char *command, guint id, const char *arguments)
{
    g_autoptr(json_object) cmd = peer_hear(c);
    g_autofree char *want_id = g_strdup_printf("armcpu-%u", id);
    json_object *args = NULL;

    g_assert_cmpstr(member_string(cmd, "execute"), ==, command);
    g_assert_cmpstr(member_string(cmd, "id"), ==, want_id);
    json_object_object_get_ex(cmd, "arguments", &args);
    if (arguments) {
        g_autoptr(json_object) want = json_tokener_parse(arguments);
        g_assert_true(json_object_equal(args, want));
    } else {
        g_assert_null(args);
    }
}

/* A client that finished the handshake; its next command gets id 2. */
static Conn *
connected(const ArmcpuQmpLimits *limits)
{
    g_autoptr(GError) err = NULL;
    Conn *c = conn_new(limits);

    peer_say(c, GREETING CAPS_OK);
    g_assert_true(armcpu_qmp_handshake(c->qmp, soon(), &err));
    g_assert_no_error(err);
    peer_expect(c, "qmp_capabilities", 1, NULL);
    return c;
}

/* The integer member @key of the object @obj. */
static gint64
member_int(json_object *obj, const char *key)
{
    json_object *v;

    g_assert_true(json_object_object_get_ex(obj, key, &v));
    g_assert_true(json_object_is_type(v, json_type_int));
    return json_object_get_int64(v);
}

/* ----- handshake ----- */

static void
test_handshake_reads_version(void)
{
    g_autoptr(Conn) c = connected(NULL);

    g_assert_cmpstr(armcpu_qmp_qemu_version(c->qmp), ==, "7.2.22");
    g_assert_cmpstr(armcpu_qmp_qemu_package(c->qmp), ==, "Debian 1:7.2+dfsg-7+deb12u18+b3");
}

static void
test_handshake_fails_when_negotiation_refused(void)
{
    g_autoptr(Conn) c = conn_new(NULL);
    g_autoptr(GError) err = NULL;

    peer_say(c, GREETING "{\"id\": \"armcpu-1\", \"error\": {\"class\": \"GenericError\", "
                         "\"desc\": \"Capabilities negotiation failed\"}}\r\n");
    g_assert_false(armcpu_qmp_handshake(c->qmp, soon(), &err));
    g_assert_error(err, ARMCPU_QMP_ERROR, ARMCPU_QMP_ERROR_GENERIC);
    g_assert_cmpstr(err->message, ==,
                    "qmp_capabilities: Capabilities negotiation failed (GenericError)");
}

static void
test_handshake_rejects_reply_before_greeting(void)
{
    g_autoptr(Conn) c = conn_new(NULL);
    g_autoptr(GError) err = NULL;

    peer_say(c, "{\"return\": {}}\r\n");
    g_assert_false(armcpu_qmp_handshake(c->qmp, soon(), &err));
    g_assert_error(err, ARMCPU_QMP_ERROR, ARMCPU_QMP_ERROR_PROTOCOL);
    g_assert_nonnull(strstr(err->message, "greeting"));
}

static void
test_handshake_rejects_greeting_without_version(void)
{
    g_autoptr(Conn) c = conn_new(NULL);
    g_autoptr(GError) err = NULL;

    peer_say(c, "{\"QMP\": {\"version\": {\"qemu\": {\"major\": \"7\"}}}}\r\n");
    g_assert_false(armcpu_qmp_handshake(c->qmp, soon(), &err));
    g_assert_error(err, ARMCPU_QMP_ERROR, ARMCPU_QMP_ERROR_PROTOCOL);
    g_assert_null(armcpu_qmp_qemu_version(c->qmp));
}

static void
test_second_greeting_is_a_protocol_error(void)
{
    g_autoptr(Conn) c = connected(NULL);
    g_autoptr(GError) err = NULL;
    guint id = armcpu_qmp_send(c->qmp, "query-kvm", NULL, NULL);

    peer_say(c, GREETING);
    g_assert_null(armcpu_qmp_wait(c->qmp, id, soon(), &err));
    g_assert_error(err, ARMCPU_QMP_ERROR, ARMCPU_QMP_ERROR_PROTOCOL);
}

/* ----- pipelining ----- */

static void
test_pipelined_replies_in_order(void)
{
    g_autoptr(Conn) c = connected(NULL);
    g_autoptr(json_object) args = json_tokener_parse("{\"typename\": \"max-arm-cpu\"}");
    g_autoptr(json_object) r1 = NULL;
    g_autoptr(json_object) r2 = NULL;
    g_autoptr(json_object) r3 = NULL;
    guint a = armcpu_qmp_send(c->qmp, "query-version", NULL, NULL);
    guint b = armcpu_qmp_send(c->qmp, "device-list-properties", args, NULL);
    guint d = armcpu_qmp_send(c->qmp, "query-target", NULL, NULL);

    g_assert_cmpuint(a, ==, 2);
    g_assert_cmpuint(b, ==, 3);
    g_assert_cmpuint(d, ==, 4);
    peer_expect(c, "query-version", 2, NULL);
    peer_expect(c, "device-list-properties", 3, "{\"typename\": \"max-arm-cpu\"}");
    peer_expect(c, "query-target", 4, NULL);
    peer_say(c, "{\"return\": {\"qemu\": {\"micro\": 22, \"minor\": 2, \"major\": 7}}, "
                "\"id\": \"armcpu-2\"}\r\n"
                "{\"return\": [], \"id\": \"armcpu-3\"}\r\n"
                "{\"return\": {\"arch\": \"aarch64\"}, \"id\": \"armcpu-4\"}\r\n");
    r1 = armcpu_qmp_wait(c->qmp, a, soon(), NULL);
    r2 = armcpu_qmp_wait(c->qmp, b, soon(), NULL);
    r3 = armcpu_qmp_wait(c->qmp, d, soon(), NULL);
    g_assert_true(json_object_is_type(r1, json_type_object));
    g_assert_true(json_object_is_type(r2, json_type_array));
    g_assert_cmpstr(member_string(r3, "arch"), ==, "aarch64");
}

static void
test_pipelined_replies_out_of_order(void)
{
    g_autoptr(Conn) c = connected(NULL);
    g_autoptr(json_object) r1 = NULL;
    g_autoptr(json_object) r2 = NULL;
    g_autoptr(json_object) r3 = NULL;
    guint a = armcpu_qmp_send(c->qmp, "first", NULL, NULL);
    guint b = armcpu_qmp_send(c->qmp, "second", NULL, NULL);
    guint d = armcpu_qmp_send(c->qmp, "third", NULL, NULL);

    peer_say(c, "{\"id\": \"armcpu-4\", \"return\": 3}\r\n"
                "{\"id\": \"armcpu-2\", \"return\": 1}\r\n"
                "{\"id\": \"armcpu-3\", \"return\": 2}\r\n");
    r2 = armcpu_qmp_wait(c->qmp, b, soon(), NULL);
    g_assert_cmpint(json_object_get_int(r2), ==, 2);
    /* Both were kept while waiting for the second: no reading needed, even past a deadline. */
    r1 = armcpu_qmp_wait(c->qmp, a, 0, NULL);
    r3 = armcpu_qmp_wait(c->qmp, d, 0, NULL);
    g_assert_cmpint(json_object_get_int(r1), ==, 1);
    g_assert_cmpint(json_object_get_int(r3), ==, 3);
}

/* ----- framing ----- */

static void
test_message_split_across_reads(void)
{
    g_autoptr(Conn) c = connected(NULL);
    g_autoptr(json_object) ret = NULL;
    /* Multi-byte UTF-8, an escape and a u64 all get cut somewhere. */
    const char *reply = "{\"return\": {\"s\": \"caf\xc3\xa9 \\u0041\\n\", "
                        "\"n\": 18446742978476113920}, \"id\": \"armcpu-2\"}";
    gsize len = strlen(reply);
    guint id = armcpu_qmp_send(c->qmp, "split", NULL, NULL);

    /* One byte per read: each wait takes what is there, then times out at once. */
    for (gsize i = 0; i + 1 < len; i++) {
        g_autoptr(GError) err = NULL;

        write_all(c->peer, reply + i, 1);
        g_assert_null(armcpu_qmp_wait(c->qmp, id, 0, &err));
        g_assert_error(err, ARMCPU_QMP_ERROR, ARMCPU_QMP_ERROR_TIMEOUT);
    }
    write_all(c->peer, reply + len - 1, 1);
    ret = armcpu_qmp_wait(c->qmp, id, 0, NULL);
    g_assert_nonnull(ret);
    g_assert_cmpstr(member_string(ret, "s"), ==, "caf\xc3\xa9 A\n");
    g_assert_cmpuint(json_object_get_uint64(json_object_object_get(ret, "n")), ==,
                     G_GUINT64_CONSTANT(18446742978476113920));
}

static void
test_several_messages_in_one_chunk(void)
{
    g_autoptr(Conn) c = conn_new(NULL);
    g_autoptr(GError) err = NULL;
    g_autoptr(json_object) r1 = NULL;
    g_autoptr(json_object) r2 = NULL;
    guint a, b;

    /* Greeting, negotiation reply and two later replies in one write, oddly spaced. */
    peer_say(c, "\r\n " GREETING CAPS_OK "\n\n\t{\"return\": \"a\", \"id\": \"armcpu-2\"}"
                "{\"return\": \"b\", \"id\": \"armcpu-3\"}  \r\n");
    g_assert_true(armcpu_qmp_handshake(c->qmp, soon(), &err));
    g_assert_no_error(err);
    a = armcpu_qmp_send(c->qmp, "a", NULL, NULL);
    b = armcpu_qmp_send(c->qmp, "b", NULL, NULL);
    r1 = armcpu_qmp_wait(c->qmp, a, soon(), &err);
    g_assert_no_error(err);
    r2 = armcpu_qmp_wait(c->qmp, b, soon(), &err);
    g_assert_no_error(err);
    g_assert_cmpstr(json_object_get_string(r1), ==, "a");
    g_assert_cmpstr(json_object_get_string(r2), ==, "b");
}

typedef struct {
    int fd;
    char *data;
    gsize len;
} Writer;

static gpointer
writer_main(gpointer data)
{
    Writer *w = data;

    write_all(w->fd, w->data, w->len);
    return NULL;
}

static void
test_large_message_across_many_reads(void)
{
    g_autoptr(Conn) c = connected(NULL);
    g_autoptr(GString) big = g_string_new("{\"id\": \"armcpu-2\", \"return\": [");
    g_autoptr(json_object) ret = NULL;
    g_autoptr(GError) err = NULL;
    Writer w;
    GThread *t;
    guint id = armcpu_qmp_send(c->qmp, "query-qmp-schema", NULL, NULL);

    for (int i = 0; i < 20000; i++)
        g_string_append_printf(big, "%s{\"name\": \"entry-%d\", \"meta-type\": \"object\"}",
                               i ? ", " : "", i);
    g_string_append(big, "]}\r\n");
    w.fd = c->peer;
    w.data = big->str;
    w.len = big->len;
    t = g_thread_new("writer", writer_main, &w);
    ret = armcpu_qmp_wait(c->qmp, id, soon(), &err);
    g_thread_join(t);
    g_assert_no_error(err);
    g_assert_cmpuint(json_object_array_length(ret), ==, 20000);
}

/* ----- events ----- */

static void
test_skips_interleaved_events(void)
{
    g_autoptr(Conn) c = connected(NULL);
    g_autoptr(json_object) r1 = NULL;
    g_autoptr(json_object) r2 = NULL;
    g_autoptr(json_object) r3 = NULL;
    guint a = armcpu_qmp_send(c->qmp, "a", NULL, NULL);
    guint b = armcpu_qmp_send(c->qmp, "b", NULL, NULL);
    guint d;

    peer_say(c, "{\"event\": \"STOP\", \"timestamp\": {\"seconds\": 1, \"microseconds\": 2}}\r\n"
                "{\"return\": {}, \"id\": \"armcpu-2\"}\r\n"
                "{\"timestamp\": {\"seconds\": 1, \"microseconds\": 3}, \"event\": \"RESUME\"}\r\n"
                "{\"event\": \"X-NEW-EVENT\", \"data\": {\"nested\": [1, {\"a\": null}]}}\r\n"
                "{\"return\": {}, \"id\": \"armcpu-3\"}\r\n" SHUTDOWN_EVENT);
    r1 = armcpu_qmp_wait(c->qmp, a, soon(), NULL);
    r2 = armcpu_qmp_wait(c->qmp, b, soon(), NULL);
    g_assert_nonnull(r1);
    g_assert_nonnull(r2);
    g_assert_cmpuint(armcpu_qmp_n_events(c->qmp), ==, 3);
    g_assert_cmpstr(armcpu_qmp_event_name(c->qmp, 0), ==, "STOP");
    g_assert_cmpstr(armcpu_qmp_event_name(c->qmp, 1), ==, "RESUME");
    g_assert_cmpstr(armcpu_qmp_event_name(c->qmp, 2), ==, "X-NEW-EVENT");

    d = armcpu_qmp_send(c->qmp, "c", NULL, NULL);
    peer_say(c, "{\"return\": {}, \"id\": \"armcpu-4\"}\r\n");
    r3 = armcpu_qmp_wait(c->qmp, d, soon(), NULL);
    g_assert_nonnull(r3);
    g_assert_cmpuint(armcpu_qmp_n_events(c->qmp), ==, 4);
    g_assert_cmpstr(armcpu_qmp_event_name(c->qmp, 3), ==, "SHUTDOWN");
    g_assert_null(armcpu_qmp_event_name(c->qmp, 4));
}

static void
test_events_beyond_limit_only_counted(void)
{
    ArmcpuQmpLimits limits = {.max_events = 2};
    g_autoptr(Conn) c = connected(&limits);
    g_autoptr(json_object) ret = NULL;
    guint id = armcpu_qmp_send(c->qmp, "a", NULL, NULL);

    for (int i = 0; i < 5; i++) {
        g_autofree char *ev = g_strdup_printf("{\"event\": \"EV%d\"}\r\n", i);
        peer_say(c, ev);
    }
    peer_say(c, "{\"return\": {}, \"id\": \"armcpu-2\"}\r\n");
    ret = armcpu_qmp_wait(c->qmp, id, soon(), NULL);
    g_assert_nonnull(ret);
    g_assert_cmpuint(armcpu_qmp_n_events(c->qmp), ==, 5);
    g_assert_cmpstr(armcpu_qmp_event_name(c->qmp, 1), ==, "EV1");
    g_assert_null(armcpu_qmp_event_name(c->qmp, 2));
}

/* ----- replies ----- */

static void
test_error_classes_map_to_codes_with_desc_verbatim(void)
{
    g_autoptr(Conn) c = connected(NULL);
    g_autoptr(GError) e1 = NULL;
    g_autoptr(GError) e2 = NULL;
    g_autoptr(GError) e3 = NULL;
    g_autoptr(json_object) after = NULL;
    guint a = armcpu_qmp_send(c->qmp, "query-cpu-model-baseline", NULL, NULL);
    guint b = armcpu_qmp_send(c->qmp, "query-cpu-model-expansion", NULL, NULL);
    guint d = armcpu_qmp_send(c->qmp, "device_del", NULL, NULL);
    guint e;

    peer_say(c, "{\"id\": \"armcpu-2\", \"error\": {\"class\": \"CommandNotFound\", \"desc\": "
                "\"The command query-cpu-model-baseline has not been found\"}}\r\n"
                "{\"error\": {\"desc\": \"Parameter 'sve-max-vq' is unexpected\", "
                "\"class\": \"GenericError\"}, \"id\": \"armcpu-3\"}\r\n"
                "{\"id\": \"armcpu-4\", \"error\": {\"class\": \"DeviceNotFound\", \"desc\": "
                "\"Device 'x' not found \"}}\r\n");
    g_assert_null(armcpu_qmp_wait(c->qmp, a, soon(), &e1));
    g_assert_error(e1, ARMCPU_QMP_ERROR, ARMCPU_QMP_ERROR_COMMAND_NOT_FOUND);
    g_assert_cmpstr(e1->message, ==,
                    "query-cpu-model-baseline: The command query-cpu-model-baseline has not "
                    "been found (CommandNotFound)");
    g_assert_null(armcpu_qmp_wait(c->qmp, b, soon(), &e2));
    g_assert_error(e2, ARMCPU_QMP_ERROR, ARMCPU_QMP_ERROR_GENERIC);
    g_assert_cmpstr(e2->message, ==,
                    "query-cpu-model-expansion: Parameter 'sve-max-vq' is unexpected "
                    "(GenericError)");
    g_assert_null(armcpu_qmp_wait(c->qmp, d, soon(), &e3));
    g_assert_error(e3, ARMCPU_QMP_ERROR, ARMCPU_QMP_ERROR_OTHER_CLASS);
    g_assert_cmpstr(e3->message, ==, "device_del: Device 'x' not found  (DeviceNotFound)");

    /* An error reply leaves the connection usable. */
    e = armcpu_qmp_send(c->qmp, "query-kvm", NULL, NULL);
    g_assert_cmpuint(e, ==, 5);
    peer_say(c, "{\"return\": {\"enabled\": false, \"present\": false}, \"id\": \"armcpu-5\"}\n");
    after = armcpu_qmp_wait(c->qmp, e, soon(), NULL);
    g_assert_nonnull(after);
}

static void
test_u64_values_round_trip(void)
{
    g_autoptr(Conn) c = connected(NULL);
    g_autoptr(json_object) r1 = NULL;
    g_autoptr(json_object) r2 = NULL;
    guint a = armcpu_qmp_send(c->qmp, "device-list-properties", NULL, NULL);
    guint b = armcpu_qmp_send(c->qmp, "qom-get", NULL, NULL);

    peer_say(c, "{\"return\": {\"mp-affinity\": 18446742978476113920, \"minus\": -1, "
                "\"midr\": 984336}, \"id\": \"armcpu-2\"}\r\n"
                "{\"return\": 18446744073709551615, \"id\": \"armcpu-3\"}\r\n");
    r1 = armcpu_qmp_wait(c->qmp, a, soon(), NULL);
    r2 = armcpu_qmp_wait(c->qmp, b, soon(), NULL);
    g_assert_cmpuint(json_object_get_uint64(json_object_object_get(r1, "mp-affinity")), ==,
                     G_GUINT64_CONSTANT(18446742978476113920));
    g_assert_cmpint(member_int(r1, "minus"), ==, -1);
    g_assert_cmpint(member_int(r1, "midr"), ==, 984336);
    g_assert_nonnull(strstr(json_object_to_json_string(r1), "18446742978476113920"));
    g_assert_cmpuint(json_object_get_uint64(r2), ==, G_MAXUINT64);
}

static void
test_null_return_is_a_protocol_error(void)
{
    g_autoptr(Conn) c = connected(NULL);
    g_autoptr(GError) err = NULL;
    guint id = armcpu_qmp_send(c->qmp, "x", NULL, NULL);

    peer_say(c, "{\"return\": null, \"id\": \"armcpu-2\"}\r\n");
    g_assert_null(armcpu_qmp_wait(c->qmp, id, soon(), &err));
    g_assert_error(err, ARMCPU_QMP_ERROR, ARMCPU_QMP_ERROR_PROTOCOL);
}

static void
test_malformed_error_is_a_protocol_error(void)
{
    g_autoptr(Conn) c = connected(NULL);
    g_autoptr(GError) err = NULL;
    guint id = armcpu_qmp_send(c->qmp, "x", NULL, NULL);

    peer_say(c, "{\"error\": {\"class\": 7}, \"id\": \"armcpu-2\"}\r\n");
    g_assert_null(armcpu_qmp_wait(c->qmp, id, soon(), &err));
    g_assert_error(err, ARMCPU_QMP_ERROR, ARMCPU_QMP_ERROR_PROTOCOL);
}

/* ----- ids ----- */

/* After the handshake, send one command and answer it with @reply; expect PROTOCOL. */
static void
expect_protocol_error_for(const char *reply, const char *in_message)
{
    g_autoptr(Conn) c = connected(NULL);
    g_autoptr(GError) err = NULL;
    g_autoptr(GError) again = NULL;
    guint id = armcpu_qmp_send(c->qmp, "x", NULL, NULL);

    peer_say(c, reply);
    g_assert_null(armcpu_qmp_wait(c->qmp, id, soon(), &err));
    g_assert_error(err, ARMCPU_QMP_ERROR, ARMCPU_QMP_ERROR_PROTOCOL);
    if (in_message)
        g_assert_nonnull(strstr(err->message, in_message));
    /* The connection stays broken with the same error. */
    g_assert_cmpuint(armcpu_qmp_send(c->qmp, "y", NULL, &again), ==, 0);
    g_assert_error(again, ARMCPU_QMP_ERROR, ARMCPU_QMP_ERROR_PROTOCOL);
}

static void
test_reply_with_unknown_id_fails(void)
{
    expect_protocol_error_for("{\"return\": {}, \"id\": \"armcpu-99\"}\r\n", "\"armcpu-99\"");
    expect_protocol_error_for("{\"return\": {}, \"id\": 2}\r\n", "id no command");
    expect_protocol_error_for("{\"return\": {}, \"id\": \"armcpu-02\"}\r\n", NULL);
}

static void
test_reply_without_id_fails(void)
{
    expect_protocol_error_for("{\"return\": {}}\r\n", "without an id");
}

static void
test_duplicate_reply_fails(void)
{
    g_autoptr(Conn) c = connected(NULL);
    g_autoptr(GError) err = NULL;
    guint a = armcpu_qmp_send(c->qmp, "a", NULL, NULL);
    guint b = armcpu_qmp_send(c->qmp, "b", NULL, NULL);

    g_assert_cmpuint(a, ==, 2);
    peer_say(c, "{\"return\": 1, \"id\": \"armcpu-2\"}\r\n"
                "{\"return\": 1, \"id\": \"armcpu-2\"}\r\n"
                "{\"return\": 2, \"id\": \"armcpu-3\"}\r\n");
    g_assert_null(armcpu_qmp_wait(c->qmp, b, soon(), &err));
    g_assert_error(err, ARMCPU_QMP_ERROR, ARMCPU_QMP_ERROR_PROTOCOL);
}

static void
test_non_object_message_fails(void)
{
    expect_protocol_error_for("[1, 2]\r\n", "array");
    expect_protocol_error_for("null\r\n", "null");
    expect_protocol_error_for("\"text\"\r\n", "string");
    expect_protocol_error_for("{\"neither\": 1}\r\n", "neither a reply nor an event");
    expect_protocol_error_for("{\"event\": 5}\r\n", "event without a name");
}

/* ----- limits and hostile bytes ----- */

/* A reply to armcpu-2 of exactly @len bytes: a string return padded with 'x'. */
static char *
reply_of_length(gsize len)
{
    const char *head = "{\"return\": \"";
    const char *tail = "\", \"id\": \"armcpu-2\"}";
    gsize fixed = strlen(head) + strlen(tail);
    g_autofree char *pad = NULL;

    g_assert_cmpuint(len, >, fixed);
    pad = g_strnfill(len - fixed, 'x');
    return g_strconcat(head, pad, tail, NULL);
}

static void
test_message_at_size_limit_passes(void)
{
    ArmcpuQmpLimits limits = {.max_message = 1024};
    g_autoptr(Conn) c = connected(&limits);
    g_autofree char *reply = reply_of_length(1024);
    g_autoptr(json_object) ret = NULL;
    g_autoptr(GError) err = NULL;
    guint id = armcpu_qmp_send(c->qmp, "x", NULL, NULL);

    peer_say(c, reply);
    peer_say(c, "\r\n");
    ret = armcpu_qmp_wait(c->qmp, id, soon(), &err);
    g_assert_no_error(err);
    g_assert_cmpuint(strlen(json_object_get_string(ret)), ==, 1024 - 32);
}

static void
test_too_big_message_fails(void)
{
    ArmcpuQmpLimits limits = {.max_message = 1024};
    gsize sizes[] = {1025, 100000};

    for (gsize i = 0; i < G_N_ELEMENTS(sizes); i++) {
        g_autoptr(Conn) c = connected(&limits);
        g_autofree char *reply = reply_of_length(sizes[i]);
        g_autoptr(GError) err = NULL;
        g_autoptr(GError) again = NULL;
        guint id = armcpu_qmp_send(c->qmp, "x", NULL, NULL);

        peer_say(c, reply);
        g_assert_null(armcpu_qmp_wait(c->qmp, id, soon(), &err));
        g_assert_error(err, ARMCPU_QMP_ERROR, ARMCPU_QMP_ERROR_TOO_BIG);
        g_assert_nonnull(strstr(err->message, "1024 bytes"));
        g_assert_cmpuint(armcpu_qmp_send(c->qmp, "y", NULL, &again), ==, 0);
        g_assert_error(again, ARMCPU_QMP_ERROR, ARMCPU_QMP_ERROR_TOO_BIG);
    }
}

/* A reply to armcpu-2 whose return nests @levels arrays (plus the message object). */
static char *
nested_reply(guint levels)
{
    g_autofree char *open = g_strnfill(levels, '[');
    g_autofree char *close = g_strnfill(levels, ']');

    return g_strdup_printf("{\"return\": %s1%s, \"id\": \"armcpu-2\"}\r\n", open, close);
}

static void
test_too_deep_message_fails(void)
{
    ArmcpuQmpLimits limits = {.max_depth = 8};
    g_autoptr(Conn) ok = connected(&limits);
    g_autoptr(Conn) deep = connected(&limits);
    g_autofree char *fits = nested_reply(7); /* 8 levels with the message */
    g_autofree char *over = nested_reply(8);
    g_autoptr(json_object) ret = NULL;
    g_autoptr(GError) err = NULL;
    guint a = armcpu_qmp_send(ok->qmp, "x", NULL, NULL);
    guint b = armcpu_qmp_send(deep->qmp, "x", NULL, NULL);

    peer_say(ok, fits);
    ret = armcpu_qmp_wait(ok->qmp, a, soon(), &err);
    g_assert_no_error(err);
    peer_say(deep, over);
    g_assert_null(armcpu_qmp_wait(deep->qmp, b, soon(), &err));
    g_assert_error(err, ARMCPU_QMP_ERROR, ARMCPU_QMP_ERROR_TOO_DEEP);
}

static void
test_garbage_is_a_syntax_error(void)
{
#define BYTES(s)                                                                                   \
    {                                                                                              \
        s, sizeof(s) - 1                                                                           \
    }
    static const struct {
        const char *bytes;
        gsize len;
    } garbage[] = {
        BYTES("hello world\r\n"),
        BYTES("{\"return\": }\r\n"),
        BYTES("}}}\r\n"),
        BYTES("\x00\x01\x02{}"),
        BYTES("{\"a\": \"\xff\xfe\"}\r\n"),
        BYTES("{\"a\": \"\xc0\xaf\"}\r\n"),     /* overlong '/' */
        BYTES("{\"a\": \"\xed\xa0\x80\"}\r\n"), /* a UTF-16 surrogate */
        BYTES("{\"a\": \"\xf4\x90\x80\x80\"}"), /* above U+10FFFF */
        BYTES("{\"a\": \"\xc3\"}"),             /* cut short */
        BYTES("{\"a\": \"x\x00y\"}"),
        BYTES("{\"a\": 1,}"),
    };
#undef BYTES

    for (gsize i = 0; i < G_N_ELEMENTS(garbage); i++) {
        g_autoptr(Conn) c = conn_new(NULL);
        g_autoptr(GError) err = NULL;

        if (i == 2)
            peer_say(c, GREETING CAPS_OK); /* after a good start */
        write_all(c->peer, garbage[i].bytes, garbage[i].len);
        g_assert_false(armcpu_qmp_handshake(c->qmp, soon(), &err) &&
                       armcpu_qmp_execute(c->qmp, "x", NULL, soon(), &err));
        g_assert_error(err, ARMCPU_QMP_ERROR, ARMCPU_QMP_ERROR_SYNTAX);
    }
}

/* Random token soup: every outcome is allowed but a crash, a leak or a hang. */
static void
test_random_bytes_never_crash(void)
{
    static const char *const tokens[] = {
        "{",
        "}",
        "[",
        "]",
        "\"",
        ":",
        ",",
        " ",
        "\r\n",
        "\"id\"",
        "0",
        "-1",
        "1e400",
        "\"return\"",
        "1.5",
        "\"event\"",
        "null",
        "true",
        "\\u00",
        "\\\"",
        "\"QMP\"",
        "\"error\"",
        "\xc3",
        "\xa9",
        "\xff",
        "\x00",
        "9999999999999999999999",
        "\"armcpu-1\"",
        "\"armcpu-2\"",
        GREETING,
        "{\"class\": \"GenericError\", \"desc\": \"d\"}",
    };
    ArmcpuQmpLimits limits = {.max_message = 4096, .max_depth = 16, .max_events = 4};
    g_autoptr(GRand) rand = g_rand_new_with_seed(20260601);

    for (int round = 0; round < 300; round++) {
        g_autoptr(Conn) c = conn_new(&limits);
        g_autoptr(GByteArray) soup = g_byte_array_new();
        g_autoptr(GError) err = NULL;
        int n = g_rand_int_range(rand, 1, 200);

        if (round % 2)
            g_byte_array_append(soup, (const guint8 *)GREETING CAPS_OK, strlen(GREETING CAPS_OK));
        for (int i = 0; i < n; i++) {
            const char *t = tokens[g_rand_int_range(rand, 0, G_N_ELEMENTS(tokens))];
            gsize len = strlen(t) ? strlen(t) : 1; /* the "\x00" token is one NUL byte */

            g_byte_array_append(soup, (const guint8 *)t, (guint)len);
        }
        write_all(c->peer, soup->data, soup->len);
        shutdown(c->peer, SHUT_WR);
        if (armcpu_qmp_handshake(c->qmp, soon(), &err)) {
            g_autoptr(json_object) ret = armcpu_qmp_execute(c->qmp, "x", NULL, soon(), &err);
            if (ret)
                continue;
        }
        g_assert_nonnull(err);
        g_assert_true(err->domain == ARMCPU_QMP_ERROR);
        /* The peer closed: the client must never end up waiting for the deadline. */
        g_assert_cmpint(err->code, !=, ARMCPU_QMP_ERROR_TIMEOUT);
    }
}

/* ----- EOF and timeouts ----- */

static void
test_eof_mid_reply_fails(void)
{
    g_autoptr(Conn) c = connected(NULL);
    g_autoptr(GError) err = NULL;
    g_autoptr(GError) again = NULL;
    guint id = armcpu_qmp_send(c->qmp, "query-cpu-definitions", NULL, NULL);

    peer_say(c, "{\"return\": [{\"name\": \"max\", ");
    shutdown(c->peer, SHUT_WR);
    g_assert_null(armcpu_qmp_wait(c->qmp, id, soon(), &err));
    g_assert_error(err, ARMCPU_QMP_ERROR, ARMCPU_QMP_ERROR_EOF);
    g_assert_nonnull(strstr(err->message, "in the middle of a message"));
    g_assert_nonnull(strstr(err->message, "'query-cpu-definitions'"));
    g_assert_null(armcpu_qmp_wait(c->qmp, id, soon(), &again));
    g_assert_error(again, ARMCPU_QMP_ERROR, ARMCPU_QMP_ERROR_EOF);
}

static void
test_eof_before_reply_fails(void)
{
    g_autoptr(Conn) c = connected(NULL);
    g_autoptr(GError) err = NULL;
    guint id = armcpu_qmp_send(c->qmp, "query-kvm", NULL, NULL);

    peer_expect(c, "query-kvm", 2, NULL);
    close(c->peer);
    c->peer = -1;
    g_assert_null(armcpu_qmp_wait(c->qmp, id, soon(), &err));
    g_assert_error(err, ARMCPU_QMP_ERROR, ARMCPU_QMP_ERROR_EOF);
    g_assert_cmpstr(err->message, ==,
                    "QEMU closed the QMP connection before the reply to 'query-kvm'");
}

static void
test_times_out_when_peer_is_silent(void)
{
    g_autoptr(Conn) c = connected(NULL);
    g_autoptr(GError) err = NULL;
    g_autoptr(json_object) late = NULL;
    guint id = armcpu_qmp_send(c->qmp, "query-kvm", NULL, NULL);
    gint64 start = g_get_monotonic_time();
    gint64 elapsed;

    g_assert_null(armcpu_qmp_wait(c->qmp, id, armcpu_deadline_in_ms(200), &err));
    elapsed = g_get_monotonic_time() - start;
    g_assert_error(err, ARMCPU_QMP_ERROR, ARMCPU_QMP_ERROR_TIMEOUT);
    g_assert_cmpint(elapsed, >=, 190 * 1000);
    g_assert_cmpint(elapsed, <, 2 * G_USEC_PER_SEC);
    g_assert_cmpstr(err->message, ==, "timed out waiting for the reply to 'query-kvm'");

    /* A timeout does not break the connection: the reply can still come. */
    peer_say(c, "{\"return\": {}, \"id\": \"armcpu-2\"}\r\n");
    late = armcpu_qmp_wait(c->qmp, id, soon(), NULL);
    g_assert_nonnull(late);
}

static void
test_handshake_times_out_without_greeting(void)
{
    g_autoptr(Conn) c = conn_new(NULL);
    g_autoptr(GError) err = NULL;
    gint64 start = g_get_monotonic_time();

    g_assert_false(armcpu_qmp_handshake(c->qmp, armcpu_deadline_in_ms(200), &err));
    g_assert_error(err, ARMCPU_QMP_ERROR, ARMCPU_QMP_ERROR_TIMEOUT);
    g_assert_cmpint(g_get_monotonic_time() - start, <, 2 * G_USEC_PER_SEC);
    g_assert_nonnull(strstr(err->message, "greeting"));
}

static void
test_writes_never_block_on_a_full_socket(void)
{
    g_autoptr(Conn) c = connected(NULL);
    g_autoptr(GError) err = NULL;
    g_autofree char *huge = g_strnfill(8 * 1024 * 1024, 'a');
    g_autoptr(json_object) args = json_object_new_object();
    gint64 start = g_get_monotonic_time();
    guint id;

    /* The peer never reads: 8 MiB cannot fit in the socket buffers. */
    json_object_object_add(args, "blob", json_object_new_string(huge));
    id = armcpu_qmp_send(c->qmp, "x", args, &err);
    g_assert_no_error(err);
    g_assert_cmpuint(id, ==, 2);
    g_assert_null(armcpu_qmp_wait(c->qmp, id, armcpu_deadline_in_ms(200), &err));
    g_assert_error(err, ARMCPU_QMP_ERROR, ARMCPU_QMP_ERROR_TIMEOUT);
    g_assert_cmpint(g_get_monotonic_time() - start, <, 2 * G_USEC_PER_SEC);
}

static void
test_write_to_closed_peer_is_eof(void)
{
    g_autoptr(Conn) c = connected(NULL);
    g_autoptr(GError) err = NULL;
    guint id;

    close(c->peer);
    c->peer = -1;
    /* No SIGPIPE: the process would die here. */
    id = armcpu_qmp_send(c->qmp, "query-kvm", NULL, &err);
    g_assert_no_error(err);
    g_assert_null(armcpu_qmp_wait(c->qmp, id, soon(), &err));
    g_assert_error(err, ARMCPU_QMP_ERROR, ARMCPU_QMP_ERROR_EOF);
}

/* ----- stderr ----- */

typedef struct {
    int sock;
    int err_w;
    const char *said;
} Dying;

/* Like QEMU failing at start-up: close the socket, then print and exit. */
static gpointer
dying_main(gpointer data)
{
    Dying *d = data;

    close(d->sock);
    write_all(d->err_w, d->said, strlen(d->said));
    close(d->err_w);
    return NULL;
}

static void
test_stderr_tail_appended_on_eof(void)
{
    g_autoptr(Conn) c = conn_new(NULL);
    g_autoptr(GError) err = NULL;
    g_autoptr(GByteArray) tail = g_byte_array_new();
    int ep[2];
    Dying d;
    GThread *t;

    g_assert_cmpint(pipe(ep), ==, 0);
    armcpu_qmp_watch_stderr(c->qmp, ep[0], tail);
    peer_say(c, GREETING);
    d.sock = c->peer;
    d.err_w = ep[1];
    d.said = "qemu-system-aarch64: can't apply global max-arm-cpu.sve=maybe: Parameter 'sve' "
             "expects 'on' or 'off'\n";
    c->peer = -1;
    t = g_thread_new("dying", dying_main, &d);
    g_assert_false(armcpu_qmp_handshake(c->qmp, soon(), &err));
    g_thread_join(t);
    g_assert_error(err, ARMCPU_QMP_ERROR, ARMCPU_QMP_ERROR_EOF);
    g_assert_true(g_str_has_suffix(err->message,
                                   ": QEMU said: qemu-system-aarch64: can't apply global "
                                   "max-arm-cpu.sve=maybe: Parameter 'sve' expects 'on' or "
                                   "'off'"));
    g_assert_cmpstr(armcpu_qmp_stderr_tail(c->qmp), ==,
                    "qemu-system-aarch64: can't apply global max-arm-cpu.sve=maybe: Parameter "
                    "'sve' expects 'on' or 'off'");
    /* The shared buffer holds the bytes too. */
    g_assert_cmpuint(tail->len, ==, strlen(d.said));
    close(ep[0]);
}

static void
test_stderr_absent_leaves_message_alone(void)
{
    g_autoptr(Conn) c = conn_new(NULL);
    g_autoptr(GError) err = NULL;

    close(c->peer);
    c->peer = -1;
    g_assert_false(armcpu_qmp_handshake(c->qmp, soon(), &err));
    g_assert_error(err, ARMCPU_QMP_ERROR, ARMCPU_QMP_ERROR_EOF);
    g_assert_null(strstr(err->message, "QEMU said"));
    g_assert_cmpstr(armcpu_qmp_stderr_tail(c->qmp), ==, "");
}

typedef struct {
    int sock;
    int err_w;
} Chatty;

/* Write far more to stderr than a pipe holds, then answer. */
static gpointer
chatty_main(gpointer data)
{
    Chatty *ch = data;
    g_autofree char *noise = g_strnfill(256 * 1024, 'n');
    const char *reply = "{\"return\": {}, \"id\": \"armcpu-2\"}\r\n";

    write_all(ch->err_w, noise, 256 * 1024);
    write_all(ch->err_w, "\nEND\n", 5);
    write_all(ch->sock, reply, strlen(reply));
    return NULL;
}

static void
test_stderr_drained_while_waiting(void)
{
    g_autoptr(Conn) c = connected(NULL);
    g_autoptr(GError) err = NULL;
    g_autoptr(json_object) ret = NULL;
    int ep[2];
    Chatty ch;
    GThread *t;
    guint id;

    g_assert_cmpint(pipe(ep), ==, 0);
    armcpu_qmp_watch_stderr(c->qmp, ep[0], NULL);
    id = armcpu_qmp_send(c->qmp, "x", NULL, NULL);
    ch.sock = c->peer;
    ch.err_w = ep[1];
    t = g_thread_new("chatty", chatty_main, &ch);
    ret = armcpu_qmp_wait(c->qmp, id, soon(), &err);
    g_thread_join(t);
    g_assert_no_error(err);
    /* At least 192 KiB were read (the rest may still sit in the pipe): a full tail. */
    g_assert_true(g_str_has_prefix(armcpu_qmp_stderr_tail(c->qmp), "nnnn"));
    g_assert_cmpuint(strlen(armcpu_qmp_stderr_tail(c->qmp)), >=, ARMCPU_STDERR_TAIL_MAX - 5);
    close(ep[0]);
    close(ep[1]);
}

static void
test_stderr_tail_keeps_last_bytes(void)
{
    g_autoptr(GByteArray) tail = g_byte_array_new();
    g_autofree char *text = NULL;

    for (int i = 0; i < 1000; i++) {
        char line[16];
        int n = g_snprintf(line, sizeof(line), "line %04d\n", i);
        armcpu_stderr_tail_append(tail, (const guint8 *)line, (gsize)n);
    }
    g_assert_cmpuint(tail->len, ==, ARMCPU_STDERR_TAIL_MAX);
    text = armcpu_stderr_tail_text(tail);
    g_assert_true(g_str_has_suffix(text, "line 0998\nline 0999"));

    /* One append larger than the tail keeps its own end. */
    g_autofree char *big = g_strnfill(10000, 'b');
    big[9999] = 'E';
    armcpu_stderr_tail_append(tail, (const guint8 *)big, 10000);
    g_assert_cmpuint(tail->len, ==, ARMCPU_STDERR_TAIL_MAX);
    g_assert_cmpint(tail->data[ARMCPU_STDERR_TAIL_MAX - 1], ==, 'E');
}

static void
test_stderr_tail_text_is_printable(void)
{
    static const guint8 raw[] = " \ta\x1b[31mb\x00"
                                "c\xff\xc2\x9b\n  ";
    g_autoptr(GByteArray) tail = g_byte_array_new();
    g_autofree char *text = NULL;
    g_autofree char *none = armcpu_stderr_tail_text(NULL);

    g_byte_array_append(tail, raw, sizeof(raw) - 1);
    text = armcpu_stderr_tail_text(tail);
    /* ESC, NUL and the C1 CSI become '?', the invalid byte U+FFFD; edges trimmed. */
    g_assert_cmpstr(text, ==, "a?[31mb?c\xef\xbf\xbd?");
    g_assert_cmpstr(none, ==, "");
}

/* ----- quit ----- */

static void
test_quit_accepts_shutdown_then_return(void)
{
    g_autoptr(Conn) c = connected(NULL);
    g_autoptr(GError) err = NULL;

    peer_say(c, SHUTDOWN_EVENT "{\"return\": {}, \"id\": \"armcpu-2\"}\r\n");
    g_assert_true(armcpu_qmp_quit(c->qmp, soon(), &err));
    g_assert_no_error(err);
    peer_expect(c, "quit", 2, NULL);
    g_assert_cmpstr(armcpu_qmp_event_name(c->qmp, 0), ==, "SHUTDOWN");
}

static void
test_quit_accepts_return_only(void)
{
    g_autoptr(Conn) c = connected(NULL);
    g_autoptr(GError) err = NULL;

    peer_say(c, "{\"return\": {}, \"id\": \"armcpu-2\"}\r\n");
    g_assert_true(armcpu_qmp_quit(c->qmp, soon(), &err));
    g_assert_no_error(err);
}

static void
test_quit_accepts_eof_only(void)
{
    g_autoptr(Conn) c = connected(NULL);
    g_autoptr(GError) err = NULL;

    shutdown(c->peer, SHUT_WR);
    g_assert_true(armcpu_qmp_quit(c->qmp, soon(), &err));
    g_assert_no_error(err);
    peer_expect(c, "quit", 2, NULL);
}

static void
test_quit_accepts_peer_already_gone(void)
{
    g_autoptr(Conn) c = connected(NULL);
    g_autoptr(GError) err = NULL;

    close(c->peer);
    c->peer = -1;
    g_assert_true(armcpu_qmp_quit(c->qmp, soon(), &err));
    g_assert_no_error(err);
    /* Again, on the connection that already ended. */
    g_assert_true(armcpu_qmp_quit(c->qmp, soon(), &err));
    g_assert_no_error(err);
}

static void
test_quit_fails_on_error_reply(void)
{
    g_autoptr(Conn) c = connected(NULL);
    g_autoptr(GError) err = NULL;

    peer_say(c, "{\"error\": {\"class\": \"GenericError\", \"desc\": \"no\"}, "
                "\"id\": \"armcpu-2\"}\r\n");
    g_assert_false(armcpu_qmp_quit(c->qmp, soon(), &err));
    g_assert_error(err, ARMCPU_QMP_ERROR, ARMCPU_QMP_ERROR_GENERIC);
}

static void
test_quit_times_out_when_peer_is_silent(void)
{
    g_autoptr(Conn) c = connected(NULL);
    g_autoptr(GError) err = NULL;
    gint64 start = g_get_monotonic_time();

    g_assert_false(armcpu_qmp_quit(c->qmp, armcpu_deadline_in_ms(200), &err));
    g_assert_error(err, ARMCPU_QMP_ERROR, ARMCPU_QMP_ERROR_TIMEOUT);
    g_assert_cmpint(g_get_monotonic_time() - start, <, 2 * G_USEC_PER_SEC);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/qmp/handshake/reads-version", test_handshake_reads_version);
    g_test_add_func("/qmp/handshake/fails-when-negotiation-refused",
                    test_handshake_fails_when_negotiation_refused);
    g_test_add_func("/qmp/handshake/rejects-reply-before-greeting",
                    test_handshake_rejects_reply_before_greeting);
    g_test_add_func("/qmp/handshake/rejects-greeting-without-version",
                    test_handshake_rejects_greeting_without_version);
    g_test_add_func("/qmp/handshake/times-out-without-greeting",
                    test_handshake_times_out_without_greeting);
    g_test_add_func("/qmp/protocol/second-greeting-fails",
                    test_second_greeting_is_a_protocol_error);
    g_test_add_func("/qmp/pipeline/replies-in-order", test_pipelined_replies_in_order);
    g_test_add_func("/qmp/pipeline/replies-out-of-order", test_pipelined_replies_out_of_order);
    g_test_add_func("/qmp/framing/message-split-across-reads", test_message_split_across_reads);
    g_test_add_func("/qmp/framing/several-messages-in-one-chunk",
                    test_several_messages_in_one_chunk);
    g_test_add_func("/qmp/framing/large-message-across-many-reads",
                    test_large_message_across_many_reads);
    g_test_add_func("/qmp/events/skips-interleaved-events", test_skips_interleaved_events);
    g_test_add_func("/qmp/events/beyond-limit-only-counted", test_events_beyond_limit_only_counted);
    g_test_add_func("/qmp/reply/error-classes-map-to-codes-with-desc-verbatim",
                    test_error_classes_map_to_codes_with_desc_verbatim);
    g_test_add_func("/qmp/reply/u64-values-round-trip", test_u64_values_round_trip);
    g_test_add_func("/qmp/reply/null-return-fails", test_null_return_is_a_protocol_error);
    g_test_add_func("/qmp/reply/malformed-error-fails", test_malformed_error_is_a_protocol_error);
    g_test_add_func("/qmp/protocol/reply-with-unknown-id-fails", test_reply_with_unknown_id_fails);
    g_test_add_func("/qmp/protocol/reply-without-id-fails", test_reply_without_id_fails);
    g_test_add_func("/qmp/protocol/duplicate-reply-fails", test_duplicate_reply_fails);
    g_test_add_func("/qmp/protocol/non-object-message-fails", test_non_object_message_fails);
    g_test_add_func("/qmp/limits/message-at-size-limit-passes", test_message_at_size_limit_passes);
    g_test_add_func("/qmp/limits/too-big-message-fails", test_too_big_message_fails);
    g_test_add_func("/qmp/limits/too-deep-message-fails", test_too_deep_message_fails);
    g_test_add_func("/qmp/limits/garbage-is-a-syntax-error", test_garbage_is_a_syntax_error);
    g_test_add_func("/qmp/limits/random-bytes-never-crash", test_random_bytes_never_crash);
    g_test_add_func("/qmp/eof/mid-reply-fails", test_eof_mid_reply_fails);
    g_test_add_func("/qmp/eof/before-reply-fails", test_eof_before_reply_fails);
    g_test_add_func("/qmp/eof/write-to-closed-peer-is-eof", test_write_to_closed_peer_is_eof);
    g_test_add_func("/qmp/timeout/silent-peer-times-out", test_times_out_when_peer_is_silent);
    g_test_add_func("/qmp/timeout/writes-never-block-on-a-full-socket",
                    test_writes_never_block_on_a_full_socket);
    g_test_add_func("/qmp/stderr/tail-appended-on-eof", test_stderr_tail_appended_on_eof);
    g_test_add_func("/qmp/stderr/absent-leaves-message-alone",
                    test_stderr_absent_leaves_message_alone);
    g_test_add_func("/qmp/stderr/drained-while-waiting", test_stderr_drained_while_waiting);
    g_test_add_func("/qmp/stderr/tail-keeps-last-bytes", test_stderr_tail_keeps_last_bytes);
    g_test_add_func("/qmp/stderr/tail-text-is-printable", test_stderr_tail_text_is_printable);
    g_test_add_func("/qmp/quit/accepts-shutdown-then-return",
                    test_quit_accepts_shutdown_then_return);
    g_test_add_func("/qmp/quit/accepts-return-only", test_quit_accepts_return_only);
    g_test_add_func("/qmp/quit/accepts-eof-only", test_quit_accepts_eof_only);
    g_test_add_func("/qmp/quit/accepts-peer-already-gone", test_quit_accepts_peer_already_gone);
    g_test_add_func("/qmp/quit/fails-on-error-reply", test_quit_fails_on_error_reply);
    g_test_add_func("/qmp/quit/times-out-when-peer-is-silent",
                    test_quit_times_out_when_peer_is_silent);
    return g_test_run();
}
