# SPDX-License-Identifier: GPL-2.0
#
# Minimal TAP 13 helpers for the shell suites (the 6.1 kselftest tree has no
# KTAP shell library). Source it, call tap_plan N, then one of tap_ok /
# tap_fail / tap_skip per test, or tap_check "name" CMD... which runs CMD and
# reports by its exit status; finish with tap_done, whose exit status is what
# the suite should return.
#
# A missing tool or kernel feature is a skip, except under CI=true, where it is
# a failure: CI must have everything installed.

_tap_n=0
_tap_failed=0
_tap_planned=

tap_plan() {
	_tap_planned=$1
	echo "TAP version 13"
	echo "1..$1"
}

tap_diag() { echo "# $*"; }

tap_ok() { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n $*"; }

tap_fail() {
	_tap_n=$((_tap_n + 1))
	_tap_failed=$((_tap_failed + 1))
	echo "not ok $_tap_n $*"
}

tap_skip() {
	local name=$1; shift
	if [ "${CI:-}" = true ]; then
		tap_fail "$name # missing in CI: $*"
	else
		_tap_n=$((_tap_n + 1))
		echo "ok $_tap_n $name # SKIP $*"
	fi
}

# tap_check NAME CMD...: pass when CMD exits 0; its output goes to diagnostics.
tap_check() {
	local name=$1 out rc=0; shift
	out=$("$@" 2>&1) || rc=$?
	[ -z "$out" ] || printf '%s\n' "$out" | sed 's/^/# /'
	if [ $rc = 0 ]; then tap_ok "$name"; else tap_fail "$name (exit $rc)"; fi
}

# tap_refused NAME CMD...: pass when CMD fails (a negative test).
tap_refused() {
	local name=$1 out rc=0; shift
	out=$("$@" 2>&1) || rc=$?
	[ -z "$out" ] || printf '%s\n' "$out" | sed 's/^/# /'
	if [ $rc != 0 ]; then tap_ok "$name"; else tap_fail "$name (was not refused)"; fi
}

# need_cmd NAME...: true when all commands exist; otherwise prints why.
need_cmd() {
	local c
	for c; do
		command -v "$c" >/dev/null 2>&1 || { echo "command $c not found"; return 1; }
	done
}

# wait_for TIMEOUT_S CMD...: poll CMD every 0.1 s until it succeeds.
wait_for() {
	local deadline=$(( $(date +%s) + $1 )); shift
	until "$@" >/dev/null 2>&1; do
		[ "$(date +%s)" -lt "$deadline" ] || return 1
		sleep 0.1
	done
}

tap_done() {
	if [ -n "$_tap_planned" ] && [ "$_tap_n" != "$_tap_planned" ]; then
		echo "# planned $_tap_planned tests but ran $_tap_n"
		return 1
	fi
	[ "$_tap_failed" = 0 ]
}
