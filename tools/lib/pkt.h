/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Packet-building helpers shared by build/enbsim (tools/enbsim, its GTP-U
 * T-PDUs) and the data-path suites' pktsend (selftests/lib/pktsend.c).
 */
#ifndef _LWIP_SEGW_PKT_H
#define _LWIP_SEGW_PKT_H

#include <arpa/inet.h>
#include <stddef.h>
#include <stdint.h>

/* The Internet checksum (RFC 1071) of len octets, in network order. */
static inline uint16_t pkt_csum(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t sum = 0;

	for (; len > 1; len -= 2, p += 2)
		sum += (uint32_t)p[0] << 8 | p[1];
	if (len)
		sum += (uint32_t)p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons(~sum & 0xffff);
}

#endif /* _LWIP_SEGW_PKT_H */
