#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The command lines of segwctl, enbsim and segwd --check, on the host, where
# the module is not loaded. Each bad argument is refused with exit 2 and a message naming
# what is wrong, before any netlink socket is opened (so a typo is reported
# as a typo, not as "module not loaded"); a well-formed command gets past
# the parser and fails with exit 1 naming the missing module. A PSK's
# digits are never echoed.
set -u
. selftests/lib/tap.sh

tap_plan 32
ctl=build/segwctl
enb=build/enbsim
PSK=$(printf '5a%.0s' $(seq 32))		# 64 digits, 32 octets
MAC=02:00:00:00:00:01

# expect NAME RC PATTERN CMD...: CMD exits RC and its stderr+stdout match
# the extended regular expression PATTERN.
expect() {
	local name=$1 want=$2 pat=$3 out rc=0; shift 3
	out=$("$@" 2>&1) || rc=$?
	printf '%s\n' "$out" | head -3 | sed 's/^/# /'
	if [ "$rc" != "$want" ]; then
		tap_fail "$name (exit $rc, want $want)"
	elif ! printf '%s\n' "$out" | grep -Eq -- "$pat"; then
		tap_fail "$name (no '$pat' in the output)"
	else
		tap_ok "$name"
	fi
}

# no_echo NAME SECRET CMD...: CMD fails and SECRET is not in its output.
no_echo() {
	local name=$1 secret=$2 out rc=0; shift 2
	out=$("$@" 2>&1) || rc=$?
	printf '%s\n' "$out" | head -3 | sed 's/^/# /'
	if [ $rc = 0 ]; then
		tap_fail "$name (was accepted)"
	elif printf '%s\n' "$out" | grep -qi -- "$secret"; then
		tap_fail "$name (the PSK's digits are in the output)"
	else
		tap_ok "$name"
	fi
}

if [ -d /sys/module/lwip_segw ]; then
	echo "# lwip_segw is loaded on this host: the no-module checks would talk to it"
fi

# segwctl: what passes the parser reaches netlink and names the module.
expect "segwctl add, well formed, without the module: exit 1 naming lwip_segw.ko" 1 'lwip_segw.ko loaded' \
	$ctl add mac $MAC idi 0102 psk $PSK enb 10.0.0.1 teid 5
expect "segwctl show without the module: exit 1 naming lwip_segw.ko" 1 'lwip_segw.ko loaded' \
	$ctl show
expect "segwctl unknown command: exit 2 with the usage" 2 '^usage: segwctl' \
	$ctl frobnicate
expect "segwctl add with a bad MAC: exit 2 naming the MAC" 2 'MAC.*02:00:zz' \
	$ctl add mac 02:00:zz:00:00:01 idi 0102 psk $PSK enb 10.0.0.1 teid 5
expect "segwctl add with a 4294967296 TEID: exit 2" 2 'TEID.*4294967296' \
	$ctl add mac $MAC idi 0102 psk $PSK enb 10.0.0.1 teid 4294967296
expect "segwctl add with eNB port 65536: exit 2" 2 'eNB endpoint' \
	$ctl add mac $MAC idi 0102 psk $PSK enb 10.0.0.1:65536 teid 5
expect "segwctl add with a 257-octet IDi: exit 2 with the bounds" 2 'want an even number, 2 to 510' \
	$ctl add mac $MAC idi "$(printf '01%.0s' $(seq 256))" psk $PSK enb 10.0.0.1 teid 5
no_echo "SEC-6 segwctl add with a 31-octet PSK: refused, digits not echoed" 5a5a5a \
	$ctl add mac $MAC idi 0102 psk "${PSK:2}" enb 10.0.0.1 teid 5
no_echo "SEC-6 segwctl add with a non-hex PSK: refused, digits not echoed" 5a5a5a \
	$ctl add mac $MAC idi 0102 psk "${PSK:0:62}zz" enb 10.0.0.1 teid 5
expect "segwctl --help: exit 0 with the usage" 0 '^usage: segwctl' \
	$ctl --help
expect "segwctl show --json: exit 2 saying --json goes first" 2 'goes before the command' \
	$ctl show --json
expect "segwctl add with TEID 0: exit 2 (0 is reserved)" 2 'TEID.*reserved' \
	$ctl add mac $MAC idi 0102 psk $PSK enb 10.0.0.1 teid 0
no_echo "SEC-6 segwctl add with a passphrase for a PSK: refused as not hex, not echoed" 'secret' \
	$ctl add mac $MAC idi 0102 psk secretpassword enb 10.0.0.1 teid 5
expect "segwctl config set uplink with a bad mode: exit 2" 2 'relay, check or off' \
	$ctl config set uplink fast

# One spelling per number and MAC (tools/lib/parse.c): no octal, no sign.
expect "segwctl add with TEID 010 gets past the parser (decimal, not octal 8)" 1 'lwip_segw.ko loaded' \
	$ctl add mac $MAC idi 0102 psk $PSK enb 10.0.0.1 teid 010
expect "segwctl add with a TEID ' -18446744073709551615' (wraps to 1 in strtoull): exit 2" 2 'TEID' \
	$ctl add mac $MAC idi 0102 psk $PSK enb 10.0.0.1 teid " -18446744073709551615"
expect "enbsim add with MAC -2:00:00:00:00:01: exit 2" 2 "MAC '-2:00" \
	$enb add -2:00:00:00:00:01 0102 $PSK 10.0.0.1 5
expect "enbsim gtpu recv --timeout 4294968 (overflows poll's ms): exit 2" 2 'at most 86400' \
	$enb gtpu recv --bind 127.0.0.1:39001 --timeout 4294968

# A PSK from a file or stdin instead of the command line (/proc/PID/cmdline).
pf=$(mktemp); echo "$PSK" > "$pf"
expect "segwctl add psk @FILE gets past the parser" 1 'lwip_segw.ko loaded' \
	$ctl add mac $MAC idi 0102 psk "@$pf" enb 10.0.0.1 teid 5
expect "segwctl add psk - (stdin) gets past the parser" 1 'lwip_segw.ko loaded' \
	$ctl add mac $MAC idi 0102 psk - enb 10.0.0.1 teid 5 < "$pf"
expect "segwctl add psk @MISSING: exit 2 naming the file" 2 "PSK file $pf.missing: No such file" \
	$ctl add mac $MAC idi 0102 psk "@$pf.missing" enb 10.0.0.1 teid 5
expect "segwctl batch with psk -: exit 2 (stdin is the batch)" 2 'use psk @FILE' \
	$ctl batch <<< "add mac $MAC idi 0102 psk - enb 10.0.0.1 teid 5"
expect "enbsim add with the PSK on stdin gets past the parser" 1 'load lwip_segw.ko' \
	$enb add $MAC 0102 - 10.0.0.1 5 < "$pf"
rm -f "$pf"

# enbsim: the same split.
expect "enbsim add, well formed, without the module: exit 1 naming lwip_segw.ko" 1 'load lwip_segw.ko' \
	$enb add $MAC 0102 $PSK 10.0.0.1 5
expect "enbsim add with a 4294967296 TEID: exit 2" 2 'TEID.*4294967296' \
	$enb add $MAC 0102 $PSK 10.0.0.1 4294967296
no_echo "SEC-6 enbsim add with a 31-octet PSK: refused, digits not echoed" 5a5a5a \
	$enb add $MAC 0102 "${PSK:2}" 10.0.0.1 5
expect "enbsim add with a bad MAC: exit 2 naming the MAC" 2 "MAC '02:00:zz" \
	$enb add 02:00:zz:00:00:01 0102 $PSK 10.0.0.1 5

# segwd --check: settings that would fail later, or write extra lines into
# pluto's files, are refused up front; the defaults pass.
d=$(mktemp -d)
expect "segwd --check with the defaults passes" 0 'settings OK' \
	build/segwd --check
expect "segwd -c DIR: refused (a directory reads as an empty config)" 2 'not a regular file' \
	build/segwd -c "$d" --check
expect "segwd secrets_file inside secrets_dir: refused" 2 'outside secrets_dir' \
	build/segwd --check -o secrets_dir="$d/psk" -o secrets_file="$d/psk/all.secrets"
expect "segwd local_id with a newline: refused" 2 'control characters' \
	build/segwd --check -o local_id=$'gw\n: PSK 0x00'
expect "segwd ike with a newline: refused" 2 'control characters' \
	build/segwd --check -o ike=$'aes_gcm256-sha384-ecp384\nx'
rm -rf "$d"
tap_done
