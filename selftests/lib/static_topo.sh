# SPDX-License-Identifier: GPL-2.0
#
# Static-SA topology for the data-path suites (no IKE daemon): every SA is
# installed with `ip xfrm`, AES-GCM, tunnel mode, and decapsulated in the
# segw namespace, where the module's hook runs (the secpath does not survive
# a veth crossing, so decapsulation must happen where the hook is).
#
#   ue  198.51.100.10 (UE A, no NAT)   u0 ---- s-u  198.51.100.1 |
#       198.51.100.11 (UE B)                                     |  segw
#       198.51.100.12 (E, unbound SA)                            |  public 203.0.113.1 (s-n)
#   uen 192.168.1.10  n0 -- nat (n-in 192.168.1.1 | n-out 203.0.113.2) -- s-n
#       (UE C and D behind NAT: ESP in UDP 4500, nftables masquerade)
#   enb 10.20.0.2 (e0) ---- s-e 10.20.0.1: Xw-U
#
# UE-side output policies are selected by fwmark (= the reqid), so pktsend
# can put a packet with any header into any SA.

SEGW=203.0.113.1
KEY=0x0102030405060708091011121314151617181920

NS="ue uen nat segw enb"

topo_cleanup() {
	local n
	for n in $NS; do ip netns del "$n" 2>/dev/null; done
	pkill -f 'pktsend natt-listen' 2>/dev/null
	return 0
}

topo_up() {
	local n
	for n in $NS; do ip netns add "$n" && ip -n "$n" link set lo up || return 1; done
	ip link add u0 netns ue type veth peer name s-u netns segw
	# The WLAN side of the NAT takes jumbo frames: pktsend's raw packets
	# cannot be fragmented by the UE, so the NAT fragments the ESP instead
	# (the SeGW then reassembles, as it would for a UE's own fragments).
	ip link add n0 netns uen mtu 9000 type veth peer name n-in netns nat mtu 9000
	ip link add n-out netns nat type veth peer name s-n netns segw
	ip link add e0 netns enb type veth peer name s-e netns segw

	ip -n ue addr add 198.51.100.10/24 dev u0
	ip -n ue addr add 198.51.100.11/24 dev u0
	ip -n ue addr add 198.51.100.12/24 dev u0
	ip -n ue link set u0 up
	ip -n ue route add default via 198.51.100.1

	ip -n uen addr add 192.168.1.10/24 dev n0
	ip -n uen link set n0 up
	ip -n uen route add default via 192.168.1.1

	ip -n nat addr add 192.168.1.1/24 dev n-in
	ip -n nat addr add 203.0.113.2/24 dev n-out
	ip -n nat link set n-in up
	ip -n nat link set n-out up
	ip netns exec nat sysctl -qw net.ipv4.ip_forward=1
	ip netns exec nat nft -f - <<-'NFT' || return 1
	table ip nat {
		chain post {
			type nat hook postrouting priority 100; policy accept;
			oifname "n-out" masquerade
		}
	}
	NFT

	ip -n segw addr add 198.51.100.1/24 dev s-u
	ip -n segw addr add $SEGW/24 dev s-n
	ip -n segw addr add 10.20.0.1/24 dev s-e
	for n in s-u s-n s-e; do ip -n segw link set $n up; done
	ip -n segw route add 192.168.1.0/24 via 203.0.113.2
	ip -n enb addr add 10.20.0.2/24 dev e0
	ip -n enb link set e0 up

	# What reaches segw's local stack, by protocol: the observation point
	# for "passed" (input runs after PRE_ROUTING and the policy check).
	ip netns exec segw nft -f - <<-'NFT' || return 1
	table inet obs {
		counter gre {}
		counter udp9 {}
		chain in {
			type filter hook input priority 0; policy accept;
			meta l4proto gre counter name gre
			udp dport 9 counter name udp9
		}
	}
	NFT
	# ESP in UDP is only decapsulated where a socket asked for it (the IKE
	# daemon's job): on the SeGW and on the UE behind NAT.
	ip netns exec segw "$PKTSEND" natt-listen 4500 >/dev/null 2>&1 &
	ip netns exec uen "$PKTSEND" natt-listen 4500 >/dev/null 2>&1 &

	# What the UEs receive from the SeGW through their tunnel.
	for n in ue uen; do
		ip netns exec $n nft -f - <<-'NFT' || return 1
		table inet obs {
			counter gre {}
			chain in {
				type filter hook input priority 0; policy accept;
				meta secpath exists ip saddr 203.0.113.1 meta l4proto gre counter name gre
			}
		}
		NFT
	done
}

# obs_ns NS NAME: a counter of NS's observation table.
obs_ns() {
	ip netns exec "$1" nft list counter inet obs "$2" | sed -n 's/.*packets \([0-9]*\).*/\1/p'
}

# sa NS_UE REQID UE_SRC SEGW_SIDE_SRC INNER [natt] [DST]
#   One SA pair for a "UE": UE->SeGW and SeGW->UE, SPIs derived from the reqid.
#   SEGW_SIDE_SRC is the outer source the SeGW's SA records (the NAT's address
#   for a UE behind NAT). INNER is the UE inner address: the SeGW's policies
#   and the UE's inbound policy use it ("none": no SeGW policy, the uplink
#   packets are meant to be dropped). DST is the SA's outer destination on
#   the SeGW (default: the public address).
sa() {
	local uens=$1 reqid=$2 uesrc=$3 segwsrc=$4 inner=$5 natt=${6:-} dst=${7:-$SEGW}
	local spi_up spi_dn encap=
	spi_up=$(printf '0x%x' $((0x1000 + reqid)))
	spi_dn=$(printf '0x%x' $((0x2000 + reqid)))
	[ -z "$natt" ] || encap="encap espinudp 4500 4500 0.0.0.0"
	# UE side: output by fwmark, input by address.
	ip -n "$uens" xfrm state add src "$uesrc" dst "$dst" proto esp spi "$spi_up" \
		reqid "$reqid" mode tunnel aead 'rfc4106(gcm(aes))' $KEY 128 $encap || return 1
	ip -n "$uens" xfrm state add src "$dst" dst "$uesrc" proto esp spi "$spi_dn" \
		reqid "$reqid" mode tunnel aead 'rfc4106(gcm(aes))' $KEY 128 $encap || return 1
	ip -n "$uens" xfrm policy add src 0.0.0.0/0 dst 0.0.0.0/0 dir out mark "$reqid" \
		tmpl src "$uesrc" dst "$dst" proto esp reqid "$reqid" mode tunnel || return 1
	if [ "$inner" != none ]; then
		ip -n "$uens" xfrm policy add src "$SEGW/32" dst "$inner/32" dir in \
			tmpl src "$dst" dst "$uesrc" proto esp reqid "$reqid" mode tunnel || return 1
	fi
	# SeGW side.
	ip -n segw xfrm state add src "$segwsrc" dst "$dst" proto esp spi "$spi_up" \
		reqid "$reqid" mode tunnel aead 'rfc4106(gcm(aes))' $KEY 128 $encap || return 1
	ip -n segw xfrm state add src "$dst" dst "$segwsrc" proto esp spi "$spi_dn" \
		reqid "$reqid" mode tunnel aead 'rfc4106(gcm(aes))' $KEY 128 $encap || return 1
	[ "$inner" = none ] && return 0
	ip -n segw xfrm policy add src "$inner/32" dst "$SEGW/32" dir in \
		tmpl src "$segwsrc" dst "$dst" proto esp reqid "$reqid" mode tunnel || return 1
	ip -n segw xfrm policy add src "$SEGW/32" dst "$inner/32" dir out \
		tmpl src "$dst" dst "$segwsrc" proto esp reqid "$reqid" mode tunnel
}

# sa_transport NS_UE REQID UE_SRC: a transport-mode SA pair (not LWIP).
sa_transport() {
	local uens=$1 reqid=$2 uesrc=$3 spi
	spi=$(printf '0x%x' $((0x1000 + reqid)))
	ip -n "$uens" xfrm state add src "$uesrc" dst $SEGW proto esp spi "$spi" \
		reqid "$reqid" mode transport aead 'rfc4106(gcm(aes))' $KEY 128 || return 1
	ip -n "$uens" xfrm policy add src 0.0.0.0/0 dst 0.0.0.0/0 dir out mark "$reqid" \
		tmpl src "$uesrc" dst $SEGW proto esp reqid "$reqid" mode transport || return 1
	ip -n segw xfrm state add src "$uesrc" dst $SEGW proto esp spi "$spi" \
		reqid "$reqid" mode transport aead 'rfc4106(gcm(aes))' $KEY 128
}

# obs NAME: packets counted by segw's input observation counter NAME.
obs() {
	ip netns exec segw nft list counter inet obs "$1" | sed -n 's/.*packets \([0-9]*\).*/\1/p'
}
