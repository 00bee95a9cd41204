env FAKE_QEMU_TRANSCRIPT=@SRC@/tests/data/qemu-7.2/probe-none.jsonl
setup --emulator @FAKE_QEMU@ --cache-dir @TMP@/cache probe
--cache-dir @TMP@/cache --format json cache clear
