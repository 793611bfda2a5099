// SPDX-License-Identifier: GPL-2.0
/*
 * gtpu: the eNB's side of Xw-U for the data-path suites (GTPv1-U, TS 29.281).
 *
 *   gtpu recv --bind ADDR:PORT --count N [--timeout S]
 *       Receives N datagrams (or until S seconds pass) and prints one line
 *       each: "type=T teid=0xTEID len=L payload=HEX" (payload = what follows
 *       the mandatory 8-octet header, i.e. the inner packet of a T-PDU).
 *       Exits 0 when N arrived, 1 on timeout.
 *   gtpu send --bind ADDR:PORT --to ADDR:PORT --teid T
 *             [--type N] [--src A --dst B --proto gre|udp] [--size BYTES]
 *             [--count N] [--truncate BYTES] [--ext TYPE] [--seq]
 *       Sends N GTP-U messages. With --src/--dst: a T-PDU whose inner packet
 *       is IPv4 A -> B carrying GRE (protocol 0x0800) or UDP, padded to
 *       BYTES. --truncate cuts the datagram to that many octets; --ext adds
 *       one extension header of that type; --seq sets the S flag.
 *       --type 1 sends an Echo Request and waits for the response (printed);
 *       --reply waits for one answer to any message and prints it (exit 1
 *       when none comes within --timeout).
 */

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "pkt.h"

static int parse_ep(const char *s, struct sockaddr_in *sa)
{
	char buf[64], *colon;

	snprintf(buf, sizeof(buf), "%s", s);
	colon = strrchr(buf, ':');
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons(colon ? atoi(colon + 1) : 2152);
	if (colon)
		*colon = 0;
	return inet_pton(AF_INET, buf, &sa->sin_addr) == 1 ? 0 : -1;
}

static size_t inner_packet(uint8_t *b, size_t size, const char *proto,
			   in_addr_t src, in_addr_t dst)
{
	struct iphdr *ip = (struct iphdr *)b;
	int gre = !strcmp(proto, "gre");
	size_t min = gre ? 20 + 4 + 20 + 8 + 8 : 20 + 8 + 8;
	size_t len = size > min ? size : min;

	memset(b, 0, len);
	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 64;
	ip->protocol = gre ? IPPROTO_GRE : IPPROTO_UDP;
	ip->tot_len = htons(len);
	ip->id = htons(rand() & 0xffff);
	ip->saddr = src;
	ip->daddr = dst;
	ip->check = pkt_csum(b, 20);
	if (gre) {
		b[22] = 0x08;
		b[23] = 0x00;
		/* inner user packet: IPv4 10.255.0.2 -> 10.255.0.1 UDP */
		ip = (struct iphdr *)(b + 24);
		ip->version = 4;
		ip->ihl = 5;
		ip->ttl = 64;
		ip->protocol = IPPROTO_UDP;
		ip->tot_len = htons(len - 24);
		ip->saddr = inet_addr("10.255.0.2");
		ip->daddr = inet_addr("10.255.0.1");
		ip->check = pkt_csum(b + 24, 20);
		b[44] = 0x30; b[45] = 0x39; b[47] = 9;
		b[48] = (len - 44) >> 8; b[49] = (len - 44) & 0xff;
	} else {
		b[20] = 0x30; b[21] = 0x39; b[23] = 9;
		b[24] = (len - 20) >> 8; b[25] = (len - 20) & 0xff;
	}
	return len;
}

static void print_msg(const uint8_t *b, ssize_t n)
{
	ssize_t i;
	unsigned int len;

	if (n < 8) {
		printf("short len=%zd\n", n);
		return;
	}
	len = b[2] << 8 | b[3];
	printf("type=%u teid=0x%08x len=%u flags=0x%02x payload=", b[1],
	       (unsigned int)(b[4] << 24 | b[5] << 16 | b[6] << 8 | b[7]), len, b[0]);
	for (i = 8; i < n; i++)
		printf("%02x", b[i]);
	printf("\n");
	fflush(stdout);
}

static int usage(void)
{
	fprintf(stderr, "usage: see the header of selftests/lib/gtpu.c\n");
	return 2;
}

int main(int argc, char **argv)
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
	struct sockaddr_in bind_sa, to_sa;
	int have_bind = 0, have_to = 0, seq = 0, ext = -1, reply = 0;
	long count = 1, timeout = 10, size = 0, truncate_to = 0;
	unsigned long teid = 0, type = 255;
	in_addr_t src = INADDR_NONE, dst = INADDR_NONE;
	const char *proto = "gre", *cmd;
	static uint8_t buf[70000];
	int fd, c, one = 1;
	long i;

	if (argc < 2)
		return usage();
	cmd = argv[1];
	argc--;
	argv++;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'b': if (parse_ep(optarg, &bind_sa)) return usage(); have_bind = 1; break;
		case 't': if (parse_ep(optarg, &to_sa)) return usage(); have_to = 1; break;
		case 'i': teid = strtoul(optarg, NULL, 0); break;
		case 'y': type = strtoul(optarg, NULL, 0); break;
		case 's': src = inet_addr(optarg); break;
		case 'd': dst = inet_addr(optarg); break;
		case 'p': proto = optarg; break;
		case 'z': size = strtol(optarg, NULL, 0); break;
		case 'c': count = strtol(optarg, NULL, 0); break;
		case 'T': timeout = strtol(optarg, NULL, 0); break;
		case 'x': truncate_to = strtol(optarg, NULL, 0); break;
		case 'e': ext = strtol(optarg, NULL, 0); break;
		case 'S': seq = 1; break;
		case 'R': reply = 1; break;
		default: return usage();
		}
	}
	if (!have_bind)
		return usage();
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&bind_sa, sizeof(bind_sa))) {
		perror("gtpu: bind");
		return 1;
	}
	if (!strcmp(cmd, "recv")) {
		int rcvbuf = 8 << 20;
		time_t end = time(NULL) + timeout;

		setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf));
		for (i = 0; i < count;) {
			struct pollfd p = { .fd = fd, .events = POLLIN };
			ssize_t n;

			if (time(NULL) >= end)
				return 1;
			if (poll(&p, 1, 200) <= 0)
				continue;
			n = recv(fd, buf, sizeof(buf), 0);
			if (n < 0)
				return 1;
			print_msg(buf, n);
			i++;
		}
		return 0;
	}
	if (strcmp(cmd, "send") || !have_to)
		return usage();

	for (i = 0; i < count; i++) {
		size_t hl = 8, plen = 0, n;

		memset(buf, 0, 16);
		buf[0] = 0x30;
		buf[1] = type;
		buf[4] = teid >> 24; buf[5] = teid >> 16; buf[6] = teid >> 8; buf[7] = teid;
		if (seq || ext >= 0 || type == 1) {
			buf[0] |= 0x02;
			buf[8] = i >> 8;
			buf[9] = i;
			hl = 12;
		}
		if (ext >= 0) {
			buf[0] |= 0x04;
			buf[11] = ext;
			buf[12] = 1;	/* 4 octets: len, 2 content, next = 0 */
			buf[13] = 0xab;
			buf[14] = 0xcd;
			buf[15] = 0;
			hl = 16;
		}
		if (src != INADDR_NONE && dst != INADDR_NONE)
			plen = inner_packet(buf + hl, size, proto, src, dst);
		n = hl + plen;
		buf[2] = (n - 8) >> 8;
		buf[3] = (n - 8) & 0xff;
		if (truncate_to && (size_t)truncate_to < n)
			n = truncate_to;
		if (i == 0 && plen) {
			size_t k;

			printf("inner=");
			for (k = hl; k < hl + plen; k++)
				printf("%02x", buf[k]);
			printf("\n");
		}
		if (sendto(fd, buf, n, 0, (struct sockaddr *)&to_sa, sizeof(to_sa)) < 0) {
			fprintf(stderr, "gtpu: sendto: %s\n", strerror(errno));
			return 1;
		}
	}
	if (type == 1 || reply) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t n;

		if (poll(&p, 1, timeout * 1000) <= 0) {
			fprintf(stderr, "gtpu: no answer\n");
			return 1;
		}
		n = recv(fd, buf, sizeof(buf), 0);
		print_msg(buf, n);
	}
	return 0;
}
