// SPDX-License-Identifier: GPL-2.0
/*
 * ABI tests of the lwip_segw generic netlink family (uapi/linux/lwip_segw.h).
 *
 * Each test runs in its own child process (kselftest harness) and its own
 * network namespace, so it starts from a fresh per-netns module state: no
 * settings, no agent, no UE. Names cite the requirement they check (SEC-n).
 * Needs root and lwip_segw.ko loaded (selftests/genl/run.sh does both).
 */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/lwip_segw.h>

#include "../../tools/segwctl/nl.h"
#include "kselftest_harness.h"

#define SEGW_ADDR	0xc0000201	/* 192.0.2.1 */
#define XWU_ADDR	0x0a000002	/* 10.0.0.2 */
#define ENB_ADDR	0x0a000001	/* 10.0.0.1 */

/* A PSK pattern that cannot occur by chance in a message. */
static void fill_psk(uint8_t psk[64], unsigned int seed)
{
	unsigned int i;

	for (i = 0; i < 64; i++)
		psk[i] = 0xa5 ^ (i * 7) ^ seed;
}

struct add_args {
	int mac_len;		/* octets sent, default 6 */
	int idi_len;		/* default 8 */
	int psk_len;		/* default 32 */
	uint32_t enb_teid;	/* default 100 */
	int idi_type;		/* 0 = omit */
	int window;		/* -1 = omit */
	uint32_t omit;		/* bit per attribute type not to send */
	uint32_t n;		/* makes MAC, IDi and PSK unique */
	int extra_attr;		/* attribute type to add (u32 0), 0 = none */
	uint32_t enb_addr;	/* host order, default ENB_ADDR */
};

static struct add_args add_defaults(uint32_t n)
{
	return (struct add_args){ .mac_len = 6, .idi_len = 8, .psk_len = 32,
				  .enb_teid = 100, .window = -1, .n = n,
				  .enb_addr = ENB_ADDR };
}

static struct nl_msg *build_add(struct segw_nl *nl, const struct add_args *a)
{
	struct nl_msg *msg = segw_nl_msg(nl, LWIP_SEGW_CMD_UE_ADD, 0);
	uint8_t mac[8] = { 0x02, 0, 0, (a->n >> 16) & 0xff, (a->n >> 8) & 0xff,
			   a->n & 0xff, 0, 0 };
	uint8_t idi[300], psk[64];
	int i;

	for (i = 0; i < (int)sizeof(idi); i++)
		idi[i] = 'a' + (i % 26);
	memcpy(idi, &a->n, sizeof(a->n));
	fill_psk(psk, a->n);
#define OMIT(t) (a->omit & (1u << (t)))
	if (!OMIT(LWIP_SEGW_A_UE_MAC))
		nla_put(msg, LWIP_SEGW_A_UE_MAC, a->mac_len, mac);
	if (!OMIT(LWIP_SEGW_A_UE_IDI))
		nla_put(msg, LWIP_SEGW_A_UE_IDI, a->idi_len, idi);
	if (!OMIT(LWIP_SEGW_A_UE_PSK))
		nla_put(msg, LWIP_SEGW_A_UE_PSK, a->psk_len, psk);
	if (!OMIT(LWIP_SEGW_A_ENB_ADDR))
		nla_put_u32(msg, LWIP_SEGW_A_ENB_ADDR, htonl(a->enb_addr));
	if (!OMIT(LWIP_SEGW_A_ENB_TEID))
		nla_put_u32(msg, LWIP_SEGW_A_ENB_TEID, a->enb_teid);
	if (a->idi_type)
		nla_put_u8(msg, LWIP_SEGW_A_UE_IDI_TYPE, a->idi_type);
	if (a->window >= 0)
		nla_put_u32(msg, LWIP_SEGW_A_WINDOW, a->window);
	if (a->extra_attr)
		nla_put_u32(msg, a->extra_attr, 0);
#undef OMIT
	return msg;
}

struct add_reply {
	uint32_t id, segw_teid, segw_addr, xwu_addr;
	uint16_t xwu_port;
};

static int parse_add_reply(struct nlmsghdr *nlh, struct nlattr **tb, void *arg)
{
	struct add_reply *r = arg;

	(void)nlh;
	if (tb[LWIP_SEGW_A_UE_ID])
		r->id = nla_get_u32(tb[LWIP_SEGW_A_UE_ID]);
	if (tb[LWIP_SEGW_A_SEGW_TEID])
		r->segw_teid = nla_get_u32(tb[LWIP_SEGW_A_SEGW_TEID]);
	if (tb[LWIP_SEGW_A_SEGW_ADDR])
		r->segw_addr = nla_get_u32(tb[LWIP_SEGW_A_SEGW_ADDR]);
	if (tb[LWIP_SEGW_A_XWU_ADDR])
		r->xwu_addr = nla_get_u32(tb[LWIP_SEGW_A_XWU_ADDR]);
	if (tb[LWIP_SEGW_A_XWU_PORT])
		r->xwu_port = nla_get_u16(tb[LWIP_SEGW_A_XWU_PORT]);
	return 0;
}

static int do_add(struct segw_nl *nl, const struct add_args *a,
		  struct add_reply *r)
{
	struct add_reply dummy;

	memset(r ? r : &dummy, 0, sizeof(dummy));
	return segw_nl_request(nl, build_add(nl, a), parse_add_reply,
			       r ? r : &dummy);
}

static int set_config(struct segw_nl *nl, int window)
{
	struct nl_msg *msg = segw_nl_msg(nl, LWIP_SEGW_CMD_SET_CONFIG, 0);

	nla_put_u32(msg, LWIP_SEGW_A_SEGW_ADDR, htonl(SEGW_ADDR));
	nla_put_u32(msg, LWIP_SEGW_A_XWU_ADDR, htonl(XWU_ADDR));
	if (window >= 0)
		nla_put_u32(msg, LWIP_SEGW_A_WINDOW, window);
	return segw_nl_request(nl, msg, NULL, NULL);
}

static int agent_register(struct segw_nl *nl)
{
	return segw_nl_request(nl, segw_nl_msg(nl, LWIP_SEGW_CMD_AGENT_REGISTER,
					       0), NULL, NULL);
}

/* Everything received on a socket, raw, for byte-level checks. */
struct capture {
	uint8_t *buf;
	size_t len, cap;
	unsigned int msgs;
	unsigned int by_cmd[LWIP_SEGW_CMD_MAX + 1];
	unsigned int events[LWIP_SEGW_EVENT_MAX + 1];
	uint8_t last_reason;
	uint32_t last_id;
};

static int capture_cb(struct nl_msg *m, void *arg)
{
	struct capture *c = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(m);
	struct genlmsghdr *g = nlmsg_data(nlh);
	struct nlattr *tb[LWIP_SEGW_A_MAX + 1];

	if (c->len + nlh->nlmsg_len > c->cap) {
		c->cap = (c->len + nlh->nlmsg_len) * 2;
		c->buf = realloc(c->buf, c->cap);
	}
	memcpy(c->buf + c->len, nlh, nlh->nlmsg_len);
	c->len += nlh->nlmsg_len;
	c->msgs++;
	if (g->cmd <= LWIP_SEGW_CMD_MAX)
		c->by_cmd[g->cmd]++;
	if (!segw_nl_parse(nlh, tb)) {
		if (tb[LWIP_SEGW_A_EVENT] &&
		    nla_get_u8(tb[LWIP_SEGW_A_EVENT]) <= LWIP_SEGW_EVENT_MAX)
			c->events[nla_get_u8(tb[LWIP_SEGW_A_EVENT])]++;
		if (tb[LWIP_SEGW_A_REASON])
			c->last_reason = nla_get_u8(tb[LWIP_SEGW_A_REASON]);
		if (tb[LWIP_SEGW_A_UE_ID])
			c->last_id = nla_get_u32(tb[LWIP_SEGW_A_UE_ID]);
	}
	return NL_OK;
}

static int ignore_cb(struct nl_msg *m, void *arg)
{
	(void)m;
	(void)arg;
	return NL_OK;
}

/* Reads what is queued on nl within timeout_ms into c (may be NULL). */
static void drain(struct segw_nl *nl, struct capture *c, int timeout_ms)
{
	struct pollfd pfd = { .fd = nl_socket_get_fd(nl->sk), .events = POLLIN };
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	static struct capture scratch;

	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, capture_cb, c ? c : &scratch);
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, ignore_cb, NULL);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ignore_cb, NULL);
	while (poll(&pfd, 1, timeout_ms) > 0) {
		if (nl_recvmsgs(nl->sk, cb) < 0)
			break;
		timeout_ms = timeout_ms > 50 ? 50 : timeout_ms;
	}
	nl_cb_put(cb);
	if (!c) {
		free(scratch.buf);
		memset(&scratch, 0, sizeof(scratch));
	}
}

/* Drains into c until event was seen or timeout_ms passed; polling wait. */
static bool wait_event(struct segw_nl *nl, struct capture *c, int event,
		       int timeout_ms)
{
	int waited;

	for (waited = 0; !c->events[event] && waited < timeout_ms;
	     waited += 100)
		drain(nl, c, 100);
	return c->events[event];
}

static bool contains(const struct capture *c, const void *needle, size_t n)
{
	return c->len >= n && memmem(c->buf, c->len, needle, n);
}

static int report(struct segw_nl *ag, uint32_t id, int what, uint32_t reqid,
		  uint32_t inner, uint32_t flags)
{
	struct nl_msg *msg = segw_nl_msg(ag, LWIP_SEGW_CMD_UE_REPORT, 0);

	nla_put_u32(msg, LWIP_SEGW_A_UE_ID, id);
	nla_put_u8(msg, LWIP_SEGW_A_REPORT, what);
	if (what == LWIP_SEGW_REPORT_ESTABLISHED) {
		nla_put_u32(msg, LWIP_SEGW_A_REQID, reqid);
		nla_put_u32(msg, LWIP_SEGW_A_INNER_ADDR, htonl(inner));
		nla_put_u32(msg, LWIP_SEGW_A_OUTER_ADDR, htonl(inner));
		nla_put_u16(msg, LWIP_SEGW_A_OUTER_PORT, 500);
		if (flags)
			nla_put_u32(msg, LWIP_SEGW_A_UE_FLAGS, flags);
	}
	return segw_nl_request(ag, msg, NULL, NULL);
}

struct ue_state {
	int found;
	uint8_t state, reason;
};

static int parse_state(struct nlmsghdr *nlh, struct nlattr **tb, void *arg)
{
	struct ue_state *s = arg;

	(void)nlh;
	s->found = 1;
	if (tb[LWIP_SEGW_A_UE_STATE])
		s->state = nla_get_u8(tb[LWIP_SEGW_A_UE_STATE]);
	if (tb[LWIP_SEGW_A_REASON])
		s->reason = nla_get_u8(tb[LWIP_SEGW_A_REASON]);
	return 0;
}

static int get_ue(struct segw_nl *nl, uint32_t id, struct ue_state *s)
{
	struct nl_msg *msg = segw_nl_msg(nl, LWIP_SEGW_CMD_UE_GET, 0);

	memset(s, 0, sizeof(*s));
	nla_put_u32(msg, LWIP_SEGW_A_UE_ID, id);
	return segw_nl_request(nl, msg, parse_state, s);
}

/* Ids seen by a dump, in order, and whether it was flagged inconsistent. */
struct dump {
	uint32_t *ids;
	unsigned int n, cap;
	bool psk_seen;
	const uint8_t *psk;	/* 32 octets to look for, or NULL */
};

static int dump_cb(struct nlmsghdr *nlh, struct nlattr **tb, void *arg)
{
	struct dump *d = arg;

	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 1024;
		d->ids = realloc(d->ids, d->cap * sizeof(*d->ids));
	}
	if (tb[LWIP_SEGW_A_UE_ID])
		d->ids[d->n++] = nla_get_u32(tb[LWIP_SEGW_A_UE_ID]);
	if (tb[LWIP_SEGW_A_UE_PSK])
		d->psk_seen = true;
	if (d->psk && memmem(nlh, nlh->nlmsg_len, d->psk, 32))
		d->psk_seen = true;
	return 0;
}

static int dump_ues(struct segw_nl *nl, int cmd, struct dump *d)
{
	d->n = 0;
	d->psk_seen = false;
	return segw_nl_request(nl, segw_nl_msg(nl, cmd, NLM_F_DUMP), dump_cb,
			       d);
}

FIXTURE(segw) {
	struct segw_nl enb;
	struct segw_nl agent;
	struct segw_nl events;	/* member of the events group only */
	bool agent_open;
};

FIXTURE_SETUP(segw)
{
	segw_nl_quiet = 1;
	/* A fresh netns: fresh settings, no agent, no UE. */
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, segw_nl_open(&self->enb));
	ASSERT_EQ(0, segw_nl_open(&self->agent));
	ASSERT_EQ(0, segw_nl_open(&self->events));
	ASSERT_EQ(0, nl_socket_add_membership(self->events.sk,
					      self->events.events_grp));
	nl_socket_disable_seq_check(self->events.sk);
	nl_socket_disable_seq_check(self->enb.sk);
	nl_socket_disable_seq_check(self->agent.sk);
	self->agent_open = true;
}

FIXTURE_TEARDOWN(segw)
{
	if (self->agent_open)
		segw_nl_close(&self->agent);
	segw_nl_close(&self->events);
	segw_nl_close(&self->enb);
}

static void close_agent(struct _test_data_segw *self)
{
	segw_nl_close(&self->agent);
	self->agent_open = false;
}

#define READY(self) do {						\
	ASSERT_EQ(0, set_config(&(self)->enb, -1));			\
	ASSERT_EQ(0, agent_register(&(self)->agent));			\
} while (0)

/* SEC-4: the ACKNOWLEDGE and the request handed to the agent. */
TEST_F(segw, sec4_add_acknowledge_and_agent_request)
{
	struct add_args a = add_defaults(1);
	struct capture c = { 0 };
	struct add_reply r;
	uint8_t psk[64];

	READY(self);
	ASSERT_EQ(0, do_add(&self->enb, &a, &r));
	EXPECT_NE(0, r.id);
	EXPECT_NE(0, r.segw_teid);
	EXPECT_EQ(htonl(SEGW_ADDR), r.segw_addr);
	EXPECT_EQ(htonl(XWU_ADDR), r.xwu_addr);
	EXPECT_EQ(LWIP_SEGW_XWU_PORT_DEFAULT, r.xwu_port);
	drain(&self->agent, &c, 500);
	EXPECT_EQ(1, c.by_cmd[LWIP_SEGW_CMD_UE_REQUEST]);
	fill_psk(psk, 1);
	/* Positive control for the "PSK never appears" tests below. */
	EXPECT_TRUE(contains(&c, psk, 32));
	free(c.buf);
}

struct bound_case {
	const char *name;
	void (*mutate)(struct add_args *a);
	int err;
};

static void idi_0(struct add_args *a) { a->idi_len = 0; }
static void idi_256(struct add_args *a) { a->idi_len = 256; }
static void psk_31(struct add_args *a) { a->psk_len = 31; }
static void psk_33(struct add_args *a) { a->psk_len = 33; }
static void mac_5(struct add_args *a) { a->mac_len = 5; }
static void mac_7(struct add_args *a) { a->mac_len = 7; }
static void teid_0(struct add_args *a) { a->enb_teid = 0; }
static void type_unknown(struct add_args *a) { a->idi_type = LWIP_SEGW_IDI_MAX + 1; }
static void window_huge(struct add_args *a) { a->window = LWIP_SEGW_WINDOW_MAX + 1; }
static void no_mac(struct add_args *a) { a->omit = 1u << LWIP_SEGW_A_UE_MAC; }
static void no_idi(struct add_args *a) { a->omit = 1u << LWIP_SEGW_A_UE_IDI; }
static void no_psk(struct add_args *a) { a->omit = 1u << LWIP_SEGW_A_UE_PSK; }
static void no_enb(struct add_args *a) { a->omit = 1u << LWIP_SEGW_A_ENB_ADDR; }
static void no_teid(struct add_args *a) { a->omit = 1u << LWIP_SEGW_A_ENB_TEID; }
static void foreign_attr(struct add_args *a) { a->extra_attr = LWIP_SEGW_A_REQID; }
static void unknown_attr(struct add_args *a) { a->extra_attr = LWIP_SEGW_A_MAX + 1; }

/* Each bound and each missing attribute: refused, with a message, no UE. */
TEST_F(segw, sec1_sec4_add_attribute_bounds)
{
	static const struct bound_case cases[] = {
		{ "IDi 0 octets", idi_0, -ERANGE },
		{ "IDi 256 octets", idi_256, -ERANGE },
		{ "PSK 31 octets (SEC-1)", psk_31, -ERANGE },
		{ "PSK 33 octets (SEC-1)", psk_33, -ERANGE },
		{ "MAC 5 octets", mac_5, -ERANGE },
		{ "MAC 7 octets", mac_7, -ERANGE },
		{ "TEID 0", teid_0, -ERANGE },
		{ "unknown IDi type", type_unknown, -ERANGE },
		{ "window too long", window_huge, -ERANGE },
		{ "missing MAC", no_mac, -EINVAL },
		{ "missing IDi", no_idi, -EINVAL },
		{ "missing PSK", no_psk, -EINVAL },
		{ "missing eNB address", no_enb, -EINVAL },
		{ "missing eNB TEID", no_teid, -EINVAL },
		{ "attribute of another command", foreign_attr, -EINVAL },
		{ "attribute beyond the maximum", unknown_attr, -EINVAL },
	};
	struct dump d = { 0 };
	unsigned int i;

	READY(self);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct add_args a = add_defaults(i + 1);
		int err;

		cases[i].mutate(&a);
		err = do_add(&self->enb, &a, NULL);
		EXPECT_EQ(cases[i].err, err) TH_LOG("%s", cases[i].name);
		EXPECT_NE(0, strlen(segw_nl_last_extack))
			TH_LOG("%s: no extack message", cases[i].name);
	}
	/* The legal extremes pass. */
	{
		struct add_args a = add_defaults(100);

		a.idi_len = 255;
		a.idi_type = LWIP_SEGW_IDI_RFC822;
		EXPECT_EQ(0, do_add(&self->enb, &a, NULL));
		a = add_defaults(101);
		a.idi_len = 1;
		a.n = 0x101;
		EXPECT_EQ(0, do_add(&self->enb, &a, NULL));
	}
	ASSERT_EQ(0, dump_ues(&self->enb, LWIP_SEGW_CMD_UE_GET, &d));
	EXPECT_EQ(2, d.n);
	free(d.ids);
}

/*
 * SEC-8: the uplink goes to one eNB host. Endpoints and UE addresses that
 * name no single host (0.0.0.0/8, multicast, broadcast) are refused where
 * they enter: UE_ADD, UE_MODIFY, SET_CONFIG and the ESTABLISHED report;
 * the extack names the attribute. Nothing is created or changed.
 */
TEST_F(segw, sec8_addresses_must_be_unicast)
{
	static const uint32_t bad[] = {
		0x00000000, 0x00010203, 0xe0000001, 0xeffffffa, 0xffffffff,
	};
	struct add_args a;
	struct add_reply r;
	struct ue_state st;
	struct dump d = { 0 };
	struct nl_msg *msg;
	unsigned int i;

	READY(self);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		a = add_defaults(i + 1);
		a.enb_addr = bad[i];
		EXPECT_EQ(-EINVAL, do_add(&self->enb, &a, NULL))
			TH_LOG("eNB address %08x accepted", bad[i]);
		EXPECT_NE(NULL, strstr(segw_nl_last_extack,
				       "(attribute enb_addr)"))
			TH_LOG("extack: '%s'", segw_nl_last_extack);
		EXPECT_NE(NULL, strstr(segw_nl_last_extack, "unicast"));

		msg = segw_nl_msg(&self->enb, LWIP_SEGW_CMD_SET_CONFIG, 0);
		nla_put_u32(msg, LWIP_SEGW_A_XWU_ADDR, htonl(bad[i]));
		EXPECT_EQ(-EINVAL, segw_nl_request(&self->enb, msg, NULL, NULL));
		EXPECT_NE(NULL, strstr(segw_nl_last_extack,
				       "(attribute xwu_addr)"));
		msg = segw_nl_msg(&self->enb, LWIP_SEGW_CMD_SET_CONFIG, 0);
		nla_put_u32(msg, LWIP_SEGW_A_SEGW_ADDR, htonl(bad[i]));
		EXPECT_EQ(-EINVAL, segw_nl_request(&self->enb, msg, NULL, NULL));
	}
	ASSERT_EQ(0, dump_ues(&self->enb, LWIP_SEGW_CMD_UE_GET, &d));
	EXPECT_EQ(0, d.n);

	/* A host address passes, loopback included (a colocated eNB). */
	a = add_defaults(50);
	a.enb_addr = 0x7f000001;
	ASSERT_EQ(0, do_add(&self->enb, &a, &r));

	msg = segw_nl_msg(&self->enb, LWIP_SEGW_CMD_UE_MODIFY, 0);
	nla_put_u32(msg, LWIP_SEGW_A_UE_ID, r.id);
	nla_put_u32(msg, LWIP_SEGW_A_ENB_ADDR, htonl(0xe0000005));
	EXPECT_EQ(-EINVAL, segw_nl_request(&self->enb, msg, NULL, NULL));

	EXPECT_EQ(-EINVAL, report(&self->agent, r.id,
				  LWIP_SEGW_REPORT_ESTABLISHED, 7, 0xe0000007, 0));
	EXPECT_NE(NULL, strstr(segw_nl_last_extack, "(attribute inner_addr)"))
		TH_LOG("extack: '%s'", segw_nl_last_extack);
	EXPECT_EQ(-EINVAL, report(&self->agent, r.id,
				  LWIP_SEGW_REPORT_ESTABLISHED, 7, 0xffffffff, 0));
	ASSERT_EQ(0, get_ue(&self->enb, r.id, &st));
	EXPECT_EQ(LWIP_SEGW_UE_PENDING, st.state);
	EXPECT_EQ(0, report(&self->agent, r.id, LWIP_SEGW_REPORT_ESTABLISHED,
			    7, 0x0a010007, 0));
	free(d.ids);
}

TEST_F(segw, unknown_flags_refused)
{
	struct add_reply r;
	struct add_args a = add_defaults(1);

	READY(self);
	ASSERT_EQ(0, do_add(&self->enb, &a, &r));
	EXPECT_EQ(-EINVAL, report(&self->agent, r.id,
				  LWIP_SEGW_REPORT_ESTABLISHED, 5, 0x0a010001,
				  LWIP_SEGW_UE_F_ALL << 1));
	EXPECT_NE(0, strlen(segw_nl_last_extack));
	EXPECT_EQ(0, report(&self->agent, r.id, LWIP_SEGW_REPORT_ESTABLISHED,
			    5, 0x0a010001, LWIP_SEGW_UE_F_NATT));
}

TEST_F(segw, duplicate_mac_or_idi_eexist)
{
	struct add_args a = add_defaults(1), b;
	struct dump d = { 0 };

	READY(self);
	ASSERT_EQ(0, do_add(&self->enb, &a, NULL));
	b = add_defaults(2);
	b.n = 1;	/* same MAC and IDi */
	b.idi_len = 9;	/* ... but a different IDi: only the MAC clashes */
	EXPECT_EQ(-EEXIST, do_add(&self->enb, &b, NULL));
	EXPECT_NE(NULL, strstr(segw_nl_last_extack, "MAC"));
	/* Same IDi octets, another MAC and another type. */
	b = add_defaults(1);
	b.idi_type = LWIP_SEGW_IDI_FQDN;
	{
		struct nl_msg *msg = build_add(&self->enb, &b);
		uint8_t mac[6] = { 0x02, 9, 9, 9, 9, 9 };
		struct nlattr *attr = nlmsg_find_attr(nlmsg_hdr(msg),
						      GENL_HDRLEN,
						      LWIP_SEGW_A_UE_MAC);

		memcpy(nla_data(attr), mac, 6);
		EXPECT_EQ(-EEXIST, segw_nl_request(&self->enb, msg, NULL,
						   NULL));
		EXPECT_NE(NULL, strstr(segw_nl_last_extack, "IDi"));
	}
	ASSERT_EQ(0, dump_ues(&self->enb, LWIP_SEGW_CMD_UE_GET, &d));
	EXPECT_EQ(1, d.n);
	free(d.ids);
}

TEST_F(segw, add_without_agent_creates_nothing)
{
	struct add_args a = add_defaults(1);
	struct dump d = { 0 };

	ASSERT_EQ(0, set_config(&self->enb, -1));
	EXPECT_EQ(-ENOTCONN, do_add(&self->enb, &a, NULL));
	EXPECT_NE(NULL, strstr(segw_nl_last_extack, "agent"));
	/* An agent that registered and went away counts as none. */
	ASSERT_EQ(0, agent_register(&self->agent));
	close_agent(self);
	usleep(100 * 1000);
	EXPECT_EQ(-ENOTCONN, do_add(&self->enb, &a, NULL));
	ASSERT_EQ(0, dump_ues(&self->enb, LWIP_SEGW_CMD_UE_GET, &d));
	EXPECT_EQ(0, d.n);
	free(d.ids);
}

TEST_F(segw, add_unconfigured_refused)
{
	struct add_args a = add_defaults(1);

	ASSERT_EQ(0, agent_register(&self->agent));
	EXPECT_EQ(-ENODATA, do_add(&self->enb, &a, NULL));
	EXPECT_NE(0, strlen(segw_nl_last_extack));
}

static int parse_uplink(struct nlmsghdr *nlh, struct nlattr **tb, void *arg)
{
	(void)nlh;
	*(int *)arg = tb[LWIP_SEGW_A_UPLINK] ?
		      nla_get_u8(tb[LWIP_SEGW_A_UPLINK]) : -1;
	return 0;
}

static int get_uplink(struct segw_nl *nl)
{
	int mode = -2;

	if (segw_nl_request(nl, segw_nl_msg(nl, LWIP_SEGW_CMD_GET_CONFIG, 0),
			    parse_uplink, &mode))
		return -3;
	return mode;
}

static int set_uplink(struct segw_nl *nl, uint8_t mode)
{
	struct nl_msg *msg = segw_nl_msg(nl, LWIP_SEGW_CMD_SET_CONFIG, 0);

	nla_put_u8(msg, LWIP_SEGW_A_UPLINK, mode);
	return segw_nl_request(nl, msg, NULL, NULL);
}

/* The uplink switch: RELAY by default, each mode reads back, others refused. */
TEST_F(segw, uplink_mode_switch_and_bounds)
{
	EXPECT_EQ(LWIP_SEGW_UPLINK_RELAY, get_uplink(&self->enb));
	EXPECT_EQ(-ERANGE, set_uplink(&self->enb, 0));
	EXPECT_NE(NULL, strstr(segw_nl_last_extack, "range"));
	EXPECT_EQ(-ERANGE, set_uplink(&self->enb, LWIP_SEGW_UPLINK_MAX + 1));
	EXPECT_EQ(LWIP_SEGW_UPLINK_RELAY, get_uplink(&self->enb));
	EXPECT_EQ(0, set_uplink(&self->enb, LWIP_SEGW_UPLINK_OFF));
	EXPECT_EQ(LWIP_SEGW_UPLINK_OFF, get_uplink(&self->enb));
	EXPECT_EQ(0, set_uplink(&self->enb, LWIP_SEGW_UPLINK_OFF));
	EXPECT_EQ(0, set_uplink(&self->enb, LWIP_SEGW_UPLINK_CHECK));
	EXPECT_EQ(LWIP_SEGW_UPLINK_CHECK, get_uplink(&self->enb));
	EXPECT_EQ(0, set_uplink(&self->enb, LWIP_SEGW_UPLINK_RELAY));
	EXPECT_EQ(LWIP_SEGW_UPLINK_RELAY, get_uplink(&self->enb));
}

/* A refused SET_CONFIG changes nothing, the uplink mode included. */
TEST_F(segw, uplink_mode_unchanged_by_refused_config)
{
	struct add_args a = add_defaults(1);
	struct nl_msg *msg;

	READY(self);
	ASSERT_EQ(0, do_add(&self->enb, &a, NULL));
	msg = segw_nl_msg(&self->enb, LWIP_SEGW_CMD_SET_CONFIG, 0);
	nla_put_u8(msg, LWIP_SEGW_A_UPLINK, LWIP_SEGW_UPLINK_OFF);
	nla_put_u32(msg, LWIP_SEGW_A_SEGW_ADDR, htonl(SEGW_ADDR + 1));
	EXPECT_EQ(-EBUSY, segw_nl_request(&self->enb, msg, NULL, NULL));
	EXPECT_EQ(LWIP_SEGW_UPLINK_RELAY, get_uplink(&self->enb));
}

TEST_F(segw, one_agent_per_netns)
{
	struct segw_nl second;

	ASSERT_EQ(0, agent_register(&self->agent));
	EXPECT_EQ(0, agent_register(&self->agent));	/* idempotent */
	ASSERT_EQ(0, segw_nl_open(&second));
	EXPECT_EQ(-EBUSY, agent_register(&second));
	close_agent(self);
	usleep(100 * 1000);
	EXPECT_EQ(0, agent_register(&second));
	segw_nl_close(&second);
}

/* Only the agent's socket may pull PSKs or report. */
TEST_F(segw, agent_only_commands)
{
	struct add_args a = add_defaults(1);
	struct add_reply r;
	struct dump d = { 0 };
	uint8_t psk[64];

	READY(self);
	ASSERT_EQ(0, do_add(&self->enb, &a, &r));
	EXPECT_EQ(-EPERM, dump_ues(&self->enb, LWIP_SEGW_CMD_AGENT_SYNC, &d));
	EXPECT_EQ(-EPERM, report(&self->enb, r.id, LWIP_SEGW_REPORT_READY, 0,
				 0, 0));
	drain(&self->agent, NULL, 100);
	fill_psk(psk, 1);
	d.psk = psk;
	ASSERT_EQ(0, dump_ues(&self->agent, LWIP_SEGW_CMD_AGENT_SYNC, &d));
	EXPECT_EQ(1, d.n);
	EXPECT_TRUE(d.psk_seen);	/* the replay carries the PSK */
	free(d.ids);
}

/* SEC-6 (secrecy): no dump, get, stats or event carries the PSK. */
TEST_F(segw, sec6_psk_never_in_dump_or_event)
{
	struct add_args a = add_defaults(7);
	struct capture ev = { 0 };
	struct dump d = { 0 };
	struct ue_state s;
	struct add_reply r;
	uint8_t psk[64];

	READY(self);
	fill_psk(psk, 7);
	d.psk = psk;
	ASSERT_EQ(0, do_add(&self->enb, &a, &r));
	ASSERT_EQ(0, report(&self->agent, r.id, LWIP_SEGW_REPORT_READY, 0, 0, 0));
	ASSERT_EQ(0, report(&self->agent, r.id, LWIP_SEGW_REPORT_ESTABLISHED,
			    9, 0x0a010009, 0));
	ASSERT_EQ(0, dump_ues(&self->enb, LWIP_SEGW_CMD_UE_GET, &d));
	EXPECT_EQ(1, d.n);
	EXPECT_FALSE(d.psk_seen);
	ASSERT_EQ(0, get_ue(&self->enb, r.id, &s));
	EXPECT_EQ(LWIP_SEGW_UE_ESTABLISHED, s.state);
	ASSERT_EQ(0, report(&self->agent, r.id, LWIP_SEGW_REPORT_DOWN, 0, 0, 0));
	drain(&self->events, &ev, 300);
	EXPECT_EQ(1, ev.events[LWIP_SEGW_EVENT_PENDING]);
	EXPECT_EQ(1, ev.events[LWIP_SEGW_EVENT_READY]);
	EXPECT_EQ(1, ev.events[LWIP_SEGW_EVENT_ESTABLISHED]);
	EXPECT_EQ(1, ev.events[LWIP_SEGW_EVENT_RELEASED]);
	EXPECT_EQ(LWIP_SEGW_REASON_IKE_SA_DELETED, ev.last_reason);
	EXPECT_FALSE(contains(&ev, psk, 32));
	EXPECT_FALSE(contains(&ev, psk, 8));
	EXPECT_EQ(-ENOENT, get_ue(&self->enb, r.id, &s));
	free(ev.buf);
	free(d.ids);
}

/* SEC-5: the module owns the window; expiry releases, tells all. */
TEST_F(segw, sec5_window_expiry_releases_with_event)
{
	struct add_args a = add_defaults(1);
	struct capture ev = { 0 }, ag = { 0 };
	struct add_reply r;
	struct ue_state s;

	ASSERT_EQ(0, set_config(&self->enb, 1));
	ASSERT_EQ(0, agent_register(&self->agent));
	ASSERT_EQ(0, do_add(&self->enb, &a, &r));
	ASSERT_EQ(0, get_ue(&self->enb, r.id, &s));
	EXPECT_EQ(LWIP_SEGW_UE_PENDING, s.state);
	EXPECT_TRUE(wait_event(&self->events, &ev, LWIP_SEGW_EVENT_RELEASED,
			       5000));
	EXPECT_EQ(1, ev.events[LWIP_SEGW_EVENT_RELEASED]);
	EXPECT_EQ(LWIP_SEGW_REASON_WINDOW_EXPIRED, ev.last_reason);
	drain(&self->agent, &ag, 200);
	EXPECT_EQ(1, ag.by_cmd[LWIP_SEGW_CMD_UE_RELEASE]);
	EXPECT_EQ(r.id, ag.last_id);
	EXPECT_EQ(-ENOENT, get_ue(&self->enb, r.id, &s));
	/* An established UE is not released by the window. */
	a = add_defaults(2);
	ASSERT_EQ(0, do_add(&self->enb, &a, &r));
	ASSERT_EQ(0, report(&self->agent, r.id, LWIP_SEGW_REPORT_ESTABLISHED,
			    3, 0x0a010003, 0));
	usleep(1500 * 1000);
	ASSERT_EQ(0, get_ue(&self->enb, r.id, &s));
	EXPECT_EQ(LWIP_SEGW_UE_ESTABLISHED, s.state);
	free(ev.buf);
	free(ag.buf);
}

/*
 * An eNB's UE_RELEASE may name reason enb_release only: window expiry, IKE
 * SA deletion and the rest are what the gateway saw, and an eNB claiming
 * one would make the event and the dump lie. Refused with no change.
 */
TEST_F(segw, release_reason_is_the_enbs_own)
{
	struct add_args a = add_defaults(1);
	struct add_reply r;
	struct ue_state s;
	struct nl_msg *msg;

	READY(self);
	ASSERT_EQ(0, do_add(&self->enb, &a, &r));
	msg = segw_nl_msg(&self->enb, LWIP_SEGW_CMD_UE_RELEASE, 0);
	nla_put_u32(msg, LWIP_SEGW_A_UE_ID, r.id);
	nla_put_u8(msg, LWIP_SEGW_A_REASON, LWIP_SEGW_REASON_WINDOW_EXPIRED);
	EXPECT_EQ(-EINVAL, segw_nl_request(&self->enb, msg, NULL, NULL));
	EXPECT_NE(NULL, strstr(segw_nl_last_extack, "enb_release"))
		TH_LOG("extack: %s", segw_nl_last_extack);
	EXPECT_NE(NULL, strstr(segw_nl_last_extack, "(attribute reason)"))
		TH_LOG("extack: %s", segw_nl_last_extack);
	ASSERT_EQ(0, get_ue(&self->enb, r.id, &s));
	EXPECT_NE(LWIP_SEGW_UE_RELEASING, s.state);

	msg = segw_nl_msg(&self->enb, LWIP_SEGW_CMD_UE_RELEASE, 0);
	nla_put_u32(msg, LWIP_SEGW_A_UE_ID, r.id);
	nla_put_u8(msg, LWIP_SEGW_A_REASON, LWIP_SEGW_REASON_ENB_RELEASE);
	EXPECT_EQ(0, segw_nl_request(&self->enb, msg, NULL, NULL));
	if (get_ue(&self->enb, r.id, &s) == 0)
		EXPECT_EQ(LWIP_SEGW_REASON_ENB_RELEASE, s.reason);
}

/*
 * SEC-6: a UE_ADD the kernel's attribute validation refuses (before the
 * module can wipe anything) comes back without its PSK: the tools' sockets
 * set NETLINK_CAP_ACK, so the error echoes only the request's header, and
 * the attribute is still named from the tools' own copy.
 */
TEST_F(segw, sec6_refused_add_error_carries_no_psk)
{
	struct add_args a = add_defaults(3);
	unsigned char buf[8192];
	uint8_t psk[64];
	ssize_t n;

	READY(self);
	a.idi_type = 9;			/* out of range: policy refuses it */
	fill_psk(psk, a.n);
	ASSERT_LE(0, nl_send_auto(self->enb.sk, build_add(&self->enb, &a)));
	n = recv(nl_socket_get_fd(self->enb.sk), buf, sizeof(buf), 0);
	ASSERT_LT(0, n);
	EXPECT_EQ(NLMSG_ERROR, ((struct nlmsghdr *)buf)->nlmsg_type);
	EXPECT_EQ(-ERANGE, ((struct nlmsgerr *)NLMSG_DATA(buf))->error);
	EXPECT_TRUE(((struct nlmsghdr *)buf)->nlmsg_flags & NLM_F_CAPPED);
	EXPECT_EQ(NULL, memmem(buf, n, psk, LWIP_SEGW_PSK_LEN))
		TH_LOG("the error echoed the PSK");

	EXPECT_EQ(-ERANGE, do_add(&self->enb, &a, NULL));
	EXPECT_NE(NULL, strstr(segw_nl_last_extack, "(attribute ue_idi_type)"))
		TH_LOG("extack: '%s'", segw_nl_last_extack);
}

/* SEC-6: eNB release keeps the SA's reqid (RELEASING) until DOWN. */
TEST_F(segw, sec6_release_holds_reqid_until_down)
{
	struct add_args a = add_defaults(1);
	struct capture ag = { 0 };
	struct add_reply r;
	struct ue_state s;
	struct nl_msg *msg;

	READY(self);
	ASSERT_EQ(0, do_add(&self->enb, &a, &r));
	ASSERT_EQ(0, report(&self->agent, r.id, LWIP_SEGW_REPORT_ESTABLISHED,
			    4, 0x0a010004, 0));
	msg = segw_nl_msg(&self->enb, LWIP_SEGW_CMD_UE_RELEASE, 0);
	nla_put_u32(msg, LWIP_SEGW_A_UE_ID, r.id);
	ASSERT_EQ(0, segw_nl_request(&self->enb, msg, NULL, NULL));
	ASSERT_EQ(0, get_ue(&self->enb, r.id, &s));
	EXPECT_EQ(LWIP_SEGW_UE_RELEASING, s.state);
	EXPECT_EQ(LWIP_SEGW_REASON_ENB_RELEASE, s.reason);
	drain(&self->agent, &ag, 300);
	EXPECT_EQ(1, ag.by_cmd[LWIP_SEGW_CMD_UE_RELEASE]);
	/* The MAC and IDi are free again; the reqid is not. */
	a.n = 1;
	EXPECT_EQ(0, do_add(&self->enb, &a, &r)) TH_LOG("re-add after release");
	EXPECT_EQ(-EEXIST, report(&self->agent, r.id,
				  LWIP_SEGW_REPORT_ESTABLISHED, 4, 0x0a010005, 0));
	EXPECT_EQ(0, report(&self->agent, ag.last_id, LWIP_SEGW_REPORT_DOWN, 0,
			    0, 0));
	EXPECT_EQ(-ENOENT, get_ue(&self->enb, ag.last_id, &s));
	EXPECT_EQ(0, report(&self->agent, r.id, LWIP_SEGW_REPORT_ESTABLISHED,
			    4, 0x0a010005, 0));
	free(ag.buf);
}

/* DESIGN 5.12: one inner address, one established UE. */
TEST_F(segw, established_inner_address_conflict)
{
	struct add_args a = add_defaults(1), b = add_defaults(2);
	struct add_reply ra, rb;

	READY(self);
	ASSERT_EQ(0, do_add(&self->enb, &a, &ra));
	ASSERT_EQ(0, do_add(&self->enb, &b, &rb));
	ASSERT_EQ(0, report(&self->agent, ra.id, LWIP_SEGW_REPORT_ESTABLISHED,
			    10, 0x0a0100aa, 0));
	EXPECT_EQ(-EEXIST, report(&self->agent, rb.id,
				  LWIP_SEGW_REPORT_ESTABLISHED, 11, 0x0a0100aa,
				  0));
	EXPECT_NE(NULL, strstr(segw_nl_last_extack, "inner"));
	EXPECT_EQ(-EALREADY, report(&self->agent, ra.id,
				    LWIP_SEGW_REPORT_ESTABLISHED, 10,
				    0x0a0100aa, 0));
}

TEST_F(segw, agent_failure_releases)
{
	struct add_args a = add_defaults(1);
	struct capture ev = { 0 };
	struct add_reply r;
	struct ue_state s;

	READY(self);
	ASSERT_EQ(0, do_add(&self->enb, &a, &r));
	ASSERT_EQ(0, report(&self->agent, r.id, LWIP_SEGW_REPORT_FAILED, 0, 0,
			    0));
	EXPECT_EQ(-ENOENT, get_ue(&self->enb, r.id, &s));
	drain(&self->events, &ev, 300);
	EXPECT_EQ(1, ev.events[LWIP_SEGW_EVENT_RELEASED]);
	EXPECT_EQ(LWIP_SEGW_REASON_AGENT_FAILURE, ev.last_reason);
	free(ev.buf);
}

/*
 * SEC-7/SEC-8: an eNB endpoint may not be one of the SeGW's own. The guard
 * drops everything to an eNB endpoint that the relay did not send, so the
 * public address would cut IKE for every UE and the Xw-U endpoint the
 * relay. The Xw-U address with another port (a colocated eNB) passes.
 */
TEST_F(segw, enb_endpoint_is_not_the_segws_own)
{
	struct add_args a = add_defaults(1);
	struct add_reply r;
	struct dump d = { 0 };
	struct nl_msg *msg;

	READY(self);
	a.enb_addr = SEGW_ADDR;
	EXPECT_EQ(-EINVAL, do_add(&self->enb, &a, NULL));
	EXPECT_NE(NULL, strstr(segw_nl_last_extack, "public address"))
		TH_LOG("extack: '%s'", segw_nl_last_extack);
	EXPECT_NE(NULL, strstr(segw_nl_last_extack, "(attribute enb_addr)"));
	a.enb_addr = XWU_ADDR;		/* port omitted: 2152, the SeGW's */
	EXPECT_EQ(-EINVAL, do_add(&self->enb, &a, NULL));
	EXPECT_NE(NULL, strstr(segw_nl_last_extack, "Xw-U endpoint"))
		TH_LOG("extack: '%s'", segw_nl_last_extack);
	ASSERT_EQ(0, dump_ues(&self->enb, LWIP_SEGW_CMD_UE_GET, &d));
	EXPECT_EQ(0, d.n);

	msg = build_add(&self->enb, &a);
	nla_put_u16(msg, LWIP_SEGW_A_ENB_PORT, 2153);
	ASSERT_EQ(0, segw_nl_request(&self->enb, msg, parse_add_reply, &r))
		TH_LOG("colocated eNB refused: %s", segw_nl_last_extack);

	/* UE_MODIFY is held to the same rule and changes nothing. */
	msg = segw_nl_msg(&self->enb, LWIP_SEGW_CMD_UE_MODIFY, 0);
	nla_put_u32(msg, LWIP_SEGW_A_UE_ID, r.id);
	nla_put_u16(msg, LWIP_SEGW_A_ENB_PORT, 2152);
	EXPECT_EQ(-EINVAL, segw_nl_request(&self->enb, msg, NULL, NULL));
	EXPECT_NE(NULL, strstr(segw_nl_last_extack, "(attribute enb_port)"))
		TH_LOG("extack: '%s'", segw_nl_last_extack);
	msg = segw_nl_msg(&self->enb, LWIP_SEGW_CMD_UE_MODIFY, 0);
	nla_put_u32(msg, LWIP_SEGW_A_UE_ID, r.id);
	nla_put_u32(msg, LWIP_SEGW_A_ENB_ADDR, htonl(SEGW_ADDR));
	EXPECT_EQ(-EINVAL, segw_nl_request(&self->enb, msg, NULL, NULL));
	msg = segw_nl_msg(&self->enb, LWIP_SEGW_CMD_UE_MODIFY, 0);
	nla_put_u32(msg, LWIP_SEGW_A_UE_ID, r.id);
	nla_put_u32(msg, LWIP_SEGW_A_ENB_ADDR, htonl(ENB_ADDR));
	EXPECT_EQ(0, segw_nl_request(&self->enb, msg, NULL, NULL));
	free(d.ids);
}

static int report_sa(struct segw_nl *ag, uint32_t id, uint32_t reqid,
		     uint32_t inner, uint32_t outer, int natt)
{
	struct nl_msg *msg = segw_nl_msg(ag, LWIP_SEGW_CMD_UE_REPORT, 0);

	nla_put_u32(msg, LWIP_SEGW_A_UE_ID, id);
	nla_put_u8(msg, LWIP_SEGW_A_REPORT, LWIP_SEGW_REPORT_ESTABLISHED);
	nla_put_u32(msg, LWIP_SEGW_A_REQID, reqid);
	nla_put_u32(msg, LWIP_SEGW_A_INNER_ADDR, htonl(inner));
	nla_put_u32(msg, LWIP_SEGW_A_OUTER_ADDR, htonl(outer));
	nla_put_u16(msg, LWIP_SEGW_A_OUTER_PORT, natt ? 4500 : 500);
	if (natt)
		nla_put_u32(msg, LWIP_SEGW_A_UE_FLAGS, LWIP_SEGW_UE_F_NATT);
	return segw_nl_request(ag, msg, NULL, NULL);
}

/*
 * SEC-2 at establishment: without NAT-T inner = outer; with it, never a
 * loopback address or one of the SeGW's own. Refused reports leave the UE
 * as it was.
 */
TEST_F(segw, sec2_inner_address_checked_when_established)
{
	struct add_args a = add_defaults(1);
	struct add_reply r;
	struct ue_state st;

	READY(self);
	ASSERT_EQ(0, do_add(&self->enb, &a, &r));
	EXPECT_EQ(-EINVAL, report_sa(&self->agent, r.id, 7, 0x0a000063,
				     0xc6336409, 0));
	EXPECT_NE(NULL, strstr(segw_nl_last_extack, "SEC-2"))
		TH_LOG("extack: '%s'", segw_nl_last_extack);
	EXPECT_EQ(-EINVAL, report_sa(&self->agent, r.id, 7, 0x7f000001,
				     0x7f000001, 0));
	EXPECT_NE(NULL, strstr(segw_nl_last_extack, "loopback"))
		TH_LOG("extack: '%s'", segw_nl_last_extack);
	EXPECT_EQ(-EINVAL, report_sa(&self->agent, r.id, 7, SEGW_ADDR,
				     0xcb007102, 1));
	EXPECT_EQ(-EINVAL, report_sa(&self->agent, r.id, 7, XWU_ADDR,
				     0xcb007102, 1));
	EXPECT_NE(NULL, strstr(segw_nl_last_extack, "(attribute inner_addr)"))
		TH_LOG("extack: '%s'", segw_nl_last_extack);
	ASSERT_EQ(0, get_ue(&self->enb, r.id, &st));
	EXPECT_EQ(LWIP_SEGW_UE_PENDING, st.state);
	/* Behind a NAT: a private inner address of its own passes. */
	EXPECT_EQ(0, report_sa(&self->agent, r.id, 7, 0xc0a8010a, 0xcb007102,
			       1)) TH_LOG("extack: '%s'", segw_nl_last_extack);
	ASSERT_EQ(0, get_ue(&self->enb, r.id, &st));
	EXPECT_EQ(LWIP_SEGW_UE_ESTABLISHED, st.state);
}

/*
 * The agent's free text reaches eNBs in RELEASED events: control
 * characters come out as '?', so a newline cannot forge a line of an
 * eNB's log or output.
 */
TEST_F(segw, reason_text_control_characters_neutralised)
{
	static const char forged[] = "pluto said no\nevent=3 id=1 inner=6.6.6.6\x1b[2J";
	static const char shown[] = "pluto said no?event=3 id=1 inner=6.6.6.6?[2J";
	struct add_args a = add_defaults(1);
	struct capture ev = { 0 };
	struct add_reply r;
	struct nl_msg *msg;

	READY(self);
	ASSERT_EQ(0, do_add(&self->enb, &a, &r));
	msg = segw_nl_msg(&self->agent, LWIP_SEGW_CMD_UE_REPORT, 0);
	nla_put_u32(msg, LWIP_SEGW_A_UE_ID, r.id);
	nla_put_u8(msg, LWIP_SEGW_A_REPORT, LWIP_SEGW_REPORT_FAILED);
	nla_put_string(msg, LWIP_SEGW_A_REASON_TEXT, forged);
	ASSERT_EQ(0, segw_nl_request(&self->agent, msg, NULL, NULL));
	ASSERT_TRUE(wait_event(&self->events, &ev, LWIP_SEGW_EVENT_RELEASED,
			       2000));
	EXPECT_TRUE(contains(&ev, shown, sizeof(shown) - 1));
	EXPECT_FALSE(contains(&ev, "\nevent=3", 8));
	free(ev.buf);
}

/*
 * Root of a user namespace of its own is not root of the gateway: every
 * command needs CAP_NET_ADMIN in the initial user namespace, so an
 * unprivileged user cannot set up bindings (kernel memory) in a netns it
 * made.
 */
TEST_F(segw, no_control_from_a_user_namespace)
{
	int status;
	pid_t pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct add_args a = add_defaults(1);
		struct segw_nl nl;
		int fails = 0;

		if (setgid(65534) || setuid(65534))
			_exit(10);
		if (unshare(CLONE_NEWUSER | CLONE_NEWNET))
			_exit(11);
		if (segw_nl_open(&nl))
			_exit(12);
		nl_socket_disable_seq_check(nl.sk);
		fails += set_config(&nl, -1) != -EPERM;
		fails += agent_register(&nl) != -EPERM;
		fails += do_add(&nl, &a, NULL) != -EPERM;
		_exit(fails);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

/* An unprivileged process can neither add, nor act as agent, nor listen. */
TEST_F(segw, unprivileged_caller_refused)
{
	int status;
	pid_t pid;

	READY(self);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct add_args a = add_defaults(1);
		struct segw_nl nl;
		struct dump d = { 0 };
		int fails = 0;

		if (setgid(65534) || setuid(65534))
			_exit(10);
		if (segw_nl_open(&nl))
			_exit(11);
		nl_socket_disable_seq_check(nl.sk);
		fails += do_add(&nl, &a, NULL) != -EPERM;
		fails += agent_register(&nl) != -EPERM;
		fails += dump_ues(&nl, LWIP_SEGW_CMD_AGENT_SYNC, &d) != -EPERM;
		fails += dump_ues(&nl, LWIP_SEGW_CMD_UE_GET, &d) != -EPERM;
		fails += report(&nl, 1, LWIP_SEGW_REPORT_READY, 0, 0, 0) != -EPERM;
		/* The events group needs CAP_NET_ADMIN to join. */
		fails += nl_socket_add_membership(nl.sk, nl.events_grp) == 0;
		_exit(fails);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

#define DUMP_N 10000
#define DUMP_EXTRA 2000

static int add_many(struct segw_nl *enb, struct segw_nl *agent,
		    uint32_t first, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		struct add_args a = add_defaults(first + i);

		if (do_add(enb, &a, NULL))
			return -1;
		/* A real agent reads its requests; so do we, in batches. */
		if (i % 256 == 255)
			drain(agent, NULL, 0);
	}
	drain(agent, NULL, 0);
	return 0;
}

/* A dump of 10 000 UEs while adds run: complete, ordered, flagged. */
TEST_F(segw, dump_10000_complete_and_consistent_during_adds)
{
	struct dump d = { 0 };
	int status, intr = 0, err;
	unsigned int i, round;
	pid_t pid;

	READY(self);
	ASSERT_EQ(0, add_many(&self->enb, &self->agent, 1, DUMP_N));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct segw_nl enb;

		if (segw_nl_open(&enb))
			_exit(1);
		nl_socket_disable_seq_check(enb.sk);
		_exit(add_many(&enb, &self->agent, DUMP_N + 1, DUMP_EXTRA) ?
		      2 : 0);
	}
	for (round = 0; round < 50; round++) {
		err = dump_ues(&self->enb, LWIP_SEGW_CMD_UE_GET, &d);
		ASSERT_TRUE(err == 0 || err == -EINTR);
		if (err == -EINTR)
			intr++;
		/* Every binding that lived through the dump, once, in order. */
		for (i = 1; i < d.n; i++)
			ASSERT_LT(d.ids[i - 1], d.ids[i]);
		ASSERT_LE(DUMP_N, d.n);
		for (i = 0; i < DUMP_N; i++)
			ASSERT_EQ(i + 1, d.ids[i]);
		if (waitpid(pid, &status, WNOHANG) == pid)
			break;
	}
	if (round == 50)
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
	TH_LOG("%u dumps during adds, %d flagged NLM_F_DUMP_INTR", round + 1,
	       intr);
	/* Quiet now: one complete, unflagged dump of everything. */
	ASSERT_EQ(0, dump_ues(&self->enb, LWIP_SEGW_CMD_UE_GET, &d));
	ASSERT_EQ(DUMP_N + DUMP_EXTRA, d.n);
	for (i = 0; i < d.n; i++)
		ASSERT_EQ(i + 1, d.ids[i]);
	free(d.ids);
}

TEST_HARNESS_MAIN
