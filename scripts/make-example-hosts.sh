#!/bin/sh
# Maintainer tool: regenerate examples/hosts/*.xml, the host capabilities
# documents of the synthesised ARM KVM hosts used by the README's fleet
# example. Each is probed from the fake QEMU and its replies fixture
# (tests/data/qemu/HOST.json, written from reference facts, not real
# hardware); the identity fields are then set to what such a host would show.
# usage: scripts/make-example-hosts.sh BUILD_DIR
set -eu
build=${1:-build}
out=examples/hosts
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

probe() { # fixture name host-name kernel midr
    ARMCPU_DEV_KVM=/dev/null FAKE_QEMU_REPLIES=tests/data/qemu/$1.json \
        "$build/tools/armcpu" --emulator "$build/tests/fake-qemu/fake-qemu" \
        --cache-dir "$tmp/cache-$1" probe |
        sed -e "s|path='[^']*'|path='/usr/bin/qemu-system-aarch64'|" \
            -e "s| size='[0-9]*' ctime='[0-9.]*' mtime='[0-9.]*'| size='35471848' ctime='1767225600.000000000' mtime='1767225600.000000000'|" \
            -e "s|<host name='[^']*' arch='[^']*' kernel='[^']*'|<host name='$2' arch='aarch64' kernel='$3'|" \
            -e "s|kvm='yes'/>|kvm='yes' midr='$4'/>|" > "$out/$2.xml"
    echo "wrote $out/$2.xml"
}

probe grace grace 6.8.0-1010-nvidia-64k 0x410fd4f0
probe graviton3 graviton3 6.8.0-1015-aws 0x411fd401
probe altra altra 6.8.0-45-generic 0x413fd0c1
probe grace-sysreg grace-sysreg 6.14.0-arm64 0x410fd4f0
probe grace-typed grace-typed 6.14.0-arm64 0x410fd4f0
