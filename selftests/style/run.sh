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

if make --no-print-directory style > "$b/checkpatch.log" 2>&1; then
	tap_ok "checkpatch --strict: no errors, warnings or checks in kmod/"
else
	grep -E '^[^ ]+:[0-9]+: ' "$b/checkpatch.log" | head -n 40 | sed 's/^/# /'
	tail -n 3 "$b/checkpatch.log" | sed 's/^/# /'
	tap_fail "checkpatch --strict: no errors, warnings or checks in kmod/"
fi

if make --no-print-directory sparse > "$b/sparse.log" 2>&1; then
	tap_ok "sparse C=2 and gcc: no warnings in kmod/"
else
	grep -E 'warning:|error:' "$b/sparse.log" | head -n 40 | sed 's/^/# /'
	tail -n 3 "$b/sparse.log" | sed 's/^/# /'
	tap_fail "sparse C=2 and gcc: no warnings in kmod/"
fi

tap_done
