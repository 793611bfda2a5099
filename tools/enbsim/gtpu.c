// SPDX-License-Identifier: GPL-2.0
/*
 * enbsim: Xw-U GTP-U messages (TS 29.281) and the eNB's GTP-U socket.
 *
 * Uplink, the SeGW relays each conforming packet of a UE's tunnel as a T-PDU
 * (type 255) to the eNB endpoint and TEID the eNB gave in UE_ADD; downlink,
 * the eNB sends T-PDUs to the SeGW's Xw-U endpoint with the SeGW TEID of the
 * ACKNOWLEDGE, each carrying IPv4 (SeGW public address -> UE inner address)
 * with GRE inside. The SeGW answers Echo Requests and sends an Error
 * Indication for an unknown TEID.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/ip.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gtpu.h"
#include "pkt.h"

int gtpu_parse_endpoint(const char *s, struct sockaddr_in *sa)
{
	char buf[INET_ADDRSTRLEN + 8], *colon, *end;
	unsigned long port = GTPU_PORT;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	colon = strrchr(buf, ':');
	if (colon) {
		*colon = '\0';
		errno = 0;
		port = strtoul(colon + 1, &end, 10);
		if (errno || *end || colon[1] == '\0' || !port || port > 65535)
			return -1;
	}
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	return inet_pton(AF_INET, buf, &sa->sin_addr) == 1 ? 0 : -1;
}

int gtpu_socket(const struct sockaddr_in *sa, int rcvbuf)
{
	int fd, one = 1, err;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(fd, (const struct sockaddr *)sa, sizeof(*sa))) {
		err = -errno;
		close(fd);
		return err;
	}
	/* A burst of 10 000 T-PDUs must not overflow the default buffer. */
	if (rcvbuf > 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
			   sizeof(rcvbuf));
	return fd;
}

size_t gtpu_put_header(uint8_t *b, uint8_t type, uint32_t teid, int with_seq,
		       uint16_t seq, int ext_type)
{
	size_t len = GTPU_HDR_LEN;

	memset(b, 0, 16);
	b[0] = GTPU_F_V1;
	b[1] = type;
	b[4] = teid >> 24;
	b[5] = teid >> 16;
	b[6] = teid >> 8;
	b[7] = teid;
	/* Any of E, S, PN brings the 4-octet optional field block. */
	if (with_seq || ext_type >= 0) {
		b[0] |= GTPU_F_SEQ;
		b[8] = seq >> 8;
		b[9] = seq;
		len = 12;
	}
	if (ext_type >= 0) {
		b[0] |= GTPU_F_EXT;
		b[11] = ext_type;	/* next extension header type */
		b[12] = 1;		/* its length in 4-octet units */
		b[13] = 0xab;
		b[14] = 0xcd;
		b[15] = 0;		/* no further extension header */
		len = 16;
	}
	return len;
}

void gtpu_finish(uint8_t *b, size_t total)
{
	/* Length counts what follows the mandatory 8 octets. */
	b[2] = (total - GTPU_HDR_LEN) >> 8;
	b[3] = (total - GTPU_HDR_LEN) & 0xff;
}

static void put_ipv4(uint8_t *b, size_t len, uint8_t proto, uint16_t id,
		     uint32_t src, uint32_t dst)
{
	struct iphdr *ip = (struct iphdr *)b;

	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 64;
	ip->protocol = proto;
	ip->tot_len = htons(len);
	ip->id = htons(id);
	ip->saddr = src;
	ip->daddr = dst;
	ip->check = pkt_csum(b, sizeof(*ip));
}

/* UDP 12345 -> 9 over len octets, no checksum. */
static void put_udp(uint8_t *b, size_t len)
{
	b[0] = 12345 >> 8;
	b[1] = 12345 & 0xff;
	b[3] = 9;
	b[4] = len >> 8;
	b[5] = len & 0xff;
}

size_t gtpu_inner_packet(uint8_t *b, size_t size, int gre, uint32_t src,
			 uint32_t dst)
{
	/* IP, [GRE, IP,] UDP and 8 octets of data. */
	size_t min = gre ? 20 + 4 + 20 + 8 + 8 : 20 + 8 + 8;
	size_t len = size > min ? size : min;

	memset(b, 0, len);
	put_ipv4(b, len, gre ? IPPROTO_GRE : IPPROTO_UDP, rand() & 0xffff,
		 src, dst);
	if (!gre) {
		put_udp(b + 20, len - 20);
		return len;
	}
	b[22] = 0x08;		/* GRE (RFC 2784) protocol type IPv4 */
	b[23] = 0x00;
	put_ipv4(b + 24, len - 24, IPPROTO_UDP, 0, inet_addr("10.255.0.2"),
		 inet_addr("10.255.0.1"));
	put_udp(b + 44, len - 44);
	return len;
}

int gtpu_parse(const uint8_t *b, size_t n, struct gtpu_msg *msg)
{
	size_t off = GTPU_HDR_LEN, end;
	uint8_t next;

	if (n < GTPU_HDR_LEN || (b[0] & 0xf0) != GTPU_F_V1)
		return -1;
	msg->flags = b[0];
	msg->type = b[1];
	msg->length = b[2] << 8 | b[3];
	msg->teid = (uint32_t)b[4] << 24 | b[5] << 16 | b[6] << 8 | b[7];
	end = GTPU_HDR_LEN + msg->length;
	if (end > n)
		return -1;
	if (b[0] & (GTPU_F_EXT | GTPU_F_SEQ | GTPU_F_PN)) {
		if (end < 12)
			return -1;
		next = b[0] & GTPU_F_EXT ? b[11] : 0;
		off = 12;
		/* Extension headers: length in 4-octet units, next type last. */
		while (next) {
			if (off >= end || !b[off] || off + 4 * b[off] > end)
				return -1;
			off += 4 * b[off];
			next = b[off - 1];
		}
	}
	msg->payload = b + off;
	msg->payload_len = end - off;
	return 0;
}

void gtpu_print(FILE *f, const uint8_t *b, size_t n)
{
	size_t i;

	if (n < GTPU_HDR_LEN) {
		fprintf(f, "short len=%zu\n", n);
		fflush(f);
		return;
	}
	fprintf(f, "type=%u teid=0x%08x len=%u flags=0x%02x payload=", b[1],
		(unsigned int)b[4] << 24 | b[5] << 16 | b[6] << 8 | b[7],
		b[2] << 8 | b[3], b[0]);
	for (i = GTPU_HDR_LEN; i < n; i++)
		fprintf(f, "%02x", b[i]);
	fputc('\n', f);
	fflush(f);
}
