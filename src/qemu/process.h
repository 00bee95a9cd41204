/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * process.h: running a QEMU process with a private QMP socket, and always
 * reaping it; for the library only.
 *
 * The child gets stdin and stdout on /dev/null, stderr on a pipe the parent
 * reads, and one end of a socketpair as fd 3, which the appended options
 * `-chardev socket,id=qmp,fd=3 -mon chardev=qmp,mode=control` make its QMP
 * monitor. No other descriptor of the parent reaches it, its signals start
 * at their defaults and unblocked, and it never runs through a shell. It
 * dies with armcpu, even when armcpu is killed with SIGKILL (see
 * armcpu_qemu_process_spawn). Waiting for the exit uses a pidfd (poll()able,
 * no signal handler), or where the kernel has none a thread blocked in
 * waitid(); either way every wait is bounded by a deadline and there are no
 * fixed sleeps.
 */
#pragma once

#include "util/util.h"

#include <glib.h>

G_BEGIN_DECLS

#define ARMCPU_PROCESS_ERROR (armcpu_process_error_quark())
GQuark armcpu_process_error_quark(void);

typedef enum {
    ARMCPU_PROCESS_ERROR_NOT_FOUND, /* the emulator is missing or not an executable file */
    ARMCPU_PROCESS_ERROR_SPAWN,     /* the pipes or the process could not be created */
    ARMCPU_PROCESS_ERROR_EXITED,    /* the process exited with a non-zero status */
    ARMCPU_PROCESS_ERROR_KILLED,    /* a signal ended the process */
    ARMCPU_PROCESS_ERROR_TIMEOUT,   /* it did not exit by the deadline, so it was killed */
    ARMCPU_PROCESS_ERROR_LAST
} ArmcpuProcessError;

/* The descriptor number the child's QMP socket has in the child. */
#define ARMCPU_QEMU_QMP_FD 3

typedef struct _ArmcpuQemuProcess ArmcpuQemuProcess;

/*
 * Resolve @emulator, a command name looked up in $PATH ("qemu-system-aarch64")
 * or a path (anything with a '/'), to an absolute canonical path (symbolic
 * links resolved). Returns it (g_free), or NULL with
 * ARMCPU_PROCESS_ERROR_NOT_FOUND when it does not exist, is not a regular
 * file or is not executable; the message names @emulator.
 */
char *armcpu_qemu_resolve_emulator(const char *emulator, GError **error);

/*
 * Start @path (fork() and execv(), argv[0] = @path) with the NULL-terminated
 * options @args (nullable) followed by the QMP options above. Returns the
 * running process (armcpu_qemu_process_free) once execv() succeeded, or NULL
 * with ARMCPU_PROCESS_ERROR_NOT_FOUND when @path cannot be executed
 * (missing, not executable, no such interpreter, bad format: the child
 * reports execv()'s errno) or _SPAWN for any other failure; nothing is left
 * running then.
 *
 * The child asks the kernel for SIGKILL when its parent dies
 * (PR_SET_PDEATHSIG), so no QEMU outlives armcpu, not even an armcpu killed
 * with SIGKILL; a child whose parent died before it could ask exits (127)
 * without running @path. The kernel sends that signal when the *thread*
 * that called this function exits, not the process: call it from a thread
 * that lives as long as the child should. armcpu_probe spawns from the
 * thread that calls it; armcpu itself forks from its main thread, whose end
 * is the end of the process.
 */
ArmcpuQemuProcess *armcpu_qemu_process_spawn(const char *path, const char *const *args,
                                             GError **error);

/*
 * The parent's end of the QMP socketpair, a connected stream socket
 * (close-on-exec). The first call hands it over (for armcpu_qmp_new); later
 * calls return -1.
 */
int armcpu_qemu_process_take_qmp_fd(ArmcpuQemuProcess *proc);

/*
 * The read end of the child's stderr pipe, owned by @proc (valid until
 * armcpu_qemu_process_free). Give it to armcpu_qmp_watch_stderr together with
 * armcpu_qemu_process_stderr_tail, so that what the QMP client reads and what
 * armcpu_qemu_process_finish reads end up in one tail.
 */
int armcpu_qemu_process_stderr_fd(ArmcpuQemuProcess *proc);

/*
 * The last ARMCPU_STDERR_TAIL_MAX bytes of the child's stderr read so far
 * (see armcpu_stderr_tail_text), owned by @proc; take a reference to keep it
 * longer.
 */
GByteArray *armcpu_qemu_process_stderr_tail(ArmcpuQemuProcess *proc);

/* The child's process id (it stays valid, not reused, until the child is reaped). */
GPid armcpu_qemu_process_pid(ArmcpuQemuProcess *proc);

/*
 * Wait until @deadline for the child to exit (after a QMP quit), reading its
 * stderr meanwhile so it never blocks on a full pipe; if it is still running
 * then, kill it with SIGKILL. Either way it is reaped before this returns.
 * Sets *@wait_status (nullable) to the waitpid() status (WIFEXITED...).
 * Returns TRUE when the child exited with status 0; otherwise FALSE with
 * ARMCPU_PROCESS_ERROR_EXITED (non-zero status), _KILLED (ended by a signal,
 * including an earlier armcpu_qemu_process_kill) or _TIMEOUT (killed at the
 * deadline); the message gives the status or signal and ends with the stderr
 * tail. Calling it again returns the same answer. If someone else reaped the
 * child (SIGCHLD ignored), its status is unknown and counted as a clean exit.
 */
gboolean armcpu_qemu_process_finish(ArmcpuQemuProcess *proc, ArmcpuDeadline deadline,
                                    int *wait_status, GError **error);

/* Kill the child with SIGKILL, if it is not reaped yet, and reap it. Idempotent. */
void armcpu_qemu_process_kill(ArmcpuQemuProcess *proc);

/*
 * Kill and reap the child if that was not done yet, close every descriptor
 * @proc still owns, and free it; NULL is ignored. After it returns no child
 * process and no zombie is left.
 */
void armcpu_qemu_process_free(ArmcpuQemuProcess *proc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ArmcpuQemuProcess, armcpu_qemu_process_free)

/*
 * For tests: make armcpu_qemu_process_spawn wait with the waitid() thread
 * even where pidfds work (@force TRUE), or go back to pidfds (FALSE).
 */
void armcpu_qemu_process_force_thread_waiter(gboolean force);

G_END_DECLS
