/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per network namespace state: settings, binding table, registered agent,
 * control-plane counters.
 */
#ifndef _LWIP_SEGW_NETNS_H
#define _LWIP_SEGW_NETNS_H

#include <linux/atomic.h>
#include <linux/types.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "binding.h"

struct sock;

struct lwip_segw_net {
	/* Its lock is the writer lock of everything below as well. */
	struct lwip_segw_table table;
	possible_net_t net;

	/*
	 * Settings. Written under table.lock; the data path reads them with
	 * READ_ONCE() through the accessors below. The addresses only change
	 * while no binding exists, so a binding never outlives "its" address.
	 */
	__be32 segw_addr;		/* SeGW public IPv4 address, 0 = unset */
	__be32 xwu_addr;		/* local Xw-U address, 0 = unset */
	u16 xwu_port;			/* local Xw-U UDP port, host order */
	u32 window;			/* default initiation window, seconds */
	u32 grace;			/* RELEASING grace period, seconds */
	u8 uplink_mode;			/* enum lwip_segw_uplink */

	/*
	 * Whether this netns's uplink hooks are registered. Changed only by
	 * uplink.c, under the genl mutex (SET_CONFIG) or in pernet init/exit,
	 * which never run concurrently for one netns.
	 */
	bool uplink_hooked;

	/*
	 * The registered agent, under table.lock. agent_sk holds a reference
	 * so that a dead socket is recognised even if its portid was taken by
	 * another socket before the NETLINK_URELEASE notifier ran.
	 */
	u32 agent_portid;		/* 0 = no agent */
	struct sock *agent_sk;

	bool dying;			/* netns exit: no new work, under lock */

	atomic64_t stats[LWIP_SEGW_STAT_MAX];		/* index: stat - 1 */
	atomic64_t releases[LWIP_SEGW_REASON_MAX];	/* index: reason - 1 */
};

extern unsigned int lwip_segw_net_id;

/* The module's state of a netns; valid while the netns is alive. */
static inline struct lwip_segw_net *lwip_segw_net(const struct net *net)
{
	return net_generic(net, lwip_segw_net_id);
}

static inline struct net *lwip_segw_net_net(const struct lwip_segw_net *ln)
{
	return read_pnet(&ln->net);
}

static inline u8 lwip_segw_net_uplink_mode(const struct lwip_segw_net *ln)
{
	return READ_ONCE(ln->uplink_mode);
}

/* 0 while unconfigured. */
static inline __be32 lwip_segw_net_segw_addr(const struct lwip_segw_net *ln)
{
	return READ_ONCE(ln->segw_addr);
}

static inline __be32 lwip_segw_net_xwu_addr(const struct lwip_segw_net *ln)
{
	return READ_ONCE(ln->xwu_addr);
}

static inline u16 lwip_segw_net_xwu_port(const struct lwip_segw_net *ln)
{
	return READ_ONCE(ln->xwu_port);
}

/* The SeGW can accept UEs once both addresses are set. Under the lock. */
static inline bool lwip_segw_net_configured(const struct lwip_segw_net *ln)
{
	return ln->segw_addr && ln->xwu_addr;
}

/* Data-path lookup of the binding an SA belongs to (reqid of the SA). */
static inline struct lwip_segw_binding *
lwip_segw_binding_by_reqid_rcu(struct lwip_segw_net *ln, u32 reqid)
{
	return lwip_segw_table_by_reqid_rcu(&ln->table, reqid);
}

/* Data-path lookup of the binding a GTP-U T-PDU is addressed to. */
static inline struct lwip_segw_binding *
lwip_segw_binding_by_teid_rcu(struct lwip_segw_net *ln, u32 teid)
{
	return lwip_segw_table_by_teid_rcu(&ln->table, teid);
}

/* Counts a packet dropped before any binding was found (e.g. unknown TEID). */
static inline void lwip_segw_net_count_drop(struct lwip_segw_net *ln,
					    enum lwip_segw_drop reason)
{
	if (unlikely(reason < 1 || reason > LWIP_SEGW_DROP_MAX))
		return;
	lwip_segw_table_count_drop(&ln->table, reason);
}

static inline void lwip_segw_net_stat_inc(struct lwip_segw_net *ln,
					  enum lwip_segw_stat stat)
{
	atomic64_inc(&ln->stats[stat - 1]);
}

int lwip_segw_netns_init(void);
void lwip_segw_netns_exit(void);

#endif /* _LWIP_SEGW_NETNS_H */
