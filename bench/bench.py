#!/usr/bin/env python3
"""armcpu benchmarks: side by side with QEMU's own floor (and libvirt when asked).

Each comparison runs its commands alternately (A, B, A, B, ...) so both see the
same machine, and reports medians, ratios and peak RSS. Benchmarks print; they
never fail on timing (the exit status is 0 unless a command itself fails).

usage: bench/bench.py BUILD_DIR [--runs N] [--libvirt] [--quick]
"""
import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

QEMU = shutil.which("qemu-system-aarch64") or "/usr/bin/qemu-system-aarch64"


class Cmd:
    """A command to time: argv, optional stdin file, environment, a setup hook."""

    def __init__(self, label, argv, stdin=None, env=None, prepare=None):
        self.label = label
        self.argv = argv
        self.stdin = stdin
        self.env = env
        self.prepare = prepare
        self.times = []
        self.rss_kb = 0

    def run_once(self):
        if self.prepare:
            self.prepare()
        fin = open(self.stdin, "rb") if self.stdin else open(os.devnull, "rb")
        fout = open(os.devnull, "wb")
        t0 = time.perf_counter()
        pid = os.posix_spawn(self.argv[0], self.argv, self.env or os.environ,
                             file_actions=[(os.POSIX_SPAWN_DUP2, fin.fileno(), 0),
                                           (os.POSIX_SPAWN_DUP2, fout.fileno(), 1),
                                           (os.POSIX_SPAWN_DUP2, fout.fileno(), 2)])
        _, status, usage = os.wait4(pid, 0)
        elapsed = time.perf_counter() - t0
        fin.close()
        fout.close()
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            raise RuntimeError("%s failed: %s" % (self.label, " ".join(self.argv)))
        self.times.append(elapsed * 1000.0)
        self.rss_kb = max(self.rss_kb, usage.ru_maxrss)

    def median(self):
        return statistics.median(self.times)

    def spread(self):
        return "%.1f-%.1f" % (min(self.times), max(self.times))


def alternate(cmds, runs, warmup=2):
    for _ in range(warmup):
        for c in cmds:
            c.run_once()
    for c in cmds:
        c.times = []
    for _ in range(runs):
        for c in cmds:
            c.run_once()


ROWS = []


def row(path, a, b, goal, ratio=None):
    ROWS.append((path, a, b, goal, ratio))


def print_table():
    print()
    print("| path | armcpu (median, range ms) | anchor (median, range ms) | ratio | peak RSS | goal |")
    print("|---|---|---|---|---|---|")
    for path, a, b, goal, ratio in ROWS:
        anchor = "%.2f (%s) %s" % (b.median(), b.spread(), b.label) if b else "-"
        r = ratio if ratio is not None else (("%.2f x" % (a.median() / b.median())) if b else "-")
        print("| %s | %.2f (%s) | %s | %s | %.1f MB | %s |" %
              (path, a.median(), a.spread(), anchor, r, a.rss_kb / 1024.0, goal))


# ----- inputs -----

def vary_host(template, rng, label):
    """A host document like @template with randomly lowered supported values."""
    tree = ET.parse(template)
    root = tree.getroot()
    host = root.find("host")
    host.set("name", label)
    for prop in root.iter("property"):
        values = prop.findall("value")
        if prop.get("type") == "string" and len(values) > 2 and rng.random() < 0.3:
            drop = values[-1]
            prop.remove(drop)
            if prop.get("hostValue") == drop.text:
                prop.set("hostValue", values[-2].text)
    return tree


def make_hosts(outdir, n, seed=1):
    rng = random.Random(seed)
    templates = ["examples/hosts/grace.xml", "examples/hosts/graviton3.xml",
                 "examples/hosts/altra.xml"]
    paths = []
    for i in range(n):
        path = os.path.join(outdir, "host%05d.xml" % i)
        vary_host(templates[i % 3], rng, "host%05d" % i).write(path)
        paths.append(path)
    return paths


def make_big_guest(outdir, host_doc, n_props=200):
    """A host with n_props settable properties and a guest pinning each of them."""
    tree = ET.parse(host_doc)
    root = tree.getroot()
    kvm = [a for a in root.iter("accel") if a.get("type") == "kvm"][0]
    info = kvm.find("cpuPropertyInfo")
    props = info.findall("property")
    for i in range(len(props), n_props):  # vendor properties the registry does not know
        p = ET.SubElement(info, "property", name="vendor_prop_%03d" % i, type="string")
        ET.SubElement(p, "value").text = "on"
        ET.SubElement(p, "value").text = "off"
    host_path = os.path.join(outdir, "host-200.xml")
    tree.write(host_path)
    lines = ["<cpu mode='host-passthrough'>"]
    for p in info.findall("property")[:n_props]:
        values = [v.text for v in p.findall("value")]
        rng = p.find("range")
        value = values[-1] if values else (rng.get("max") if rng is not None else None)
        if value is None:
            continue
        lines.append("  <feature policy='require' name='%s' value='%s'/>" % (p.get("name"), value))
    lines.append("</cpu>")
    guest_path = os.path.join(outdir, "guest-200.xml")
    with open(guest_path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return host_path, guest_path, len(lines) - 2


# ----- benchmarks -----

def bench_probe(armcpu, tmp, runs):
    floor_in = os.path.join(tmp, "qmp-floor.in")
    with open(floor_in, "w") as f:
        f.write('{"execute":"qmp_capabilities"}\n{"execute":"quit"}\n')
    floor = Cmd("QEMU floor", [QEMU, "-S", "-no-user-config", "-nodefaults", "-nographic",
                               "-machine", "none,accel=tcg", "-qmp", "stdio"], stdin=floor_in)
    cache = os.path.join(tmp, "cache-probe")
    probe = Cmd("armcpu probe", [armcpu, "--accel", "tcg", "--cache-dir", cache, "probe",
                                 "--refresh"])
    alternate([probe, floor], runs)
    row("cold probe (tcg) vs QEMU floor", probe, floor, "<= 1.5 x floor")
    # peak RSS of armcpu itself: the same probe against the (small) fake QEMU, so the
    # largest process measured is armcpu, not QEMU
    fake = os.path.join(os.path.dirname(armcpu), "..", "tests", "fake-qemu", "fake-qemu")
    if os.path.exists(fake):
        env = dict(os.environ, FAKE_QEMU_REPLIES="tests/data/qemu/grace.json",
                   ARMCPU_DEV_KVM="/dev/null")
        own = Cmd("armcpu probe (fake QEMU, Grace)", [armcpu, "--emulator", fake, "--cache-dir",
                                                      os.path.join(tmp, "cache-fake"), "probe",
                                                      "--refresh"], env=env)
        alternate([own], max(5, runs // 3), warmup=1)
        row("probe of a Grace host (fake QEMU): armcpu's own peak RSS", own, None, "<= 20 MB")
    return probe


def bench_warm_cmdline(armcpu, tmp, runs, extra=None):
    cache = os.path.join(tmp, "cache-warm")
    subprocess.run([armcpu, "--cache-dir", cache, "probe"], check=True,
                   stdout=subprocess.DEVNULL)
    warm = Cmd("armcpu cmdline", [armcpu, "--cache-dir", cache, "cmdline",
                                  "examples/guest-max-tcg.xml"])
    cmds = [warm] + ([extra] if extra else [])
    alternate(cmds, runs)
    row("warm cmdline, whole process", warm, extra, "<= 5 ms median, >= 2 x faster than virsh")


def bench_inproc(build, tmp, seconds):
    host, guest, n = make_big_guest(tmp, "examples/hosts/grace.xml")
    for extra, what, goal in (([], "validate + -cpu", ">= 50,000 per second per core"),
                              (["--with-parse"], "parse + validate + -cpu", "(for reference)")):
        out = subprocess.run([os.path.join(build, "bench", "bench-inproc"), host, guest,
                              str(seconds)] + extra, check=True, capture_output=True, text=True)
        print("in-process %s of a %d-property guest: %s" % (what, n, out.stdout.strip()))
        per_sec = float(out.stdout.split(":")[1].split()[0])
        c = Cmd("inproc", ["/bin/true"])
        c.times = [1000.0 / per_sec]
        row("in-process %s, %d properties" % (what, n), c, None, goal,
            "%.0f per second" % per_sec)


def bench_baseline(armcpu, tmp, sizes, runs):
    results = []
    for n in sizes:
        d = os.path.join(tmp, "hosts-%d" % n)
        os.makedirs(d, exist_ok=True)
        paths = make_hosts(d, n)
        c = Cmd("baseline %d" % n, [armcpu, "baseline"] + paths)
        alternate([c], max(5, runs // (1 + n // 1000)), warmup=1)
        results.append((n, c))
    for i, (n, c) in enumerate(results):
        ratio = "-"
        if i > 0:
            prev_n, prev = results[i - 1]
            ratio = "%.1f x time for %d x hosts" % (c.median() / prev.median(), n // prev_n)
        row("baseline over %d hosts" % n, c, None,
            "linear (10 x hosts <= 11 x time); 1,000 hosts <= 1 s", ratio)


def libvirt_cmds(tmp):
    """virsh commands, for a libvirtd the caller started (bench/libvirt.sh)."""
    virsh = shutil.which("virsh")
    if not virsh:
        sys.exit("virsh not found: run make bench-libvirt, which installs and starts libvirt")
    dom = os.path.join(tmp, "domain.xml")
    with open(dom, "w") as f:
        f.write("<domain type='qemu'><name>bench</name><memory>131072</memory>"
                "<os><type arch='aarch64' machine='virt'>hvm</type></os>"
                "<cpu mode='custom'><model>max</model>"
                "<feature policy='disable' name='sve'/></cpu></domain>\n")
    uri = os.environ.get("ARMCPU_BENCH_LIBVIRT_URI", "qemu:///system")
    domxml = Cmd("virsh domxml-to-native", [virsh, "-c", uri, "domxml-to-native",
                                            "qemu-argv", "--xml", dom])
    capdir = "/var/cache/libvirt/qemu/capabilities"

    def cold():
        subprocess.run(["sh", os.path.join(os.path.dirname(__file__), "libvirt.sh"),
                        "restart-cold"], check=True)
    domcaps = Cmd("virsh domcapabilities (cold)", [virsh, "-c", uri, "domcapabilities",
                                                   "--emulatorbin", QEMU, "--arch", "aarch64",
                                                   "--virttype", "qemu", "--machine", "virt"],
                  prepare=cold)
    return domxml, domcaps, capdir


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--libvirt", action="store_true")
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    armcpu = os.path.abspath(os.path.join(args.build, "tools", "armcpu"))
    tmp = tempfile.mkdtemp(prefix="armcpu-bench-")
    try:
        print("machine: %s, %d cores; QEMU %s" % (os.uname().machine, os.cpu_count(), QEMU))
        domxml = domcaps = None
        if args.libvirt:
            domxml, domcaps, _ = libvirt_cmds(tmp)
        probe = bench_probe(armcpu, tmp, args.runs)
        if domcaps:
            alternate([domcaps], max(5, args.runs // 3), warmup=1)
            row("cold probe vs virsh domcapabilities, empty cache", probe, domcaps,
                ">= 10 x faster",
                "%.1f x faster" % (domcaps.median() / probe.median()))
        bench_warm_cmdline(armcpu, tmp, args.runs, domxml)
        bench_inproc(args.build, tmp, 1 if args.quick else 3)
        bench_baseline(armcpu, tmp, [10, 100, 1000] if args.quick else [10, 100, 1000, 10000],
                       args.runs)
        print_table()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
