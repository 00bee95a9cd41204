/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-limits.c: every documented limit gives a clear error, and input just
 * inside it is accepted (docs/RELIABILITY.md, "Documented limits").
 *
 * Guest documents (ARMCPU_GUEST_MAX_SIZE, ARMCPU_GUEST_MAX_FEATURES,
 * ARMCPU_TOKEN_MAX), XML (ARMCPU_XML_MAX_DEPTH, DOCTYPE, entities, other
 * encodings), host capabilities (ARMCPU_HOST_CAPS_MAX_*), QMP replies
 * (ARMCPU_QMP_DEFAULT_MAX_*) and baselines (ARMCPU_BASELINE_MAX_HOSTS).
 */
#include "../unit/test-common.h"
#include <armcpu/baseline.h>
#include <armcpu/guest.h>
#include <armcpu/models.h>
#include <armcpu/validate.h>
#include "qemu/hostcaps-internal.h"
#include "qemu/propsinfo.h"
#include "qmp/qmp.h"
#include "util/xml.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static ArmcpuRegistry *reg;

/* The message of @err must mention @text. */
static void
assert_mentions(const char *message, const char *text)
{
    g_test_message("%s", message);
    if (!strstr(message, text))
        g_error("message \"%.300s\" does not mention \"%s\"", message, text);
}

/* Parse a guest document; returns the report's problems of @code. */
static guint
count_problems(const ArmcpuReport *report, ArmcpuProblemCode code, const char *mentions)
{
    guint n = 0;

    for (guint i = 0; i < armcpu_report_n_problems(report); i++) {
        const ArmcpuProblem *p = armcpu_report_problem(report, i);
        if (p->code != code)
            continue;
        if (mentions)
            assert_mentions(p->message, mentions);
        n++;
    }
    return n;
}

static ArmcpuGuestCpu *
parse_guest(const char *text, gsize len, ArmcpuReport *report, GError **error)
{
    return armcpu_guest_cpu_parse_string(text, len, "limits.xml", report, error);
}

/* A <cpu> document of exactly @size bytes (padded with a comment). */
static char *
guest_of_size(gsize size)
{
    static const char head[] = "<cpu mode='host-passthrough'><feature name='sve' value='off'/>"
                               "<!--";
    static const char tail[] = "--></cpu>";
    GString *s = g_string_sized_new(size + 1);

    g_assert_cmpuint(size, >, sizeof(head) + sizeof(tail));
    g_string_append(s, head);
    while (s->len < size - (sizeof(tail) - 1))
        g_string_append_c(s, 'x');
    g_string_append(s, tail);
    g_assert_cmpuint(s->len, ==, size);
    return g_string_free(s, FALSE);
}

static void
test_guest_size(void)
{
    g_autofree char *at = guest_of_size(ARMCPU_GUEST_MAX_SIZE);
    g_autofree char *over = guest_of_size(ARMCPU_GUEST_MAX_SIZE + 1);
    g_autoptr(ArmcpuReport) report = armcpu_report_new(NULL);
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuGuestCpu) ok = parse_guest(at, strlen(at), report, &err);
    g_autoptr(ArmcpuGuestCpu) big = NULL;
    g_autofree char *path = NULL;
    int fd;

    g_assert_no_error(err);
    g_assert_nonnull(ok);
    g_assert_false(armcpu_report_has_errors(report));

    big = parse_guest(over, strlen(over), report, &err);
    g_assert_null(big);
    g_assert_error(err, ARMCPU_GUEST_ERROR, ARMCPU_GUEST_ERROR_READ);
    assert_mentions(err->message, "4194305 bytes exceeds the limit of 4194304 bytes");
    g_clear_error(&err);

    /* the same from a file: refused before it is read whole */
    fd = g_file_open_tmp("armcpu-limits-XXXXXX.xml", &path, &err);
    g_assert_no_error(err);
    g_assert_cmpint(write(fd, over, strlen(over)), ==, (gssize)strlen(over));
    close(fd);
    big = armcpu_guest_cpu_parse_file(path, report, &err);
    g_unlink(path);
    g_assert_null(big);
    g_assert_error(err, ARMCPU_GUEST_ERROR, ARMCPU_GUEST_ERROR_READ);
    assert_mentions(err->message, "limit");
}

static char *
guest_with_features(guint n)
{
    GString *s = g_string_new("<cpu mode='host-passthrough'>\n");

    for (guint i = 0; i < n; i++)
        g_string_append_printf(s, "  <feature policy='force' name='x_%u' value='on'/>\n", i);
    g_string_append(s, "</cpu>\n");
    return g_string_free(s, FALSE);
}

static void
test_guest_features(void)
{
    g_autofree char *at = guest_with_features(ARMCPU_GUEST_MAX_FEATURES);
    g_autofree char *over = guest_with_features(ARMCPU_GUEST_MAX_FEATURES + 1);
    g_autoptr(ArmcpuReport) r1 = armcpu_report_new(NULL);
    g_autoptr(ArmcpuReport) r2 = armcpu_report_new(NULL);
    g_autoptr(ArmcpuGuestCpu) ok = parse_guest(at, strlen(at), r1, NULL);
    g_autoptr(ArmcpuGuestCpu) big = parse_guest(over, strlen(over), r2, NULL);
    g_autofree char *arg = NULL;

    g_assert_nonnull(ok);
    g_assert_cmpuint(armcpu_guest_cpu_n_features(ok), ==, ARMCPU_GUEST_MAX_FEATURES);
    g_assert_cmpuint(count_problems(r1, ARMCPU_PROBLEM_LIMIT, NULL), ==, 0);

    g_assert_nonnull(big);
    g_assert_cmpuint(armcpu_guest_cpu_n_features(big), ==, ARMCPU_GUEST_MAX_FEATURES);
    g_assert_cmpuint(count_problems(r2, ARMCPU_PROBLEM_LIMIT, "more than 1024 <feature> elements"),
                     ==, 1);
    g_assert_cmpint(armcpu_report_problem(r2, 0)->line, ==, 1026);
    g_assert_true(armcpu_report_has_errors(r2));
    /* a CPU with features left unread never becomes a command line */
    arg = armcpu_guest_cpu_cmdline(big, reg, NULL, r2);
    g_assert_null(arg);
}

static void
test_guest_token_length(void)
{
    g_autofree char *v64 = g_strnfill(ARMCPU_TOKEN_MAX, '7');
    g_autofree char *v65 = g_strnfill(ARMCPU_TOKEN_MAX + 1, '7');
    g_autofree char *n64 = g_strnfill(ARMCPU_TOKEN_MAX, 'n');
    g_autofree char *n65 = g_strnfill(ARMCPU_TOKEN_MAX + 1, 'n');
    g_autofree char *doc =
        g_strdup_printf("<cpu mode='host-passthrough'>\n"
                        "  <feature policy='force' name='%s' value='%s'/>\n"
                        "  <feature policy='force' name='feat_AES' value='%s'/>\n"
                        "  <feature policy='force' name='%s' value='on'/>\n"
                        "</cpu>\n",
                        n64, v64, v65, n65);
    g_autoptr(ArmcpuReport) report = armcpu_report_new(NULL);
    g_autoptr(ArmcpuGuestCpu) cpu = parse_guest(doc, strlen(doc), report, NULL);

    g_assert_nonnull(cpu);
    g_assert_cmpuint(
        count_problems(report, ARMCPU_PROBLEM_VALUE_SYNTAX, "is 65 bytes long; the limit is 64"),
        ==, 1);
    g_assert_cmpuint(
        count_problems(report, ARMCPU_PROBLEM_NAME, "is 65 bytes long; the limit is 64"), ==, 1);
    g_assert_cmpuint(armcpu_report_count(report, ARMCPU_SEVERITY_ERROR), ==, 2);
    g_assert_true(armcpu_guest_cpu_feature(cpu, 1)->invalid);
    g_assert_true(armcpu_guest_cpu_feature(cpu, 2)->invalid);
    g_assert_false(armcpu_guest_cpu_feature(cpu, 0)->invalid);
}

/* A <cpu> whose elements nest @depth levels (the root is level 1). */
static char *
guest_of_depth(guint depth)
{
    GString *s = g_string_new("<cpu mode='host-passthrough'><topology>");

    for (guint i = 2; i < depth; i++)
        g_string_append(s, "<a>");
    for (guint i = 2; i < depth; i++)
        g_string_append(s, "</a>");
    g_string_append(s, "</topology></cpu>");
    return g_string_free(s, FALSE);
}

static void
test_xml_depth(void)
{
    g_autofree char *at = guest_of_depth(ARMCPU_XML_MAX_DEPTH);
    g_autofree char *over = guest_of_depth(ARMCPU_XML_MAX_DEPTH + 1);
    g_autofree char *huge = guest_of_depth(100000);
    g_autoptr(ArmcpuReport) report = armcpu_report_new(NULL);
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuGuestCpu) ok = parse_guest(at, strlen(at), report, &err);
    g_autoptr(ArmcpuGuestCpu) deep = NULL;

    g_assert_no_error(err);
    g_assert_nonnull(ok);

    deep = parse_guest(over, strlen(over), report, &err);
    g_assert_null(deep);
    g_assert_error(err, ARMCPU_GUEST_ERROR, ARMCPU_GUEST_ERROR_XML);
    assert_mentions(err->message, "elements nest deeper than 32 levels");
    g_clear_error(&err);

    /* libxml2 stops far sooner than the stack would */
    deep = parse_guest(huge, strlen(huge), report, &err);
    g_assert_null(deep);
    g_assert_error(err, ARMCPU_GUEST_ERROR, ARMCPU_GUEST_ERROR_XML);
}

static void
assert_guest_refused(const char *data, gsize len, const char *mentions)
{
    g_autoptr(ArmcpuReport) report = armcpu_report_new(NULL);
    g_autoptr(GError) err = NULL;
    gint64 start = g_get_monotonic_time();
    g_autoptr(ArmcpuGuestCpu) cpu = parse_guest(data, len, report, &err);

    g_assert_null(cpu);
    g_assert_error(err, ARMCPU_GUEST_ERROR, ARMCPU_GUEST_ERROR_XML);
    assert_mentions(err->message, mentions);
    g_assert_cmpint(g_get_monotonic_time() - start, <, G_USEC_PER_SEC);
}

static void
test_xml_doctype_file(gconstpointer name)
{
    g_autofree char *path = test_data_path(name);
    g_autofree char *data = NULL;
    gsize len;

    g_assert_true(g_file_get_contents(path, &data, &len, NULL));
    assert_guest_refused(data, len, "DOCTYPE declarations are not accepted");
}

/* billion laughs with nine levels (10^9 "lol"s): refused before libxml2 sees it */
static void
test_xml_billion_laughs(void)
{
    GString *s = g_string_new("<?xml version='1.0'?>\n<!DOCTYPE cpu [\n <!ENTITY l0 'lol'>\n");

    for (int i = 1; i <= 9; i++) {
        g_string_append_printf(s, " <!ENTITY l%d '", i);
        for (int j = 0; j < 10; j++)
            g_string_append_printf(s, "&l%d;", i - 1);
        g_string_append(s, "'>\n");
    }
    g_string_append(s,
                    "]>\n<cpu mode='host-passthrough'><feature name='sve' value='&l9;'/></cpu>\n");
    assert_guest_refused(s->str, s->len, "DOCTYPE declarations are not accepted");
    g_string_free(s, TRUE);
}

/*
 * The same DOCTYPE with an internal entity and an external one, encoded in
 * UTF-16 (both byte orders, with and without a byte-order mark), UTF-32 and
 * EBCDIC, where a byte scan for "<!DOCTYPE" cannot see it: every one is
 * refused and nothing is expanded or read.
 */
static void
test_xml_other_encodings(void)
{
    static const char doc[] =
        "<?xml version='1.0' encoding='%s'?>\n"
        "<!DOCTYPE cpu [<!ENTITY a 'feat_AES'><!ENTITY x SYSTEM 'file:///etc/passwd'>]>\n"
        "<cpu mode='host-passthrough'><feature name='&a;' value='&x;'/></cpu>\n";
    static const struct {
        const char *encoding, *declared;
        const char *bom;
        gsize bom_len;
    } cases[] = {
        {"UTF-16LE", "UTF-16", "\xff\xfe", 2}, {"UTF-16BE", "UTF-16", "\xfe\xff", 2},
        {"UTF-16LE", "UTF-16", "", 0},         {"UTF-16BE", "UTF-16", "", 0},
        {"UTF-32BE", "UCS-4", "", 0},          {"UTF-32LE", "UCS-4", "\xff\xfe\0\0", 4},
        {"IBM037", "IBM037", "", 0},
    };

    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *text = g_strdup_printf(doc, cases[i].declared);
        gsize len = 0;
        g_autoptr(GError) err = NULL;
        g_autofree char *enc = g_convert(text, -1, cases[i].encoding, "UTF-8", NULL, &len, &err);
        g_autoptr(GByteArray) bytes = g_byte_array_new();

        g_assert_no_error(err);
        g_byte_array_append(bytes, (const guint8 *)cases[i].bom, (guint)cases[i].bom_len);
        g_byte_array_append(bytes, (const guint8 *)enc, (guint)len);
        g_test_message("%s%s", cases[i].encoding, cases[i].bom_len ? " with BOM" : "");
        assert_guest_refused((const char *)bytes->data, bytes->len,
                             cases[i].encoding[0] == 'I' ? "not well-formed" : "not UTF-8");
    }
}

/* ----- host capabilities ----- */

static char *
hostcaps_text(void)
{
    g_autofree char *path = test_data_path("hostcaps/grace.xml");
    char *text = NULL;

    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    return text;
}

/* grace.xml with @insert placed just before the first occurrence of @before. */
static char *
hostcaps_with(const char *before, const char *insert)
{
    g_autofree char *text = hostcaps_text();
    const char *at = strstr(text, before);

    g_assert_nonnull(at);
    return g_strdup_printf("%.*s%s%s", (int)(at - text), text, insert, at);
}

static void
assert_hostcaps_refused(const char *doc, int code, const char *mentions)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuHostCaps) caps =
        armcpu_host_caps_parse_string(doc, strlen(doc), "limits.xml", reg, &err);

    g_assert_null(caps);
    g_assert_error(err, ARMCPU_HOST_CAPS_ERROR, code);
    assert_mentions(err->message, mentions);
}

static void
assert_hostcaps_accepted(const char *doc)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuHostCaps) caps =
        armcpu_host_caps_parse_string(doc, strlen(doc), "limits.xml", reg, &err);

    g_assert_no_error(err);
    g_assert_nonnull(caps);
}

static void
test_hostcaps_size(void)
{
    g_autofree char *text = hostcaps_text();
    g_autoptr(GString) big = g_string_new(text);
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuHostCaps) caps = NULL;

    while (big->len <= ARMCPU_HOST_CAPS_MAX_SIZE)
        g_string_append(big, "<!-- padding padding padding padding padding padding -->\n");
    caps = armcpu_host_caps_parse_string(big->str, big->len, "big.xml", reg, &err);
    g_assert_null(caps);
    g_assert_error(err, ARMCPU_HOST_CAPS_ERROR, ARMCPU_HOST_CAPS_ERROR_READ);
    assert_mentions(err->message, "exceeds the limit of 8388608 bytes");
}

/* @fmt with its "%u" replaced by 0..@n-1, concatenated. */
static char *
many(const char *fmt, guint n)
{
    g_auto(GStrv) parts = g_strsplit(fmt, "%u", 2);
    GString *s = g_string_new(NULL);

    g_assert_nonnull(parts[1]);
    for (guint i = 0; i < n; i++)
        g_string_append_printf(s, "%s%u%s", parts[0], i, parts[1]);
    return g_string_free(s, FALSE);
}

static void
test_hostcaps_props(void)
{
    /* grace.xml's kvm section lists some properties already: fill up to the limit */
    g_autofree char *text = hostcaps_text();
    guint have = 0;
    const char *info = strstr(text, "<cpuPropertyInfo");
    const char *end = strstr(info, "</cpuPropertyInfo>");

    for (const char *p = info; (p = strstr(p, "<property ")) && p < end; p++)
        have++;
    g_autofree char *fill = many("<property name='x_%u' type='bool'><value>on</value></property>\n",
                                 ARMCPU_HOST_CAPS_MAX_PROPS - have);
    g_autofree char *fill1 =
        many("<property name='x_%u' type='bool'><value>on</value></property>\n",
             ARMCPU_HOST_CAPS_MAX_PROPS - have + 1);
    g_autofree char *at = hostcaps_with("</cpuPropertyInfo>", fill);
    g_autofree char *over = hostcaps_with("</cpuPropertyInfo>", fill1);

    assert_hostcaps_accepted(at);
    assert_hostcaps_refused(over, ARMCPU_HOST_CAPS_ERROR_LIMIT, "more than 4096 properties");
}

static void
test_hostcaps_values(void)
{
    g_autofree char *v256 = many("<value>v%u</value>", ARMCPU_HOST_CAPS_MAX_VALUES);
    g_autofree char *v257 = many("<value>v%u</value>", ARMCPU_HOST_CAPS_MAX_VALUES + 1);
    g_autofree char *p256 =
        g_strdup_printf("<property name='x_str' type='string'>%s</property>\n", v256);
    g_autofree char *p257 =
        g_strdup_printf("<property name='x_str' type='string'>%s</property>\n", v257);
    g_autofree char *at = hostcaps_with("</cpuPropertyInfo>", p256);
    g_autofree char *over = hostcaps_with("</cpuPropertyInfo>", p257);

    assert_hostcaps_accepted(at);
    assert_hostcaps_refused(over, ARMCPU_HOST_CAPS_ERROR_LIMIT,
                            "property 'x_str' has more than 256 supported values");
}

static void
test_hostcaps_models(void)
{
    g_autofree char *text = hostcaps_text();
    const char *models = strstr(text, "<models>");
    const char *end = strstr(models, "</models>");
    guint have = 0;

    for (const char *p = models; (p = strstr(p, "<model ")) && p < end; p++)
        have++;
    g_autofree char *fill = many("<model name='m%u' usable='unknown' deprecated='no'/>\n",
                                 ARMCPU_HOST_CAPS_MAX_MODELS - have);
    g_autofree char *fill1 = many("<model name='m%u' usable='unknown' deprecated='no'/>\n",
                                  ARMCPU_HOST_CAPS_MAX_MODELS - have + 1);
    g_autofree char *at = hostcaps_with("</models>", fill);
    g_autofree char *over = hostcaps_with("</models>", fill1);

    assert_hostcaps_accepted(at);
    assert_hostcaps_refused(over, ARMCPU_HOST_CAPS_ERROR_LIMIT, "more than 1024 models");
}

static void
test_hostcaps_commands(void)
{
    g_autofree char *text = hostcaps_text();
    const char *cmds = strstr(text, "<commands>");
    const char *end = strstr(cmds, "</commands>");
    guint have = 0;

    for (const char *p = cmds; (p = strstr(p, "<command ")) && p < end; p++)
        have++;
    g_autofree char *fill =
        many("<command name='x-cmd-%u' present='no'/>\n", ARMCPU_HOST_CAPS_MAX_COMMANDS - have);
    g_autofree char *fill1 =
        many("<command name='x-cmd-%u' present='no'/>\n", ARMCPU_HOST_CAPS_MAX_COMMANDS - have + 1);
    g_autofree char *at = hostcaps_with("</commands>", fill);
    g_autofree char *over = hostcaps_with("</commands>", fill1);

    assert_hostcaps_accepted(at);
    assert_hostcaps_refused(over, ARMCPU_HOST_CAPS_ERROR_LIMIT, "more than 64 commands");
}

static void
test_hostcaps_token_length(void)
{
    g_autofree char *n64 = g_strnfill(ARMCPU_TOKEN_MAX, 'n');
    g_autofree char *n65 = g_strnfill(ARMCPU_TOKEN_MAX + 1, 'n');
    g_autofree char *v65 = g_strnfill(ARMCPU_TOKEN_MAX + 1, 'v');
    g_autofree char *p64 =
        g_strdup_printf("<property name='%s' type='string'><value>on</value></property>\n", n64);
    g_autofree char *p65 =
        g_strdup_printf("<property name='%s' type='string'><value>on</value></property>\n", n65);
    g_autofree char *pv65 =
        g_strdup_printf("<property name='x_v' type='string'><value>%s</value></property>\n", v65);
    g_autofree char *at = hostcaps_with("</cpuPropertyInfo>", p64);
    g_autofree char *over = hostcaps_with("</cpuPropertyInfo>", p65);
    g_autofree char *over_value = hostcaps_with("</cpuPropertyInfo>", pv65);

    assert_hostcaps_accepted(at);
    assert_hostcaps_refused(over, ARMCPU_HOST_CAPS_ERROR_VALUE, "the limit is 64");
    assert_hostcaps_refused(over_value, ARMCPU_HOST_CAPS_ERROR_VALUE, "the limit is 64");
}

static void
test_hostcaps_text_length(void)
{
    g_autofree char *text = hostcaps_text();
    g_autofree char *p4096 = g_strnfill(ARMCPU_HOST_CAPS_MAX_PATH - 1, 'p');
    g_autofree char *p4097 = g_strnfill(ARMCPU_HOST_CAPS_MAX_PATH, 'p');
    g_auto(GStrv) parts = g_strsplit(text, "path='/usr/bin/qemu-system-aarch64'", 2);
    g_autofree char *at = g_strdup_printf("%spath='/%s'%s", parts[0], p4096, parts[1]);
    g_autofree char *over = g_strdup_printf("%spath='/%s'%s", parts[0], p4097, parts[1]);
    g_autofree char *k256 = g_strnfill(ARMCPU_HOST_CAPS_MAX_TEXT, 'k');
    g_autofree char *k257 = g_strnfill(ARMCPU_HOST_CAPS_MAX_TEXT + 1, 'k');
    g_auto(GStrv) kparts = g_strsplit(text, "kernel='6.8.0-1010-nvidia-64k'", 2);
    g_autofree char *kat = g_strdup_printf("%skernel='%s'%s", kparts[0], k256, kparts[1]);
    g_autofree char *kover = g_strdup_printf("%skernel='%s'%s", kparts[0], k257, kparts[1]);

    g_assert_nonnull(parts[1]);
    g_assert_nonnull(kparts[1]);
    assert_hostcaps_accepted(at);
    assert_hostcaps_refused(over, ARMCPU_HOST_CAPS_ERROR_VALUE, "path");
    assert_hostcaps_accepted(kat);
    assert_hostcaps_refused(kover, ARMCPU_HOST_CAPS_ERROR_VALUE, "kernel");
}

static void
test_hostcaps_doctype(void)
{
    g_autofree char *text = hostcaps_text();
    g_autofree char *doc = g_strdup_printf(
        "<!DOCTYPE hostCapabilities [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>\n%s", text);

    assert_hostcaps_refused(doc, ARMCPU_HOST_CAPS_ERROR_XML, "DOCTYPE");
}

/* ----- QMP replies ----- */

typedef struct {
    int fd;
    GBytes *bytes;
} Feeder;

static gpointer
feed_thread(gpointer data)
{
    Feeder *f = data;
    gsize len;
    const char *p = g_bytes_get_data(f->bytes, &len);

    while (len > 0) {
        ssize_t n = send(f->fd, p, len, MSG_NOSIGNAL);
        if (n <= 0)
            break;
        p += n;
        len -= (gsize)n;
    }
    shutdown(f->fd, SHUT_WR);
    return NULL;
}

#define GREETING                                                                                   \
    "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 22, \"minor\": 2, \"major\": 7}, "             \
    "\"package\": \"\"}, \"capabilities\": [\"oob\"]}}\r\n{\"return\": {}, \"id\": "               \
    "\"armcpu-1\"}\r\n"

/* Run handshake + one command against a peer sending @stream; the command's result. */
static json_object *
qmp_converse(GString *stream, ArmcpuQmp **out_q, GError **error)
{
    int sv[2];
    Feeder f;
    GThread *t;
    json_object *ret = NULL;
    ArmcpuQmp *q;

    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), ==, 0);
    f.fd = sv[1];
    f.bytes = g_bytes_new(stream->str, stream->len);
    t = g_thread_new("feeder", feed_thread, &f);
    q = armcpu_qmp_new(sv[0], NULL);
    if (armcpu_qmp_handshake(q, armcpu_deadline_in_ms(20000), error))
        ret = armcpu_qmp_execute(q, "query-commands", NULL, armcpu_deadline_in_ms(20000), error);
    /* the client may stop reading before the feeder is done: unblock it */
    shutdown(sv[0], SHUT_RD);
    shutdown(sv[1], SHUT_RDWR);
    g_thread_join(t);
    close(sv[1]);
    g_bytes_unref(f.bytes);
    *out_q = q;
    return ret;
}

static void
test_qmp_size(void)
{
    for (int over = 0; over <= 1; over++) {
        /* {"return": "xxx...", "id": "armcpu-2"} of exactly the limit (accepted), or one more */
        static const char head[] = "{\"return\": \"", tail[] = "\", \"id\": \"armcpu-2\"}";
        gsize fill =
            ARMCPU_QMP_DEFAULT_MAX_MESSAGE - (sizeof(head) - 1) - (sizeof(tail) - 1) + (gsize)over;
        GString *s = g_string_new(GREETING);
        ArmcpuQmp *q = NULL;
        g_autoptr(GError) err = NULL;

        g_string_append(s, head);
        for (gsize i = 0; i < fill; i++)
            g_string_append_c(s, 'x');
        g_string_append(s, tail);
        g_string_append(s, "\r\n");
        g_autoptr(json_object) ret = qmp_converse(s, &q, &err);
        if (over) {
            g_assert_null(ret);
            g_assert_error(err, ARMCPU_QMP_ERROR, ARMCPU_QMP_ERROR_TOO_BIG);
            assert_mentions(err->message, "larger than the limit of 4194304 bytes");
        } else {
            g_assert_no_error(err);
            g_assert_cmpuint(strlen(json_object_get_string(ret)), ==, fill);
        }
        armcpu_qmp_free(q);
        g_string_free(s, TRUE);
    }
}

static void
test_qmp_depth(void)
{
    for (int over = 0; over <= 1; over++) {
        /* the reply object is level 1; its return value adds the rest */
        guint arrays = ARMCPU_QMP_DEFAULT_MAX_DEPTH - 1 + (guint)over;
        GString *s = g_string_new(GREETING);
        ArmcpuQmp *q = NULL;
        g_autoptr(GError) err = NULL;

        g_string_append(s, "{\"id\": \"armcpu-2\", \"return\": ");
        for (guint i = 0; i < arrays; i++)
            g_string_append_c(s, '[');
        g_string_append(s, "1");
        for (guint i = 0; i < arrays; i++)
            g_string_append_c(s, ']');
        g_string_append(s, "}\r\n");
        g_autoptr(json_object) ret = qmp_converse(s, &q, &err);
        if (over) {
            g_assert_null(ret);
            g_assert_error(err, ARMCPU_QMP_ERROR, ARMCPU_QMP_ERROR_TOO_DEEP);
            assert_mentions(err->message, "nests deeper than the limit of 64 levels");
        } else {
            g_assert_no_error(err);
            g_assert_nonnull(ret);
        }
        armcpu_qmp_free(q);
        g_string_free(s, TRUE);
    }
}

static void
test_qmp_events(void)
{
    GString *s = g_string_new(GREETING);
    ArmcpuQmp *q = NULL;
    g_autoptr(GError) err = NULL;
    g_autofree char *long_name = g_strnfill(1000, 'N');

    /* names are kept to 256 bytes */
    g_string_append_printf(s, "{\"event\": \"%s\"}\r\n", long_name);
    for (guint i = 1; i < ARMCPU_QMP_DEFAULT_MAX_EVENTS; i++)
        g_string_append_printf(s, "{\"event\": \"E%u\"}\r\n", i);
    g_string_append(s, "{\"event\": \"");
    for (guint i = 0; i < 1000; i++)
        g_string_append_c(s, 'L');
    g_string_append(s, "\"}\r\n");
    g_string_append(s, "{\"return\": [], \"id\": \"armcpu-2\"}\r\n");
    g_autoptr(json_object) ret = qmp_converse(s, &q, &err);
    g_assert_no_error(err);
    g_assert_nonnull(ret);
    g_assert_cmpuint(armcpu_qmp_n_events(q), ==, ARMCPU_QMP_DEFAULT_MAX_EVENTS + 1);
    g_assert_cmpuint(strlen(armcpu_qmp_event_name(q, 0)), ==, 256);
    g_assert_cmpstr(armcpu_qmp_event_name(q, ARMCPU_QMP_DEFAULT_MAX_EVENTS - 1), ==, "E999");
    g_assert_null(armcpu_qmp_event_name(q, ARMCPU_QMP_DEFAULT_MAX_EVENTS));
    armcpu_qmp_free(q);
    g_string_free(s, TRUE);
}

/* ----- baseline ----- */

static void
test_baseline_hosts(void)
{
    g_autofree char *path = test_data_path("hostcaps/grace.xml");
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuHostCaps) caps = armcpu_host_caps_parse_file(path, reg, &err);
    const ArmcpuAccelCaps *acc;
    g_autofree const ArmcpuAccelCaps **hosts =
        g_new(const ArmcpuAccelCaps *, ARMCPU_BASELINE_MAX_HOSTS + 1);
    g_autoptr(ArmcpuReport) report = armcpu_report_new(NULL);
    g_autoptr(ArmcpuGuestCpu) none = NULL;

    g_assert_no_error(err);
    acc = armcpu_host_caps_accel(caps, ARMCPU_ACCEL_KVM);
    for (guint i = 0; i <= ARMCPU_BASELINE_MAX_HOSTS; i++)
        hosts[i] = acc;
    none = armcpu_baseline(hosts, ARMCPU_BASELINE_MAX_HOSTS + 1, reg, FALSE, report);
    g_assert_null(none);
    g_assert_cmpuint(count_problems(report, ARMCPU_PROBLEM_LIMIT, "limit of 100000"), ==, 1);
}

int
main(int argc, char **argv)
{
    int rc;

    g_test_init(&argc, &argv, NULL);
    reg = test_registry();
    g_test_add_func("/limits/guest/size-over-4mib-refused", test_guest_size);
    g_test_add_func("/limits/guest/features-over-1024-reported", test_guest_features);
    g_test_add_func("/limits/guest/name-and-value-over-64-bytes-reported", test_guest_token_length);
    g_test_add_func("/limits/xml/depth-over-32-refused", test_xml_depth);
    g_test_add_data_func("/limits/xml/external-entity-refused", "guest/doctype-external-entity.xml",
                         test_xml_doctype_file);
    g_test_add_data_func("/limits/xml/billion-laughs-file-refused",
                         "guest/doctype-billion-laughs.xml", test_xml_doctype_file);
    g_test_add_func("/limits/xml/billion-laughs-nine-levels-refused", test_xml_billion_laughs);
    g_test_add_func("/limits/xml/utf16-utf32-ebcdic-doctype-refused", test_xml_other_encodings);
    g_test_add_func("/limits/hostcaps/size-over-8mib-refused", test_hostcaps_size);
    g_test_add_func("/limits/hostcaps/properties-over-4096-refused", test_hostcaps_props);
    g_test_add_func("/limits/hostcaps/values-over-256-refused", test_hostcaps_values);
    g_test_add_func("/limits/hostcaps/models-over-1024-refused", test_hostcaps_models);
    g_test_add_func("/limits/hostcaps/commands-over-64-refused", test_hostcaps_commands);
    g_test_add_func("/limits/hostcaps/name-and-value-over-64-bytes-refused",
                    test_hostcaps_token_length);
    g_test_add_func("/limits/hostcaps/path-and-text-length-refused", test_hostcaps_text_length);
    g_test_add_func("/limits/hostcaps/doctype-refused", test_hostcaps_doctype);
    g_test_add_func("/limits/qmp/reply-over-4mib-refused", test_qmp_size);
    g_test_add_func("/limits/qmp/json-depth-over-64-refused", test_qmp_depth);
    g_test_add_func("/limits/qmp/events-over-1000-counted-not-kept", test_qmp_events);
    g_test_add_func("/limits/baseline/hosts-over-100000-reported", test_baseline_hosts);
    rc = g_test_run();
    armcpu_registry_unref(reg);
    return rc;
}
