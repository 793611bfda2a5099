// SPDX-License-Identifier: GPL-2.0
/* Strict command-line parsers shared by segwctl and enbsim (see parse.h). */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "parse.h"

static int hex_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int lwip_parse_uint(const char *s, uint32_t max, uint32_t *out)
{
	uint64_t v = 0;
	unsigned int base = 10;
	int d;

	if (!s)
		return -1;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return -1;
	for (; *s; s++) {
		d = hex_val(*s);
		if (d < 0 || (unsigned int)d >= base)
			return -1;
		v = v * base + d;
		if (v > max)
			return -1;
	}
	*out = v;
	return 0;
}

int lwip_parse_mac(const char *s, uint8_t mac[6])
{
	uint8_t m[6];
	int i, hi, lo;

	if (!s || strlen(s) != 17)
		return -1;
	for (i = 0; i < 6; i++, s += 3) {
		hi = hex_val(s[0]);
		lo = hex_val(s[1]);
		if (hi < 0 || lo < 0 || (i < 5 && s[2] != ':'))
			return -1;
		m[i] = hi << 4 | lo;
	}
	memcpy(mac, m, sizeof(m));
	return 0;
}

int lwip_hex_decode(const char *s, uint8_t *out, size_t max, size_t *digits,
		    size_t *at)
{
	size_t len, i;

	*digits = 0;
	if (!s)
		return LWIP_HEX_EMPTY;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	len = strlen(s);
	*digits = len;
	for (i = 0; i < len; i++) {
		if (hex_val(s[i]) < 0) {
			*at = i + 1;
			return LWIP_HEX_NOT_HEX;
		}
	}
	if (!len)
		return LWIP_HEX_EMPTY;
	if (len % 2)
		return LWIP_HEX_ODD;
	if (len / 2 > max)
		return LWIP_HEX_TOO_LONG;
	for (i = 0; i < len / 2; i++)
		out[i] = hex_val(s[2 * i]) << 4 | hex_val(s[2 * i + 1]);
	return len / 2;
}

int lwip_secret_arg(const char *arg, char *buf, size_t size)
{
	FILE *f = NULL;
	size_t len;
	int err = 0;

	if (!arg || size < 2)
		return -EINVAL;
	if (strcmp(arg, "-") && arg[0] != '@') {
		if (strlen(arg) >= size)
			return -ENAMETOOLONG;
		strcpy(buf, arg);
		return 0;
	}
	if (arg[0] == '@') {
		f = fopen(arg + 1, "re");
		if (!f)
			return -errno;
	}
	if (!fgets(buf, size, f ? f : stdin))
		buf[0] = '\0';
	len = strlen(buf);
	if (len == size - 1 && buf[len - 1] != '\n')
		err = -ENAMETOOLONG;	/* the line goes on */
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r' ||
		       buf[len - 1] == ' ' || buf[len - 1] == '\t'))
		buf[--len] = '\0';
	if (f)
		fclose(f);
	if (!err && !len)
		err = -ENODATA;
	if (err)
		memset(buf, 0, size);
	return err;
}
