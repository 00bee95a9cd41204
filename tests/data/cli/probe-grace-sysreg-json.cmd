env FAKE_QEMU_REPLIES=@SRC@/tests/data/qemu/grace-sysreg.json
env ARMCPU_DEV_KVM=/dev/null
--emulator @FAKE_QEMU@ --cache-dir @TMP@/cache --format json probe
