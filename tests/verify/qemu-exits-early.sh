#!/bin/sh
# A QEMU stand-in for tests/verify: exits before sending its QMP greeting (as
# real QEMU can, when its -cpu is refused and the main thread's exit wins the
# race with the monitor thread), printing $STANDIN_STDERR on stderr and exiting
# with $STANDIN_STATUS (default 1). Its arguments are ignored.
printf '%s\n' "$STANDIN_STDERR" >&2
exit "${STANDIN_STATUS:-1}"
