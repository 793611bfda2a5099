// SPDX-License-Identifier: GPL-2.0
/*
 * lwip_segw: LWIP security gateway (3GPP TS 33.401 Annex H.2.2).
 *
 * This file only orders module init and exit; each concern lives in its own
 * file (see kmod/README).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/init.h>

static int __init lwip_segw_init(void)
{
	pr_info("loaded\n");
	return 0;
}

static void __exit lwip_segw_exit(void)
{
	pr_info("unloaded\n");
}

module_init(lwip_segw_init);
module_exit(lwip_segw_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("LWIP security gateway: per-UE bindings, LWIP enforcement and Xw-U relay");
MODULE_AUTHOR("lwip-segw developers");
