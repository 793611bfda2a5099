// SPDX-License-Identifier: GPL-2.0
/*
 * Uplink enforcement on XFRM-decapsulated packets (3GPP TS 33.401 H.2.2).
 *
 * After tunnel-mode decapsulation the inner packet re-enters PRE_ROUTING of
 * the netns that decapsulated it, carrying a secpath. The SA that produced it
 * is the last entry of the secpath; its reqid names the binding. Packets whose
 * SA is not bound to a UE are none of our business and pass untouched, so
 * other IPsec on the box keeps working. Packets of a bound SA must satisfy
 * every rule below or are dropped with their own reason and counter:
 *
 *   binding ESTABLISHED          (a PENDING, READY or RELEASING UE sends nothing)
 *   SA in tunnel mode            (SEC-1)
 *   SA outer destination = SeGW public address
 *   inner destination = SeGW public address                     (SEC-2)
 *   inner source = the UE's inner address reported by the agent (SEC-2)
 *   no NAT-T: inner source = outer source                       (SEC-2)
 *   NAT-T: outer source address and port = the recorded ones    (SEC-3)
 *   inner protocol = GRE, the LWIP interface (LWIPEP)           (SEC-8)
 *
 * The outer addresses are those of the SA the packet was authenticated with:
 * after decapsulation the outer header is gone, and the kernel only accepts
 * ESP whose integrity check passed under that SA's keys, which only this UE
 * holds. A NAT rebinding therefore shows up as the SA's address (updated by
 * the IKE daemon), not per packet.
 *
 * This runs before conntrack and defragmentation: a fragment of the inner
 * packet is checked (its IP header is all the rules need) and never creates
 * conntrack state when dropped. The kernel's own inbound policy check runs
 * later, at LOCAL_IN or FORWARD: this hook is an additional guard.
 *
 * Hot path: one RCU hash lookup by reqid, a handful of compares, per-CPU and
 * per-UE counters. No lock, no allocation.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ip.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/skbuff.h>
#include <net/ip.h>
#include <net/netns/generic.h>
#include <net/xfrm.h>

#include "netns.h"
#include "uplink.h"
#include "xwu.h"

#define LWIP_SEGW_DROP_NAME(reason, name) \
	[LWIP_SEGW_DROP_##reason] = name,
static const char *const lwip_segw_drop_names[LWIP_SEGW_DROP_MAX + 1] = {
#include "drop_names.h"
};

#undef LWIP_SEGW_DROP_NAME

const char *lwip_segw_drop_name(enum lwip_segw_drop reason)
{
	if (reason < 1 || reason > LWIP_SEGW_DROP_MAX ||
	    !lwip_segw_drop_names[reason])
		return "unknown";
	return lwip_segw_drop_names[reason];
}

/* The SA that decapsulated this packet, or NULL if it was not IPsec. */
static struct xfrm_state *lwip_segw_last_sa(const struct sk_buff *skb)
{
	const struct sec_path *sp = skb_sec_path(skb);

	if (!sp || !sp->len)
		return NULL;
	/* xvec[] is in the order the SAs were applied on input. */
	return sp->xvec[sp->len - 1];
}

static unsigned int lwip_segw_drop(struct lwip_segw_binding *b,
				   enum lwip_segw_drop reason,
				   const struct iphdr *iph)
{
	lwip_segw_binding_count_drop(b, reason);
	if (net_ratelimit()) {
		if (iph)
			pr_info("ue %u: uplink drop (%s): %pI4 -> %pI4 proto %u\n",
				lwip_segw_binding_id(b),
				lwip_segw_drop_name(reason), &iph->saddr,
				&iph->daddr, iph->protocol);
		else
			pr_info("ue %u: uplink drop (%s)\n",
				lwip_segw_binding_id(b),
				lwip_segw_drop_name(reason));
	}
	return NF_DROP;
}

/* Returns 0 when the packet obeys every rule, else the drop reason. */
static enum lwip_segw_drop
lwip_segw_uplink_verdict(const struct lwip_segw_binding *b,
			 const struct xfrm_state *x, const struct iphdr *iph,
			 __be32 segw_addr)
{
	if (!lwip_segw_binding_established(b))
		return LWIP_SEGW_DROP_NOT_ESTABLISHED;
	if (x->props.mode != XFRM_MODE_TUNNEL)
		return LWIP_SEGW_DROP_NOT_TUNNEL;
	if (x->props.family != AF_INET || x->id.daddr.a4 != segw_addr)
		return LWIP_SEGW_DROP_OUTER_DST;
	if (iph->daddr != segw_addr)
		return LWIP_SEGW_DROP_INNER_DST;
	if (iph->saddr != lwip_segw_binding_inner_addr(b))
		return LWIP_SEGW_DROP_INNER_SRC;
	if (lwip_segw_binding_natt(b)) {
		if (!x->encap ||
		    x->props.saddr.a4 != lwip_segw_binding_outer_addr(b) ||
		    ntohs(x->encap->encap_sport) !=
		    lwip_segw_binding_outer_port(b))
			return LWIP_SEGW_DROP_NATT_OUTER_SRC;
	} else if (x->encap || x->props.saddr.a4 != iph->saddr) {
		/* Without NAT the UE's WLAN address is both (SEC-2). */
		return LWIP_SEGW_DROP_INNER_OUTER_MISMATCH;
	}
	if (iph->protocol != IPPROTO_GRE)
		return LWIP_SEGW_DROP_NOT_GRE;
	return 0;
}

static unsigned int lwip_segw_uplink_ipv4(void *priv, struct sk_buff *skb,
					  const struct nf_hook_state *state)
{
	struct lwip_segw_binding *b;
	struct lwip_segw_net *ln;
	enum lwip_segw_drop reason;
	struct xfrm_state *x;
	const struct iphdr *iph;

	x = lwip_segw_last_sa(skb);
	if (likely(!x))
		return NF_ACCEPT;
	ln = lwip_segw_net(state->net);
	/* Netfilter hooks run under rcu_read_lock(). */
	b = lwip_segw_binding_by_reqid_rcu(ln, x->props.reqid);
	if (!b)
		return NF_ACCEPT;	/* not a UE's SA: leave it alone */

	/* ip_rcv_core() validated the header before PRE_ROUTING. */
	iph = ip_hdr(skb);
	reason = lwip_segw_uplink_verdict(b, x, iph,
					  lwip_segw_net_segw_addr(ln));
	if (reason)
		return lwip_segw_drop(b, reason, iph);
	/* Check-only mode: what passes goes on into the stack, uncounted. */
	if (unlikely(lwip_segw_net_uplink_mode(ln) == LWIP_SEGW_UPLINK_CHECK))
		return NF_ACCEPT;

	/* Relayed to the UE's eNB and nowhere else (SEC-8). */
	lwip_segw_xwu_relay_ul(state->net, b, skb);
	return NF_STOLEN;
}

/*
 * The LWIP tunnel carries IPv4 only (inner = outer = the SeGW's IPv4 public
 * address). An IPv6 packet out of a UE's SA would otherwise reach the stack
 * unchecked, so it is dropped: its destination cannot be the SeGW's address.
 */
static unsigned int lwip_segw_uplink_ipv6(void *priv, struct sk_buff *skb,
					  const struct nf_hook_state *state)
{
	struct lwip_segw_binding *b;
	struct xfrm_state *x;

	x = lwip_segw_last_sa(skb);
	if (likely(!x))
		return NF_ACCEPT;
	b = lwip_segw_binding_by_reqid_rcu(lwip_segw_net(state->net),
					   x->props.reqid);
	if (!b)
		return NF_ACCEPT;
	return lwip_segw_drop(b, LWIP_SEGW_DROP_INNER_DST, NULL);
}

/*
 * Before defragmentation and conntrack (see the top of this file); the
 * defrag priority is the same number for both families.
 */
#define LWIP_SEGW_UPLINK_PRIO	(NF_IP_PRI_CONNTRACK_DEFRAG - 10)

static const struct nf_hook_ops lwip_segw_uplink_ops[] = {
	{
		.hook		= lwip_segw_uplink_ipv4,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_PRE_ROUTING,
		.priority	= LWIP_SEGW_UPLINK_PRIO,
	},
	{
		.hook		= lwip_segw_uplink_ipv6,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_PRE_ROUTING,
		.priority	= LWIP_SEGW_UPLINK_PRIO,
	},
};

/*
 * Registering and unregistering a netns's hooks. Callers serialise per netns:
 * SET_CONFIG runs under the genl mutex, pernet init and exit under the
 * pernet lock, and a netns being set up or torn down has no genl socket a
 * SET_CONFIG could come from. Both may sleep.
 */
int lwip_segw_uplink_hook(struct net *net)
{
	struct lwip_segw_net *ln = lwip_segw_net(net);
	int err;

	if (ln->uplink_hooked)
		return 0;
	err = nf_register_net_hooks(net, lwip_segw_uplink_ops,
				    ARRAY_SIZE(lwip_segw_uplink_ops));
	if (!err)
		ln->uplink_hooked = true;
	return err;
}

/* After it returns no hook of this netns runs (synchronize_net()). */
void lwip_segw_uplink_unhook(struct net *net)
{
	struct lwip_segw_net *ln = lwip_segw_net(net);

	if (!ln->uplink_hooked)
		return;
	nf_unregister_net_hooks(net, lwip_segw_uplink_ops,
				ARRAY_SIZE(lwip_segw_uplink_ops));
	ln->uplink_hooked = false;
}

/*
 * The hooks are registered in every netns, after the netns state exists
 * (this pernet_operations is registered after netns.c's, so it is
 * initialised after and torn down before it): a hook never sees a table that
 * is being destroyed. A new netns starts in RELAY mode.
 */
static int __net_init lwip_segw_uplink_net_init(struct net *net)
{
	return lwip_segw_uplink_hook(net);
}

static void __net_exit lwip_segw_uplink_net_exit(struct net *net)
{
	lwip_segw_uplink_unhook(net);
}

static struct pernet_operations lwip_segw_uplink_net_ops = {
	.init = lwip_segw_uplink_net_init,
	.exit = lwip_segw_uplink_net_exit,
};

int lwip_segw_uplink_init(void)
{
	return register_pernet_subsys(&lwip_segw_uplink_net_ops);
}

void lwip_segw_uplink_exit(void)
{
	unregister_pernet_subsys(&lwip_segw_uplink_net_ops);
}
