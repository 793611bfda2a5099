/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's XFRM tables, read and cleaned over raw NETLINK_XFRM:
 *  - facts about a UE's inbound ESP SA that no updown variable carries
 *    (DESIGN 5.14): the kernel reqid and the NAT-T encapsulation;
 *  - cleanup after a refused Child SA: pluto 4.10 fails to revert the
 *    policies it installed before running up-host (it logs "EXPECTATION
 *    FAILED: kernel_policy == NULL (xfrm_raw_policy())") and leaves them,
 *    so a refused TSi 0.0.0.0/0 would still swallow plaintext (5.13).
 */
#ifndef SEGWD_XFRM_H
#define SEGWD_XFRM_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

struct xfrm_sa_info {
	uint32_t reqid;
	bool natt;		/* ESP in UDP */
	uint16_t sport;		/* the UE's (NAT's) UDP source port */
	bool tunnel;
};

/*
 * Finds the ESP SA peer -> segw whose SPI is spi (host order) or, with spi
 * 0, whose reqid is reqid. 0 found, -1 not found or error.
 */
int xfrm_find_inbound(struct in_addr peer, struct in_addr segw, uint32_t spi,
		      uint32_t reqid, struct xfrm_sa_info *info);
/*
 * Rewrites templates with from_reqid to to_reqid and the given outer
 * address (the older UE of DESIGN 5.12); returns how many policies.
 */
int xfrm_repoint_policies(uint32_t from_reqid, uint32_t to_reqid,
			  struct in_addr outer, struct in_addr segw);
/* Deletes every policy whose template has this reqid; returns how many. */
int xfrm_flush_reqid_policies(uint32_t reqid);

#endif
