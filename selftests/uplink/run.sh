#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Uplink enforcement and the Xw-U relay on real XFRM, with static SAs (see
# selftests/lib/static_topo.sh for the topology). For every rule one conforming packet passes and
# one violating packet is dropped, incrementing exactly the right counter and
# nothing else. Requirement ids (TS 33.401 H.2.2, DESIGN.md) in test names.
set -u
cd "$(dirname "$0")/../.." || exit 1
. selftests/lib/tap.sh
. selftests/lib/module.sh
PKTSEND=build/selftests/pktsend
ENBSIM=build/enbsim
SEGWCTL=build/segwctl
. selftests/lib/static_topo.sh
. selftests/lib/segw.sh

tap_plan 23

cleanup() {
	agent_stop
	enb_rx_stop
	topo_cleanup
	rmmod lwip_segw 2>/dev/null
}
trap cleanup EXIT

if ! why=$(need_cmd nft ip "$SEGWCTL" "$PKTSEND" "$ENBSIM"); then
	for i in $(seq 22); do tap_skip "uplink suite" "$why"; done
	tap_done; exit $?
fi

modprobe -a esp4 xfrm_user nft_chain_nat nft_masq 2>/dev/null
tap_check "module loads" lwip_segw_load
tap_check "topology and static SAs" bash -c '
	set -e
	. selftests/lib/static_topo.sh
	PKTSEND='"$PKTSEND"'
	topo_up
	sa ue 101 198.51.100.10 198.51.100.10 198.51.100.10       # A
	sa ue 102 198.51.100.11 198.51.100.11 none                # B
	sa uen 103 192.168.1.10 203.0.113.2 192.168.1.10 natt     # C
	sa uen 104 192.168.1.10 203.0.113.7 none natt             # D
	sa ue 105 198.51.100.12 198.51.100.12 198.51.100.12       # E, unbound
	sa_transport ue 106 198.51.100.13                         # F
	sa ue 107 198.51.100.14 198.51.100.14 none "" 198.51.100.1 # G
'
ip -n uen addr add 192.168.1.11/24 dev n0
ip -n ue addr add 198.51.100.13/24 dev u0
ip -n ue addr add 198.51.100.14/24 dev u0
enb_rx_start
agent_start

ok=1
add_ue A 0a && add_ue B 0b && add_ue C 0c && add_ue D 0d && add_ue F 0f && add_ue G 10 || ok=0
# A typo on the stand-in agent's stdin is reported and the agent stays (the
# next lines depend on it).
echo "established $A x 198.51.100.10 198.51.100.10 0 nonat" >&9
if wait_for 5 grep -q "^error: bad reqid 'x'" /run/agent.out && sleep 0.2 &&
   kill -0 "$agent_pid" 2>/dev/null && [ "$(field "$A" state)" = ready ]; then
	tap_ok "agent-sim reports a malformed line and keeps running; the UE is untouched"
else
	sed 's/^/# /' /run/agent.out
	tap_fail "agent-sim survives a malformed line"
fi
established "$A" 101 198.51.100.10 198.51.100.10 0 nonat || ok=0
# B reports inner = outer = 10.9.9.9 (the module refuses anything else without
# NAT-T), but its SA comes from 198.51.100.11: the data path must notice.
established "$B" 102 10.9.9.9 10.9.9.9 0 nonat || ok=0
established "$C" 103 192.168.1.10 203.0.113.2 4500 natt || ok=0
established "$D" 104 192.168.1.11 203.0.113.2 4500 natt || ok=0
established "$F" 106 198.51.100.13 198.51.100.13 0 nonat || ok=0
established "$G" 107 198.51.100.14 198.51.100.14 0 nonat || ok=0
if [ $ok = 1 ]; then tap_ok "six UEs added and reported established through the agent"
else sed 's/^/# /' /run/agent.out; tap_fail "six UEs added and reported established"; fi

# SEC-2/SEC-8: a conforming packet of A is relayed to A's eNB, byte for byte.
pkt=$(send ue --src 198.51.100.10 --dst $SEGW --proto gre --mark 101 --print | sed -n 's/^packet=//p')
if wait_for 5 grep -q "teid=0x0000010a" /run/enb.rx &&
   grep "teid=0x0000010a" /run/enb.rx | head -n1 | grep -q "payload=$pkt\$" &&
   [ "$(field "$A" ul_packets)" = 1 ] && [ "$(drops_total "$A")" = 0 ]; then
	tap_ok "SEC-2 SEC-8 conforming uplink GRE is relayed to the UE's eNB with its TEID, byte for byte"
else
	sed 's/^/# enb: /' /run/enb.rx; segwctl show "$A" | sed 's/^/# /'
	tap_fail "SEC-2 SEC-8 conforming uplink GRE is relayed to the UE's eNB"
fi

expect_drop "SEC-2 spoofed inner source is dropped (inner_src)" "$A" inner_src \
	send ue --src 10.9.9.9 --dst $SEGW --proto gre --mark 101
expect_drop "SEC-2 inner destination other than the SeGW is dropped (inner_dst)" "$A" inner_dst \
	send ue --src 198.51.100.10 --dst 198.51.100.1 --proto gre --mark 101
expect_drop "SEC-8 non-GRE inner protocol is dropped (not_gre)" "$A" not_gre \
	send ue --src 198.51.100.10 --dst $SEGW --proto udp --mark 101
expect_drop "SEC-2 without NAT-T inner source must equal outer source (inner_outer_mismatch)" "$B" inner_outer_mismatch \
	send ue --src 10.9.9.9 --dst $SEGW --proto gre --mark 102
expect_drop "SEC-1 a transport-mode SA is refused (not_tunnel)" "$F" not_tunnel \
	send ue --src 198.51.100.13 --dst $SEGW --proto gre --mark 106
expect_drop "SA outer destination must be the SeGW public address (outer_dst)" "$G" outer_dst \
	send ue --src 198.51.100.14 --dst $SEGW --proto gre --mark 107

# SEC-3: behind NAT the inner source stays the UE's local address.
before=$(enb_count)
send uen --src 192.168.1.10 --dst $SEGW --proto gre --mark 103 >/dev/null
if wait_for 5 grep -q "teid=0x0000010c" /run/enb.rx && [ "$(field "$C" ul_packets)" = 1 ] &&
   [ "$(drops_total "$C")" = 0 ]; then
	tap_ok "SEC-3 NAT-T uplink with the UE's local inner address is relayed"
else
	segwctl show "$C" | sed 's/^/# /'; tap_fail "SEC-3 NAT-T uplink is relayed"
fi
expect_drop "SEC-3 NAT-T SA from another outer address than recorded is dropped (natt_outer_src)" "$D" natt_outer_src \
	send uen --src 192.168.1.11 --dst $SEGW --proto gre --mark 104

# An SA that is not bound to a UE is none of the module's business.
gl=$(segwctl stats | awk '/^drop_/ { s += $2 } END { print s + 0 }')
u9=$(obs udp9)
send ue --src 198.51.100.12 --dst $SEGW --proto udp --mark 105 >/dev/null
if wait_for 5 test "$(obs udp9)" = $((u9 + 1)) &&
   [ "$(segwctl stats | awk '/^drop_/ { s += $2 } END { print s + 0 }')" = "$gl" ]; then
	tap_ok "traffic of an SA not bound to any UE passes untouched"
else
	tap_fail "traffic of an unbound SA passes untouched (udp9 $u9 -> $(obs udp9))"
fi

# SEC-2 downlink: the eNB's T-PDU reaches UE A through its tunnel.
ue_gre=$(obs_ns ue gre)
ip netns exec enb "$ENBSIM" gtpu send --bind 10.20.0.2:2153 --to 10.20.0.1:2152 \
	--teid "$(field "$A" segw_teid)" --src $SEGW --dst 198.51.100.10 --proto gre >/dev/null
if wait_for 5 test "$(obs_ns ue gre)" = $((ue_gre + 1)) && [ "$(field "$A" dl_packets)" = 1 ]; then
	tap_ok "SEC-2 downlink T-PDU reaches the UE decrypted, SeGW public -> UE inner"
else
	segwctl show "$A" | sed 's/^/# /'; tap_fail "SEC-2 downlink T-PDU reaches the UE"
fi

# The uplink switch (config set uplink relay|check|off, the benchmark's).
tap_check "config show reports the default uplink mode, relay" \
	sh -c "ip netns exec segw $SEGWCTL config show | grep -qx 'uplink relay'"
segwctl config set uplink check >/dev/null
g=$(obs gre); at=$(enb_count); ul=$(field "$A" ul_packets)
send ue --src 198.51.100.10 --dst $SEGW --proto gre --mark 101 >/dev/null
if wait_for 5 test "$(obs gre)" = $((g + 1)) && sleep 0.3 && [ "$(enb_count)" = "$at" ] &&
   [ "$(field "$A" ul_packets)" = "$ul" ]; then
	tap_ok "uplink check: conforming GRE goes on into the SeGW's stack, not relayed"
else
	tap_fail "uplink check: conforming GRE goes on into the stack (gre $g -> $(obs gre), enb $at -> $(enb_count))"
fi
expect_drop "uplink check: a spoofed inner source is still dropped (inner_src)" "$A" inner_src \
	send ue --src 10.9.9.9 --dst $SEGW --proto gre --mark 101
segwctl config set uplink off >/dev/null
g=$(obs gre); at=$(enb_count); d=$(drops_total "$A")
send ue --src 198.51.100.10 --dst $SEGW --proto udp --mark 101 >/dev/null
send ue --src 198.51.100.10 --dst $SEGW --proto gre --mark 101 >/dev/null
if wait_for 5 test "$(obs gre)" = $((g + 1)) && sleep 0.3 && [ "$(enb_count)" = "$at" ] &&
   [ "$(drops_total "$A")" = "$d" ] && dmesg | grep -q "uplink hooks off"; then
	tap_ok "uplink off: nothing is checked (non-GRE not dropped) or relayed, and the kernel says so"
else
	tap_fail "uplink off: nothing checked (drops $d -> $(drops_total "$A"), gre $g -> $(obs gre))"
fi
segwctl config set uplink relay >/dev/null
at=$(enb_count)
send ue --src 198.51.100.10 --dst $SEGW --proto gre --mark 101 >/dev/null
if wait_for 5 test "$(enb_count)" = $((at + 1)) &&
   ip netns exec segw "$SEGWCTL" config show | grep -qx 'uplink relay'; then
	tap_ok "uplink relay again: conforming GRE is relayed to the eNB"
else
	tap_fail "uplink relay again (enb $at -> $(enb_count))"
fi

# SEC-6 / release: an SA of a released UE carries nothing any more.
nd=$(global drop_not_established)
segwctl release "$A" >/dev/null
before=$(enb_count)
send ue --src 198.51.100.10 --dst $SEGW --proto gre --mark 101 >/dev/null
if wait_for 5 test "$(global drop_not_established)" = $((nd + 1)) && sleep 0.3 &&
   [ "$(enb_count)" = "$before" ]; then
	tap_ok "uplink on the SA of a released UE is dropped (not_established), not relayed"
else
	segwctl stats | sed 's/^/# /'; tap_fail "uplink of a released UE is dropped"
fi

# Unloading with live bindings, SAs and traffic leaves no warning.
send uen --src 192.168.1.10 --dst $SEGW --proto gre --mark 103 --count 50 >/dev/null &
sender=$!
agent_stop
tap_check "rmmod with live bindings and traffic" rmmod lwip_segw
wait "$sender"
tap_refused "no kernel warning" sh -c "dmesg | grep -E 'WARNING:|BUG:|Call Trace:'"
tap_done
