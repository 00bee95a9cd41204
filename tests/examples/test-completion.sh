#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The bash completion of armcpu, driven as readline drives it: COMP_LINE,
# COMP_POINT, COMP_WORDS and COMP_CWORD set, _armcpu called, COMPREPLY read
# (TAP).
#
# usage: test-completion.sh COMPLETION_FILE ARMCPU SOURCE_ROOT
# ($ARMCPU_DATA_DIR, $ARMCPU_FAKE_QEMU and $ARMCPU_FAKE_QEMU_DATA as meson test sets them)
set -u
completion=$(realpath "$1") armcpu=$(realpath "$2") src=$(realpath "$3")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/armcpu-completion.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
export ARMCPU_CACHE_DIR=$tmp/cache
export COMP_WORDBREAKS=$' \t\n"\'><=;|&(:'
n=0 failed=0

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
    n=$((n + 1)) failed=$((failed + 1))
    echo "not ok $n - $1"
    shift
    for line in "$@"; do printf '# %s\n' "$line"; done
}

# shellcheck disable=SC1090
source "$completion"

# complete LINE: the candidates for the end of LINE, one per line, sorted.
complete_line() {
    local IFS=$' \t\n'
    COMP_LINE=$1
    COMP_POINT=${#1}
    # shellcheck disable=SC2206
    COMP_WORDS=($1)
    [[ $1 == *' ' ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    _armcpu armcpu
    printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | sort
}

# expect NAME LINE WORD... : the candidates include every WORD
expect() {
    local name=$1 line=$2 got w missing=()
    shift 2
    got=$(complete_line "$line")
    for w in "$@"; do grep -qxF -- "$w" <<<"$got" || missing+=("$w"); done
    if [ ${#missing[@]} -eq 0 ]; then ok "$name"; else not_ok "$name" "for: $line" "missing: ${missing[*]}" "got: $(tr '\n' ' ' <<<"$got")"; fi
}
# expect_only NAME LINE WORD... : the candidates are exactly the WORDs
expect_only() {
    local name=$1 line=$2 got want
    shift 2
    got=$(complete_line "$line")
    want=$(printf '%s\n' "$@" | sed '/^$/d' | sort)
    if [ "$got" = "$want" ]; then ok "$name"; else not_ok "$name" "for: $line" "want: $(tr '\n' ' ' <<<"$want")" "got: $(tr '\n' ' ' <<<"$got")"; fi
}

# ----- registration, commands, options: learnt from the real armcpu -----
if complete -p armcpu 2>/dev/null | grep -q -- '-F _armcpu armcpu$'; then
    ok "sourcing the completion registers _armcpu for armcpu"
else
    not_ok "sourcing the completion registers _armcpu for armcpu" "$(complete -p armcpu 2>&1)"
fi

A=$armcpu
expect "the first word completes to every command" "$A " \
    probe domcapabilities validate cmdline compare baseline models cache
expect_only "a command prefix completes to that command" "$A val" validate
expect "global options complete before the command" "$A --" \
    --emulator --accel --host --cache-dir --format --timeout --verbose --version --help
expect "a command's own options complete after it" "$A validate --" --offline --host --format
expect_only "a command's option completes from its prefix" "$A baseline --mo" --model
expect_only "probe's --refresh completes" "$A probe --ref" --refresh
expect_only "--format values come from the help's value hint" "$A --format " json text xml
expect_only "--format=VALUE completes after the '='" "$A validate --format=j" json
expect_only "--accel values are kvm and tcg" "$A --accel " kvm tcg
expect_only "probe's --format also offers labels" "$A probe --format " json labels text xml
expect_only "cache actions complete" "$A cache " clear list path
expect_only "nothing completes after a cache action" "$A cache list " ""
expect_only "a global option with its value does not hide the command" "$A --accel tcg va" validate

# ----- file names -----
mkdir -p "$tmp/files/sub"
touch "$tmp/files/guest.xml" "$tmp/files/host.xml" "$tmp/files/notes.txt"
cd "$tmp/files" || exit 1
expect_only "GUEST.xml completes XML files and directories" "$A validate " guest.xml host.xml sub
expect_only "--host completes XML files and directories" "$A --host " guest.xml host.xml sub
expect_only "baseline completes XML files for every argument" "$A baseline host.xml " \
    guest.xml host.xml sub
expect_only "--cache-dir completes directories" "$A --cache-dir " sub
cd - >/dev/null || exit 1

# ----- property names and values -----
# --feature NAME[=VALUE] of the guest commands takes a property. With an
# empty cache, `probe --cached-only` fails and the registry answers.
for c in validate cmdline compare verify libvirt; do
    expect "$c offers --feature" "$A $c --fea" --feature
done
expect "without a valid cache, property names come from the registry" \
    "$A validate --feature feat_A" feat_AES feat_ATOMIC
expect "SYSREG names from the registry complete too" "$A cmdline --feature SYSREG_ID_AA64ISAR0_EL1_A" \
    SYSREG_ID_AA64ISAR0_EL1_AES
expect_only "without a valid cache, values come from the registry's table" \
    "$A validate --feature feat_AES=" aes off pmull
expect_only "a value completes from its prefix, after the '='" "$A verify --feature=feat_AES=p" pmull
# A wrapper controls what the cache says; everything else is the real armcpu.
stub=$tmp/armcpu-stub
cat >"$stub" <<EOF
#!/bin/bash
case " \$* " in
*" probe --cached-only "*)
    [ -f "$tmp/cached.txt" ] || exit 3
    cat "$tmp/cached.txt" ;;
*) exec "$armcpu" "\$@" ;;
esac
EOF
chmod +x "$stub"
S=$stub
cat >"$tmp/cached.txt" <<'EOF'
emulator /usr/bin/qemu-system-aarch64 (QEMU 7.2.22)
host aarch64, kernel 6.8.0
accel kvm: dialect named, 3 properties, 0 CPU models
  feat_AES                         string  off, aes (derived)  host=aes
  hw_prop_WRPs                     number  0-3  host=3
  x-cached-only                    bool    off, on (derived)  host=on
accel tcg: dialect qemu, 1 properties, 0 CPU models
  x-tcg-only                       bool    off, on (derived)  host=on
EOF
expect_only "with a valid cache, names come from it (kvm section first)" \
    "$S validate --feature " feat_AES hw_prop_WRPs x-cached-only
expect_only "with a valid cache, values are the host's supported values" \
    "$S validate --feature feat_AES=" aes off
expect_only "number ranges are spelled out" "$S validate --feature hw_prop_WRPs=" 0 1 2 3
expect_only "--accel picks the cache's section" "$S --accel tcg validate --feature x-" x-tcg-only
expect "--host FILE gives that document's properties" \
    "$S --host $src/examples/hosts/grace-sysreg.xml validate --feature SYSREG_ID_AA64ISAR0_EL1_A" \
    SYSREG_ID_AA64ISAR0_EL1_AES
expect_only "--host FILE gives that document's values" \
    "$S --host $src/examples/hosts/grace.xml validate --feature feat_AES=" aes off pmull

# ----- the completion never starts QEMU -----
qemu_log=$tmp/qemu.log
wrapper=$tmp/qemu-system-aarch64
cat >"$wrapper" <<EOF
#!/bin/sh
echo "\$*" >>"$qemu_log"
exec "${ARMCPU_FAKE_QEMU:-false}" "\$@"
EOF
chmod +x "$wrapper"
_armcpu_bin=$armcpu
declare -gA _armcpu_globals=([--emulator]=$wrapper)
_armcpu_properties >/dev/null
complete_line "$A --emulator $wrapper validate " >/dev/null
complete_line "$A --emulator $wrapper probe --" >/dev/null
if [ ! -e "$qemu_log" ]; then
    ok "completing, even without a cache, never starts QEMU"
else
    not_ok "completing, even without a cache, never starts QEMU" "$(cat "$qemu_log")"
fi

if [ -n "${ARMCPU_FAKE_QEMU:-}" ]; then
    export FAKE_QEMU_REPLIES=$ARMCPU_FAKE_QEMU_DATA/tcg-only.json
    if "$armcpu" --emulator "$wrapper" --accel tcg probe >/dev/null 2>"$tmp/probe.err"; then
        rm -f "$qemu_log"
        _armcpu_bin=$armcpu
        declare -gA _armcpu_globals=([--emulator]=$wrapper)
        names=$(_armcpu_properties | cut -f1)
        if [ ! -e "$qemu_log" ] && grep -qx sve <<<"$names"; then
            ok "after a probe, property names come from the cache without starting QEMU"
        else
            not_ok "after a probe, property names come from the cache without starting QEMU" \
                "qemu started: $(cat "$qemu_log" 2>/dev/null)" "names: $(head -5 <<<"$names" | tr '\n' ' ')"
        fi
    else
        not_ok "after a probe, property names come from the cache without starting QEMU" \
            "the probe failed: $(cat "$tmp/probe.err")"
    fi
else
    not_ok "after a probe, property names come from the cache without starting QEMU" \
        "ARMCPU_FAKE_QEMU is not set (meson test sets it)"
fi

# ----- without a runnable armcpu -----
expect "with no runnable armcpu, the commands still complete" "$tmp/nonexistent " \
    probe validate cmdline cache
expect "with no runnable armcpu, the global options still complete" "$tmp/nonexistent --" \
    --host --format

echo "1..$n"
[ $failed -eq 0 ]
