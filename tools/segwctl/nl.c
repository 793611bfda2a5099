// SPDX-License-Identifier: GPL-2.0
/* segwctl: the transport to the lwip_segw generic netlink family. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/lwip_segw.h>
#include <netlink/genl/ctrl.h>

#include "nl.h"
#include "extack.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/*
 * Extended ACKs, and errors that do not echo the request: an echoed UE_ADD
 * refused by the kernel's attribute validation would carry the PSK back
 * (and past any nlmon tap). The attribute an error points at is found in
 * the copy segw_nl_request() keeps instead.
 */
int segw_nl_ext_ack(struct nl_sock *sk)
{
	int one = 1, fd = nl_socket_get_fd(sk);

	if (setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)))
		return -1;
	return setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
}

int segw_nl_open(struct segw_nl *nl)
{
	nl->sk = nl_socket_alloc();
	if (!nl->sk)
		return -ENOMEM;
	if (genl_connect(nl->sk)) {
		nl_socket_free(nl->sk);
		nl->sk = NULL;
		return -ENOTCONN;
	}
	segw_nl_ext_ack(nl->sk);
	nl_socket_set_buffer_size(nl->sk, 4 << 20, 4 << 20);
	nl->family = genl_ctrl_resolve(nl->sk, LWIP_SEGW_GENL_NAME);
	if (nl->family < 0) {
		fprintf(stderr, "segwctl: generic netlink family \"%s\" not found: is lwip_segw.ko loaded?\n",
			LWIP_SEGW_GENL_NAME);
		nl_socket_free(nl->sk);
		nl->sk = NULL;
		return -ENOENT;
	}
	nl->events_grp = genl_ctrl_resolve_grp(nl->sk, LWIP_SEGW_GENL_NAME,
					       LWIP_SEGW_MCGRP_EVENTS);
	return 0;
}

void segw_nl_close(struct segw_nl *nl)
{
	nl_socket_free(nl->sk);
}

struct nl_msg *segw_nl_msg(struct segw_nl *nl, int cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	/* Doit requests always ask for an ACK: the request loop ends on it. */
	if (!(flags & NLM_F_DUMP))
		flags |= NLM_F_ACK;
	if (msg && !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
				flags, cmd, LWIP_SEGW_GENL_VERSION)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return msg;
}

int segw_nl_parse(struct nlmsghdr *nlh, struct nlattr **tb)
{
	return genlmsg_parse(nlh, 0, tb, LWIP_SEGW_A_MAX, NULL);
}

const char *segw_nl_extack_msg(struct nlmsghdr *nlh)
{
	static char text[512];

	return lwip_segw_extack(nlh, text, sizeof(text))[0] ? text : NULL;
}

struct segw_req {
	segw_reply_fn fn;
	void *arg;
	const struct nlmsghdr *sent;	/* copy of the request, for extack */
	size_t sent_len;
	int done;
	int err;
	int intr;
};

static int segw_intr_cb(struct nl_msg *msg, void *arg)
{
	struct segw_req *req = arg;

	(void)msg;
	req->intr = 1;
	return NL_OK;
}

static int segw_valid_cb(struct nl_msg *msg, void *arg)
{
	struct segw_req *req = arg;
	struct nlattr *tb[LWIP_SEGW_A_MAX + 1];
	struct nlmsghdr *nlh = nlmsg_hdr(msg);

	if (segw_nl_parse(nlh, tb)) {
		fprintf(stderr, "segwctl: malformed reply\n");
		req->err = -EPROTO;
		return NL_SKIP;
	}
	if (req->fn && req->fn(nlh, tb, req->arg))
		req->err = -EPROTO;
	return NL_OK;
}

char segw_nl_last_extack[512];
int segw_nl_quiet;

static int segw_err_cb(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct segw_req *req = arg;
	static char text[512];
	const char *m = lwip_segw_extack_req(nlh, req->sent, req->sent_len,
					     text, sizeof(text))[0] ? text : NULL;

	(void)nla;
	req->err = e->error;
	req->done = 1;
	snprintf(segw_nl_last_extack, sizeof(segw_nl_last_extack), "%s",
		 m ? m : "");
	if (e->error && !segw_nl_quiet)
		fprintf(stderr, "error: %s%s%s\n", strerror(-e->error),
			m ? ": " : "", m ? m : "");
	return NL_STOP;
}

static int segw_done_cb(struct nl_msg *msg, void *arg)
{
	struct segw_req *req = arg;

	(void)msg;
	req->done = 1;
	return NL_STOP;
}

int segw_nl_request(struct segw_nl *nl, struct nl_msg *msg, segw_reply_fn fn,
		    void *arg)
{
	struct segw_req req = { .fn = fn, .arg = arg };
	struct nlmsghdr *sent = NULL;
	size_t sent_len = 0;
	struct nl_cb *cb;
	int err;

	segw_nl_last_extack[0] = '\0';
	err = nl_send_auto(nl->sk, msg);
	if (err >= 0) {
		sent = lwip_segw_sent_copy(nlmsg_hdr(msg), &sent_len);
		req.sent = sent;
		req.sent_len = sent_len;
	}
	explicit_bzero(nlmsg_hdr(msg), nlmsg_hdr(msg)->nlmsg_len);
	nlmsg_free(msg);
	if (err < 0)
		return -EIO;
	/* Inherit the socket's settings (seq check off for agents/events). */
	cb = nl_cb_clone(nl_socket_get_cb(nl->sk));
	if (!cb) {
		lwip_segw_sent_free(sent, sent_len);
		return -ENOMEM;
	}
	nl_cb_put(nl_socket_get_cb(nl->sk));	/* get_cb took a reference */
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, segw_valid_cb, &req);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, segw_done_cb, &req);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, segw_done_cb, &req);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, segw_intr_cb, &req);
	nl_cb_err(cb, NL_CB_CUSTOM, segw_err_cb, &req);
	while (!req.done) {
		err = nl_recvmsgs(nl->sk, cb);
		if (err < 0 && !req.done) {
			fprintf(stderr, "segwctl: receive failed: %s\n",
				nl_geterror(err));
			req.err = -EIO;
			break;
		}
	}
	nl_cb_put(cb);
	lwip_segw_sent_free(sent, sent_len);
	if (!req.err && req.intr)
		return -EINTR;	/* a dump raced with changes: retry it */
	return req.err;
}
