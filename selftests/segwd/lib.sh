# SPDX-License-Identifier: GPL-2.0
#
# Topology and daemons of the segwd suite (real pluto, real strongSwan).
#
#   ue   192.168.1.10 (u0) -- nat  (n-in .1 | n-out 203.0.113.2) --+
#   ue2  192.168.1.10 (u0) -- nat2 (n-in .1 | n-out 203.0.113.3) --+-- br0 segw 203.0.113.1
#   ue3  198.51.100.10 (u0, no NAT) --------------- s-u3 198.51.100.1 |
#                                                                     segw: lwip_segw.ko, pluto, segwd
# nat, nat2: nftables masquerade. UE "A" is ue, "B" is ue2 (same private
# address as A, DESIGN 5.12), ue3 hosts every other identity.

SEGW=203.0.113.1
W=${SEGWD_TEST_DIR:-/tmp/segwd-test}
KO=build/lwip_segw.ko
SEGWD=build/segwd
UPDOWN=build/segwd-updown
ENBSIM=build/enbsim
PLUTO=/usr/libexec/ipsec/pluto
WHACK=/usr/libexec/ipsec/whack
NS="ue ue2 ue3 nat nat2 segw"

in_segw() { ip netns exec segw "$@"; }
enb() { in_segw "$ENBSIM" "$@"; }
whk() { in_segw "$WHACK" --rundir "$W/segw/run" "$@"; }

topo_up() {
	local n
	for n in $NS; do ip netns add "$n" && ip -n "$n" link set lo up || return 1; done
	ip -n segw link add br0 type bridge
	ip -n segw addr add $SEGW/24 dev br0
	ip -n segw link set br0 up
	ip link add u0 netns ue type veth peer name n-in netns nat
	ip link add u0 netns ue2 type veth peer name n-in netns nat2
	ip link add n-out netns nat type veth peer name s-n1 netns segw
	ip link add n-out netns nat2 type veth peer name s-n2 netns segw
	ip link add u0 netns ue3 type veth peer name s-u3 netns segw
	for n in ue ue2; do
		ip -n $n addr add 192.168.1.10/24 dev u0
		ip -n $n link set u0 up
		ip -n $n route add default via 192.168.1.1
	done
	ip -n nat addr add 203.0.113.2/24 dev n-out
	ip -n nat2 addr add 203.0.113.3/24 dev n-out
	for n in nat nat2; do
		ip -n $n addr add 192.168.1.1/24 dev n-in
		ip -n $n link set n-in up
		ip -n $n link set n-out up
		ip netns exec $n sysctl -qw net.ipv4.ip_forward=1
		ip netns exec $n nft -f - <<-'NFT' || return 1
		table ip nat {
			chain post {
				type nat hook postrouting priority 100; policy accept;
				oifname "n-out" masquerade
			}
		}
		NFT
	done
	for n in s-n1 s-n2; do
		ip -n segw link set $n master br0
		ip -n segw link set $n up
	done
	ip -n ue3 addr add 198.51.100.10/24 dev u0
	ip -n ue3 link set u0 up
	ip -n ue3 route add default via 198.51.100.1
	ip -n segw addr add 198.51.100.1/24 dev s-u3
	ip -n segw link set s-u3 up
	# Xw-U side (the module needs its address configured).
	ip -n segw link add xwu type dummy
	ip -n segw addr add 10.20.0.1/24 dev xwu
	ip -n segw link set xwu up
	# The FIB lookup for inner addresses happens before XFRM.
	ip -n segw route add default via 203.0.113.2
}

topo_down() {
	local n
	for n in $NS; do ip netns del "$n" 2>/dev/null; done
	return 0
}

# --- pluto ---
pluto_start() {
	mkdir -p "$W/segw/run" "$W/segw/nss"
	[ -f "$W/segw/nss/cert9.db" ] || ipsec initnss --nssdir "$W/segw/nss" >/dev/null 2>&1
	printf 'config setup\n\tuniqueids=yes\n' > "$W/segw/ipsec.conf"
	ip netns exec segw "$PLUTO" --config "$W/segw/ipsec.conf" --rundir "$W/segw/run" \
		--secretsfile "$W/segw/secrets/ipsec.secrets" --nssdir "$W/segw/nss" \
		--nofork --stderrlog --dumpdir "$W/segw/run" --ikev1-drop \
		>> "$W/segw/pluto.log" 2>&1 &
	echo $! > "$W/segw/pluto.bgpid"
	wait_for 20 whk --processstatus
}
pluto_pid() { cat "$W/segw/run/pluto.pid" 2>/dev/null; }
pluto_alive() { local p; p=$(pluto_pid) && [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }

# --- segwd ---
segwd_conf() {
	mkdir -p "$W/segw"
	cat > "$W/segw/segwd.conf" <<-EOF2
	# segwd suite settings
	pluto_rundir = $W/segw/run
	secrets_file = $W/segw/secrets/ipsec.secrets
	secrets_dir = $W/segw/secrets/psk
	notify_socket = $W/segw/notify.sock
	notifier = $PWD/$UPDOWN
	local_id = @segw
	dpd_delay = 10
	pluto_poll_ms = 300
	log_level = debug
	EOF2
}
segwd_start() {
	# Not through a shell function: $! must be segwd itself.
	ip netns exec segw "$SEGWD" -c "$W/segw/segwd.conf" >> "$W/segw/segwd.log" 2>&1 &
	echo $! > "$W/segw/segwd.pid"
	wait_for 10 agent_registered
}
segwd_pid() { cat "$W/segw/segwd.pid"; }
agent_registered() { grep -q 'registered with lwip_segw' "$W/segw/segwd.log" && [ -S "$W/segw/notify.sock" ]; }

# --- strongSwan UEs: one charon per UE namespace ---
ue_start() {
	local ns=$1 d=$W/$1
	mkdir -p "$d"
	cat > "$d/strongswan.conf" <<-EOF2
	charon {
		load = random nonce aes sha1 sha2 md5 hmac gcm gmp openssl kdf pem pkcs1 x509 pubkey kernel-netlink socket-default vici updown
		# 4 tries: a loaded TCG host has made pluto's first IKE_AUTH
		# answer take three retransmits (about 12 s).
		retransmit_tries = 4
		retransmit_timeout = 2
		install_routes = no
		plugins {
			vici {
				socket = unix://$d/charon.vici
			}
		}
		filelog {
			f {
				path = $d/charon.log
				time_format = %T
				default = 1
				ike = 2
				flush_line = yes
			}
		}
	}
	swanctl {
		load = random nonce openssl pem pkcs1 x509 pubkey
	}
	EOF2
	ip netns exec "$ns" sh -c "mount -t tmpfs tmpfs /run; STRONGSWAN_CONF=$d/strongswan.conf exec /usr/lib/ipsec/charon" \
		> "$d/charon.out" 2>&1 &
	wait_for 10 test -S "$d/charon.vici"
}

# ue_conn NS NAME ID PSK_HEX [version] [proposals] [local_ts]
ue_conn() {
	local ns=$1 name=$2 id=$3 psk=$4 ver=${5:-2}
	local props=${6:-aes256gcm16-prfsha384-ecp384,aes128gcm16-prfsha256-ecp256,aes128-sha256-modp2048}
	local ts=${7:-dynamic} d=$W/$1
	local esp=aes256gcm16,aes128gcm16,aes128-sha256
	case $props in *3des*) esp=3des-sha1 ;; esac
	cat >> "$d/conns" <<-EOF2
	  $name {
	    version = $ver
	    remote_addrs = $SEGW
	    proposals = $props
	    local {
	      auth = psk
	      id = "$id"
	    }
	    remote {
	      auth = psk
	      id = @segw
	    }
	    children {
	      $name {
	        local_ts = $ts
	        remote_ts = $SEGW/32
	        esp_proposals = $esp
	        start_action = none
	      }
	    }
	  }
	EOF2
	cat >> "$d/secrets" <<-EOF2
	  ike-$name {
	    id-ue = "$id"
	    id-segw = @segw
	    secret = 0x$psk
	  }
	EOF2
}
ue_load() {
	local d=$W/$1
	{ echo "connections {"; cat "$d/conns"; echo "}"; echo "secrets {"; cat "$d/secrets"; echo "}"; } > "$d/swanctl.conf"
	ip netns exec "$1" env STRONGSWAN_CONF="$d/strongswan.conf" swanctl --load-all \
		--uri "unix://$d/charon.vici" --file "$d/swanctl.conf" >/dev/null 2>&1
}
ue_up() { ip netns exec "$1" env STRONGSWAN_CONF="$W/$1/strongswan.conf" swanctl --initiate --uri "unix://$W/$1/charon.vici" --child "$2" --timeout "${3:-40}"; }
ue_down() { ip netns exec "$1" env STRONGSWAN_CONF="$W/$1/strongswan.conf" swanctl --terminate --uri "unix://$W/$1/charon.vici" --ike "$2" --timeout 10; }
ue_sas() { ip netns exec "$1" env STRONGSWAN_CONF="$W/$1/strongswan.conf" swanctl --list-sas --uri "unix://$W/$1/charon.vici"; }
ue_has_sa() { ue_sas "$1" 2>/dev/null | grep -q "^$2: .*ESTABLISHED"; }

# --- module state via the eNB simulator ---
ue_field() { enb get "$1" 2>/dev/null | tr ' ' '\n' | sed -n "s/^$2=//p"; }
ue_gone() { [ -n "$1" ] && ! enb get "$1" >/dev/null 2>&1; }
psk_file() { echo "$W/segw/secrets/psk/lwip-ue-$1.secrets"; }
conn_exists() { whk --status 2>/dev/null | grep -q "\"lwip-ue-$1\":"; }
conn_count() { whk --status 2>/dev/null | grep -c "^000 \"lwip-ue-$1\": [0-9]"; }

# The tests run checks in "bash -c"; they need these.
export W SEGW KO SEGWD UPDOWN ENBSIM PLUTO WHACK
export -f in_segw enb whk pluto_pid pluto_alive segwd_pid agent_registered \
	ue_sas ue_has_sa ue_field ue_gone psk_file conn_exists conn_count ue_up
