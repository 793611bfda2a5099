/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The extended ACK of a failed lwip_segw request, in words: the kernel's
 * message, plus which attribute it is about (NLMSGERR_ATTR_OFFS) or which
 * one is missing (NLMSGERR_ATTR_MISS_TYPE), by its uapi name. Shared by
 * segwctl and enbsim.
 */
#ifndef LWIP_SEGW_EXTACK_H
#define LWIP_SEGW_EXTACK_H

#include <stddef.h>
#include <linux/netlink.h>

/*
 * Writes into buf (always NUL-terminated) e.g. "PSK must be 32 octets
 * (attribute ue_psk)" or "missing attribute ue_id"; "" when the error
 * carries nothing. nlh is the whole NLMSG_ERROR message. Returns buf.
 */
char *lwip_segw_extack(const struct nlmsghdr *nlh, char *buf, size_t len);

/*
 * The same for a socket with NETLINK_CAP_ACK, whose errors do not echo the
 * request (and with it a PSK): req, req_len octets, is the request as the
 * caller sent it, so the attribute an offset points at can still be named.
 * req may be NULL; an echoed request in nlh is used when there is one.
 */
char *lwip_segw_extack_req(const struct nlmsghdr *nlh,
			   const struct nlmsghdr *req, size_t req_len,
			   char *buf, size_t len);

/*
 * A copy of a request about to be freed, for lwip_segw_extack_req(): the
 * whole message (it may hold a PSK, so lwip_segw_sent_free() wipes it).
 * NULL with *len 0 when out of memory (errors then name no attribute).
 */
struct nlmsghdr *lwip_segw_sent_copy(const struct nlmsghdr *nlh, size_t *len);
void lwip_segw_sent_free(struct nlmsghdr *copy, size_t len);

#endif
