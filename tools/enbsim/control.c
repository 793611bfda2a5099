// SPDX-License-Identifier: GPL-2.0
/*
 * enbsim: the control-plane subcommands (config, add, release, get, count,
 * events) and their output lines. Scripts parse these lines: keep them.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "enbsim.h"

static const char *addr_str(uint32_t a, char *buf, size_t len)
{
	if (!a)
		return "-";
	return inet_ntop(AF_INET, &a, buf, len);
}

void print_ue_line(const struct enb_ue *ue)
{
	char in[INET_ADDRSTRLEN], out[INET_ADDRSTRLEN];

	printf("id=%u state=%u reqid=%u inner=%s outer=%s port=%u flags=%u reason=%u\n",
	       ue->id, ue->state, ue->reqid,
	       addr_str(ue->inner_addr, in, sizeof(in)),
	       addr_str(ue->outer_addr, out, sizeof(out)),
	       ue->outer_port, ue->flags, ue->reason);
}

void print_event_line(const struct enb_ue *ue)
{
	printf("event=%u ", ue->event);
	if (ue->reason_text[0])
		printf("text='%s' ", ue->reason_text);
	print_ue_line(ue);
	fflush(stdout);
}

void print_ack_line(const struct enb_ack *ack)
{
	char segw[INET_ADDRSTRLEN], xwu[INET_ADDRSTRLEN];

	printf("ack id=%u segw=%s xwu=%s:%u segw_teid=%u window=%u\n",
	       ack->ue_id, addr_str(ack->segw_addr, segw, sizeof(segw)),
	       addr_str(ack->xwu_addr, xwu, sizeof(xwu)), ack->xwu_port,
	       ack->segw_teid, ack->window);
	fflush(stdout);
}

/* config SEGW_ADDR XWU_ADDR[:PORT] [WINDOW_S [GRACE_S]] */
int cmd_config(int argc, char **argv)
{
	struct enb_config cfg = { 0 };
	struct enb_nl nl;
	int err;

	if (argc < 3 || argc > 5)
		usage_error("want config SEGW_ADDR XWU_ADDR[:PORT] [WINDOW_S [GRACE_S]]");
	cfg.segw_addr = parse_ipv4(argv[1], "SeGW public address");
	cfg.xwu_addr = parse_ipv4_port(argv[2], &cfg.xwu_port,
				       "SeGW Xw-U endpoint");
	if (argc > 3) {
		cfg.has_window = 1;
		cfg.window = parse_u32(argv[3], "window");
	}
	if (argc > 4) {
		cfg.has_grace = 1;
		cfg.grace = parse_u32(argv[4], "grace");
	}
	if (open_nl(&nl))
		return ENBSIM_FAILED;
	err = enb_set_config(&nl, &cfg);
	report_error(&nl, "config", err);
	enb_nl_close(&nl);
	return err ? ENBSIM_FAILED : ENBSIM_OK;
}

/* add [--ack] MAC IDI PSK ENB_ADDR[:PORT] TEID [WINDOW_S] */
int cmd_add(int argc, char **argv)
{
	struct enb_ue_req req;
	struct enb_ack ack;
	struct enb_nl nl;
	int err, full = 0;

	argc--;
	argv++;
	if (argc && !strcmp(argv[0], "--ack")) {
		full = 1;
		argc--;
		argv++;
	}
	parse_ue_req(argc, argv, &req);
	if (open_nl(&nl)) {
		memset(&req, 0, sizeof(req));
		return ENBSIM_FAILED;
	}
	err = enb_ue_add(&nl, &req, &ack);
	memset(&req, 0, sizeof(req));	/* the PSK */
	report_error(&nl, "add", err);
	enb_nl_close(&nl);
	if (err)
		return ENBSIM_FAILED;
	if (full)
		print_ack_line(&ack);
	else
		printf("%u\n", ack.ue_id);
	return ENBSIM_OK;
}

/* release ID [REASON] */
int cmd_release(int argc, char **argv)
{
	struct enb_nl nl;
	uint8_t reason = 0;
	uint32_t id;
	int err;

	if (argc < 2 || argc > 3)
		usage_error("want release ID [REASON]");
	id = parse_u32(argv[1], "UE id");
	if (argc == 3)
		reason = parse_reason(argv[2]);
	if (open_nl(&nl))
		return ENBSIM_FAILED;
	err = enb_ue_release(&nl, id, reason);
	report_error(&nl, "release", err);
	enb_nl_close(&nl);
	return err ? ENBSIM_FAILED : ENBSIM_OK;
}

/* get ID */
int cmd_get(int argc, char **argv)
{
	struct enb_nl nl;
	struct enb_ue ue;
	uint32_t id;
	int err;

	if (argc != 2)
		usage_error("want get ID");
	id = parse_u32(argv[1], "UE id");
	if (open_nl(&nl))
		return ENBSIM_FAILED;
	err = enb_ue_get(&nl, id, &ue);
	report_error(&nl, "get", err);
	enb_nl_close(&nl);
	if (err)
		return ENBSIM_FAILED;
	print_ue_line(&ue);
	return ENBSIM_OK;
}

/* count [STATE] */
int cmd_count(int argc, char **argv)
{
	unsigned int n;
	struct enb_nl nl;
	uint32_t state = 0;
	int err;

	if (argc > 2)
		usage_error("want count [STATE]");
	if (argc == 2) {
		state = parse_u32(argv[1], "state");
		if (state > LWIP_SEGW_UE_STATE_MAX)
			usage_error("state %u: want 1 (pending) .. %d (releasing)",
				    state, LWIP_SEGW_UE_STATE_MAX);
	}
	if (open_nl(&nl))
		return ENBSIM_FAILED;
	err = enb_ue_count(&nl, state, &n);
	report_error(&nl, "count", err);
	enb_nl_close(&nl);
	if (err)
		return ENBSIM_FAILED;
	printf("%u\n", n);
	return ENBSIM_OK;
}

static void event_cb(const struct enb_ue *ue, void *arg)
{
	print_event_line(ue);
}

/* events: every event of the netns until killed. */
int cmd_events(int argc, char **argv)
{
	struct enb_nl nl;
	int err;

	if (argc != 1)
		usage_error("events takes no arguments");
	if (open_nl(&nl))
		return ENBSIM_FAILED;
	err = enb_events_join(&nl);
	if (err) {
		report_error(&nl, "joining the events group", err);
		enb_nl_close(&nl);
		return ENBSIM_FAILED;
	}
	printf("listening\n");
	fflush(stdout);
	for (;;) {
		err = enb_events_read(&nl, event_cb, NULL);
		if (err == -ENOMEM) {
			/* ENOBUFS too: the socket overran, events were lost. */
			fprintf(stderr, "enbsim: events: receive buffer overrun, events lost\n");
		} else if (err && err != -EINTR && err != -EAGAIN) {
			report_error(&nl, "events", err);
			break;
		}
	}
	enb_nl_close(&nl);
	return ENBSIM_FAILED;
}
