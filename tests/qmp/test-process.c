/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-process.c: spawning, waiting for and reaping a QEMU stand-in
 * (test-child, built beside this test; its path is TEST_CHILD), and that
 * stand-in dying with a parent killed by SIGKILL (test-spawner, TEST_SPAWNER).
 */
#include "qemu/process.h"
#include "qmp/qmp.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef HAVE_VALGRIND_H
#include <valgrind/valgrind.h>
#endif

#define TEST_WAIT_MS    5000
#define ORPHAN_DEATH_MS 2000 /* how long a child may outlive its killed parent */

static ArmcpuDeadline
soon(void)
{
    return armcpu_deadline_in_ms(TEST_WAIT_MS);
}

/* TRUE when this test runs under valgrind (tests/meson.build's "valgrind" setup). */
static gboolean
under_valgrind(void)
{
#ifdef HAVE_VALGRIND_H
    return RUNNING_ON_VALGRIND != 0;
#else
    return FALSE;
#endif
}

/* No process and no zombie with this pid remains. */
static gboolean
pid_gone(GPid pid)
{
    return kill(pid, 0) < 0 && errno == ESRCH;
}

static ArmcpuQemuProcess *
spawn_child(const char *const *args)
{
    g_autoptr(GError) err = NULL;
    ArmcpuQemuProcess *proc = armcpu_qemu_process_spawn(TEST_CHILD, args, &err);

    g_assert_no_error(err);
    g_assert_nonnull(proc);
    g_assert_cmpint(armcpu_qemu_process_pid(proc), >, 0);
    return proc;
}

/* Everything the child writes on the QMP socket until it closes it. */
static char *
read_qmp_until_eof(ArmcpuQemuProcess *proc)
{
    g_autoptr(GString) out = g_string_new(NULL);
    int fd = armcpu_qemu_process_take_qmp_fd(proc);

    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(armcpu_qemu_process_take_qmp_fd(proc), ==, -1);
    for (;;) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        char buf[4096];
        ssize_t n;

        g_assert_cmpint(poll(&p, 1, TEST_WAIT_MS), ==, 1);
        n = read(fd, buf, sizeof(buf));
        if (n < 0 && errno == EINTR)
            continue;
        g_assert_cmpint(n, >=, 0);
        if (n == 0)
            break;
        g_string_append_len(out, buf, n);
    }
    close(fd);
    return g_string_free(g_steal_pointer(&out), FALSE);
}

/* ----- resolving ----- */

static void
test_resolve_finds_emulator_in_path(void)
{
    g_autofree char *dir = g_path_get_dirname(TEST_CHILD);
    g_autofree char *old = g_strdup(g_getenv("PATH"));
    g_autofree char *path = g_strconcat("/nonexistent-armcpu-dir:", dir, NULL);
    g_autofree char *want = realpath(TEST_CHILD, NULL);
    g_autofree char *got = NULL;
    g_autoptr(GError) err = NULL;

    g_setenv("PATH", path, TRUE);
    got = armcpu_qemu_resolve_emulator("test-child", &err);
    if (old)
        g_setenv("PATH", old, TRUE);
    else
        g_unsetenv("PATH");
    g_assert_no_error(err);
    g_assert_cmpstr(got, ==, want);
    g_assert_true(g_path_is_absolute(got));
}

static void
test_resolve_canonicalises_paths(void)
{
    g_autofree char *tmp = g_dir_make_tmp("armcpu-XXXXXX", NULL);
    g_autofree char *link = g_build_filename(tmp, "qemu-system-aarch64", NULL);
    g_autofree char *dotted = NULL;
    g_autofree char *want = realpath(TEST_CHILD, NULL);
    g_autofree char *got = NULL;
    g_autofree char *got2 = NULL;
    g_autoptr(GError) err = NULL;

    g_assert_cmpint(symlink(TEST_CHILD, link), ==, 0);
    got = armcpu_qemu_resolve_emulator(link, &err);
    g_assert_no_error(err);
    g_assert_cmpstr(got, ==, want);
    dotted = g_strconcat(tmp, "/./qemu-system-aarch64", NULL);
    got2 = armcpu_qemu_resolve_emulator(dotted, &err);
    g_assert_no_error(err);
    g_assert_cmpstr(got2, ==, want);
    g_unlink(link);
    g_rmdir(tmp);
}

static void
test_resolve_missing_emulator_is_not_found(void)
{
    const char *missing[] = {"armcpu-no-such-emulator", "/nonexistent/qemu-system-aarch64", ""};

    for (gsize i = 0; i < G_N_ELEMENTS(missing); i++) {
        g_autoptr(GError) err = NULL;

        g_assert_null(armcpu_qemu_resolve_emulator(missing[i], &err));
        g_assert_error(err, ARMCPU_PROCESS_ERROR, ARMCPU_PROCESS_ERROR_NOT_FOUND);
        g_assert_nonnull(strstr(err->message, missing[i]));
    }
}

static void
test_resolve_non_executable_is_not_found(void)
{
    g_autofree char *tmp = g_dir_make_tmp("armcpu-XXXXXX", NULL);
    g_autofree char *file = g_build_filename(tmp, "qemu", NULL);
    g_autoptr(GError) e1 = NULL;
    g_autoptr(GError) e2 = NULL;

    g_assert_true(g_file_set_contents(file, "#!/bin/sh\n", -1, NULL));
    g_assert_cmpint(g_chmod(file, 0644), ==, 0);
    g_assert_null(armcpu_qemu_resolve_emulator(file, &e1));
    g_assert_error(e1, ARMCPU_PROCESS_ERROR, ARMCPU_PROCESS_ERROR_NOT_FOUND);
    g_assert_nonnull(strstr(e1->message, "not executable"));
    g_assert_null(armcpu_qemu_resolve_emulator(tmp, &e2));
    g_assert_error(e2, ARMCPU_PROCESS_ERROR, ARMCPU_PROCESS_ERROR_NOT_FOUND);
    g_assert_nonnull(strstr(e2->message, "not a regular file"));
    g_unlink(file);
    g_rmdir(tmp);
}

/* ----- spawning ----- */

static void
test_spawn_missing_path_is_not_found(void)
{
    g_autoptr(GError) err = NULL;

    g_assert_null(armcpu_qemu_process_spawn("/nonexistent/qemu-system-aarch64", NULL, &err));
    g_assert_error(err, ARMCPU_PROCESS_ERROR, ARMCPU_PROCESS_ERROR_NOT_FOUND);
}

static void
test_spawn_gives_qmp_socket_as_fd_3(void)
{
    const char *args[] = {"report", NULL};
    /* A descriptor opened without close-on-exec must not reach the child. */
    int leak = open("/dev/null", O_RDONLY);
    g_autoptr(ArmcpuQemuProcess) proc = spawn_child(args);
    g_autofree char *report = read_qmp_until_eof(proc);
    g_auto(GStrv) lines = g_strsplit(report, "\n", -1);
    g_autoptr(GString) argv = g_string_new(NULL);
    g_autoptr(GHashTable) fds = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_autoptr(GError) err = NULL;

    g_assert_cmpint(leak, >=, 0);
    for (gsize i = 0; lines[i]; i++) {
        if (g_str_has_prefix(lines[i], "arg "))
            g_string_append_printf(argv, "%s|", lines[i] + 4);
        else if (g_str_has_prefix(lines[i], "fd ")) {
            g_auto(GStrv) kv = g_strsplit(lines[i] + 3, " ", 2);
            g_hash_table_insert(fds, g_strdup(kv[0]), g_strdup(kv[1] ? kv[1] : ""));
        }
    }
    g_assert_true(g_str_has_suffix(argv->str, "|report|-chardev|socket,id=qmp,fd=3|-mon|"
                                              "chardev=qmp,mode=control|"));
    g_assert_true(g_str_has_prefix(argv->str, TEST_CHILD "|"));
    g_assert_cmpuint(g_hash_table_size(fds), ==, 4);
    g_assert_cmpstr(g_hash_table_lookup(fds, "0"), ==, "/dev/null");
    g_assert_cmpstr(g_hash_table_lookup(fds, "1"), ==, "/dev/null");
    g_assert_true(g_str_has_prefix(g_hash_table_lookup(fds, "2"), "pipe:"));
    g_assert_true(g_str_has_prefix(g_hash_table_lookup(fds, "3"), "socket:"));
    g_assert_true(armcpu_qemu_process_finish(proc, soon(), NULL, &err));
    g_assert_no_error(err);
    close(leak);
}

static void
test_spawn_resets_blocked_signals(void)
{
    const char *args[] = {"signal", NULL};
    g_autoptr(GError) err = NULL;
    sigset_t term, old;
    ArmcpuQemuProcess *proc;
    int status = 0;

    /* The child raises SIGTERM: blocked (as here in the parent), it would exit with 98. */
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    g_assert_cmpint(pthread_sigmask(SIG_BLOCK, &term, &old), ==, 0);
    proc = spawn_child(args);
    g_assert_cmpint(pthread_sigmask(SIG_SETMASK, &old, NULL), ==, 0);
    g_assert_false(armcpu_qemu_process_finish(proc, soon(), &status, &err));
    g_assert_error(err, ARMCPU_PROCESS_ERROR, ARMCPU_PROCESS_ERROR_KILLED);
    g_assert_true(WIFSIGNALED(status));
    g_assert_cmpint(WTERMSIG(status), ==, SIGTERM);
    g_assert_nonnull(strstr(err->message, "signal 15"));
    armcpu_qemu_process_free(proc);
}

static void
test_spawn_resets_ignored_signals(void)
{
    const char *args[] = {"signal", NULL};
    g_autoptr(GError) err = NULL;
    struct sigaction ign, old;
    ArmcpuQemuProcess *proc;
    int status = 0;

    /* The child raises SIGTERM: ignored (as here in the parent), it would exit with 98. */
    memset(&ign, 0, sizeof(ign));
    ign.sa_handler = SIG_IGN;
    sigemptyset(&ign.sa_mask);
    g_assert_cmpint(sigaction(SIGTERM, &ign, &old), ==, 0);
    proc = spawn_child(args);
    g_assert_cmpint(sigaction(SIGTERM, &old, NULL), ==, 0);
    g_assert_false(armcpu_qemu_process_finish(proc, soon(), &status, &err));
    g_assert_error(err, ARMCPU_PROCESS_ERROR, ARMCPU_PROCESS_ERROR_KILLED);
    g_assert_true(WIFSIGNALED(status));
    g_assert_cmpint(WTERMSIG(status), ==, SIGTERM);
    armcpu_qemu_process_free(proc);
}

/*
 * Spawn an executable file with @contents, which passes every check before
 * the fork but which execv() refuses: the error must be the child's errno.
 */
static void
assert_exec_failure(const char *contents, int want_errno)
{
    g_autofree char *tmp = g_dir_make_tmp("armcpu-XXXXXX", NULL);
    g_autofree char *file = g_build_filename(tmp, "qemu-system-aarch64", NULL);
    g_autofree char *want = NULL;
    g_autoptr(GError) err = NULL;

    g_assert_true(g_file_set_contents(file, contents, -1, NULL));
    g_assert_cmpint(g_chmod(file, 0755), ==, 0);
    g_assert_null(armcpu_qemu_process_spawn(file, NULL, &err));
    g_assert_error(err, ARMCPU_PROCESS_ERROR, ARMCPU_PROCESS_ERROR_NOT_FOUND);
    want = g_strdup_printf("cannot run '%s': %s", file, g_strerror(want_errno));
    g_assert_cmpstr(err->message, ==, want);
    /* The child that failed to exec was reaped: this process has no child left. */
    g_assert_cmpint(waitpid(-1, NULL, WNOHANG), ==, -1);
    g_assert_cmpint(errno, ==, ECHILD);
    g_unlink(file);
    g_rmdir(tmp);
}

static void
test_spawn_missing_interpreter_is_not_found(void)
{
    if (under_valgrind()) {
        /* Its own checks pass the script, so the child dies in execve() without a report. */
        g_test_skip("valgrind cannot survive an execve() that fails in the kernel");
        return;
    }
    assert_exec_failure("#!/nonexistent/armcpu-interpreter\n", ENOENT);
}

static void
test_spawn_bad_executable_format_is_not_found(void)
{
    assert_exec_failure("this is not a program\n", ENOEXEC);
}

/* The state letter and parent pid from /proc/@pid/stat; FALSE when there is no such process. */
static gboolean
proc_stat(GPid pid, char *state, GPid *ppid)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/stat", (int)pid);
    g_autofree char *text = NULL;
    const char *end;
    int parent;

    if (!g_file_get_contents(path, &text, NULL, NULL))
        return FALSE;
    end = strrchr(text, ')'); /* after the command name, which may hold anything */
    if (!end || sscanf(end + 1, " %c %d", state, &parent) != 2)
        return FALSE;
    *ppid = (GPid)parent;
    return TRUE;
}

/* The first line @fd gives within TEST_WAIT_MS, without the newline. */
static char *
read_line(int fd)
{
    g_autoptr(GString) line = g_string_new(NULL);
    ArmcpuDeadline deadline = soon();

    for (;;) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        char c;
        ssize_t n;
        int rc = poll(&p, 1, armcpu_deadline_remaining_ms(deadline));

        if (rc < 0 && errno == EINTR)
            continue;
        g_assert_cmpint(rc, ==, 1);
        n = read(fd, &c, 1);
        if (n < 0 && errno == EINTR)
            continue;
        g_assert_cmpint(n, ==, 1);
        if (c == '\n')
            return g_string_free(g_steal_pointer(&line), FALSE);
        g_string_append_c(line, c);
    }
}

static void
test_spawn_child_dies_with_killed_parent(void)
{
    char *argv[] = {(char *)TEST_SPAWNER, NULL};
    g_autoptr(GError) err = NULL;
    g_autofree char *line = NULL;
    ArmcpuDeadline deadline;
    GPid spawner, child, ppid = 0;
    int in_fd, out_fd, status = 0;
    pid_t reaped;
    char state = '?';

    /*
     * Become a subreaper: the orphaned grandchild is then reparented here, not
     * to init, so this test can reap it and read how it ended.
     */
    g_assert_cmpint(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), ==, 0);
    g_assert_true(g_spawn_async_with_pipes(NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                           &spawner, &in_fd, &out_fd, NULL, &err));
    g_assert_no_error(err);
    line = read_line(out_fd);
    child = (GPid)atoi(line);
    g_assert_cmpint(child, >, 0);
    g_assert_true(proc_stat(child, &state, &ppid));
    g_assert_cmpint(ppid, ==, spawner);
    g_assert_cmpint(state, !=, 'Z');

    /* SIGKILL: the spawner runs no cleanup at all. */
    g_assert_cmpint(kill(spawner, SIGKILL), ==, 0);
    g_assert_cmpint(waitpid(spawner, &status, 0), ==, spawner);
    g_assert_true(WIFSIGNALED(status));
    g_assert_cmpint(WTERMSIG(status), ==, SIGKILL);

    /* Its child must follow promptly: poll, no fixed sleep. */
    deadline = armcpu_deadline_in_ms(ORPHAN_DEATH_MS);
    while ((reaped = waitpid(child, &status, WNOHANG)) == 0 &&
           armcpu_deadline_remaining_ms(deadline) > 0)
        g_usleep(5 * 1000);
    if (reaped == 0) {
        /* Do not leave it behind when the test fails. */
        kill(child, SIGKILL);
        waitpid(child, NULL, 0);
    }
    g_assert_cmpint(prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0), ==, 0);
    close(in_fd);
    close(out_fd);
    g_assert_cmpint(reaped, ==, child);
    g_assert_true(WIFSIGNALED(status));
    g_assert_cmpint(WTERMSIG(status), ==, SIGKILL);
    g_assert_true(pid_gone(child));
}

/* ----- killing and reaping ----- */

static void
test_kill_leaves_no_process(void)
{
    const char *args[] = {"hang", NULL};
    g_autoptr(GError) err = NULL;
    ArmcpuQemuProcess *proc = spawn_child(args);
    GPid pid = armcpu_qemu_process_pid(proc);

    g_assert_false(pid_gone(pid));
    armcpu_qemu_process_kill(proc);
    g_assert_true(pid_gone(pid));
    armcpu_qemu_process_kill(proc); /* idempotent */
    g_assert_false(armcpu_qemu_process_finish(proc, soon(), NULL, &err));
    g_assert_error(err, ARMCPU_PROCESS_ERROR, ARMCPU_PROCESS_ERROR_KILLED);
    g_assert_nonnull(strstr(err->message, "killed by armcpu"));
    armcpu_qemu_process_free(proc);
    g_assert_true(pid_gone(pid));
}

static void
test_free_reaps_running_child(void)
{
    const char *args[] = {"hang", NULL};
    ArmcpuQemuProcess *proc = spawn_child(args);
    GPid pid = armcpu_qemu_process_pid(proc);

    armcpu_qemu_process_free(proc);
    g_assert_true(pid_gone(pid));
}

static void
test_free_reaps_exited_child(void)
{
    const char *args[] = {"report", NULL};
    ArmcpuQemuProcess *proc = spawn_child(args);
    GPid pid = armcpu_qemu_process_pid(proc);
    g_autofree char *report = read_qmp_until_eof(proc);
    siginfo_t info = {0};

    g_assert_nonnull(strstr(report, "fd 3 socket:"));
    /* Wait (without reaping) until the child is a zombie: only a reap removes it now. */
    g_assert_cmpint(waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT), ==, 0);
    g_assert_false(pid_gone(pid));
    armcpu_qemu_process_free(proc);
    g_assert_true(pid_gone(pid));
}

/* ----- finishing ----- */

static void
test_finish_waits_for_normal_exit(void)
{
    const char *args[] = {"qmp", NULL};
    g_autoptr(ArmcpuQemuProcess) proc = spawn_child(args);
    g_autoptr(ArmcpuQmp) qmp = armcpu_qmp_new(armcpu_qemu_process_take_qmp_fd(proc), NULL);
    g_autoptr(json_object) version = NULL;
    g_autoptr(GError) err = NULL;
    GPid pid = armcpu_qemu_process_pid(proc);
    int status = -1;

    armcpu_qmp_watch_stderr(qmp, armcpu_qemu_process_stderr_fd(proc),
                            armcpu_qemu_process_stderr_tail(proc));
    g_assert_true(armcpu_qmp_handshake(qmp, soon(), &err));
    g_assert_no_error(err);
    g_assert_cmpstr(armcpu_qmp_qemu_version(qmp), ==, "7.2.0");
    version = armcpu_qmp_execute(qmp, "query-version", NULL, soon(), &err);
    g_assert_no_error(err);
    g_assert_true(armcpu_qmp_quit(qmp, soon(), &err));
    g_assert_no_error(err);
    g_assert_true(armcpu_qemu_process_finish(proc, soon(), &status, &err));
    g_assert_no_error(err);
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 0);
    g_assert_true(pid_gone(pid));
    /* What the QMP client read from stderr is in the process's tail. */
    g_assert_cmpstr(armcpu_qmp_stderr_tail(qmp), ==, "test-child: serving QMP");
}

static void
test_finish_kills_child_that_does_not_exit(void)
{
    const char *args[] = {"hang", NULL};
    g_autoptr(ArmcpuQemuProcess) proc = spawn_child(args);
    g_autoptr(GError) err = NULL;
    GPid pid = armcpu_qemu_process_pid(proc);
    gint64 start = g_get_monotonic_time();
    int status = 0;

    g_assert_false(armcpu_qemu_process_finish(proc, armcpu_deadline_in_ms(200), &status, &err));
    g_assert_cmpint(g_get_monotonic_time() - start, <, 2 * G_USEC_PER_SEC);
    g_assert_error(err, ARMCPU_PROCESS_ERROR, ARMCPU_PROCESS_ERROR_TIMEOUT);
    g_assert_true(WIFSIGNALED(status));
    g_assert_cmpint(WTERMSIG(status), ==, SIGKILL);
    g_assert_true(pid_gone(pid));
}

static void
test_finish_reports_exit_status_and_stderr(void)
{
    const char *args[] = {"stderr", "qemu-system-aarch64: invalid accelerator kvm", "1", NULL};
    g_autoptr(ArmcpuQemuProcess) proc = spawn_child(args);
    g_autoptr(GError) err = NULL;
    g_autoptr(GError) again = NULL;
    g_autofree char *tail = NULL;
    int status = 0;

    g_assert_false(armcpu_qemu_process_finish(proc, soon(), &status, &err));
    g_assert_error(err, ARMCPU_PROCESS_ERROR, ARMCPU_PROCESS_ERROR_EXITED);
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 1);
    g_assert_nonnull(strstr(err->message, "test-child (pid "));
    g_assert_true(g_str_has_suffix(
        err->message, "exited with status 1: qemu-system-aarch64: invalid accelerator kvm"));
    tail = armcpu_stderr_tail_text(armcpu_qemu_process_stderr_tail(proc));
    g_assert_cmpstr(tail, ==, "qemu-system-aarch64: invalid accelerator kvm");
    /* Asking again gives the same answer. */
    g_assert_false(armcpu_qemu_process_finish(proc, soon(), NULL, &again));
    g_assert_cmpstr(again->message, ==, err->message);
}

static void
test_finish_drains_stderr_while_waiting(void)
{
    /* Far more than a pipe holds: the child blocks unless the parent reads. */
    const char *args[] = {"flood", "1048576", NULL};
    g_autoptr(ArmcpuQemuProcess) proc = spawn_child(args);
    g_autoptr(GError) err = NULL;
    g_autofree char *tail = NULL;

    g_assert_true(armcpu_qemu_process_finish(proc, soon(), NULL, &err));
    g_assert_no_error(err);
    g_assert_cmpuint(armcpu_qemu_process_stderr_tail(proc)->len, ==, ARMCPU_STDERR_TAIL_MAX);
    tail = armcpu_stderr_tail_text(armcpu_qemu_process_stderr_tail(proc));
    g_assert_true(g_str_has_suffix(tail, "xxx\nEND"));
}

/* ----- the waitid() thread, where pidfds are missing ----- */

static void
test_thread_waiter_finishes_and_kills(void)
{
    const char *hang[] = {"hang", NULL};
    const char *quick[] = {"exit", "0", NULL};
    g_autoptr(GError) err = NULL;
    ArmcpuQemuProcess *a, *b, *c;
    GPid pa, pb, pc;

    armcpu_qemu_process_force_thread_waiter(TRUE);
    a = spawn_child(quick);
    b = spawn_child(hang);
    c = spawn_child(hang);
    armcpu_qemu_process_force_thread_waiter(FALSE);
    pa = armcpu_qemu_process_pid(a);
    pb = armcpu_qemu_process_pid(b);
    pc = armcpu_qemu_process_pid(c);

    g_assert_true(armcpu_qemu_process_finish(a, soon(), NULL, &err));
    g_assert_no_error(err);
    g_assert_true(pid_gone(pa));
    g_assert_false(armcpu_qemu_process_finish(b, armcpu_deadline_in_ms(100), NULL, &err));
    g_assert_error(err, ARMCPU_PROCESS_ERROR, ARMCPU_PROCESS_ERROR_TIMEOUT);
    g_assert_true(pid_gone(pb));
    armcpu_qemu_process_free(c);
    g_assert_true(pid_gone(pc));
    armcpu_qemu_process_free(a);
    armcpu_qemu_process_free(b);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/process/resolve/finds-emulator-in-path", test_resolve_finds_emulator_in_path);
    g_test_add_func("/process/resolve/canonicalises-paths", test_resolve_canonicalises_paths);
    g_test_add_func("/process/resolve/missing-emulator-is-not-found",
                    test_resolve_missing_emulator_is_not_found);
    g_test_add_func("/process/resolve/non-executable-is-not-found",
                    test_resolve_non_executable_is_not_found);
    g_test_add_func("/process/spawn/missing-path-is-not-found",
                    test_spawn_missing_path_is_not_found);
    g_test_add_func("/process/spawn/gives-qmp-socket-as-fd-3", test_spawn_gives_qmp_socket_as_fd_3);
    g_test_add_func("/process/spawn/resets-blocked-signals", test_spawn_resets_blocked_signals);
    g_test_add_func("/process/spawn/resets-ignored-signals", test_spawn_resets_ignored_signals);
    g_test_add_func("/process/spawn/missing-interpreter-is-not-found",
                    test_spawn_missing_interpreter_is_not_found);
    g_test_add_func("/process/spawn/bad-executable-format-is-not-found",
                    test_spawn_bad_executable_format_is_not_found);
    g_test_add_func("/process/spawn/child-dies-with-killed-parent",
                    test_spawn_child_dies_with_killed_parent);
    g_test_add_func("/process/kill/leaves-no-process", test_kill_leaves_no_process);
    g_test_add_func("/process/free/reaps-running-child", test_free_reaps_running_child);
    g_test_add_func("/process/free/reaps-exited-child", test_free_reaps_exited_child);
    g_test_add_func("/process/finish/waits-for-normal-exit", test_finish_waits_for_normal_exit);
    g_test_add_func("/process/finish/kills-child-that-does-not-exit",
                    test_finish_kills_child_that_does_not_exit);
    g_test_add_func("/process/finish/reports-exit-status-and-stderr",
                    test_finish_reports_exit_status_and_stderr);
    g_test_add_func("/process/finish/drains-stderr-while-waiting",
                    test_finish_drains_stderr_while_waiting);
    g_test_add_func("/process/waiter/thread-fallback-finishes-and-kills",
                    test_thread_waiter_finishes_and_kills);
    return g_test_run();
}
