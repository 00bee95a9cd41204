#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Every C source and header of the tree is as the repository's .clang-format
# writes it (TAP). `make format` fixes what this reports.
#
# usage: check-format.sh CLANG_FORMAT SOURCE_ROOT
set -u
clang_format=$1 src=$2
cd "$src" || exit 1
mapfile -t files < <(find src include tools tests examples bench -name '*.[ch]' | sort)
bad=()
for f in "${files[@]}"; do
    "$clang_format" --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
echo "1..1"
if [ ${#files[@]} -gt 0 ] && [ ${#bad[@]} -eq 0 ]; then
    echo "ok 1 - ${#files[@]} C files are formatted by .clang-format"
else
    echo "not ok 1 - C files are formatted by .clang-format"
    echo "# checked ${#files[@]} files; not formatted (run 'make format'):"
    for f in "${bad[@]}"; do echo "#   $f"; done
fi
