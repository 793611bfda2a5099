#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Self-tests of the test harness itself (host side): the VM runner passes exit
# statuses through, enforces its timeout, turns a kernel WARN into a failure
# that shows the splat, and the suite runner counts a failing suite as failed
# and exits non-zero. If these do not hold, no other result can be trusted.
set -u
. selftests/lib/tap.sh

tap_plan 7
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

rc=0; tools/vm/run --timeout 60 -- sh -c 'exit 3' > "$tmp/out" 2>&1 || rc=$?
if [ $rc = 3 ]; then tap_ok "vm run passes the command's exit status (3)"
else sed 's/^/# /' "$tmp/out"; tap_fail "vm run passes the command's exit status (got $rc, want 3)"; fi

rc=0; tools/vm/run --timeout 60 -- sh -c 'echo through-9p; exit 0' > "$tmp/out" 2>&1 || rc=$?
if [ $rc = 0 ] && grep -qx through-9p "$tmp/out"; then tap_ok "vm run streams the command's output and exits 0"
else sed 's/^/# /' "$tmp/out"; tap_fail "vm run streams the command's output and exits 0 (rc $rc)"; fi

start=$(date +%s)
rc=0; tools/vm/run --timeout 25 -- sleep 600 > "$tmp/out" 2>&1 || rc=$?
took=$(( $(date +%s) - start ))
if [ $rc = 124 ] && grep -q TIMEOUT "$tmp/out" && [ $took -lt 60 ]; then
	tap_ok "vm run kills a command that outlives --timeout and reports it (${took}s)"
else
	sed 's/^/# /' "$tmp/out"; tap_fail "vm run timeout (rc $rc after ${took}s, want 124)"
fi

rc=0; tools/vm/run --timeout 60 -- insmod build/selftests/harness/lwip_segw_warn.ko > "$tmp/out" 2>&1 || rc=$?
if [ $rc = 125 ] && grep -q 'deliberate warning' "$tmp/out"; then
	tap_ok "a kernel WARN fails the vm run and the splat is shown"
else
	sed 's/^/# /' "$tmp/out"; tap_fail "a kernel WARN fails the vm run (rc $rc, want 125 and the splat)"
fi

# The guest sees the host's files at the same paths, wherever the tree is.
rc=0; (cd "$tmp" && echo visible > marker && "$OLDPWD/tools/vm/run" --timeout 60 -- cat marker) > "$tmp/out" 2>&1 || rc=$?
if [ $rc = 0 ] && grep -qx visible "$tmp/out"; then tap_ok "vm run works from a directory under /tmp (e.g. a CI clone)"
else sed 's/^/# /' "$tmp/out"; tap_fail "vm run from a directory under /tmp (rc $rc)"; fi

rc=0; selftests/run harness-fail > "$tmp/out" 2>&1 || rc=$?
if [ $rc != 0 ] && [ "$(tail -n1 "$tmp/out")" = "1 passed, 1 failed" ]; then
	tap_ok "a failing test makes the suite runner exit non-zero and is counted"
else
	sed 's/^/# /' "$tmp/out"; tap_fail "suite runner with a failing test (rc $rc, last line '$(tail -n1 "$tmp/out")')"
fi

rc=0; CI=true selftests/run harness-fail-skip > "$tmp/out" 2>&1 || rc=$?
rc2=0; CI= selftests/run harness-fail-skip > "$tmp/out2" 2>&1 || rc2=$?
if [ $rc != 0 ] && [ "$(tail -n1 "$tmp/out")" = "0 passed, 1 failed" ] &&
   [ $rc2 = 0 ] && [ "$(tail -n1 "$tmp/out2")" = "0 passed, 0 failed, 1 skipped" ]; then
	tap_ok "a missing dependency is a skip locally and a failure under CI, never a pass"
else
	sed 's/^/# /' "$tmp/out" "$tmp/out2"; tap_fail "missing dependency handling (CI rc $rc, local rc $rc2)"
fi
tap_done
