#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The Xw-U relay (GTP-U, TS 29.281 / TS 36.464) between the UEs' tunnels and
# their eNB, with static SAs (selftests/lib/static_topo.sh): large packets and
# bursts both ways, what tshark makes of the Xw-U link, and every downlink
# refusal with its counter; GTP-U echo and error indication; the SEC-7 guard.
set -u
cd "$(dirname "$0")/../.." || exit 1
. selftests/lib/tap.sh
. selftests/lib/module.sh
PKTSEND=build/selftests/pktsend
ENBSIM=build/enbsim
PKTREPLAY=build/bench/pktreplay
SEGWCTL=build/segwctl
. selftests/lib/static_topo.sh
. selftests/lib/segw.sh

N=25
tap_plan $N

cleanup() {
	agent_stop
	enb_rx_stop
	[ -z "${cap_pid:-}" ] || kill "$cap_pid" 2>/dev/null
	topo_cleanup
	rmmod lwip_segw 2>/dev/null
}
trap cleanup EXIT

if ! why=$(need_cmd nft ip tcpdump tshark "$SEGWCTL" "$PKTSEND" "$ENBSIM" "$PKTREPLAY"); then
	for i in $(seq $N); do tap_skip "relay suite" "$why"; done
	tap_done; exit $?
fi

modprobe -a esp4 xfrm_user nft_chain_nat nft_masq 2>/dev/null
# An idle link loses nothing: room for a burst in every queue on the way.
sysctl -qw net.core.netdev_max_backlog=20000
tap_check "module loads" lwip_segw_load
tap_check "topology and static SAs" bash -c '
	set -e
	. selftests/lib/static_topo.sh
	PKTSEND='"$PKTSEND"'
	topo_up
	sa ue 101 198.51.100.10 198.51.100.10 198.51.100.10       # A
	sa uen 103 192.168.1.10 203.0.113.2 192.168.1.10 natt     # C
'
# A second address on the eNB's link: a "different eNB".
ip -n enb addr add 10.20.0.3/24 dev e0
# The eNB counts what arrives outside the relay, and what is not Xw-U.
ip netns exec enb nft -f - <<'NFT'
table inet obs {
	counter other {}
	chain in {
		type filter hook input priority 0; policy accept;
		udp dport 9999 counter name other
	}
}
NFT
ip netns exec segw sysctl -qw net.ipv4.ip_forward=1
ip netns exec segw tcpdump -q -i s-e -w /run/xwu.pcap udp port 2152 2>/dev/null &
cap_pid=$!
enb_rx_start
agent_start
ok=1
add_ue A 0a && add_ue C 0c || ok=0
established "$A" 101 198.51.100.10 198.51.100.10 0 nonat || ok=0
established "$C" 103 192.168.1.10 203.0.113.2 4500 natt || ok=0
if [ $ok = 1 ]; then tap_ok "two UEs (one behind NAT) established through the agent"
else sed 's/^/# /' /run/agent.out; tap_fail "two UEs established"; fi
TEID_A=$(field "$A" segw_teid)
TEID_C=$(field "$C" segw_teid)

# dl SRC-IP ARGS...: the eNB sends from SRC-IP:2153 to the SeGW's Xw-U.
dl() { local src=$1; shift; ip netns exec enb "$ENBSIM" gtpu send --bind "$src:2153" --to 10.20.0.1:2152 "$@"; }

# --- Large packets: 1400 and 1524 octets inner (a 1500-octet user packet in
# IP/GRE), fragmented on the way, both directions, byte for byte up.
for size in 1400 1524; do
	n=$(enb_count)
	pkt=$(send uen --src 192.168.1.10 --dst $SEGW --proto gre --mark 103 --size $size --print |
		sed -n 's/^packet=//p')
	if wait_for 10 test "$(enb_count)" -gt "$n" &&
	   tail -n +"$((n + 1))" /run/enb.rx | head -n1 | grep -q "teid=0x0000010c len=$((size)) flags=0x30 payload=$pkt\$"; then
		tap_ok "SEC-3 uplink of a $size-octet inner packet from behind NAT arrives whole at the eNB"
	else
		tail -n 2 /run/enb.rx | cut -c1-120 | sed 's/^/# /'
		tap_fail "uplink of a $size-octet inner packet arrives whole"
	fi
	g=$(obs_ns uen gre)
	dl 10.20.0.2 --teid "$TEID_C" --src $SEGW --dst 192.168.1.10 --proto gre --size $size >/dev/null
	if wait_for 10 test "$(obs_ns uen gre)" = $((g + 1)); then
		tap_ok "SEC-2 downlink of a $size-octet inner packet reaches the UE behind NAT, decrypted"
	else
		segwctl show "$C" | grep -E 'dl_|drop' | sed 's/^/# /'
		tap_fail "downlink of a $size-octet inner packet reaches the UE"
	fi
done

# --- Bursts of 10 000 packets each way, none lost.
n=$(enb_count); ul=$(field "$A" ul_packets)
send ue --src 198.51.100.10 --dst $SEGW --proto gre --mark 101 --count 10000 >/dev/null
if wait_for 60 test "$(enb_count)" -ge $((n + 10000)) && [ "$(field "$A" ul_packets)" = $((ul + 10000)) ]; then
	tap_ok "a burst of 10 000 uplink packets is relayed without loss"
else
	tap_fail "uplink burst: $(( $(enb_count) - n )) of 10000 arrived, ul_packets $ul -> $(field "$A" ul_packets)"
fi
g=$(obs_ns ue gre)
dl 10.20.0.2 --teid "$TEID_A" --src $SEGW --dst 198.51.100.10 --proto gre --count 10000 >/dev/null
if wait_for 60 test "$(obs_ns ue gre)" -ge $((g + 10000)); then
	tap_ok "a burst of 10 000 downlink packets reaches the UE without loss"
else
	tap_fail "downlink burst: $(( $(obs_ns ue gre) - g )) of 10000 arrived"
fi

# --- A packet tap that keeps the eNB's frame without copying it (a plain
# AF_PACKET socket, unlike tcpdump's ring) still reads the T-PDU as it came:
# relaying it must not write into the buffer the tap shares.
ip netns exec segw "$PKTREPLAY" cap s-e /run/tap.frame --proto 17 --dport 2152 --timeout 30 \
	> /run/tap.out 2>&1 &
tp=$!
wait_for 5 grep -q listening /run/tap.out
g=$(obs_ns ue gre)
dl 10.20.0.2 --teid "$TEID_A" --src $SEGW --dst 198.51.100.10 --proto gre >/dev/null
wait_for 5 sh -c "! kill -0 $tp 2>/dev/null"; kill "$tp" 2>/dev/null; wait "$tp" 2>/dev/null
teid=$(od -An -tx1 -j46 -N4 /run/tap.frame 2>/dev/null | tr -d ' \n')
if [ "$teid" = "$(printf %08x "$TEID_A")" ] && wait_for 5 test "$(obs_ns ue gre)" = $((g + 1)); then
	tap_ok "a packet tap on the Xw-U link sees the relayed downlink T-PDU unaltered (TEID $teid)"
else
	tap_diag "tap: $(tr '\n' ' ' < /run/tap.out) teid '$teid', want $(printf %08x "$TEID_A")"
	tap_fail "a packet tap on the Xw-U link sees the relayed downlink T-PDU unaltered"
fi

# --- Refused and counted (SEC-8, SEC-2, TS 29.281).
out=$(dl 10.20.0.2 --teid 0x7777 --src $SEGW --dst 198.51.100.10 --reply --timeout 3)
if printf '%s\n' "$out" | grep -q '^type=26 ' && [ "$(global drop_dl_unknown_teid)" -ge 1 ]; then
	tap_ok "a T-PDU for an unknown TEID is dropped (dl_unknown_teid) and answered with an Error Indication"
else
	printf '%s\n' "$out" | sed 's/^/# /'; tap_fail "unknown TEID: dropped and Error Indication"
fi
expect_drop "SEC-8 a T-PDU from another address than the UE's eNB is dropped (dl_wrong_source)" "$A" dl_wrong_source \
	dl 10.20.0.3 --teid "$TEID_A" --src $SEGW --dst 198.51.100.10
expect_drop "SEC-2 downlink with an inner source other than the SeGW is dropped (dl_inner_src)" "$A" dl_inner_src \
	dl 10.20.0.2 --teid "$TEID_A" --src 10.9.9.9 --dst 198.51.100.10
expect_drop "SEC-2 downlink to another inner address than the UE's is dropped (dl_inner_dst)" "$A" dl_inner_dst \
	dl 10.20.0.2 --teid "$TEID_A" --src $SEGW --dst 192.168.1.10
expect_drop "SEC-8 downlink that is not GRE is dropped (dl_not_gre)" "$A" dl_not_gre \
	dl 10.20.0.2 --teid "$TEID_A" --src $SEGW --dst 198.51.100.10 --proto udp
expect_global_drop "a truncated GTP-U header is dropped (dl_malformed)" dl_malformed \
	dl 10.20.0.2 --teid "$TEID_A" --src $SEGW --dst 198.51.100.10 --truncate 6
expect_global_drop "an extension header the receiver must comprehend is refused (dl_malformed)" dl_malformed \
	dl 10.20.0.2 --teid "$TEID_A" --src $SEGW --dst 198.51.100.10 --ext 0xc0
g=$(obs_ns ue gre)
dl 10.20.0.2 --teid "$TEID_A" --src $SEGW --dst 198.51.100.10 --ext 0x01 >/dev/null
if wait_for 5 test "$(obs_ns ue gre)" = $((g + 1)); then
	tap_ok "an extension header that needs no comprehension is skipped and the T-PDU delivered"
else
	tap_fail "T-PDU with a skippable extension header is delivered"
fi
out=$(dl 10.20.0.2 --type 1 --teid 0 --timeout 3)
if printf '%s\n' "$out" | grep -q '^type=2 teid=0x00000000 len=6 flags=0x32 payload=000000000e00$'; then
	tap_ok "a GTP-U Echo Request is answered with an Echo Response carrying Recovery"
else
	printf '%s\n' "$out" | sed 's/^/# /'; tap_fail "GTP-U echo"
fi

# --- SEC-7: nothing reaches the eNB's Xw-U endpoint around the relay.
o=$(obs_ns enb other)
expect_global_drop "SEC-7 a packet from the WLAN side straight to the eNB's Xw-U endpoint is dropped (xwu_bypass)" xwu_bypass \
	send ue --src 198.51.100.10 --dst 10.20.0.2 --proto udp --dport 2152
send ue --src 198.51.100.10 --dst 10.20.0.2 --proto udp --dport 9999 >/dev/null
if wait_for 5 test "$(obs_ns enb other)" = $((o + 1)); then
	tap_ok "SEC-7 the guard is specific: other ports of the eNB host are routed as usual"
else
	tap_fail "the guard blocked a port that is not an Xw-U endpoint"
fi

# --- Released UE: its downlink is refused (RELEASING until the agent's DOWN).
segwctl release "$C" >/dev/null
expect_drop "downlink to a released UE is dropped (dl_not_established)" "$C" dl_not_established \
	dl 10.20.0.2 --teid "$TEID_C" --src $SEGW --dst 192.168.1.10

# --- What the Xw-U link carried decodes as GTP / IP / GRE, nothing malformed.
sleep 0.5
kill "$cap_pid" 2>/dev/null; wait "$cap_pid" 2>/dev/null; cap_pid=
total=$(tshark -r /run/xwu.pcap 2>/dev/null | wc -l)
tshark -r /run/xwu.pcap -d udp.port==2152,gtp -Y 'gtp.message == 255 && ip.src == 10.20.0.1' \
	-T fields -e frame.protocols > /run/xwu.txt 2>/dev/null
relay=$(wc -l < /run/xwu.txt)
protos=$(sort -u /run/xwu.txt | tr '\n' ' ')
bad=$(tshark -r /run/xwu.pcap -d udp.port==2152,gtp -Y '_ws.malformed' 2>/dev/null | wc -l)
# One frame is broken on purpose (the truncated header); nothing else may be.
if [ "$relay" -ge 10000 ] && [ "$bad" = 1 ] &&
   [ "$protos" = "eth:ethertype:ip:udp:gtp:ip:gre:ip:udp:data " ]; then
	tap_ok "tshark decodes the relay's T-PDUs as GTP / IP / GRE ($relay T-PDUs, $total frames, only the deliberately truncated one malformed)"
else
	tap_diag "frames $total, relay T-PDUs $relay, malformed $bad, relay protocols: $protos"
	tshark -r /run/xwu.pcap -d udp.port==2152,gtp -Y '_ws.malformed' 2>/dev/null | head -5 | sed 's/^/# /'
	tap_fail "tshark decodes the Xw-U link as GTP / IP / GRE"
fi
agent_stop
tap_check "rmmod" rmmod lwip_segw
tap_refused "no kernel warning" sh -c "dmesg | grep -E 'WARNING:|BUG:|Call Trace:'"
tap_done
