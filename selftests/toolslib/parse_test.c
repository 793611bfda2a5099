// SPDX-License-Identifier: GPL-2.0
/*
 * tools/lib/parse.c: one spelling per value. Numbers are decimal or 0x hex
 * with no sign, blank or octal; MACs exactly xx:xx:xx:xx:xx:xx; hex strings
 * are refused whole (nothing written) when any digit is wrong.
 */
#include <stdio.h>
#include <string.h>

#include "parse.h"

static int failures;

#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		failures++;						\
		printf("# FAIL %s:%d: ", __FILE__, __LINE__);		\
		printf(__VA_ARGS__);					\
		printf("\n");						\
	}								\
} while (0)

static void uint_ok(const char *s, uint32_t max, uint32_t want)
{
	uint32_t v = 12345;

	CHECK(!lwip_parse_uint(s, max, &v) && v == want,
	      "'%s' (max %u) should be %u, got %u", s, max, want, v);
}

static void uint_bad(const char *s, uint32_t max)
{
	uint32_t v = 777;

	CHECK(lwip_parse_uint(s, max, &v) && v == 777,
	      "'%s' (max %u) should be refused, untouched", s, max);
}

int main(void)
{
	uint8_t mac[6], out[8], mark[8];
	size_t digits, at;
	int n;

	uint_ok("0", 10, 0);
	uint_ok("266", 1000, 266);
	uint_ok("010", 100, 10);		/* decimal, not octal */
	uint_ok("0x10a", 1000, 266);
	uint_ok("0XfF", 255, 255);
	uint_ok("4294967295", UINT32_MAX, UINT32_MAX);
	uint_bad("4294967296", UINT32_MAX);
	uint_bad("18446744073709551617", UINT32_MAX);	/* no 64-bit wrap */
	uint_bad("256", 255);
	uint_bad("", 10);
	uint_bad("0x", 10);
	uint_bad("-1", 10);
	uint_bad("+1", 10);
	uint_bad(" 1", 10);
	uint_bad("1 ", 10);
	uint_bad(" -18446744073709551615", UINT32_MAX);
	uint_bad("12a", 1000);
	uint_bad("1e3", 10000);
	uint_bad(NULL, 10);

	CHECK(!lwip_parse_mac("02:00:aB:Cd:00:ff", mac) &&
	      !memcmp(mac, "\x02\x00\xab\xcd\x00\xff", 6), "valid MAC");
	memset(mac, 0x5a, sizeof(mac));
	CHECK(lwip_parse_mac("-2:00:00:00:00:01", mac), "sign in a MAC");
	CHECK(lwip_parse_mac(" 2: 0:00:00:00:01", mac), "blanks in a MAC");
	CHECK(lwip_parse_mac("2:0:0:0:0:1", mac), "one-digit MAC octets");
	CHECK(lwip_parse_mac("02:00:00:00:00:01:", mac), "trailing colon");
	CHECK(lwip_parse_mac("02-00-00-00-00-01", mac), "dashes");
	CHECK(lwip_parse_mac("02:00:00:00:00:0g", mac), "not hex");
	CHECK(lwip_parse_mac(NULL, mac), "NULL MAC");
	CHECK(!memcmp(mac, "\x5a\x5a\x5a\x5a\x5a\x5a", 6), "refused MAC written");

	n = lwip_hex_decode("0x0102ff", out, sizeof(out), &digits, &at);
	CHECK(n == 3 && digits == 6 && !memcmp(out, "\x01\x02\xff", 3), "0x0102ff");
	memset(out, 0x5a, sizeof(out));
	memcpy(mark, out, sizeof(out));
	n = lwip_hex_decode("0102zz", out, sizeof(out), &digits, &at);
	CHECK(n == LWIP_HEX_NOT_HEX && at == 5, "not hex at digit 5: %d %zu", n, at);
	CHECK(lwip_hex_decode("010", out, 8, &digits, &at) == LWIP_HEX_ODD, "odd");
	CHECK(lwip_hex_decode("", out, 8, &digits, &at) == LWIP_HEX_EMPTY, "empty");
	CHECK(lwip_hex_decode("0x", out, 8, &digits, &at) == LWIP_HEX_EMPTY, "0x only");
	CHECK(lwip_hex_decode("000102030405060708", out, 8, &digits, &at) ==
	      LWIP_HEX_TOO_LONG && digits == 18, "9 octets into 8");
	CHECK(!memcmp(out, mark, sizeof(out)), "a refused hex string wrote octets");

	printf("# %d failures\n", failures);
	return failures != 0;
}
