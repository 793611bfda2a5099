// SPDX-License-Identifier: GPL-2.0
/*
 * enbsim: the user-plane subcommands, `gtpu recv` and `gtpu send`: the
 * eNB's end of Xw-U, including the malformed and unusual messages the
 * SeGW must refuse.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "enbsim.h"
#include "gtpu.h"

/* Room for the largest datagram; T-PDUs of 10 000-packet bursts queue up. */
#define RECV_RCVBUF	(8 << 20)

struct gtpu_opts {
	struct sockaddr_in bind_sa, to_sa;
	int have_bind, have_to;
	unsigned long count;
	unsigned long timeout;	/* seconds */
	uint32_t teid;
	uint8_t type;
	int have_src, have_dst;
	uint32_t src, dst;
	int gre;
	size_t size, truncate;
	int ext;		/* extension header type, -1: none */
	int seq, reply;
};

static unsigned long parse_ulong(const char *s, const char *what,
				 unsigned long max)
{
	uint32_t v = parse_u32(s, what);

	if (v > max)
		usage_error("%s %s: at most %lu", what, s, max);
	return v;
}

static void parse_gtpu_opts(int argc, char **argv, struct gtpu_opts *o)
{
	static const struct option opts[] = {
		{ "bind", required_argument, NULL, 'b' },
		{ "to", required_argument, NULL, 't' },
		{ "teid", required_argument, NULL, 'i' },
		{ "type", required_argument, NULL, 'y' },
		{ "src", required_argument, NULL, 's' },
		{ "dst", required_argument, NULL, 'd' },
		{ "proto", required_argument, NULL, 'p' },
		{ "size", required_argument, NULL, 'z' },
		{ "count", required_argument, NULL, 'c' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "truncate", required_argument, NULL, 'x' },
		{ "ext", required_argument, NULL, 'e' },
		{ "seq", no_argument, NULL, 'S' },
		{ "reply", no_argument, NULL, 'R' },
		{ }
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->count = 1;
	o->timeout = 10;
	o->type = GTPU_TPDU;
	o->gre = 1;
	o->ext = -1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			if (gtpu_parse_endpoint(optarg, &o->bind_sa))
				usage_error("--bind %s is not ADDR[:PORT]", optarg);
			o->have_bind = 1;
			break;
		case 't':
			if (gtpu_parse_endpoint(optarg, &o->to_sa))
				usage_error("--to %s is not ADDR[:PORT]", optarg);
			o->have_to = 1;
			break;
		case 'i':
			o->teid = parse_u32(optarg, "--teid");
			break;
		case 'y':
			o->type = parse_ulong(optarg, "--type", 255);
			break;
		case 's':
			o->src = parse_ipv4(optarg, "--src");
			o->have_src = 1;
			break;
		case 'd':
			o->dst = parse_ipv4(optarg, "--dst");
			o->have_dst = 1;
			break;
		case 'p':
			if (strcmp(optarg, "gre") && strcmp(optarg, "udp"))
				usage_error("--proto %s: want gre or udp", optarg);
			o->gre = !strcmp(optarg, "gre");
			break;
		case 'z':
			o->size = parse_ulong(optarg, "--size", 65000);
			break;
		case 'c':
			o->count = parse_u32(optarg, "--count");
			break;
		case 'T':
			o->timeout = parse_ulong(optarg, "--timeout", 86400);
			break;
		case 'x':
			o->truncate = parse_ulong(optarg, "--truncate", 65535);
			break;
		case 'e':
			o->ext = parse_ulong(optarg, "--ext", 255);
			break;
		case 'S':
			o->seq = 1;
			break;
		case 'R':
			o->reply = 1;
			break;
		default:
			usage_error("gtpu %s: unknown option or missing value '%s'",
				    argv[0], argv[optind - 1]);
		}
	}
	if (optind < argc)
		usage_error("gtpu %s: unexpected argument '%s'", argv[0],
			    argv[optind]);
	if (!o->have_bind)
		usage_error("gtpu %s needs --bind ADDR[:PORT]", argv[0]);
	if (o->have_src != o->have_dst)
		usage_error("gtpu %s: --src and --dst go together", argv[0]);
}

static int open_socket(const struct gtpu_opts *o, int rcvbuf)
{
	char a[INET_ADDRSTRLEN];
	int fd = gtpu_socket(&o->bind_sa, rcvbuf);

	if (fd < 0)
		fprintf(stderr, "enbsim: gtpu: cannot bind %s:%u: %s\n",
			inet_ntop(AF_INET, &o->bind_sa.sin_addr, a, sizeof(a)),
			ntohs(o->bind_sa.sin_port), strerror(-fd));
	return fd;
}

/* gtpu recv: count datagrams, or fewer when the timeout passes first. */
static int gtpu_recv(const struct gtpu_opts *o)
{
	static uint8_t buf[GTPU_MAX_MSG];
	time_t end = time(NULL) + o->timeout;
	unsigned long got = 0;
	int fd = open_socket(o, RECV_RCVBUF);

	if (fd < 0)
		return ENBSIM_FAILED;
	while (got < o->count) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t n;

		if (time(NULL) >= end) {
			close(fd);
			return ENBSIM_FAILED;
		}
		if (poll(&p, 1, 200) <= 0)
			continue;
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0) {
			fprintf(stderr, "enbsim: gtpu recv: %s\n",
				strerror(errno));
			close(fd);
			return ENBSIM_FAILED;
		}
		gtpu_print(stdout, buf, n);
		got++;
	}
	close(fd);
	return ENBSIM_OK;
}

/* Waits up to the timeout for one datagram on fd and prints it. */
static int await_answer(int fd, const struct gtpu_opts *o)
{
	static uint8_t buf[GTPU_MAX_MSG];
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t n;

	n = poll(&p, 1, o->timeout * 1000) > 0 ?
	    recv(fd, buf, sizeof(buf), 0) : -1;
	if (n < 0) {
		fprintf(stderr, "enbsim: gtpu send: no answer within %lu s\n",
			o->timeout);
		return ENBSIM_FAILED;
	}
	gtpu_print(stdout, buf, n);
	return ENBSIM_OK;
}

static int gtpu_send(const struct gtpu_opts *o)
{
	/* A full datagram: header, optional fields and the inner packet. */
	static uint8_t buf[16 + GTPU_MAX_MSG];
	unsigned long i;
	int fd, ret = ENBSIM_OK;

	if (!o->have_to)
		usage_error("gtpu send needs --to ADDR[:PORT]");
	fd = open_socket(o, 0);
	if (fd < 0)
		return ENBSIM_FAILED;
	for (i = 0; i < o->count; i++) {
		/* Echo Requests carry a sequence number (TS 29.281 7.2.1). */
		size_t hl = gtpu_put_header(buf, o->type, o->teid,
					    o->seq || o->type == GTPU_ECHO_REQUEST,
					    i, o->ext);
		size_t plen = 0, n;

		if (o->have_src)
			plen = gtpu_inner_packet(buf + hl, o->size, o->gre,
						 o->src, o->dst);
		n = hl + plen;
		gtpu_finish(buf, n);
		if (o->truncate && o->truncate < n)
			n = o->truncate;
		if (i == 0 && plen) {
			size_t k;

			printf("inner=");
			for (k = hl; k < hl + plen; k++)
				printf("%02x", buf[k]);
			printf("\n");
			fflush(stdout);
		}
		if (sendto(fd, buf, n, 0, (const struct sockaddr *)&o->to_sa,
			   sizeof(o->to_sa)) < 0) {
			fprintf(stderr, "enbsim: gtpu send: %s\n",
				strerror(errno));
			close(fd);
			return ENBSIM_FAILED;
		}
	}
	if (o->type == GTPU_ECHO_REQUEST || o->reply)
		ret = await_answer(fd, o);
	close(fd);
	return ret;
}

/* gtpu recv|send OPTIONS */
int cmd_gtpu(int argc, char **argv)
{
	struct gtpu_opts o;

	if (argc < 2 || (strcmp(argv[1], "recv") && strcmp(argv[1], "send")))
		usage_error("want gtpu recv|send OPTIONS");
	/* getopt_long() starts after argv[0], here "recv" or "send". */
	parse_gtpu_opts(argc - 1, argv + 1, &o);
	return !strcmp(argv[1], "recv") ? gtpu_recv(&o) : gtpu_send(&o);
}
