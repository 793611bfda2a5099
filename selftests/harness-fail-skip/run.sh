#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# One test that depends on a tool nobody has (see settings).
. selftests/lib/tap.sh
tap_plan 1
if why=$(need_cmd lwip-segw-no-such-tool); then
	tap_ok "uses a tool nobody has"
else
	tap_skip "uses a tool nobody has" "$why"
fi
tap_done
