env FAKE_QEMU_TRANSCRIPT=@SRC@/tests/data/qemu-7.2/probe-none.jsonl
--emulator @FAKE_QEMU@ --cache-dir @TMP@/cache --format json probe
