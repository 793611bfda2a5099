# SPDX-License-Identifier: GPL-2.0
#
# The demo's stage, shared with the system suite (selftests/system): helpers
# over segwctl (the operator's read-outs) and enbsim (the eNB: its control
# plane through enb() of selftests/segwd/lib.sh, its GTP-U receiver), the
# UE's tunnel counter, and the eNB namespace added to the topology of
# selftests/segwd/lib.sh. Source it from the repository root after
# selftests/segwd/lib.sh.
#
#   ue   192.168.1.10, strongSwan --- nat (nftables masquerade, 203.0.113.2) ---+
#                                                                               segw 203.0.113.1:
#   enb  10.20.0.2: GTP-U endpoint :2152 ------------------ 10.20.0.1 (Xw-U)  lwip_segw.ko, pluto, segwd

SEGWCTL=build/segwctl
ENBSIM=build/enbsim
PKTSEND=build/selftests/pktsend

segwctl() { ip netns exec segw "$SEGWCTL" "$@"; }
# field ID NAME: one "key value" line of `segwctl show ID`.
field() { segwctl show "$1" 2>/dev/null | awk -v k="$2" '$1 == k { print $2; exit }'; }
# ack_field NAME LINE: one value of the "ack id=N segw=A ..." line of
# `enbsim add --ack` (the ACKNOWLEDGE).
ack_field() { printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p" | head -n 1; }
# enb_rx TEID: T-PDUs the eNB received with that TEID (gtpu recv's lines).
enb_rx() { grep -c "^type=255 teid=$(printf '0x%08x' "$1") " "$W/enb.rx"; }
# ue_gre: GRE packets the UE received from the SeGW through its tunnel.
ue_gre() { ip netns exec ue nft list counter inet demo gre | sed -n 's/.*packets \([0-9]*\).*/\1/p'; }

# enb_ns_up: the eNB's own namespace on a veth to the SeGW's Xw-U address
# (replaces the segwd suite's dummy Xw-U device).
enb_ns_up() {
	ip -n segw link del xwu
	ip netns add enb && ip -n enb link set lo up &&
	ip link add e0 netns enb type veth peer name s-e netns segw &&
	ip -n enb addr add 10.20.0.2/24 dev e0 && ip -n enb link set e0 up &&
	ip -n segw addr add 10.20.0.1/24 dev s-e && ip -n segw link set s-e up
}

# ue_gre_counter_up: counts what the UE receives through its tunnel:
# decrypted GRE from the SeGW.
ue_gre_counter_up() {
	ip netns exec ue nft -f - <<-'NFT'
	table inet demo {
		counter gre {}
		chain in {
			type filter hook input priority 0; policy accept;
			meta secpath exists ip saddr 203.0.113.1 meta l4proto gre counter name gre
		}
	}
	NFT
}

# enb_rx_start: the eNB's GTP-U endpoint, every received packet one line in
# $W/enb.rx; sets RX_PID.
enb_rx_start() {
	: > "$W/enb.rx"
	ip netns exec enb "$ENBSIM" gtpu recv --bind 10.20.0.2:2152 --count 1000000 --timeout 3600 > "$W/enb.rx" 2>&1 &
	RX_PID=$!
}

# monitor_start: the eNB's view of the events in $W/events.log; sets EV_PID.
monitor_start() {
	segwctl monitor > "$W/events.log" 2>&1 &
	EV_PID=$!
	wait_for 5 grep -q monitoring "$W/events.log"
}
