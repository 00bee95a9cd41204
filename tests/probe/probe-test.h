/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * probe-test.h: helpers shared by the probe and cache tests: a private
 * sandbox per test, running the armcpu command with a bounded wait, the fake
 * QEMU's log, checks that no QEMU process is left, scrubbing the identity
 * out of a document, golden files and the RelaxNG schema.
 *
 * Every wait here is bounded; a test that would hang fails instead.
 * ARMCPU_TEST_KEEP=1 keeps each test's sandbox directory (/tmp/armcpu-probe-*)
 * for a look after a failure.
 */
#pragma once

#include "../unit/test-common.h"
#include "qemu/hostcaps-priv.h"
#include "util/xml.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <libxml/relaxng.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef HAVE_VALGRIND_H
#include <valgrind/valgrind.h>
#else
#define RUNNING_ON_VALGRIND 0
#endif

#if defined(__SANITIZE_ADDRESS__)
#define TEST_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_SANITIZED 1
#endif
#endif
#ifndef TEST_SANITIZED
#define TEST_SANITIZED 0
#endif

#if TEST_SANITIZED
/* Undefined behaviour fails the test program instead of being printed and ignored. */
const char *__ubsan_default_options(void);
const char *
__ubsan_default_options(void)
{
    return "halt_on_error=1:print_stacktrace=1";
}
#endif

/* How much slower than a plain build this run is (valgrind, sanitizers). */
static inline int
test_slowness(void)
{
    if (RUNNING_ON_VALGRIND)
        return 10;
    return TEST_SANITIZED ? 3 : 1;
}

/* What a fault may take beyond its timeout before the test calls it late. */
static inline gint64
test_margin_ms(void)
{
    return 750 * test_slowness();
}

static inline const char *
test_env(const char *name)
{
    const char *v = g_getenv(name);

    if (!v || !*v)
        g_error("%s is not set: run the tests with meson test", name);
    return v;
}

static inline gint64
test_now_ms(void)
{
    return g_get_monotonic_time() / 1000;
}

/* Orphans (a fake QEMU whose armcpu was killed) are reparented to us, so that
 * the tests can see them die and reap them. Call once from main(). */
static inline void
test_become_subreaper(void)
{
    g_assert_cmpint(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), ==, 0);
}

/* ----- files ----- */

/* Not inlined: GCC 12 mistakes pointers into the result for pointers to a local
 * (-Wdangling-pointer). */
G_GNUC_NO_INLINE static char *
test_read(const char *path)
{
    GError *err = NULL;
    char *contents = NULL;

    if (!g_file_get_contents(path, &contents, NULL, &err))
        g_error("cannot read %s: %s", path, err->message);
    return contents;
}

/* The contents of @path, or NULL when it does not exist. */
static inline GBytes *
test_read_bytes_or_null(const char *path)
{
    char *data = NULL;
    gsize len = 0;

    if (!g_file_get_contents(path, &data, &len, NULL))
        return NULL;
    return g_bytes_new_take(data, len);
}

static inline void
test_write(const char *path, const void *data, gssize len, int mode)
{
    g_autoptr(GError) err = NULL;

    g_file_set_contents_full(path, data, len, G_FILE_SET_CONTENTS_CONSISTENT, mode, &err);
    g_assert_no_error(err);
    g_assert_cmpint(chmod(path, (mode_t)mode), ==, 0);
}

static inline void
test_rm_rf(const char *path)
{
    struct stat st;

    if (lstat(path, &st) < 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        g_autoptr(GDir) d = g_dir_open(path, 0, NULL);
        const char *name;

        chmod(path, 0700);
        while (d && (name = g_dir_read_name(d))) {
            g_autofree char *child = g_build_filename(path, name, NULL);
            test_rm_rf(child);
        }
        g_rmdir(path);
    } else {
        g_unlink(path);
    }
}

static inline int
test_compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The names in @dir, sorted (empty when it does not exist). */
static inline GPtrArray *
test_dir_names(const char *dir)
{
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *name;

    while (d && (name = g_dir_read_name(d)))
        g_ptr_array_add(names, g_strdup(name));
    g_ptr_array_sort(names, test_compare_names);
    return names;
}

/* ----- the sandbox: a private directory, cache and fake QEMU log per test ----- */

typedef struct {
    char *dir;      /* the temporary directory; removed at the end */
    char *cache;    /* dir/cache, which armcpu creates */
    char *log;      /* dir/fake.log, FAKE_QEMU_LOG */
    char *emulator; /* the fake QEMU, or a private copy (sandbox_private_emulator) */
    GStrv env;      /* the environment armcpu and the fake QEMU get */
    guint runs;     /* armcpu runs so far, to name their output files */
} Sandbox;

/* The variables a sandbox controls; sandbox_apply_env sets them in-process. */
static const char *const sandbox_keys[] = {
    "FAKE_QEMU_REPLIES", "FAKE_QEMU_TRANSCRIPT",   "FAKE_QEMU_FAULT", "FAKE_QEMU_LOG",
    "FAKE_QEMU_IGNORE",  "FAKE_QEMU_MAX_LIFETIME", "ARMCPU_DEV_KVM",  "ARMCPU_CACHE_DIR",
};

static inline void
sandbox_set(Sandbox *sb, const char *key, const char *value)
{
    if (value)
        sb->env = g_environ_setenv(sb->env, key, value, TRUE);
    else
        sb->env = g_environ_unsetenv(sb->env, key);
}

/* The replies file tests/data/qemu/@fixture.json. */
static inline void
sandbox_replies(Sandbox *sb, const char *fixture)
{
    g_autofree char *file = g_strconcat(fixture, ".json", NULL);
    g_autofree char *path = g_build_filename(test_env("ARMCPU_FAKE_QEMU_DATA"), file, NULL);

    sandbox_set(sb, "FAKE_QEMU_TRANSCRIPT", NULL);
    sandbox_set(sb, "FAKE_QEMU_REPLIES", path);
}

/* The recorded QEMU 7.2 transcript tests/data/qemu-7.2/@name.jsonl. */
static inline void
sandbox_transcript(Sandbox *sb, const char *name)
{
    g_autofree char *file = g_strconcat(name, ".jsonl", NULL);
    g_autofree char *path = g_build_filename(test_env("ARMCPU_TEST_DATA"), "qemu-7.2", file, NULL);

    sandbox_set(sb, "FAKE_QEMU_REPLIES", NULL);
    sandbox_set(sb, "FAKE_QEMU_TRANSCRIPT", path);
}

/* Make armcpu believe /dev/kvm is usable (or not). */
static inline void
sandbox_kvm(Sandbox *sb, gboolean usable)
{
    sandbox_set(sb, "ARMCPU_DEV_KVM", usable ? "/dev/null" : "/nonexistent/kvm");
}

/*
 * A fresh sandbox: the shared fake QEMU answering from tcg-only.json, no
 * usable /dev/kvm, no fault, a log, and a lifetime bound on every fake.
 */
static inline void
sandbox_init(Sandbox *sb)
{
    g_autoptr(GError) err = NULL;

    memset(sb, 0, sizeof(*sb));
    sb->dir = g_dir_make_tmp("armcpu-probe-XXXXXX", &err);
    g_assert_no_error(err);
    sb->cache = g_build_filename(sb->dir, "cache", NULL);
    sb->log = g_build_filename(sb->dir, "fake.log", NULL);
    sb->emulator = g_strdup(test_env("ARMCPU_FAKE_QEMU"));
    sb->env = g_get_environ();
    for (gsize i = 0; i < G_N_ELEMENTS(sandbox_keys); i++)
        sandbox_set(sb, sandbox_keys[i], NULL);
    sandbox_set(sb, "FAKE_QEMU_LOG", sb->log);
    sandbox_set(sb, "FAKE_QEMU_MAX_LIFETIME", "30");
    /* undefined behaviour in a sanitized armcpu makes it fail, not just print */
    if (!g_environ_getenv(sb->env, "UBSAN_OPTIONS"))
        sandbox_set(sb, "UBSAN_OPTIONS", "halt_on_error=1:print_stacktrace=1");
    sandbox_replies(sb, "tcg-only");
    sandbox_kvm(sb, FALSE);
}

/* Give the sandbox its own copy of the fake QEMU, dir/bin/qemu-system-aarch64,
 * which a test may touch, chmod or remove without disturbing other tests. */
static inline void
sandbox_private_emulator(Sandbox *sb)
{
    g_autofree char *bin = g_build_filename(sb->dir, "bin", NULL);
    g_autofree char *copy = g_build_filename(bin, "qemu-system-aarch64", NULL);
    g_autofree char *data = NULL;
    gsize len = 0;
    g_autoptr(GError) err = NULL;

    g_assert_cmpint(g_mkdir_with_parents(bin, 0755), ==, 0);
    g_file_get_contents(test_env("ARMCPU_FAKE_QEMU"), &data, &len, &err);
    g_assert_no_error(err);
    test_write(copy, data, (gssize)len, 0755);
    g_free(sb->emulator);
    sb->emulator = g_steal_pointer(&copy);
}

/* Set the sandbox's variables in this process, for in-process probes (the
 * fake QEMU the library starts inherits them). */
static inline void
sandbox_apply_env(const Sandbox *sb)
{
    for (gsize i = 0; i < G_N_ELEMENTS(sandbox_keys); i++) {
        const char *v = g_environ_getenv(sb->env, sandbox_keys[i]);
        if (v)
            g_setenv(sandbox_keys[i], v, TRUE);
        else
            g_unsetenv(sandbox_keys[i]);
    }
}

static inline void
sandbox_clear(Sandbox *sb)
{
    for (gsize i = 0; i < G_N_ELEMENTS(sandbox_keys); i++)
        g_unsetenv(sandbox_keys[i]);
    if (sb->dir && !g_getenv("ARMCPU_TEST_KEEP"))
        test_rm_rf(sb->dir);
    g_free(sb->dir);
    g_free(sb->cache);
    g_free(sb->log);
    g_free(sb->emulator);
    g_strfreev(sb->env);
    memset(sb, 0, sizeof(*sb));
}

/* The cache file of the sandbox's emulator (computed like armcpu does). */
static inline char *
sandbox_cache_file(const Sandbox *sb)
{
    g_autofree char *real = realpath(sb->emulator, NULL);
    const char *abs = real ? real : sb->emulator;
    g_autofree char *hash = g_compute_checksum_for_string(G_CHECKSUM_SHA256, abs, -1);
    g_autofree char *name = g_strconcat(hash, ".xml", NULL);

    return g_build_filename(sb->cache, name, NULL);
}

/* ----- the fake QEMU's log ----- */

typedef struct {
    GPid pid;
    char *accel;
    char *argv; /* argv[0] included, joined by spaces */
} FakeStart;

static inline void
fake_start_free(FakeStart *s)
{
    g_free(s->accel);
    g_free(s->argv);
    g_free(s);
}

/* The "start" lines of the log, in order (empty when there is no log). */
static inline GPtrArray *
fake_starts(const char *log)
{
    GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)fake_start_free);
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;

    if (!g_file_get_contents(log, &text, NULL, NULL))
        return out;
    lines = g_strsplit(text, "\n", -1);
    for (guint i = 0; lines[i]; i++) {
        const char *l = lines[i];
        const char *accel, *argv;
        FakeStart *s;

        if (!g_str_has_prefix(l, "start pid="))
            continue;
        accel = strstr(l, " accel=");
        argv = strstr(l, " argv=");
        g_assert_nonnull(accel);
        g_assert_nonnull(argv);
        s = g_new0(FakeStart, 1);
        s->pid = (GPid)g_ascii_strtoll(l + strlen("start pid="), NULL, 10);
        s->accel = g_strndup(accel + 7, (gsize)(strchr(accel + 7, ' ') - (accel + 7)));
        s->argv = g_strdup(argv + 6);
        g_ptr_array_add(out, s);
    }
    return out;
}

static inline guint
fake_n_starts(const char *log)
{
    g_autoptr(GPtrArray) starts = fake_starts(log);

    return starts->len;
}

/* ----- processes ----- */

typedef enum { PROC_GONE, PROC_ZOMBIE, PROC_ALIVE } ProcState;

/*
 * The state of process @pid, if it still runs the program @argv0 (a pid
 * reused by another program counts as gone).
 */
static inline ProcState
proc_state(GPid pid, const char *argv0)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/stat", (int)pid);
    g_autofree char *stat = NULL;
    g_autofree char *base = g_path_get_basename(argv0);
    g_autofree char *comm = NULL;
    const char *open, *close;

    if (!g_file_get_contents(path, &stat, NULL, NULL))
        return PROC_GONE;
    open = strchr(stat, '(');
    close = strrchr(stat, ')');
    if (!open || !close || close[1] != ' ')
        return PROC_GONE;
    comm = g_strndup(open + 1, (gsize)(close - open - 1));
    if (strncmp(comm, base, 15) != 0) /* the kernel keeps 15 characters of the name */
        return PROC_GONE;
    return close[2] == 'Z' ? PROC_ZOMBIE : PROC_ALIVE;
}

/*
 * Every fake QEMU the log names is gone. @wait_ms 0: at once and not even a
 * zombie (whoever started it reaped it before returning). Otherwise within
 * @wait_ms, and zombies reparented to us count as gone (they are reaped):
 * that is the case of a fake whose armcpu was killed.
 */
static inline void
assert_no_qemu_left(const char *log, int wait_ms)
{
    g_autoptr(GPtrArray) starts = fake_starts(log);
    gint64 deadline = test_now_ms() + wait_ms;

    for (guint i = 0; i < starts->len; i++) {
        const FakeStart *s = g_ptr_array_index(starts, i);
        g_auto(GStrv) argv = g_strsplit(s->argv, " ", 2);

        for (;;) {
            ProcState st = proc_state(s->pid, argv[0]);
            if (st == PROC_GONE)
                break;
            if (st == PROC_ZOMBIE && wait_ms > 0) {
                waitpid(s->pid, NULL, WNOHANG);
                continue;
            }
            if (test_now_ms() >= deadline) {
                g_test_message("fake QEMU pid %d (%s) is still %s", (int)s->pid, s->accel,
                               st == PROC_ZOMBIE ? "a zombie" : "running");
                kill(s->pid, SIGKILL);
                g_assert_cmpint(st, ==, PROC_GONE);
            }
            g_usleep(5000);
        }
    }
}

/* ----- running armcpu ----- */

typedef struct {
    GPid pid;
    char *out_path;
    char *err_path;
    gint64 start_ms;
} Armcpu;

typedef struct {
    int status; /* the exit status, or 128 + the signal */
    char *out;
    char *err;
    gint64 elapsed_ms;
} RunResult;

static inline void
run_result_clear(RunResult *r)
{
    g_free(r->out);
    g_free(r->err);
    memset(r, 0, sizeof(*r));
}

/*
 * Start `armcpu --emulator E --cache-dir C ARGS...` (NULL-terminated) in the
 * sandbox's environment, stdout and stderr into files of the sandbox.
 */
static inline void
armcpu_startv(Sandbox *sb, Armcpu *a, const char *const *args)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    g_autoptr(GError) err = NULL;
    guint n = ++sb->runs;
    int in, out, errfd;

    memset(a, 0, sizeof(*a));
    a->out_path = g_strdup_printf("%s/run-%u.out", sb->dir, n);
    a->err_path = g_strdup_printf("%s/run-%u.err", sb->dir, n);
    g_ptr_array_add(argv, (gpointer)test_env("ARMCPU_BIN"));
    g_ptr_array_add(argv, (gpointer) "--emulator");
    g_ptr_array_add(argv, sb->emulator);
    g_ptr_array_add(argv, (gpointer) "--cache-dir");
    g_ptr_array_add(argv, sb->cache);
    for (gsize i = 0; args[i]; i++)
        g_ptr_array_add(argv, (gpointer)args[i]);
    g_ptr_array_add(argv, NULL);

    in = open("/dev/null", O_RDONLY | O_CLOEXEC);
    out = open(a->out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    errfd = open(a->err_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    g_assert_cmpint(in, >=, 0);
    g_assert_cmpint(out, >=, 0);
    g_assert_cmpint(errfd, >=, 0);
    a->start_ms = test_now_ms();
    g_spawn_async_with_fds(NULL, (char **)argv->pdata, sb->env, G_SPAWN_DO_NOT_REAP_CHILD, NULL,
                           NULL, &a->pid, in, out, errfd, &err);
    g_assert_no_error(err);
    close(in);
    close(out);
    close(errfd);
}

static inline void
armcpu_start(Sandbox *sb, Armcpu *a, ...)
{
    g_autoptr(GPtrArray) args = g_ptr_array_new();
    va_list ap;
    const char *s;

    va_start(ap, a);
    while ((s = va_arg(ap, const char *)))
        g_ptr_array_add(args, (gpointer)s);
    va_end(ap);
    g_ptr_array_add(args, NULL);
    armcpu_startv(sb, a, (const char *const *)args->pdata);
}

/* Wait at most @timeout_ms for @a to end (then it is killed and the test
 * fails), and collect what it printed. */
static inline void
armcpu_wait(Armcpu *a, int timeout_ms, RunResult *r)
{
    gint64 deadline = test_now_ms() + timeout_ms;
    int status = 0;

    memset(r, 0, sizeof(*r));
    for (;;) {
        pid_t got = waitpid(a->pid, &status, WNOHANG);
        if (got == a->pid)
            break;
        g_assert_cmpint(got, ==, 0);
        if (test_now_ms() >= deadline) {
            kill(a->pid, SIGKILL);
            waitpid(a->pid, NULL, 0);
            g_error("armcpu (pid %d) did not finish within %d ms", (int)a->pid, timeout_ms);
        }
        g_usleep(1000);
    }
    r->elapsed_ms = test_now_ms() - a->start_ms;
    r->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r->out = test_read(a->out_path);
    r->err = test_read(a->err_path);
    g_free(a->out_path);
    g_free(a->err_path);
    memset(a, 0, sizeof(*a));
}

/* Kill a running armcpu with @sig and reap it; returns its wait status. */
static inline int
armcpu_kill(Armcpu *a, int sig)
{
    int status = 0;

    kill(a->pid, sig);
    g_assert_cmpint(waitpid(a->pid, &status, 0), ==, a->pid);
    g_free(a->out_path);
    g_free(a->err_path);
    memset(a, 0, sizeof(*a));
    return status;
}

static inline int
armcpu_run_timeout_ms(void)
{
    return 30000 * test_slowness();
}

/* Run armcpu with ARGS... (NULL-terminated) and wait for it (bounded). */
static inline void
armcpu_run(Sandbox *sb, RunResult *r, ...)
{
    g_autoptr(GPtrArray) args = g_ptr_array_new();
    Armcpu a;
    va_list ap;
    const char *s;

    va_start(ap, r);
    while ((s = va_arg(ap, const char *)))
        g_ptr_array_add(args, (gpointer)s);
    va_end(ap);
    g_ptr_array_add(args, NULL);
    armcpu_startv(sb, &a, (const char *const *)args->pdata);
    armcpu_wait(&a, armcpu_run_timeout_ms(), r);
}

/* Run `armcpu ARGS...` (NULL-terminated), which must succeed; returns its stdout. */
static inline char *
armcpu_ok(Sandbox *sb, ...)
{
    g_autoptr(GPtrArray) args = g_ptr_array_new();
    RunResult r;
    Armcpu a;
    va_list ap;
    const char *s;
    char *out;

    va_start(ap, sb);
    while ((s = va_arg(ap, const char *)))
        g_ptr_array_add(args, (gpointer)s);
    va_end(ap);
    g_ptr_array_add(args, NULL);
    armcpu_startv(sb, &a, (const char *const *)args->pdata);
    armcpu_wait(&a, armcpu_run_timeout_ms(), &r);
    if (r.status != 0)
        g_test_message("armcpu exited with %d: %s", r.status, r.err);
    g_assert_cmpint(r.status, ==, 0);
    out = g_steal_pointer(&r.out);
    run_result_clear(&r);
    return out;
}

/* ----- documents ----- */

/* Replace the identity of the emulator, the host and armcpu by fixed values,
 * so that a probe's document can be compared with a golden file on any
 * machine and across releases. */
static inline void
test_scrub(ArmcpuHostCaps *caps)
{
    g_free(caps->armcpu_version);
    caps->armcpu_version = g_strdup("scrubbed");
    g_free(caps->emulator_path);
    caps->emulator_path = g_strdup("/scrubbed/qemu-system-aarch64");
    caps->emulator_size = 0;
    caps->emulator_ctime = 0;
    caps->emulator_mtime = 0;
    g_free(caps->host_name);
    caps->host_name = g_strdup("scrubbed");
    g_free(caps->host_arch);
    caps->host_arch = g_strdup("scrubbed");
    g_free(caps->kernel_release);
    caps->kernel_release = g_strdup("scrubbed");
    caps->kvm_usable = FALSE;
    g_clear_pointer(&caps->midr, g_free);
    g_clear_pointer(&caps->revidr, g_free);
}

static inline ArmcpuHostCaps *
test_parse_caps(const char *text, const ArmcpuRegistry *reg)
{
    g_autoptr(GError) err = NULL;
    ArmcpuHostCaps *caps = armcpu_host_caps_parse_string(text, strlen(text), "test.xml", reg, &err);

    g_assert_no_error(err);
    g_assert_nonnull(caps);
    return caps;
}

/* @text scrubbed: parsed, scrubbed and formatted again. */
static inline char *
test_scrubbed_text(const char *text, const ArmcpuRegistry *reg)
{
    g_autoptr(ArmcpuHostCaps) caps = test_parse_caps(text, reg);

    test_scrub(caps);
    return armcpu_host_caps_format(caps);
}

static inline gboolean
test_regenerate(void)
{
    return g_strcmp0(g_getenv("ARMCPU_REGENERATE"), "1") == 0;
}

/* @actual must equal the golden file tests/data/@rel (ARMCPU_REGENERATE=1
 * rewrites it); a mismatch reports the first differing line. */
static inline void
test_golden(const char *rel, const char *actual)
{
    g_autofree char *path = test_data_path(rel);
    g_autofree char *expected = NULL;

    if (test_regenerate()) {
        g_autoptr(GError) err = NULL;
        g_file_set_contents(path, actual, -1, &err);
        g_assert_no_error(err);
        return;
    }
    expected = test_read(path);
    if (strcmp(expected, actual) != 0) {
        g_auto(GStrv) want = g_strsplit(expected, "\n", -1);
        g_auto(GStrv) got = g_strsplit(actual, "\n", -1);
        guint line = 0;

        while (want[line] && got[line] && strcmp(want[line], got[line]) == 0)
            line++;
        g_test_message("%s differs at line %u (ARMCPU_REGENERATE=1 rewrites the golden files)",
                       path, line + 1);
        g_assert_cmpstr(got[line], ==, want[line]);
    }
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlRelaxNGParserCtxt, xmlRelaxNGFreeParserCtxt)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlRelaxNG, xmlRelaxNGFree)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlRelaxNGValidCtxt, xmlRelaxNGFreeValidCtxt)

/* @text validates against data/schemas/hostcaps.rng. */
static inline void
test_assert_schema_valid(const char *text)
{
    g_autofree char *schema_path =
        g_build_filename(test_env("ARMCPU_DATA_DIR"), "schemas", "hostcaps.rng", NULL);
    g_autoptr(GError) err = NULL;
    g_autoptr(xmlDoc) doc = armcpu_xml_parse(text, strlen(text), "probe.xml", 1 << 24, &err);
    g_assert_no_error(err);
    g_autoptr(xmlRelaxNGParserCtxt) pctxt = xmlRelaxNGNewParserCtxt(schema_path);
    g_assert_nonnull(pctxt);
    g_autoptr(xmlRelaxNG) schema = xmlRelaxNGParse(pctxt);
    g_assert_nonnull(schema);
    g_autoptr(xmlRelaxNGValidCtxt) vctxt = xmlRelaxNGNewValidCtxt(schema);
    g_assert_cmpint(xmlRelaxNGValidateDoc(vctxt, doc), ==, 0);
}

/* The supported set of property @name in @acc as text ("0-3", "off, on"). */
static inline char *
test_supported(const ArmcpuAccelCaps *acc, const char *name)
{
    const ArmcpuPropInfo *pi = armcpu_accel_caps_lookup(acc, name);

    if (!pi)
        g_error("no property %s", name);
    return armcpu_value_set_format(armcpu_prop_info_supported(pi));
}

static inline void
assert_supported(const ArmcpuAccelCaps *acc, const char *name, const char *set,
                 ArmcpuSupportSource source)
{
    g_autofree char *got = test_supported(acc, name);

    g_assert_cmpstr(got, ==, set);
    g_assert_cmpint(armcpu_prop_info_source(armcpu_accel_caps_lookup(acc, name)), ==, source);
}

/* The properties of QEMU 7.2's TCG `max`: 21 booleans and sve-max-vq. */
static inline void
assert_tcg_max(const ArmcpuAccelCaps *tcg)
{
    static const char *const bools[] = {"aarch64", "pmu", "pauth", "pauth-impdef", "sve"};

    g_assert_cmpint(armcpu_accel_caps_dialect(tcg), ==, ARMCPU_DIALECT_QEMU);
    g_assert_cmpstr(armcpu_accel_caps_expansion_model(tcg), ==, "max");
    g_assert_cmpuint(armcpu_accel_caps_n_props(tcg), ==, 22);
    for (gsize i = 0; i < G_N_ELEMENTS(bools); i++) {
        const ArmcpuPropInfo *pi = armcpu_accel_caps_lookup(tcg, bools[i]);
        g_assert_nonnull(pi);
        g_assert_cmpstr(armcpu_prop_info_type(pi), ==, "bool");
    }
    for (guint bits = 128; bits <= 2048; bits += 128) {
        g_autofree char *name = g_strdup_printf("sve%u", bits);
        const ArmcpuPropInfo *pi = armcpu_accel_caps_lookup(tcg, name);
        g_assert_nonnull(pi);
        g_assert_cmpstr(armcpu_prop_info_type(pi), ==, "bool");
        g_assert_cmpstr(armcpu_prop_info_host_value(pi), ==, "on");
    }
    assert_supported(tcg, "sve-max-vq", "1-16", ARMCPU_SUPPORT_DERIVED);
}
