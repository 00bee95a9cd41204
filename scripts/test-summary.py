#!/usr/bin/env python3
"""Count test cases across one or more meson testlog.json files.

Each GLib test program speaks TAP, so one program holds many test cases;
this script counts the cases ("ok", "not ok", "# SKIP"), not the programs.
A program that crashed before finishing its plan counts its missing cases as
failed; a non-TAP test counts once. Prints the failures, then one last line:
"N passed, N failed, N skipped". Exits 1 when anything failed.

usage: scripts/test-summary.py LABEL=build/meson-logs/testlog.json ...
"""
import json
import re
import sys

PLAN = re.compile(r"^1\.\.(\d+)")
RESULT = re.compile(r"^(not ok|ok)\b\s*\d*\s*(.*)$")


def count_program(entry):
    out = entry.get("stdout") or ""
    passed = failed = skipped = 0
    names = []
    plan = None
    for line in out.splitlines():
        m = PLAN.match(line)
        if m:
            plan = int(m.group(1))
            continue
        m = RESULT.match(line)
        if not m:
            continue
        desc = m.group(2)
        if "# SKIP" in desc or "# skip" in desc:
            skipped += 1
        elif m.group(1) == "ok":
            passed += 1
        else:
            failed += 1
            names.append(desc)
    seen = passed + failed + skipped
    if plan is None and seen == 0:
        # not a TAP program: one case
        if entry["result"] in ("OK", "EXPECTEDFAIL"):
            return 1, 0, 0, []
        if entry["result"] == "SKIP":
            return 0, 0, 1, []
        return 0, 1, 0, [entry["name"] + " (" + entry["result"] + ")"]
    if plan is not None and seen < plan:
        failed += plan - seen
        names.append("%s: %d planned cases never ran (%s)" % (entry["name"], plan - seen,
                                                             entry["result"]))
    elif entry["result"] not in ("OK", "EXPECTEDFAIL", "SKIP") and failed == 0:
        failed += 1
        names.append("%s (%s)" % (entry["name"], entry["result"]))
    return passed, failed, skipped, names


def main():
    total = [0, 0, 0]
    failures = []
    for arg in sys.argv[1:]:
        label, _, path = arg.rpartition("=")
        try:
            lines = open(path).read().splitlines()
        except OSError as e:
            failures.append("%s: no test log (%s)" % (label or path, e))
            total[1] += 1
            continue
        sub = [0, 0, 0]
        for line in lines:
            if not line.strip():
                continue
            p, f, s, names = count_program(json.loads(line))
            sub[0] += p
            sub[1] += f
            sub[2] += s
            failures += ["[%s] %s" % (label, n) for n in names]
        print("%-12s %d passed, %d failed, %d skipped" % (label or path, *sub))
        for i in range(3):
            total[i] += sub[i]
    for f in failures:
        print("FAILED: " + f)
    print("%d passed, %d failed, %d skipped" % tuple(total))
    return 1 if total[1] else 0


if __name__ == "__main__":
    sys.exit(main())
