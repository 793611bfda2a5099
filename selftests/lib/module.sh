# SPDX-License-Identifier: GPL-2.0
#
# Loading the module under test inside the guest. insmod does not resolve
# dependencies (udp_tunnel, ...), so load them from the module's own
# modinfo first. Source it from the repository root.

LWIP_SEGW_KO=${LWIP_SEGW_KO:-build/lwip_segw.ko}

lwip_segw_load() {
	local deps
	deps=$(modinfo -F depends "$LWIP_SEGW_KO" | tr ',' ' ')
	[ -z "$deps" ] || modprobe -a $deps || return 1
	insmod "$LWIP_SEGW_KO" "$@"
}
