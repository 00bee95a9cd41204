/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * verify-test.h: helpers shared by the verify and libvirt tests: running a
 * program with a bounded wait, temporary directories, JSON Schema checks, and
 * finding processes a run left behind.
 */
#pragma once

#include <armcpu/armcpu.h>
/* json-c objects under g_autoptr (json_object_put) */
#include "qmp/qmp.h"
#include <gio/gio.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What a finished program did. */
typedef struct {
    int status; /* exit status, or 128 + signal */
    char *out;
    char *err;
} TestRun;

static inline void
test_run_clear(TestRun *r)
{
    g_clear_pointer(&r->out, g_free);
    g_clear_pointer(&r->err, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(TestRun, test_run_clear)

typedef struct {
    gboolean done;
    char *out, *err;
    GError *error;
} TestComm;

static inline void
test_comm_done(GObject *src, GAsyncResult *res, gpointer data)
{
    TestComm *c = data;

    g_subprocess_communicate_utf8_finish(G_SUBPROCESS(src), res, &c->out, &c->err, &c->error);
    c->done = TRUE;
}

static inline gboolean
test_timed_out(gpointer data)
{
    *(gboolean *)data = TRUE;
    return G_SOURCE_REMOVE;
}

/*
 * Run @argv (NULL-terminated; argv[0] a path or a name in PATH) with the
 * extra environment @env ("NAME=VALUE" strings, NULL-terminated, nullable)
 * and stdin from @input (nullable), and wait at most @timeout_ms for it to
 * finish. A run that takes longer is killed and fails the test.
 */
static inline TestRun
test_run_argv(const char *const *argv, const char *const *env, const char *input, guint timeout_ms)
{
    g_autoptr(GMainContext) ctx = g_main_context_new();
    g_autoptr(GSubprocessLauncher) l = g_subprocess_launcher_new(
        G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE |
        (input ? G_SUBPROCESS_FLAGS_STDIN_PIPE : G_SUBPROCESS_FLAGS_NONE));
    g_autoptr(GSubprocess) p = NULL;
    g_autoptr(GError) err = NULL;
    g_autoptr(GSource) timer = g_timeout_source_new(timeout_ms);
    TestComm c = {FALSE, NULL, NULL, NULL};
    gboolean timed_out = FALSE;
    TestRun r = {0, NULL, NULL};

    for (guint i = 0; env && env[i]; i++) {
        g_auto(GStrv) kv = g_strsplit(env[i], "=", 2);
        g_subprocess_launcher_setenv(l, kv[0], kv[1] ? kv[1] : "", TRUE);
    }
    g_main_context_push_thread_default(ctx);
    p = g_subprocess_launcher_spawnv(l, argv, &err);
    if (!p)
        g_error("cannot run %s: %s", argv[0], err->message);
    g_source_set_callback(timer, test_timed_out, &timed_out, NULL);
    g_source_attach(timer, ctx);
    g_subprocess_communicate_utf8_async(p, input, NULL, test_comm_done, &c);
    while (!c.done && !timed_out)
        g_main_context_iteration(ctx, TRUE);
    if (!c.done) {
        g_subprocess_force_exit(p);
        while (!c.done)
            g_main_context_iteration(ctx, TRUE);
    }
    g_source_destroy(timer);
    g_main_context_pop_thread_default(ctx);
    if (timed_out)
        g_error("%s did not finish within %u ms", argv[0], timeout_ms);
    if (c.error)
        g_error("talking to %s: %s", argv[0], c.error->message);
    g_subprocess_wait(p, NULL, NULL);
    r.status = g_subprocess_get_if_exited(p) ? g_subprocess_get_exit_status(p)
                                             : 128 + g_subprocess_get_term_sig(p);
    r.out = c.out ? c.out : g_strdup("");
    r.err = c.err ? c.err : g_strdup("");
    return r;
}

/* A new temporary directory (removed by test_rm_rf). */
static inline char *
test_tmpdir(const char *name)
{
    g_autoptr(GError) err = NULL;
    g_autofree char *tmpl = g_strdup_printf("armcpu-%s-XXXXXX", name);
    char *dir = g_dir_make_tmp(tmpl, &err);

    g_assert_no_error(err);
    return dir;
}

/* Remove @path and everything under it (no symlinks followed). */
static inline void
test_rm_rf(const char *path)
{
    g_autoptr(GDir) d = g_dir_open(path, 0, NULL);
    const char *name;

    if (d) {
        while ((name = g_dir_read_name(d))) {
            g_autofree char *child = g_build_filename(path, name, NULL);
            if (g_file_test(child, G_FILE_TEST_IS_DIR) &&
                !g_file_test(child, G_FILE_TEST_IS_SYMLINK))
                test_rm_rf(child);
            else
                g_unlink(child);
        }
    }
    g_rmdir(path);
}

/* Write @text to @dir/@name; returns the path. */
static inline char *
test_write(const char *dir, const char *name, const char *text)
{
    char *path = g_build_filename(dir, name, NULL);

    g_assert_true(g_file_set_contents(path, text, -1, NULL));
    return path;
}

/*
 * Check @json against data/schemas/json/@schema with check-json-schema.py
 * (python3 and its jsonschema module are test dependencies: their absence
 * fails the test).
 */
static inline void
test_check_json_schema(const char *schema, const char *json)
{
    g_autofree char *script = g_build_filename(g_getenv("ARMCPU_TEST_DATA"), "..", "verify",
                                               "check-json-schema.py", NULL);
    g_autofree char *path =
        g_build_filename(g_getenv("ARMCPU_DATA_DIR"), "schemas", "json", schema, NULL);
    const char *argv[] = {"python3", script, path, "-", NULL};
    g_auto(TestRun) r = test_run_argv(argv, NULL, json, 60000);

    if (r.status != 0)
        g_error("not valid against %s (exit %d):\n%s\n--- document:\n%s", schema, r.status, r.err,
                json);
}

/*
 * The ids of the processes whose environment holds @marker ("NAME=VALUE"):
 * the ones a run started with that variable set and left behind.
 */
static inline GArray *
test_processes_with_env(const char *marker)
{
    GArray *pids = g_array_new(FALSE, FALSE, sizeof(int));
    g_autoptr(GDir) proc = g_dir_open("/proc", 0, NULL);
    gsize mlen = strlen(marker);
    const char *name;

    g_assert_nonnull(proc);
    while ((name = g_dir_read_name(proc))) {
        g_autofree char *path = NULL;
        g_autofree char *env = NULL;
        gsize len = 0;
        if (!g_ascii_isdigit(name[0]))
            continue;
        path = g_build_filename("/proc", name, "environ", NULL);
        if (!g_file_get_contents(path, &env, &len, NULL))
            continue;
        for (gsize at = 0; at < len; at += strlen(env + at) + 1) {
            if (len - at >= mlen && memcmp(env + at, marker, mlen) == 0 && env[at + mlen] == '\0') {
                int pid = atoi(name);
                g_array_append_val(pids, pid);
                break;
            }
        }
    }
    return pids;
}

/* A marker "ARMCPU_TEST_MARK=<unique>" for test_processes_with_env. */
static inline char *
test_marker(void)
{
    return g_strdup_printf("ARMCPU_TEST_MARK=%d-%" G_GINT64_FORMAT "-%u", (int)getpid(),
                           g_get_monotonic_time(), g_random_int());
}
