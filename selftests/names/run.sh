#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The names of the uapi enums (tools/lib/names.c, used by segwctl and enbsim)
# are complete and unique, and the drop-reason names match the module's own
# table (kmod/uplink.c, used in its ratelimited log lines): an operator
# reading dmesg and `segwctl show` must see the same word for a drop.
set -u
. selftests/lib/tap.sh

tap_plan 3
b=build/selftests/names
mkdir -p "$b"

if cc -Wall -Wextra -Werror -Ikmod/uapi -Itools/lib -o "$b/names_test" \
	selftests/names/names_test.c tools/lib/names.c 2> "$b/cc.log"; then
	tap_ok "names_test builds"
else
	sed 's/^/# /' "$b/cc.log"
	tap_fail "names_test builds"
fi

tap_check "every uapi enum value has one unique name that parses back" "$b/names_test"

# The module's table, as "VALUE NAME" with VALUE from the uapi enum order.
kernel_drops() {
	local i=0 e name
	for e in $(sed -n '/^enum lwip_segw_drop {/,/^};/s/^[[:space:]]*\(LWIP_SEGW_DROP_[A-Z0-9_]*\).*/\1/p' \
			kmod/uapi/linux/lwip_segw.h); do
		# UNSPEC is 0 and has no name.
		if [ $i -gt 0 ]; then
			name=$(sed -n "s/^[[:space:]]*\[$e\][[:space:]]*=[[:space:]]*\"\([a-z0-9_]*\)\",/\1/p" kmod/uplink.c)
			echo "$i ${name:-(none)}"
		fi
		i=$((i + 1))
	done
}
if [ -x "$b/names_test" ]; then
	kernel_drops > "$b/kernel.txt"
	"$b/names_test" --drops > "$b/tools.txt"
	if [ -s "$b/kernel.txt" ] && diff -u "$b/kernel.txt" "$b/tools.txt" > "$b/diff.txt"; then
		tap_ok "drop-reason names: module and tools agree ($(wc -l < "$b/tools.txt") reasons)"
	else
		sed 's/^/# /' "$b/diff.txt"
		tap_fail "drop-reason names: module and tools agree"
	fi
else
	tap_fail "drop-reason names: module and tools agree (names_test did not build)"
fi
tap_done
