/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-fake-qemu.c: the fake qemu-system-aarch64 behaves like QEMU where the
 * armcpu tests rely on it. Every read and every wait is bounded.
 */
#include <gio/gio.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <json.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC(json_object, json_object_put)

#define TIMEOUT_MS 15000

#define CAPS "{\"execute\": \"qmp_capabilities\"}\r\n"

/* A small replies file with both accelerators and a qom model. */
static const char small_replies[] =
    "{\"_comment\": \"SYNTHESISED for test-fake-qemu\","
    " \"accels\": {\"tcg\": {\"commands\": {\"query-cpu-model-expansion\": ["
    "   {\"arguments\": {\"type\": \"full\", \"model\": {\"name\": \"max\"}},"
    "    \"reply\": {\"return\": {\"model\": {\"name\": \"max\", \"props\": {\"sve\": true}}}}},"
    "   {\"arguments\": {\"type\": \"full\", \"model\": {\"name\": \"max\", \"props\": "
    "{\"sve\": false}}},"
    "    \"reply\": {\"return\": {\"model\": {\"name\": \"max\", \"props\": {\"sve\": false}}}}},"
    "   {\"arguments\": {\"type\": \"static\", \"model\": {\"name\": \"max\"}},"
    "    \"reply\": {\"error\": {\"class\": \"GenericError\", \"desc\": \"The requested "
    "expansion type is not supported\"}}}]}}},"
    " \"commands\": {\"query-target\": {\"return\": {\"arch\": \"aarch64\"}}},"
    " \"qom\": {\"max\": {\"props\": {\"aarch64\": true, \"pmu\": true, \"sve\": true,"
    "   \"sve128\": true, \"sve256\": true, \"sve384\": true, \"sve512\": true,"
    "   \"sve-max-vq\": 4, \"sme\": true, \"pauth\": true, \"pauth-impdef\": false,"
    "   \"midr\": 984336}}}}";

typedef struct {
    GSubprocess *proc;
    int fd;
    GString *in;
    char *dir;
    char *stderr_path;
    char *stdout_path;
} Fake;

static char *
tmp_dir(void)
{
    g_autoptr(GError) err = NULL;
    char *dir = g_dir_make_tmp("fake-qemu-test-XXXXXX", &err);

    g_assert_no_error(err);
    return dir;
}

static char *
write_tmp(const char *dir, const char *name, const char *text)
{
    g_autoptr(GError) err = NULL;
    char *path = g_build_filename(dir, name, NULL);

    g_assert_true(g_file_set_contents(path, text, -1, &err));
    g_assert_no_error(err);
    return path;
}

static const char *
fake_path(void)
{
    const char *p = g_getenv("ARMCPU_FAKE_QEMU");

    g_assert_nonnull(p);
    return p;
}

static char *
data_path(const char *sub, const char *name)
{
    const char *base = g_getenv("ARMCPU_TEST_DATA");

    g_assert_nonnull(base);
    return g_build_filename(base, sub, name, NULL);
}

static Fake *
fake_new(void)
{
    Fake *f = g_new0(Fake, 1);

    f->fd = -1;
    f->in = g_string_new(NULL);
    f->dir = tmp_dir();
    f->stderr_path = g_build_filename(f->dir, "stderr", NULL);
    f->stdout_path = g_build_filename(f->dir, "stdout", NULL);
    return f;
}

/* Starts the fake with its QMP monitor on one end of a socketpair. @env holds
 * NAME=VALUE strings (NULL-terminated, may be NULL); @args the options after
 * the program name (NULL-terminated). With @qmp_fd FALSE no monitor is added. */
static void
fake_spawn(Fake *f, const char *const *env, const char *const *args, gboolean qmp_fd)
{
    static const char *const cleared[] = {"FAKE_QEMU_REPLIES", "FAKE_QEMU_TRANSCRIPT",
                                          "FAKE_QEMU_FAULT",   "FAKE_QEMU_LOG",
                                          "FAKE_QEMU_IGNORE",  "FAKE_QEMU_MAX_LIFETIME"};
    g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_NONE);
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    g_autoptr(GError) err = NULL;
    int sv[2];

    for (gsize i = 0; i < G_N_ELEMENTS(cleared); i++)
        g_subprocess_launcher_unsetenv(launcher, cleared[i]);
    g_subprocess_launcher_setenv(launcher, "FAKE_QEMU_MAX_LIFETIME", "60", TRUE);
    for (gsize i = 0; env && env[i]; i++) {
        g_auto(GStrv) kv = g_strsplit(env[i], "=", 2);

        g_subprocess_launcher_setenv(launcher, kv[0], kv[1], TRUE);
    }
    g_subprocess_launcher_set_stderr_file_path(launcher, f->stderr_path);
    g_subprocess_launcher_set_stdout_file_path(launcher, f->stdout_path);

    g_ptr_array_add(argv, (gpointer)fake_path());
    for (gsize i = 0; args[i]; i++)
        g_ptr_array_add(argv, (gpointer)args[i]);
    if (qmp_fd) {
        g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), ==, 0);
        f->fd = sv[0];
        g_subprocess_launcher_take_fd(launcher, sv[1], 3);
        g_ptr_array_add(argv, (gpointer) "-chardev");
        g_ptr_array_add(argv, (gpointer) "socket,id=qmp,fd=3");
        g_ptr_array_add(argv, (gpointer) "-mon");
        g_ptr_array_add(argv, (gpointer) "chardev=qmp,mode=control");
    }
    g_ptr_array_add(argv, NULL);
    f->proc = g_subprocess_launcher_spawnv(launcher, (const char *const *)argv->pdata, &err);
    g_assert_no_error(err);
}

static Fake *
fake_start_full(const char *const *env, const char *const *args, gboolean qmp_fd)
{
    Fake *f = fake_new();

    fake_spawn(f, env, args, qmp_fd);
    return f;
}

static Fake *
fake_start(const char *const *env, const char *const *args)
{
    return fake_start_full(env, args, TRUE);
}

static void
on_waited(GObject *src, GAsyncResult *res, gpointer data)
{
    gboolean *done = data;

    g_subprocess_wait_finish(G_SUBPROCESS(src), res, NULL);
    *done = TRUE;
}

static gboolean
on_timeout(gpointer data)
{
    gboolean *timed_out = data;

    *timed_out = TRUE;
    return G_SOURCE_REMOVE;
}

/* Waits (bounded) for the fake to exit. */
static void
fake_wait(Fake *f)
{
    g_autoptr(GMainContext) ctx = g_main_context_new();
    GSource *timer = g_timeout_source_new(TIMEOUT_MS);
    gboolean done = FALSE;
    gboolean timed_out = FALSE;

    g_main_context_push_thread_default(ctx);
    g_subprocess_wait_async(f->proc, NULL, on_waited, &done);
    g_source_set_callback(timer, on_timeout, &timed_out, NULL);
    g_source_attach(timer, ctx);
    while (!done && !timed_out)
        g_main_context_iteration(ctx, TRUE);
    g_source_destroy(timer);
    g_source_unref(timer);
    if (!done) {
        g_subprocess_force_exit(f->proc);
        while (!done)
            g_main_context_iteration(ctx, TRUE);
    }
    g_main_context_pop_thread_default(ctx);
    g_assert_false(timed_out);
}

static int
fake_exit_status(Fake *f)
{
    fake_wait(f);
    g_assert_true(g_subprocess_get_if_exited(f->proc));
    return g_subprocess_get_exit_status(f->proc);
}

static char *
fake_stderr(Fake *f)
{
    char *text = NULL;

    g_assert_true(g_file_get_contents(f->stderr_path, &text, NULL, NULL));
    return text;
}

static void
rm_rf(const char *dir)
{
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *name;

    while (d && (name = g_dir_read_name(d))) {
        g_autofree char *p = g_build_filename(dir, name, NULL);

        g_unlink(p);
    }
    g_rmdir(dir);
}

static void
fake_free(Fake *f)
{
    if (!f)
        return;
    if (f->fd >= 0)
        close(f->fd);
    if (g_subprocess_get_identifier(f->proc))
        g_subprocess_force_exit(f->proc);
    fake_wait(f);
    g_object_unref(f->proc);
    g_string_free(f->in, TRUE);
    rm_rf(f->dir);
    g_free(f->dir);
    g_free(f->stderr_path);
    g_free(f->stdout_path);
    g_free(f);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(Fake, fake_free)

static void
fake_send(Fake *f, const char *text)
{
    gsize len = strlen(text);

    while (len > 0) {
        ssize_t n = write(f->fd, text, len);

        if (n < 0 && errno == EINTR)
            continue;
        g_assert_cmpint(n, >, 0);
        text += n;
        len -= (gsize)n;
    }
}

/* The next message line (CRLF-terminated), or NULL at EOF. Fails the test
 * after TIMEOUT_MS without one. */
static json_object *
fake_read_any(Fake *f)
{
    gint64 deadline = g_get_monotonic_time() + TIMEOUT_MS * (gint64)1000;
    char buf[65536];

    for (;;) {
        char *nl = memchr(f->in->str, '\n', f->in->len);
        struct pollfd pfd = {.fd = f->fd, .events = POLLIN};
        gint64 left;
        ssize_t n;

        if (nl) {
            gsize len = (gsize)(nl - f->in->str) + 1;
            g_autofree char *line = g_strndup(f->in->str, len);
            json_object *obj;

            g_string_erase(f->in, 0, (gssize)len);
            g_assert_true(len >= 2 && line[len - 2] == '\r');
            obj = json_tokener_parse(line);
            g_assert_nonnull(obj);
            return obj;
        }
        left = (deadline - g_get_monotonic_time()) / 1000;
        if (left <= 0)
            g_error("no QMP message from the fake within %d ms", TIMEOUT_MS);
        if (poll(&pfd, 1, (int)left) <= 0)
            continue;
        n = read(f->fd, buf, sizeof(buf));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            g_assert_cmpuint(f->in->len, ==, 0); /* no partial message before EOF */
            return NULL;
        }
        g_string_append_len(f->in, buf, n);
    }
}

static json_object *
member(json_object *obj, const char *key)
{
    json_object *val = NULL;

    if (!json_object_object_get_ex(obj, key, &val))
        return NULL;
    return val;
}

/* The next message that is not an event. */
static json_object *
fake_read_reply(Fake *f)
{
    for (;;) {
        json_object *msg = fake_read_any(f);

        if (!msg || !member(msg, "event"))
            return msg;
        json_object_put(msg);
    }
}

/* Reads the greeting (which must come first). */
static void
fake_expect_greeting(Fake *f)
{
    g_autoptr(json_object) greeting = fake_read_any(f);

    g_assert_nonnull(greeting);
    g_assert_nonnull(member(greeting, "QMP"));
}

/* Reads the greeting and negotiates. */
static void
fake_negotiate(Fake *f)
{
    g_autoptr(json_object) greeting = fake_read_any(f);
    g_autoptr(json_object) reply = NULL;

    g_assert_nonnull(greeting);
    g_assert_nonnull(member(greeting, "QMP"));
    fake_send(f, CAPS);
    reply = fake_read_reply(f);
    g_assert_nonnull(reply);
    g_assert_nonnull(member(reply, "return"));
}

static json_object *
fake_execute(Fake *f, const char *command_json)
{
    g_autofree char *line = g_strdup_printf("%s\r\n", command_json);
    json_object *reply;

    fake_send(f, line);
    reply = fake_read_reply(f);
    g_assert_nonnull(reply);
    return reply;
}

static const char *
error_class(json_object *reply)
{
    return json_object_get_string(member(member(reply, "error"), "class"));
}

static const char *
error_desc(json_object *reply)
{
    return json_object_get_string(member(member(reply, "error"), "desc"));
}

/* A fake on the small replies file (kept in the fake's own directory);
 * @extra_env may add one variable. */
static Fake *
small_fake(const char *const *args, const char *extra_env)
{
    Fake *f = fake_new();
    g_autofree char *replies = write_tmp(f->dir, "replies.json", small_replies);
    g_autofree char *env_replies = g_strdup_printf("FAKE_QEMU_REPLIES=%s", replies);
    const char *env[] = {env_replies, extra_env, NULL};

    fake_spawn(f, env, args, TRUE);
    return f;
}

static const char *const probe_args[] = {"-S",       "-no-user-config", "-nodefaults", "-nographic",
                                         "-machine", "none,accel=tcg",  NULL};

/* ----- tests ----- */

static void
test_sends_greeting_first(void)
{
    g_autoptr(Fake) f = NULL;
    g_autoptr(json_object) greeting = NULL;
    json_object *qemu;
    g_autofree char *dir = tmp_dir();
    g_autofree char *replies = write_tmp(dir, "r.json", small_replies);
    g_autofree char *env_r = g_strdup_printf("FAKE_QEMU_REPLIES=%s", replies);
    const char *env[] = {env_r, NULL};

    f = fake_start(env, probe_args);
    greeting = fake_read_any(f);
    g_assert_nonnull(greeting);
    qemu = member(member(member(greeting, "QMP"), "version"), "qemu");
    g_assert_cmpint(json_object_get_int(member(qemu, "major")), ==, 7);
    g_assert_cmpint(json_object_get_int(member(qemu, "minor")), ==, 2);
    g_assert_cmpint(json_object_get_int(member(qemu, "micro")), ==, 22);
    rm_rf(dir);
}

static void
test_requires_capabilities_negotiation(void)
{
    g_autoptr(Fake) f = small_fake(probe_args, NULL);
    fake_expect_greeting(f);
    g_autoptr(json_object) early = fake_execute(f, "{\"execute\": \"query-version\"}");
    g_autoptr(json_object) caps = fake_execute(f, "{\"execute\": \"qmp_capabilities\"}");
    g_autoptr(json_object) version = fake_execute(f, "{\"execute\": \"query-version\"}");

    g_assert_cmpstr(error_class(early), ==, "CommandNotFound");
    g_assert_nonnull(strstr(error_desc(early), "qmp_capabilities"));
    g_assert_nonnull(member(caps, "return"));
    g_assert_cmpint(json_object_get_int(member(member(member(version, "return"), "qemu"), "major")),
                    ==, 7);
}

static void
test_echoes_string_and_number_ids(void)
{
    g_autoptr(Fake) f = small_fake(probe_args, NULL);
    fake_expect_greeting(f);
    g_autoptr(json_object) r1 =
        fake_execute(f, "{\"execute\": \"qmp_capabilities\", \"id\": \"libvirt-1\"}");
    g_autoptr(json_object) r2 = fake_execute(f, "{\"execute\": \"query-version\", \"id\": 42}");
    g_autoptr(json_object) r3 =
        fake_execute(f, "{\"id\": {\"n\": [1, null]}, \"execute\": \"no-such-command\"}");
    g_autoptr(json_object) want = json_tokener_parse("{\"n\": [1, null]}");

    g_assert_cmpstr(json_object_get_string(member(r1, "id")), ==, "libvirt-1");
    g_assert_true(json_object_is_type(member(r2, "id"), json_type_int));
    g_assert_cmpint(json_object_get_int(member(r2, "id")), ==, 42);
    g_assert_true(json_object_equal(member(r3, "id"), want));
    g_assert_nonnull(member(r3, "error"));
}

static void
test_answers_pipelined_commands_in_one_write(void)
{
    g_autoptr(Fake) f = small_fake(probe_args, NULL);
    fake_expect_greeting(f);

    fake_send(f, "{\"execute\":\"qmp_capabilities\",\"id\":1}"
                 "{\"execute\":\"query-version\",\"id\":2}\r\n"
                 "{\"execute\":\"query-target\",\"id\":3} {\"execute\":\"query-kvm\",\"id\":4}");
    for (int i = 1; i <= 4; i++) {
        g_autoptr(json_object) reply = fake_read_reply(f);

        g_assert_nonnull(reply);
        g_assert_nonnull(member(reply, "return"));
        g_assert_cmpint(json_object_get_int(member(reply, "id")), ==, i);
    }
}

static void
test_reassembles_command_split_across_writes(void)
{
    g_autoptr(Fake) f = small_fake(probe_args, NULL);
    fake_expect_greeting(f);
    g_autoptr(json_object) reply = NULL;

    fake_send(f, "{\"execute\": \"qmp_capa");
    g_usleep(20 * 1000);
    fake_send(f, "bilities\", \"id\": ");
    g_usleep(20 * 1000);
    fake_send(f, "7}\r\n");
    reply = fake_read_reply(f);
    g_assert_cmpint(json_object_get_int(member(reply, "id")), ==, 7);
    g_assert_nonnull(member(reply, "return"));
}

static void
test_matches_expansion_arguments(void)
{
    g_autoptr(Fake) f = small_fake(probe_args, NULL);
    g_autoptr(json_object) full = NULL;
    g_autoptr(json_object) sve_off = NULL;
    g_autoptr(json_object) stat = NULL;
    g_autoptr(json_object) other = NULL;

    fake_negotiate(f);
    full = fake_execute(f, "{\"execute\": \"query-cpu-model-expansion\", \"arguments\": "
                           "{\"model\": {\"name\": \"max\"}, \"type\": \"full\"}}");
    sve_off = fake_execute(f, "{\"execute\": \"query-cpu-model-expansion\", \"arguments\": "
                              "{\"type\": \"full\", \"model\": {\"name\": \"max\", \"props\": "
                              "{\"sve\": false}}}}");
    stat = fake_execute(f, "{\"execute\": \"query-cpu-model-expansion\", \"arguments\": "
                           "{\"type\": \"static\", \"model\": {\"name\": \"max\"}}}");
    other = fake_execute(f, "{\"execute\": \"query-cpu-model-expansion\", \"arguments\": "
                            "{\"type\": \"full\", \"model\": {\"name\": \"a64fx\"}}}");

    g_assert_true(json_object_get_boolean(
        member(member(member(member(full, "return"), "model"), "props"), "sve")));
    g_assert_false(json_object_get_boolean(
        member(member(member(member(sve_off, "return"), "model"), "props"), "sve")));
    g_assert_cmpstr(error_desc(stat), ==, "The requested expansion type is not supported");
    g_assert_cmpstr(error_class(other), ==, "GenericError");
    g_assert_nonnull(strstr(error_desc(other), "no reply for query-cpu-model-expansion"));
}

static void
test_reports_unknown_command_as_command_not_found(void)
{
    g_autoptr(Fake) f = small_fake(probe_args, NULL);
    g_autoptr(json_object) reply = NULL;
    g_autoptr(json_object) commands = NULL;
    gboolean listed = FALSE;
    json_object *list;

    fake_negotiate(f);
    reply = fake_execute(f, "{\"execute\": \"query-cpu-model-baseline\"}");
    g_assert_cmpstr(error_class(reply), ==, "CommandNotFound");
    g_assert_cmpstr(error_desc(reply), ==,
                    "The command query-cpu-model-baseline has not been found");

    commands = fake_execute(f, "{\"execute\": \"query-commands\"}");
    list = member(commands, "return");
    for (size_t i = 0; i < json_object_array_length(list); i++) {
        const char *name =
            json_object_get_string(member(json_object_array_get_idx(list, i), "name"));

        g_assert_cmpstr(name, !=, "query-cpu-model-baseline");
        if (strcmp(name, "query-cpu-model-expansion") == 0)
            listed = TRUE;
    }
    g_assert_true(listed);
}

static void
test_sends_shutdown_before_quit_return(void)
{
    g_autoptr(Fake) f = small_fake(probe_args, NULL);
    g_autoptr(json_object) event = NULL;
    g_autoptr(json_object) ret = NULL;
    g_autoptr(json_object) eof = NULL;

    fake_negotiate(f);
    fake_send(f, "{\"execute\": \"quit\", \"id\": \"q\"}\r\n");
    event = fake_read_any(f);
    g_assert_cmpstr(json_object_get_string(member(event, "event")), ==, "SHUTDOWN");
    g_assert_cmpstr(json_object_get_string(member(member(event, "data"), "reason")), ==,
                    "host-qmp-quit");
    g_assert_nonnull(member(member(event, "timestamp"), "seconds"));
    ret = fake_read_any(f);
    g_assert_nonnull(member(ret, "return"));
    g_assert_cmpstr(json_object_get_string(member(ret, "id")), ==, "q");
    eof = fake_read_any(f);
    g_assert_null(eof);
    g_assert_cmpint(fake_exit_status(f), ==, 0);
}

static void
test_refuses_unlisted_accel_before_greeting(void)
{
    g_autofree char *data = data_path("qemu", "tcg-only.json");
    g_autofree char *env_r = g_strdup_printf("FAKE_QEMU_REPLIES=%s", data);
    const char *env[] = {env_r, NULL};
    const char *args[] = {"-S", "-nodefaults", "-machine", "none,accel=kvm", NULL};
    g_autoptr(Fake) f = fake_start(env, args);
    g_autoptr(json_object) nothing = fake_read_any(f);
    g_autofree char *err = NULL;

    g_assert_null(nothing);
    g_assert_cmpint(fake_exit_status(f), ==, 1);
    err = fake_stderr(f);
    g_assert_nonnull(strstr(err, "qemu-system-aarch64: invalid accelerator kvm"));
}

static void
test_falls_back_along_accel_list(void)
{
    g_autofree char *data = data_path("qemu", "tcg-only.json");
    g_autofree char *env_r = g_strdup_printf("FAKE_QEMU_REPLIES=%s", data);
    const char *env[] = {env_r, NULL};
    const char *args[] = {"-S", "-machine", "none,accel=kvm:tcg", NULL};
    g_autoptr(Fake) f = fake_start(env, args);
    g_autoptr(json_object) kvm = NULL;
    g_autofree char *err = NULL;

    fake_negotiate(f);
    kvm = fake_execute(f, "{\"execute\": \"query-kvm\"}");
    g_assert_false(json_object_get_boolean(member(member(kvm, "return"), "enabled")));
    close(f->fd);
    f->fd = -1;
    g_assert_cmpint(fake_exit_status(f), ==, 0);
    err = fake_stderr(f);
    g_assert_nonnull(strstr(err, "invalid accelerator kvm"));
}

static void
test_refuse_accel_fault_hides_listed_accel(void)
{
    g_autofree char *data = data_path("qemu", "grace.json");
    g_autofree char *env_r = g_strdup_printf("FAKE_QEMU_REPLIES=%s", data);
    const char *env[] = {env_r, "FAKE_QEMU_FAULT=refuse-accel:kvm", NULL};
    const char *args[] = {"-machine", "none", "-accel", "kvm", NULL};
    g_autoptr(Fake) f = fake_start(env, args);
    g_autoptr(json_object) nothing = fake_read_any(f);
    g_autofree char *err = NULL;

    g_assert_null(nothing);
    g_assert_cmpint(fake_exit_status(f), ==, 1);
    err = fake_stderr(f);
    g_assert_nonnull(strstr(err, "-accel kvm: invalid accelerator kvm"));
}

static void
test_replays_real_max_expansion_from_transcript(void)
{
    g_autofree char *data = data_path("qemu-7.2", "probe-none.jsonl");
    g_autofree char *env_t = g_strdup_printf("FAKE_QEMU_TRANSCRIPT=%s", data);
    const char *env[] = {env_t, NULL};
    g_autoptr(Fake) f = fake_start(env, probe_args);
    g_autoptr(json_object) exp = NULL;
    g_autoptr(json_object) host = NULL;
    g_autoptr(json_object) commands = NULL;
    json_object *props;

    fake_negotiate(f);
    exp = fake_execute(f, "{\"execute\": \"query-cpu-model-expansion\", \"id\": \"x\", "
                          "\"arguments\": {\"type\": \"full\", \"model\": {\"name\": \"max\"}}}");
    props = member(member(member(exp, "return"), "model"), "props");
    g_assert_cmpint(json_object_object_length(props), ==, 21);
    g_assert_false(json_object_get_boolean(member(props, "pauth-impdef")));
    g_assert_true(json_object_get_boolean(member(props, "sve2048")));
    g_assert_cmpstr(json_object_get_string(member(exp, "id")), ==, "x");

    host = fake_execute(f, "{\"execute\": \"query-cpu-model-expansion\", \"arguments\": "
                           "{\"type\": \"full\", \"model\": {\"name\": \"host\"}}}");
    g_assert_cmpstr(error_desc(host), ==, "The CPU type 'host' requires KVM");

    /* Synthesised from the recorded query-qmp-schema: its 209 commands. */
    commands = fake_execute(f, "{\"execute\": \"query-commands\"}");
    g_assert_cmpint(json_object_array_length(member(commands, "return")), ==, 209);
}

static void
test_transcript_without_reply_exits_like_qemu(void)
{
    g_autofree char *data =
        data_path("qemu-7.2", "virt-cpu-max_sve-on_sve128-on_sve256-off_sve512-on.jsonl");
    g_autofree char *env_t = g_strdup_printf("FAKE_QEMU_TRANSCRIPT=%s", data);
    const char *env[] = {env_t, NULL};
    const char *args[] = {"-S", "-machine", "virt,accel=tcg", "-cpu", "max", NULL};
    g_autoptr(Fake) f = fake_start(env, args);
    g_autoptr(json_object) greeting = fake_read_any(f);
    g_autoptr(json_object) nothing = NULL;

    g_assert_nonnull(greeting);
    fake_send(f, CAPS);
    nothing = fake_read_any(f);
    g_assert_null(nothing);
    g_assert_cmpint(fake_exit_status(f), ==, 1);
}

static gboolean
qom_bool(Fake *f, const char *prop)
{
    g_autofree char *cmd =
        g_strdup_printf("{\"execute\": \"qom-get\", \"arguments\": {\"path\": "
                        "\"/machine/unattached/device[0]\", \"property\": \"%s\"}}",
                        prop);
    g_autoptr(json_object) reply = fake_execute(f, cmd);

    g_assert_true(json_object_is_type(member(reply, "return"), json_type_boolean));
    return json_object_get_boolean(member(reply, "return"));
}

static gint64
qom_int(Fake *f, const char *prop)
{
    g_autofree char *cmd =
        g_strdup_printf("{\"execute\": \"qom-get\", \"arguments\": {\"path\": "
                        "\"/machine/unattached/device[0]\", \"property\": \"%s\"}}",
                        prop);
    g_autoptr(json_object) reply = fake_execute(f, cmd);

    g_assert_true(json_object_is_type(member(reply, "return"), json_type_int));
    return json_object_get_int64(member(reply, "return"));
}

static void
test_sve_off_turns_vector_lengths_off(void)
{
    const char *args[] = {"-S",  "-machine", "virt,accel=tcg",     "-m",
                          "256", "-cpu",     "max,sve=on,sve=off", NULL};
    g_autoptr(Fake) f = small_fake(args, NULL);
    g_autoptr(json_object) cpus = NULL;
    g_autoptr(json_object) status = NULL;
    json_object *cpu;

    fake_negotiate(f);
    cpus = fake_execute(f, "{\"execute\": \"query-cpus-fast\"}");
    cpu = json_object_array_get_idx(member(cpus, "return"), 0);
    g_assert_cmpstr(json_object_get_string(member(cpu, "qom-path")), ==,
                    "/machine/unattached/device[0]");
    status = fake_execute(f, "{\"execute\": \"query-status\"}");
    g_assert_cmpstr(json_object_get_string(member(member(status, "return"), "status")), ==,
                    "prelaunch");
    g_assert_false(qom_bool(f, "sve"));
    g_assert_false(qom_bool(f, "sve128"));
    g_assert_false(qom_bool(f, "sve256"));
    g_assert_false(qom_bool(f, "sme"));
    g_assert_true(qom_bool(f, "pauth"));
    g_assert_cmpint(qom_int(f, "sve-max-vq"), ==, 0);
}

static void
test_sve_length_implies_max_vq(void)
{
    const char *args[] = {"-S", "-machine", "virt", "-cpu", "max,sve256=on", NULL};
    g_autoptr(Fake) f = small_fake(args, NULL);

    fake_negotiate(f);
    g_assert_true(qom_bool(f, "sve128"));
    g_assert_true(qom_bool(f, "sve256"));
    g_assert_false(qom_bool(f, "sve384"));
    g_assert_false(qom_bool(f, "sve512"));
    g_assert_cmpint(qom_int(f, "sve-max-vq"), ==, 2);
}

static void
test_ignore_env_leaves_option_unapplied(void)
{
    const char *args[] = {"-S", "-machine", "virt", "-cpu", "max,pmu=off", NULL};
    g_autoptr(Fake) f = small_fake(args, "FAKE_QEMU_IGNORE=pmu");

    fake_negotiate(f);
    g_assert_true(qom_bool(f, "pmu"));
}

static void
test_rejects_invalid_cpu_option_after_greeting(void)
{
    const char *args[] = {"-S", "-machine", "virt,accel=tcg", "-cpu", "max,foo=bar", NULL};
    g_autoptr(Fake) f = small_fake(args, NULL);
    g_autoptr(json_object) greeting = fake_read_any(f);
    g_autoptr(json_object) nothing = NULL;
    g_autofree char *err = NULL;

    g_assert_nonnull(member(greeting, "QMP"));
    nothing = fake_read_any(f);
    g_assert_null(nothing);
    g_assert_cmpint(fake_exit_status(f), ==, 1);
    err = fake_stderr(f);
    g_assert_nonnull(strstr(err, "qemu-system-aarch64: can't apply global max-arm-cpu.foo=bar: "
                                 "Property 'max-arm-cpu.foo' not found"));
}

static void
test_rejects_sve_max_vq_out_of_range(void)
{
    const char *args[] = {"-S", "-machine", "virt", "-cpu", "max,sve-max-vq=99", NULL};
    g_autoptr(Fake) f = small_fake(args, NULL);
    g_autofree char *err = NULL;

    g_assert_cmpint(fake_exit_status(f), ==, 1);
    err = fake_stderr(f);
    g_assert_nonnull(strstr(err, "max-arm-cpu.sve-max-vq=99: unsupported SVE vector length\n"
                                 "Valid sve-max-vq in range [1-16]"));
}

static void
test_crash_after_fault_kills_without_reply(void)
{
    g_autoptr(Fake) f = small_fake(probe_args, "FAKE_QEMU_FAULT=crash-after:1");
    g_autoptr(json_object) nothing = NULL;
    g_autofree char *err = NULL;

    fake_negotiate(f); /* reply 1; the fake dies right after it */
    nothing = fake_read_any(f);
    g_assert_null(nothing);
    fake_wait(f);
    g_assert_true(g_subprocess_get_if_signaled(f->proc));
    g_assert_cmpint(g_subprocess_get_term_sig(f->proc), ==, SIGKILL);
    err = fake_stderr(f);
    g_assert_nonnull(strstr(err, "fake crash"));
}

static void
test_events_fault_interleaves_events(void)
{
    g_autoptr(Fake) f = small_fake(probe_args, "FAKE_QEMU_FAULT=events");
    fake_expect_greeting(f);
    g_autoptr(GHashTable) kinds = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

    fake_send(f, CAPS);
    for (int i = 0; i < 3; i++) {
        g_autoptr(json_object) ev = fake_read_any(f);

        g_assert_nonnull(member(ev, "event"));
        g_hash_table_add(kinds, g_strdup(json_object_get_string(member(ev, "event"))));
    }
    g_assert_cmpuint(g_hash_table_size(kinds), ==, 3);
    {
        g_autoptr(json_object) reply = fake_read_any(f);

        g_assert_nonnull(member(reply, "return"));
    }
}

static void
test_garbage_fault_replaces_reply(void)
{
    g_autoptr(Fake) f = small_fake(probe_args, "FAKE_QEMU_FAULT=garbage-after:0");
    fake_expect_greeting(f);
    gint64 deadline = g_get_monotonic_time() + TIMEOUT_MS * (gint64)1000;
    char buf[256];
    ssize_t n;

    fake_send(f, CAPS);
    while (f->in->len < 5 && g_get_monotonic_time() < deadline) {
        struct pollfd pfd = {.fd = f->fd, .events = POLLIN};

        if (poll(&pfd, 1, 100) > 0 && (n = read(f->fd, buf, sizeof(buf))) > 0)
            g_string_append_len(f->in, buf, n);
    }
    g_assert_true(g_str_has_prefix(f->in->str, "}{ this is not JSON"));
}

static void
test_log_records_start_and_exit(void)
{
    g_autofree char *dir = tmp_dir();
    g_autofree char *log = g_build_filename(dir, "fake.log", NULL);
    g_autofree char *env_log = g_strdup_printf("FAKE_QEMU_LOG=%s", log);
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    int pid;

    {
        g_autoptr(Fake) f = small_fake(probe_args, env_log);
        g_autoptr(json_object) quit = NULL;

        pid = atoi(g_subprocess_get_identifier(f->proc));
        fake_negotiate(f);
        quit = fake_execute(f, "{\"execute\": \"quit\"}");
        g_assert_nonnull(member(quit, "return"));
        g_assert_cmpint(fake_exit_status(f), ==, 0);
    }
    g_assert_true(g_file_get_contents(log, &text, NULL, NULL));
    lines = g_strsplit(text, "\n", -1);
    g_assert_cmpuint(g_strv_length(lines), ==, 3); /* two lines and the empty tail */
    {
        g_autofree char *start = g_strdup_printf("start pid=%d accel=tcg argv=", pid);
        g_autofree char *exit_line = g_strdup_printf("exit pid=%d status=0", pid);

        g_assert_true(g_str_has_prefix(lines[0], start));
        g_assert_nonnull(strstr(lines[0], " -machine none,accel=tcg "));
        g_assert_null(strstr(lines[0], "-cpu"));
        g_assert_cmpstr(lines[1], ==, exit_line);
    }
    rm_rf(dir);
}

static void
test_listens_on_unix_socket(void)
{
    g_autofree char *dir = tmp_dir();
    g_autofree char *sock = g_build_filename(dir, "qmp.sock", NULL);
    g_autofree char *qmp = g_strdup_printf("unix:%s,server=on,wait=off", sock);
    const char *args[] = {"-S", "-machine", "none,accel=tcg", "-qmp", qmp, NULL};
    g_autofree char *env_r = NULL;
    g_autofree char *replies = write_tmp(dir, "r.json", small_replies);
    const char *env[] = {NULL, NULL};
    gint64 deadline = g_get_monotonic_time() + TIMEOUT_MS * (gint64)1000;
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    g_autoptr(Fake) f = NULL;

    env_r = g_strdup_printf("FAKE_QEMU_REPLIES=%s", replies);
    env[0] = env_r;
    f = fake_start_full(env, args, FALSE);
    g_strlcpy(sa.sun_path, sock, sizeof(sa.sun_path));
    for (;;) {
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

        g_assert_cmpint(fd, >=, 0);
        if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
            f->fd = fd;
            break;
        }
        close(fd);
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        g_usleep(5 * 1000);
    }
    fake_negotiate(f);
    {
        g_autoptr(json_object) quit = fake_execute(f, "{\"execute\": \"quit\"}");

        g_assert_nonnull(member(quit, "return"));
    }
    g_assert_cmpint(fake_exit_status(f), ==, 0);
    g_assert_false(g_file_test(sock, G_FILE_TEST_EXISTS));
    g_unlink(replies);
    rm_rf(dir);
}

static void
test_version_prints_greeting_version(void)
{
    g_autofree char *data = data_path("qemu", "tcg-only.json");
    g_autofree char *env_r = g_strdup_printf("FAKE_QEMU_REPLIES=%s", data);
    const char *env[] = {env_r, NULL};
    const char *args[] = {"-version", NULL};
    g_autoptr(Fake) f = fake_start_full(env, args, FALSE);
    g_autofree char *out = NULL;

    g_assert_cmpint(fake_exit_status(f), ==, 0);
    g_assert_true(g_file_get_contents(f->stdout_path, &out, NULL, NULL));
    g_assert_true(
        g_str_has_prefix(out, "QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)\n"));
}

static void
test_rejects_unknown_option_and_fault(void)
{
    const char *args[] = {"-machine", "none", "-frobnicate", NULL};
    const char *env[] = {"FAKE_QEMU_REPLIES=/nonexistent", NULL};
    const char *fault_env[] = {"FAKE_QEMU_FAULT=explode", NULL};
    g_autofree char *err = NULL;
    g_autofree char *err2 = NULL;

    {
        g_autoptr(Fake) f = fake_start_full(env, args, FALSE);

        g_assert_cmpint(fake_exit_status(f), ==, 1);
        err = fake_stderr(f);
        g_assert_nonnull(strstr(err, "qemu-system-aarch64: -frobnicate: invalid option"));
    }
    {
        g_autoptr(Fake) f = fake_start_full(fault_env, probe_args, FALSE);

        g_assert_cmpint(fake_exit_status(f), ==, 1);
        err2 = fake_stderr(f);
        g_assert_nonnull(strstr(err2, "unknown fault 'explode'"));
    }
}

static void
test_missing_replies_file_exits_1(void)
{
    const char *env[] = {"FAKE_QEMU_REPLIES=/nonexistent/replies.json", NULL};
    g_autoptr(Fake) f = fake_start(env, probe_args);
    g_autoptr(json_object) nothing = fake_read_any(f);
    g_autofree char *err = NULL;

    g_assert_null(nothing);
    g_assert_cmpint(fake_exit_status(f), ==, 1);
    err = fake_stderr(f);
    g_assert_nonnull(strstr(err, "/nonexistent/replies.json"));
}

/* Every fixture loads, is marked synthesised, and answers the probe's
 * questions under each accelerator it lists. */
static void
test_answers_probe_for_every_fixture(void)
{
    g_autofree char *dir = data_path("qemu", NULL);
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *name;
    guint count = 0;

    g_assert_nonnull(d);
    while ((name = g_dir_read_name(d))) {
        g_autofree char *path = g_build_filename(dir, name, NULL);
        g_autofree char *env_r = g_strdup_printf("FAKE_QEMU_REPLIES=%s", path);
        g_autoptr(json_object) root = NULL;
        json_object *accels;

        if (!g_str_has_suffix(name, ".json"))
            continue;
        count++;
        root = json_object_from_file(path);
        g_assert_nonnull(root);
        g_assert_nonnull(strstr(json_object_get_string(member(root, "_comment")), "SYNTHESISED"));
        accels = member(root, "accels");
        g_assert_nonnull(accels);
        json_object_object_foreach(accels, accel, section)
        {
            g_autofree char *machine = g_strdup_printf("none,accel=%s", accel);
            const char *args[] = {"-S", "-machine", machine, NULL};
            const char *env[] = {env_r, NULL};
            g_autoptr(Fake) f = fake_start(env, args);
            g_autoptr(json_object) version = NULL;
            g_autoptr(json_object) defs = NULL;
            g_autoptr(json_object) exp = NULL;
            g_autofree char *cmd = g_strdup_printf(
                "{\"execute\": \"query-cpu-model-expansion\", \"arguments\": {\"type\": "
                "\"full\", \"model\": {\"name\": \"%s\"}}}",
                strcmp(accel, "kvm") == 0 ? "host" : "max");

            (void)section;
            g_test_message("%s under %s", name, accel);
            fake_negotiate(f);
            version = fake_execute(f, "{\"execute\": \"query-version\"}");
            g_assert_nonnull(member(version, "return"));
            defs = fake_execute(f, "{\"execute\": \"query-cpu-definitions\"}");
            g_assert_cmpuint(json_object_array_length(member(defs, "return")), >=, 42);
            exp = fake_execute(f, cmd);
            g_assert_nonnull(member(member(member(exp, "return"), "model"), "props"));
        }
    }
    g_assert_cmpuint(count, >=, 6);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    signal(SIGPIPE, SIG_IGN);

    g_test_add_func("/fake-qemu/sends-greeting-first", test_sends_greeting_first);
    g_test_add_func("/fake-qemu/requires-capabilities-negotiation",
                    test_requires_capabilities_negotiation);
    g_test_add_func("/fake-qemu/echoes-string-and-number-ids", test_echoes_string_and_number_ids);
    g_test_add_func("/fake-qemu/answers-pipelined-commands-in-one-write",
                    test_answers_pipelined_commands_in_one_write);
    g_test_add_func("/fake-qemu/reassembles-command-split-across-writes",
                    test_reassembles_command_split_across_writes);
    g_test_add_func("/fake-qemu/matches-expansion-arguments", test_matches_expansion_arguments);
    g_test_add_func("/fake-qemu/reports-unknown-command-as-command-not-found",
                    test_reports_unknown_command_as_command_not_found);
    g_test_add_func("/fake-qemu/sends-shutdown-before-quit-return",
                    test_sends_shutdown_before_quit_return);
    g_test_add_func("/fake-qemu/refuses-unlisted-accel-before-greeting",
                    test_refuses_unlisted_accel_before_greeting);
    g_test_add_func("/fake-qemu/falls-back-along-accel-list", test_falls_back_along_accel_list);
    g_test_add_func("/fake-qemu/refuse-accel-fault-hides-listed-accel",
                    test_refuse_accel_fault_hides_listed_accel);
    g_test_add_func("/fake-qemu/replays-real-max-expansion-from-transcript",
                    test_replays_real_max_expansion_from_transcript);
    g_test_add_func("/fake-qemu/transcript-without-reply-exits-like-qemu",
                    test_transcript_without_reply_exits_like_qemu);
    g_test_add_func("/fake-qemu/sve-off-turns-vector-lengths-off",
                    test_sve_off_turns_vector_lengths_off);
    g_test_add_func("/fake-qemu/sve-length-implies-max-vq", test_sve_length_implies_max_vq);
    g_test_add_func("/fake-qemu/ignore-env-leaves-option-unapplied",
                    test_ignore_env_leaves_option_unapplied);
    g_test_add_func("/fake-qemu/rejects-invalid-cpu-option-after-greeting",
                    test_rejects_invalid_cpu_option_after_greeting);
    g_test_add_func("/fake-qemu/rejects-sve-max-vq-out-of-range",
                    test_rejects_sve_max_vq_out_of_range);
    g_test_add_func("/fake-qemu/crash-after-fault-kills-without-reply",
                    test_crash_after_fault_kills_without_reply);
    g_test_add_func("/fake-qemu/events-fault-interleaves-events",
                    test_events_fault_interleaves_events);
    g_test_add_func("/fake-qemu/garbage-fault-replaces-reply", test_garbage_fault_replaces_reply);
    g_test_add_func("/fake-qemu/log-records-start-and-exit", test_log_records_start_and_exit);
    g_test_add_func("/fake-qemu/listens-on-unix-socket", test_listens_on_unix_socket);
    g_test_add_func("/fake-qemu/version-prints-greeting-version",
                    test_version_prints_greeting_version);
    g_test_add_func("/fake-qemu/rejects-unknown-option-and-fault",
                    test_rejects_unknown_option_and_fault);
    g_test_add_func("/fake-qemu/missing-replies-file-exits-1", test_missing_replies_file_exits_1);
    g_test_add_func("/fake-qemu/answers-probe-for-every-fixture",
                    test_answers_probe_for_every_fixture);
    return g_test_run();
}
