#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs the genl ABI tests: loads build/lwip_segw.ko, runs the harness binary
# (TAP output), unloads. Run from the repository root, as root, inside the VM:
#   tools/vm/run -- selftests/genl/run.sh
# Exit status: the test binary's (0 pass, 4 skip), or 1 on any other failure.
set -u

ko=build/lwip_segw.ko
bin=build/selftests/genl/genl_test

[ "$(id -u)" = 0 ] || { echo "# SKIP: needs root"; exit 4; }
[ -r "$ko" ] || { echo "# $ko missing: run make first"; exit 1; }
[ -x "$bin" ] || { echo "# $bin missing: run make first"; exit 1; }

if grep -q '^lwip_segw ' /proc/modules; then
	rmmod lwip_segw || exit 1
fi
. selftests/lib/module.sh
lwip_segw_load || { echo "# loading $ko failed"; exit 1; }

"$bin"
rc=$?

# Freeing everything on unload is part of the contract: check it works.
if ! rmmod lwip_segw; then
	echo "# rmmod lwip_segw failed"
	rc=1
fi
exit $rc
