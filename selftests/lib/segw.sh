# SPDX-License-Identifier: GPL-2.0
#
# Helpers for suites that drive the module through segwctl in the segw netns
# of selftests/lib/static_topo.sh: counters, the agent simulator, UEs.
# Needs SEGWCTL and ENBSIM set; source after tap.sh.

segwctl() { ip netns exec segw "$SEGWCTL" "$@"; }

# field ID NAME: one "key value" line of `segwctl show ID`.
field() { segwctl show "$1" | awk -v k="$2" '$1 == k { print $2; exit }'; }

# drops_total ID: the sum of all drop counters of UE ID.
drops_total() { segwctl show "$1" | awk '/^drop_/ { s += $2 } END { print s + 0 }'; }

# global NAME: a netns-wide counter from `segwctl stats`.
global() { segwctl stats | awk -v k="$1" '$1 == k { print $2; exit }'; }

# global_drops: the sum of the netns-wide drop counters.
global_drops() { segwctl stats | awk '/^drop_/ { s += $2 } END { print s + 0 }'; }

# agent_start: config set, then segwctl agent-sim reading commands from fd 9.
agent_start() {
	segwctl config set public "$SEGW" xwu 10.20.0.1:2152 >/dev/null || return 1
	rm -f /run/agent.in
	mkfifo /run/agent.in
	segwctl agent-sim < /run/agent.in > /run/agent.out 2>&1 &
	agent_pid=$!
	exec 9> /run/agent.in
	wait_for 5 grep -q registered /run/agent.out
}

agent_stop() {
	exec 9>&- 2>/dev/null
	[ -z "${agent_pid:-}" ] || { kill "$agent_pid" 2>/dev/null; wait "$agent_pid" 2>/dev/null; }
	agent_pid=
}

# add_ue VAR HEX: adds a UE whose MAC, IDi, PSK and eNB TEID (0x100 + HEX)
# derive from HEX (two hex digits); sets VAR to its id.
add_ue() {
	local out
	out=$(segwctl add mac "02:00:00:00:00:$2" idi "a1b2c3$2" \
		psk "$(printf '%064x' "0x$2")" enb 10.20.0.2:2152 teid "$((0x100 + 0x$2))") || return 1
	printf -v "$1" '%s' "$(printf '%s\n' "$out" | awk '$1 == "id" { print $2 }')"
}

# established ID REQID INNER OUTER PORT natt|nonat: the agent reports the SA.
established() {
	echo "established $*" >&9
	wait_for 5 test "$(field "$1" state)" = established
}

# The eNB's Xw-U receiver on 10.20.0.2:2152: one line per message received.
enb_count() { wc -l < /run/enb.rx; }
enb_rx_start() {
	: > /run/enb.rx
	ip netns exec enb "$ENBSIM" gtpu recv --bind 10.20.0.2:2152 --count 1000000 --timeout 3600 \
		> /run/enb.rx 2>&1 &
	enb_rx_pid=$!
}
enb_rx_stop() { [ -z "${enb_rx_pid:-}" ] || kill "$enb_rx_pid" 2>/dev/null; enb_rx_pid=; }

# expect_drop NAME ID REASON CMD...: runs CMD (which sends one packet) and
# checks that exactly the counter drop_REASON of UE ID went up by one,
# nothing else of that UE moved, and nothing reached the eNB.
expect_drop() {
	local name=$1 id=$2 reason=$3 before total ul dl at_enb; shift 3
	before=$(field "$id" "drop_$reason")
	total=$(drops_total "$id")
	ul=$(field "$id" ul_packets)
	dl=$(field "$id" dl_packets)
	at_enb=$(enb_count)
	"$@" >/dev/null
	if wait_for 5 test "$(field "$id" "drop_$reason")" = $((before + 1)) &&
	   sleep 0.3 && [ "$(drops_total "$id")" = $((total + 1)) ] &&
	   [ "$(field "$id" ul_packets)" = "$ul" ] && [ "$(field "$id" dl_packets)" = "$dl" ] &&
	   [ "$(enb_count)" = "$at_enb" ]; then
		tap_ok "$name"
	else
		segwctl show "$id" | sed 's/^/# /'
		tap_fail "$name (drop_$reason $before -> $(field "$id" "drop_$reason"))"
	fi
}

# expect_global_drop NAME REASON CMD...: the same for a drop that has no UE.
expect_global_drop() {
	local name=$1 reason=$2 before total at_enb; shift 2
	before=$(global "drop_$reason")
	total=$(global_drops)
	at_enb=$(enb_count)
	"$@" >/dev/null
	if wait_for 5 test "$(global "drop_$reason")" = $((before + 1)) &&
	   sleep 0.3 && [ "$(global_drops)" = $((total + 1)) ] && [ "$(enb_count)" = "$at_enb" ]; then
		tap_ok "$name"
	else
		segwctl stats | sed 's/^/# /'
		tap_fail "$name (drop_$reason $before -> $(global "drop_$reason"))"
	fi
}

# send NS PKTSEND-ARGS...: pktsend send in NS.
send() { ip netns exec "$1" "$PKTSEND" send "${@:2}"; }
