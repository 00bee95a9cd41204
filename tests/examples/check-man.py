#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The man pages render cleanly and match the code (TAP).

usage: check-man.py RST2MAN ARMCPU SOURCE_ROOT ARMCPU.1.RST ARMCPU-FORMATS.5.RST

- rst2man --strict renders each page with no docutils message at all;
- armcpu(1) has a section for every command `armcpu --help` lists, names
  every option `armcpu COMMAND --help-all` lists, every exit status, and
  every environment variable the sources read (g_getenv in src/ and tools/).
"""
import glob
import os
import re
import subprocess
import sys

results = []


def check(ok, name, diag=None):
    results.append((ok, name, diag))


def run(argv):
    env = dict(os.environ, LC_ALL="C")
    return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60)


def main():
    rst2man, armcpu, src, page1, page5 = sys.argv[1:6]

    for page in (page1, page5):
        r = run([rst2man, "--strict", page, os.devnull])
        name = os.path.basename(page)
        check(r.returncode == 0 and not r.stderr.strip(),
              "%s renders with rst2man --strict without any message" % name,
              (r.stderr.strip() or "exit %d" % r.returncode).replace("\n", "\n# "))

    text = open(page1, encoding="utf-8").read()

    top = run([armcpu, "--help"]).stdout
    commands = re.findall(r"^  ([a-z]+) ", top.split("Commands:", 1)[-1].split("\n\n", 1)[0],
                          flags=re.M)
    check(len(commands) >= 8, "armcpu --help lists the commands (%s)" % ", ".join(commands))
    undocumented = [c for c in commands
                    if not re.search(r"^%s\n-{%d}\n" % (re.escape(c), len(c)), text, flags=re.M)]
    check(not undocumented, "armcpu(1) has a section for every command",
          "no section: " + ", ".join(undocumented))

    missing = []
    for c in commands:
        out = run([armcpu, c, "--help-all"]).stdout
        for opt in re.findall(r"^  (?:-\w, )?(--[a-z][a-z0-9-]*)", out, flags=re.M):
            if opt in ("--help-all", "--help-global"):
                continue
            if "**%s**" % opt not in text:
                missing.append("%s %s" % (c, opt))
    check(not missing, "armcpu(1) names every option of every command",
          "not in the man page: " + ", ".join(sorted(set(missing))))

    env_vars = set()
    for path in glob.glob(os.path.join(src, "src", "**", "*.c"), recursive=True) + \
            glob.glob(os.path.join(src, "tools", "*.c")):
        env_vars |= set(re.findall(r'g_getenv\s*\(\s*"([A-Z_]+)"', open(path).read()))
    environment = text.split("\nENVIRONMENT\n", 1)[-1].split("\nFILES\n", 1)[0]
    absent = sorted(v for v in env_vars if "**%s**" % v not in environment)
    check(env_vars and not absent,
          "armcpu(1) documents every environment variable armcpu reads (%s)" %
          ", ".join(sorted(env_vars)), "not in ENVIRONMENT: " + ", ".join(absent))

    status = text.split("\nEXIT STATUS\n", 1)[-1].split("\nENVIRONMENT\n", 1)[0]
    check(all("**%d**" % i in status for i in range(4)), "armcpu(1) documents exit statuses 0 to 3")

    print("1..%d" % len(results))
    for i, (ok, name, diag) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
        if not ok and diag:
            print("# " + diag)
    return 0


if __name__ == "__main__":
    sys.exit(main())
