// SPDX-License-Identifier: GPL-2.0
/*
 * pktreplay: the datapath benchmark's packet source. It captures one frame
 * that the kernel built (an ESP frame, the product of XFRM output) and
 * replays it many times from an AF_PACKET socket, then waits until the
 * receiver has counted every copy. The sender does no crypto, so the time
 * measured is the receiver's path: under QEMU icount, its instructions.
 * The receiving SA needs replay-window 0 so that every copy is accepted.
 * ip and gtpu make the one packet that XFRM (or the SeGW) turns into the
 * frame to capture.
 *
 *   pktreplay ip SRC DST PROTO [PAYLOAD_BYTES]
 *       Sends one IPv4 packet SRC -> DST with protocol PROTO (0..255) from
 *       a raw socket (IP_HDRINCL, bound to SRC with IP_FREEBIND, so that
 *       SRC may be foreign and routing and XFRM see the header's source).
 *       TTL 64, DF clear, id 0 (the kernel then picks one). Payload
 *       (default 64 octets): for PROTO 47 a GRE header (RFC 2784, protocol
 *       0x0800) and an inner IPv4 header SRC -> DST, protocol 253 (RFC
 *       3692), padded with zeros (at least 24 octets); otherwise zeros.
 *   pktreplay gtpu SRC DST TEID INNER_SRC INNER_DST [PAYLOAD_BYTES]
 *       Sends one UDP datagram SRC:2152 -> DST:2152 (source port 0 if 2152
 *       is taken) holding a GTPv1-U T-PDU (TS 29.281) with TEID (decimal
 *       or 0x hex) whose payload is an IPv4 packet INNER_SRC -> INNER_DST,
 *       protocol GRE: a GRE header (protocol 0x0800) padded with zeros to
 *       PAYLOAD_BYTES (default 64, at least 4) of IP payload.
 *   pktreplay cap IFACE OUTFILE [--proto N] [--dport N] [--timeout S]
 *       Prints "listening" once bound to IFACE, then waits up to S seconds
 *       (default 5) for the first received (not outgoing) IPv4 frame with
 *       IP protocol N (50 ESP, 17 UDP) and UDP destination port N, writes
 *       it whole (Ethernet header included) to OUTFILE and prints
 *           captured LEN bytes proto P
 *       A UDP or TCP checksum the sender left to offload (veth does) is
 *       completed first, so that replayed copies pass the receiver's check.
 *   pktreplay send IFACE COUNT COUNTER [--timeout S] [--expect-none] FRAME...
 *       Sends COUNT frames on IFACE (PACKET_QDISC_BYPASS, sendmmsg batches
 *       of 64), cycling through the FRAME files as written by cap, then
 *       polls COUNTER until it has gone up by COUNT, or S seconds (default
 *       30) after the last send, or, with --expect-none, until it has not
 *       changed for 0.5 s. COUNTER is one of
 *           snmp:FILE:SECTION:FIELD   /proc/net/snmp (or netstat) format,
 *               e.g. snmp:/proc/PID/net/snmp:Ip:InUnknownProtos
 *           netdev:FILE:IFACE:FIELD   /proc/net/dev format; FIELD rx_packets,
 *                                     tx_packets, rx_dropped or tx_dropped
 *           file:PATH                 one decimal integer (sysfs)
 *       Prints one line
 *           sent=COUNT delivered=D ns=NS ns_per_pkt=X.X utime_us=U stime_us=S
 *       D: the counter's increase; NS: CLOCK_MONOTONIC from the first send
 *       until the counter reached COUNT (or the wait ended); U, S: this
 *       process's user and system CPU time over the same span.
 *
 * Exit status: 0 on success (send: D == COUNT, or D == 0 with
 * --expect-none), 1 on failure (cap: also on timeout; send: after printing
 * the line), 2 on a usage error.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../lib/pkt.h"

#define GTPU_PORT	2152
#define IP_HLEN		20
#define GRE_HLEN	4
#define GTPU_HLEN	8
#define SEND_BATCH	64
#define MAX_FRAME	65536
#define NSEC		1000000000ULL

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#define __noreturn	__attribute__((noreturn))

static const char usage_text[] =
	"usage: pktreplay ip SRC DST PROTO [PAYLOAD_BYTES]\n"
	"       pktreplay gtpu SRC DST TEID INNER_SRC INNER_DST [PAYLOAD_BYTES]\n"
	"       pktreplay cap IFACE OUTFILE [--proto N] [--dport N] [--timeout S]\n"
	"       pktreplay send IFACE COUNT COUNTER [--timeout S] [--expect-none] FRAME...\n"
	"COUNTER: snmp:FILE:SECTION:FIELD, netdev:FILE:IFACE:FIELD or file:PATH\n";

static void vmsg(const char *fmt, va_list ap)
{
	fputs("pktreplay: ", stderr);
	vfprintf(stderr, fmt, ap);
}

static void __noreturn __printf(1, 2) usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n%s", usage_text);
	exit(2);
}

/* "pktreplay: WHAT: strerror(errno)", exit 1. */
static void __noreturn __printf(1, 2) fail(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", strerror(err));
	exit(1);
}

/* "pktreplay: WHAT", exit 1. */
static void __noreturn __printf(1, 2) failx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* Decimal, or hex with 0x; nothing else. */
static unsigned long long parse_num(const char *s, unsigned long long max,
				    const char *what)
{
	int base = s[0] == '0' && (s[1] == 'x' || s[1] == 'X') ? 16 : 10;
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, base);
	if (!*s || *s == '-' || *end || errno || v > max)
		usage_error("%s '%s' is not a number from 0 to %llu", what, s,
			    max);
	return v;
}

static double parse_secs(const char *s, const char *what)
{
	char *end;
	double v = strtod(s, &end);

	if (!*s || *end || !(v > 0 && v < 1e6))
		usage_error("%s '%s' is not a number of seconds", what, s);
	return v;
}

static in_addr_t parse_addr(const char *s, const char *what)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		usage_error("%s '%s' is not an IPv4 address", what, s);
	return a.s_addr;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * NSEC + ts.tv_nsec;
}

static void put_ipv4(uint8_t *b, size_t len, uint8_t proto, in_addr_t src,
		     in_addr_t dst)
{
	struct iphdr *ip = (struct iphdr *)b;

	memset(ip, 0, sizeof(*ip));
	ip->version = 4;
	ip->ihl = 5;
	ip->tot_len = htons(len);
	ip->ttl = 64;
	ip->protocol = proto;
	ip->saddr = src;
	ip->daddr = dst;
	ip->check = pkt_csum(ip, sizeof(*ip));
}

/* GRE (RFC 2784): no flags, version 0, protocol type IPv4. */
static void put_gre(uint8_t *b)
{
	b[0] = 0;
	b[1] = 0;
	b[2] = 0x08;
	b[3] = 0x00;
}

static int cmd_ip(int argc, char **argv)
{
	static uint8_t pkt[IP_HLEN + 65515];
	struct sockaddr_in sa = { .sin_family = AF_INET };
	in_addr_t src, dst;
	size_t payload = 64;
	int fd, one = 1;
	uint8_t proto;

	if (argc < 4 || argc > 5)
		usage_error("ip wants SRC DST PROTO [PAYLOAD_BYTES]");
	src = parse_addr(argv[1], "SRC");
	dst = parse_addr(argv[2], "DST");
	proto = parse_num(argv[3], 255, "PROTO");
	if (argc == 5)
		payload = parse_num(argv[4], sizeof(pkt) - IP_HLEN,
				    "PAYLOAD_BYTES");
	if (proto == IPPROTO_GRE && payload < GRE_HLEN + IP_HLEN)
		usage_error("PAYLOAD_BYTES: GRE needs at least %d",
			    GRE_HLEN + IP_HLEN);

	put_ipv4(pkt, IP_HLEN + payload, proto, src, dst);
	if (proto == IPPROTO_GRE) {
		put_gre(pkt + IP_HLEN);
		put_ipv4(pkt + IP_HLEN + GRE_HLEN, payload - GRE_HLEN, 253,
			 src, dst);
	}

	fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (fd < 0)
		fail("raw socket");
	sa.sin_addr.s_addr = src;
	if (setsockopt(fd, IPPROTO_IP, IP_FREEBIND, &one, sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)))
		fail("bind raw socket to %s", argv[1]);
	sa.sin_addr.s_addr = dst;
	if (sendto(fd, pkt, IP_HLEN + payload, 0, (struct sockaddr *)&sa,
		   sizeof(sa)) < 0)
		fail("sendto %s", argv[2]);
	return 0;
}

/* SRC:2152, or SRC:0 if someone (an eNB, a GTP device) holds 2152. */
static void bind_gtpu(int fd, in_addr_t src, const char *name)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int one = 1;

	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)))
		fail("SO_REUSEADDR");
	sa.sin_addr.s_addr = src;
	sa.sin_port = htons(GTPU_PORT);
	if (!bind(fd, (struct sockaddr *)&sa, sizeof(sa)))
		return;
	if (errno != EADDRINUSE)
		fail("bind %s:%d", name, GTPU_PORT);
	sa.sin_port = 0;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)))
		fail("bind %s:0", name);
}

static int cmd_gtpu(int argc, char **argv)
{
	static uint8_t msg[GTPU_HLEN + 65479 + IP_HLEN];
	struct sockaddr_in sa = { .sin_family = AF_INET };
	in_addr_t src, dst, isrc, idst;
	size_t payload = 64, ilen;
	uint32_t teid;
	int fd;

	if (argc < 6 || argc > 7)
		usage_error("gtpu wants SRC DST TEID INNER_SRC INNER_DST [PAYLOAD_BYTES]");
	src = parse_addr(argv[1], "SRC");
	dst = parse_addr(argv[2], "DST");
	teid = parse_num(argv[3], UINT32_MAX, "TEID");
	isrc = parse_addr(argv[4], "INNER_SRC");
	idst = parse_addr(argv[5], "INNER_DST");
	if (argc == 7)
		payload = parse_num(argv[6], sizeof(msg) - GTPU_HLEN - IP_HLEN,
				    "PAYLOAD_BYTES");
	if (payload < GRE_HLEN)
		usage_error("PAYLOAD_BYTES: GRE needs at least %d", GRE_HLEN);

	ilen = IP_HLEN + payload;
	msg[0] = 0x30;			/* version 1, PT 1, no E/S/PN */
	msg[1] = 0xff;			/* T-PDU */
	msg[2] = ilen >> 8;
	msg[3] = ilen & 0xff;
	teid = htonl(teid);
	memcpy(msg + 4, &teid, 4);
	put_ipv4(msg + GTPU_HLEN, ilen, IPPROTO_GRE, isrc, idst);
	put_gre(msg + GTPU_HLEN + IP_HLEN);

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		fail("udp socket");
	bind_gtpu(fd, src, argv[1]);
	sa.sin_addr.s_addr = dst;
	sa.sin_port = htons(GTPU_PORT);
	if (sendto(fd, msg, GTPU_HLEN + ilen, 0, (struct sockaddr *)&sa,
		   sizeof(sa)) < 0)
		fail("sendto %s:%d", argv[2], GTPU_PORT);
	return 0;
}

/*
 * Created with protocol 0 so that nothing is queued to it before bind;
 * bound with protocol 0 (send) it never receives at all.
 */
static int packet_socket(const char *iface, int proto)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	int fd;

	sll.sll_ifindex = if_nametoindex(iface);
	if (!sll.sll_ifindex)
		fail("interface %s", iface);
	sll.sll_protocol = htons(proto);
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0)
		fail("packet socket");
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)))
		fail("bind packet socket to %s", iface);
	return fd;
}

/* IPv4 with protocol proto (-1: any) and UDP destination port dport (-1). */
static bool frame_matches(const uint8_t *f, size_t len, int proto, int dport)
{
	const uint8_t *ip = f + ETH_HLEN;
	size_t ihl;

	if (len < ETH_HLEN + IP_HLEN || f[12] != 0x08 || f[13] != 0x00 ||
	    ip[0] >> 4 != 4)
		return false;
	if (proto >= 0 && ip[9] != proto)
		return false;
	if (dport < 0)
		return true;
	ihl = (ip[0] & 0xf) * 4;
	/* A later fragment has no UDP header. */
	if (ip[9] != IPPROTO_UDP || (ip[6] & 0x1f) || ip[7] || ihl < IP_HLEN ||
	    len < ETH_HLEN + ihl + 4)
		return false;
	return (ip[ihl + 2] << 8 | ip[ihl + 3]) == dport;
}

static void write_file(const char *path, const uint8_t *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		fail("open %s", path);
	if (write(fd, buf, len) != (ssize_t)len || close(fd))
		fail("write %s", path);
}

/*
 * The sender's offload may leave a UDP or TCP checksum partial (veth does):
 * the frame then holds the pseudo-header sum only. Complete it, or every
 * replayed copy would fail the receiver's checksum check.
 */
static void complete_l4_csum(uint8_t *f, size_t len)
{
	static uint8_t pseudo[12 + 65535];
	uint8_t *ip = f + ETH_HLEN, *l4;
	size_t ihl = (ip[0] & 0xf) * 4, l4len;
	uint16_t csum;
	int off;

	off = ip[9] == IPPROTO_UDP ? 6 : ip[9] == IPPROTO_TCP ? 16 : -1;
	l4len = (ip[2] << 8 | ip[3]) - ihl;
	if (off < 0 || (ip[6] & 0x3f) || ip[7] || ihl < IP_HLEN ||
	    (size_t)(ip[2] << 8 | ip[3]) < ihl + (size_t)off + 2 ||
	    ETH_HLEN + ihl + l4len > len)
		return;
	l4 = ip + ihl;
	l4[off] = 0;
	l4[off + 1] = 0;
	memcpy(pseudo, ip + 12, 8);
	pseudo[8] = 0;
	pseudo[9] = ip[9];
	pseudo[10] = l4len >> 8;
	pseudo[11] = l4len & 0xff;
	memcpy(pseudo + 12, l4, l4len);
	csum = pkt_csum(pseudo, 12 + l4len);
	if (!csum && ip[9] == IPPROTO_UDP)
		csum = 0xffff;		/* 0 would mean "no checksum" */
	memcpy(l4 + off, &csum, 2);
}

/* One frame; *pkttype and whether its L4 checksum is still partial. */
static ssize_t recv_frame(int fd, uint8_t *buf, size_t size, int *pkttype,
			  bool *csum_partial)
{
	union {
		char buf[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
		struct cmsghdr align;
	} cbuf;
	struct iovec iov = { .iov_base = buf, .iov_len = size };
	struct sockaddr_ll from;
	struct msghdr msg = {
		.msg_name = &from, .msg_namelen = sizeof(from),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf.buf, .msg_controllen = sizeof(cbuf.buf),
	};
	struct tpacket_auxdata aux;
	struct cmsghdr *cm;
	ssize_t len;

	len = recvmsg(fd, &msg, MSG_DONTWAIT);
	if (len < 0)
		return len;
	*pkttype = from.sll_pkttype;
	*csum_partial = false;
	for (cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm)) {
		if (cm->cmsg_level != SOL_PACKET ||
		    cm->cmsg_type != PACKET_AUXDATA)
			continue;
		memcpy(&aux, CMSG_DATA(cm), sizeof(aux));
		*csum_partial = aux.tp_status & TP_STATUS_CSUMNOTREADY;
	}
	return len;
}

static int cmd_cap(int argc, char **argv)
{
	static uint8_t buf[MAX_FRAME];
	int fd, i, one = 1, proto = -1, dport = -1;
	uint64_t deadline;
	double timeout = 5;

	if (argc < 3)
		usage_error("cap wants IFACE OUTFILE [--proto N] [--dport N] [--timeout S]");
	for (i = 3; i < argc; i += 2) {
		if (i + 1 >= argc)
			usage_error("%s wants a value", argv[i]);
		if (!strcmp(argv[i], "--proto"))
			proto = parse_num(argv[i + 1], 255, "--proto");
		else if (!strcmp(argv[i], "--dport"))
			dport = parse_num(argv[i + 1], 65535, "--dport");
		else if (!strcmp(argv[i], "--timeout"))
			timeout = parse_secs(argv[i + 1], "--timeout");
		else
			usage_error("cap: unknown argument '%s'", argv[i]);
	}

	fd = packet_socket(argv[1], ETH_P_ALL);
	if (setsockopt(fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof(one)))
		fail("PACKET_AUXDATA");
	printf("listening\n");
	fflush(stdout);
	deadline = now_ns() + timeout * NSEC;
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		uint64_t t = now_ns();
		bool csum_partial;
		int pkttype;
		ssize_t len;

		if (t >= deadline)
			break;
		if (poll(&pfd, 1, (deadline - t + 999999) / 1000000) < 0 &&
		    errno != EINTR)
			fail("poll");
		if (!(pfd.revents & POLLIN))
			continue;
		len = recv_frame(fd, buf, sizeof(buf), &pkttype, &csum_partial);
		if (len < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			fail("recv on %s", argv[1]);
		}
		if (pkttype == PACKET_OUTGOING ||
		    !frame_matches(buf, len, proto, dport))
			continue;
		if (csum_partial)
			complete_l4_csum(buf, len);
		write_file(argv[2], buf, len);
		printf("captured %zd bytes proto %u\n", len, buf[ETH_HLEN + 9]);
		return 0;
	}
	failx("cap: no matching frame on %s within %g s", argv[1], timeout);
}

struct frame {
	const char *path;
	uint8_t *data;
	size_t len;
};

static void load_frame(struct frame *f)
{
	const char *path = f->path;
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		fail("open %s", path);
	f->data = malloc(MAX_FRAME + 1);
	if (!f->data)
		fail("malloc");
	f->len = 0;
	while ((n = read(fd, f->data + f->len, MAX_FRAME + 1 - f->len)) > 0)
		f->len += n;
	if (n < 0)
		fail("read %s", path);
	close(fd);
	if (f->len < ETH_HLEN || f->len > MAX_FRAME)
		failx("%s: %zu bytes is no Ethernet frame (want %d..%d)",
		      path, f->len, ETH_HLEN, MAX_FRAME);
}

/*
 * A number the receiver increments once per delivered packet: a field of a
 * /proc/net/snmp or /proc/net/dev style file, or a file holding just the
 * number. The file stays open; each read is a pread at 0, which makes
 * seq_file (proc) and kernfs (sysfs) generate it afresh.
 */
struct counter {
	char kind;		/* 's'nmp, 'n'etdev, 'f'ile */
	const char *spec;
	char *key;		/* snmp: SECTION, netdev: IFACE */
	char *field;		/* snmp: FIELD */
	int column;		/* netdev: 0-based number after "IFACE:" */
	int fd;
};

static const char *const netdev_fields[] = {
	[1] = "rx_packets", [3] = "rx_dropped",
	[9] = "tx_packets", [11] = "tx_dropped",
};

static void counter_open(struct counter *c, const char *spec)
{
	char *file = strdup(spec);
	size_t i = 0;

	if (!file)
		fail("strdup");
	c->spec = spec;
	c->kind = file[0];
	if (!strncmp(file, "file:", 5) && file[5]) {
		file += 5;
	} else if (!strncmp(file, "snmp:", 5) || !strncmp(file, "netdev:", 7)) {
		/* FILE:KEY:FIELD, split from the right: FILE may hold ':' */
		file = strchr(file, ':') + 1;
		c->key = NULL;
		c->field = strrchr(file, ':');
		if (c->field) {
			*c->field++ = '\0';
			c->key = strrchr(file, ':');
		}
		if (!c->key || c->key == file || !c->key[1] || !c->field[0])
			usage_error("COUNTER '%s' is not %s:FILE:%s:FIELD", spec,
				    c->kind == 's' ? "snmp" : "netdev",
				    c->kind == 's' ? "SECTION" : "IFACE");
		*c->key++ = '\0';
	} else {
		usage_error("COUNTER '%s' is not snmp:..., netdev:... or file:PATH",
			    spec);
	}
	for (i = 0; c->kind == 'n' && i < ARRAY_SIZE(netdev_fields); i++)
		if (netdev_fields[i] && !strcmp(c->field, netdev_fields[i]))
			break;
	if (c->kind == 'n' && i == ARRAY_SIZE(netdev_fields))
		usage_error("netdev FIELD '%s' is not %s", c->field,
			    "rx_packets, tx_packets, rx_dropped or tx_dropped");
	c->column = i;
	c->fd = open(file, O_RDONLY);
	if (c->fd < 0)
		fail("open %s", file);
}

/* The text after "key:" of the first line from p starting so (blanks aside). */
static const char *find_line(const char *p, const char *key)
{
	size_t klen = strlen(key);

	while (p) {
		p += strspn(p, " ");
		if (!strncmp(p, key, klen) && p[klen] == ':')
			return p + klen + 1;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

/* The index of word in the line at p, or -1. */
static int word_index(const char *p, const char *word)
{
	size_t wlen = strlen(word), n;
	int i;

	for (i = 0; *(p += strspn(p, " ")) && *p != '\n'; i++, p += n) {
		n = strcspn(p, "\n ");
		if (n == wlen && !strncmp(p, word, n))
			return i;
	}
	return -1;
}

/* The n-th (0-based) number of the line at p. */
static bool nth_number(const char *p, int n, long long *val)
{
	char *end;

	if (n < 0)
		return false;
	for (;; n--, p = end) {
		*val = strtoll(p, &end, 10);
		if (end == p)
			return false;
		if (!n)
			return true;
	}
}

static long long counter_read(struct counter *c)
{
	static char text[65536];
	const char *names, *values;
	long long val = 0;
	size_t len = 0;
	ssize_t n = 0;
	bool ok;

	while (len < sizeof(text) - 1 &&
	       (n = pread(c->fd, text + len, sizeof(text) - 1 - len, len)) > 0)
		len += n;
	if (n < 0)
		fail("read counter %s", c->spec);
	text[len] = '\0';
	if (c->kind == 's') {
		/* "KEY: names..." then "KEY: values..." */
		names = find_line(text, c->key);
		values = names ? find_line(strchr(names, '\n'), c->key) : NULL;
		ok = values && nth_number(values, word_index(names, c->field),
					  &val);
	} else if (c->kind == 'n') {
		values = find_line(text, c->key);
		ok = values && nth_number(values, c->column, &val);
	} else {
		ok = nth_number(text, 0, &val);
	}
	if (!ok)
		failx("counter %s: not found in the file", c->spec);
	return val;
}

/* sendmmsg in batches; a full queue or a short send is retried. */
static void send_frames(int fd, const struct frame *frames, size_t nframes,
			unsigned long count)
{
	struct mmsghdr msgs[SEND_BATCH];
	struct iovec iov[SEND_BATCH];
	unsigned long sent = 0;
	unsigned int i, n;
	int r;

	memset(msgs, 0, sizeof(msgs));
	for (i = 0; i < SEND_BATCH; i++) {
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	while (sent < count) {
		n = count - sent < SEND_BATCH ? count - sent : SEND_BATCH;
		for (i = 0; i < n; i++) {
			const struct frame *f = &frames[(sent + i) % nframes];

			iov[i].iov_base = f->data;
			iov[i].iov_len = f->len;
		}
		r = sendmmsg(fd, msgs, n, 0);
		if (r > 0) {
			sent += r;
		} else if (r == 0 || errno == EAGAIN || errno == ENOBUFS ||
			   errno == EINTR) {
			usleep(100);
		} else {
			fail("sendmmsg (after %lu frames)", sent);
		}
	}
}

/*
 * Polls until the counter has gone up by count, or timeout seconds pass,
 * or (quiet_ns) it has not changed for that long. Returns the increase;
 * *t1 is when it was read last.
 */
static long long wait_delivery(struct counter *c, long long before,
			       unsigned long count, double timeout,
			       uint64_t quiet_ns, uint64_t *t1)
{
	uint64_t start = now_ns(), changed = start;
	long long delta, last = 0;
	unsigned int sleep_us = 50;

	for (;;) {
		delta = counter_read(c) - before;
		*t1 = now_ns();
		if (delta >= (long long)count)
			return delta;
		if (delta != last) {
			last = delta;
			changed = *t1;
			sleep_us = 50;
		}
		if (*t1 - start >= timeout * NSEC ||
		    (quiet_ns && *t1 - changed >= quiet_ns))
			return delta;
		usleep(sleep_us);
		sleep_us = sleep_us * 2 > 1000 ? 1000 : sleep_us * 2;
	}
}

static long long tv_us(const struct timeval *tv)
{
	return tv->tv_sec * 1000000LL + tv->tv_usec;
}

static int cmd_send(int argc, char **argv)
{
	struct rusage ru0, ru1;
	struct frame *frames;
	struct counter ctr;
	unsigned long count;
	size_t nframes = 0;
	bool expect_none = false;
	double timeout = 30;
	long long before, delivered;
	uint64_t t0, t1, ns;
	int fd, i, one = 1;

	if (argc < 5)
		usage_error("send wants IFACE COUNT COUNTER [OPTIONS] FRAME...");
	count = parse_num(argv[2], 1UL << 40, "COUNT");
	if (!count)
		usage_error("COUNT must be at least 1");
	frames = calloc(argc, sizeof(*frames));
	if (!frames)
		fail("calloc");
	for (i = 4; i < argc; i++) {
		if (!strcmp(argv[i], "--timeout") && i + 1 == argc)
			usage_error("--timeout wants a value");
		else if (!strcmp(argv[i], "--timeout"))
			timeout = parse_secs(argv[++i], "--timeout");
		else if (!strcmp(argv[i], "--expect-none"))
			expect_none = true;
		else if (!strncmp(argv[i], "--", 2))
			usage_error("send: unknown argument '%s'", argv[i]);
		else
			frames[nframes++].path = argv[i];
	}
	if (!nframes)
		usage_error("send wants at least one FRAME file");
	counter_open(&ctr, argv[3]);
	for (size_t n = 0; n < nframes; n++)
		load_frame(&frames[n]);

	fd = packet_socket(argv[1], 0);
	if (setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one)))
		fail("PACKET_QDISC_BYPASS");

	before = counter_read(&ctr);
	getrusage(RUSAGE_SELF, &ru0);
	t0 = now_ns();
	send_frames(fd, frames, nframes, count);
	delivered = wait_delivery(&ctr, before, count, timeout,
				  expect_none ? NSEC / 2 : 0, &t1);
	getrusage(RUSAGE_SELF, &ru1);
	ns = t1 - t0;

	printf("sent=%lu delivered=%lld ns=%llu ns_per_pkt=%.1f utime_us=%lld stime_us=%lld\n",
	       count, delivered, (unsigned long long)ns, (double)ns / count,
	       tv_us(&ru1.ru_utime) - tv_us(&ru0.ru_utime),
	       tv_us(&ru1.ru_stime) - tv_us(&ru0.ru_stime));
	if (expect_none)
		return delivered == 0 ? 0 : 1;
	return delivered == (long long)count ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		usage_error("no command");
	if (!strcmp(argv[1], "ip"))
		return cmd_ip(argc - 1, argv + 1);
	if (!strcmp(argv[1], "gtpu"))
		return cmd_gtpu(argc - 1, argv + 1);
	if (!strcmp(argv[1], "cap"))
		return cmd_cap(argc - 1, argv + 1);
	if (!strcmp(argv[1], "send"))
		return cmd_send(argc - 1, argv + 1);
	usage_error("unknown command '%s'", argv[1]);
}
