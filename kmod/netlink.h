/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "lwip_segw" generic netlink family: command handlers, message
 * encoding, events and the agent's socket tracking.
 */
#ifndef _LWIP_SEGW_NETLINK_H
#define _LWIP_SEGW_NETLINK_H

#include <linux/types.h>

struct sk_buff;
struct lwip_segw_net;
struct lwip_segw_binding;

/*
 * Room for one UE message (event, agent request or notice, add reply): the
 * largest carries ids, a 255-octet IDi, the PSK and a reason text. Sized to
 * keep the agent's receive queue small with many requests in flight.
 */
#define LWIP_SEGW_NL_UE_MSG_SIZE	1024

int lwip_segw_genl_init(void);
void lwip_segw_genl_exit(void);
int lwip_segw_agent_notifier_init(void);
void lwip_segw_agent_notifier_exit(void);

/* Message builders for ue.c; called under the table lock, never allocate. */
int lwip_segw_nl_fill_event(struct sk_buff *skb,
			    const struct lwip_segw_binding *b, u8 event,
			    const char *text);
int lwip_segw_nl_fill_agent_release(struct sk_buff *skb,
				    const struct lwip_segw_binding *b);

bool lwip_segw_nl_has_listeners(struct lwip_segw_net *ln);
void lwip_segw_nl_multicast(struct lwip_segw_net *ln, struct sk_buff *skb);
int lwip_segw_nl_unicast(struct lwip_segw_net *ln, struct sk_buff *skb,
			 u32 portid);

#endif /* _LWIP_SEGW_NETLINK_H */
