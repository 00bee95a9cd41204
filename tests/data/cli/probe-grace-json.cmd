# the synthesised Grace: KVM usable (ARMCPU_DEV_KVM opens), kvm and tcg sections
env FAKE_QEMU_REPLIES=@SRC@/tests/data/qemu/grace.json
env ARMCPU_DEV_KVM=/dev/null
--emulator @FAKE_QEMU@ --cache-dir @TMP@/cache --format json probe
