/* SPDX-License-Identifier: GPL-2.0 */
/*
 * enbsim: Xw-U, the eNB's GTP-U endpoint (GTPv1-U, TS 29.281; TS 36.464):
 * building and reading GTP-U messages and the UDP socket they travel on.
 */
#ifndef ENBSIM_GTPU_H
#define ENBSIM_GTPU_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <netinet/in.h>

#define GTPU_PORT		2152
#define GTPU_HDR_LEN		8	/* the mandatory part */
#define GTPU_MAX_MSG		65535	/* what one UDP datagram holds */

/* Message types (TS 29.281 6.1). */
#define GTPU_ECHO_REQUEST	1
#define GTPU_ECHO_RESPONSE	2
#define GTPU_ERROR_INDICATION	26
#define GTPU_TPDU		255

/* Flags octet: version 1, protocol type GTP, and the optional fields. */
#define GTPU_F_V1		0x30
#define GTPU_F_EXT		0x04	/* E: extension header follows */
#define GTPU_F_SEQ		0x02	/* S: sequence number present */
#define GTPU_F_PN		0x01	/* PN: N-PDU number present */

/* A received GTP-U message, pointing into the datagram. */
struct gtpu_msg {
	uint8_t flags;
	uint8_t type;
	uint16_t length;	/* the header's Length field */
	uint32_t teid;
	const uint8_t *payload;	/* after the optional fields and extensions */
	size_t payload_len;
};

/*
 * "ADDR" or "ADDR:PORT" (port default 2152) into sa. Returns 0, or -1 when
 * the address or port is not valid.
 */
int gtpu_parse_endpoint(const char *s, struct sockaddr_in *sa);

/*
 * A UDP socket bound to sa (SO_REUSEADDR; rcvbuf > 0 raises the receive
 * buffer past rmem_max, which needs CAP_NET_ADMIN). Returns the fd or -errno.
 */
int gtpu_socket(const struct sockaddr_in *sa, int rcvbuf);

/*
 * Writes a GTP-U header at b: with_seq adds the optional sequence number
 * field, ext_type >= 0 one 4-octet extension header of that type (its
 * content 0xabcd). Returns the header's length (8, 12 or 16); the Length
 * field is set by gtpu_finish().
 */
size_t gtpu_put_header(uint8_t *b, uint8_t type, uint32_t teid, int with_seq,
		       uint16_t seq, int ext_type);
/* Sets the Length field of the message at b, total octets long. */
void gtpu_finish(uint8_t *b, size_t total);

/*
 * Writes an IPv4 packet src -> dst (network order) at b, padded to size
 * octets if it is shorter, and returns its length: gre nonzero, GRE
 * (protocol 0x0800) carrying IPv4/UDP 10.255.0.2 -> 10.255.0.1, as an LWIP
 * UE sends; otherwise UDP to port 9. b needs size octets and at least 60.
 */
size_t gtpu_inner_packet(uint8_t *b, size_t size, int gre, uint32_t src,
			 uint32_t dst);

/* Reads a message; -1 when it is not a well-formed GTPv1-U message. */
int gtpu_parse(const uint8_t *b, size_t n, struct gtpu_msg *msg);

/*
 * One line describing the datagram b, n octets:
 * "type=T teid=0xTTTTTTTT len=L flags=0xFF payload=HEX" where payload is
 * everything after the mandatory 8 octets (the inner packet of a plain
 * T-PDU), or "short len=N" under 8 octets. Flushes f.
 */
void gtpu_print(FILE *f, const uint8_t *b, size_t n);

#endif /* ENBSIM_GTPU_H */
