/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * process.c: spawning QEMU with fork() and execv(), waiting for its exit
 * with a pidfd (or a waitid() thread), and always reaping it.
 *
 * Why not GSubprocess: GSubprocess reaps its children from GLib's worker
 * thread through a process-wide SIGCHLD watch, so "wait until a deadline,
 * else SIGKILL, and be sure it is reaped before returning" needs a main loop
 * and still races with that thread. Our own fork() makes the child ours
 * alone: a pidfd (Linux >= 5.3) becomes readable when it exits, so the wait
 * is a poll() that can also drain stderr, and waitpid() then reaps it.
 * Where pidfd_open is unavailable (old kernel, seccomp filter), a thread
 * blocks in waitid(WNOWAIT) - which learns of the exit without reaping - and
 * closes a pipe that the owner polls instead.
 *
 * Why not posix_spawn: the child must die with armcpu even when armcpu is
 * killed with SIGKILL (a probe's QEMU waits forever at -S otherwise), and
 * only code run between fork() and execv() can ask for that, with
 * prctl(PR_SET_PDEATHSIG). A pipe that execv() closes carries the errno of a
 * failed start back, so errors stay precise everywhere (posix_spawn reports a
 * failed exec only where it really vforks). One exception: under valgrind, a
 * child whose execv() fails in the kernel after valgrind's own checks passed
 * (a script with a missing interpreter) dies without a report, so the spawn
 * succeeds and armcpu_qemu_process_finish sees the exit.
 */
#include "process.h"

#include "qmp/qmp.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "util/util.h"

ARMCPU_DEFINE_QUARK("armcpu-process-error-quark", armcpu_process_error)

#define STDERR_READ  4096
#define DRAIN_ROUNDS 64 /* reads of stderr after the exit: more than a pipe holds */

typedef enum {
    KILLED_NOT,      /* armcpu sent no signal */
    KILLED_REQUEST,  /* armcpu_qemu_process_kill or _free */
    KILLED_DEADLINE, /* armcpu_qemu_process_finish ran out of time */
} KilledBy;

struct _ArmcpuQemuProcess {
    char *name; /* the emulator's base name, for messages */
    GPid pid;
    gboolean reaped; /* TRUE also before a successful spawn: nothing to reap */
    gboolean status_known;
    int status;
    KilledBy killed;

    int qmp_fd; /* the parent's end, -1 once taken */
    int stderr_fd;
    gboolean stderr_eof;
    GByteArray *tail;

    int exit_fd;     /* readable once the child exited: the pidfd or the waiter's pipe */
    GThread *waiter; /* the waitid() thread, or NULL with a pidfd */
};

static gint force_thread_waiter;

void
armcpu_qemu_process_force_thread_waiter(gboolean force)
{
    g_atomic_int_set(&force_thread_waiter, force ? 1 : 0);
}

/* ----- resolving the emulator ----- */

/* NOT_FOUND unless @path (called @name in messages) is an executable regular file. */
static gboolean
check_executable(const char *name, const char *path, GError **error)
{
    struct stat st;

    if (stat(path, &st) < 0) {
        int saved = errno;
        g_set_error(error, ARMCPU_PROCESS_ERROR, ARMCPU_PROCESS_ERROR_NOT_FOUND,
                    "emulator '%s': %s", name, g_strerror(saved));
        return FALSE;
    }
    if (!S_ISREG(st.st_mode)) {
        g_set_error(error, ARMCPU_PROCESS_ERROR, ARMCPU_PROCESS_ERROR_NOT_FOUND,
                    "emulator '%s' (%s) is not a regular file", name, path);
        return FALSE;
    }
    if (access(path, X_OK) < 0) {
        g_set_error(error, ARMCPU_PROCESS_ERROR, ARMCPU_PROCESS_ERROR_NOT_FOUND,
                    "emulator '%s' (%s) is not executable", name, path);
        return FALSE;
    }
    return TRUE;
}

char *
armcpu_qemu_resolve_emulator(const char *emulator, GError **error)
{
    g_autofree char *found = NULL;
    g_autofree char *real = NULL;

    if (!emulator || !*emulator) {
        g_set_error_literal(error, ARMCPU_PROCESS_ERROR, ARMCPU_PROCESS_ERROR_NOT_FOUND,
                            "no emulator given");
        return NULL;
    }
    if (strchr(emulator, '/')) {
        found = g_strdup(emulator);
    } else {
        found = g_find_program_in_path(emulator);
        if (!found) {
            g_set_error(error, ARMCPU_PROCESS_ERROR, ARMCPU_PROCESS_ERROR_NOT_FOUND,
                        "emulator '%s' is not an executable in $PATH", emulator);
            return NULL;
        }
    }
    real = realpath(found, NULL);
    if (!real) {
        int saved = errno;
        g_set_error(error, ARMCPU_PROCESS_ERROR, ARMCPU_PROCESS_ERROR_NOT_FOUND,
                    "emulator '%s': %s", emulator, g_strerror(saved));
        return NULL;
    }
    if (!check_executable(emulator, real, error))
        return NULL;
    return g_steal_pointer(&real);
}

/* ----- stderr ----- */

/* Read once from the stderr pipe (poll() said it is ready). */
static void
stderr_read_once(ArmcpuQemuProcess *p)
{
    guint8 buf[STDERR_READ];
    ssize_t n = read(p->stderr_fd, buf, sizeof(buf));

    if (n > 0)
        armcpu_stderr_tail_append(p->tail, buf, (gsize)n);
    else if (n == 0 || (errno != EINTR && errno != EAGAIN))
        p->stderr_eof = TRUE;
}

/* Read what the pipe already holds, without waiting. */
static void
stderr_drain(ArmcpuQemuProcess *p)
{
    for (guint round = 0; round < DRAIN_ROUNDS && p->stderr_fd >= 0 && !p->stderr_eof; round++) {
        struct pollfd pfd = {.fd = p->stderr_fd, .events = POLLIN};
        int rc = poll(&pfd, 1, 0);

        if (rc < 0 && errno == EINTR)
            continue;
        if (rc <= 0)
            return;
        stderr_read_once(p);
    }
}

/* ----- waiting and reaping ----- */

typedef struct {
    GPid pid;
    int notify; /* write end of the pipe, closed once the child exited */
} Waiter;

static gpointer
waiter_main(gpointer data)
{
    Waiter *w = data;
    siginfo_t info;

    /* WNOWAIT: learn that the child exited but leave the reaping to its owner. */
    while (waitid(P_PID, (id_t)w->pid, &info, WEXITED | WNOWAIT) < 0 && errno == EINTR)
        ;
    close(w->notify);
    g_free(w);
    return NULL;
}

static gboolean
watch_exit(ArmcpuQemuProcess *p, GError **error)
{
    g_autoptr(GError) thread_error = NULL;
    int fds[2];
    Waiter *w;

#ifdef SYS_pidfd_open
    if (!g_atomic_int_get(&force_thread_waiter)) {
        /* pidfd_open gives a close-on-exec descriptor. */
        p->exit_fd = (int)syscall(SYS_pidfd_open, (pid_t)p->pid, 0);
        if (p->exit_fd >= 0)
            return TRUE;
    }
#endif
    if (pipe2(fds, O_CLOEXEC) < 0) {
        int saved = errno;
        g_set_error(error, ARMCPU_PROCESS_ERROR, ARMCPU_PROCESS_ERROR_SPAWN,
                    "cannot watch %s for its exit: %s", p->name, g_strerror(saved));
        return FALSE;
    }
    w = g_new(Waiter, 1);
    w->pid = p->pid;
    w->notify = fds[1];
    p->waiter = g_thread_try_new("armcpu-waitid", waiter_main, w, &thread_error);
    if (!p->waiter) {
        close(fds[0]);
        close(fds[1]);
        g_free(w);
        g_set_error(error, ARMCPU_PROCESS_ERROR, ARMCPU_PROCESS_ERROR_SPAWN,
                    "cannot watch %s for its exit: %s", p->name, thread_error->message);
        return FALSE;
    }
    p->exit_fd = fds[0];
    return TRUE;
}

/*
 * Wait until the child exited (TRUE) or @deadline passed (FALSE), reading its
 * stderr meanwhile so that it never blocks on a full pipe.
 */
static gboolean
wait_exit(ArmcpuQemuProcess *p, ArmcpuDeadline deadline)
{
    if (p->exit_fd < 0)
        return FALSE;
    for (gboolean first = TRUE;; first = FALSE) {
        struct pollfd pfd[2];
        nfds_t n = 1;
        int ms = armcpu_deadline_remaining_ms(deadline);
        int rc;

        if (ms == 0 && !first)
            return FALSE;
        pfd[0].fd = p->exit_fd;
        pfd[0].events = POLLIN;
        pfd[0].revents = 0;
        if (p->stderr_fd >= 0 && !p->stderr_eof) {
            pfd[1].fd = p->stderr_fd;
            pfd[1].events = POLLIN;
            pfd[1].revents = 0;
            n = 2;
        }
        rc = poll(pfd, n, ms);
        if (rc < 0) {
            if (errno == EINTR)
                continue;
            return FALSE;
        }
        if (n == 2 && pfd[1].revents)
            stderr_read_once(p);
        if (pfd[0].revents)
            return TRUE;
    }
}

/* Reap the child, which has exited or been sent SIGKILL. */
static void
reap(ArmcpuQemuProcess *p)
{
    if (p->reaped)
        return;
    /* The waiter returns once the child is a zombie; only then may it be reaped. */
    if (p->waiter)
        g_thread_join(g_steal_pointer(&p->waiter));
    for (;;) {
        int status;
        pid_t r = waitpid((pid_t)p->pid, &status, 0);

        if (r == (pid_t)p->pid) {
            p->status = status;
            p->status_known = TRUE;
            break;
        }
        if (r < 0 && errno == EINTR)
            continue;
        break; /* ECHILD: someone else reaped it (SIGCHLD ignored) */
    }
    p->reaped = TRUE;
}

static void
kill_and_reap(ArmcpuQemuProcess *p, KilledBy why)
{
    if (p->reaped)
        return;
    if (kill((pid_t)p->pid, SIGKILL) == 0 && p->killed == KILLED_NOT)
        p->killed = why;
    reap(p);
}

/* ----- spawning ----- */

/* @fd (taken) moved to a close-on-exec descriptor >= @min; -1 on failure. */
static int
fd_move_above(int fd, int min)
{
    int moved;

    if (fd < 0 || fd >= min)
        return fd;
    moved = fcntl(fd, F_DUPFD_CLOEXEC, min);
    close(fd);
    return moved;
}

static void
close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

/* The descriptors of one spawn that @proc does not keep, all close-on-exec. */
typedef struct {
    int child_qmp; /* the child's end of the QMP socketpair */
    int child_err; /* the write end of the stderr pipe */
    int report_rd; /* the exec report pipe: the child writes a ChildReport... */
    int report_wr; /* ...when it fails before or in execv(), and exec closes it */
} SpawnFds;

/* The child's own ends, which the parent closes right after fork(). */
static void
spawn_fds_close_child_ends(SpawnFds *f)
{
    close_fd(&f->child_qmp);
    close_fd(&f->child_err);
    close_fd(&f->report_wr);
}

static void
spawn_fds_clear(SpawnFds *f)
{
    spawn_fds_close_child_ends(f);
    close_fd(&f->report_rd);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(SpawnFds, spawn_fds_clear)

/* What a child that could not exec writes on the report pipe before _exit(127). */
typedef enum {
    CHILD_FAILED_SETUP = 1, /* the descriptors or the parent-death signal */
    CHILD_FAILED_EXEC,      /* execv() itself */
} ChildStage;

typedef struct {
    int stage; /* ChildStage */
    int err;   /* errno */
} ChildReport;

/* Everything the child needs between fork() and execv(), prepared before fork(). */
typedef struct {
    const char *path;
    char *const *argv;
    pid_t parent;  /* the armcpu process, as getpid() said before fork() */
    int qmp;       /* becomes ARMCPU_QEMU_QMP_FD; >= ARMCPU_QEMU_QMP_FD + 1 */
    int err;       /* becomes stderr; >= ARMCPU_QEMU_QMP_FD + 1 */
    int report;    /* stays open (close-on-exec); >= ARMCPU_QEMU_QMP_FD + 1 */
    int close_max; /* without close_range, descriptors below this are closed */
    struct sigaction dfl;
    sigset_t empty;
} ChildSetup;

/* Bounds the close() loop where close_range is missing (RLIMIT_NOFILE can be huge). */
#define CLOSE_LOOP_MAX 65536

/* How long the child may take to reach execv(), which normally takes milliseconds. */
#define EXEC_REPORT_MS 30000

/*
 * The functions from here to child_run run in the child between fork() and
 * execv(): they call only async-signal-safe functions and allocate nothing,
 * since another thread of armcpu may have held a lock at the fork.
 */

static G_NORETURN void
child_fail(const ChildSetup *cs, ChildStage stage, int err)
{
    ChildReport r = {.stage = (int)stage, .err = err};

    while (write(cs->report, &r, sizeof(r)) < 0 && errno == EINTR)
        ;
    _exit(127);
}

/* Make @fd the child's descriptor @target, without close-on-exec. */
static gboolean
child_install(int fd, int target)
{
    if (fd == target)
        return TRUE; /* opened right there, without close-on-exec */
    while (dup2(fd, target) < 0) {
        if (errno != EINTR)
            return FALSE;
    }
    return TRUE;
}

/* /dev/null opened with @flags as the child's descriptor @target. */
static gboolean
child_install_null(int target, int flags)
{
    int fd;

    do
        fd = open("/dev/null", flags);
    while (fd < 0 && errno == EINTR);
    /*
     * When it is not @target, the extra descriptor is either one of 1..3,
     * replaced by a later dup2(), or above 3 and closed with the rest.
     */
    return fd >= 0 && child_install(fd, target);
}

/* Close every descriptor above ARMCPU_QEMU_QMP_FD except @keep (> ARMCPU_QEMU_QMP_FD). */
static void
child_close_others(int keep, int close_max)
{
    int first = ARMCPU_QEMU_QMP_FD + 1;

#ifdef SYS_close_range
    if ((keep == first || syscall(SYS_close_range, first, keep - 1, 0) == 0) &&
        syscall(SYS_close_range, keep + 1, ~0U, 0) == 0)
        return;
#endif
    /* No close_range (kernel < 5.9, seccomp): close them one by one. */
    for (int fd = first; fd < close_max; fd++) {
        if (fd != keep)
            close(fd);
    }
}

static G_NORETURN void
child_run(const ChildSetup *cs)
{
    /*
     * Die with armcpu: the kernel sends SIGKILL when the thread that forked
     * exits. If armcpu died before prctl() ran, no signal will come, but the
     * child has been reparented by then, which getppid() shows.
     */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
        child_fail(cs, CHILD_FAILED_SETUP, errno);
    if (getppid() != cs->parent)
        _exit(127); /* nobody is left to read a report */

    /* The child's ends are above 3 (fd_move_above), so no dup2() below overwrites one. */
    if (!child_install_null(STDIN_FILENO, O_RDONLY) ||
        !child_install_null(STDOUT_FILENO, O_WRONLY) || !child_install(cs->err, STDERR_FILENO) ||
        !child_install(cs->qmp, ARMCPU_QEMU_QMP_FD))
        child_fail(cs, CHILD_FAILED_SETUP, errno);
    /* Descriptors other code opened without close-on-exec must not reach QEMU. */
    child_close_others(cs->report, cs->close_max);

    /* Signals the parent handles, ignores or blocks start out at their defaults. */
    for (int sig = 1; sig < NSIG; sig++) {
        if (sig != SIGKILL && sig != SIGSTOP)
            sigaction(sig, &cs->dfl, NULL); /* EINVAL for the C library's own: fine */
    }
    sigprocmask(SIG_SETMASK, &cs->empty, NULL);

    execv(cs->path, cs->argv);
    child_fail(cs, CHILD_FAILED_EXEC, errno);
}

/* ----- the parent's side of spawning ----- */

static ArmcpuQemuProcess *
process_new(const char *path)
{
    ArmcpuQemuProcess *p = g_new0(ArmcpuQemuProcess, 1);

    p->name = g_path_get_basename(path);
    p->reaped = TRUE;
    p->qmp_fd = -1;
    p->stderr_fd = -1;
    p->exit_fd = -1;
    p->tail = g_byte_array_new();
    return p;
}

/* The QMP socketpair, the stderr pipe and the report pipe; @p keeps its ends. */
static gboolean
open_channels(ArmcpuQemuProcess *p, SpawnFds *f, GError **error)
{
    int sv[2], ep[2], rp[2];

    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
        int saved = errno;
        g_set_error(error, ARMCPU_PROCESS_ERROR, ARMCPU_PROCESS_ERROR_SPAWN,
                    "cannot create the QMP socket for %s: %s", p->name, g_strerror(saved));
        return FALSE;
    }
    p->qmp_fd = sv[0];
    f->child_qmp = sv[1];
    if (pipe2(ep, O_CLOEXEC) < 0) {
        int saved = errno;
        g_set_error(error, ARMCPU_PROCESS_ERROR, ARMCPU_PROCESS_ERROR_SPAWN,
                    "cannot create the stderr pipe for %s: %s", p->name, g_strerror(saved));
        return FALSE;
    }
    p->stderr_fd = ep[0];
    f->child_err = ep[1];
    if (pipe2(rp, O_CLOEXEC) < 0) {
        int saved = errno;
        g_set_error(error, ARMCPU_PROCESS_ERROR, ARMCPU_PROCESS_ERROR_SPAWN,
                    "cannot create the exec report pipe for %s: %s", p->name, g_strerror(saved));
        return FALSE;
    }
    f->report_rd = rp[0];
    f->report_wr = rp[1];
    /*
     * The child's ends must not sit on 0..3: dup2() onto the same number
     * would keep close-on-exec, and an earlier dup2() could overwrite them.
     */
    f->child_qmp = fd_move_above(f->child_qmp, ARMCPU_QEMU_QMP_FD + 1);
    f->child_err = fd_move_above(f->child_err, ARMCPU_QEMU_QMP_FD + 1);
    f->report_wr = fd_move_above(f->report_wr, ARMCPU_QEMU_QMP_FD + 1);
    if (f->child_qmp < 0 || f->child_err < 0 || f->report_wr < 0) {
        int saved = errno;
        g_set_error(error, ARMCPU_PROCESS_ERROR, ARMCPU_PROCESS_ERROR_SPAWN,
                    "cannot set up the descriptors for %s: %s", p->name, g_strerror(saved));
        return FALSE;
    }
    return TRUE;
}

/*
 * Read the child's report: TRUE with *@got FALSE when exec closed the pipe
 * (the child runs @path now), TRUE with *@got TRUE and *@r filled when the
 * child failed; FALSE with @error when there was no answer in time.
 */
static gboolean
read_report(ArmcpuQemuProcess *p, int fd, ChildReport *r, gboolean *got, GError **error)
{
    ArmcpuDeadline deadline = armcpu_deadline_in_ms(EXEC_REPORT_MS);

    for (;;) {
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        int rc = poll(&pfd, 1, armcpu_deadline_remaining_ms(deadline));
        ssize_t n;

        if (rc < 0 && errno == EINTR)
            continue;
        if (rc == 0) {
            g_set_error(error, ARMCPU_PROCESS_ERROR, ARMCPU_PROCESS_ERROR_SPAWN,
                        "%s did not start within %d s", p->name, EXEC_REPORT_MS / 1000);
            return FALSE;
        }
        n = rc < 0 ? -1 : read(fd, r, sizeof(*r));
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (n == 0 || n == (ssize_t)sizeof(*r)) {
            *got = n > 0;
            return TRUE;
        }
        /* A pipe never splits a write this small, so a short report is garbage. */
        g_set_error(error, ARMCPU_PROCESS_ERROR, ARMCPU_PROCESS_ERROR_SPAWN,
                    "cannot learn whether %s started: %s", p->name,
                    n < 0 ? g_strerror(errno) : "short report");
        return FALSE;
    }
}

ArmcpuQemuProcess *
armcpu_qemu_process_spawn(const char *path, const char *const *args, GError **error)
{
    g_autoptr(ArmcpuQemuProcess) p = NULL;
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    g_autofree char *chardev = g_strdup_printf("socket,id=qmp,fd=%d", ARMCPU_QEMU_QMP_FD);
    g_auto(SpawnFds) fds = {.child_qmp = -1, .child_err = -1, .report_rd = -1, .report_wr = -1};
    ChildSetup cs;
    ChildReport report;
    gboolean failed = FALSE;
    sigset_t all, old;
    long open_max;
    pid_t pid;
    int saved;

    g_return_val_if_fail(path != NULL, NULL);
    /*
     * Not needed for correctness (the child reports a failed execv()), but it
     * tells "not a regular file" and "not executable" apart.
     */
    if (!check_executable(path, path, error))
        return NULL;
    p = process_new(path);
    if (!open_channels(p, &fds, error))
        return NULL;

    g_ptr_array_add(argv, (gpointer)path);
    for (gsize i = 0; args && args[i]; i++)
        g_ptr_array_add(argv, (gpointer)args[i]);
    g_ptr_array_add(argv, (gpointer) "-chardev");
    g_ptr_array_add(argv, chardev);
    g_ptr_array_add(argv, (gpointer) "-mon");
    g_ptr_array_add(argv, (gpointer) "chardev=qmp,mode=control");
    g_ptr_array_add(argv, NULL);

    memset(&cs, 0, sizeof(cs));
    cs.path = path;
    cs.argv = (char *const *)argv->pdata;
    cs.parent = getpid();
    cs.qmp = fds.child_qmp;
    cs.err = fds.child_err;
    cs.report = fds.report_wr;
    open_max = sysconf(_SC_OPEN_MAX);
    cs.close_max = open_max < 0 || open_max > CLOSE_LOOP_MAX ? CLOSE_LOOP_MAX : (int)open_max;
    cs.dfl.sa_handler = SIG_DFL;
    sigemptyset(&cs.dfl.sa_mask);
    sigemptyset(&cs.empty);

    /* No handler of the parent's may run in the child before it resets them. */
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pid = fork();
    saved = errno;
    if (pid == 0)
        child_run(&cs);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    spawn_fds_close_child_ends(&fds);
    if (pid < 0) {
        g_set_error(error, ARMCPU_PROCESS_ERROR, ARMCPU_PROCESS_ERROR_SPAWN,
                    "cannot run '%s': fork: %s", path, g_strerror(saved));
        return NULL;
    }
    /* From here on a failure kills and reaps the child through the autoptr. */
    p->pid = (GPid)pid;
    p->reaped = FALSE;

    if (!read_report(p, fds.report_rd, &report, &failed, error))
        return NULL;
    if (failed && report.stage == CHILD_FAILED_EXEC) {
        int rc = report.err;
        gboolean missing = rc == ENOENT || rc == EACCES || rc == ENOEXEC || rc == ENOTDIR ||
                           rc == ELOOP || rc == EISDIR;
        g_set_error(error, ARMCPU_PROCESS_ERROR,
                    missing ? ARMCPU_PROCESS_ERROR_NOT_FOUND : ARMCPU_PROCESS_ERROR_SPAWN,
                    "cannot run '%s': %s", path, g_strerror(rc));
        return NULL;
    }
    if (failed) {
        g_set_error(error, ARMCPU_PROCESS_ERROR, ARMCPU_PROCESS_ERROR_SPAWN,
                    "cannot set up the process for '%s': %s", path, g_strerror(report.err));
        return NULL;
    }
    if (!watch_exit(p, error))
        return NULL;
    return g_steal_pointer(&p);
}

/* ----- accessors ----- */

int
armcpu_qemu_process_take_qmp_fd(ArmcpuQemuProcess *p)
{
    int fd = p->qmp_fd;

    p->qmp_fd = -1;
    return fd;
}

int
armcpu_qemu_process_stderr_fd(ArmcpuQemuProcess *p)
{
    return p->stderr_fd;
}

GByteArray *
armcpu_qemu_process_stderr_tail(ArmcpuQemuProcess *p)
{
    return p->tail;
}

GPid
armcpu_qemu_process_pid(ArmcpuQemuProcess *p)
{
    return p->pid;
}

/* ----- finishing ----- */

/* The verdict on the reaped child: TRUE for a clean exit, else @error. */
static gboolean
exit_verdict(ArmcpuQemuProcess *p, GError **error)
{
    g_autofree char *tail = armcpu_stderr_tail_text(p->tail);
    const char *sep = *tail ? ": " : "";
    int st = p->status;
    int sig;

    if (!p->status_known || (WIFEXITED(st) && WEXITSTATUS(st) == 0))
        return TRUE;
    if (WIFEXITED(st)) {
        g_set_error(error, ARMCPU_PROCESS_ERROR, ARMCPU_PROCESS_ERROR_EXITED,
                    "%s (pid %d) exited with status %d%s%s", p->name, (int)p->pid, WEXITSTATUS(st),
                    sep, tail);
        return FALSE;
    }
    sig = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
    if (sig == SIGKILL && p->killed == KILLED_DEADLINE)
        g_set_error(error, ARMCPU_PROCESS_ERROR, ARMCPU_PROCESS_ERROR_TIMEOUT,
                    "%s (pid %d) did not exit in time and was killed%s%s", p->name, (int)p->pid,
                    sep, tail);
    else if (sig == SIGKILL && p->killed == KILLED_REQUEST)
        g_set_error(error, ARMCPU_PROCESS_ERROR, ARMCPU_PROCESS_ERROR_KILLED,
                    "%s (pid %d) was killed by armcpu%s%s", p->name, (int)p->pid, sep, tail);
    else
        g_set_error(error, ARMCPU_PROCESS_ERROR, ARMCPU_PROCESS_ERROR_KILLED,
                    "%s (pid %d) was killed by signal %d (%s)%s%s", p->name, (int)p->pid, sig,
                    g_strsignal(sig), sep, tail);
    return FALSE;
}

gboolean
armcpu_qemu_process_finish(ArmcpuQemuProcess *p, ArmcpuDeadline deadline, int *wait_status,
                           GError **error)
{
    if (!p->reaped) {
        if (wait_exit(p, deadline))
            reap(p);
        else
            kill_and_reap(p, KILLED_DEADLINE);
    }
    /* The child is gone: whatever it wrote is in the pipe already. */
    stderr_drain(p);
    if (wait_status)
        *wait_status = p->status_known ? p->status : 0;
    return exit_verdict(p, error);
}

void
armcpu_qemu_process_kill(ArmcpuQemuProcess *p)
{
    kill_and_reap(p, KILLED_REQUEST);
}

void
armcpu_qemu_process_free(ArmcpuQemuProcess *p)
{
    if (!p)
        return;
    kill_and_reap(p, KILLED_REQUEST);
    close_fd(&p->qmp_fd);
    close_fd(&p->stderr_fd);
    close_fd(&p->exit_fd);
    g_byte_array_unref(p->tail);
    g_free(p->name);
    g_free(p);
}
