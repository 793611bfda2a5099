// SPDX-License-Identifier: GPL-2.0
/*
 * SEC-7: "for LWIP offloaded traffic the eNB shall only be reachable through
 * the LWIP-SeGW". The relay (xwu.c) is the only legitimate source of Xw-U
 * traffic towards an eNB endpoint that this netns knows (the endpoint of any
 * bound UE). Two hooks enforce it:
 *
 *   FORWARD   the eNB sits behind this box: anything routed through it to an
 *             eNB endpoint did not come from the relay (the relay's packets
 *             are locally generated), so it is dropped.
 *   LOCAL_IN  the eNB is colocated (its endpoint is an address of this
 *             netns): the relay's own packets arrive over loopback from the
 *             Xw-U socket's address and port; anything else is dropped.
 *
 * An eNB on another host that is not routed through this box has to be
 * protected on the path towards it; the README shows the nftables rule.
 *
 * Only UDP datagrams are looked at; a non-first fragment carries no port and
 * is useless without its first fragment, which is checked.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ip.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/udp.h>
#include <net/ip.h>

#include "guard.h"
#include "netns.h"
#include "uplink.h"

static unsigned int lwip_segw_guard(void *priv, struct sk_buff *skb,
				    const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct lwip_segw_net *ln;
	const struct udphdr *uh;
	struct udphdr _uh;

	if (iph->protocol != IPPROTO_UDP ||
	    (iph->frag_off & htons(IP_OFFSET)))
		return NF_ACCEPT;
	uh = skb_header_pointer(skb, ip_hdrlen(skb), sizeof(_uh), &_uh);
	if (!uh)
		return NF_ACCEPT;
	ln = lwip_segw_net(state->net);
	/* Netfilter hooks run under rcu_read_lock(). */
	if (!lwip_segw_table_is_enb_rcu(&ln->table, iph->daddr,
					ntohs(uh->dest)))
		return NF_ACCEPT;
	if (state->hook == NF_INET_LOCAL_IN && state->in &&
	    (state->in->flags & IFF_LOOPBACK) &&
	    iph->saddr == lwip_segw_net_xwu_addr(ln) &&
	    uh->source == htons(lwip_segw_net_xwu_port(ln)))
		return NF_ACCEPT;	/* the relay, to a colocated eNB */

	lwip_segw_net_count_drop(ln, LWIP_SEGW_DROP_XWU_BYPASS);
	if (net_ratelimit())
		pr_info("dropped %pI4:%u -> eNB Xw-U endpoint %pI4:%u: not from the relay (SEC-7)\n",
			&iph->saddr, ntohs(uh->source), &iph->daddr,
			ntohs(uh->dest));
	return NF_DROP;
}

static const struct nf_hook_ops lwip_segw_guard_ops[] = {
	{
		.hook		= lwip_segw_guard,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_FORWARD,
		.priority	= NF_IP_PRI_FILTER - 10,
	},
	{
		.hook		= lwip_segw_guard,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_LOCAL_IN,
		.priority	= NF_IP_PRI_FILTER - 10,
	},
};

/* Registered after netns.c's pernet_operations: see uplink.c. */
static int __net_init lwip_segw_guard_net_init(struct net *net)
{
	return nf_register_net_hooks(net, lwip_segw_guard_ops,
				     ARRAY_SIZE(lwip_segw_guard_ops));
}

static void __net_exit lwip_segw_guard_net_exit(struct net *net)
{
	nf_unregister_net_hooks(net, lwip_segw_guard_ops,
				ARRAY_SIZE(lwip_segw_guard_ops));
}

static struct pernet_operations lwip_segw_guard_net_ops = {
	.init = lwip_segw_guard_net_init,
	.exit = lwip_segw_guard_net_exit,
};

int lwip_segw_guard_init(void)
{
	return register_pernet_subsys(&lwip_segw_guard_net_ops);
}

void lwip_segw_guard_exit(void)
{
	unregister_pernet_subsys(&lwip_segw_guard_net_ops);
}
