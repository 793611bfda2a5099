// SPDX-License-Identifier: GPL-2.0
/*
 * ueload: fills and empties the lwip_segw binding table over the real
 * netlink API, playing both the eNB and the agent, for the datapath
 * benchmark (tools/bench/datapath). Not a tool for production UEs.
 *
 *   ueload add FIRST LAST [--established] [--reqid-base B] [--addr-base A]
 *              [--show I,J,...]
 *       Registers as the netns's agent, then for each UE index i in
 *       FIRST..LAST: UE_ADD as the eNB (MAC 02:b0:xx:xx:xx:xx from i, IDi
 *       "bench-ue-<i>", a PSK derived from i, eNB 10.20.0.2:2152, TEID
 *       0x10000000 + i, no initiation window) and takes the agent's
 *       request. With --established it then reports READY and ESTABLISHED
 *       as the agent: reqid B + i (default B = 1000), inner = outer address
 *       A + i (default A = 10.128.0.0), no NAT-T. For each i listed in
 *       --show it prints "ue I id ID segw_teid T reqid R addr A"; at the end
 *       "added N first_id F last_id L".
 *   ueload release FIRST_ID LAST_ID [--down]
 *       Registers as the agent and releases the UEs with ids FIRST_ID ..
 *       LAST_ID as the eNB. A UE that had an SA waits in RELEASING for the
 *       agent's DOWN: --down reports it at once, freeing the binding.
 *       Prints "released N".
 *
 * Both stop at the first refused request and print the kernel's extended
 * ACK message. Exit status: 0 done, 1 refused or failed, 2 usage.
 * The PSKs are derived from the index on purpose: these are benchmark UEs
 * that never run IKE.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/lwip_segw.h>

#include "../segwctl/nl.h"

#define ENB_ADDR	0x0a140002	/* 10.20.0.2 */
#define ENB_TEID_BASE	0x10000000u

struct opts {
	uint32_t first, last;
	int established, down;
	uint32_t reqid_base;
	uint32_t addr_base;		/* host order */
	const char *show;
};

static void usage(void)
{
	fputs("usage: ueload add FIRST LAST [--established] [--reqid-base B] [--addr-base A] [--show I,J,...]\n"
	      "       ueload release FIRST_ID LAST_ID [--down]\n", stderr);
	exit(2);
}

static uint32_t num(const char *s)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || end == s || v > UINT32_MAX) {
		fprintf(stderr, "ueload: bad number '%s'\n", s);
		exit(2);
	}
	return v;
}

/* Is i in the comma-separated list? */
static int listed(const char *list, uint32_t i)
{
	const char *p = list;
	char *end;

	while (p && *p) {
		if (strtoul(p, &end, 0) == i)
			return 1;
		p = *end == ',' ? end + 1 : NULL;
	}
	return 0;
}

/* Takes whatever the kernel queued for the agent (requests, notices). */
static void drain(struct segw_nl *agent)
{
	struct pollfd pfd = { .fd = nl_socket_get_fd(agent->sk),
			      .events = POLLIN };
	struct nl_cb *cb = nl_cb_clone(nl_socket_get_cb(agent->sk));

	nl_cb_put(nl_socket_get_cb(agent->sk));
	while (poll(&pfd, 1, 0) == 1)
		if (nl_recvmsgs(agent->sk, cb) < 0)
			break;
	nl_cb_put(cb);
}

static int open_agent(struct segw_nl *agent)
{
	if (segw_nl_open(agent))
		return -1;
	/* Requests and notices arrive unsolicited, sequence 0. */
	nl_socket_disable_seq_check(agent->sk);
	return segw_nl_request(agent, segw_nl_msg(agent,
			       LWIP_SEGW_CMD_AGENT_REGISTER, 0), NULL, NULL);
}

struct added {
	uint32_t id, segw_teid;
};

static int parse_added(struct nlmsghdr *nlh, struct nlattr **tb, void *arg)
{
	struct added *a = arg;

	(void)nlh;
	if (tb[LWIP_SEGW_A_UE_ID])
		a->id = nla_get_u32(tb[LWIP_SEGW_A_UE_ID]);
	if (tb[LWIP_SEGW_A_SEGW_TEID])
		a->segw_teid = nla_get_u32(tb[LWIP_SEGW_A_SEGW_TEID]);
	return 0;
}

static int add_one(struct segw_nl *enb, uint32_t i, struct added *a)
{
	struct nl_msg *msg = segw_nl_msg(enb, LWIP_SEGW_CMD_UE_ADD, 0);
	uint8_t mac[6] = { 0x02, 0xb0, 0, i >> 16, i >> 8, i };
	uint8_t psk[LWIP_SEGW_PSK_LEN];
	char idi[32];
	unsigned int k;

	if (!msg)
		return -ENOMEM;
	mac[2] = i >> 24;
	for (k = 0; k < sizeof(psk); k++)
		psk[k] = (uint8_t)(i * 31 + k * 7 + 1);
	snprintf(idi, sizeof(idi), "bench-ue-%u", i);
	nla_put(msg, LWIP_SEGW_A_UE_MAC, sizeof(mac), mac);
	nla_put(msg, LWIP_SEGW_A_UE_IDI, strlen(idi), idi);
	nla_put(msg, LWIP_SEGW_A_UE_PSK, sizeof(psk), psk);
	nla_put_u32(msg, LWIP_SEGW_A_ENB_ADDR, htonl(ENB_ADDR));
	nla_put_u32(msg, LWIP_SEGW_A_ENB_TEID, ENB_TEID_BASE + i);
	nla_put_u32(msg, LWIP_SEGW_A_WINDOW, 0);
	memset(a, 0, sizeof(*a));
	return segw_nl_request(enb, msg, parse_added, a);
}

static int report(struct segw_nl *agent, uint32_t id, int what,
		  uint32_t reqid, uint32_t addr)
{
	struct nl_msg *msg = segw_nl_msg(agent, LWIP_SEGW_CMD_UE_REPORT, 0);

	if (!msg)
		return -ENOMEM;
	nla_put_u32(msg, LWIP_SEGW_A_UE_ID, id);
	nla_put_u8(msg, LWIP_SEGW_A_REPORT, what);
	if (what == LWIP_SEGW_REPORT_ESTABLISHED) {
		nla_put_u32(msg, LWIP_SEGW_A_REQID, reqid);
		nla_put_u32(msg, LWIP_SEGW_A_INNER_ADDR, htonl(addr));
		nla_put_u32(msg, LWIP_SEGW_A_OUTER_ADDR, htonl(addr));
	}
	/* Consumes the queued request or notice along with the ACK. */
	return segw_nl_request(agent, msg, NULL, NULL);
}

static int cmd_add(struct segw_nl *enb, struct segw_nl *agent,
		   const struct opts *o)
{
	uint32_t i, n = 0, first_id = 0, last_id = 0;
	struct added a;

	for (i = o->first; i <= o->last; i++) {
		uint32_t reqid = o->reqid_base + i, addr = o->addr_base + i;

		if (add_one(enb, i, &a)) {
			fprintf(stderr, "ueload: UE %u: add refused\n", i);
			return 1;
		}
		if (o->established) {
			if (report(agent, a.id, LWIP_SEGW_REPORT_READY, 0, 0) ||
			    report(agent, a.id, LWIP_SEGW_REPORT_ESTABLISHED,
				   reqid, addr)) {
				fprintf(stderr, "ueload: UE %u (id %u): report refused\n",
					i, a.id);
				return 1;
			}
		} else {
			drain(agent);
		}
		if (!n++)
			first_id = a.id;
		last_id = a.id;
		if (listed(o->show, i)) {
			struct in_addr in = { .s_addr = htonl(addr) };

			printf("ue %u id %u segw_teid %u reqid %u addr %s\n", i,
			       a.id, a.segw_teid, reqid, inet_ntoa(in));
		}
	}
	printf("added %u first_id %u last_id %u\n", n, first_id, last_id);
	return 0;
}

static int cmd_release(struct segw_nl *enb, struct segw_nl *agent,
		       const struct opts *o)
{
	uint32_t id, n = 0;

	for (id = o->first; id <= o->last; id++) {
		struct nl_msg *msg = segw_nl_msg(enb, LWIP_SEGW_CMD_UE_RELEASE,
						 0);

		if (!msg)
			return 1;
		nla_put_u32(msg, LWIP_SEGW_A_UE_ID, id);
		if (segw_nl_request(enb, msg, NULL, NULL)) {
			fprintf(stderr, "ueload: release of id %u refused\n", id);
			return 1;
		}
		if (o->down) {
			if (report(agent, id, LWIP_SEGW_REPORT_DOWN, 0, 0)) {
				fprintf(stderr, "ueload: DOWN for id %u refused\n",
					id);
				return 1;
			}
		} else {
			drain(agent);
		}
		n++;
	}
	printf("released %u\n", n);
	return 0;
}

int main(int argc, char **argv)
{
	struct opts o = { .reqid_base = 1000, .addr_base = 0x0a800000 };
	struct segw_nl enb, agent;
	int i, rc;

	if (argc < 4)
		usage();
	o.first = num(argv[2]);
	o.last = num(argv[3]);
	for (i = 4; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(argv[i], "--established")) {
			o.established = 1;
		} else if (!strcmp(argv[i], "--down")) {
			o.down = 1;
		} else if (!strcmp(argv[i], "--reqid-base") && v) {
			o.reqid_base = num(v);
			i++;
		} else if (!strcmp(argv[i], "--addr-base") && v) {
			struct in_addr in;

			if (inet_pton(AF_INET, v, &in) != 1) {
				fprintf(stderr, "ueload: bad address '%s'\n", v);
				return 2;
			}
			o.addr_base = ntohl(in.s_addr);
			i++;
		} else if (!strcmp(argv[i], "--show") && v) {
			o.show = v;
			i++;
		} else {
			usage();
		}
	}
	if (o.first > o.last || !o.first)
		usage();
	if (segw_nl_open(&enb)) {
		fprintf(stderr, "ueload: cannot reach the lwip_segw family: is the module loaded?\n");
		return 1;
	}
	if (open_agent(&agent)) {
		fprintf(stderr, "ueload: cannot register as the agent (is segwd or another agent running?)\n");
		return 1;
	}
	if (!strcmp(argv[1], "add"))
		rc = cmd_add(&enb, &agent, &o);
	else if (!strcmp(argv[1], "release"))
		rc = cmd_release(&enb, &agent, &o);
	else
		usage();
	segw_nl_close(&agent);
	segw_nl_close(&enb);
	return rc;
}
