#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# segwd with real daemons: lwip_segw.ko, pluto 4.10 as responder, segwd as
# the agent, strongSwan UEs behind NAT and without NAT (topology in lib.sh).
# Each SEC rule has a passing and a refused case. Runs inside the test guest.
set -u
cd "$(dirname "$0")/../.." || exit 1
. selftests/lib/tap.sh
. selftests/segwd/lib.sh

tap_plan 50

for f in "$KO" "$SEGWD" "$UPDOWN" "$ENBSIM"; do
	[ -e "$f" ] || { for i in $(seq 50); do tap_skip "segwd suite" "$f not built"; done; tap_done; exit; }
done
if ! need_cmd nft /usr/lib/ipsec/charon "$PLUTO" >/dev/null; then
	[ -d build/strongswan-root ] && cp -a build/strongswan-root/. /
fi

PSK_A=a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0
PSK_B=b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0
PSK_C=c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0
PSK_D=d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0
PSK_E=e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff00
PSK_W=0f0e0d0c0b0a09080706050403020100f0e0d0c0b0a090807060504030201000
ID_A=a1b2c3d4e5f60718293a4b5c6d7e8f90
ID_B=b1b2c3d4e5f60718293a4b5c6d7e8f91
ID_D=d0d1d2d3
ID_E=e0e1e2e3
ID_F=f0f1f2f3
PSK_F=f1f2f3f4f5f6f7f8f9fafbfcfdfeff000102030405060708090a0b0c0d0e0f10

cleanup() {
	pkill -9 -x charon 2>/dev/null
	[ -f "$W/segw/segwd.pid" ] && kill "$(segwd_pid)" 2>/dev/null
	[ -f "$W/segw/pluto.bgpid" ] && kill "$(cat "$W/segw/pluto.bgpid")" 2>/dev/null
	[ -n "${EV_PID:-}" ] && kill "$EV_PID" 2>/dev/null
	topo_down
}
trap cleanup EXIT
rm -rf "$W"; mkdir -p "$W"

modprobe -a udp_tunnel ip6_udp_tunnel esp4 xfrm_user xfrm4_tunnel tunnel4 nf_tables nft_masq nft_chain_nat nf_nat veth bridge dummy 2>/dev/null
insmod "$KO" || { tap_diag "insmod failed"; }
topo_up || tap_diag "topology failed"
enb config $SEGW 10.20.0.1

# --- Config handling ---------------------------------------------------
segwd_conf
out=$("$SEGWD" -c /nonexistent.conf 2>&1); rc=$?
[ $rc = 2 ] && echo "$out" | grep -q 'cannot read config' && tap_ok "missing config file: clear error, exit 2" || tap_fail "missing config file (rc $rc: $out)"
printf 'dpd_delay = lots\nbogus_key = 1\n' > "$W/bad.conf"
out=$("$SEGWD" -c "$W/bad.conf" 2>&1); rc=$?
if [ $rc = 2 ] && echo "$out" | grep -q "dpd_delay = 'lots' is not a number" && echo "$out" | grep -q "unknown setting 'bogus_key'"; then
	tap_ok "bad config: every error named, exit 2"
else tap_fail "bad config (rc $rc: $out)"; fi
out=$("$SEGWD" -c "$W/segw/segwd.conf" -o dpd_action=never 2>&1); rc=$?
[ $rc = 2 ] && echo "$out" | grep -q "dpd_action 'never'" && tap_ok "bad command-line override refused" || tap_fail "override (rc $rc: $out)"
tap_check "good config passes --check" "$SEGWD" -c "$W/segw/segwd.conf" --check

# --- Daemons -------------------------------------------------------------
mkdir -p "$W/segw/secrets"
segwd_start
tap_check "segwd registers as the agent" agent_registered
# segwd wrote the secrets file before pluto reads it at start.
pluto_start
tap_check "pluto starts with the segwd secrets file" pluto_alive
wait_for 5 grep -q 'pluto (re)started' "$W/segw/segwd.log"
PLUTO_PID0=$(pluto_pid)
ue_start ue; ue_start ue2; ue_start ue3
ue_conn ue a "@#$ID_A" $PSK_A
ue_load ue
ue_conn ue2 b "@#$ID_B" $PSK_B
ue_load ue2
ue_conn ue3 c "ue3.lwip.example" $PSK_C
ue_conn ue3 wrongpsk "bob@lwip.example" $PSK_E            # the eNB gave PSK_D
ue_conn ue3 unknown "@#deadbeef0001" $PSK_E
ue_conn ue3 weak "@#$ID_D" $PSK_D 2 3des-sha1-modp1024
ue_conn ue3 v1 "@#$ID_D" $PSK_D 1
ue_conn ue3 wide "@#$ID_D" $PSK_D 2 "" 0.0.0.0/0
ue_conn ue3 narrow "@#$ID_F" $PSK_F 2 "" 10.9.9.9/32   # not its address, no NAT
ue_conn ue3 win "@#$ID_E" $PSK_W
ue_load ue3
in_segw "$ENBSIM" events > "$W/events.log" 2>&1 &
EV_PID=$!

# --- SEC-1/2/3: UE A behind NAT ------------------------------------------
A=$(enb add 02:00:00:00:00:0a $ID_A $PSK_A 10.20.0.2 0x100)
wait_for 10 test "$(ue_field "$A" state)" = 2
tap_check "SEC-4: UE_ADD -> PSK file 0600 in a 0700 dir, connection added, READY" bash -c "
	test \"\$(stat -c %a $(psk_file "$A"))\" = 600 && test \"\$(stat -c %a $W/segw/secrets/psk)\" = 700 &&
	grep -q '@segw @#$ID_A : PSK 0x' $(psk_file "$A") && whk --status | grep -q '\"lwip-ue-$A\": ' &&
	test \"\$(ue_field $A state)\" = 2"
tap_check "SEC-9: the connection carries the 5.4 profile, IKEv2 only, no ESN, liveness on" bash -c "
	whk --status | grep '\"lwip-ue-$A\": ' | grep -q 'IKEv2+PSK+ENCRYPT+TUNNEL+PFS+IKEV2_ALLOW_NARROWING+ESN_NO' &&
	whk --status | grep '\"lwip-ue-$A\": ' | grep -q 'IKE algorithms: AES_GCM_16_256-HMAC_SHA2_384-DH20, AES_GCM_16_128-HMAC_SHA2_256-DH19, AES_CBC_128-HMAC_SHA2_256-MODP2048' &&
	whk --status | grep '\"lwip-ue-$A\": ' | grep -q 'dpdaction:clear; dpddelay:10s'"
tap_check "SEC-1/SEC-3: UE A (KEY_ID) behind NAT authenticates with the eNB's IDi and PSK" ue_up ue a
wait_for 10 test "$(ue_field "$A" state)" = 3
st=$(enb get "$A"); kreqid=$(in_segw ip xfrm state | sed -n 's/.*src 203.0.113.2 dst 203.0.113.1.*//p;/src 203.0.113.2 dst 203.0.113.1/{n;p}' | sed -n 's/.*reqid \([0-9]*\).*/\1/p' | head -1)
kreqid=$(in_segw ip xfrm state | awk '/^src 203.0.113.2 dst 203.0.113.1/{getline; for(i=1;i<=NF;i++) if($i=="reqid") print $(i+1)}' | head -1)
tap_diag "$st (kernel reqid $kreqid)"
case "$st" in
*"state=3 reqid=$kreqid inner=192.168.1.10 outer=203.0.113.2 port=4500 flags=1"*) tap_ok "SEC-2/SEC-3: binding ESTABLISHED: kernel reqid, inner 192.168.1.10, outer NAT 203.0.113.2:4500, NAT-T" ;;
*) tap_fail "SEC-2/SEC-3: binding established with the right values" ;;
esac
tap_check "SEC-2: the UE's Child SA is 192.168.1.10/32 === $SEGW/32" bash -c "
	ue_sas ue | grep -Eq 'local +192.168.1.10/32' && ue_sas ue | grep -Eq 'remote +$SEGW/32'"

# --- SEC-2 without NAT, FQDN IDi -----------------------------------------
C=$(enb add 02:00:00:00:00:0c fqdn:ue3.lwip.example $PSK_C 10.20.0.2 0x300)
wait_for 10 test "$(ue_field "$C" state)" = 2
tap_check "SEC-1: UE C (FQDN, no NAT) authenticates" ue_up ue3 c
wait_for 10 test "$(ue_field "$C" state)" = 3
st=$(enb get "$C"); tap_diag "$st"
case "$st" in
*"state=3 reqid="*" inner=198.51.100.10 outer=198.51.100.10 port=500 flags=0"*) tap_ok "SEC-2: no NAT: inner = outer = 198.51.100.10, no NAT-T flag" ;;
*) tap_fail "SEC-2: no-NAT binding values" ;;
esac

# --- Refusals (SEC-4, SEC-9) ---------------------------------------------
RB=$(enb add 02:00:00:00:00:0b rfc822:bob@lwip.example $PSK_D 10.20.0.2 0x200)
wait_for 10 test "$(ue_field "$RB" state)" = 2
tap_refused "SEC-4: wrong PSK for a known IDi (RFC822) is refused" ue_up ue3 wrongpsk 20
tap_check "SEC-4: ... with AUTHENTICATION_FAILED" wait_for 5 grep -q 'received AUTHENTICATION_FAILED' "$W/ue3/charon.log"
tap_refused "SEC-4: unknown IDi is refused" ue_up ue3 unknown 20
D=$(enb add 02:00:00:00:00:0d $ID_D $PSK_D 10.20.0.2 0x400)
wait_for 10 test "$(ue_field "$D" state)" = 2
tap_refused "SEC-9: 3DES/SHA-1/MODP1024 proposals are refused" ue_up ue3 weak 20
tap_check "SEC-9: ... with NO_PROPOSAL_CHOSEN" wait_for 5 grep -q 'received NO_PROPOSAL_CHOSEN' "$W/ue3/charon.log"
tap_refused "SEC-9: IKEv1 gets no answer" ue_up ue3 v1 8
ue_down ue3 v1 >/dev/null 2>&1
tap_check "pluto survived the refusals (same pid)" test "$(pluto_pid)" = "$PLUTO_PID0"

# sa_refused ID PATTERN: UE ID's Child SA was refused (segwd logged PATTERN)
# and the UE released: binding, pluto connection and PSK file gone.
sa_refused() {
	ue_gone "$1" && ! conn_exists "$1" && test ! -e "$(psk_file "$1")" &&
		grep -q "Child SA refused: $2" "$W/segw/segwd.log"
}

# --- TSi wider than one host (DESIGN 5.13) -------------------------------
ue_up ue3 wide 20 > "$W/wide.out" 2>&1
wait_for 15 ue_gone "$D"
tap_check "5.13: TSi 0.0.0.0/0 is refused, UE D released, its connection and PSK gone" \
	sa_refused "$D" 'TSi 0.0.0.0/0 is not a single host'
tap_check "5.13: the eNB got a RELEASED event saying why" grep -q "event=4 text='TSi 0.0.0.0/0 is not a single host'.* id=$D " "$W/events.log"
tap_check "5.13: plaintext to the SeGW still flows (from the NAT box)" ip netns exec nat ping -c 1 -W 2 $SEGW
tap_refused "5.13: no kernel policy swallows 0.0.0.0/0" bash -c "in_segw ip xfrm policy | grep -q 'src 0.0.0.0/0 dst $SEGW/32'"

# --- SEC-2: without NAT the inner address is the outer one --------------
# pluto accepts a TSi of 10.9.9.9/32 from ue3 (198.51.100.10, no NAT); the
# module refuses the ESTABLISHED report and segwd the SA.
F=$(enb add 02:00:00:00:00:1f $ID_F $PSK_F 10.20.0.2 0x510)
wait_for 10 test "$(ue_field "$F" state)" = 2
sas_ue3() { in_segw ip xfrm state | grep -c '^src 198.51.100.10 '; }
sas0=$(sas_ue3)		# UE C's, which stays up
ue_up ue3 narrow 20 > "$W/narrow.out" 2>&1
wait_for 15 ue_gone "$F"
tap_check "SEC-2: a UE without NAT asking for inner 10.9.9.9 is refused by the module and released" \
	sa_refused "$F" 'module refused ESTABLISHED: .*without NAT-T the UE inner address must be its outer address'
tap_check "SEC-2: the eNB got a RELEASED event saying why" grep -q "event=4 text='module refused ESTABLISHED: .* id=$F " "$W/events.log"
wait_for 10 test "$(sas_ue3)" = "$sas0"
tap_check "SEC-2: no kernel policy for 10.9.9.9 and no SA of it are left" bash -c "
	! in_segw ip xfrm policy | grep -q 10.9.9.9 && test \$(in_segw ip xfrm state | grep -c '^src 198.51.100.10 ') = $sas0"

# --- Same private address behind two NATs (DESIGN 5.12) ------------------
B=$(enb add 02:00:00:00:00:1b $ID_B $PSK_B 10.20.0.2 0x500)
wait_for 10 test "$(ue_field "$B" state)" = 2
ue_up ue2 b 20 > "$W/b.out" 2>&1
wait_for 15 ue_gone "$B"
tap_check "5.12: UE B with A's private address is refused and released" bash -c "ue_gone $B && ! conn_exists $B && test ! -e $(psk_file "$B")"
tap_check "5.12: the eNB got RELEASED, reason ADDRESS_CONFLICT, with the text" grep -q "event=4 text='inner address 192.168.1.10/32 already bound to UE $A'.* id=$B .*reason=6" "$W/events.log"
tap_check "5.12: UE A stays ESTABLISHED (binding and SA)" bash -c "test \"\$(ue_field $A state)\" = 3 && ue_has_sa ue a"
pol=$(in_segw ip xfrm policy | grep -A3 '192.168.1.10/32')
if [ "$(printf '%s\n' "$pol" | grep -c 'tmpl src 203.0.113.2 dst 203.0.113.1')" = 2 ] &&
   printf '%s\n' "$pol" | grep -A2 "dst 192.168.1.10/32" | grep -q 'tmpl src 203.0.113.1 dst 203.0.113.2' &&
   ! printf '%s\n' "$pol" | grep -q '203.0.113.3'; then
	tap_ok "5.12: UE A's in, fwd and out policies still point to its NAT, none to B's"
else
	tap_diag "$pol"; tap_fail "5.12: UE A's policies still point to its NAT"
fi
# --- kill -9 segwd with two UEs up ---------------------------------------
kill -9 "$(segwd_pid)"; wait_for 5 bash -c "! kill -0 $(segwd_pid)"
mv "$W/segw/segwd.log" "$W/segw/segwd.log.1"
segwd_start
wait_for 10 grep -q 'resync: module has' "$W/segw/segwd.log"
tap_check "segwd restart: both UEs stay ESTABLISHED, one connection each, PSK files kept" bash -c "
	test \"\$(ue_field $A state)\" = 3 && test \"\$(ue_field $C state)\" = 3 &&
	test \"\$(conn_count $A)\" = 1 && test \"\$(conn_count $C)\" = 1 &&
	test -e $(psk_file "$A") && test -e $(psk_file "$C") && ue_has_sa ue a && ue_has_sa ue3 c"
tap_check "segwd restart: resync adopts all 3 live UEs (2 established, 1 READY), adds and drops nothing" grep -q 'resync: module has 3 UE(s): 3 kept, 0 to add, 0 dropped' "$W/segw/segwd.log"

# --- SEC-6: the UE deletes its IKE SA ------------------------------------
ue_down ue3 c >/dev/null 2>&1
wait_for 15 ue_gone "$C"
tap_check "SEC-6: after the UE's IKE SA delete: binding, connection and PSK file are gone" bash -c "
	ue_gone $C && ! conn_exists $C && test ! -e $(psk_file "$C")"
tap_check "SEC-6: the eNB got RELEASED with reason IKE_SA_DELETED" grep -q "event=4 .*id=$C .*reason=3" "$W/events.log"
tap_refused "SEC-6: a reconnect with the same IDi fails" ue_up ue3 c 20

# --- eNB release of an established UE ------------------------------------
before=$(grep -c 'received DELETE for IKE_SA' "$W/ue/charon.log")
enb release "$A"
wait_for 15 bash -c "test \$(grep -c 'received DELETE for IKE_SA' $W/ue/charon.log) -gt $before"
tap_check "eNB release of established UE A: the UE receives a Delete" bash -c "test \$(grep -c 'received DELETE for IKE_SA' $W/ue/charon.log) -gt $before"
wait_for 10 ue_gone "$A"
tap_check "eNB release: binding freed (DOWN), connection and PSK gone, pluto same pid" bash -c "
	ue_gone $A && ! conn_exists $A && test ! -e $(psk_file "$A") && test \"\$(pluto_pid)\" = $PLUTO_PID0"

# --- SEC-5: window expiry -------------------------------------------------
E=$(enb add 02:00:00:00:00:0e $ID_E $PSK_W 10.20.0.2 0x600 15)
wait_for 10 test "$(ue_field "$E" state)" = 2
tap_check "SEC-5: within the window the PSK file exists" test -e "$(psk_file "$E")"
wait_for 15 ue_gone "$E"
wait_for 5 bash -c "! conn_exists $E"
tap_check "SEC-5: after expiry: binding, connection and PSK file gone" bash -c "ue_gone $E && ! conn_exists $E && test ! -e $(psk_file "$E")"
tap_check "SEC-5: the eNB got RELEASED with reason WINDOW_EXPIRED" grep -q "event=4 .*id=$E .*reason=2" "$W/events.log"
tap_refused "SEC-5: after expiry the IDi is refused" ue_up ue3 win 20

# --- pluto restart ----------------------------------------------------------
A2=$(enb add 02:00:00:00:00:1a $ID_A $PSK_A 10.20.0.2 0x101)
wait_for 10 test "$(ue_field "$A2" state)" = 2
ue_up ue a >/dev/null 2>&1
wait_for 10 test "$(ue_field "$A2" state)" = 3
kill -9 "$(pluto_pid)"; sleep 0.5
rm -f "$W/segw/run/pluto.ctl" "$W/segw/run/pluto.pid"
pluto_start
wait_for 15 conn_exists "$A2"
wait_for 10 conn_exists "$RB"
tap_check "pluto restart: segwd re-adds every connection" bash -c "conn_exists $A2 && conn_exists $RB"
ue_down ue a >/dev/null 2>&1
tap_check "pluto restart: the UE can connect again" ue_up ue a
wait_for 10 ue_has_sa ue a
tap_check "pluto restart: the binding is ESTABLISHED on the same reqid" bash -c "test \"\$(ue_field $A2 state)\" = 3 && grep -q 'UE $A2: SA up again' $W/segw/segwd.log"

# --- module unload and reload ---------------------------------------------
kill "$EV_PID" 2>/dev/null; EV_PID=
rmmod lwip_segw
wait_for 15 grep -q 'family vanished' "$W/segw/segwd.log"
wait_for 15 bash -c "! conn_exists $A2"
tap_check "module unload: segwd tears down pluto's connections and PSK files" bash -c "
	! conn_exists $A2 && ! conn_exists $RB && test -z \"\$(ls $W/segw/secrets/psk)\" && kill -0 \$(segwd_pid)"
insmod "$KO"
enb config $SEGW 10.20.0.1
n=$(grep -c 'registered with lwip_segw' "$W/segw/segwd.log")
wait_for 15 bash -c "test \$(grep -c 'registered with lwip_segw' $W/segw/segwd.log) -gt $n"
A3=$(enb add 02:00:00:00:00:2a $ID_A $PSK_A 10.20.0.2 0x102)
wait_for 10 test "$(ue_field "$A3" state)" = 2
tap_check "module reload: segwd registers again and serves new UEs" test "$(ue_field "$A3" state)" = 2

# --- Hygiene ----------------------------------------------------------------
logs="$W/segw/segwd.log $W/segw/segwd.log.1"
leak=
for k in $PSK_A $PSK_B $PSK_C $PSK_D $PSK_E $PSK_W; do
	grep -qi "$k" $logs && leak="$leak $k"
done
tap_check "no PSK appears in segwd's logs" test -z "$leak"
tap_check "pluto never crashed (no ABORT/ASSERTION in its log)" bash -c "! grep -E 'ABORT|ASSERTION FAILED' $W/segw/pluto.log"
tap_check "segwd still runs" kill -0 "$(segwd_pid)"

if [ -n "${SEGWD_TEST_EXPORT:-}" ]; then
	cp -r "$W" "$SEGWD_TEST_EXPORT/" 2>/dev/null
fi
tap_done
