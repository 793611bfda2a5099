// SPDX-License-Identifier: GPL-2.0
/*
 * lwip_segw: LWIP security gateway (3GPP TS 33.401 Annex H.2.2).
 *
 * This file only orders module init and exit; each concern lives in its own
 * file (kmod/README): binding.c (table), ue.c (UE lifecycle), netns.c
 * (per-netns state), netlink.c (genl family and agent tracking), uplink.c
 * (uplink enforcement), xwu.c (Xw-U relay), guard.c (SEC-7).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/init.h>
#include <linux/rcupdate.h>

#include "binding_selftest.h"
#include "guard.h"
#include "netlink.h"
#include "netns.h"
#include "uplink.h"
#include "xwu.h"

static int __init lwip_segw_init(void)
{
	int err;

	err = lwip_segw_binding_cache_init();
	if (err)
		return err;
	/* Debug builds: prove the table before anything is registered. */
	err = lwip_segw_binding_selftest();
	if (err)
		goto err_cache;

	/* Per-netns state first: handlers and the notifier use it. */
	err = lwip_segw_netns_init();
	if (err)
		goto err_cache;
	/* The data path: the Xw-U sockets, then the hooks that use them. */
	err = lwip_segw_xwu_init();
	if (err)
		goto err_netns;
	err = lwip_segw_uplink_init();
	if (err)
		goto err_xwu;
	err = lwip_segw_guard_init();
	if (err)
		goto err_uplink;
	err = lwip_segw_genl_init();
	if (err)
		goto err_guard;
	err = lwip_segw_agent_notifier_init();
	if (err)
		goto err_genl;

	pr_info("loaded\n");
	return 0;

err_genl:
	lwip_segw_genl_exit();
err_guard:
	lwip_segw_guard_exit();
err_uplink:
	lwip_segw_uplink_exit();
err_xwu:
	lwip_segw_xwu_exit();
err_netns:
	lwip_segw_netns_exit();
err_cache:
	/* The self-test's and any netns's bindings are freed by call_rcu(). */
	rcu_barrier();
	lwip_segw_binding_cache_exit();
	return err;
}

static void __exit lwip_segw_exit(void)
{
	lwip_segw_agent_notifier_exit();
	/* No handler runs after this, so netns exit owns every binding. */
	lwip_segw_genl_exit();
	lwip_segw_guard_exit();
	lwip_segw_uplink_exit();
	lwip_segw_xwu_exit();
	lwip_segw_netns_exit();
	/* Bindings are freed by call_rcu(): wait before the code goes. */
	rcu_barrier();
	lwip_segw_binding_cache_exit();
	pr_info("unloaded\n");
}

module_init(lwip_segw_init);
module_exit(lwip_segw_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("LWIP security gateway: per-UE bindings, LWIP enforcement and Xw-U relay");
MODULE_AUTHOR("lwip-segw developers");
