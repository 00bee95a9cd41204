#!/bin/sh
# Install, start, restart (with an empty capabilities cache) or stop the
# libvirt daemon the benchmarks compare with. Needs root.
# usage: bench/libvirt.sh install|start|restart-cold|stop
set -eu
here=$(cd "$(dirname "$0")" && pwd)
pidfile=/run/armcpu-bench-libvirtd.pid

wait_ready() {
    i=0
    until virsh -c qemu:///system uri >/dev/null 2>&1; do
        i=$((i + 1))
        [ $i -lt 200 ] || { echo "libvirtd did not come up" >&2; exit 1; }
        sleep 0.05
    done
}

start() {
    mkdir -p /run/libvirt
    python3 "$here/subreaper.py" "$pidfile" libvirtd >/dev/null 2>&1 &
    wait_ready
}

stop() {
    if [ -f "$pidfile" ]; then
        kill "$(cat "$pidfile")" 2>/dev/null || true
        rm -f "$pidfile"
    fi
    pkill -x libvirtd 2>/dev/null || true
    i=0
    while pgrep -x libvirtd >/dev/null 2>&1 && [ $i -lt 200 ]; do
        i=$((i + 1)); sleep 0.05
    done
}

case "${1:-}" in
install)
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q --no-install-recommends libvirt-daemon libvirt-daemon-driver-qemu \
        libvirt-clients >/dev/null
    # libvirt-daemon-system (not installed: it wants systemd) creates the user
    # Debian's qemu.conf runs QEMU as; the QEMU driver will not start without it
    getent group libvirt-qemu >/dev/null || groupadd --system libvirt-qemu
    getent passwd libvirt-qemu >/dev/null ||
        useradd --system --no-create-home --gid libvirt-qemu --shell /usr/sbin/nologin libvirt-qemu
    ;;
start) start ;;
stop) stop ;;
restart-cold)
    stop
    rm -rf /var/cache/libvirt/qemu/capabilities
    start
    ;;
*) echo "usage: $0 install|start|restart-cold|stop" >&2; exit 2 ;;
esac
