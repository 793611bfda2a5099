// SPDX-License-Identifier: GPL-2.0
/*
 * Xw-U: the SeGW's GTP-U endpoint towards the eNB (TS 36.464, TS 29.281).
 *
 * Each netns that is configured owns one kernel UDP tunnel socket bound to
 * the configured Xw-U address and port (2152 by default).
 *
 * Uplink: a packet that passed enforcement (uplink.c) is relayed unchanged,
 * the whole inner IP packet (IP / GRE / user packet), as a GTPv1-U T-PDU
 * carrying the eNB's TEID for this UE, to the UE's eNB endpoint and nowhere
 * else (SEC-8). The outer packet may be fragmented: the Xw-U transport must
 * support fragmentation (TS 36.464), so DF is clear.
 *
 * Downlink: a T-PDU on the socket is matched to its UE by TEID (the SeGW
 * TEID handed to the eNB at UE_ADD); its outer source must be that UE's eNB
 * (SEC-8), the UE must be established, and the T-PDU must be an IPv4 packet
 * SeGW public address -> UE inner address carrying GRE (SEC-2). It is then
 * sent like a locally generated packet, so the XFRM output policy of the UE's
 * SA encrypts it towards the UE. Echo Requests are answered; a T-PDU for an
 * unknown TEID gets a rate-limited Error Indication; extension headers that
 * the receiver must comprehend are refused (we comprehend none); everything
 * else is dropped and counted.
 *
 * Locking: the socket pointer is published with RCU; writers (config) hold
 * lwip_segw_xwu_mutex. The receive and relay paths take no lock.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ip.h>
#include <linux/mutex.h>
#include <linux/ratelimit.h>
#include <linux/udp.h>
#include <net/gtp.h>
#include <net/ip.h>
#include <net/ip_tunnels.h>
#include <net/netns/generic.h>
#include <net/route.h>
#include <net/udp.h>
#include <net/udp_tunnel.h>

#include "netns.h"
#include "uplink.h"
#include "xwu.h"

#define LWIP_SEGW_GTP_FLAGS	0x30	/* version 1, PT = GTP */
#define LWIP_SEGW_GTP_ERR_IND	26	/* Error Indication */
#define LWIP_SEGW_GTPIE_TEID_I	16	/* Tunnel Endpoint Identifier Data I */
#define LWIP_SEGW_GTPIE_PEER	133	/* GTP-U Peer Address */

struct lwip_segw_xwu_net {
	struct socket __rcu *sock;	/* writers hold lwip_segw_xwu_mutex */
};

static unsigned int lwip_segw_xwu_net_id __read_mostly;
static DEFINE_MUTEX(lwip_segw_xwu_mutex);

/* Error Indications for unknown TEIDs, module-wide. */
static DEFINE_RATELIMIT_STATE(lwip_segw_err_ind_rs, HZ, 10);

static struct lwip_segw_xwu_net *lwip_segw_xwu_net(const struct net *net)
{
	return net_generic(net, lwip_segw_xwu_net_id);
}

/*
 * Sends skb, whose data starts with a GTP-U message, from sk to daddr:dport.
 * Consumes skb.
 */
static int lwip_segw_xwu_xmit(struct sock *sk, struct sk_buff *skb,
			      __be32 daddr, __be16 dport)
{
	struct net *net = sock_net(sk);
	struct rtable *rt;
	struct flowi4 fl4 = {
		.daddr = daddr,
		.saddr = inet_sk(sk)->inet_saddr,
		.flowi4_proto = IPPROTO_UDP,
		.fl4_dport = dport,
		.fl4_sport = inet_sk(sk)->inet_sport,
	};

	rt = ip_route_output_key(net, &fl4);
	if (IS_ERR(rt)) {
		kfree_skb(skb);
		return PTR_ERR(rt);
	}
	if (skb_cow_head(skb, LL_RESERVED_SPACE(rt->dst.dev) +
			 sizeof(struct iphdr) + sizeof(struct udphdr))) {
		ip_rt_put(rt);
		kfree_skb(skb);
		return -ENOMEM;
	}
	udp_tunnel_xmit_skb(rt, sk, skb, fl4.saddr, fl4.daddr, 0,
			    ip4_dst_hoplimit(&rt->dst), 0, fl4.fl4_sport,
			    dport, false, false);
	return 0;
}

/* A GTP-U signalling message of len octets of IEs, ready for the IEs. */
static struct sk_buff *lwip_segw_gtp_msg(u8 type, u32 teid, unsigned int len,
					 bool seq, __be16 seqno)
{
	unsigned int hlen = seq ? sizeof(struct gtp1_header_long) :
				  sizeof(struct gtp1_header);
	unsigned int room = LL_MAX_HEADER + sizeof(struct iphdr) +
			    sizeof(struct udphdr);
	struct gtp1_header_long *gtp;
	struct sk_buff *skb;

	skb = alloc_skb(room + hlen + len, GFP_ATOMIC);
	if (!skb)
		return NULL;
	skb_reserve(skb, room);
	gtp = skb_put_zero(skb, hlen);
	gtp->flags = LWIP_SEGW_GTP_FLAGS | (seq ? GTP1_F_SEQ : 0);
	gtp->type = type;
	gtp->length = htons(hlen - sizeof(struct gtp1_header) + len);
	gtp->tid = htonl(teid);
	if (seq)
		gtp->seq = seqno;
	return skb;
}

/* TS 29.281 7.2.2: Echo Response with the Recovery IE, same sequence. */
static void lwip_segw_xwu_echo(struct sock *sk, __be32 saddr, __be16 sport,
			       __be16 seqno)
{
	struct sk_buff *skb;
	u8 *ie;

	skb = lwip_segw_gtp_msg(GTP_ECHO_RSP, 0, 2, true, seqno);
	if (!skb)
		return;
	ie = skb_put(skb, 2);
	ie[0] = GTPIE_RECOVERY;
	ie[1] = 0;
	lwip_segw_xwu_xmit(sk, skb, saddr, sport);
}

/* TS 29.281 7.3.1: Error Indication for a T-PDU with an unknown TEID. */
static void lwip_segw_xwu_err_ind(struct sock *sk, u32 teid, __be32 saddr,
				  __be16 sport)
{
	__be32 own = inet_sk(sk)->inet_saddr;
	struct sk_buff *skb;
	__be32 teid_be = htonl(teid);
	u8 *ie;

	if (!__ratelimit(&lwip_segw_err_ind_rs))
		return;
	skb = lwip_segw_gtp_msg(LWIP_SEGW_GTP_ERR_IND, 0, 5 + 3 + 4, true, 0);
	if (!skb)
		return;
	ie = skb_put(skb, 5 + 3 + 4);
	ie[0] = LWIP_SEGW_GTPIE_TEID_I;
	memcpy(ie + 1, &teid_be, 4);
	ie[5] = LWIP_SEGW_GTPIE_PEER;
	ie[6] = 0;
	ie[7] = 4;
	memcpy(ie + 8, &own, 4);
	lwip_segw_xwu_xmit(sk, skb, saddr, sport);
}

/*
 * Parses the GTP-U header at the start of the UDP payload. Returns the
 * header length (mandatory part, optional fields and every extension
 * header), or -1 when the message is malformed or carries an extension
 * header that the receiver must comprehend. skb->data is at the UDP header.
 */
static int lwip_segw_gtp_parse(struct sk_buff *skb, u8 *type, u32 *teid,
			       __be16 *seqno)
{
	unsigned int off = sizeof(struct udphdr);
	const struct gtp1_header *gtp;
	unsigned int hlen, msglen;
	u8 next;

	if (!pskb_may_pull(skb, off + sizeof(*gtp)))
		return -1;
	gtp = (const struct gtp1_header *)(skb->data + off);
	if ((gtp->flags & 0xf0) != LWIP_SEGW_GTP_FLAGS)
		return -1;	/* not GTPv1 with PT = 1 */
	msglen = ntohs(gtp->length);
	if (msglen > skb->len - off - sizeof(*gtp))
		return -1;	/* truncated */
	*type = gtp->type;
	*teid = ntohl(gtp->tid);
	*seqno = 0;
	hlen = sizeof(*gtp);
	if (!(gtp->flags & GTP1_F_MASK))
		goto out;

	/* Any of E, S, PN: the 4 optional octets are present. */
	if (msglen < 4 || !pskb_may_pull(skb, off + hlen + 4))
		return -1;
	gtp = (const struct gtp1_header *)(skb->data + off);
	*seqno = ((const struct gtp1_header_long *)gtp)->seq;
	next = (gtp->flags & GTP1_F_EXTHDR) ?
	       ((const struct gtp1_header_long *)gtp)->next : 0;
	hlen += 4;
	while (next) {
		unsigned int elen;

		/* TS 29.281 5.2.1: the two top bits say who must understand. */
		if (next & 0x80)
			return -1;
		if (!pskb_may_pull(skb, off + hlen + 1))
			return -1;
		elen = skb->data[off + hlen] * 4;
		if (!elen || hlen + elen > sizeof(*gtp) + msglen ||
		    !pskb_may_pull(skb, off + hlen + elen))
			return -1;
		next = skb->data[off + hlen + elen - 1];
		hlen += elen;
	}
	if (hlen > sizeof(*gtp) + msglen)
		return -1;
out:
	/* Drop anything after the message (UDP may carry padding). */
	if (pskb_trim(skb, off + sizeof(*gtp) + msglen))
		return -1;
	return hlen;
}

static int lwip_segw_xwu_drop(struct lwip_segw_net *ln,
			      struct lwip_segw_binding *b,
			      struct sk_buff *skb, enum lwip_segw_drop reason)
{
	if (b)
		lwip_segw_binding_count_drop(b, reason);
	else
		lwip_segw_net_count_drop(ln, reason);
	if (net_ratelimit())
		pr_info("ue %u: downlink drop (%s) from %pI4\n",
			b ? lwip_segw_binding_id(b) : 0,
			lwip_segw_drop_name(reason), &ip_hdr(skb)->saddr);
	kfree_skb(skb);
	return 0;
}

/* Checks the inner packet of a T-PDU and hands it to XFRM. Consumes skb. */
static int lwip_segw_xwu_tpdu(struct sock *sk, struct sk_buff *skb,
			      struct lwip_segw_net *ln,
			      struct lwip_segw_binding *b, int hlen)
{
	struct net *net = sock_net(sk);
	__be32 segw = lwip_segw_net_segw_addr(ln);
	struct lwip_segw_endpoint enb;
	const struct iphdr *iph;
	struct rtable *rt;
	struct flowi4 fl4;

	lwip_segw_binding_enb(b, &enb);
	if (ip_hdr(skb)->saddr != enb.addr)
		return lwip_segw_xwu_drop(ln, b, skb,
					  LWIP_SEGW_DROP_DL_WRONG_SOURCE);
	if (!lwip_segw_binding_established(b))
		return lwip_segw_xwu_drop(ln, b, skb,
					  LWIP_SEGW_DROP_DL_NOT_ESTABLISHED);

	if (iptunnel_pull_header(skb, sizeof(struct udphdr) + hlen,
				 htons(ETH_P_IP), false))
		return lwip_segw_xwu_drop(ln, b, skb,
					  LWIP_SEGW_DROP_DL_MALFORMED);
	if (!pskb_may_pull(skb, sizeof(struct iphdr)))
		goto malformed;
	iph = (const struct iphdr *)skb->data;
	if (iph->version != 4 || iph->ihl < 5 ||
	    ntohs(iph->tot_len) < iph->ihl * 4 ||
	    ntohs(iph->tot_len) > skb->len ||
	    !pskb_may_pull(skb, iph->ihl * 4))
		goto malformed;
	iph = (const struct iphdr *)skb->data;
	if (ip_fast_csum(iph, iph->ihl))
		goto malformed;
	if (pskb_trim(skb, ntohs(iph->tot_len)))
		goto malformed;
	if (iph->saddr != segw)
		return lwip_segw_xwu_drop(ln, b, skb,
					  LWIP_SEGW_DROP_DL_INNER_SRC);
	if (iph->daddr != lwip_segw_binding_inner_addr(b))
		return lwip_segw_xwu_drop(ln, b, skb,
					  LWIP_SEGW_DROP_DL_INNER_DST);
	if (iph->protocol != IPPROTO_GRE)
		return lwip_segw_xwu_drop(ln, b, skb,
					  LWIP_SEGW_DROP_DL_NOT_GRE);

	skb_reset_network_header(skb);
	skb_reset_transport_header(skb);
	memset(IPCB(skb), 0, sizeof(*IPCB(skb)));

	/* The UE's XFRM output policy (SeGW public -> UE inner) applies. */
	memset(&fl4, 0, sizeof(fl4));
	fl4.daddr = iph->daddr;
	fl4.saddr = iph->saddr;
	fl4.flowi4_proto = IPPROTO_GRE;
	rt = ip_route_output_flow(net, &fl4, NULL);
	if (IS_ERR(rt)) {
		lwip_segw_binding_count_drop(b, LWIP_SEGW_DROP_DL_NO_ROUTE);
		kfree_skb(skb);
		return 0;
	}
	skb_dst_set(skb, &rt->dst);
	/*
	 * Output rewrites the inner header and XFRM pushes the outer one into
	 * the headroom, where the GTP-U headers were: a packet tap (tcpdump on
	 * the Xw-U interface) may share that buffer. Make it ours first, as
	 * ip_forward() does.
	 */
	if (skb_cow_head(skb, LL_RESERVED_SPACE(rt->dst.dev) +
			 rt->dst.header_len)) {
		/* Out of memory: counted as the uplink counts it, unsent. */
		lwip_segw_binding_count_drop(b, LWIP_SEGW_DROP_DL_NO_ROUTE);
		kfree_skb(skb);
		return 0;
	}
	lwip_segw_binding_count_dl(b, skb->len);
	ip_local_out(net, NULL, skb);
	return 0;

malformed:
	return lwip_segw_xwu_drop(ln, b, skb, LWIP_SEGW_DROP_DL_MALFORMED);
}

/* encap_rcv of the Xw-U socket: every datagram to it ends here. */
static int lwip_segw_xwu_rcv(struct sock *sk, struct sk_buff *skb)
{
	struct lwip_segw_net *ln = lwip_segw_net(sock_net(sk));
	struct lwip_segw_binding *b;
	__be16 seqno;
	u8 type;
	u32 teid;
	int hlen;

	hlen = lwip_segw_gtp_parse(skb, &type, &teid, &seqno);
	if (hlen < 0)
		return lwip_segw_xwu_drop(ln, NULL, skb,
					  LWIP_SEGW_DROP_DL_MALFORMED);

	switch (type) {
	case GTP_TPDU:
		break;
	case GTP_ECHO_REQ:
		lwip_segw_xwu_echo(sk, ip_hdr(skb)->saddr, udp_hdr(skb)->source,
				   seqno);
		consume_skb(skb);
		return 0;
	default:
		/* Echo Response, Error Indication, End Marker...: not for us. */
		return lwip_segw_xwu_drop(ln, NULL, skb,
					  LWIP_SEGW_DROP_DL_MALFORMED);
	}

	/* encap_rcv runs under rcu_read_lock() (udp_queue_rcv_one_skb). */
	b = teid ? lwip_segw_binding_by_teid_rcu(ln, teid) : NULL;
	if (!b) {
		lwip_segw_xwu_err_ind(sk, teid, ip_hdr(skb)->saddr,
				      udp_hdr(skb)->source);
		return lwip_segw_xwu_drop(ln, NULL, skb,
					  LWIP_SEGW_DROP_DL_UNKNOWN_TEID);
	}
	return lwip_segw_xwu_tpdu(sk, skb, ln, b, hlen);
}

/* Relays one non-GSO inner packet. Consumes skb. */
static void lwip_segw_xwu_relay_one(struct sock *sk,
				    struct lwip_segw_binding *b,
				    const struct lwip_segw_endpoint *enb,
				    struct sk_buff *skb)
{
	unsigned int len = skb->len;
	struct gtp1_header *gtp;

	if (skb_cow_head(skb, sizeof(*gtp)))
		goto drop;
	gtp = skb_push(skb, sizeof(*gtp));
	gtp->flags = LWIP_SEGW_GTP_FLAGS;
	gtp->type = GTP_TPDU;
	gtp->length = htons(len);
	gtp->tid = htonl(enb->teid);
	skb->ip_summed = CHECKSUM_NONE;
	if (lwip_segw_xwu_xmit(sk, skb, enb->addr, htons(enb->port)))
		lwip_segw_binding_count_drop(b, LWIP_SEGW_DROP_UL_NO_ROUTE);
	else
		lwip_segw_binding_count_ul(b, len);
	return;
drop:
	lwip_segw_binding_count_drop(b, LWIP_SEGW_DROP_UL_NO_ROUTE);
	kfree_skb(skb);
}

void lwip_segw_xwu_relay_ul(struct net *net, struct lwip_segw_binding *b,
			    struct sk_buff *skb)
{
	struct socket *sock = rcu_dereference(lwip_segw_xwu_net(net)->sock);
	struct lwip_segw_endpoint enb;
	struct sk_buff *segs, *next;

	if (unlikely(!sock)) {
		lwip_segw_binding_count_drop(b, LWIP_SEGW_DROP_UL_NO_ROUTE);
		kfree_skb(skb);
		return;
	}
	lwip_segw_binding_enb(b, &enb);

	/* Leave the UE's IPsec context behind: the T-PDU is a new packet. */
	skb_scrub_packet(skb, false);
	memset(IPCB(skb), 0, sizeof(*IPCB(skb)));

	if (likely(!skb_is_gso(skb))) {
		lwip_segw_xwu_relay_one(sock->sk, b, &enb, skb);
		return;
	}
	/*
	 * GRO may have merged GRE-encapsulated TCP into one skb; a second
	 * tunnel level cannot be offloaded, so segment here, in software and
	 * as a receive-path skb (like openvswitch's upcalls do).
	 */
	segs = __skb_gso_segment(skb, 0, false);
	if (IS_ERR_OR_NULL(segs)) {
		lwip_segw_binding_count_drop(b, LWIP_SEGW_DROP_UL_NO_ROUTE);
		kfree_skb(skb);
		return;
	}
	consume_skb(skb);
	skb_list_walk_safe(segs, skb, next) {
		skb_mark_not_on_list(skb);
		lwip_segw_xwu_relay_one(sock->sk, b, &enb, skb);
	}
}

int lwip_segw_xwu_open(struct net *net, __be32 addr, u16 port,
		       struct netlink_ext_ack *extack)
{
	struct lwip_segw_xwu_net *xn = lwip_segw_xwu_net(net);
	struct udp_tunnel_sock_cfg tcfg = {
		.encap_type = 1,
		.encap_rcv = lwip_segw_xwu_rcv,
	};
	struct udp_port_cfg ucfg = {
		.family = AF_INET,
		.local_ip.s_addr = addr,
		.local_udp_port = htons(port),
	};
	struct socket *sock, *old;
	int err;

	/* Setting the same endpoint again keeps the socket. */
	mutex_lock(&lwip_segw_xwu_mutex);
	old = rcu_dereference_protected(xn->sock,
					lockdep_is_held(&lwip_segw_xwu_mutex));
	if (old && inet_sk(old->sk)->inet_saddr == addr &&
	    inet_sk(old->sk)->inet_sport == htons(port)) {
		mutex_unlock(&lwip_segw_xwu_mutex);
		return 0;
	}
	mutex_unlock(&lwip_segw_xwu_mutex);

	err = udp_sock_create4(net, &ucfg, &sock);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack,
				   "cannot bind the Xw-U socket: is the Xw-U address local to this netns and the port free?");
		return err;
	}
	setup_udp_tunnel_sock(net, sock, &tcfg);

	mutex_lock(&lwip_segw_xwu_mutex);
	old = rcu_dereference_protected(xn->sock,
					lockdep_is_held(&lwip_segw_xwu_mutex));
	rcu_assign_pointer(xn->sock, sock);
	mutex_unlock(&lwip_segw_xwu_mutex);
	if (old) {
		synchronize_net();
		udp_tunnel_sock_release(old);
	}
	return 0;
}

void lwip_segw_xwu_close(struct net *net)
{
	struct lwip_segw_xwu_net *xn = lwip_segw_xwu_net(net);
	struct socket *old;

	mutex_lock(&lwip_segw_xwu_mutex);
	old = rcu_dereference_protected(xn->sock,
					lockdep_is_held(&lwip_segw_xwu_mutex));
	RCU_INIT_POINTER(xn->sock, NULL);
	mutex_unlock(&lwip_segw_xwu_mutex);
	if (old) {
		/* Relays in flight hold no reference: wait them out. */
		synchronize_net();
		udp_tunnel_sock_release(old);
	}
}

static void __net_exit lwip_segw_xwu_net_exit(struct net *net)
{
	lwip_segw_xwu_close(net);
}

static struct pernet_operations lwip_segw_xwu_net_ops = {
	.exit = lwip_segw_xwu_net_exit,
	.id = &lwip_segw_xwu_net_id,
	.size = sizeof(struct lwip_segw_xwu_net),
};

int lwip_segw_xwu_init(void)
{
	return register_pernet_subsys(&lwip_segw_xwu_net_ops);
}

void lwip_segw_xwu_exit(void)
{
	unregister_pernet_subsys(&lwip_segw_xwu_net_ops);
}
