# the fake QEMU replaying real QEMU 7.2 (TCG only; KVM unusable here)
env FAKE_QEMU_TRANSCRIPT=@SRC@/tests/data/qemu-7.2/probe-none.jsonl
--emulator @FAKE_QEMU@ --cache-dir @TMP@/cache probe
