#!/bin/sh
# `make demo`: armcpu's main job on built-in defaults, on this machine.
#  1. probe the local QEMU (qemu-system-aarch64 from PATH; kvm when usable,
#     else tcg) into a private cache, and show what it can give a guest;
#  2. show the libvirt-shaped domain capabilities;
#  3. validate the example guests against this host and print their -cpu line;
#  4. the same offline for an ARM KVM guest, and a fleet baseline and compare
#     over the synthesised Grace, Graviton3 and Ampere Altra host documents.
# usage: scripts/demo.sh BUILD_DIR
set -u
build=${1:-build}
armcpu="$build/tools/armcpu"
export ARMCPU_CACHE_DIR="$build/demo-cache"

run() {
    printf '\n$ armcpu %s\n' "$*"
    "$armcpu" "$@"
    printf '[exit %d]\n' "$?"
}

run --version
run probe --format text
run domcapabilities --format text
run validate examples/guest-max-tcg.xml
run cmdline examples/guest-max-tcg.xml
run cmdline examples/guest-sve-max-vq.xml
run validate --offline examples/guest-grace.xml
run cmdline --offline examples/guest-grace.xml
run --host examples/hosts/grace.xml cmdline examples/guest-grace.xml
run --host examples/hosts/grace.xml cmdline examples/guest-pinned.xml
run --host examples/hosts/grace-sysreg.xml cmdline examples/guest-pinned.xml
run baseline examples/hosts/grace.xml examples/hosts/graviton3.xml examples/hosts/altra.xml
run --host examples/hosts/altra.xml compare examples/guest-grace.xml
exit 0
