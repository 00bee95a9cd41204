#!/bin/sh
# Maintainer tool: regenerate the host documents of tests/data/cli/hosts/.
#   qemu72-tcg.xml   real QEMU 7.2.22 (Debian) under TCG on x86_64: the fake
#                    QEMU replaying tests/data/qemu-7.2/probe-none.jsonl
#   graviton3-b.xml  a second Graviton3 host: examples/hosts/graviton3.xml
#                    with another host name and kernel (for baseline --model)
# The identity fields are set to fixed values so the documents (and the
# goldens made from them) do not depend on the machine that wrote them.
# usage: tests/cli/make-fixtures.sh BUILD_DIR
set -eu
build=${1:-build}
out=tests/data/cli/hosts
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"

ARMCPU_DEV_KVM="$tmp/no-kvm" ARMCPU_DATA_DIR=data \
    FAKE_QEMU_TRANSCRIPT=tests/data/qemu-7.2/probe-none.jsonl \
    "$build/tools/armcpu" --emulator "$build/tests/fake-qemu/fake-qemu" \
    --cache-dir "$tmp/cache" probe |
    sed -e "s|path='[^']*'|path='/usr/bin/qemu-system-aarch64'|" \
        -e "s| size='[0-9]*' ctime='[0-9.]*' mtime='[0-9.]*'| size='22123456' ctime='1736942400.000000000' mtime='1736942400.000000000'|" \
        -e "s|<host [^>]*/>|<host name='x86-tcg-builder' arch='x86_64' kernel='6.1.0-28-amd64' kvm='no'/>|" \
        > "$out/qemu72-tcg.xml"
echo "wrote $out/qemu72-tcg.xml"

sed -e "s|<host name='graviton3' arch='aarch64' kernel='[^']*'|<host name='graviton3-b' arch='aarch64' kernel='6.8.0-1016-aws'|" \
    examples/hosts/graviton3.xml > "$out/graviton3-b.xml"
grep -q "name='graviton3-b'" "$out/graviton3-b.xml"
echo "wrote $out/graviton3-b.xml"
