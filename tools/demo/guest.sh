#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The gateway demo, inside the guest (started by tools/demo/run). Builds:
#
#   ue   192.168.1.10, strongSwan --- nat (nftables masquerade, 203.0.113.2) ---+
#                                                                               segw 203.0.113.1:
#   enb  10.20.0.2: GTP-U endpoint :2152 ------------------ 10.20.0.1 (Xw-U)  lwip_segw.ko, pluto, segwd
#
# (the segw topology of selftests/segwd/lib.sh, plus an eNB namespace on a veth
# instead of the suite's dummy Xw-U device), then walks one UE through its
# life and checks every step. The eNB is build/enbsim (tools/enbsim). The
# generic netlink API is per network namespace, so the eNB's control plane
# runs in the SeGW's namespace, as on an eNB box where the SeGW is
# co-located; its user plane (GTP-U) runs in the eNB namespace. segwctl, the
# operator's tool, shows the SeGW's side of each step.
#
# Prints one line per step and one verdict line; exit 0 only on PASS.
# DEMO_KEEP=DIR copies the work directory (logs) to DIR at the end.
set -u
cd "$(dirname "$0")/../.." || exit 1

export SEGWD_TEST_DIR=/tmp/lwip-demo
. selftests/lib/tap.sh          # wait_for, need_cmd
. selftests/lib/module.sh       # lwip_segw_load
. selftests/segwd/lib.sh        # topo_up, pluto_start, segwd_*, ue_*, enb
. tools/demo/lib.sh              # segwctl, field, ack_field, enb_rx, ue_gre, ...
N=${DEMO_PACKETS:-5}

MAC=02:00:00:00:00:0a
IDI=a1b2c3d4e5f60718293a4b5c6d7e8f90
PSK=a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0
ENB_TEID=256
INNER=192.168.1.10
STEP=0

step() { STEP=$1; shift; echo "$STEP. $*"; }
say() { echo "   $*"; }
fail() {
	echo "   FAILED: $*"
	echo "demo: FAIL at step $STEP: $*"
	exit 1
}
# setup_fail WHAT: nothing to show yet; the environment itself is broken.
setup_fail() { echo "demo: FAIL at step 0: setup: $*"; exit 1; }

cleanup() {
	local rc=$?
	[ -n "${RX_PID:-}" ] && kill "$RX_PID" 2>/dev/null
	[ -n "${EV_PID:-}" ] && kill "$EV_PID" 2>/dev/null
	exec 2>/dev/null        # no "Killed" job notices for the UE's charon
	for p in $(ip netns pids ue 2>/dev/null); do kill -9 "$p"; done
	[ -f "$W/segw/segwd.pid" ] && kill "$(segwd_pid)" 2>/dev/null
	[ -f "$W/segw/pluto.bgpid" ] && kill "$(cat "$W/segw/pluto.bgpid")" 2>/dev/null
	if [ $rc != 0 ] && [ -d "$W" ]; then
		echo "--- last lines of the logs (in $W) ---"
		for f in "$W/segw/segwd.log" "$W/segw/pluto.log" "$W/ue/charon.log" "$W/events.log"; do
			[ -f "$f" ] && { echo "--- $f"; tail -n 15 "$f"; }
		done
	fi
	[ -n "${DEMO_KEEP:-}" ] && cp -r "$W" "$DEMO_KEEP/" 2>/dev/null
	ip netns del enb 2>/dev/null
	topo_down
	exit $rc
}
trap cleanup EXIT

# --- 0. The stage: module, namespaces, daemons --------------------------------
for f in "$KO" "$SEGWD" "$UPDOWN" "$SEGWCTL" "$ENBSIM" "$PKTSEND"; do
	[ -x "$f" ] || [ -f "$f" ] || setup_fail "$f is not built (run make)"
done
if ! need_cmd /usr/lib/ipsec/charon swanctl >/dev/null; then
	[ -d build/strongswan-root ] || setup_fail "build/strongswan-root missing (run make)"
	cp -a build/strongswan-root/. /
fi
why=$(need_cmd nft ip ping /usr/lib/ipsec/charon swanctl "$PLUTO" "$WHACK") || setup_fail "$why"
rm -rf "$W"; mkdir -p "$W"
modprobe -a udp_tunnel ip6_udp_tunnel esp4 xfrm_user xfrm4_tunnel tunnel4 ip_gre nf_tables \
	nft_masq nft_chain_nat nf_nat veth bridge dummy 2>/dev/null
lwip_segw_load || setup_fail "insmod $KO failed"
topo_up >"$W/topo.log" 2>&1 || setup_fail "topology (see $W/topo.log)"
enb_ns_up || setup_fail "eNB namespace"
ip netns exec segw sysctl -qw net.ipv4.ip_forward=1
# What the UE receives through its tunnel: decrypted GRE from the SeGW.
ue_gre_counter_up || setup_fail "UE nft counter"
# The eNB configures the SeGW (SET_CONFIG): public address, Xw-U endpoint.
enb config "$SEGW" 10.20.0.1:2152 || setup_fail "enbsim config"
segwd_conf
mkdir -p "$W/segw/secrets"
segwd_start || setup_fail "segwd did not register with the module (see $W/segw/segwd.log)"
pluto_start || setup_fail "pluto did not start (see $W/segw/pluto.log)"
wait_for 10 grep -q 'pluto (re)started' "$W/segw/segwd.log"
ue_start ue || setup_fail "charon did not start in the UE namespace"
# The eNB's GTP-U endpoint and its view of the events.
enb_rx_start
monitor_start
echo "   stage: SeGW $SEGW (lwip_segw.ko, pluto, segwd), eNB 10.20.0.2 (GTP-U :2152)," \
	"UE $INNER behind NAT 203.0.113.2 (strongSwan)"

# --- 1. eNB adds the UE ---------------------------------------------------------
step 1 "eNB adds UE (MAC $MAC, IDi KEY_ID $IDI, eNB TEID $ENB_TEID ($(printf '0x%08x' $ENB_TEID))) over netlink"
# The PSK goes in on stdin ("-"), not as an argument other users could read.
out=$(enb add --ack $MAC $IDI - 10.20.0.2:2152 $ENB_TEID 120 <<< "$PSK" 2>&1) || fail "enbsim add: $out"
ID=$(ack_field id "$out")
SEGW_TEID=$(ack_field segw_teid "$out")
[ -n "$ID" ] && [ -n "$SEGW_TEID" ] || fail "no UE id or SeGW TEID in the acknowledge: $out"
say "SeGW acknowledges: UE id $ID, SeGW TEID $SEGW_TEID ($(printf '0x%08x' "$SEGW_TEID")), SeGW Xw-U" \
	"$(ack_field xwu "$out"), IKE window $(ack_field window "$out") s"

# --- 2. segwd configures pluto --------------------------------------------------
step 2 "segwd configures pluto for the UE (agent request from the module)"
wait_for 15 test "$(field "$ID" state)" = ready || fail "UE $ID is '$(field "$ID" state)', not ready"
PSKF=$(psk_file "$ID")
[ "$(stat -c %a "$PSKF" 2>/dev/null)" = 600 ] || fail "PSK file $PSKF missing or not mode 0600"
conn_exists "$ID" || fail "pluto has no connection lwip-ue-$ID"
say "UE ready: pluto connection lwip-ue-$ID, PSK in $PSKF (0600)," \
	"$(( $(field "$ID" window_left_ms) / 1000 )) s left for the UE to connect"

# --- 3. The UE runs IKEv2 behind NAT --------------------------------------------
step 3 "UE (behind NAT 203.0.113.2) runs IKEv2 with IDi @#$IDI and the eNB's PSK"
ue_conn ue lwip "@#$IDI" $PSK
ue_load ue || fail "swanctl --load-all failed"
ue_up ue lwip 60 > "$W/initiate.log" 2>&1 || fail "IKE failed: $(tail -n 3 "$W/initiate.log" | tr '\n' ' ')"
wait_for 10 test "$(field "$ID" state)" = established || fail "binding is '$(field "$ID" state)', not established"
sas=$(ue_sas ue 2>&1)
printf '%s\n' "$sas" > "$W/sas.txt"
ike_alg=$(printf '%s\n' "$sas" | awk '/^lwip: / { f = 1; next } f && /^ *[A-Z0-9_-]+\/[A-Z0-9_-]+\// { print $1; exit }')
esp_line=$(printf '%s\n' "$sas" | grep -E '^ +lwip: #[0-9]+, reqid [0-9]+, INSTALLED, TUNNEL' | head -1)
ue_reqid=$(printf '%s\n' "$esp_line" | sed -n 's/.*reqid \([0-9]*\),.*/\1/p')
esp_alg=$(printf '%s\n' "$esp_line" | sed -n 's/.*ESP:\(.*\)$/\1/p' | tr -d ' ')
ue_local=$(printf '%s\n' "$sas" | awk '$1 == "local" && $2 ~ /\// { print $2; exit }')
printf '%s\n' "$sas" | grep -q '^lwip: .*ESTABLISHED' || fail "no ESTABLISHED IKE SA in swanctl --list-sas"
case "$ike_alg" in AES_GCM_16-256/PRF_HMAC_SHA2_384/ECP_384*) ;;
*) fail "IKE algorithms '$ike_alg', expected AES_GCM_16-256/PRF_HMAC_SHA2_384/ECP_384" ;; esac
case "$esp_alg" in AES_GCM_16-256*) ;; *) fail "ESP algorithm '$esp_alg', expected AES_GCM_16-256" ;; esac
[ "$ue_local" = "$INNER/32" ] || fail "UE traffic selector '$ue_local', expected $INNER/32"
reqid=$(field "$ID" reqid); inner=$(field "$ID" inner_addr)
outer=$(field "$ID" outer_addr):$(field "$ID" outer_port); natt=$(field "$ID" natt)
kreqid=$(in_segw ip xfrm state | awk '/^src 203.0.113.2 dst 203.0.113.1/ { getline; for (i = 1; i <= NF; i++) if ($i == "reqid") print $(i + 1) }' | head -1)
[ "$reqid" = "$kreqid" ] && [ "$inner" = "$INNER" ] && [ "$outer" = 203.0.113.2:4500 ] && [ "$natt" = yes ] ||
	fail "binding: reqid $reqid (kernel SA $kreqid), inner $inner, outer $outer, natt $natt"
say "established: IKE $ike_alg, ESP $esp_alg (reqid $ue_reqid on the UE's side)"
say "SeGW binding: reqid $reqid (its own kernel SA's, from segwd's range; each side numbers its own), inner $inner, outer $outer (NAT-T)"

# --- 4. Uplink: GRE through the tunnel, relayed to the eNB ------------------------
step 4 "uplink: UE sends $N GRE packets through its tunnel to the SeGW"
# IPv4 only on the GRE device: no IPv6 neighbour discovery joins the count.
ip netns exec ue sysctl -qw net.ipv6.conf.default.disable_ipv6=1
ip -n ue tunnel add gre1 mode gre local $INNER remote "$SEGW" ttl 64 &&
ip -n ue addr add 10.99.0.2/30 dev gre1 && ip -n ue link set gre1 up || fail "UE GRE device"
rx0=$(enb_rx $ENB_TEID); ul0=$(field "$ID" ul_packets)
# No replies come back (the eNB only counts): ping is just the packet source.
ip netns exec ue ping -q -c "$N" -i 0.2 -W 1 10.99.0.1 >/dev/null 2>&1
wait_for 10 test "$(enb_rx $ENB_TEID)" -ge $((rx0 + N)); sleep 1
rx=$(( $(enb_rx $ENB_TEID) - rx0 )); ul=$(( $(field "$ID" ul_packets) - ul0 ))
[ "$rx" = "$N" ] && [ "$ul" = "$N" ] || fail "eNB received $rx of $N T-PDUs with TEID $ENB_TEID (SeGW ul_packets +$ul)"
say "eNB received $rx T-PDUs with its TEID $ENB_TEID (SeGW ul_packets +$ul);" \
	"first: $(grep -m1 "^type=255 teid=$(printf '0x%08x' $ENB_TEID) " "$W/enb.rx" | cut -d' ' -f1-3)"

# --- 5. Downlink: T-PDUs from the eNB, decrypted at the UE ------------------------
step 5 "downlink: eNB sends $N T-PDUs to SeGW TEID $SEGW_TEID"
g0=$(ue_gre); dl0=$(field "$ID" dl_packets)
ip netns exec enb "$ENBSIM" gtpu send --bind 10.20.0.2:2153 --to 10.20.0.1:2152 --teid "$SEGW_TEID" \
	--src "$SEGW" --dst $INNER --proto gre --count "$N" >/dev/null || fail "enbsim gtpu send failed"
wait_for 10 test "$(ue_gre)" -ge $((g0 + N)); sleep 1
g=$(( $(ue_gre) - g0 )); dl=$(( $(field "$ID" dl_packets) - dl0 ))
[ "$g" = "$N" ] && [ "$dl" = "$N" ] || fail "UE received $g of $N GRE packets through IPsec (SeGW dl_packets +$dl)"
say "UE received $g GRE packets from $SEGW, decrypted from its tunnel (nft 'meta secpath exists');" \
	"SeGW dl_packets +$dl"

# --- 6. A spoofed inner source is dropped ----------------------------------------
step 6 "UE sends a GRE packet with a spoofed inner source 10.9.9.9 through its own SA"
# The UE's IPsec policy covers only its own address: a marked policy puts the
# spoofed packet into the same Child SA (what a malicious UE could do).
ip -n ue xfrm policy add src 10.9.9.9/32 dst "$SEGW/32" dir out mark 0x5e \
	tmpl src $INNER dst "$SEGW" proto esp reqid "$ue_reqid" mode tunnel || fail "UE spoof policy"
d0=$(field "$ID" drop_inner_src); rx0=$(wc -l < "$W/enb.rx"); ul0=$(field "$ID" ul_packets)
ip netns exec ue "$PKTSEND" send --src 10.9.9.9 --dst "$SEGW" --proto gre --mark 0x5e >/dev/null ||
	fail "pktsend failed"
wait_for 10 test "$(field "$ID" drop_inner_src)" = $((d0 + 1)) ||
	fail "drop_inner_src stayed $(field "$ID" drop_inner_src)"
sleep 0.5
[ "$(wc -l < "$W/enb.rx")" = "$rx0" ] && [ "$(field "$ID" ul_packets)" = "$ul0" ] ||
	fail "the spoofed packet was relayed to the eNB"
ip -n ue xfrm policy del src 10.9.9.9/32 dst "$SEGW/32" dir out mark 0x5e
say "dropped: segwctl show $ID: '$(segwctl show "$ID" | grep '^drop_inner_src ')' (reason inner_src:" \
	"inner source is not the UE's inner address $INNER); nothing reached the eNB, ul_packets unchanged"

# --- 7. The eNB releases the UE ---------------------------------------------------
step 7 "eNB releases UE $ID"
before=$(grep -c 'received DELETE for IKE_SA' "$W/ue/charon.log")
out=$(enb release "$ID" 2>&1) || fail "enbsim release $ID: $out"
wait_for 20 bash -c "test \$(grep -c 'received DELETE for IKE_SA' $W/ue/charon.log) -gt $before" ||
	fail "the UE received no Delete"
wait_for 10 bash -c '! ue_sas ue | grep -q "^lwip: "' || fail "swanctl --list-sas still lists the SA"
wait_for 10 test ! -e "$PSKF" || fail "PSK file $PSKF still exists"
wait_for 10 bash -c "! ip netns exec segw $SEGWCTL show $ID >/dev/null 2>&1" || fail "binding $ID still exists"
wait_for 10 bash -c "! conn_exists $ID" || fail "pluto still has lwip-ue-$ID"
say "UE received the IKE Delete, swanctl --list-sas is empty; PSK file, pluto connection and binding gone"
wait_for 5 grep -q '^reason enb_release' "$W/events.log" || fail "the eNB got no RELEASED event with reason enb_release"
say "eNB events for UE $ID: $(awk '/^event/ { printf "%s%s", s, $2; s = ", " }' "$W/events.log") (reason enb_release)"

echo "demo: PASS (all 7 steps)"
exit 0
