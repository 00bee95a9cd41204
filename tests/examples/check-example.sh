#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# examples/armcpu-example.c, built in the tree, on the example hosts (TAP).
# usage: check-example.sh ARMCPU_EXAMPLE SOURCE_ROOT
set -u
ex=$1 src=$2
n=0 failed=0
result() { # result OK NAME [DIAG]
    n=$((n + 1))
    if [ "$1" = 1 ]; then echo "ok $n - $2"; else
        failed=$((failed + 1))
        echo "not ok $n - $2"
        [ $# -gt 2 ] && printf '%s\n' "$3" | sed 's/^/# /'
    fi
}

out=$("$ex" --host "$src/examples/hosts/grace.xml" "$src/examples/guest-grace.xml" 2>&1)
rc=$?
want="-cpu host,feat_RAS=1.1_base,hw_prop_WRPs=2,feat_AES=pmull,feat_SHA3=on,sve=off"
[ $rc -eq 0 ] && [ "$(tail -n 1 <<<"$out")" = "$want" ]
result $((! $?)) "prints the grace guest's -cpu line on grace" "exit $rc: $out"

out=$("$ex" --host "$src/examples/hosts/grace-sysreg.xml" "$src/examples/guest-pinned.xml" 2>&1)
rc=$?
want="-cpu host,SYSREG_ID_AA64ISAR0_EL1_AES=2,SYSREG_ID_AA64DFR0_EL1_WRPs=2,SYSREG_ID_AA64MMFR1_EL1_PAN=2"
[ $rc -eq 0 ] && [ "$(tail -n 1 <<<"$out")" = "$want" ]
result $((! $?)) "writes the SYSREG dialect for a SYSREG host" "exit $rc: $out"

out=$("$ex" --host "$src/examples/hosts/altra.xml" "$src/examples/guest-grace.xml" 2>&1)
rc=$?
[ $rc -eq 1 ] && grep -q "feat_RAS=1.1_base: this host can only give 1.0" <<<"$out"
result $((! $?)) "refuses the grace guest on altra with exit 1, saying why" "exit $rc: $out"

out=$("$ex" --host "$src/examples/hosts/grace.xml" /nonexistent.xml 2>&1)
rc=$?
[ $rc -eq 2 ]
result $((! $?)) "an unreadable guest is exit 2" "exit $rc: $out"

out=$("$ex" 2>&1)
rc=$?
[ $rc -eq 2 ] && grep -q usage <<<"$out"
result $((! $?)) "no guest is a usage error" "exit $rc: $out"

echo "1..$n"
[ $failed -eq 0 ]
