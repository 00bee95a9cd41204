#!/bin/sh
# Run the whole test suite three times -- as built, under ASan+UBSan, under
# valgrind memcheck -- and print one summary of every test case.
# Then a short smoke of each libFuzzer target (FUZZ_SMOKE_SECONDS each, default
# 60, two at a time) in a clang fuzz build, counted as one test case per target.
# usage: scripts/check.sh BUILD_DIR SAN_BUILD_DIR [FUZZ_BUILD_DIR]
set -u
build=${1:-build}
san=${2:-build-san}
fuzz=${3:-build-fuzz}
logs=""

echo "== tests ($build)"
meson test -C "$build" --num-processes 2 --print-errorlogs >/dev/null 2>&1
cp "$build/meson-logs/testlog.json" "$build/meson-logs/testlog-plain.json"
logs="$logs plain=$build/meson-logs/testlog-plain.json"

echo "== tests under ASan+UBSan ($san)"
if [ ! -f "$san/build.ninja" ]; then
    CC=clang meson setup "$san" -Db_sanitize=address,undefined -Db_lundef=false \
        -Dbuildtype=debug >/dev/null
fi
if ninja -C "$san" >/dev/null; then
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        meson test -C "$san" --num-processes 2 --print-errorlogs >/dev/null 2>&1
    cp "$san/meson-logs/testlog.json" "$san/meson-logs/testlog-san.json"
    logs="$logs asan+ubsan=$san/meson-logs/testlog-san.json"
else
    echo "sanitizer build failed"
    logs="$logs asan+ubsan=/nonexistent"
fi

echo "== tests under valgrind memcheck ($build)"
meson test -C "$build" --num-processes 2 --setup valgrind --print-errorlogs >/dev/null 2>&1
cp "$build/meson-logs/testlog-valgrind.json" "$build/meson-logs/testlog-vg.json" 2>/dev/null ||
    cp "$build/meson-logs/testlog.json" "$build/meson-logs/testlog-vg.json"
logs="$logs valgrind=$build/meson-logs/testlog-vg.json"

echo "== fuzz smoke: ${FUZZ_SMOKE_SECONDS:-60} s per target ($fuzz)"
python3 "$(dirname "$0")/../tests/fuzz/fuzz.py" run --build "$fuzz" \
    --seconds "${FUZZ_SMOKE_SECONDS:-60}" --log "$fuzz/meson-logs/testlog-fuzz.json" | grep '^[ !]'
logs="$logs fuzz=$fuzz/meson-logs/testlog-fuzz.json"

# shellcheck disable=SC2086
exec python3 "$(dirname "$0")/test-summary.py" $logs
