#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The shared library exports exactly the public API (TAP).

usage: check-abi.py LIBARMCPU.so INCLUDE_DIR SOVERSION

Reads the dynamic symbol table (nm -D --defined-only --with-symbol-versions)
and the public headers (every function declared with ARMCPU_API in
INCLUDE_DIR/*.h, parsed simply: comments dropped, declarations joined).
"""
import glob
import os
import re
import subprocess
import sys

results = []


def check(ok, name, diag=None):
    results.append((ok, name, diag))


def exported(lib):
    out = subprocess.run(["nm", "-D", "--defined-only", "--with-symbol-versions", lib],
                         check=True, capture_output=True, text=True).stdout
    syms = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        kind, name = parts[1], parts[2]
        base, _, version = name.partition("@")
        if kind == "A" and (not version or base == version.lstrip("@")):
            continue  # the version node itself (ARMCPU_0.1)
        syms[base] = (kind, version.lstrip("@"))
    return syms


def declared(include_dir):
    funcs = {}
    for path in sorted(glob.glob(os.path.join(include_dir, "*.h"))):
        text = open(path, encoding="utf-8").read()
        text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
        text = re.sub(r"//[^\n]*", " ", text)
        text = re.sub(r"^\s*#.*$", " ", text, flags=re.M)  # the ARMCPU_API macro itself
        for decl in re.findall(r"\bARMCPU_API\b([^;{]*)", text):
            m = re.search(r"\b(armcpu_\w+)\s*\(", decl)
            if m:
                funcs[m.group(1)] = os.path.basename(path)
    return funcs


def soname(lib):
    out = subprocess.run(["readelf", "-d", lib], check=True, capture_output=True,
                         text=True).stdout
    m = re.search(r"\(SONAME\)\s+Library soname: \[([^\]]+)\]", out)
    return m.group(1) if m else None


def main():
    lib, include_dir, soversion = sys.argv[1:4]
    syms = exported(lib)
    funcs = declared(include_dir)

    foreign = sorted(s for s in syms if not s.startswith("armcpu_"))
    check(not foreign, "exports only armcpu_* symbols",
          "not armcpu_*: " + ", ".join(foreign[:20]))
    undeclared = sorted(s for s in syms if s.startswith("armcpu_") and s not in funcs)
    check(not undeclared, "every exported symbol is declared ARMCPU_API in a public header",
          "exported but not public: " + ", ".join(undeclared[:20]))
    missing = sorted(f for f in funcs if f not in syms)
    check(not missing, "every ARMCPU_API function is exported",
          "declared but not exported: " + ", ".join(
              "%s (%s)" % (f, funcs[f]) for f in missing[:20]))
    check(len(funcs) > 100, "the headers declare the API (%d functions found)" % len(funcs))
    unversioned = sorted(s for s, (_, v) in syms.items() if not v.startswith("ARMCPU_"))
    check(not unversioned, "every exported symbol carries an ARMCPU_ version node",
          "unversioned: " + ", ".join(unversioned[:20]))
    data = sorted(s for s, (k, _) in syms.items() if k not in ("T", "t", "W", "i"))
    check(not data, "only functions are exported (no variables)",
          "not functions: " + ", ".join("%s (%s)" % (s, syms[s][0]) for s in data[:20]))
    so = soname(lib)
    check(so == "libarmcpu.so." + soversion, "the soname is libarmcpu.so." + soversion,
          "soname: %s" % so)

    print("1..%d" % len(results))
    for i, (ok, name, diag) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
        if not ok and diag:
            print("# " + diag)
    return 0


if __name__ == "__main__":
    sys.exit(main())
