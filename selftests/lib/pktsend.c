// SPDX-License-Identifier: GPL-2.0
/*
 * pktsend: crafts the packets the data-path suites need.
 *
 *   pktsend send --src A --dst B [--proto gre|udp|icmp] [--mark M]
 *                [--count N] [--size BYTES] [--print]
 *       Sends N IPv4 packets with exactly these header fields from a raw
 *       socket (IP_HDRINCL), so the source may be any address: the XFRM
 *       output policy is chosen by --mark, not by the spoofed header.
 *       gre: GRE (RFC 2784, protocol 0x0800) carrying a small IPv4/UDP packet,
 *       like LWIPEP; udp: to port 9 (or --dport P); icmp: echo request. --size pads the
 *       payload so the whole IP packet has BYTES octets. --print writes
 *       "packet=HEX" (the first packet's bytes) to stdout.
 *   pktsend natt-listen PORT
 *       Holds a UDP socket on PORT with UDP_ENCAP_ESPINUDP so that the
 *       kernel decapsulates ESP-in-UDP arriving there (what an IKE daemon
 *       does for NAT-T). Runs until killed.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <linux/udp.h>
#include <linux/xfrm.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "pkt.h"

#ifndef UDP_ENCAP
#define UDP_ENCAP 100
#endif

static void put_ip(uint8_t *b, size_t len, uint8_t proto, in_addr_t src,
		   in_addr_t dst)
{
	struct iphdr *ip = (struct iphdr *)b;

	memset(ip, 0, sizeof(*ip));
	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 64;
	ip->protocol = proto;
	ip->tot_len = htons(len);
	ip->id = htons(rand() & 0xffff);
	ip->saddr = src;
	ip->daddr = dst;
	ip->check = pkt_csum(ip, sizeof(*ip));
}

static void put_udp(uint8_t *b, size_t len, unsigned int dport)
{
	b[0] = 0x30; b[1] = 0x39;	/* 12345 */
	b[2] = dport >> 8; b[3] = dport & 0xff;
	b[4] = len >> 8; b[5] = len & 0xff;
	b[6] = b[7] = 0;		/* no checksum */
}

static int usage(void)
{
	fprintf(stderr, "usage: pktsend send --src A --dst B [--proto gre|udp|icmp] "
		"[--mark M] [--count N] [--size BYTES] [--print] [--dport P]\n"
		"       pktsend natt-listen PORT\n");
	return 2;
}

/*
 * Per-socket bypass policy, as IKE daemons set on their sockets: with LWIP the
 * inner addresses equal the outer ones, so the ESP-in-UDP datagram itself
 * matches the tunnel's inbound policy and the socket-level policy check
 * would drop it.
 */
static int bypass(int fd, int dir)
{
	struct xfrm_userpolicy_info pol;

	memset(&pol, 0, sizeof(pol));
	pol.action = XFRM_POLICY_ALLOW;
	pol.sel.family = AF_INET;
	pol.dir = dir;
	pol.lft.soft_byte_limit = XFRM_INF;
	pol.lft.hard_byte_limit = XFRM_INF;
	pol.lft.soft_packet_limit = XFRM_INF;
	pol.lft.hard_packet_limit = XFRM_INF;
	return setsockopt(fd, IPPROTO_IP, IP_XFRM_POLICY, &pol, sizeof(pol));
}

static int natt_listen(const char *port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int fd, one = 1, encap = UDP_ENCAP_ESPINUDP;

	sa.sin_port = htons(atoi(port));
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bypass(fd, XFRM_POLICY_IN) || bypass(fd, XFRM_POLICY_OUT) ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    setsockopt(fd, IPPROTO_UDP, UDP_ENCAP, &encap, sizeof(encap))) {
		perror("pktsend natt-listen");
		return 1;
	}
	for (;;)
		pause();
}

static int send_pkts(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "src", required_argument, NULL, 's' },
		{ "dst", required_argument, NULL, 'd' },
		{ "proto", required_argument, NULL, 'p' },
		{ "mark", required_argument, NULL, 'm' },
		{ "count", required_argument, NULL, 'c' },
		{ "size", required_argument, NULL, 'z' },
		{ "print", no_argument, NULL, 'P' },
		{ "dport", required_argument, NULL, 'D' },
		{ }
	};
	in_addr_t src = INADDR_NONE, dst = INADDR_NONE;
	const char *proto = "gre";
	unsigned int mark = 0;
	long count = 1, size = 0;
	uint8_t pkt[65535];
	size_t len, min;
	int fd, c, one = 1, print = 0;
	unsigned int dport = 9;
	long i;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's': src = inet_addr(optarg); break;
		case 'd': dst = inet_addr(optarg); break;
		case 'p': proto = optarg; break;
		case 'm': mark = strtoul(optarg, NULL, 0); break;
		case 'c': count = strtol(optarg, NULL, 0); break;
		case 'z': size = strtol(optarg, NULL, 0); break;
		case 'P': print = 1; break;
		case 'D': dport = strtoul(optarg, NULL, 0); break;
		default: return usage();
		}
	}
	if (src == INADDR_NONE || dst == INADDR_NONE || count < 1)
		return usage();

	memset(pkt, 0, sizeof(pkt));
	if (!strcmp(proto, "gre")) {
		/* IP / GRE(0x0800) / IP / UDP / 8 bytes */
		min = 20 + 4 + 20 + 8 + 8;
		len = size > (long)min ? (size_t)size : min;
		if (len > sizeof(pkt))
			return usage();
		put_ip(pkt, len, IPPROTO_GRE, src, dst);
		pkt[22] = 0x08;
		pkt[23] = 0x00;
		put_ip(pkt + 24, len - 24, IPPROTO_UDP, inet_addr("10.255.0.1"),
		       inet_addr("10.255.0.2"));
		put_udp(pkt + 44, len - 44, 9);
	} else if (!strcmp(proto, "udp")) {
		min = 20 + 8 + 8;
		len = size > (long)min ? (size_t)size : min;
		if (len > sizeof(pkt))
			return usage();
		put_ip(pkt, len, IPPROTO_UDP, src, dst);
		put_udp(pkt + 20, len - 20, dport);
	} else if (!strcmp(proto, "icmp")) {
		min = 20 + 8 + 8;
		len = size > (long)min ? (size_t)size : min;
		if (len > sizeof(pkt))
			return usage();
		put_ip(pkt, len, IPPROTO_ICMP, src, dst);
		pkt[20] = 8;	/* echo request */
		memcpy(pkt + 22, "\0\0", 2);
		pkt[24] = 0x12; pkt[25] = 0x34;
		memcpy(pkt + 22, &(uint16_t){ pkt_csum(pkt + 20, len - 20) }, 2);
	} else {
		fprintf(stderr, "pktsend: unknown --proto %s (gre, udp or icmp)\n", proto);
		return 2;
	}

	if (print) {
		size_t k;

		printf("packet=");
		for (k = 0; k < len; k++)
			printf("%02x", pkt[k]);
		printf("\n");
		fflush(stdout);
	}
	/*
	 * Bound to the header's source (free-bind: it may be foreign), so
	 * that routing and XFRM see the same source as the header, which
	 * transport-mode SAs need.
	 */
	fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (fd < 0 || setsockopt(fd, IPPROTO_IP, IP_HDRINCL, &one, sizeof(one)) ||
	    setsockopt(fd, IPPROTO_IP, IP_FREEBIND, &one, sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&(struct sockaddr_in){
			.sin_family = AF_INET, .sin_addr.s_addr = src },
		 sizeof(struct sockaddr_in)) ||
	    (mark && setsockopt(fd, SOL_SOCKET, SO_MARK, &mark, sizeof(mark)))) {
		perror("pktsend: raw socket");
		return 1;
	}
	for (i = 0; i < count; i++) {
		struct sockaddr_in to = { .sin_family = AF_INET,
					  .sin_addr.s_addr = dst };

		if (sendto(fd, pkt, len, 0, (struct sockaddr *)&to, sizeof(to)) < 0) {
			fprintf(stderr, "pktsend: sendto: %s\n", strerror(errno));
			return 1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "send"))
		return send_pkts(argc - 1, argv + 1);
	if (!strcmp(argv[1], "natt-listen") && argc == 3)
		return natt_listen(argv[2]);
	return usage();
}
