#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/bench/datapath/guest.sh BOOT OUT: one boot of the datapath benchmark,
# run by tools/bench/datapath/run inside a guest with an instruction-count
# clock (tools/vm/run --icount). Writes OUT/runs-BOOT.csv (one line per
# timed run) and OUT/facts-BOOT.txt ("name value" lines); reads the tables
# that `run` generated in OUT/gen.
#
# Topology (three namespaces, veth pairs, static neighbours):
#   ue  u0 ----- g0  segw  s1 ----- e0  enb
#   UE i: inner = outer address 10.128.0.0 + i, reqid 1000 + i
#   SeGW public 192.0.2.1 (g0), Xw-U 10.20.0.1 (s1); eNB 10.20.0.2 (e0)
#   segw routes 10.128.0.0/9 to a dummy device: downlink ESP ends there.
#
# Variants of the uplink filter, all loaded once and switched on one at a
# time: (a) the module, `segwctl config set uplink check` (enforce, pass on:
# the same job as a filter; `off` unregisters its hooks); (b) the nftables
# table lwipb (flags dormant when off); (c) iptables-nft `-m policy`
# rules in table raw (dormant when off); (d) nothing on.
# A run replays captured ESP frames from ue (pktreplay send) and waits until
# segw's Ip InUnknownProtos (GRE with no GRE driver loaded) rose by the count.
set -u
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
cd "$top" || exit 2
BOOT=${1:?boot number}
OUT=${2:?output directory}
GEN=$OUT/gen
RUNS=$OUT/runs-$BOOT.csv
FACTS=$OUT/facts-$BOOT.txt
W=/tmp/bench-dp
. "$GEN/params"		# NS, PKTS, REPS, TRAFFIC_<n>, SPOOF_UE

SEGW=192.0.2.1
SEGWCTL=$top/build/segwctl
UELOAD=$top/build/bench/ueload
PR=$top/build/bench/pktreplay
GCM_KEY=0x0102030405060708091011121314151617181920

log() { echo "bench[$BOOT] $(date +%H:%M:%S) $*"; }
die() { log "FAILED: $*"; exit 1; }
fact() { echo "$1 $2" >> "$FACTS"; }
now_ns() { date +%s%N; }
addr() { printf '10.%d.%d.%d' $((128 + ($1 >> 16))) $((($1 >> 8) & 255)) $(($1 & 255)); }
in_ns() { local n=$1; shift; ip netns exec "$n" "$@"; }
segwctl() { in_ns segw "$SEGWCTL" "$@"; }

# --- Topology ------------------------------------------------------------

topo_up() {
	local n
	modprobe -a esp4 xfrm_user xfrm4_tunnel dummy veth nf_tables nft_xfrm \
		xt_policy nft_compat 2>/dev/null
	for n in ue segw enb; do
		ip netns add $n
		ip -n $n link set lo up
		in_ns $n sysctl -qw net.ipv4.icmp_msgs_per_sec=0 net.ipv4.icmp_msgs_burst=0 \
			net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
	done
	sysctl -qw net.core.netdev_max_backlog=100000
	ip link add u0 netns ue type veth peer name g0 netns segw
	ip link add e0 netns enb type veth peer name s1 netns segw
	ip -n segw link add dm0 type dummy
	for l in "ue u0" "segw g0" "segw s1" "segw dm0" "enb e0"; do
		set -- $l; ip -n "$1" link set "$2" up
	done
	ip -n segw addr add $SEGW/24 dev g0
	ip -n segw addr add 10.20.0.1/24 dev s1
	ip -n segw route add 10.128.0.0/9 dev dm0
	in_ns segw sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.accept_local=1 \
		net.ipv4.conf.s1.accept_local=1 net.ipv4.conf.s1.rp_filter=0 \
		net.ipv4.conf.g0.rp_filter=0
	ip -n ue route add 192.0.2.0/24 dev u0
	ip -n ue neigh add $SEGW lladdr "$(cat /sys/class/net/g0/address 2>/dev/null ||
		ip -n segw -br link show g0 | awk '{ print $3 }')" dev u0 nud permanent
	ip -n enb addr add 10.20.0.2/24 dev e0
	ip -n enb addr add $SEGW/32 dev lo	# source of the plain downlink frames
	ip -n enb route add 10.128.0.0/9 via 10.20.0.1
	ip -n enb neigh replace 10.20.0.1 lladdr "$(ip -n segw -br link show s1 | awk '{ print $3 }')" \
		dev e0 nud permanent
	ip -n segw neigh replace 10.20.0.2 lladdr "$(ip -n enb -br link show e0 | awk '{ print $3 }')" \
		dev s1 nud permanent
	# A process in segw: its /proc/PID/net/{snmp,dev} are segw's counters.
	ip netns exec segw sleep 1000000 &
	SPID=$!
	UL_CTR=snmp:/proc/$SPID/net/snmp:Ip:InUnknownProtos
	DL_CTR=netdev:/proc/$SPID/net/dev:dm0:tx_packets
}

# The first SA of an algorithm makes the kernel load its crypto modules
# (request_module) and wait for them with timeouts (the larval wait, 60 s).
# With the instruction-count clock an idle guest's time jumps ahead while the
# host reads the modules over 9p, so on a busy host that first wait can time
# out ("Requested AEAD algorithm not found"). Instantiate each algorithm
# once here, in a scratch netns, retrying until the modules are in.
crypto_warm() {
	local try ok kind
	ip netns add warm || return 1
	for kind in null gcm; do
		ok=0
		for try in 1 2 3 4 5; do
			if [ $kind = null ]; then
				set -- enc 'ecb(cipher_null)' '' auth digest_null ''
			else
				set -- aead 'rfc4106(gcm(aes))' $GCM_KEY 128
			fi
			if ip -n warm xfrm state add src 10.255.0.1 dst 10.255.0.2 \
				proto esp spi 0x100 mode tunnel "$@" 2>/dev/null; then
				ok=1
				break
			fi
			log "crypto: $kind not ready yet (try $try)"
			sleep 2
		done
		ip -n warm xfrm state flush
		[ $ok = 1 ] || { log "crypto: $kind never loaded"; return 1; }
	done
	ip netns del warm
}

module_up() {
	local deps
	deps=$(modinfo -F depends build/lwip_segw.ko | tr ',' ' ')
	modprobe -a $deps || return 1
	insmod build/lwip_segw.ko || return 1
	segwctl config set public $SEGW xwu 10.20.0.1:2152 window 0 uplink off >/dev/null
}

# --- Variants --------------------------------------------------------------

var_on() {
	case $1 in
	a) segwctl config set uplink check >/dev/null ;;
	b) in_ns segw nft add table ip lwipb ;;
	c) in_ns segw nft add table ip raw ;;
	d) : ;;
	esac
}

var_off() {
	case $1 in
	a) segwctl config set uplink off >/dev/null ;;
	b) in_ns segw nft add table ip lwipb '{ flags dormant; }' ;;
	c) in_ns segw nft add table ip raw '{ flags dormant; }' ;;
	d) : ;;
	esac
}

# --- Tables for N UEs -------------------------------------------------------

# grow FROM TO: SAs/policies, bindings, nft elements for UEs FROM..TO.
grow() {
	local from=$1 to=$2 t0 t1 show out
	t0=$(now_ns)
	ip -n segw -batch "$GEN/xfrm-$from-$to.batch" || die "xfrm batch $from-$to"
	t1=$(now_ns); fact "setup_xfrm_s_$to" "$(( (t1 - t0) / 1000000 ))e-3"
	show=$(echo "${TRAFFIC[*]} $SPOOF_UE" | tr ' ' ',')
	t0=$(now_ns)
	out=$(in_ns segw "$UELOAD" add "$from" "$to" --established --show "$show") ||
		die "ueload add $from $to"
	t1=$(now_ns); fact "setup_bindings_s_$to" "$(( (t1 - t0) / 1000000 ))e-3"
	echo "$out" | awk '$1 == "ue" { print $2, $6 }' >> "$W/teids"
	t0=$(now_ns)
	in_ns segw nft -f "$GEN/nft-$to.nft" || die "nft table for $to UEs"
	t1=$(now_ns); fact "setup_nft_s_$to" "$(( (t1 - t0) / 1000000 ))e-3"
	t0=$(now_ns)
	in_ns segw iptables-nft-restore "$GEN/ipt-$to.rules" || die "iptables-nft-restore $to"
	in_ns segw nft add table ip raw '{ flags dormant; }'
	t1=$(now_ns); fact "setup_iptables_s_$to" "$(( (t1 - t0) / 1000000 ))e-3"
}

teid_of() { awk -v u="$1" '$1 == u { t = $2 } END { print t }' "$W/teids"; }

# Per algorithm: the UE side's SAs for the traffic UEs (and the spoofing
# UE), segw's GCM inbound SAs and outbound (downlink) SAs.
use_alg() {
	local alg=$1 u a spi_ul spi_dl enc
	ip -n ue xfrm state flush; ip -n ue xfrm policy flush
	for u in "${TRAFFIC[@]}" ${SPOOF_ON:+$SPOOF_UE}; do
		a=$(addr "$u")
		if [ "$alg" = null ]; then
			spi_ul=$((0x100000 + u)); spi_dl=$((0x300000 + u))
			enc=(enc 'ecb(cipher_null)' '' auth digest_null '')
		else
			spi_ul=$((0x200000 + u)); spi_dl=$((0x400000 + u))
			enc=(aead 'rfc4106(gcm(aes))' $GCM_KEY 128)
			ip -n segw xfrm state add src "$a" dst $SEGW proto esp spi $spi_ul \
				reqid $((1000 + u)) mode tunnel "${enc[@]}" 2>/dev/null
		fi
		ip -n ue xfrm state add src "$a" dst $SEGW proto esp spi $spi_ul \
			reqid $((1000 + u)) mode tunnel "${enc[@]}" || return 1
		ip -n ue xfrm policy add src "$a/32" dst $SEGW/32 dir out \
			tmpl src "$a" dst $SEGW proto esp reqid $((1000 + u)) mode tunnel || return 1
		ip -n ue addr replace "$a/32" dev u0
		[ "$u" = "$SPOOF_UE" ] && continue
		# Downlink: one outbound SA per traffic UE, of this algorithm.
		ip -n segw xfrm state deleteall src $SEGW dst "$a" 2>/dev/null
		ip -n segw xfrm state add src $SEGW dst "$a" proto esp spi $spi_dl \
			reqid $((1000 + u)) mode tunnel "${enc[@]}" || return 1
		ip -n segw xfrm policy update src $SEGW/32 dst "$a/32" dir out \
			tmpl src $SEGW dst "$a" proto esp reqid $((1000 + u)) mode tunnel || return 1
	done
	if [ -n "${SPOOF_ON:-}" ]; then
		# The spoofed source rides the spoofing UE's SA.
		a=$(addr "$SPOOF_UE")
		ip -n ue addr replace 10.127.0.99/32 dev u0
		ip -n ue xfrm policy add src 10.127.0.99/32 dst $SEGW/32 dir out \
			tmpl src "$a" dst $SEGW proto esp reqid $((1000 + SPOOF_UE)) mode tunnel || return 1
	fi
}

# capture NS IFACE FILE CAPARGS -- TRIGGER...: one frame as segw sees it.
capture() {
	local ns=$1 ifc=$2 file=$3 capargs=() pid
	shift 3
	while [ "$1" != -- ]; do capargs+=("$1"); shift; done
	shift
	rm -f "$W/cap.out"
	# No timer in the capture: under icount with sleep=off an idle guest
	# (waiting for 9p reads while the trigger starts) warps its clock to
	# the next timer, which would be the capture's deadline. The frame is
	# queued by the time the trigger's send returns; then give it a moment.
	in_ns "$ns" "$PR" cap "$ifc" "$file" "${capargs[@]}" --timeout 100000 > "$W/cap.out" 2>&1 &
	pid=$!
	for _ in $(seq 200); do grep -q listening "$W/cap.out" 2>/dev/null && break; sleep 0.05; done
	"$@" >/dev/null || { kill $pid 2>/dev/null; die "trigger: $*"; }
	for _ in $(seq 100); do kill -0 $pid 2>/dev/null || break; sleep 0.05; done
	kill $pid 2>/dev/null
	wait $pid || die "capture on $ifc after '$*': $(cat "$W/cap.out")"
}

capture_frames() {
	local alg=$1 u a i=0
	UL_FRAMES=(); DL_RELAY=(); DL_PLAIN=()
	for u in "${TRAFFIC[@]}"; do
		a=$(addr "$u"); i=$((i + 1))
		capture segw g0 "$W/ul-$alg-$i" --proto 50 -- in_ns ue "$PR" ip "$a" $SEGW 47
		UL_FRAMES+=("$W/ul-$alg-$i")
		capture segw s1 "$W/dlr-$alg-$i" --proto 17 --dport 2152 -- \
			in_ns enb "$PR" gtpu 10.20.0.2 10.20.0.1 "$(teid_of "$u")" $SEGW "$a"
		DL_RELAY+=("$W/dlr-$alg-$i")
		capture segw s1 "$W/dlp-$alg-$i" --proto 47 -- in_ns enb "$PR" ip $SEGW "$a" 47
		DL_PLAIN+=("$W/dlp-$alg-$i")
	done
	# Drop traffic the kernel's own policy check lets through (d delivers
	# it), but the LWIP rules refuse: a non-GRE protocol (SEC-8) and, on the
	# SA of a UE whose policy allows any source, a spoofed source (SEC-2).
	a=$(addr "${TRAFFIC[0]}")
	capture segw g0 "$W/drop-proto-$alg" --proto 50 -- in_ns ue "$PR" ip "$a" $SEGW 253
	DROPS=(proto)
	if [ -n "${SPOOF_ON:-}" ]; then
		capture segw g0 "$W/drop-spoof-$alg" --proto 50 -- \
			in_ns ue "$PR" ip 10.127.0.99 $SEGW 47
		DROPS+=(spoof)
	fi
}

# run N ALG DIR VARIANT KIND REP COUNT CTR [--expect-none] FRAMES...
run() {
	local n=$1 alg=$2 dir=$3 v=$4 kind=$5 rep=$6 count=$7 ctr=$8 out rc
	shift 8
	out=$(in_ns "$( [ "$dir" = ul ] && echo ue || echo enb)" "$PR" send \
		"$( [ "$dir" = ul ] && echo u0 || echo e0)" "$count" "$ctr" "$@" 2>&1)
	rc=$?
	echo "$BOOT,$n,$alg,$dir,$v,$kind,$rep,$(echo "$out" | tr ' ' '\n' |
		awk -F= '$1 ~ /^(sent|delivered|ns|ns_per_pkt)$/ { v[$1] = $2 }
		END { printf "%s,%s,%s,%s", v["sent"], v["delivered"], v["ns"], v["ns_per_pkt"] }'),$rc" >> "$RUNS"
	[ $rc = 0 ] || log "run $n $alg $dir $v $kind rep $rep: rc $rc: $out"
	return $rc
}

# Packets per run: the linear iptables chain gets fewer at large N.
count_for() {
	local v=$1 n=$2
	if [ "$v" = c ] && [ "$n" -gt 100 ]; then
		local c=$((PKTS * 100 / n)); [ $c -lt 10 ] && c=10; echo $c
	else
		echo "$PKTS"
	fi
}

measure_uplink() {
	local n=$1 alg=$2 rep v c
	for rep in $(seq "$REPS"); do
		for v in $(printf '%s\n' a b c d | shuf); do
			c=$(count_for $v "$n")
			var_on $v
			run "$n" "$alg" ul $v warmup "$rep" $(( c < 200 ? c : 200 )) "$UL_CTR" "${UL_FRAMES[@]}" >/dev/null
			run "$n" "$alg" ul $v run "$rep" "$c" "$UL_CTR" "${UL_FRAMES[@]}"
			var_off $v
		done
	done
}

# Verdicts: the drop traffic yields nothing in a, b and c, everything in d.
verdicts() {
	local n=$1 alg=$2 v k c
	for v in a b c d; do
		c=$(count_for $v "$n"); [ "$c" -gt 50 ] && c=50
		var_on $v
		for k in "${DROPS[@]}"; do
			if [ $v = d ]; then
				run "$n" "$alg" ul $v "drop-$k" 1 "$c" "$UL_CTR" "$W/drop-$k-$alg"
			else
				run "$n" "$alg" ul $v "drop-$k" 1 "$c" "$UL_CTR" --expect-none "$W/drop-$k-$alg"
			fi
		done
		var_off $v
	done
	fact "module_drops_after_${n}_$alg" "$(segwctl stats | awk '/^drop_/ && $2 { printf "%s=%s;", $1, $2 }')"
}

measure_downlink() {
	local n=$1 alg=$2 rep v
	for rep in $(seq "$REPS"); do
		for v in $(printf '%s\n' relay plain | shuf); do
			if [ $v = relay ]; then
				run "$n" "$alg" dl $v warmup "$rep" 200 "$DL_CTR" "${DL_RELAY[@]}" >/dev/null
				run "$n" "$alg" dl $v run "$rep" "$PKTS" "$DL_CTR" "${DL_RELAY[@]}"
			else
				run "$n" "$alg" dl $v warmup "$rep" 200 "$DL_CTR" "${DL_PLAIN[@]}" >/dev/null
				run "$n" "$alg" dl $v run "$rep" "$PKTS" "$DL_CTR" "${DL_PLAIN[@]}"
			fi
		done
	done
}

# --- Control plane and memory ------------------------------------------------

# timed NAME CMD...: runs CMD (output in $W/timed.out) and records
# NAME_cpu_s (its user + system time) and NAME_elapsed_s.
timed() {
	local name=$1 t TIMEFORMAT='%3R %3U %3S'
	shift
	t=$( { time "$@" > "$W/timed.out" 2> "$W/timed.err"; } 2>&1 ) ||
		{ cat "$W/timed.err" >&2; return 1; }
	fact "${name}_elapsed_s" "${t%% *}"
	fact "${name}_cpu_s" "$(echo "$t" | awk '{ printf "%.3f", $2 + $3 }')"
}

# Sum of active objects x object size over every slab cache, in bytes.
slab_bytes() { awk 'NR > 2 { s += $2 * $4 } END { printf "%.0f\n", s }' /proc/slabinfo; }
# Bytes (active objects x size) per slab cache, "name bytes" lines.
slab_per_cache() { awk 'NR > 2 { print $1, $2 * $4 }' /proc/slabinfo; }
# slab_grown BEFORE: the caches that grew most since the BEFORE snapshot,
# as "name=+bytes;" (where memory left after a release went).
slab_grown() {
	slab_per_cache | awk 'NR == FNR { b[$1] = $2; next }
		{ d = $2 - b[$1]; if (d > 0) print d, $1 }' "$1" - |
		sort -rn | head -n 4 | awk '{ printf "%s=+%d;", $2, $1 }'
}
meminfo() { awk -v k="$1:" '$1 == k { printf "%.0f\n", $2 * 1024 }' /proc/meminfo; }

control_plane() {
	local m=$CP_N t0 t1 s0 s1 p0 p1 v0 v1 f0 f1 first=$CP_FIRST last=$((CP_FIRST + CP_N - 1))
	log "control plane: $m bindings over netlink against one nft batch"
	# Memory: established bindings (the data path's state), then freed.
	sync; echo 3 > /proc/sys/vm/drop_caches
	slab_per_cache > "$W/slab0"
	s0=$(slab_bytes); p0=$(meminfo Percpu); v0=$(meminfo VmallocUsed); f0=$(meminfo MemFree)
	in_ns segw "$UELOAD" add $first $last --established --reqid-base 2000000 \
		--addr-base 11.0.0.0 > "$W/mem.out" || die "ueload (memory)"
	sync; echo 3 > /proc/sys/vm/drop_caches
	s1=$(slab_bytes); p1=$(meminfo Percpu); v1=$(meminfo VmallocUsed); f1=$(meminfo MemFree)
	fact mem_bindings "$m"
	fact mem_slab_bytes "$((s1 - s0))"
	fact mem_percpu_bytes "$((p1 - p0))"
	fact mem_vmalloc_bytes "$((v1 - v0))"
	fact mem_memfree_drop_bytes "$((f0 - f1))"
	id0=$(awk '$1 == "added" { print $4 }' "$W/mem.out")
	id1=$(awk '$1 == "added" { print $6 }' "$W/mem.out")
	in_ns segw "$UELOAD" release "$id0" "$id1" --down >/dev/null || die "ueload release (memory)"
	# Frees wait for RCU grace periods and the tables shrink in a worker.
	sleep 5; sync; echo 3 > /proc/sys/vm/drop_caches
	fact mem_slab_bytes_after_release "$(( $(slab_bytes) - s0 ))"
	fact mem_slab_grown_after_release "$(slab_grown "$W/slab0")"
	fact mem_binding_cache_objects_after_release \
		"$(awk '$1 == "lwip_segw_binding" { print $2 }' /proc/slabinfo)"
	fact mem_ues_after_release "$(segwctl stats | awk '$1 == "ues" { print $2 }')"

	# Time: add then remove m bindings (eNB adds, the agent takes each
	# request) against loading the same entries into an nft map and
	# deleting them, one batch each. The figure is the process's CPU time
	# (user + system: the kernel's work on its requests runs in its
	# system calls); the elapsed guest time is kept too, but under icount
	# an idle guest (waiting for 9p reads) jumps its clock ahead.
	cp "$GEN/nft-load.nft" "$GEN/nft-unload.nft" "$W/"
	nft --version >/dev/null; "$UELOAD" >/dev/null 2>&1	# warm the page cache
	timed cp_netlink_add in_ns segw "$UELOAD" add $first $last --reqid-base 2000000 \
		--addr-base 11.0.0.0 || die "ueload add (time)"
	id0=$(awk '$1 == "added" { print $4 }' "$W/timed.out")
	id1=$(awk '$1 == "added" { print $6 }' "$W/timed.out")
	timed cp_netlink_remove in_ns segw "$UELOAD" release "$id0" "$id1" ||
		die "ueload release (time)"
	timed cp_nft_load in_ns segw nft -f "$W/nft-load.nft" || die "nft load"
	timed cp_nft_remove in_ns segw nft -f "$W/nft-unload.nft" || die "nft unload"
	fact cp_entries "$m"
}

# --- Main ------------------------------------------------------------------

main() {
	rm -rf "$W"; mkdir -p "$W"
	: > "$RUNS"; : > "$FACTS"; : > "$W/teids"
	log "boot $BOOT: N = $NS, $PKTS packets a run, $REPS repetitions"
	fact kernel "$(uname -r)"
	fact nft_version "$(nft --version | awk '{ print $2 }')"
	fact iptables_version "$(iptables-nft --version | awk '{ print $2 }')"
	topo_up || die "topology"
	crypto_warm || die "crypto modules"
	module_up || die "module"
	control_plane

	prev=0
	for n in $NS; do
		eval "TRAFFIC=(\$TRAFFIC_$n)"
		SPOOF_ON=; [ "$n" -gt "$SPOOF_UE" ] && SPOOF_ON=1
		log "N = $n: growing the tables from $prev"
		grow $((prev + 1)) "$n"
		prev=$n
		[ "$n" = 1 ] && in_ns segw nft list table ip lwipb > "$OUT/nft-lwipb-$BOOT.txt"
		fact "ues_in_module_$n" "$(segwctl stats | awk '$1 == "ues" { print $2 }')"
		fact "xfrm_states_$n" "$(ip -n segw xfrm state count 2>/dev/null | awk '{ print $NF }')"
		for alg in null gcm; do
			log "N = $n, $alg: frames"
			use_alg $alg || die "SAs for $alg"
			capture_frames $alg
			log "N = $n, $alg: uplink"
			measure_uplink "$n" $alg
			verdicts "$n" $alg
			log "N = $n, $alg: downlink"
			measure_downlink "$n" $alg
		done
	done
	fact xfrm_stat "$(in_ns segw cat /proc/net/xfrm_stat | awk '$2 { printf "%s=%s;", $1, $2 }')"
	log "boot $BOOT done"
}

# BENCH_LIB=1: only define the functions (for debugging a step).
[ -n "${BENCH_LIB:-}" ] || main
