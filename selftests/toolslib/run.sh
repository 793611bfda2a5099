#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Unit tests of tools/lib (shared by segwctl, enbsim, ueload and the genl
# tests). The names of the uapi enums (names.c; the drop reasons come from
# kmod/drop_names.h, the module's own list) are complete and unique. The
# extack decoder (extack.c) names the attribute a refusal is about and never
# reads past a reply, checked under valgrind when it is installed. The
# argument parsers (parse.c) take one spelling per value.
set -u
. selftests/lib/tap.sh

tap_plan 6
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
if cc -Wall -Wextra -Werror -g -Itools/lib -o "$b/parse_test" \
	selftests/toolslib/parse_test.c tools/lib/parse.c 2> "$b/cc3.log"; then
	tap_ok "parse_test builds"
else
	sed 's/^/# /' "$b/cc3.log"
	tap_fail "parse_test builds"
fi
tap_check "strict parsers: decimal or 0x numbers, exact MACs, all-or-nothing hex" \
	valgrind -q --error-exitcode=3 "$b/parse_test"
tap_done
