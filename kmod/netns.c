// SPDX-License-Identifier: GPL-2.0
/*
 * Per network namespace state. A netns gets its settings and an empty table
 * when it is created (or when the module loads); when it goes away, or when
 * the module unloads, every binding is freed (ue.c) and the table destroyed.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <net/netns/generic.h>
#include <net/sock.h>

#include "netns.h"
#include "ue.h"

unsigned int lwip_segw_net_id __read_mostly;

static int __net_init lwip_segw_net_init(struct net *net)
{
	struct lwip_segw_net *ln = lwip_segw_net(net);
	int err;

	err = lwip_segw_table_init(&ln->table);
	if (err)
		return err;
	write_pnet(&ln->net, net);
	ln->xwu_port = LWIP_SEGW_XWU_PORT_DEFAULT;
	ln->grace = LWIP_SEGW_GRACE_DEFAULT;
	ln->uplink_mode = LWIP_SEGW_UPLINK_RELAY;
	return 0;
}

static void __net_exit lwip_segw_net_exit(struct net *net)
{
	struct lwip_segw_net *ln = lwip_segw_net(net);
	struct sock *agent_sk;

	lwip_segw_ue_flush(ln);

	spin_lock_bh(&ln->table.lock);
	agent_sk = ln->agent_sk;
	ln->agent_sk = NULL;
	ln->agent_portid = 0;
	spin_unlock_bh(&ln->table.lock);
	if (agent_sk)
		sock_put(agent_sk);

	lwip_segw_table_destroy(&ln->table);
}

static struct pernet_operations lwip_segw_net_ops = {
	.init = lwip_segw_net_init,
	.exit = lwip_segw_net_exit,
	.id = &lwip_segw_net_id,
	.size = sizeof(struct lwip_segw_net),
};

int lwip_segw_netns_init(void)
{
	return register_pernet_subsys(&lwip_segw_net_ops);
}

void lwip_segw_netns_exit(void)
{
	unregister_pernet_subsys(&lwip_segw_net_ops);
}
