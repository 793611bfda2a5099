/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Uplink enforcement: the netfilter hooks that check XFRM-decapsulated
 * packets of bound SAs against the LWIP rules (DESIGN 2.2).
 */
#ifndef _LWIP_SEGW_UPLINK_H
#define _LWIP_SEGW_UPLINK_H

#include <linux/lwip_segw.h>

struct net;

int lwip_segw_uplink_init(void);
void lwip_segw_uplink_exit(void);

int lwip_segw_uplink_hook(struct net *net);
void lwip_segw_uplink_unhook(struct net *net);

const char *lwip_segw_drop_name(enum lwip_segw_drop reason);

#endif /* _LWIP_SEGW_UPLINK_H */
