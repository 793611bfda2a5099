/* SPDX-License-Identifier: GPL-2.0 */
/* segwctl: the transport to the lwip_segw generic netlink family. */
#ifndef SEGWCTL_NL_H
#define SEGWCTL_NL_H

#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

struct segw_nl {
	struct nl_sock *sk;
	int family;
	int events_grp;
};

/* Called for each reply message with its parsed top-level attributes. */
typedef int (*segw_reply_fn)(struct nlmsghdr *nlh, struct nlattr **tb,
			     void *arg);

int segw_nl_open(struct segw_nl *nl);
void segw_nl_close(struct segw_nl *nl);
struct nl_msg *segw_nl_msg(struct segw_nl *nl, int cmd, int flags);
/*
 * Sends msg (consumed), feeds every reply to fn, waits for the ACK or
 * NLMSG_DONE. Returns 0 or a negative errno; prints the kernel's extack
 * message on error.
 */
int segw_nl_request(struct segw_nl *nl, struct nl_msg *msg, segw_reply_fn fn,
		    void *arg);
int segw_nl_parse(struct nlmsghdr *nlh, struct nlattr **tb);
/* The extack message of the last failed request ("" if none). */
extern char segw_nl_last_extack[512];
/* Nonzero: segw_nl_request() does not print errors (tests). */
extern int segw_nl_quiet;

/* Enables extended ACKs on a socket; returns 0 or -1. */
int segw_nl_ext_ack(struct nl_sock *sk);
/*
 * The extack of an NLMSG_ERROR message in words (the kernel's message and
 * the attribute it names, see tools/lib/extack.h), or NULL. Valid until the
 * next call.
 */
const char *segw_nl_extack_msg(struct nlmsghdr *nlh);

#endif
