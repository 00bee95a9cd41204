/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-spawner.c: a parent for test-process to kill with SIGKILL.
 *
 *   test-spawner   start test-child (TEST_CHILD) in "hang" mode through
 *                  armcpu_qemu_process_spawn, print its pid and a newline on
 *                  stdout, then wait for EOF on stdin and free the process
 *
 * Waiting on stdin rather than forever means a test that dies before it
 * kills this helper still leaves nothing running.
 */
#include "qemu/process.h"

#include <errno.h>
#include <stdio.h>
#include <unistd.h>

int
main(void)
{
    const char *args[] = {"hang", NULL};
    g_autoptr(GError) err = NULL;
    g_autoptr(ArmcpuQemuProcess) proc = armcpu_qemu_process_spawn(TEST_CHILD, args, &err);
    char c;
    ssize_t n;

    if (!proc) {
        fprintf(stderr, "test-spawner: %s\n", err->message);
        return 1;
    }
    printf("%d\n", (int)armcpu_qemu_process_pid(proc));
    if (fflush(stdout) != 0)
        return 1;
    do
        n = read(STDIN_FILENO, &c, 1);
    while (n > 0 || (n < 0 && errno == EINTR));
    return 0;
}
