// SPDX-License-Identifier: GPL-2.0
/*
 * enbsim: the eNB side of the lwip_segw genl API, just enough for the segwd
 * suite (tools/segwctl is the real CLI).
 *
 *   enbsim config SEGW_ADDR XWU_ADDR [WINDOW_S]
 *   enbsim add MAC KEY_ID_HEX|fqdn:NAME|rfc822:USER@REALM PSK_HEX ENB_ADDR TEID [WINDOW_S]
 *                                         prints the UE id
 *   enbsim release ID
 *   enbsim get ID       prints: state=S reqid=R inner=A outer=B port=P flags=F
 *   enbsim count [STATE] number of live bindings (in STATE: 1 PENDING .. 4)
 *   enbsim events       prints one line per event until killed
 * Exit status 0 on success; errors print the module's extack message.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netlink.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/errno.h>

#include <linux/lwip_segw.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

static struct nl_sock *sk;
static int fam;
static int n_dumped;
static int count_state;	/* count: only UEs in this state, 0 = all */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int parse_hex(const char *s, unsigned char *out, int max)
{
	int n = 0;

	if (!strncmp(s, "0x", 2))
		s += 2;
	while (s[0] && s[1] && n < max) {
		int h = hexval(s[0]), l = hexval(s[1]);

		if (h < 0 || l < 0)
			return -1;
		out[n++] = (unsigned char)(h << 4 | l);
		s += 2;
	}
	return *s ? -1 : n;
}

static int err_cb(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *h = (struct nlmsghdr *)e - 1;
	int *err = arg;
	size_t off = sizeof(*e);

	*err = e->error;
	if (h->nlmsg_flags & NLM_F_ACK_TLVS) {
		struct nlattr *a;
		int rem;

		if (!(h->nlmsg_flags & NLM_F_CAPPED))
			off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
		a = (struct nlattr *)((char *)e + off);
		rem = (int)(h->nlmsg_len - NLMSG_HDRLEN - off);
		for (; nla_ok(a, rem); a = nla_next(a, &rem))
			if (nla_type(a) == NLMSGERR_ATTR_MSG)
				fprintf(stderr, "enbsim: %s\n", (char *)nla_data(a));
	}
	return NL_STOP;
}

static void print_ue(struct nlattr **tb)
{
	char in[16] = "-", out[16] = "-";

	if (tb[LWIP_SEGW_A_INNER_ADDR])
		inet_ntop(AF_INET, nla_data(tb[LWIP_SEGW_A_INNER_ADDR]), in, sizeof(in));
	if (tb[LWIP_SEGW_A_OUTER_ADDR])
		inet_ntop(AF_INET, nla_data(tb[LWIP_SEGW_A_OUTER_ADDR]), out, sizeof(out));
	printf("id=%u state=%u reqid=%u inner=%s outer=%s port=%u flags=%u reason=%u\n",
	       tb[LWIP_SEGW_A_UE_ID] ? nla_get_u32(tb[LWIP_SEGW_A_UE_ID]) : 0,
	       tb[LWIP_SEGW_A_UE_STATE] ? nla_get_u8(tb[LWIP_SEGW_A_UE_STATE]) : 0,
	       tb[LWIP_SEGW_A_REQID] ? nla_get_u32(tb[LWIP_SEGW_A_REQID]) : 0, in, out,
	       tb[LWIP_SEGW_A_OUTER_PORT] ? nla_get_u16(tb[LWIP_SEGW_A_OUTER_PORT]) : 0,
	       tb[LWIP_SEGW_A_UE_FLAGS] ? nla_get_u32(tb[LWIP_SEGW_A_UE_FLAGS]) : 0,
	       tb[LWIP_SEGW_A_REASON] ? nla_get_u8(tb[LWIP_SEGW_A_REASON]) : 0);
}

static int msg_cb(struct nl_msg *m, void *arg)
{
	struct nlattr *tb[LWIP_SEGW_A_MAX + 1];
	struct genlmsghdr *g = nlmsg_data(nlmsg_hdr(m));
	const char *what = arg;

	if (genlmsg_parse(nlmsg_hdr(m), 0, tb, LWIP_SEGW_A_MAX, NULL) < 0)
		return NL_SKIP;
	if (!strcmp(what, "add") && tb[LWIP_SEGW_A_UE_ID]) {
		printf("%u\n", nla_get_u32(tb[LWIP_SEGW_A_UE_ID]));
	} else if (!strcmp(what, "get")) {
		print_ue(tb);
	} else if (!strcmp(what, "count")) {
		if (!count_state || (tb[LWIP_SEGW_A_UE_STATE] &&
				     nla_get_u8(tb[LWIP_SEGW_A_UE_STATE]) == count_state))
			n_dumped++;
	} else if (!strcmp(what, "events") && g->cmd == LWIP_SEGW_CMD_UE_EVENT) {
		printf("event=%u ", tb[LWIP_SEGW_A_EVENT] ? nla_get_u8(tb[LWIP_SEGW_A_EVENT]) : 0);
		if (tb[LWIP_SEGW_A_REASON_TEXT])
			printf("text='%s' ", nla_get_string(tb[LWIP_SEGW_A_REASON_TEXT]));
		print_ue(tb);
		fflush(stdout);
	}
	return NL_OK;
}

static int seq_ok(struct nl_msg *m, void *arg)
{
	return NL_OK;
}

static int ack_cb(struct nl_msg *m, void *arg)
{
	*(int *)arg = 0;
	return NL_STOP;
}

static int run_ack(struct nl_msg *m, const char *what)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int err = 1;

	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, msg_cb, (void *)what);
	nl_cb_err(cb, NL_CB_CUSTOM, err_cb, &err);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ack_cb, &err);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, ack_cb, &err);
	if (nl_send_auto(sk, m) < 0)
		return 1;
	while (err > 0)
		if (nl_recvmsgs(sk, cb) < 0)
			break;
	nl_cb_put(cb);
	if (err < 0)
		fprintf(stderr, "enbsim: %s failed: %s\n", what, strerror(-err));
	return err ? 1 : 0;
}

static struct nl_msg *msg(uint8_t cmd, int flags)
{
	struct nl_msg *m = nlmsg_alloc();

	genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, fam, 0, flags, cmd, LWIP_SEGW_GENL_VERSION);
	return m;
}

static uint32_t ip(const char *s)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1) {
		fprintf(stderr, "enbsim: bad address %s\n", s);
		exit(2);
	}
	return a.s_addr;
}

int main(int argc, char **argv)
{
	int one = 1;
	struct nl_msg *m;

	if (argc < 2)
		return 2;
	sk = nl_socket_alloc();
	if (genl_connect(sk))
		return 1;
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	fam = genl_ctrl_resolve(sk, LWIP_SEGW_GENL_NAME);
	if (fam < 0) {
		fprintf(stderr, "enbsim: family %s not found\n", LWIP_SEGW_GENL_NAME);
		return 1;
	}
	if (!strcmp(argv[1], "config") && argc >= 4) {
		m = msg(LWIP_SEGW_CMD_SET_CONFIG, NLM_F_REQUEST | NLM_F_ACK);
		nla_put_u32(m, LWIP_SEGW_A_SEGW_ADDR, ip(argv[2]));
		nla_put_u32(m, LWIP_SEGW_A_XWU_ADDR, ip(argv[3]));
		if (argc > 4)
			nla_put_u32(m, LWIP_SEGW_A_WINDOW, (uint32_t)atoi(argv[4]));
		return run_ack(m, "config");
	}
	if (!strcmp(argv[1], "add") && argc >= 7) {
		unsigned char mac[6], idi[255], psk[64];
		unsigned int b[6];
		int n, type = LWIP_SEGW_IDI_KEY_ID;
		const char *id = argv[3];

		if (sscanf(argv[2], "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) != 6)
			return 2;
		for (int i = 0; i < 6; i++)
			mac[i] = (unsigned char)b[i];
		if (!strncmp(id, "fqdn:", 5) || !strncmp(id, "rfc822:", 7)) {
			type = id[0] == 'f' ? LWIP_SEGW_IDI_FQDN : LWIP_SEGW_IDI_RFC822;
			id = strchr(id, ':') + 1;
			n = (int)strlen(id);
			memcpy(idi, id, (size_t)n);
		} else {
			n = parse_hex(id, idi, sizeof(idi));
		}
		if (n <= 0 || parse_hex(argv[4], psk, sizeof(psk)) != 32) {
			fprintf(stderr, "enbsim: bad IDi or PSK\n");
			return 2;
		}
		m = msg(LWIP_SEGW_CMD_UE_ADD, NLM_F_REQUEST | NLM_F_ACK);
		nla_put(m, LWIP_SEGW_A_UE_MAC, 6, mac);
		nla_put(m, LWIP_SEGW_A_UE_IDI, n, idi);
		nla_put_u8(m, LWIP_SEGW_A_UE_IDI_TYPE, (uint8_t)type);
		nla_put(m, LWIP_SEGW_A_UE_PSK, 32, psk);
		nla_put_u32(m, LWIP_SEGW_A_ENB_ADDR, ip(argv[5]));
		nla_put_u32(m, LWIP_SEGW_A_ENB_TEID, (uint32_t)strtoul(argv[6], NULL, 0));
		if (argc > 7)
			nla_put_u32(m, LWIP_SEGW_A_WINDOW, (uint32_t)atoi(argv[7]));
		return run_ack(m, "add");
	}
	if (!strcmp(argv[1], "release") && argc >= 3) {
		m = msg(LWIP_SEGW_CMD_UE_RELEASE, NLM_F_REQUEST | NLM_F_ACK);
		nla_put_u32(m, LWIP_SEGW_A_UE_ID, (uint32_t)atoi(argv[2]));
		return run_ack(m, "release");
	}
	if (!strcmp(argv[1], "get") && argc >= 3) {
		m = msg(LWIP_SEGW_CMD_UE_GET, NLM_F_REQUEST | NLM_F_ACK);
		nla_put_u32(m, LWIP_SEGW_A_UE_ID, (uint32_t)atoi(argv[2]));
		return run_ack(m, "get");
	}
	if (!strcmp(argv[1], "count")) {
		if (argc > 2)
			count_state = atoi(argv[2]);
		m = msg(LWIP_SEGW_CMD_UE_GET, NLM_F_REQUEST | NLM_F_DUMP);
		if (run_ack(m, "count"))
			return 1;
		printf("%d\n", n_dumped);
		return 0;
	}
	if (!strcmp(argv[1], "events")) {
		struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
		int grp = genl_ctrl_resolve_grp(sk, LWIP_SEGW_GENL_NAME, LWIP_SEGW_MCGRP_EVENTS);

		if (grp < 0 || nl_socket_add_membership(sk, grp))
			return 1;
		/* Events carry sequence number 0: accept them. */
		nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, seq_ok, NULL);
		nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, msg_cb, "events");
		printf("listening\n");
		fflush(stdout);
		for (;;)
			nl_recvmsgs(sk, cb);
	}
	fprintf(stderr, "enbsim: bad command (see the header of enbsim.c)\n");
	return 2;
}
