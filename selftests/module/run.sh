#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module's life cycle: it loads and unloads cleanly, a second load while
# loaded is refused without side effects, repeated load/unload cycles leave no
# warning in the kernel log. Runs inside the test guest, from the repo root.
set -u
. selftests/lib/tap.sh
. selftests/lib/module.sh
ko=$LWIP_SEGW_KO

tap_plan 10
dmesg -C
modprobe dummy 2>/dev/null

tap_check "load $ko" lwip_segw_load
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
	for i in 1 2 3 4 5; do lwip_segw_load && rmmod lwip_segw || return 1; done
}
tap_check "five load/unload cycles" cycles
# The debug build runs the table's in-kernel self-tests before it registers
# anything, and refuses to load if they fail.
dmesg -C
tap_check "debug build: the binding table's in-kernel self-tests pass at load" sh -c '
	LWIP_SEGW_KO=build/debug/lwip_segw.ko
	. selftests/lib/module.sh
	lwip_segw_load && rmmod lwip_segw &&
	dmesg | grep -q "binding table self-tests: pass"'

# Unloading with live bindings and a registered agent frees every binding:
# their slab cache is destroyed (SLUB reports any object left in it) or, if
# another cache of the same size was merged into it, back where it was.
# (Active objects count whole per-CPU slabs: up to one slab, 20, more.)
slab512() { awk '$1 == "lwip_segw_binding" { print $2; f = 1 } END { if (!f) print "gone" }' /proc/slabinfo; }
n=2000
lwip_segw_load
ip link add xwu0 type dummy && ip addr add 10.20.0.1/24 dev xwu0 && ip link set xwu0 up
build/segwctl config set public 203.0.113.1 xwu 10.20.0.1:2152 >/dev/null
sleep 1000 | build/segwctl agent-sim > /dev/null 2>&1 &
agent=$!
sleep 1
before=$(slab512)
for i in $(seq $n); do
	printf 'add mac 02:00:00:00:%02x:%02x idi a1b2c3d4%08x psk %064x enb 10.20.0.2 teid %d\n' \
		$((i / 256)) $((i % 256)) "$i" "$i" "$i"
done | build/segwctl batch >/dev/null
during=$(slab512)
ues=$(build/segwctl config show | awk '$1 == "ues" { print $2 }')
tap_check "rmmod with $n live bindings and a registered agent" rmmod lwip_segw
kill $agent 2>/dev/null
after=$(slab512)
tap_diag "lwip_segw_binding objects: $before before, $during with $ues bindings, $after after rmmod"
if [ "$ues" = $n ] && [ $((during - before)) -ge $n ] && [ $((during - before)) -le $((n + 100)) ] &&
   { [ "$after" = gone ] || [ "$after" = "$before" ]; }; then
	tap_ok "no binding leaks: slab usage returns to where it was"
else
	tap_fail "slab usage after rmmod: $before -> $during -> $after for $ues bindings"
fi

tap_refused "the kernel log has no warning or error" \
	sh -c "dmesg | grep -v 'module verification failed' |
		grep -E 'WARNING:|BUG:|Call Trace:|lwip_segw.*(error|fail)'"
tap_done
