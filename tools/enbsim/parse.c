// SPDX-License-Identifier: GPL-2.0
/*
 * enbsim: the command line's vocabulary: argument parsers that say what was
 * wrong, the names of the uapi enums, and the error messages of failed
 * requests.
 */

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "enbsim.h"
#include "names.h"
#include "parse.h"

const char *reason_name(unsigned int reason)
{
	return LWIP_SEGW_NAME(lwip_segw_reason_names, reason);
}

const char *event_name(unsigned int event)
{
	return LWIP_SEGW_NAME(lwip_segw_event_names, event);
}

const char *idi_type_name(unsigned int type)
{
	return LWIP_SEGW_NAME(lwip_segw_idi_type_names, type);
}

void usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("enbsim: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (see enbsim --help)\n", stderr);
	exit(ENBSIM_USAGE);
}

uint32_t parse_u32(const char *s, const char *what)
{
	uint32_t v;

	if (!s)
		usage_error("%s missing", what);
	if (lwip_parse_uint(s, UINT32_MAX, &v))
		usage_error("%s '%s' is not a number from 0 to 4294967295 (decimal, or hex after 0x)",
			    what, s);
	return v;
}

uint32_t parse_ipv4(const char *s, const char *what)
{
	struct in_addr a;

	if (!s)
		usage_error("%s missing", what);
	if (inet_pton(AF_INET, s, &a) != 1)
		usage_error("%s '%s' is not an IPv4 address", what, s);
	return a.s_addr;
}

uint32_t parse_ipv4_port(const char *s, uint16_t *port, const char *what)
{
	char buf[INET_ADDRSTRLEN + 8], *colon;
	uint32_t p;

	if (!s)
		usage_error("%s missing", what);
	if (strlen(s) >= sizeof(buf))
		usage_error("%s '%s' is not ADDR or ADDR:PORT", what, s);
	strcpy(buf, s);
	*port = 0;
	colon = strchr(buf, ':');
	if (colon) {
		*colon = '\0';
		p = parse_u32(colon + 1, "port");
		if (!p || p > 65535)
			usage_error("%s '%s': the port must be 1..65535",
				    what, s);
		*port = p;
	}
	return parse_ipv4(buf, what);
}

/*
 * Hex digits ("0x" allowed) into out; returns the octet count. A secret is
 * never repeated in a message.
 */
static size_t parse_hex(const char *s, uint8_t *out, size_t max,
			const char *what, int secret)
{
	const char *shown = secret ? "(not shown)" : s;
	size_t digits, at;
	int n = lwip_hex_decode(s, out, max, &digits, &at);

	switch (n) {
	case LWIP_HEX_NOT_HEX:
		usage_error("%s %s is not hex (digit %zu)", what, shown, at);
		break;
	case LWIP_HEX_EMPTY:
	case LWIP_HEX_ODD:
		usage_error("%s %s is not an even number of hex digits",
			    what, shown);
		break;
	case LWIP_HEX_TOO_LONG:
		usage_error("%s %s is longer than %zu octets", what, shown, max);
		break;
	}
	return n;
}

static void parse_mac(const char *s, uint8_t mac[LWIP_SEGW_MAC_LEN])
{
	if (lwip_parse_mac(s, mac))
		usage_error("MAC '%s' is not xx:xx:xx:xx:xx:xx", s);
}

/* KEY_ID hex, fqdn:NAME or rfc822:USER@REALM. */
static void parse_idi(const char *s, struct enb_ue_req *req)
{
	const char *text = NULL;

	if (!strncmp(s, "fqdn:", 5)) {
		req->idi_type = LWIP_SEGW_IDI_FQDN;
		text = s + 5;
	} else if (!strncmp(s, "rfc822:", 7)) {
		req->idi_type = LWIP_SEGW_IDI_RFC822;
		text = s + 7;
	} else {
		req->idi_type = LWIP_SEGW_IDI_KEY_ID;
		req->idi_len = parse_hex(s, req->idi, sizeof(req->idi),
					 "IDi (KEY_ID)", 0);
		return;
	}
	req->idi_len = strlen(text);
	if (!req->idi_len || req->idi_len > sizeof(req->idi))
		usage_error("IDi '%s' must have 1..%zu characters", text,
			    sizeof(req->idi));
	memcpy(req->idi, text, req->idi_len);
}

/* PSK: HEX, @FILE or - (stdin), the first line of either; never echoed. */
static void parse_psk(const char *arg, uint8_t psk[LWIP_SEGW_PSK_LEN])
{
	char text[2 * LWIP_SEGW_PSK_LEN + 64];
	int err = lwip_secret_arg(arg, text, sizeof(text));

	if (err)
		usage_error("PSK %s%s: %s", arg[0] == '@' ? "file " : "",
			    arg[0] == '@' ? arg + 1 : !strcmp(arg, "-") ? "from stdin" : "",
			    err == -ENAMETOOLONG ? "longer than 64 hex digits" :
			    err == -ENODATA ? "empty" : strerror(-err));
	if (parse_hex(text, psk, LWIP_SEGW_PSK_LEN, "PSK", 1) !=
	    LWIP_SEGW_PSK_LEN)
		usage_error("the PSK must be %d octets (%d hex digits)",
			    LWIP_SEGW_PSK_LEN, 2 * LWIP_SEGW_PSK_LEN);
	explicit_bzero(text, sizeof(text));
}

void parse_ue_req(int argc, char **argv, struct enb_ue_req *req)
{
	memset(req, 0, sizeof(*req));
	if (argc < 5 || argc > 6)
		usage_error("want MAC IDI PSK ENB_ADDR[:PORT] TEID [WINDOW_S]");
	parse_mac(argv[0], req->mac);
	parse_idi(argv[1], req);
	parse_psk(argv[2], req->psk);
	req->enb_addr = parse_ipv4_port(argv[3], &req->enb_port,
					"eNB Xw-U endpoint");
	req->enb_teid = parse_u32(argv[4], "eNB TEID");
	if (!req->enb_teid)
		usage_error("the eNB TEID must not be 0");
	if (argc == 6) {
		req->has_window = 1;
		req->window = parse_u32(argv[5], "window");
	}
}

uint8_t parse_reason(const char *s)
{
	int v = lwip_segw_name_value(lwip_segw_reason_names,
				     LWIP_SEGW_NAMES_N(lwip_segw_reason_names), s);
	unsigned int i;

	if (v > 0)
		return v;
	i = parse_u32(s, "reason");
	if (!i || i > LWIP_SEGW_REASON_MAX)
		usage_error("reason '%s': a name such as enb_release, or 1..%d",
			    s, LWIP_SEGW_REASON_MAX);
	return i;
}

int open_nl(struct enb_nl *nl)
{
	int err = enb_nl_open(nl);

	if (err == -ENOENT)
		fprintf(stderr, "enbsim: generic netlink family \"%s\" not found in this network namespace: load lwip_segw.ko (modprobe udp_tunnel; insmod lwip_segw.ko) or run enbsim in the SeGW's namespace\n",
			LWIP_SEGW_GENL_NAME);
	else if (err)
		fprintf(stderr, "enbsim: cannot open a generic netlink socket: %s\n",
			strerror(-err));
	return err;
}

void report_error(const struct enb_nl *nl, const char *what, int err)
{
	const char *hint = "";

	if (err >= 0)
		return;
	/* Refusals the module cannot explain: genl checks them first. */
	if (err == -EPERM && !nl->extack[0])
		hint = " (every command needs CAP_NET_ADMIN in the initial user namespace)";
	fprintf(stderr, "enbsim: %s: %s%s%s%s\n", what, strerror(-err),
		nl->extack[0] ? ": " : "", nl->extack, hint);
}
