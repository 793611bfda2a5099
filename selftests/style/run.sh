#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel code's hygiene, as the rest of the tree's tests see it: every
# file of kmod/ (and the harness's test module) passes checkpatch --strict
# (`make style`), and sparse (C=2, endianness checks) reports nothing
# (`make sparse`). A regression here fails make check instead of waiting for
# a reviewer. The compiler side is covered by the build itself (-Werror for
# the programs; the module build is checked for warnings below).
set -u
. selftests/lib/tap.sh

tap_plan 2
b=build/selftests/style
mkdir -p "$b"

# target NAME PATTERN: make TARGET must pass; on failure its lines that
# match PATTERN (the findings) and its tail are the diagnostics.
target() {
	local t=$1 name=$2 pat=$3
	if make --no-print-directory "$t" > "$b/$t.log" 2>&1; then
		tap_ok "$name"
	else
		grep -E "$pat" "$b/$t.log" | head -n 40 | sed 's/^/# /'
		tail -n 3 "$b/$t.log" | sed 's/^/# /'
		tap_fail "$name"
	fi
}

target style "checkpatch --strict: no errors, warnings or checks in kmod/" '^[^ ]+:[0-9]+: '
target sparse "sparse C=2 and gcc: no warnings in kmod/" 'warning:|error:'

tap_done
