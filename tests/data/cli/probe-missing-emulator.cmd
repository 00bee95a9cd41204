# no such QEMU: an environment failure
--emulator @TMP@/no-such-qemu --cache-dir @TMP@/cache probe
