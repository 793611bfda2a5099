// SPDX-License-Identifier: GPL-2.0
/*
 * enbsim: the eNB role of the "lwip_segw" generic netlink family. The message
 * sequence an eNB runs, in the order it runs it:
 *
 *   SET_CONFIG     once, for the SeGW's public and Xw-U addresses
 *   UE_ADD         per UE (XwAP LWIP ADDITION REQUEST); the reply is the
 *                  ACKNOWLEDGE: UE id, SeGW Xw-U endpoint and SeGW TEID
 *   "events"       PENDING, READY, ESTABLISHED (with the UE's inner
 *                  address), RELEASED (with the reason)
 *   UE_RELEASE     when the eNB ends the offload
 *
 * and UE_GET to look at a binding. See kmod/uapi/linux/lwip_segw.h for every
 * attribute.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>

#include <netlink/attr.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include "nl.h"
#include "extack.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* How often a UE dump that raced with changes (NLM_F_DUMP_INTR) is retried. */
#define ENB_DUMP_TRIES 5

/*
 * Every attribute enbsim reads, with its length checked before use; anything
 * else in a reply is ignored.
 */
static struct nla_policy enb_policy[LWIP_SEGW_A_MAX + 1] = {
	[LWIP_SEGW_A_UE_ID] = { .type = NLA_U32 },
	[LWIP_SEGW_A_SEGW_ADDR] = { .type = NLA_U32 },
	[LWIP_SEGW_A_XWU_ADDR] = { .type = NLA_U32 },
	[LWIP_SEGW_A_XWU_PORT] = { .type = NLA_U16 },
	[LWIP_SEGW_A_SEGW_TEID] = { .type = NLA_U32 },
	[LWIP_SEGW_A_WINDOW] = { .type = NLA_U32 },
	[LWIP_SEGW_A_UE_STATE] = { .type = NLA_U8 },
	[LWIP_SEGW_A_EVENT] = { .type = NLA_U8 },
	[LWIP_SEGW_A_REASON] = { .type = NLA_U8 },
	[LWIP_SEGW_A_REASON_TEXT] = { .type = NLA_STRING,
				      .maxlen = LWIP_SEGW_REASON_TEXT_MAX + 1 },
	[LWIP_SEGW_A_REQID] = { .type = NLA_U32 },
	[LWIP_SEGW_A_INNER_ADDR] = { .type = NLA_U32 },
	[LWIP_SEGW_A_OUTER_ADDR] = { .type = NLA_U32 },
	[LWIP_SEGW_A_OUTER_PORT] = { .type = NLA_U16 },
	[LWIP_SEGW_A_UE_FLAGS] = { .type = NLA_U32 },
};

/* A libnl error code as a negative errno. */
static int enb_nl_errno(int nlerr)
{
	switch (nlerr < 0 ? -nlerr : nlerr) {
	case 0:
		return 0;
	case NLE_AGAIN:
		return -EAGAIN;
	case NLE_INTR:
		return -EINTR;
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_PERM:
		return -EPERM;
	case NLE_OBJ_NOTFOUND:
		return -ENOENT;
	default:
		return -EIO;
	}
}

int enb_nl_open(struct enb_nl *nl)
{
	int one = 1, err;

	memset(nl, 0, sizeof(*nl));
	nl->sk = nl_socket_alloc();
	if (!nl->sk)
		return -ENOMEM;
	err = genl_connect(nl->sk);
	if (err) {
		nl_socket_free(nl->sk);
		nl->sk = NULL;
		return enb_nl_errno(err);
	}
	/*
	 * The module explains every refusal in the extended ACK; errors do
	 * not echo the request (a PSK), enb_request() keeps a copy to name
	 * the attribute an error points at.
	 */
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	nl->family = genl_ctrl_resolve(nl->sk, LWIP_SEGW_GENL_NAME);
	if (nl->family < 0) {
		nl_socket_free(nl->sk);
		nl->sk = NULL;
		return -ENOENT;
	}
	return 0;
}

void enb_nl_close(struct enb_nl *nl)
{
	if (nl->sk)
		nl_socket_free(nl->sk);
	nl->sk = NULL;
}

static struct nl_msg *enb_msg(struct enb_nl *nl, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (msg && !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
				flags | NLM_F_ACK, cmd,
				LWIP_SEGW_GENL_VERSION)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return msg;
}

/* A UE_ADD carries the PSK: no copy of a request stays in freed memory. */
static void enb_msg_free(struct nl_msg *msg)
{
	memset(nlmsg_hdr(msg), 0, nlmsg_hdr(msg)->nlmsg_len);
	nlmsg_free(msg);
}

/* Called per reply message with its checked attributes. */
typedef void (*enb_reply_fn)(struct nlattr **tb, void *arg);

struct enb_req {
	struct enb_nl *nl;
	enb_reply_fn fn;
	void *arg;
	const struct nlmsghdr *sent;	/* copy of the request, for extack */
	size_t sent_len;
	int done;
	int err;
	int intr;
};

static int enb_valid_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[LWIP_SEGW_A_MAX + 1];
	struct enb_req *req = arg;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, LWIP_SEGW_A_MAX, enb_policy)) {
		snprintf(req->nl->extack, sizeof(req->nl->extack),
			 "malformed reply from the module");
		req->err = -EPROTO;
		return NL_SKIP;
	}
	if (req->fn)
		req->fn(tb, req->arg);
	return NL_OK;
}

static int enb_err_cb(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct enb_req *req = arg;

	req->err = e->error;
	req->done = 1;
	lwip_segw_extack_req(nlh, req->sent, req->sent_len, req->nl->extack,
			     sizeof(req->nl->extack));
	return NL_STOP;
}

static int enb_done_cb(struct nl_msg *msg, void *arg)
{
	struct enb_req *req = arg;

	req->done = 1;
	return NL_STOP;
}

/* Multicast messages carry sequence number 0: accept any. */
static int enb_any_seq_cb(struct nl_msg *msg, void *arg)
{
	return NL_OK;
}

static int enb_intr_cb(struct nl_msg *msg, void *arg)
{
	struct enb_req *req = arg;

	req->intr = 1;
	return NL_OK;
}

/*
 * Sends msg (consumed) and waits for its ACK (doit) or NLMSG_DONE (dump),
 * calling fn for every reply. -EINTR: a dump raced with changes, retry.
 */
static int enb_request(struct enb_nl *nl, struct nl_msg *msg,
		       enb_reply_fn fn, void *arg)
{
	struct enb_req req = { .nl = nl, .fn = fn, .arg = arg };
	struct nlmsghdr *sent = NULL;
	size_t sent_len = 0;
	struct nl_cb *cb;
	int err;

	nl->extack[0] = '\0';
	if (!msg)
		return -ENOMEM;
	err = nl_send_auto(nl->sk, msg);
	if (err >= 0) {
		sent = lwip_segw_sent_copy(nlmsg_hdr(msg), &sent_len);
		req.sent = sent;
		req.sent_len = sent_len;
	}
	enb_msg_free(msg);
	if (err < 0)
		return enb_nl_errno(err);
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		lwip_segw_sent_free(sent, sent_len);
		return -ENOMEM;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, enb_valid_cb, &req);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, enb_done_cb, &req);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, enb_done_cb, &req);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, enb_intr_cb, &req);
	nl_cb_err(cb, NL_CB_CUSTOM, enb_err_cb, &req);
	while (!req.done) {
		err = nl_recvmsgs(nl->sk, cb);
		/* An error ACK ends nl_recvmsgs() < 0 too; req.err has it. */
		if (err < 0 && !req.done) {
			req.err = enb_nl_errno(err);
			break;
		}
	}
	nl_cb_put(cb);
	lwip_segw_sent_free(sent, sent_len);
	if (!req.err && req.intr)
		return -EINTR;
	return req.err;
}

int enb_set_config(struct enb_nl *nl, const struct enb_config *cfg)
{
	struct nl_msg *msg = enb_msg(nl, LWIP_SEGW_CMD_SET_CONFIG, 0);

	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, LWIP_SEGW_A_SEGW_ADDR, cfg->segw_addr) ||
	    nla_put_u32(msg, LWIP_SEGW_A_XWU_ADDR, cfg->xwu_addr) ||
	    (cfg->xwu_port &&
	     nla_put_u16(msg, LWIP_SEGW_A_XWU_PORT, cfg->xwu_port)) ||
	    (cfg->has_window &&
	     nla_put_u32(msg, LWIP_SEGW_A_WINDOW, cfg->window)) ||
	    (cfg->has_grace &&
	     nla_put_u32(msg, LWIP_SEGW_A_GRACE, cfg->grace)))
		goto nomem;
	return enb_request(nl, msg, NULL, NULL);
nomem:
	enb_msg_free(msg);
	return -ENOMEM;
}

static void enb_parse_ack(struct nlattr **tb, void *arg)
{
	struct enb_ack *ack = arg;

	if (tb[LWIP_SEGW_A_UE_ID])
		ack->ue_id = nla_get_u32(tb[LWIP_SEGW_A_UE_ID]);
	if (tb[LWIP_SEGW_A_SEGW_ADDR])
		ack->segw_addr = nla_get_u32(tb[LWIP_SEGW_A_SEGW_ADDR]);
	if (tb[LWIP_SEGW_A_XWU_ADDR])
		ack->xwu_addr = nla_get_u32(tb[LWIP_SEGW_A_XWU_ADDR]);
	if (tb[LWIP_SEGW_A_XWU_PORT])
		ack->xwu_port = nla_get_u16(tb[LWIP_SEGW_A_XWU_PORT]);
	if (tb[LWIP_SEGW_A_SEGW_TEID])
		ack->segw_teid = nla_get_u32(tb[LWIP_SEGW_A_SEGW_TEID]);
	if (tb[LWIP_SEGW_A_WINDOW])
		ack->window = nla_get_u32(tb[LWIP_SEGW_A_WINDOW]);
}

int enb_ue_add(struct enb_nl *nl, const struct enb_ue_req *req,
	       struct enb_ack *ack)
{
	struct nl_msg *msg = enb_msg(nl, LWIP_SEGW_CMD_UE_ADD, 0);
	int err;

	memset(ack, 0, sizeof(*ack));
	if (!msg)
		return -ENOMEM;
	if (nla_put(msg, LWIP_SEGW_A_UE_MAC, sizeof(req->mac), req->mac) ||
	    nla_put(msg, LWIP_SEGW_A_UE_IDI, req->idi_len, req->idi) ||
	    nla_put_u8(msg, LWIP_SEGW_A_UE_IDI_TYPE, req->idi_type) ||
	    nla_put(msg, LWIP_SEGW_A_UE_PSK, sizeof(req->psk), req->psk) ||
	    nla_put_u32(msg, LWIP_SEGW_A_ENB_ADDR, req->enb_addr) ||
	    (req->enb_port &&
	     nla_put_u16(msg, LWIP_SEGW_A_ENB_PORT, req->enb_port)) ||
	    nla_put_u32(msg, LWIP_SEGW_A_ENB_TEID, req->enb_teid) ||
	    (req->has_window &&
	     nla_put_u32(msg, LWIP_SEGW_A_WINDOW, req->window)))
		goto nomem;
	err = enb_request(nl, msg, enb_parse_ack, ack);
	if (!err && !ack->ue_id) {
		snprintf(nl->extack, sizeof(nl->extack),
			 "the ACKNOWLEDGE carries no UE id");
		err = -EPROTO;
	}
	return err;
nomem:
	enb_msg_free(msg);
	return -ENOMEM;
}

int enb_ue_release(struct enb_nl *nl, uint32_t id, uint8_t reason)
{
	struct nl_msg *msg = enb_msg(nl, LWIP_SEGW_CMD_UE_RELEASE, 0);

	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, LWIP_SEGW_A_UE_ID, id) ||
	    (reason && nla_put_u8(msg, LWIP_SEGW_A_REASON, reason)))
		goto nomem;
	return enb_request(nl, msg, NULL, NULL);
nomem:
	enb_msg_free(msg);
	return -ENOMEM;
}

/* A UE message (UE_GET reply, dump entry or event) into struct enb_ue. */
static void enb_parse_ue(struct nlattr **tb, struct enb_ue *ue)
{
	memset(ue, 0, sizeof(*ue));
	if (tb[LWIP_SEGW_A_UE_ID])
		ue->id = nla_get_u32(tb[LWIP_SEGW_A_UE_ID]);
	if (tb[LWIP_SEGW_A_UE_STATE])
		ue->state = nla_get_u8(tb[LWIP_SEGW_A_UE_STATE]);
	if (tb[LWIP_SEGW_A_EVENT])
		ue->event = nla_get_u8(tb[LWIP_SEGW_A_EVENT]);
	if (tb[LWIP_SEGW_A_REASON])
		ue->reason = nla_get_u8(tb[LWIP_SEGW_A_REASON]);
	if (tb[LWIP_SEGW_A_SEGW_TEID])
		ue->segw_teid = nla_get_u32(tb[LWIP_SEGW_A_SEGW_TEID]);
	if (tb[LWIP_SEGW_A_REQID])
		ue->reqid = nla_get_u32(tb[LWIP_SEGW_A_REQID]);
	if (tb[LWIP_SEGW_A_INNER_ADDR])
		ue->inner_addr = nla_get_u32(tb[LWIP_SEGW_A_INNER_ADDR]);
	if (tb[LWIP_SEGW_A_OUTER_ADDR])
		ue->outer_addr = nla_get_u32(tb[LWIP_SEGW_A_OUTER_ADDR]);
	if (tb[LWIP_SEGW_A_OUTER_PORT])
		ue->outer_port = nla_get_u16(tb[LWIP_SEGW_A_OUTER_PORT]);
	if (tb[LWIP_SEGW_A_UE_FLAGS])
		ue->flags = nla_get_u32(tb[LWIP_SEGW_A_UE_FLAGS]);
	if (tb[LWIP_SEGW_A_REASON_TEXT])
		snprintf(ue->reason_text, sizeof(ue->reason_text), "%s",
			 nla_get_string(tb[LWIP_SEGW_A_REASON_TEXT]));
}

static void enb_parse_get(struct nlattr **tb, void *arg)
{
	enb_parse_ue(tb, arg);
}

int enb_ue_get(struct enb_nl *nl, uint32_t id, struct enb_ue *ue)
{
	struct nl_msg *msg = enb_msg(nl, LWIP_SEGW_CMD_UE_GET, 0);

	memset(ue, 0, sizeof(*ue));
	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, LWIP_SEGW_A_UE_ID, id))
		goto nomem;
	return enb_request(nl, msg, enb_parse_get, ue);
nomem:
	enb_msg_free(msg);
	return -ENOMEM;
}

struct enb_count {
	uint8_t state;
	unsigned int n;
};

static void enb_count_ue(struct nlattr **tb, void *arg)
{
	struct enb_count *c = arg;

	if (!c->state || (tb[LWIP_SEGW_A_UE_STATE] &&
			  nla_get_u8(tb[LWIP_SEGW_A_UE_STATE]) == c->state))
		c->n++;
}

int enb_ue_count(struct enb_nl *nl, uint8_t state, unsigned int *count)
{
	struct enb_count c;
	int tries, err = -EINTR;

	for (tries = 0; tries < ENB_DUMP_TRIES && err == -EINTR; tries++) {
		c.state = state;
		c.n = 0;
		err = enb_request(nl, enb_msg(nl, LWIP_SEGW_CMD_UE_GET,
					      NLM_F_DUMP),
				  enb_count_ue, &c);
	}
	if (err == -EINTR)
		snprintf(nl->extack, sizeof(nl->extack),
			 "the UEs kept changing during %d dumps",
			 ENB_DUMP_TRIES);
	*count = c.n;
	return err;
}

int enb_events_join(struct enb_nl *nl)
{
	int grp = genl_ctrl_resolve_grp(nl->sk, LWIP_SEGW_GENL_NAME,
					LWIP_SEGW_MCGRP_EVENTS);

	if (grp < 0)
		return -ENOENT;
	/* A burst of events must not overrun the socket. */
	nl_socket_set_buffer_size(nl->sk, 4 << 20, 0);
	/* Joining needs CAP_NET_ADMIN over the netns (commands: in the initial user ns). */
	return nl_socket_add_membership(nl->sk, grp) ? -EPERM : 0;
}

int enb_events_fd(struct enb_nl *nl)
{
	return nl_socket_get_fd(nl->sk);
}

struct enb_events {
	enb_event_fn fn;
	void *arg;
};

static int enb_event_cb(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gnlh = nlmsg_data(nlh);
	struct nlattr *tb[LWIP_SEGW_A_MAX + 1];
	struct enb_events *ev = arg;
	struct enb_ue ue;

	if (gnlh->cmd != LWIP_SEGW_CMD_UE_EVENT ||
	    genlmsg_parse(nlh, 0, tb, LWIP_SEGW_A_MAX, enb_policy) ||
	    !tb[LWIP_SEGW_A_EVENT])
		return NL_SKIP;
	enb_parse_ue(tb, &ue);
	ev->fn(&ue, ev->arg);
	return NL_OK;
}

int enb_events_read(struct enb_nl *nl, enb_event_fn fn, void *arg)
{
	struct enb_events ev = { .fn = fn, .arg = arg };
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int err;

	if (!cb)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, enb_event_cb, &ev);
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, enb_any_seq_cb, NULL);
	err = nl_recvmsgs(nl->sk, cb);
	nl_cb_put(cb);
	return enb_nl_errno(err);
}
