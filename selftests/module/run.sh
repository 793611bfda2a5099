#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module's life cycle: it loads and unloads cleanly, a second load while
# loaded is refused without side effects, repeated load/unload cycles leave no
# warning in the kernel log. Runs inside the test guest, from the repo root.
set -u
. selftests/lib/tap.sh
ko=build/lwip_segw.ko

tap_plan 7
dmesg -C

tap_check "insmod $ko" insmod "$ko"
tap_check "the module is live" grep -qx live /sys/module/lwip_segw/initstate
out=$(insmod "$ko" 2>&1); rc=$?
if [ $rc != 0 ] && printf '%s' "$out" | grep -q 'File exists' && [ -d /sys/module/lwip_segw ]; then
	tap_ok "a second insmod is refused (File exists) and the first stays loaded"
else
	tap_diag "$out"; tap_fail "a second insmod is refused (rc $rc)"
fi
tap_check "rmmod lwip_segw" rmmod lwip_segw
tap_refused "the module is gone after rmmod" test -d /sys/module/lwip_segw
cycles() {
	local i
	for i in 1 2 3 4 5; do insmod "$ko" && rmmod lwip_segw || return 1; done
}
tap_check "five load/unload cycles" cycles
tap_refused "the kernel log has no warning or error" \
	sh -c "dmesg | grep -v 'module verification failed' |
		grep -E 'WARNING:|BUG:|Call Trace:|lwip_segw.*(error|fail)'"
tap_done
