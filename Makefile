# armcpu: the two commands of the README, and their siblings.
#
#   make demo    install dependencies, build, probe the local QEMU, show domain
#                capabilities, validate the example guests, print their -cpu line
#   make check   install dependencies, build, run every test (plain, ASan+UBSan,
#                valgrind, fuzz smoke) and print "N passed, N failed, N skipped"
#   make fuzz    build the libFuzzer targets with clang (BUILD_FUZZ) and run each
#                for FUZZ_SECONDS on its seed corpus (tests/fuzz/fuzz.py)

BUILD      ?= build
BUILD_SAN  ?= build-san
BUILD_FUZZ ?= build-fuzz
FUZZ_SECONDS ?= 60
MESON_OPTS ?=

.PHONY: all deps build demo check check-plain check-san check-valgrind fuzz format format-check clean

all: build

deps:
	@./scripts/install-deps.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) $(MESON_OPTS)

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

demo: build
	@./scripts/demo.sh $(BUILD)

check-plain: build
	-meson test -C $(BUILD) --num-processes 2 --print-errorlogs

check: build
	@./scripts/check.sh $(BUILD) $(BUILD_SAN) $(BUILD_FUZZ)

fuzz: deps
	@python3 tests/fuzz/fuzz.py run --build $(BUILD_FUZZ) --seconds $(FUZZ_SECONDS)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

format-check:
	clang-format --dry-run --Werror $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(BUILD_SAN) $(BUILD_FUZZ)

# Benchmarks (print figures; never gate CI). bench-libvirt also installs and
# starts libvirt, the anchor users compare with.
BUILD_BENCH ?= build-bench

.PHONY: bench bench-libvirt
$(BUILD_BENCH)/build.ninja:
	meson setup $(BUILD_BENCH) -Dbuildtype=release -Db_ndebug=if-release

bench: deps $(BUILD_BENCH)/build.ninja
	ninja -C $(BUILD_BENCH)
	python3 bench/bench.py $(BUILD_BENCH)

bench-libvirt: deps $(BUILD_BENCH)/build.ninja
	ninja -C $(BUILD_BENCH)
	./bench/libvirt.sh install
	./bench/libvirt.sh restart-cold
	python3 bench/bench.py $(BUILD_BENCH) --libvirt; rc=$$?; ./bench/libvirt.sh stop; exit $$rc
