#!/usr/bin/env python3
"""Seed lists and the `make fuzz` runner for the libFuzzer targets of tests/fuzz.

usage:
  tests/fuzz/fuzz.py seeds TARGET
      print the seed files and directories of TARGET, one a line (meson
      passes them to the target's replay test)
  tests/fuzz/fuzz.py run [--build DIR] [--seconds N] [--jobs J] [--targets a,b]
                         [--log FILE] [--no-build]
      configure DIR (default build-fuzz) with clang and -Dfuzzing=true when it
      is not configured yet, build the targets, then run each for N seconds
      (default 60), J at a time (default 2), on a working corpus
      DIR/fuzz/corpus/TARGET seeded from the seed list. Prints executions and
      findings per target; crashing inputs are kept in DIR/fuzz/artifacts/TARGET.
      --log writes one meson-testlog-like JSON line per target whose stdout is
      TAP (one case per target), which scripts/test-summary.py counts.
      Exits 1 when any target found something or could not run.

Reproduce a finding:  DIR/tests/fuzz/fuzz-TARGET CRASH-FILE
Replay every seed:    meson test -C BUILD --suite fuzz
"""
import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# target -> (seed globs relative to the source root, dictionary)
# Directories are passed as directories: their files are read at run time.
SEEDS = {
    "guest": (["tests/data/guest/*.xml", "examples/*.xml"], "guest"),
    "registry": (["tests/fuzz/seeds/registry"], "registry"),
    "values": (["tests/fuzz/seeds/values"], "values"),
    "propsinfo": (["tests/data/hostcaps/inputs/*.json", "tests/fuzz/seeds/propsinfo"],
                  "propsinfo"),
    "hostcaps-doc": (["tests/data/hostcaps/*.xml", "examples/hosts/*.xml"], "hostcaps"),
    "hostcaps-use": (["tests/data/hostcaps/*.xml", "examples/hosts/*.xml"], "hostcaps"),
    "qmp": (["tests/fuzz/seeds/qmp"], "qmp"),
}
TARGETS = list(SEEDS)


def seed_paths(target):
    out = []
    for pattern in SEEDS[target][0]:
        path = os.path.join(ROOT, pattern)
        if os.path.isdir(path):
            out.append(path)
        else:
            out += sorted(glob.glob(path))
    regressions = os.path.join(HERE, "regressions", target)
    if os.path.isdir(regressions):
        out.append(regressions)
    return out


def seed_files(target):
    for p in seed_paths(target):
        if os.path.isdir(p):
            for name in sorted(os.listdir(p)):
                f = os.path.join(p, name)
                if not name.startswith(".") and os.path.isfile(f):
                    yield f
        else:
            yield p


def build(build_dir, targets):
    if not os.path.exists(os.path.join(build_dir, "build.ninja")):
        env = dict(os.environ, CC="clang")
        r = subprocess.run(["meson", "setup", build_dir, "-Dfuzzing=true",
                            "-Dbuildtype=debugoptimized"], cwd=ROOT, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if r.returncode != 0:
            sys.stdout.write(r.stdout[-4000:])
            return False
    names = ["tests/fuzz/fuzz-" + t for t in targets]
    r = subprocess.run(["ninja", "-C", build_dir] + names, cwd=ROOT, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        sys.stdout.write(r.stdout[-4000:])
    return r.returncode == 0


class Run:
    def __init__(self, build_dir, target, seconds):
        self.target = target
        self.seconds = seconds
        self.exe = os.path.join(build_dir, "tests", "fuzz", "fuzz-" + target)
        base = os.path.join(build_dir, "fuzz")
        self.corpus = os.path.join(base, "corpus", target)
        self.artifacts = os.path.join(base, "artifacts", target) + os.sep
        self.logfile = os.path.join(base, "logs", target + ".log")
        for d in (self.corpus, self.artifacts, os.path.dirname(self.logfile)):
            os.makedirs(d, exist_ok=True)
        for f in seed_files(target):
            dst = os.path.join(self.corpus, "seed-" + os.path.basename(os.path.dirname(f)) +
                               "-" + os.path.basename(f))
            if not os.path.exists(dst):
                shutil.copyfile(f, dst)
        self.before = set(os.listdir(self.artifacts))
        dict_file = os.path.join(HERE, "dicts", SEEDS[target][1] + ".dict")
        cmd = [self.exe, "-max_total_time=%d" % seconds, "-timeout=25", "-rss_limit_mb=2048",
               "-print_final_stats=1", "-artifact_prefix=" + self.artifacts, self.corpus]
        if os.path.exists(dict_file):
            cmd.insert(1, "-dict=" + dict_file)
        env = dict(os.environ, G_DEBUG="fatal-criticals", ARMCPU_DATA_DIR=os.path.join(ROOT, "data"),
                   ARMCPU_TEST_DATA=os.path.join(ROOT, "tests", "data"),
                   ASAN_OPTIONS="detect_leaks=1", UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1")
        self.cmd = cmd
        self.start = time.monotonic()
        self.log = open(self.logfile, "w")
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=self.log,
                                     stderr=subprocess.STDOUT)

    def finish(self):
        rc = self.proc.wait()
        self.log.close()
        elapsed = time.monotonic() - self.start
        text = open(self.logfile, errors="replace").read()
        m = re.findall(r"stat::number_of_executed_units:\s*(\d+)", text)
        execs = int(m[-1]) if m else 0
        if not m:
            m = re.findall(r"Done (\d+) runs in", text)
            execs = int(m[-1]) if m else 0
        found = sorted(set(os.listdir(self.artifacts)) - self.before)
        kinds = re.findall(r"ERROR: (?:libFuzzer|AddressSanitizer|LeakSanitizer): ([\w-]+)", text)
        kinds += re.findall(r"runtime error: .*", text)[:1]
        ok = rc == 0 and not found
        corpus = len(os.listdir(self.corpus))
        rate = execs / max(elapsed, 1)
        if ok:
            summary = ("fuzz-%s: %d executions in %.0f s (%.0f/s), corpus %d inputs, no findings"
                       % (self.target, execs, elapsed, rate, corpus))
        else:
            summary = ("fuzz-%s: %d executions in %.0f s, exit %d, FINDINGS: %s %s"
                       % (self.target, execs, elapsed, rc, ", ".join(kinds) or "?",
                          " ".join(os.path.join(self.artifacts, f) for f in found)))
        self.result = {"target": self.target, "ok": ok, "executions": execs,
                       "seconds": round(elapsed), "corpus": corpus, "findings": found,
                       "summary": summary, "log": self.logfile, "exe": self.exe,
                       "artifacts": self.artifacts}
        return self.result


def tap_entry(res):
    lines = ["1..1", ("ok" if res["ok"] else "not ok") + " 1 - " + res["summary"]]
    if not res["ok"]:
        lines.append("# log: " + res["log"])
        for f in res["findings"]:
            lines.append("# reproduce: %s %s" % (res["exe"], f))
    return {"name": "fuzz-" + res["target"], "result": "OK" if res["ok"] else "FAIL",
            "duration": res["seconds"], "stdout": "\n".join(lines) + "\n"}


def cmd_run(args):
    build_dir = os.path.abspath(args.build)
    targets = args.targets.split(",") if args.targets else TARGETS
    for t in targets:
        if t not in SEEDS:
            sys.exit("unknown target %s (known: %s)" % (t, ", ".join(TARGETS)))
    results = []
    if not args.no_build and not build(build_dir, targets):
        results = [{"target": t, "ok": False, "executions": 0, "seconds": 0, "corpus": 0,
                    "findings": [], "summary": "fuzz-%s: the fuzz build failed" % t,
                    "log": os.path.join(build_dir, "meson-logs", "meson-log.txt")}
                   for t in targets]
        for res in results:
            print("! " + res["summary"], flush=True)
    else:
        print("fuzzing %d targets for %d s each, %d at a time (%s)"
              % (len(targets), args.seconds, args.jobs, build_dir), flush=True)
        queue = list(targets)
        running = []
        while queue or running:
            while queue and len(running) < args.jobs:
                running.append(Run(build_dir, queue.pop(0), args.seconds))
            while all(r.proc.poll() is None for r in running):
                time.sleep(0.5)
            done = next(r for r in running if r.proc.poll() is not None)
            running.remove(done)
            res = done.finish()
            print(("  " if res["ok"] else "! ") + res["summary"], flush=True)
            results.append(res)
    results.sort(key=lambda r: TARGETS.index(r["target"]))
    if args.log:
        os.makedirs(os.path.dirname(os.path.abspath(args.log)), exist_ok=True)
        with open(args.log, "w") as f:
            for res in results:
                f.write(json.dumps(tap_entry(res)) + "\n")
    with open(os.path.join(build_dir, "fuzz", "summary.json") if os.path.isdir(
            os.path.join(build_dir, "fuzz")) else os.devnull, "w") as f:
        json.dump(results, f, indent=1)
    total = sum(r["executions"] for r in results)
    bad = [r for r in results if not r["ok"]]
    print("fuzz: %d executions, %d targets, %d with findings" % (total, len(results), len(bad)))
    return 1 if bad else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("seeds")
    s.add_argument("target", choices=TARGETS)
    r = sub.add_parser("run")
    r.add_argument("--build", default=os.path.join(ROOT, "build-fuzz"))
    r.add_argument("--seconds", type=int, default=60)
    r.add_argument("--jobs", type=int, default=2)
    r.add_argument("--targets")
    r.add_argument("--log")
    r.add_argument("--no-build", action="store_true")
    args = ap.parse_args()
    if args.cmd == "seeds":
        print("\n".join(seed_paths(args.target)))
        return 0
    return cmd_run(args)


if __name__ == "__main__":
    sys.exit(main())
