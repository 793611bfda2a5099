// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink, agent role. One socket both registers and reports (the
 * module checks reports come from the registered socket) and receives the
 * module's unicasts (UE_REQUEST with the PSK, UE_RELEASE). Requests that
 * arrive while we wait for an ACK are queued, never dropped. Every
 * attribute's length is checked before use; unknown ones are ignored.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include "agent.h"
#include "log.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

#define RX_BUF (64 * 1024)
#define REPLY_TIMEOUT_MS 5000

static struct nl_sock *sk;
static int family;
static struct nl_sock *watch_sk;

struct queued {
	struct queued *next;
	struct nlmsghdr hdr[];		/* a copy of the message */
};
static struct queued *q_head, **q_tail = &q_head;

bool agent_is_open(void)
{
	return sk != NULL;
}

int agent_fd(void)
{
	return sk ? nl_socket_get_fd(sk) : -1;
}

static void wipe_free_queue(void)
{
	while (q_head) {
		struct queued *q = q_head;

		q_head = q->next;
		explicit_bzero(q->hdr, q->hdr->nlmsg_len);
		free(q);
	}
	q_tail = &q_head;
}

void agent_close(void)
{
	if (sk)
		nl_socket_free(sk);
	sk = NULL;
	family = 0;
	wipe_free_queue();
}

int agent_open(void)
{
	int one = 1, err;

	agent_close();
	sk = nl_socket_alloc();
	if (!sk)
		return -ENOMEM;
	err = genl_connect(sk);
	if (err) {
		log_err("genl connect: %s", nl_geterror(err));
		agent_close();
		return -EIO;
	}
	family = genl_ctrl_resolve(sk, LWIP_SEGW_GENL_NAME);
	if (family < 0) {
		agent_close();
		return -ENOENT;
	}
	/* Bursts of UE requests (hundreds at once) must not overflow. */
	nl_socket_set_buffer_size(sk, 8 << 20, 1 << 20);
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	nl_socket_set_nonblocking(sk);
	return 0;
}

static void extack_msg(const struct nlmsghdr *h, char *buf, size_t len)
{
	const struct nlmsgerr *e = nlmsg_data(h);
	size_t off = sizeof(*e);
	const struct nlattr *a;
	int rem;

	if (!buf || !len)
		return;
	buf[0] = '\0';
	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(h->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	if (NLMSG_HDRLEN + off > h->nlmsg_len)
		return;
	a = (const struct nlattr *)((const char *)nlmsg_data(h) + off);
	rem = (int)(h->nlmsg_len - NLMSG_HDRLEN - off);
	for (; nla_ok(a, rem); a = nla_next(a, &rem)) {
		if (nla_type(a) == NLMSGERR_ATTR_MSG && nla_len(a) > 0) {
			snprintf(buf, len, "%.*s", nla_len(a), (const char *)nla_data(a));
			return;
		}
	}
}

static void queue_msg(const struct nlmsghdr *h)
{
	struct queued *q = malloc(sizeof(*q) + h->nlmsg_len);

	if (!q) {
		log_err("out of memory queueing a module request: will resync");
		return;
	}
	memcpy(q->hdr, h, h->nlmsg_len);
	q->next = NULL;
	*q_tail = q;
	q_tail = &q->next;
}

/* Attribute parsing of one UE message; -1 when something is malformed. */
static int parse_ue(const struct nlmsghdr *h, struct agent_ue *ue)
{
	struct genlmsghdr *g = nlmsg_data(h);
	struct nlattr *tb[LWIP_SEGW_A_MAX + 1];
	int err;

	memset(ue, 0, sizeof(*ue));
	ue->cmd = g->cmd;
	err = genlmsg_parse((struct nlmsghdr *)h, 0, tb, LWIP_SEGW_A_MAX, NULL);
	if (err < 0)
		return -1;
#define LEN_OK(a, n) (tb[a] && nla_len(tb[a]) == (n))
	if (!LEN_OK(LWIP_SEGW_A_UE_ID, 4))
		return -1;
	ue->id = nla_get_u32(tb[LWIP_SEGW_A_UE_ID]);
	if (tb[LWIP_SEGW_A_UE_IDI]) {
		int n = nla_len(tb[LWIP_SEGW_A_UE_IDI]);

		if (n < 1 || n > LWIP_SEGW_IDI_MAX_LEN)
			return -1;
		memcpy(ue->idi, nla_data(tb[LWIP_SEGW_A_UE_IDI]), (size_t)n);
		ue->idi_len = (unsigned int)n;
	}
	ue->idi_type = LWIP_SEGW_IDI_KEY_ID;
	if (LEN_OK(LWIP_SEGW_A_UE_IDI_TYPE, 1))
		ue->idi_type = nla_get_u8(tb[LWIP_SEGW_A_UE_IDI_TYPE]);
	if (tb[LWIP_SEGW_A_UE_PSK]) {
		if (nla_len(tb[LWIP_SEGW_A_UE_PSK]) != LWIP_SEGW_PSK_LEN)
			return -1;
		memcpy(ue->psk, nla_data(tb[LWIP_SEGW_A_UE_PSK]), LWIP_SEGW_PSK_LEN);
		ue->have_psk = true;
	}
	if (LEN_OK(LWIP_SEGW_A_SEGW_ADDR, 4))
		ue->segw.s_addr = nla_get_u32(tb[LWIP_SEGW_A_SEGW_ADDR]);
	if (LEN_OK(LWIP_SEGW_A_UE_STATE, 1))
		ue->state = nla_get_u8(tb[LWIP_SEGW_A_UE_STATE]);
	if (LEN_OK(LWIP_SEGW_A_REASON, 1))
		ue->reason = nla_get_u8(tb[LWIP_SEGW_A_REASON]);
	if (LEN_OK(LWIP_SEGW_A_REQID, 4))
		ue->reqid = nla_get_u32(tb[LWIP_SEGW_A_REQID]);
	if (LEN_OK(LWIP_SEGW_A_INNER_ADDR, 4))
		ue->inner.s_addr = nla_get_u32(tb[LWIP_SEGW_A_INNER_ADDR]);
	if (LEN_OK(LWIP_SEGW_A_OUTER_ADDR, 4))
		ue->outer.s_addr = nla_get_u32(tb[LWIP_SEGW_A_OUTER_ADDR]);
#undef LEN_OK
	return 0;
}

/* Hands one unsolicited message to cb (requests and releases only). */
static void dispatch(const struct nlmsghdr *h, agent_ue_cb cb, void *arg)
{
	struct genlmsghdr *g;
	struct agent_ue ue;

	if (h->nlmsg_type != family || h->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN)
		return;
	g = nlmsg_data(h);
	if (g->cmd != LWIP_SEGW_CMD_UE_REQUEST && g->cmd != LWIP_SEGW_CMD_UE_RELEASE) {
		log_warn("module sent unexpected command %u; ignored", g->cmd);
		return;
	}
	if (parse_ue(h, &ue)) {
		log_warn("malformed message (command %u) from the module; ignored", g->cmd);
	} else if (g->cmd == LWIP_SEGW_CMD_UE_REQUEST &&
		   (!ue.have_psk || !ue.idi_len || !ue.segw.s_addr)) {
		log_warn("UE %u: request without PSK, IDi or SeGW address; ignored", ue.id);
	} else {
		cb(&ue, arg);
	}
	explicit_bzero(&ue, sizeof(ue));
}

/*
 * Reads what the socket has; messages answering seq go to on_reply (which
 * returns 1 when the exchange is complete), the rest is queued.
 * Returns 1 complete, 0 need more, -errno.
 */
static int read_some(uint32_t seq, int (*on_reply)(const struct nlmsghdr *, void *),
		     void *arg)
{
	static uint8_t *buf;
	struct sockaddr_nl sa;
	socklen_t salen = sizeof(sa);
	struct nlmsghdr *h;
	ssize_t n;
	int done = 0;

	if (!buf) {
		buf = malloc(RX_BUF);
		if (!buf)
			return -ENOMEM;
	}
	n = recvfrom(nl_socket_get_fd(sk), buf, RX_BUF, MSG_TRUNC,
		     (struct sockaddr *)&sa, &salen);
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -errno;
	if (n > RX_BUF) {
		log_err("netlink message truncated (%zd bytes)", n);
		explicit_bzero(buf, RX_BUF);
		return -EMSGSIZE;
	}
	for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, (unsigned int)n);
	     h = NLMSG_NEXT(h, n)) {
		if (seq && h->nlmsg_seq == seq) {
			int r = on_reply(h, arg);

			if (r)
				done = r;
		} else if (h->nlmsg_seq == 0 && h->nlmsg_type >= NLMSG_MIN_TYPE) {
			queue_msg(h);
		}
	}
	explicit_bzero(buf, (size_t)(n < RX_BUF ? n : RX_BUF));
	return done;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int wait_reply(uint32_t seq, int (*on_reply)(const struct nlmsghdr *, void *),
		      void *arg)
{
	long deadline = now_ms() + REPLY_TIMEOUT_MS;

	for (;;) {
		struct pollfd p = { .fd = nl_socket_get_fd(sk), .events = POLLIN };
		long left = deadline - now_ms();
		int r;

		if (left <= 0)
			return -ETIMEDOUT;
		if (poll(&p, 1, (int)left) < 0 && errno != EINTR)
			return -errno;
		r = read_some(seq, on_reply, arg);
		if (r < 0)
			return r;
		if (r > 0)
			return 0;
	}
}

struct ack_ctx {
	int error;
	char *err;
	size_t errlen;
	int ue_count;
};

static int on_ack(const struct nlmsghdr *h, void *arg)
{
	struct ack_ctx *c = arg;

	if (h->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = nlmsg_data(h);

		c->error = e->error;
		if (e->error)
			extack_msg(h, c->err, c->errlen);
		return 1;
	}
	if (h->nlmsg_type == family) {	/* REGISTER's reply */
		struct nlattr *tb[LWIP_SEGW_A_MAX + 1];

		if (genlmsg_parse((struct nlmsghdr *)h, 0, tb, LWIP_SEGW_A_MAX, NULL) >= 0 &&
		    tb[LWIP_SEGW_A_UE_COUNT] && nla_len(tb[LWIP_SEGW_A_UE_COUNT]) == 4)
			c->ue_count = (int)nla_get_u32(tb[LWIP_SEGW_A_UE_COUNT]);
	}
	return 0;
}

static struct nl_msg *new_msg(uint8_t cmd, int flags)
{
	struct nl_msg *m = nlmsg_alloc();

	if (m && !genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, flags, cmd,
			      LWIP_SEGW_GENL_VERSION)) {
		nlmsg_free(m);
		m = NULL;
	}
	return m;
}

static int send_msg(struct nl_msg *m, uint32_t *seq)
{
	int err = nl_send_auto(sk, m);

	*seq = nlmsg_hdr(m)->nlmsg_seq;
	nlmsg_free(m);
	return err < 0 ? -EIO : 0;
}

int agent_register(void)
{
	struct ack_ctx c = { 0 };
	char err[256] = "";
	struct nl_msg *m;
	uint32_t seq;
	int r;

	c.err = err;
	c.errlen = sizeof(err);
	m = new_msg(LWIP_SEGW_CMD_AGENT_REGISTER, NLM_F_REQUEST | NLM_F_ACK);
	if (!m)
		return -ENOMEM;
	r = send_msg(m, &seq);
	if (!r)
		r = wait_reply(seq, on_ack, &c);
	if (r)
		return r;
	if (c.error) {
		log_err("AGENT_REGISTER refused: %s%s%s", strerror(-c.error),
			err[0] ? ": " : "", err);
		return c.error;
	}
	return c.ue_count;
}

struct sync_ctx {
	agent_ue_cb cb;
	void *arg;
	int error;
	bool intr;
	int n;
};

static int on_sync(const struct nlmsghdr *h, void *arg)
{
	struct sync_ctx *c = arg;
	struct agent_ue ue;

	if (h->nlmsg_type == NLMSG_DONE) {
		if (h->nlmsg_flags & NLM_F_DUMP_INTR)
			c->intr = true;
		return 1;
	}
	if (h->nlmsg_type == NLMSG_ERROR) {
		c->error = ((const struct nlmsgerr *)nlmsg_data(h))->error;
		return 1;
	}
	if (h->nlmsg_type != family)
		return 0;
	if (h->nlmsg_flags & NLM_F_DUMP_INTR)
		c->intr = true;
	if (parse_ue(h, &ue)) {
		log_warn("malformed AGENT_SYNC entry; ignored");
	} else {
		ue.cmd = LWIP_SEGW_CMD_AGENT_SYNC;
		c->cb(&ue, c->arg);
		c->n++;
	}
	explicit_bzero(&ue, sizeof(ue));
	return 0;
}

int agent_sync(agent_ue_cb cb, void *arg)
{
	struct sync_ctx c = { .cb = cb, .arg = arg };
	struct nl_msg *m;
	uint32_t seq;
	int r;

	m = new_msg(LWIP_SEGW_CMD_AGENT_SYNC, NLM_F_REQUEST | NLM_F_DUMP);
	if (!m)
		return -ENOMEM;
	r = send_msg(m, &seq);
	if (!r)
		r = wait_reply(seq, on_sync, &c);
	if (r)
		return r;
	if (c.error) {
		log_err("AGENT_SYNC refused: %s", strerror(-c.error));
		return c.error;
	}
	/* Entries seen twice or missed are fixed by the caller's next sync. */
	if (c.intr)
		log_info("AGENT_SYNC was interrupted by changes; entries may repeat");
	return c.n;
}

int agent_receive(agent_ue_cb cb, void *arg)
{
	int r = 0;

	/* Drain the socket fully, then hand out everything in order. */
	for (;;) {
		struct pollfd p = { .fd = nl_socket_get_fd(sk), .events = POLLIN };

		if (poll(&p, 1, 0) <= 0 || !(p.revents & (POLLIN | POLLERR)))
			break;
		r = read_some(0, NULL, NULL);
		if (r < 0)
			break;
	}
	while (q_head) {
		struct queued *q = q_head;

		q_head = q->next;
		if (!q_head)
			q_tail = &q_head;
		dispatch(q->hdr, cb, arg);
		explicit_bzero(q->hdr, q->hdr->nlmsg_len);
		free(q);
	}
	return r < 0 ? r : 0;
}

static int on_config(const struct nlmsghdr *h, void *arg)
{
	struct nlattr *tb[LWIP_SEGW_A_MAX + 1];
	struct in_addr *addr = arg;

	if (h->nlmsg_type == NLMSG_ERROR)
		return 1;
	if (h->nlmsg_type == family &&
	    genlmsg_parse((struct nlmsghdr *)h, 0, tb, LWIP_SEGW_A_MAX, NULL) >= 0 &&
	    tb[LWIP_SEGW_A_SEGW_ADDR] && nla_len(tb[LWIP_SEGW_A_SEGW_ADDR]) == 4)
		addr->s_addr = nla_get_u32(tb[LWIP_SEGW_A_SEGW_ADDR]);
	return 0;
}

int agent_segw_addr(struct in_addr *addr)
{
	struct nl_msg *m;
	uint32_t seq;
	int r;

	addr->s_addr = 0;
	m = new_msg(LWIP_SEGW_CMD_GET_CONFIG, NLM_F_REQUEST | NLM_F_ACK);
	if (!m)
		return -ENOMEM;
	r = send_msg(m, &seq);
	if (!r)
		r = wait_reply(seq, on_config, addr);
	return r ? r : (addr->s_addr ? 0 : -ENODATA);
}

int agent_report(uint32_t id, uint8_t report, uint8_t reason, const char *text,
		 const struct agent_sa *sa, char *err, size_t errlen)
{
	struct ack_ctx c = { 0 };
	struct nl_msg *m;
	uint32_t seq;
	int r;

	if (err && errlen)
		err[0] = '\0';
	if (!sk)
		return -ENOTCONN;
	c.err = err;
	c.errlen = errlen;
	m = new_msg(LWIP_SEGW_CMD_UE_REPORT, NLM_F_REQUEST | NLM_F_ACK);
	if (!m)
		return -ENOMEM;
	if (nla_put_u32(m, LWIP_SEGW_A_UE_ID, id) ||
	    nla_put_u8(m, LWIP_SEGW_A_REPORT, report) ||
	    (reason && nla_put_u8(m, LWIP_SEGW_A_REASON, reason)) ||
	    (text && text[0] && nla_put_string(m, LWIP_SEGW_A_REASON_TEXT, text)) ||
	    (sa && (nla_put_u32(m, LWIP_SEGW_A_REQID, sa->reqid) ||
		    nla_put_u32(m, LWIP_SEGW_A_INNER_ADDR, sa->inner.s_addr) ||
		    nla_put_u32(m, LWIP_SEGW_A_OUTER_ADDR, sa->outer.s_addr) ||
		    nla_put_u16(m, LWIP_SEGW_A_OUTER_PORT, sa->outer_port) ||
		    nla_put_u32(m, LWIP_SEGW_A_UE_FLAGS,
				sa->natt ? LWIP_SEGW_UE_F_NATT : 0)))) {
		nlmsg_free(m);
		return -EMSGSIZE;
	}
	r = send_msg(m, &seq);
	if (!r)
		r = wait_reply(seq, on_ack, &c);
	return r ? r : c.error;
}

/* --- Family watch. --- */

int watch_open(void)
{
	int grp, err;

	watch_sk = nl_socket_alloc();
	if (!watch_sk)
		return -ENOMEM;
	err = genl_connect(watch_sk);
	if (err)
		goto fail;
	grp = genl_ctrl_resolve_grp(watch_sk, "nlctrl", "notify");
	if (grp < 0) {
		err = grp;
		goto fail;
	}
	err = nl_socket_add_membership(watch_sk, grp);
	if (err)
		goto fail;
	nl_socket_set_nonblocking(watch_sk);
	return 0;
fail:
	log_err("cannot watch generic netlink families: %s", nl_geterror(err));
	nl_socket_free(watch_sk);
	watch_sk = NULL;
	return -EIO;
}

int watch_fd(void)
{
	return watch_sk ? nl_socket_get_fd(watch_sk) : -1;
}

int watch_receive(bool *appeared, bool *vanished)
{
	uint8_t buf[16384];
	struct nlmsghdr *h;
	ssize_t n;

	for (;;) {
		n = recv(nl_socket_get_fd(watch_sk), buf, sizeof(buf), 0);
		if (n < 0) {
			if (errno == ENOBUFS) {
				/* Lost notifications: let the caller re-check. */
				*appeared = *vanished = true;
				continue;
			}
			return errno == EAGAIN ? 0 : -errno;
		}
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, (unsigned int)n);
		     h = NLMSG_NEXT(h, n)) {
			struct nlattr *tb[CTRL_ATTR_MAX + 1];
			struct genlmsghdr *g;

			if (h->nlmsg_type != GENL_ID_CTRL ||
			    h->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN)
				continue;
			g = nlmsg_data(h);
			if (g->cmd != CTRL_CMD_NEWFAMILY && g->cmd != CTRL_CMD_DELFAMILY)
				continue;
			if (genlmsg_parse(h, 0, tb, CTRL_ATTR_MAX, NULL) < 0 ||
			    !tb[CTRL_ATTR_FAMILY_NAME] ||
			    nla_len(tb[CTRL_ATTR_FAMILY_NAME]) != sizeof(LWIP_SEGW_GENL_NAME) ||
			    memcmp(nla_data(tb[CTRL_ATTR_FAMILY_NAME]), LWIP_SEGW_GENL_NAME,
				   sizeof(LWIP_SEGW_GENL_NAME)))
				continue;
			if (g->cmd == CTRL_CMD_NEWFAMILY)
				*appeared = true;
			else
				*vanished = true;
		}
	}
}
