#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# `meson install` puts everything where a distribution expects it, DESTDIR
# works, and a program built against the *installed* library with pkg-config
# runs and finds its data in the installed data directory (TAP).
#
# usage: check-install.sh SOURCE_ROOT VERSION SOVERSION
#
# Configures a separate build of SOURCE_ROOT with --prefix in a temporary
# directory (so the installed library's data directory is that prefix), builds
# and installs it twice (with DESTDIR, then for real), and checks the tree.
set -u
src=$1 version=$2 sover=$3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/armcpu-install.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
# what the installed tree must do without help from the build tree
unset ARMCPU_DATA_DIR LD_LIBRARY_PATH ARMCPU_CACHE_DIR
export ARMCPU_CACHE_DIR=$tmp/cache
prefix=$tmp/prefix
log=$tmp/log
n=0 failed=0

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
    n=$((n + 1)) failed=$((failed + 1))
    echo "not ok $n - $1"
    shift
    for line in "$@"; do printf '# %s\n' "$line"; done
}
check() { # check NAME COMMAND... : ok when COMMAND succeeds
    local name=$1
    shift
    if out=$("$@" 2>&1); then ok "$name"; else not_ok "$name" "$(tail -n 15 <<<"$out")"; fi
}
bail() {
    echo "Bail out! $1"
    sed 's/^/# /' "$log" | tail -n 40
    exit 1
}

meson setup "$tmp/build" "$src" --prefix="$prefix" -Dbuildtype=plain -Dwerror=false \
    >"$log" 2>&1 || bail "meson setup of an install build failed"
ok "a build configured with --prefix=$prefix"

DESTDIR=$tmp/dest meson install -C "$tmp/build" --quiet >"$log" 2>&1 ||
    bail "meson install with DESTDIR failed"
if [ ! -e "$prefix" ] && [ -x "$tmp/dest$prefix/bin/armcpu" ]; then
    ok "DESTDIR install stays under DESTDIR"
else
    not_ok "DESTDIR install stays under DESTDIR" "$(find "$prefix" 2>/dev/null | head -5)"
fi

meson install -C "$tmp/build" --quiet --no-rebuild >"$log" 2>&1 || bail "meson install failed"
ok "meson install"

# the same files either way
(cd "$tmp/dest$prefix" && find . | sort) >"$tmp/dest.list"
(cd "$prefix" && find . | sort) >"$tmp/real.list"
check "DESTDIR and plain installs install the same files" diff "$tmp/dest.list" "$tmp/real.list"

# ----- the library -----
real=$(find "$prefix" -name "libarmcpu.so.$sover.*" -type f | head -n 1)
libdir=$(dirname "${real:-$prefix/lib/none}")
if [ -n "$real" ] && [ -L "$libdir/libarmcpu.so.$sover" ] && [ -L "$libdir/libarmcpu.so" ]; then
    ok "the library is installed as $(basename "$real") with its soname and dev links"
else
    not_ok "the library is installed with its soname and dev links" "$(find "$prefix" -name 'libarmcpu*')"
fi
soname=$(readelf -d "$real" 2>/dev/null | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
check "its soname is libarmcpu.so.$sover" test "$soname" = "libarmcpu.so.$sover"

# ----- headers and pkg-config -----
pcdir=$(dirname "$(find "$prefix" -name armcpu.pc | head -n 1)")
export PKG_CONFIG_PATH=$pcdir
check "armcpu.pc is installed" test -f "$pcdir/armcpu.pc"
check "pkg-config --modversion armcpu is $version" test "$(pkg-config --modversion armcpu)" = "$version"
check "pkg-config gives the installed data directory" \
    test "$(pkg-config --variable=pkgdatadir armcpu)" = "$prefix/share/armcpu"
check "pkg-config --libs names the installed library" \
    bash -c "pkg-config --libs armcpu | grep -q -- '-L$libdir .*-larmcpu'"

incdir=$prefix/include/armcpu
missing="" unincluded="" broken=""
for h in "$src"/include/armcpu/*.h version.h; do
    h=$(basename "$h")
    [ -f "$incdir/$h" ] || missing="$missing $h"
    [ "$h" = armcpu.h ] && continue
    grep -q "#include <armcpu/$h>" "$incdir/armcpu.h" 2>/dev/null || unincluded="$unincluded $h"
    # shellcheck disable=SC2046
    printf '#include <armcpu/%s>\n' "$h" |
        cc -std=c11 -Wall -Wextra -Werror -fsyntax-only $(pkg-config --cflags armcpu) -x c - \
            >/dev/null 2>&1 || broken="$broken $h"
done
if [ -z "$missing" ]; then ok "every public header is installed"; else not_ok "every public header is installed" "missing:$missing"; fi
if [ -z "$unincluded" ]; then ok "<armcpu/armcpu.h> includes every public header"; else not_ok "<armcpu/armcpu.h> includes every public header" "not included:$unincluded"; fi
if [ -z "$broken" ]; then ok "each installed header compiles on its own"; else not_ok "each installed header compiles on its own" "broken:$broken"; fi

# ----- data, man pages, completion -----
missing=""
for f in "$src"/data/cpu_map/*.xml "$src"/data/schemas/*.rng "$src"/data/schemas/json/*.json; do
    rel=${f#"$src"/data/}
    [ -f "$prefix/share/armcpu/$rel" ] || missing="$missing $rel"
done
if [ -z "$missing" ]; then ok "every data file (cpu_map, schemas, schemas/json) is installed"; else not_ok "every data file (cpu_map, schemas, schemas/json) is installed" "missing:$missing"; fi

if [ -f "$tmp/build/docs/armcpu.1" ]; then
    check "armcpu(1) is installed in man1" grep -q '^\.TH "\?ARMCPU"\? "\?1' "$prefix/share/man/man1/armcpu.1"
    check "armcpu-formats(5) is installed in man5" \
        grep -q '^\.TH "\?ARMCPU-FORMATS"\? "\?5' "$prefix/share/man/man5/armcpu-formats.5"
else
    echo "ok $((n += 1)) - armcpu(1) is installed in man1 # SKIP configured without man pages"
    echo "ok $((n += 1)) - armcpu-formats(5) is installed in man5 # SKIP configured without man pages"
fi
comp=$(find "$prefix" -path '*bash-completion/completions/armcpu' | head -n 1)
check "the bash completion is installed in bash-completion's completions directory" test -n "$comp"
check "the completion falls back to the installed registry" grep -q "$prefix/share/armcpu" "${comp:-/dev/null}"

# ----- the installed tool, with no help from the build tree -----
check "the installed armcpu prints its version and the installed registry's" \
    bash -c "'$prefix/bin/armcpu' --version | grep -Eq '^armcpu $version \\(registry [0-9.]+\\)\$'"
expected="-cpu host,feat_RAS=1.1_base,hw_prop_WRPs=2,feat_AES=pmull,feat_SHA3=on,sve=off"
check "the installed armcpu prints the grace guest's -cpu line" \
    test "$("$prefix/bin/armcpu" --host "$src/examples/hosts/grace.xml" cmdline \
        "$src/examples/guest-grace.xml" 2>/dev/null)" = "$expected"

# ----- the example program, built against the installed library -----
# shellcheck disable=SC2046
if cc -std=c11 -Wall -Wextra -Werror -o "$tmp/armcpu-example" "$src/examples/armcpu-example.c" \
    $(pkg-config --cflags --libs armcpu) -Wl,-rpath,"$libdir" >"$log" 2>&1; then
    ok "examples/armcpu-example.c builds with pkg-config --cflags --libs armcpu"
else
    not_ok "examples/armcpu-example.c builds with pkg-config --cflags --libs armcpu" "$(tail -n 15 "$log")"
fi
check "the example links the installed library" \
    bash -c "ldd '$tmp/armcpu-example' | grep -q 'libarmcpu.so.$sover => $libdir/'"
out=$("$tmp/armcpu-example" --host "$src/examples/hosts/grace.xml" "$src/examples/guest-grace.xml" 2>"$tmp/err")
rc=$?
if [ $rc -eq 0 ] && [ "$out" = "$expected" ]; then
    ok "the example prints the -cpu line of the grace guest on grace"
else
    not_ok "the example prints the -cpu line of the grace guest on grace" "exit $rc, got: $out" "$(cat "$tmp/err")"
fi
out=$("$tmp/armcpu-example" --host "$src/examples/hosts/altra.xml" "$src/examples/guest-grace.xml" 2>&1)
rc=$?
if [ $rc -eq 1 ] && grep -q "feat_RAS=1.1_base: this host can only give 1.0" <<<"$out"; then
    ok "the example refuses the grace guest on altra, saying why"
else
    not_ok "the example refuses the grace guest on altra, saying why" "exit $rc: $out"
fi

echo "1..$n"
[ $failed -eq 0 ]
