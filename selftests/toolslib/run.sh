#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Unit tests of tools/lib (shared by segwctl, enbsim, ueload and the genl
# tests). The names of the uapi enums (names.c) are complete and unique, and
# the drop-reason names match the module's own table (kmod/uplink.c, used in
# its ratelimited log lines): an operator reading dmesg and `segwctl show`
# must see the same word for a drop. The extack decoder (extack.c) names the
# attribute a refusal is about and never reads past a reply, checked under
# valgrind when it is installed.
set -u
. selftests/lib/tap.sh

tap_plan 5
b=build/selftests/toolslib
mkdir -p "$b"

if cc -Wall -Wextra -Werror -Ikmod/uapi -Itools/lib -o "$b/names_test" \
	selftests/toolslib/names_test.c tools/lib/names.c 2> "$b/cc.log"; then
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
if cc -Wall -Wextra -Werror -g -Ikmod/uapi -Itools/lib -o "$b/extack_test" \
	selftests/toolslib/extack_test.c tools/lib/extack.c tools/lib/names.c 2> "$b/cc2.log"; then
	tap_ok "extack_test builds"
else
	sed 's/^/# /' "$b/cc2.log"
	tap_fail "extack_test builds"
fi
if need_cmd valgrind 2>/dev/null; then
	tap_check "extack text: message, attribute, missing attribute; bounded reads (valgrind)" \
		valgrind -q --error-exitcode=3 "$b/extack_test"
else
	tap_check "extack text: message, attribute, missing attribute (no valgrind)" "$b/extack_test"
fi
tap_done
