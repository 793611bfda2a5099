#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The system suite: SEC-1..SEC-9 (DESIGN section 1) through the whole gateway
# on real parts, on the demo's stage (tools/demo/lib.sh over the topology of
# selftests/segwd/lib.sh): lwip_segw.ko, pluto, segwd, the Xw-U relay, an eNB
# (build/enbsim: its control plane in the SeGW's namespace, its GTP-U
# endpoint in an eNB namespace; segwctl reads the SeGW's state), strongSwan
# UEs, one behind an nftables NAT (ue, UE A) and one without (ue3, which
# hosts the identities that must be refused). Every test name starts with the
# requirement it checks; each rule has a passing and a refused case. Runs
# inside the test guest.
set -u
cd "$(dirname "$0")/../.." || exit 1
export SEGWD_TEST_DIR=/tmp/lwip-system
. selftests/lib/tap.sh
. selftests/lib/module.sh
. selftests/segwd/lib.sh
. tools/demo/lib.sh

T=36
tap_plan $T

PSK_A=a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0
PSK_D=d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0
PSK_E=e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff00
PSK_W=0f0e0d0c0b0a09080706050403020100f0e0d0c0b0a090807060504030201000
ID_A=a1b2c3d4e5f60718293a4b5c6d7e8f90
ID_D=d0d1d2d3
ID_E=e0e1e2e3
ID_S=5e5e5e5e
PSK_S=5152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f70
INNER=192.168.1.10
ENB_TEID=0x100
N=5

cleanup() {
	[ -n "${RX_PID:-}" ] && kill "$RX_PID" 2>/dev/null
	[ -n "${EV_PID:-}" ] && kill "$EV_PID" 2>/dev/null
	[ -n "${SERVE_PID:-}" ] && kill "$SERVE_PID" 2>/dev/null
	exec 2>/dev/null
	for ns in ue ue3; do
		for p in $(ip netns pids $ns 2>/dev/null); do kill -9 "$p"; done
	done
	[ -f "$W/segw/segwd.pid" ] && kill "$(segwd_pid)" 2>/dev/null
	[ -f "$W/segw/pluto.bgpid" ] && kill "$(cat "$W/segw/pluto.bgpid")" 2>/dev/null
	[ -n "${SYSTEM_TEST_EXPORT:-}" ] && cp -r "$W" "$SYSTEM_TEST_EXPORT/" 2>/dev/null
	ip netns del enb 2>/dev/null
	topo_down
}
trap cleanup EXIT

skip_all() { local i; for i in $(seq $T); do tap_skip "system suite" "$*"; done; tap_done; exit $?; }
for f in "$KO" "$SEGWD" "$UPDOWN" "$SEGWCTL" "$ENBSIM" "$PKTSEND"; do
	[ -e "$f" ] || skip_all "$f not built"
done
if ! need_cmd /usr/lib/ipsec/charon swanctl >/dev/null; then
	[ -d build/strongswan-root ] && cp -a build/strongswan-root/. /
fi
why=$(need_cmd nft ip ping /usr/lib/ipsec/charon swanctl "$PLUTO" "$WHACK") || skip_all "$why"

# --- helpers ------------------------------------------------------------------
# gone ID: no binding with that id any more.
gone() { [ "${1:-0}" != 0 ] && ! segwctl show "$1" >/dev/null 2>&1; }
# stat_of NAME: one global counter of `segwctl stats`.
stat_of() { segwctl stats 2>/dev/null | awk -v k="$1" '$1 == k { print $2; exit }'; }
# released ID REASON: the eNB got a RELEASED event for ID with that reason.
released() {
	awk -v id="$1" -v r="$2" '$1 == "event" { ev = $2; i = ""; next }
		$1 == "id" { i = $2 } $1 == "reason" && ev == "released" && i == id && $2 == r { f = 1 }
		END { exit !f }' "$W/events.log" || { grep -B3 -A12 "^event released" "$W/events.log" | head -40; return 1; }
}
# add_ue MAC IDI PSK TEID WINDOW: the eNB adds a UE (enbsim add); prints its id.
add_ue() {
	local out
	out=$(enb add "$1" "$2" "$3" 10.20.0.2:2152 "$4" "$5" 2>&1)
	case $out in
	''|*[!0-9]*) tap_diag "enbsim add $1: $out" >&2 ;;
	*) echo "$out" ;;
	esac
}
# enb_nft NAME: a counter of the eNB's own nft table.
enb_nft() { ip netns exec enb nft list counter inet obs "$1" | sed -n 's/.*packets \([0-9]*\).*/\1/p'; }
# kstate_a: the SeGW's kernel SA from UE A's NAT (two lines of ip xfrm state).
kstate_a() { in_segw ip xfrm state | awk -v h="src 203.0.113.2 dst $SEGW" '/^src / { f = ($0 == h) } f'; }
export SEGWCTL
export -f segwctl field gone

# --- the stage (as in the demo) ------------------------------------------------
rm -rf "$W"; mkdir -p "$W"
modprobe -a udp_tunnel ip6_udp_tunnel esp4 xfrm_user xfrm4_tunnel tunnel4 ip_gre nf_tables \
	nft_masq nft_chain_nat nf_nat veth bridge dummy 2>/dev/null
stage() {
	lwip_segw_load || { echo "insmod failed"; return 1; }
	topo_up >"$W/topo.log" 2>&1 || { cat "$W/topo.log"; return 1; }
	enb_ns_up || return 1
	# SEC-7 needs a SeGW that routes: the guard must hold even so.
	ip netns exec segw sysctl -qw net.ipv4.ip_forward=1
	ue_gre_counter_up || return 1
	# A second address on the eNB's link: "another eNB" (SEC-8); the eNB
	# counts Xw-U packets from the relay and from anyone else (SEC-7).
	ip -n enb addr add 10.20.0.3/24 dev e0
	ip netns exec enb nft -f - <<-'NFT' || return 1
	table inet obs {
		counter relay {}
		counter bypass {}
		chain in {
			type filter hook input priority 0; policy accept;
			udp dport 2152 ip saddr 10.20.0.1 counter name relay
			udp dport 2152 ip saddr != 10.20.0.1 counter name bypass
		}
	}
	NFT
	enb config "$SEGW" 10.20.0.1:2152 || return 1
	segwd_conf
	mkdir -p "$W/segw/secrets"
	segwd_start || { echo "segwd did not register"; return 1; }
	pluto_start || { echo "pluto did not start"; return 1; }
	wait_for 10 grep -q 'pluto (re)started' "$W/segw/segwd.log"
	ue_start ue && ue_start ue3 || { echo "charon did not start"; return 1; }
	enb_rx_start
	monitor_start
}
tap_check "stage: module, topology with NAT and eNB, pluto, segwd, two strongSwan UEs" stage

ue_conn ue a "@#$ID_A" $PSK_A
ue_load ue
ue_conn ue3 unknown "@#deadbeef0001" $PSK_E
ue_conn ue3 wrongpsk "bob@lwip.example" $PSK_E      # the eNB gave PSK_D
ue_conn ue3 weak "@#$ID_D" $PSK_D 2 3des-sha1-modp1024
ue_conn ue3 v1 "@#$ID_D" $PSK_D 1
ue_conn ue3 win "@#$ID_E" $PSK_W
ue_conn ue3 srv "@#$ID_S" $PSK_S
ue_load ue3

# --- UE A: added by the eNB, connects from behind the NAT ------------------------
out=$(enb add --ack 02:00:00:00:00:0a $ID_A $PSK_A 10.20.0.2:2152 $ENB_TEID 120 2>&1)
A=$(ack_field id "$out")
SEGW_TEID=$(ack_field segw_teid "$out")
[ -n "$A" ] || tap_diag "enbsim add UE A: $out"
A=${A:-0}
wait_for 15 test "$(field "$A" state)" = ready
tap_check "SEC-4 eNB adds UE A (KEY_ID IDi, PSK): acknowledged, READY, PSK file 0600, pluto connection" bash -c "
	test -n '$SEGW_TEID' && test \"\$(field $A state)\" = ready &&
	test \"\$(stat -c %a $(psk_file "$A"))\" = 600 && conn_exists $A"
tap_check "SEC-1 SEC-4 SEC-5 UE A (IDi and PSK from the eNB, within its window) establishes IKEv2" \
	ue_up ue a 60
wait_for 10 test "$(field "$A" state)" = established
sas=$(ue_sas ue 2>&1)
printf '%s\n' "$sas" | head -4 | sed 's/^/# /'
tap_check "SEC-1 the UE's IKE SA is IKEv2, PSK-authenticated, its Child SA tunnel mode" bash -c "
	ue_sas ue | grep -q '^a: #[0-9]*, ESTABLISHED, IKEv2' &&
	ue_sas ue | grep -Eq '^ +a: #[0-9]+, reqid [0-9]+, INSTALLED, TUNNEL' &&
	grep -q 'authentication of .* with pre-shared key successful' '$W/ue/charon.log'"
reqid=$(field "$A" reqid)
ks=$(kstate_a)
printf '%s\n' "$ks" | head -3 | sed 's/^/# /'
if printf '%s\n' "$ks" | grep -q "proto esp spi .* reqid $reqid mode tunnel"; then
	tap_ok "SEC-1 the SeGW's SA from UE A is tunnel mode (xfrm state mode tunnel, binding reqid $reqid)"
else tap_fail "SEC-1 the SeGW's SA from UE A is tunnel mode on reqid '$reqid'"; fi
ike_alg=$(printf '%s\n' "$sas" | awk '/^a: / { f = 1; next } f && /^ *[A-Z0-9_-]+\/[A-Z0-9_-]+\// { print $1; exit }')
esp_alg=$(printf '%s\n' "$sas" | grep -E '^ +a: #[0-9]+, reqid' | head -1 | sed -n 's/.*ESP:\(.*\)$/\1/p' | tr -d ' ')
case "$ike_alg/$esp_alg" in
AES_GCM_16-256/PRF_HMAC_SHA2_384/ECP_384*/AES_GCM_16-256*)
	tap_ok "SEC-9 negotiated IKE $ike_alg, ESP $esp_alg (TS 33.210 profile)" ;;
*) tap_fail "SEC-9 negotiated IKE '$ike_alg', ESP '$esp_alg'" ;;
esac
st="inner $(field "$A" inner_addr) outer $(field "$A" outer_addr):$(field "$A" outer_port) natt $(field "$A" natt)"
tap_diag "UE $A: $st"
if [ "$st" = "inner $INNER outer 203.0.113.2:4500 natt yes" ] &&
   printf '%s\n' "$ks" | grep -q 'encap type espinudp sport 4500 dport 4500'; then
	tap_ok "SEC-3 behind NAT: NAT-T SA (UDP 4500), outer = NAT 203.0.113.2, inner = the UE's local $INNER"
else tap_fail "SEC-3 NAT-T binding: $st"; fi
tap_check "SEC-2 the Child SA is $INNER/32 === $SEGW/32 (inner = the UE's local and the SeGW's public address)" bash -c "
	ue_sas ue | grep -Eq 'local +$INNER/32' && ue_sas ue | grep -Eq 'remote +$SEGW/32'"
tap_check "SEC-6 while the IKE SA lives the SeGW keeps the PSK and the connection" bash -c "
	test -e $(psk_file "$A") && conn_exists $A && test \"\$(field $A state)\" = established"

# --- SEC-2/3/8: the datapath through the real SA ---------------------------------
ip netns exec ue sysctl -qw net.ipv6.conf.default.disable_ipv6=1
ip -n ue tunnel add gre1 mode gre local $INNER remote "$SEGW" ttl 64
ip -n ue addr add 10.99.0.2/30 dev gre1; ip -n ue link set gre1 up
rx0=$(enb_rx $ENB_TEID); ul0=$(field "$A" ul_packets); r0=$(enb_nft relay)
ip netns exec ue ping -q -c $N -i 0.2 -W 1 10.99.0.1 >/dev/null 2>&1
wait_for 10 test "$(enb_rx $ENB_TEID)" -ge $((rx0 + N)); sleep 0.5
rx=$(( $(enb_rx $ENB_TEID) - rx0 )); ul=$(( $(field "$A" ul_packets) - ul0 ))
if [ "$rx" = $N ] && [ "$ul" = $N ]; then
	tap_ok "SEC-2 SEC-3 SEC-8 uplink GRE ($INNER -> $SEGW, from behind NAT) reaches UE A's eNB with its TEID ($N of $N)"
else tap_fail "SEC-2 uplink: eNB got $rx of $N T-PDUs with TEID $ENB_TEID, ul_packets +$ul"; fi

g0=$(ue_gre); dl0=$(field "$A" dl_packets)
ip netns exec enb "$ENBSIM" gtpu send --bind 10.20.0.2:2153 --to 10.20.0.1:2152 --teid "${SEGW_TEID:-0}" \
	--src "$SEGW" --dst $INNER --proto gre --count $N >/dev/null 2>&1
wait_for 10 test "$(ue_gre)" -ge $((g0 + N)); sleep 0.5
g=$(( $(ue_gre) - g0 )); dl=$(( $(field "$A" dl_packets) - dl0 ))
if [ "$g" = $N ] && [ "$dl" = $N ]; then
	tap_ok "SEC-2 SEC-8 downlink from UE A's eNB ($SEGW -> $INNER) reaches the UE decrypted ($N of $N)"
else tap_fail "SEC-2 downlink: UE got $g of $N, dl_packets +$dl"; fi

# ul_drop NAME REASON SRC PROTO [MARK]: one packet through UE A's SA, dropped
# with REASON, nothing relayed.
ul_drop() {
	local name=$1 reason=$2 src=$3 proto=$4 mark=${5:-} d0 n0 u0 args
	d0=$(field "$A" "drop_$reason"); n0=$(wc -l < "$W/enb.rx"); u0=$(field "$A" ul_packets)
	args=(--src "$src" --dst "$SEGW" --proto "$proto")
	[ -z "$mark" ] || args+=(--mark "$mark")
	ip netns exec ue "$PKTSEND" send "${args[@]}" >/dev/null 2>&1
	if wait_for 10 test "$(field "$A" "drop_$reason")" = $((${d0:-0} + 1)) && sleep 0.5 &&
	   [ "$(wc -l < "$W/enb.rx")" = "$n0" ] && [ "$(field "$A" ul_packets)" = "$u0" ]; then
		tap_ok "$name (drop_$reason), nothing relayed"
	else
		segwctl show "$A" | grep -E 'drop_|ul_' | sed 's/^/# /'
		tap_fail "$name (drop_$reason)"
	fi
}
# A malicious UE: a marked policy puts foreign sources into its own Child SA.
ue_reqid=$(printf '%s\n' "$sas" | sed -n 's/^ *a: #[0-9]*, reqid \([0-9]*\),.*/\1/p' | head -1)
for s in 10.9.9.9 203.0.113.2; do
	ip -n ue xfrm policy add src $s/32 dst "$SEGW/32" dir out mark 0x5e \
		tmpl src $INNER dst "$SEGW" proto esp reqid "${ue_reqid:-1}" mode tunnel
done
ul_drop "SEC-2 uplink with a spoofed inner source 10.9.9.9 is dropped" inner_src 10.9.9.9 gre 0x5e
ul_drop "SEC-3 uplink with the NAT's address 203.0.113.2 as inner source is dropped" inner_src 203.0.113.2 gre 0x5e
ul_drop "SEC-8 non-GRE (UDP) uplink from the UE's own address is dropped" not_gre $INNER udp

d0=$(field "$A" drop_dl_wrong_source); g0=$(ue_gre)
ip netns exec enb "$ENBSIM" gtpu send --bind 10.20.0.3:2153 --to 10.20.0.1:2152 --teid "${SEGW_TEID:-0}" \
	--src "$SEGW" --dst $INNER --proto gre >/dev/null 2>&1
if wait_for 10 test "$(field "$A" drop_dl_wrong_source)" = $((${d0:-0} + 1)) && sleep 0.5 && [ "$(ue_gre)" = "$g0" ]; then
	tap_ok "SEC-8 downlink for UE A from another eNB address (10.20.0.3) is dropped (drop_dl_wrong_source), not delivered"
else tap_fail "SEC-8 downlink from another eNB address (drop_dl_wrong_source $d0 -> $(field "$A" drop_dl_wrong_source))"; fi

# --- SEC-7: the eNB's Xw-U endpoint only through the relay ------------------------
b0=$(stat_of drop_xwu_bypass); o0=$(enb_nft bypass)
ip netns exec ue3 "$PKTSEND" send --src 198.51.100.10 --dst 10.20.0.2 --proto udp --dport 2152 >/dev/null 2>&1
if wait_for 10 test "$(stat_of drop_xwu_bypass)" = $((${b0:-0} + 1)) && sleep 0.5 && [ "$(enb_nft bypass)" = "$o0" ]; then
	tap_ok "SEC-7 plaintext UDP from the WLAN side to the eNB's Xw-U endpoint is dropped (drop_xwu_bypass), the eNB sees nothing"
else tap_fail "SEC-7 bypass: drop_xwu_bypass $b0 -> $(stat_of drop_xwu_bypass), eNB saw $(( $(enb_nft bypass) - o0 ))"; fi
rx0=$(enb_rx $ENB_TEID)
ip netns exec ue ping -q -c 1 -W 1 10.99.0.1 >/dev/null 2>&1
if wait_for 10 test "$(enb_rx $ENB_TEID)" = $((rx0 + 1)) && [ "$(enb_nft relay)" -gt "${r0:-0}" ] &&
   [ "$(enb_nft bypass)" = "$o0" ]; then
	tap_ok "SEC-7 the relay's T-PDUs (from 10.20.0.1) still reach the eNB ($(( $(enb_nft relay) - r0 )) since the uplink test)"
else tap_fail "SEC-7 the relay's traffic reaches the eNB"; fi

# --- SEC-4, SEC-9, SEC-1 refusals (UE ue3, no NAT); SEC-5 window running -----------
E=$(add_ue 02:00:00:00:00:0e $ID_E $PSK_W 0x600 15)
E=${E:-0}
wait_for 10 test "$(field "$E" state)" = ready
tap_diag "UE E: id $E, $(segwctl show "$E" 2>&1 | grep -E '^(state|window|window_left_ms) ' | tr '\n' ' ')"
tap_check "SEC-5 UE E (window 15 s) is READY, its PSK file exists" bash -c "
	test \"\$(field $E state)\" = ready && test -e $(psk_file "$E") && conn_exists $E ||
	{ grep -E 'UE $E\b|lwip-ue-$E\b' $W/segw/segwd.log | tail -n 8; exit 1; }"
RB=$(add_ue 02:00:00:00:00:0b rfc822:bob@lwip.example $PSK_D 0x200 120)
D=$(add_ue 02:00:00:00:00:0d $ID_D $PSK_D 0x400 120)
RB=${RB:-0}; D=${D:-0}
wait_for 10 test "$(field "$RB" state)" = ready
wait_for 10 test "$(field "$D" state)" = ready
tap_refused "SEC-4 unknown IDi is refused" ue_up ue3 unknown 20
tap_refused "SEC-4 known IDi (RFC822) with a wrong PSK is refused" ue_up ue3 wrongpsk 20
# charon writes its log file behind swanctl's own output: wait for the line.
refused_with() { wait_for 5 grep -q "received $1" "$W/ue3/charon.log" && test "$(field "$2" state)" = ready; }
tap_check "SEC-4 ... with AUTHENTICATION_FAILED; the binding stays READY" refused_with AUTHENTICATION_FAILED "$RB"
tap_refused "SEC-9 a 3DES/SHA1/MODP1024-only proposal is refused" ue_up ue3 weak 20
tap_check "SEC-9 ... with NO_PROPOSAL_CHOSEN; UE D stays READY" refused_with NO_PROPOSAL_CHOSEN "$D"
tap_refused "SEC-1 IKEv1 (main mode, PSK) for a READY IDi gets no SA" ue_up ue3 v1 8
ue_down ue3 v1 >/dev/null 2>&1
tap_check "SEC-1 ... UE D stays READY, no SA from ue3 in the kernel" bash -c "
	test \"\$(field $D state)\" = ready && ! in_segw ip xfrm state | grep -q 'src 198.51.100.10'"

# --- SEC-5: the window expires ------------------------------------------------------
wait_for 20 gone "$E"
wait_for 10 bash -c "! conn_exists $E && test ! -e $(psk_file "$E")"
tap_check "SEC-5 after its 15 s window: binding, PSK file and connection of UE E are gone" bash -c "
	gone $E && ! conn_exists $E && test ! -e $(psk_file "$E")"
tap_check "SEC-5 the eNB got RELEASED with reason window_expired" released "$E" window_expired
tap_refused "SEC-5 after expiry the IDi is refused" ue_up ue3 win 20

# --- SEC-6: the UE deletes its IKE SA -----------------------------------------------
ue_down ue a >/dev/null 2>&1
wait_for 20 gone "$A"
wait_for 10 bash -c "! conn_exists $A && test ! -e $(psk_file "$A")"
tap_check "SEC-6 after UE A deletes its IKE SA: binding, PSK file and connection are gone" bash -c "
	gone $A && ! conn_exists $A && test ! -e $(psk_file "$A") && ! in_segw ip xfrm state | grep -q 'src 203.0.113.2'"
tap_check "SEC-6 the eNB got RELEASED with reason ike_sa_deleted" released "$A" ike_sa_deleted
tap_refused "SEC-6 a reconnect with the same IDi and PSK fails" ue_up ue a 20

# --- the eNB in one process: enbsim serve, UE ue3 (no NAT) ---------------------------
# Its Xw-U socket is 10.20.0.2:2160 in the eNB namespace (2152 has the
# receiver above); --echo returns each uplink packet as downlink. The PSK
# comes from a 0600 file (@FILE), so it is not in the process's cmdline.
(umask 077; echo "$PSK_S" > "$W/psk_s")
ip netns exec segw "$ENBSIM" serve --xwu-netns enb --echo 02:00:00:00:00:5e $ID_S "@$W/psk_s" \
	10.20.0.2:2160 0x700 120 > "$W/serve.log" 2>&1 &
SERVE_PID=$!
wait_for 15 grep -q '^event=2 ' "$W/serve.log"
S=$(sed -n 's/^ack id=\([0-9]*\) .*/\1/p' "$W/serve.log"); S=${S:-0}
serve_ok=0
grep -q "^handoff idi_type=key_id idi=$ID_S psk=$PSK_S\$" "$W/serve.log" &&
	grep -q "^ack id=$S segw=$SEGW xwu=10.20.0.1:2152 segw_teid=[1-9][0-9]* window=120\$" "$W/serve.log" &&
	grep -q "^event=2 id=$S state=2 " "$W/serve.log" && ue_up ue3 srv 60 >/dev/null 2>&1 &&
	wait_for 10 grep -q "^event=3 id=$S state=3 reqid=[1-9][0-9]* inner=198.51.100.10 " "$W/serve.log" &&
	! tr '\0' ' ' < /proc/$SERVE_PID/cmdline | grep -q "$PSK_S" &&
	serve_ok=1
head -n 5 "$W/serve.log" | sed 's/psk=.*/psk=.../; s/^/# /'
if [ $serve_ok = 1 ]; then
	tap_ok "SEC-6 enbsim serve adds a UE with the PSK from a file (not in its cmdline): hands out IDi and PSK, prints the ACKNOWLEDGE and READY; the UE establishes, ESTABLISHED reaches it"
else tap_fail "enbsim serve: handoff, ACKNOWLEDGE, READY, then ESTABLISHED for UE '$S'"; fi
ip netns exec ue3 sysctl -qw net.ipv6.conf.default.disable_ipv6=1
ip -n ue3 tunnel add gre1 mode gre local 198.51.100.10 remote "$SEGW" ttl 64
ip -n ue3 addr add 10.99.1.2/30 dev gre1; ip -n ue3 link set gre1 up
dl0=$(field "$S" dl_packets)
ip netns exec ue3 ping -q -c $N -i 0.2 -W 1 10.99.1.1 >/dev/null 2>&1
serve_rx() { grep -c '^type=255 teid=0x00000700 ' "$W/serve.log"; }
wait_for 10 test "$(serve_rx)" -ge $N
wait_for 10 test "$(field "$S" dl_packets)" -ge $((${dl0:-0} + N)); sleep 0.5
rx=$(serve_rx); dl=$(( $(field "$S" dl_packets) - ${dl0:-0} ))
if [ "$rx" = $N ] && [ "$dl" = $N ]; then
	tap_ok "enbsim serve receives the UE's uplink T-PDUs with its TEID 0x700 ($N of $N) and echoes them down to the UE (dl_packets +$N)"
else tap_fail "enbsim serve: $rx of $N uplink T-PDUs, dl_packets +$dl"; fi
kill -TERM "$SERVE_PID"
wait "$SERVE_PID"; serve_rc=$?; SERVE_PID=
tail -n 3 "$W/serve.log" | sed 's/^/# /'
wait_for 10 gone "$S"
tap_check "on SIGTERM enbsim serve releases its UE: RELEASED (enb_release), binding gone, exit 0, $N uplink packets counted" bash -c "
	test $serve_rc = 0 && grep -q '^release id=$S\$' '$W/serve.log' &&
	grep -q '^event=4 id=$S state=4 .* reason=1\$' '$W/serve.log' &&
	grep -q '^served id=$S uplink_packets=$N .* echoed=$N other_messages=0\$' '$W/serve.log' &&
	gone $S"

# --- hygiene -------------------------------------------------------------------------
leak=
for k in $PSK_A $PSK_D $PSK_E $PSK_W; do
	grep -qi "$k" "$W/segw/segwd.log" "$W/segw/pluto.log" "$W/events.log" && leak="$leak $k"
done
tap_check "no PSK in segwd's, pluto's or the eNB's event logs" test -z "$leak"
tap_check "pluto and segwd still run, pluto never aborted" bash -c "
	pluto_alive && kill -0 \$(segwd_pid) && ! grep -E 'ABORT|ASSERTION FAILED' $W/segw/pluto.log"
tap_done
