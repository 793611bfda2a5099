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

#endif
