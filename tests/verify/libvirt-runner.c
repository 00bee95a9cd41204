/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libvirt-runner.c: run libvirtd for a test, privately, and reap what it leaves.
 *
 *   libvirt-runner DIR -- /usr/sbin/libvirtd [ARGS...]
 *
 * libvirtd (as root) keeps its state in fixed places. This runner gives it
 * private ones: in a new mount namespace it mounts tmpfs over /run, /var/lib,
 * /var/cache and /var/log, then binds DIR/run, DIR/lib, DIR/cache, DIR/log
 * onto /run/libvirt, /var/lib/libvirt, /var/cache/libvirt, /var/log/libvirt,
 * DIR/etc onto /etc/libvirt (the test's libvirtd.conf and qemu.conf), and
 * DIR/passwd and DIR/group onto /etc/passwd and /etc/group (libvirt's QEMU
 * driver needs its libvirt-qemu user to exist, even when qemu.conf runs QEMU
 * as root). Nothing outside DIR changes; the socket is DIR/run/libvirt-sock.
 *
 * libvirt daemonizes QEMU, so QEMU's parent is the nearest subreaper. Without
 * one that is this machine's init, which reaps only every second or two, and
 * libvirt's kill loop waits for each zombie (reference/libvirt-formats.md
 * section 7). The runner is that subreaper and reaps at once, as systemd would.
 *
 * SIGTERM (or the test's death: PR_SET_PDEATHSIG) stops libvirtd with
 * SIGTERM, then SIGKILL after 10 s; when libvirtd is gone every other
 * remaining descendant is killed and reaped, and the runner exits with
 * libvirtd's status (0 after a requested stop). Every wait is bounded.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>
#include <sched.h>

#define STOP_GRACE_SEC 10

static void
die(const char *what)
{
    fprintf(stderr, "libvirt-runner: %s: %s\n", what, strerror(errno));
    exit(125);
}

static void
bind_into(const char *dir, const char *sub, const char *target)
{
    char src[4096];

    snprintf(src, sizeof(src), "%s/%s", dir, sub);
    if (mount(src, target, NULL, MS_BIND, NULL) < 0) {
        fprintf(stderr, "libvirt-runner: bind %s on %s: %s\n", src, target, strerror(errno));
        exit(125);
    }
}

static void
private_mounts(const char *dir)
{
    static const char *const tmpfs[] = {"/run", "/var/lib", "/var/cache", "/var/log"};
    static const char *const subdirs[] = {"/run/libvirt", "/var/lib/libvirt", "/var/cache/libvirt",
                                          "/var/log/libvirt"};

    if (unshare(CLONE_NEWNS) < 0)
        die("unshare(CLONE_NEWNS)");
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
        die("making / private");
    for (size_t i = 0; i < sizeof(tmpfs) / sizeof(tmpfs[0]); i++) {
        if (mount("tmpfs", tmpfs[i], "tmpfs", 0, "mode=0755") < 0)
            die(tmpfs[i]);
    }
    for (size_t i = 0; i < sizeof(subdirs) / sizeof(subdirs[0]); i++) {
        if (mkdir(subdirs[i], 0755) < 0 && errno != EEXIST)
            die(subdirs[i]);
    }
    bind_into(dir, "run", "/run/libvirt");
    bind_into(dir, "lib", "/var/lib/libvirt");
    bind_into(dir, "cache", "/var/cache/libvirt");
    bind_into(dir, "log", "/var/log/libvirt");
    bind_into(dir, "etc", "/etc/libvirt");
    bind_into(dir, "passwd", "/etc/passwd");
    bind_into(dir, "group", "/etc/group");
}

/* Send @sig to every child of this process (the orphans we adopted included). */
static int
signal_children(int sig)
{
    DIR *d = opendir("/proc");
    struct dirent *e;
    int n = 0;

    if (!d)
        return 0;
    while ((e = readdir(d))) {
        char path[64], buf[512];
        FILE *f;
        pid_t pid = (pid_t)atoi(e->d_name);
        if (pid <= 0)
            continue;
        snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
        f = fopen(path, "r");
        if (!f)
            continue;
        if (fgets(buf, sizeof(buf), f)) {
            /* pid (comm) state ppid ...: comm may hold spaces and parentheses */
            char *close = strrchr(buf, ')');
            int ppid = 0;
            char state;
            if (close && sscanf(close + 1, " %c %d", &state, &ppid) == 2 && ppid == getpid() &&
                state != 'Z') {
                kill(pid, sig);
                n++;
            }
        }
        fclose(f);
    }
    closedir(d);
    return n;
}

int
main(int argc, char **argv)
{
    sigset_t set;
    pid_t daemon_pid;
    int daemon_status = 0;
    int daemon_done = 0, stopping = 0, requested = 0;
    struct timespec stop_at = {0, 0};

    if (argc < 4 || strcmp(argv[2], "--") != 0) {
        fprintf(stderr, "usage: libvirt-runner DIR -- LIBVIRTD [ARGS...]\n");
        return 2;
    }
    if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
        die("PR_SET_CHILD_SUBREAPER");
    if (prctl(PR_SET_PDEATHSIG, SIGTERM) < 0)
        die("PR_SET_PDEATHSIG");
    if (getppid() == 1)
        return 125; /* the test is already gone */
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
        die("sigprocmask");
    private_mounts(argv[1]);

    daemon_pid = fork();
    if (daemon_pid < 0)
        die("fork");
    if (daemon_pid == 0) {
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        execv(argv[3], argv + 3);
        fprintf(stderr, "libvirt-runner: exec %s: %s\n", argv[3], strerror(errno));
        _exit(127);
    }

    while (!daemon_done) {
        siginfo_t info;
        int sig;
        if (stopping) {
            struct timespec now, left;
            clock_gettime(CLOCK_MONOTONIC, &now);
            left.tv_sec = stop_at.tv_sec - now.tv_sec;
            left.tv_nsec = stop_at.tv_nsec - now.tv_nsec;
            if (left.tv_nsec < 0) {
                left.tv_sec--;
                left.tv_nsec += 1000000000L;
            }
            if (left.tv_sec < 0) {
                fprintf(stderr, "libvirt-runner: libvirtd ignored SIGTERM for %d s: killing it\n",
                        STOP_GRACE_SEC);
                kill(daemon_pid, SIGKILL);
                stop_at.tv_sec += 3600;
                continue;
            }
            sig = sigtimedwait(&set, &info, &left);
        } else {
            sig = sigwaitinfo(&set, &info);
        }
        if (sig < 0) {
            if (errno == EAGAIN || errno == EINTR)
                continue;
            die("sigwait");
        }
        if (sig == SIGCHLD) {
            pid_t pid;
            int st;
            while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
                if (pid == daemon_pid) {
                    daemon_status = st;
                    daemon_done = 1;
                }
            }
        } else if (!stopping) {
            requested = 1;
            stopping = 1;
            kill(daemon_pid, SIGTERM);
            clock_gettime(CLOCK_MONOTONIC, &stop_at);
            stop_at.tv_sec += STOP_GRACE_SEC;
        }
    }
    /* libvirtd is gone: no descendant may outlive it (QEMU included); bounded */
    for (int round = 0; round < 50 && signal_children(SIGKILL) > 0; round++) {
        sigset_t chld;
        struct timespec tick = {0, 100 * 1000 * 1000};
        sigemptyset(&chld);
        sigaddset(&chld, SIGCHLD);
        sigtimedwait(&chld, NULL, &tick);
        while (waitpid(-1, NULL, WNOHANG) > 0)
            ;
    }
    while (waitpid(-1, NULL, WNOHANG) > 0)
        ;
    if (WIFEXITED(daemon_status))
        return WEXITSTATUS(daemon_status);
    if (requested && WIFSIGNALED(daemon_status) && WTERMSIG(daemon_status) == SIGTERM)
        return 0;
    return 128 + (WIFSIGNALED(daemon_status) ? WTERMSIG(daemon_status) : 0);
}
