#!/usr/bin/env python3
"""Run a command as a child subreaper that reaps every orphan at once.

libvirt waits for QEMU with kill(pid, 0), which keeps succeeding on a zombie;
under an init that reaps slowly every libvirt probe pays ~2 s (see the
reference's libvirt measurements). systemd reaps at once; this does the same
for the daemon we start, so libvirt is measured as users see it.

usage: subreaper.py PIDFILE COMMAND [ARGS...]
"""
import ctypes
import os
import signal
import sys

PR_SET_CHILD_SUBREAPER = 36


def main():
    pidfile, argv = sys.argv[1], sys.argv[2:]
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        sys.exit("prctl(PR_SET_CHILD_SUBREAPER) failed")
    child = os.fork()
    if child == 0:
        os.execvp(argv[0], argv)
    with open(pidfile, "w") as f:
        f.write("%d\n" % os.getpid())

    def stop(signum, frame):
        os.kill(child, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    while True:
        try:
            pid, _ = os.waitpid(-1, 0)
        except ChildProcessError:
            return
        except InterruptedError:
            continue
        if pid == child:
            # the daemon is gone; reap what is left, then leave
            while True:
                try:
                    os.waitpid(-1, 0)
                except ChildProcessError:
                    return


if __name__ == "__main__":
    main()
