#!/bin/sh
# Install every build and test dependency of armcpu from Debian's archive.
# Idempotent: packages already installed are left alone. Needs root (or sudo).
set -eu

PKGS="build-essential meson ninja-build pkg-config
libglib2.0-dev libjson-c-dev libxml2-dev libxml2-utils
qemu-system-arm
libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients
clang libclang-rt-14-dev clang-format valgrind
python3-docutils python3-jsonschema
bash-completion"

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $p"
    fi
done

if [ -z "$missing" ]; then
    echo "install-deps: all build and test dependencies are installed"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

echo "install-deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
echo "install-deps: done"
