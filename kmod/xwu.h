/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SeGW's Xw-U endpoint: GTP-U (TS 29.281) over UDP towards the eNB
 * (TS 36.464). Uplink: relay of checked inner packets as T-PDUs; downlink:
 * T-PDUs from the eNB, checked and sent into the UE's tunnel.
 */
#ifndef _LWIP_SEGW_XWU_H
#define _LWIP_SEGW_XWU_H

#include <linux/netlink.h>
#include <linux/skbuff.h>
#include <net/net_namespace.h>

struct lwip_segw_binding;

int lwip_segw_xwu_init(void);
void lwip_segw_xwu_exit(void);

/*
 * Opens (or moves) the netns's Xw-U socket to addr:port. Process context,
 * may sleep; the caller must not hold the table lock. On failure the previous
 * socket, if any, stays in place.
 */
int lwip_segw_xwu_open(struct net *net, __be32 addr, u16 port,
		       struct netlink_ext_ack *extack);
void lwip_segw_xwu_close(struct net *net);

/*
 * Relays skb (an inner IPv4 packet that passed uplink enforcement) to the
 * UE's eNB as a T-PDU. Always consumes skb. Called under rcu_read_lock().
 */
void lwip_segw_xwu_relay_ul(struct net *net, struct lwip_segw_binding *b,
			    struct sk_buff *skb);

#endif /* _LWIP_SEGW_XWU_H */
