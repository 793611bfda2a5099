/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Strict parsers for the tools' command lines (segwctl, enbsim): one
 * spelling per value, so what an operator typed is what the module gets.
 * They never print; each caller words its own message.
 */
#ifndef LWIP_SEGW_TOOLS_PARSE_H
#define LWIP_SEGW_TOOLS_PARSE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decimal, or hex after "0x"; no sign, blanks or octal ("010" is ten).
 * Returns 0 and sets *out, or -1 when s is not such a number <= max.
 */
int lwip_parse_uint(const char *s, uint32_t max, uint32_t *out);

/* Exactly xx:xx:xx:xx:xx:xx (hex, either case). Returns 0 or -1. */
int lwip_parse_mac(const char *s, uint8_t mac[6]);

enum lwip_hex_error {
	LWIP_HEX_NOT_HEX = -1,	/* *at: the 1-based digit that is not hex */
	LWIP_HEX_ODD = -2,	/* an odd number of digits */
	LWIP_HEX_TOO_LONG = -3,	/* more than max octets */
	LWIP_HEX_EMPTY = -4,
};

/*
 * Hex digits ("0x" allowed) into at most max octets of out. Returns the
 * octet count or an lwip_hex_error; *digits is the number of digits after
 * the prefix. Nothing is written to out on an error, so a secret half
 * parsed is never left behind.
 */
int lwip_hex_decode(const char *s, uint8_t *out, size_t max, size_t *digits,
		    size_t *at);

/*
 * A secret given on a command line: "-" reads one line from stdin, "@PATH"
 * the first line of a file, anything else is the secret itself (and
 * visible in /proc/PID/cmdline while the program runs). The line's end and
 * trailing blanks are dropped. Returns 0, -ENAMETOOLONG when it does not
 * fit buf, -ENODATA for an empty line, or the -errno of opening PATH.
 */
int lwip_secret_arg(const char *arg, char *buf, size_t size);

#endif
