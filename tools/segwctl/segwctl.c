// SPDX-License-Identifier: GPL-2.0
/*
 * segwctl: operator and eNB-integration CLI of lwip_segw, plus a minimal
 * agent simulator for tests.
 *
 *   segwctl config set [public A] [xwu A[:PORT]] [window S] [grace S]
 *                          [uplink relay|check|off]
 *   segwctl config show
 *   segwctl add mac M (idi HEX | --idi-fqdn S | --idi-rfc822 S)
 *               psk (HEX | @FILE | -)
 *               enb A[:PORT] teid N [window S]
 *   segwctl modify ID [enb A[:PORT]] [teid N] [window S]
 *   segwctl release ID [cause REASON]
 *   segwctl show [ID]
 *   segwctl stats
 *   segwctl agent-sim
 *   segwctl monitor
 *   segwctl batch           commands from stdin, one a line
 *   segwctl --json COMMAND  the same, printing JSON
 *
 * Output is "key value" lines; UEs are separated by blank lines. With --json
 * (before the subcommand) every printed reply is one JSON object with the
 * same keys, numbers as JSON numbers: `show` prints an array of UE objects,
 * `monitor` one object per line (with "event"). Errors print the kernel's
 * extended ACK message and exit non-zero.
 */

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/lwip_segw.h>
#ifdef SEGWCTL_JSON
#include <json-c/json.h>
#endif

#include "nl.h"
#include "names.h"
#include "parse.h"

/*
 * Output: "key value" lines, or with --json members of the current JSON
 * object (jcur), which the command prints when its request succeeded. The
 * JSON side needs json-c (built with -DSEGWCTL_JSON and pkg-config json-c);
 * without it --json is refused.
 */
struct json_object;
static int json_mode;
static struct json_object *jcur;

#ifdef SEGWCTL_JSON
static void out_str(const char *key, const char *v)
{
	if (json_mode)
		json_object_object_add(jcur, key, json_object_new_string(v));
	else
		printf("%s %s\n", key, v);
}

static void out_uint(const char *key, uint64_t v)
{
	if (json_mode)
		json_object_object_add(jcur, key, json_object_new_uint64(v));
	else
		printf("%s %" PRIu64 "\n", key, v);
}

static struct json_object *j_object(void) { return json_object_new_object(); }
static struct json_object *j_array(void) { return json_object_new_array(); }

static void j_append(struct json_object *arr, struct json_object *o)
{
	json_object_array_add(arr, o);
}

/* Prints o (pretty, or one line) and frees it. */
static void j_print_put(struct json_object *o, int one_line)
{
	int flags = JSON_C_TO_STRING_NOSLASHESCAPE |
		    (one_line ? JSON_C_TO_STRING_PLAIN :
		     JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED);

	if (o) {
		fputs(json_object_to_json_string_ext(o, flags), stdout);
		putchar('\n');
	}
	json_object_put(o);
}

static void j_put(struct json_object *o) { json_object_put(o); }
#else
static void out_str(const char *key, const char *v)
{
	printf("%s %s\n", key, v);
}

static void out_uint(const char *key, uint64_t v)
{
	printf("%s %" PRIu64 "\n", key, v);
}

/* Never called: main() refuses --json. */
static struct json_object *j_object(void) { return NULL; }
static struct json_object *j_array(void) { return NULL; }
static void j_append(struct json_object *arr, struct json_object *o) { }
static void j_print_put(struct json_object *o, int one_line) { }
static void j_put(struct json_object *o) { }
#endif

/*
 * The socket is opened on first use, after the whole command line has been
 * parsed: a typo is reported as a typo (exit 2) even where the module is not
 * loaded. Messages built before that carry family 0; ctl_request() sets the
 * resolved one before sending.
 */
static int nl_up(struct segw_nl *nl)
{
	if (nl->sk)
		return 0;
	if (segw_nl_open(nl))
		return -1;
	/* Agents and monitors receive messages they did not ask for. */
	nl_socket_disable_seq_check(nl->sk);
	return 0;
}

static int ctl_request(struct segw_nl *nl, struct nl_msg *msg,
		       segw_reply_fn fn, void *arg)
{
	int err;

	if (!msg)
		return -ENOMEM;
	if (nl_up(nl)) {
		nlmsg_free(msg);
		return -ENOENT;
	}
	nlmsg_hdr(msg)->nlmsg_type = nl->family;
	/* What earlier commands of a batch printed comes before an error. */
	fflush(stdout);
	err = segw_nl_request(nl, msg, fn, arg);
	/* Refused by genetlink before the module saw it: no extack text. */
	if (err == -EPERM && !segw_nl_last_extack[0])
		fprintf(stderr, "segwctl: every command needs CAP_NET_ADMIN in the initial user namespace (root on the host, not in a container's own user namespace)\n");
	return err;
}

static void usage_to(FILE *f, int code)
{
	fputs("usage: segwctl [--json] COMMAND   (--json: JSON output)\n"
	      "  segwctl config set [public A] [xwu A[:PORT]] [window S] [grace S]\n"
	      "                     [uplink relay|check|off]\n"
	      "  segwctl config show\n"
	      "  segwctl add mac M (idi HEX | --idi-fqdn S | --idi-rfc822 S)\n"
	      "              psk (HEX | @FILE | -)   (a FILE's or stdin's first line)\n"
	      "              enb A[:PORT] teid N [window S]\n"
	      "  segwctl modify ID [enb A[:PORT]] [teid N] [window S]\n"
	      "  segwctl release ID [cause REASON]\n"
	      "  segwctl show [ID]\n"
	      "  segwctl stats\n"
	      "  segwctl agent-sim\n"
	      "  segwctl monitor\n"
	      "  segwctl batch   (commands from stdin, one a line)\n"
	      "Every command needs CAP_NET_ADMIN in the initial user namespace and runs\n"
	      "in the SeGW's network namespace.\n", f);
	exit(code);
}

static void usage(void)
{
	usage_to(stderr, 2);
}

static void die(const char *what, const char *arg)
{
	fflush(stdout);
	fprintf(stderr, "segwctl: %s: '%s'\n", what, arg ? arg : "(missing)");
	exit(2);
}

static uint32_t parse_u32(const char *s, const char *what)
{
	uint32_t v;

	if (lwip_parse_uint(s, UINT32_MAX, &v))
		die(what, s);
	return v;
}

static uint32_t parse_ip4(const char *s, const char *what)
{
	struct in_addr a;

	if (!s || inet_pton(AF_INET, s, &a) != 1)
		die(what, s);
	return a.s_addr;
}

/* "A" or "A:PORT"; *port untouched without ":PORT". */
static uint32_t parse_endpoint(const char *s, uint16_t *port, int *has_port,
			       const char *what)
{
	char buf[64], *colon;
	uint32_t p;

	if (!s || strlen(s) >= sizeof(buf))
		die(what, s);
	strcpy(buf, s);
	colon = strchr(buf, ':');
	*has_port = 0;
	if (colon) {
		*colon = '\0';
		p = parse_u32(colon + 1, what);
		if (!p || p > 65535)
			die(what, s);
		*port = p;
		*has_port = 1;
	}
	return parse_ip4(buf, what);
}

/*
 * Hex octets ("0x" optional) into out. On a bad value prints what is wrong
 * and exits 2; a secret's digits are never echoed.
 */
static int parse_hex(const char *s, uint8_t *out, size_t min, size_t max,
		     const char *what, int secret)
{
	size_t digits, at;
	int n = lwip_hex_decode(s, out, max, &digits, &at);

	if (n == LWIP_HEX_NOT_HEX) {
		if (!secret)
			die(what, s);
		fprintf(stderr, "segwctl: %s: not hex at digit %zu\n", what, at);
		exit(2);
	}
	if (n < 0 || (size_t)n < min) {
		if (min == max)
			fprintf(stderr, "segwctl: %s: %zu hex digits; want %zu (%zu octets)\n",
				what, digits, 2 * max, max);
		else
			fprintf(stderr, "segwctl: %s: %zu hex digits; want an even number, %zu to %zu (%zu to %zu octets)\n",
				what, digits, 2 * min, 2 * max, min, max);
		exit(2);
	}
	return n;
}

static int in_batch;	/* stdin carries the commands */

/* psk HEX | @FILE | - (stdin): 32 octets into psk, or exit 2. */
static void read_psk(const char *v, uint8_t psk[LWIP_SEGW_PSK_LEN])
{
	char text[2 * LWIP_SEGW_PSK_LEN + 64];
	int err;

	if (!v)
		die("missing PSK", v);
	if (!strcmp(v, "-") && in_batch)
		die("psk - would read the batch's own stdin: use psk @FILE", v);
	err = lwip_secret_arg(v, text, sizeof(text));
	if (err) {
		fprintf(stderr, "segwctl: PSK %s%s: %s\n",
			v[0] == '@' ? "file " : "",
			v[0] == '@' ? v + 1 : !strcmp(v, "-") ? "from stdin" : "",
			err == -ENAMETOOLONG ? "longer than 64 hex digits" :
			err == -ENODATA ? "empty" : strerror(-err));
		exit(2);
	}
	parse_hex(text, psk, LWIP_SEGW_PSK_LEN, LWIP_SEGW_PSK_LEN, "PSK (hex)", 1);
	explicit_bzero(text, sizeof(text));
}

static uint32_t parse_teid(const char *s)
{
	uint32_t t = parse_u32(s, "bad TEID (1 to 4294967295)");

	if (!t)
		die("bad TEID (1 to 4294967295; 0 is reserved)", s);
	return t;
}

static void parse_mac(const char *s, uint8_t mac[6])
{
	if (lwip_parse_mac(s, mac))
		die("bad MAC (want xx:xx:xx:xx:xx:xx)", s);
}

static int parse_reason(const char *s)
{
	int v = lwip_segw_name_value(lwip_segw_reason_names,
				     LWIP_SEGW_NAMES_N(lwip_segw_reason_names), s);

	if (v > 0)
		return v;
	return parse_u32(s, "bad cause (a name such as enb_release, or a number)");
}

static void print_addr(const char *key, struct nlattr *a)
{
	char buf[INET_ADDRSTRLEN];
	uint32_t v = nla_get_u32(a);

	out_str(key, inet_ntop(AF_INET, &v, buf, sizeof(buf)));
}

static void print_hex(const char *key, struct nlattr *a)
{
	const uint8_t *p = nla_data(a);
	char hex[2 * LWIP_SEGW_IDI_MAX_LEN + 1];
	int i, n = nla_len(a);

	if (n > LWIP_SEGW_IDI_MAX_LEN)
		n = LWIP_SEGW_IDI_MAX_LEN;
	for (i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", p[i]);
	hex[2 * n] = '\0';
	out_str(key, hex);
}

static void print_u64_nest(struct nlattr *nest, const char *const *names,
			   unsigned int n, const char *prefix)
{
	struct nlattr *a;
	int rem;

	nla_for_each_nested(a, nest, rem) {
		unsigned int t = nla_type(a);

		if (t && t < n && names[t] && nla_len(a) == 8) {
			char key[64];

			snprintf(key, sizeof(key), "%s%s", prefix, names[t]);
			out_uint(key, nla_get_u64(a));
		}
	}
}

/* The UE's "key value" lines, or members of jcur. */
static void fill_ue(struct nlattr **tb)
{
	if (tb[LWIP_SEGW_A_UE_ID])
		out_uint("id", nla_get_u32(tb[LWIP_SEGW_A_UE_ID]));
	if (tb[LWIP_SEGW_A_UE_STATE])
		out_str("state", LWIP_SEGW_NAME(lwip_segw_state_names,
				      nla_get_u8(tb[LWIP_SEGW_A_UE_STATE])));
	if (tb[LWIP_SEGW_A_UE_MAC]) {
		const uint8_t *m = nla_data(tb[LWIP_SEGW_A_UE_MAC]);
		char mac[18];

		snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x",
			 m[0], m[1], m[2], m[3], m[4], m[5]);
		out_str("mac", mac);
	}
	if (tb[LWIP_SEGW_A_UE_IDI_TYPE])
		out_str("idi_type",
			LWIP_SEGW_NAME(lwip_segw_idi_type_names,
			    nla_get_u8(tb[LWIP_SEGW_A_UE_IDI_TYPE])));
	if (tb[LWIP_SEGW_A_UE_IDI])
		print_hex("idi", tb[LWIP_SEGW_A_UE_IDI]);
	if (tb[LWIP_SEGW_A_ENB_ADDR])
		print_addr("enb_addr", tb[LWIP_SEGW_A_ENB_ADDR]);
	if (tb[LWIP_SEGW_A_ENB_PORT])
		out_uint("enb_port", nla_get_u16(tb[LWIP_SEGW_A_ENB_PORT]));
	if (tb[LWIP_SEGW_A_ENB_TEID])
		out_uint("enb_teid", nla_get_u32(tb[LWIP_SEGW_A_ENB_TEID]));
	if (tb[LWIP_SEGW_A_SEGW_TEID])
		out_uint("segw_teid", nla_get_u32(tb[LWIP_SEGW_A_SEGW_TEID]));
	if (tb[LWIP_SEGW_A_WINDOW])
		out_uint("window", nla_get_u32(tb[LWIP_SEGW_A_WINDOW]));
	if (tb[LWIP_SEGW_A_WINDOW_LEFT_MS])
		out_uint("window_left_ms",
			 nla_get_u32(tb[LWIP_SEGW_A_WINDOW_LEFT_MS]));
	if (tb[LWIP_SEGW_A_REQID])
		out_uint("reqid", nla_get_u32(tb[LWIP_SEGW_A_REQID]));
	if (tb[LWIP_SEGW_A_INNER_ADDR])
		print_addr("inner_addr", tb[LWIP_SEGW_A_INNER_ADDR]);
	if (tb[LWIP_SEGW_A_OUTER_ADDR])
		print_addr("outer_addr", tb[LWIP_SEGW_A_OUTER_ADDR]);
	if (tb[LWIP_SEGW_A_OUTER_PORT])
		out_uint("outer_port", nla_get_u16(tb[LWIP_SEGW_A_OUTER_PORT]));
	if (tb[LWIP_SEGW_A_UE_FLAGS])
		out_str("natt", nla_get_u32(tb[LWIP_SEGW_A_UE_FLAGS]) &
			LWIP_SEGW_UE_F_NATT ? "yes" : "no");
	if (tb[LWIP_SEGW_A_REASON])
		out_str("reason",
			LWIP_SEGW_NAME(lwip_segw_reason_names, nla_get_u8(tb[LWIP_SEGW_A_REASON])));
	if (tb[LWIP_SEGW_A_REASON_TEXT])
		out_str("reason_text",
			nla_get_string(tb[LWIP_SEGW_A_REASON_TEXT]));
	if (tb[LWIP_SEGW_A_COUNTERS])
		print_u64_nest(tb[LWIP_SEGW_A_COUNTERS], lwip_segw_ctr_names,
			       LWIP_SEGW_NAMES_N(lwip_segw_ctr_names), "");
	if (tb[LWIP_SEGW_A_DROPS])
		print_u64_nest(tb[LWIP_SEGW_A_DROPS], lwip_segw_drop_names,
			       LWIP_SEGW_NAMES_N(lwip_segw_drop_names),
			       "drop_");
}

/* jdump: with --json, the array a dump (arg non-NULL) adds its UEs to. */
static struct json_object *jdump;

/* arg non-NULL: one UE of several (text: followed by a blank line). */
static int print_ue(struct nlmsghdr *nlh, struct nlattr **tb, void *arg)
{
	(void)nlh;
	if (json_mode && arg) {
		jcur = j_object();
		fill_ue(tb);
		j_append(jdump, jcur);
		jcur = NULL;
		return 0;
	}
	fill_ue(tb);
	if (arg)
		printf("\n");
	return 0;
}

/*
 * A request whose reply fn prints: with --json, fn fills one object, printed
 * when the request succeeded.
 */
static int request_print(struct segw_nl *nl, struct nl_msg *msg,
			 segw_reply_fn fn)
{
	int err;

	if (!json_mode)
		return ctl_request(nl, msg, fn, NULL) ? 1 : 0;
	jcur = j_object();
	err = ctl_request(nl, msg, fn, NULL);
	if (err)
		j_put(jcur);
	else
		j_print_put(jcur, 0);
	jcur = NULL;
	return err ? 1 : 0;
}

static uint8_t parse_uplink(const char *v)
{
	int m = lwip_segw_name_value(lwip_segw_uplink_names,
				     LWIP_SEGW_NAMES_N(lwip_segw_uplink_names), v);

	if (m > 0)
		return m;
	die("uplink mode must be relay, check or off, not", v ? v : "(none)");
	return 0;
}

static int cmd_config(struct segw_nl *nl, int argc, char **argv)
{
	struct nl_msg *msg;
	int i;

	if (argc < 1 || strcmp(argv[0], "set"))
		usage();
	msg = segw_nl_msg(nl, LWIP_SEGW_CMD_SET_CONFIG, NLM_F_ACK);
	for (i = 1; i < argc; i += 2) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(argv[i], "public")) {
			nla_put_u32(msg, LWIP_SEGW_A_SEGW_ADDR,
				    parse_ip4(v, "bad public address"));
		} else if (!strcmp(argv[i], "xwu")) {
			uint16_t port;
			int has_port;
			uint32_t a = parse_endpoint(v, &port, &has_port,
						    "bad xwu endpoint");

			nla_put_u32(msg, LWIP_SEGW_A_XWU_ADDR, a);
			if (has_port)
				nla_put_u16(msg, LWIP_SEGW_A_XWU_PORT, port);
		} else if (!strcmp(argv[i], "window")) {
			nla_put_u32(msg, LWIP_SEGW_A_WINDOW,
				    parse_u32(v, "bad window"));
		} else if (!strcmp(argv[i], "grace")) {
			nla_put_u32(msg, LWIP_SEGW_A_GRACE,
				    parse_u32(v, "bad grace"));
		} else if (!strcmp(argv[i], "uplink")) {
			nla_put_u8(msg, LWIP_SEGW_A_UPLINK, parse_uplink(v));
		} else {
			die("unknown config key", argv[i]);
		}
	}
	return ctl_request(nl, msg, NULL, NULL) ? 1 : 0;
}

static int print_config(struct nlmsghdr *nlh, struct nlattr **tb, void *arg)
{
	(void)nlh;
	(void)arg;
	if (tb[LWIP_SEGW_A_SEGW_ADDR])
		print_addr("public", tb[LWIP_SEGW_A_SEGW_ADDR]);
	if (tb[LWIP_SEGW_A_XWU_ADDR])
		print_addr("xwu_addr", tb[LWIP_SEGW_A_XWU_ADDR]);
	if (tb[LWIP_SEGW_A_XWU_PORT])
		out_uint("xwu_port", nla_get_u16(tb[LWIP_SEGW_A_XWU_PORT]));
	if (tb[LWIP_SEGW_A_WINDOW])
		out_uint("window", nla_get_u32(tb[LWIP_SEGW_A_WINDOW]));
	if (tb[LWIP_SEGW_A_GRACE])
		out_uint("grace", nla_get_u32(tb[LWIP_SEGW_A_GRACE]));
	if (tb[LWIP_SEGW_A_UPLINK]) {
		uint8_t m = nla_get_u8(tb[LWIP_SEGW_A_UPLINK]);

		out_str("uplink", LWIP_SEGW_NAME(lwip_segw_uplink_names, m));
	}
	if (tb[LWIP_SEGW_A_AGENT_PORTID])
		out_uint("agent_portid",
			 nla_get_u32(tb[LWIP_SEGW_A_AGENT_PORTID]));
	if (tb[LWIP_SEGW_A_UE_COUNT])
		out_uint("ues", nla_get_u32(tb[LWIP_SEGW_A_UE_COUNT]));
	return 0;
}

static int print_add(struct nlmsghdr *nlh, struct nlattr **tb, void *arg)
{
	(void)nlh;
	(void)arg;
	if (tb[LWIP_SEGW_A_UE_ID])
		out_uint("id", nla_get_u32(tb[LWIP_SEGW_A_UE_ID]));
	if (tb[LWIP_SEGW_A_SEGW_TEID])
		out_uint("segw_teid", nla_get_u32(tb[LWIP_SEGW_A_SEGW_TEID]));
	if (tb[LWIP_SEGW_A_SEGW_ADDR])
		print_addr("public", tb[LWIP_SEGW_A_SEGW_ADDR]);
	if (tb[LWIP_SEGW_A_XWU_ADDR])
		print_addr("xwu_addr", tb[LWIP_SEGW_A_XWU_ADDR]);
	if (tb[LWIP_SEGW_A_XWU_PORT])
		out_uint("xwu_port", nla_get_u16(tb[LWIP_SEGW_A_XWU_PORT]));
	if (tb[LWIP_SEGW_A_WINDOW])
		out_uint("window", nla_get_u32(tb[LWIP_SEGW_A_WINDOW]));
	return 0;
}

static int cmd_add(struct segw_nl *nl, int argc, char **argv)
{
	uint8_t buf[LWIP_SEGW_IDI_MAX_LEN + 1], psk[LWIP_SEGW_PSK_LEN], mac[6];
	int i, n, has_port;
	struct nl_msg *msg;
	uint16_t port;
	uint32_t a;

	msg = segw_nl_msg(nl, LWIP_SEGW_CMD_UE_ADD, NLM_F_ACK);
	for (i = 0; i < argc; i += 2) {
		const char *k = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(k, "mac")) {
			parse_mac(v, mac);
			nla_put(msg, LWIP_SEGW_A_UE_MAC, 6, mac);
		} else if (!strcmp(k, "idi")) {
			n = parse_hex(v, buf, 1, LWIP_SEGW_IDI_MAX_LEN, "IDi (hex)", 0);
			nla_put(msg, LWIP_SEGW_A_UE_IDI, n, buf);
		} else if (!strcmp(k, "--idi-fqdn") ||
			   !strcmp(k, "--idi-rfc822")) {
			if (!v)
				die("missing IDi", v);
			nla_put(msg, LWIP_SEGW_A_UE_IDI, strlen(v), v);
			nla_put_u8(msg, LWIP_SEGW_A_UE_IDI_TYPE,
				   k[6] == 'f' ? LWIP_SEGW_IDI_FQDN :
				   LWIP_SEGW_IDI_RFC822);
		} else if (!strcmp(k, "psk")) {
			read_psk(v, psk);
			nla_put(msg, LWIP_SEGW_A_UE_PSK, LWIP_SEGW_PSK_LEN, psk);
			explicit_bzero(psk, sizeof(psk));
		} else if (!strcmp(k, "enb")) {
			a = parse_endpoint(v, &port, &has_port,
					   "bad eNB endpoint");
			nla_put_u32(msg, LWIP_SEGW_A_ENB_ADDR, a);
			if (has_port)
				nla_put_u16(msg, LWIP_SEGW_A_ENB_PORT, port);
		} else if (!strcmp(k, "teid")) {
			nla_put_u32(msg, LWIP_SEGW_A_ENB_TEID,
				    parse_teid(v));
		} else if (!strcmp(k, "window")) {
			nla_put_u32(msg, LWIP_SEGW_A_WINDOW,
				    parse_u32(v, "bad window"));
		} else {
			die("unknown add key", k);
		}
	}
	return request_print(nl, msg, print_add);
}

static int cmd_modify(struct segw_nl *nl, int argc, char **argv)
{
	struct nl_msg *msg;
	int i, has_port;
	uint16_t port;
	uint32_t a;

	if (argc < 1)
		usage();
	msg = segw_nl_msg(nl, LWIP_SEGW_CMD_UE_MODIFY, NLM_F_ACK);
	nla_put_u32(msg, LWIP_SEGW_A_UE_ID, parse_u32(argv[0], "bad id"));
	for (i = 1; i < argc; i += 2) {
		const char *k = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(k, "enb")) {
			a = parse_endpoint(v, &port, &has_port,
					   "bad eNB endpoint");
			nla_put_u32(msg, LWIP_SEGW_A_ENB_ADDR, a);
			if (has_port)
				nla_put_u16(msg, LWIP_SEGW_A_ENB_PORT, port);
		} else if (!strcmp(k, "teid")) {
			nla_put_u32(msg, LWIP_SEGW_A_ENB_TEID,
				    parse_teid(v));
		} else if (!strcmp(k, "window")) {
			nla_put_u32(msg, LWIP_SEGW_A_WINDOW,
				    parse_u32(v, "bad window"));
		} else {
			die("unknown modify key", k);
		}
	}
	return request_print(nl, msg, print_ue);
}

static int cmd_release(struct segw_nl *nl, int argc, char **argv)
{
	struct nl_msg *msg;

	if (argc != 1 && !(argc == 3 && !strcmp(argv[1], "cause")))
		usage();
	msg = segw_nl_msg(nl, LWIP_SEGW_CMD_UE_RELEASE, NLM_F_ACK);
	nla_put_u32(msg, LWIP_SEGW_A_UE_ID, parse_u32(argv[0], "bad id"));
	if (argc == 3)
		nla_put_u8(msg, LWIP_SEGW_A_REASON, parse_reason(argv[2]));
	return ctl_request(nl, msg, NULL, NULL) ? 1 : 0;
}

static int cmd_show(struct segw_nl *nl, int argc, char **argv)
{
	struct nl_msg *msg;
	int err, tries;

	if (argc > 1)
		usage();
	if (argc == 1) {
		msg = segw_nl_msg(nl, LWIP_SEGW_CMD_UE_GET, 0);
		nla_put_u32(msg, LWIP_SEGW_A_UE_ID,
			    parse_u32(argv[0], "bad id"));
		return request_print(nl, msg, print_ue);
	}
	if (json_mode) {
		for (tries = 0; tries < 5; tries++) {
			jdump = j_array();
			msg = segw_nl_msg(nl, LWIP_SEGW_CMD_UE_GET,
					  NLM_F_DUMP);
			err = ctl_request(nl, msg, print_ue, "");
			if (err)
				j_put(jdump);
			else
				j_print_put(jdump, 0);
			jdump = NULL;
			if (err != -EINTR)
				return err ? 1 : 0;
		}
		fprintf(stderr, "segwctl: UEs kept changing during 5 dumps\n");
		return 1;
	}
	for (tries = 0; tries < 5; tries++) {
		/* Buffered so that a retried dump prints only once. */
		char *out = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&out, &len), *real = stdout;

		if (!mem)
			return 1;
		stdout = mem;
		msg = segw_nl_msg(nl, LWIP_SEGW_CMD_UE_GET, NLM_F_DUMP);
		err = ctl_request(nl, msg, print_ue, "");
		fclose(mem);
		stdout = real;
		if (err != -EINTR) {
			if (!err)
				fwrite(out, 1, len, stdout);
			free(out);
			return err ? 1 : 0;
		}
		free(out);
	}
	fprintf(stderr, "segwctl: UEs kept changing during 5 dumps\n");
	return 1;
}

static int print_stats(struct nlmsghdr *nlh, struct nlattr **tb, void *arg)
{
	(void)nlh;
	(void)arg;
	if (tb[LWIP_SEGW_A_UE_COUNT])
		out_uint("ues", nla_get_u32(tb[LWIP_SEGW_A_UE_COUNT]));
	if (tb[LWIP_SEGW_A_STATS])
		print_u64_nest(tb[LWIP_SEGW_A_STATS], lwip_segw_stat_names,
			       LWIP_SEGW_NAMES_N(lwip_segw_stat_names), "");
	if (tb[LWIP_SEGW_A_COUNTERS])
		print_u64_nest(tb[LWIP_SEGW_A_COUNTERS], lwip_segw_ctr_names,
			       LWIP_SEGW_NAMES_N(lwip_segw_ctr_names), "");
	if (tb[LWIP_SEGW_A_DROPS])
		print_u64_nest(tb[LWIP_SEGW_A_DROPS], lwip_segw_drop_names,
			       LWIP_SEGW_NAMES_N(lwip_segw_drop_names),
			       "drop_");
	if (tb[LWIP_SEGW_A_RELEASES])
		print_u64_nest(tb[LWIP_SEGW_A_RELEASES], lwip_segw_reason_names,
			       LWIP_SEGW_NAMES_N(lwip_segw_reason_names),
			       "released_");
	return 0;
}

/* --- agent-sim --- */

static int agent_report(struct segw_nl *nl, uint32_t id, int report,
			struct nl_msg **out)
{
	struct nl_msg *msg = segw_nl_msg(nl, LWIP_SEGW_CMD_UE_REPORT, NLM_F_ACK);

	if (!msg)
		return -1;
	nla_put_u32(msg, LWIP_SEGW_A_UE_ID, id);
	nla_put_u8(msg, LWIP_SEGW_A_REPORT, report);
	*out = msg;
	return 0;
}

static void agent_send(struct segw_nl *nl, struct nl_msg *msg)
{
	if (nl_send_auto(nl->sk, msg) < 0)
		fprintf(stderr, "agent-sim: send failed\n");
	nlmsg_free(msg);
	fflush(stdout);
}

static int agent_msg_cb(struct nl_msg *m, void *arg)
{
	struct segw_nl *nl = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(m);
	struct genlmsghdr *g = nlmsg_data(nlh);
	struct nlattr *tb[LWIP_SEGW_A_MAX + 1];
	struct nl_msg *rep;
	uint32_t id;

	if (segw_nl_parse(nlh, tb) || !tb[LWIP_SEGW_A_UE_ID])
		return NL_OK;
	id = nla_get_u32(tb[LWIP_SEGW_A_UE_ID]);
	switch (g->cmd) {
	case LWIP_SEGW_CMD_UE_REQUEST:
		/* The PSK is in tb[LWIP_SEGW_A_UE_PSK]: never print it. */
		printf("request id=%u psk=%s\n", id,
		       tb[LWIP_SEGW_A_UE_PSK] ? "present" : "missing");
		if (!agent_report(nl, id, LWIP_SEGW_REPORT_READY, &rep))
			agent_send(nl, rep);
		break;
	case LWIP_SEGW_CMD_AGENT_SYNC:
		printf("sync id=%u state=%s\n", id,
		       tb[LWIP_SEGW_A_UE_STATE] ?
		       LWIP_SEGW_NAME(lwip_segw_state_names, nla_get_u8(tb[LWIP_SEGW_A_UE_STATE])) :
		       "unknown");
		break;
	case LWIP_SEGW_CMD_UE_RELEASE:
		printf("release id=%u reason=%s\n", id,
		       tb[LWIP_SEGW_A_REASON] ?
		       LWIP_SEGW_NAME(lwip_segw_reason_names, nla_get_u8(tb[LWIP_SEGW_A_REASON])) :
		       "unknown");
		break;
	default:
		break;
	}
	fflush(stdout);
	return NL_OK;
}

static int agent_err_cb(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	const char *m = segw_nl_extack_msg(nlh);

	(void)nla;
	(void)arg;
	if (e->error) {
		printf("error seq=%u: %s%s%s\n", e->msg.nlmsg_seq,
		       strerror(-e->error), m ? ": " : "", m ? m : "");
		fflush(stdout);
	}
	return NL_SKIP;
}

static int agent_ack_cb(struct nl_msg *m, void *arg)
{
	(void)m;
	(void)arg;
	return NL_OK;
}

/*
 * Non-exiting parsers for agent-sim's stdin (numbers: lwip_parse_uint): a
 * typo must not end the agent.
 */
static int agent_ip4(const char *s, uint32_t *out)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		return -1;
	*out = a.s_addr;
	return 0;
}

#define AGENT_USAGE "established ID REQID INNER OUTER PORT natt|nonat, down ID, failed ID [TEXT], ready ID"

static void agent_bad(const char *what, const char *arg)
{
	printf("error: %s '%s' (lines: " AGENT_USAGE ")\n", what, arg);
	fflush(stdout);
}

static void agent_line(struct segw_nl *nl, char *line)
{
	uint32_t id, reqid, inner, outer, port;
	char *argv[8], *save = NULL, *tok;
	struct nl_msg *msg;
	int argc = 0;

	for (tok = strtok_r(line, " \t\n", &save); tok && argc < 8;
	     tok = strtok_r(NULL, " \t\n", &save))
		argv[argc++] = tok;
	if (!argc)
		return;
	if (argc < 2) {
		agent_bad("needs a UE id:", argv[0]);
		return;
	}
	if (lwip_parse_uint(argv[1], UINT32_MAX, &id)) {
		agent_bad("bad UE id", argv[1]);
		return;
	}
	if (!strcmp(argv[0], "established") && argc == 7) {
		if (lwip_parse_uint(argv[2], UINT32_MAX, &reqid)) {
			agent_bad("bad reqid", argv[2]);
			return;
		}
		if (agent_ip4(argv[3], &inner)) {
			agent_bad("bad inner address", argv[3]);
			return;
		}
		if (agent_ip4(argv[4], &outer)) {
			agent_bad("bad outer address", argv[4]);
			return;
		}
		if (lwip_parse_uint(argv[5], 65535, &port)) {
			agent_bad("bad port (0 for none)", argv[5]);
			return;
		}
		if (strcmp(argv[6], "natt") && strcmp(argv[6], "nonat")) {
			agent_bad("want natt or nonat, not", argv[6]);
			return;
		}
		if (agent_report(nl, id, LWIP_SEGW_REPORT_ESTABLISHED, &msg))
			return;
		nla_put_u32(msg, LWIP_SEGW_A_REQID, reqid);
		nla_put_u32(msg, LWIP_SEGW_A_INNER_ADDR, inner);
		nla_put_u32(msg, LWIP_SEGW_A_OUTER_ADDR, outer);
		if (port)	/* 0: no NAT-T port */
			nla_put_u16(msg, LWIP_SEGW_A_OUTER_PORT, port);
		if (!strcmp(argv[6], "natt"))
			nla_put_u32(msg, LWIP_SEGW_A_UE_FLAGS,
				    LWIP_SEGW_UE_F_NATT);
	} else if (!strcmp(argv[0], "down") && argc == 2) {
		if (agent_report(nl, id, LWIP_SEGW_REPORT_DOWN, &msg))
			return;
	} else if (!strcmp(argv[0], "failed") && argc >= 2) {
		if (agent_report(nl, id, LWIP_SEGW_REPORT_FAILED, &msg))
			return;
		if (argc >= 3)
			nla_put_string(msg, LWIP_SEGW_A_REASON_TEXT, argv[2]);
	} else if (!strcmp(argv[0], "ready") && argc == 2) {
		if (agent_report(nl, id, LWIP_SEGW_REPORT_READY, &msg))
			return;
	} else {
		agent_bad("unknown line or wrong word count:", argv[0]);
		return;
	}
	agent_send(nl, msg);
}

static int cmd_agent_sim(struct segw_nl *nl)
{
	struct pollfd pfd[2];
	struct nl_msg *msg;
	struct nl_cb *cb;
	char line[512];
	int err;

	if (nl_up(nl))
		return 1;
	msg = segw_nl_msg(nl, LWIP_SEGW_CMD_AGENT_REGISTER, NLM_F_ACK);
	if (ctl_request(nl, msg, NULL, NULL))
		return 1;
	printf("registered\n");
	fflush(stdout);

	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb)
		return 1;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, agent_msg_cb, nl);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, agent_ack_cb, NULL);
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, agent_ack_cb, NULL);
	nl_cb_err(cb, NL_CB_CUSTOM, agent_err_cb, NULL);

	/* Replay: every live binding, with its PSK (not printed). */
	msg = segw_nl_msg(nl, LWIP_SEGW_CMD_AGENT_SYNC, NLM_F_DUMP);
	agent_send(nl, msg);

	pfd[0].fd = nl_socket_get_fd(nl->sk);
	pfd[0].events = POLLIN;
	pfd[1].fd = STDIN_FILENO;
	pfd[1].events = POLLIN;
	for (;;) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pfd[0].revents & POLLIN) {
			err = nl_recvmsgs(nl->sk, cb);
			if (err < 0 && err != -NLE_AGAIN)
				fprintf(stderr, "agent-sim: receive: %s\n",
					nl_geterror(err));
		}
		if (pfd[1].revents & (POLLIN | POLLHUP)) {
			if (!fgets(line, sizeof(line), stdin))
				break;
			agent_line(nl, line);
		}
	}
	nl_cb_put(cb);
	return 0;
}

static int monitor_cb(struct nl_msg *m, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(m);
	struct nlattr *tb[LWIP_SEGW_A_MAX + 1];

	(void)arg;
	if (segw_nl_parse(nlh, tb) || !tb[LWIP_SEGW_A_EVENT])
		return NL_OK;
	if (json_mode) {
		jcur = j_object();
		out_str("event", LWIP_SEGW_NAME(lwip_segw_event_names,
				      nla_get_u8(tb[LWIP_SEGW_A_EVENT])));
		fill_ue(tb);
		j_print_put(jcur, 1);
		jcur = NULL;
		fflush(stdout);
		return NL_OK;
	}
	printf("event %s\n", LWIP_SEGW_NAME(lwip_segw_event_names,
				  nla_get_u8(tb[LWIP_SEGW_A_EVENT])));
	print_ue(nlh, tb, "");
	fflush(stdout);
	return NL_OK;
}

/* Prints every event of the "events" group until killed. */
static int cmd_monitor(struct segw_nl *nl)
{
	int err;

	if (nl_up(nl))
		return 1;
	if (nl->events_grp < 0 ||
	    nl_socket_add_membership(nl->sk, nl->events_grp)) {
		fprintf(stderr, "segwctl: cannot join the events group (needs CAP_NET_ADMIN)\n");
		return 1;
	}
	nl_socket_modify_cb(nl->sk, NL_CB_VALID, NL_CB_CUSTOM, monitor_cb,
			    NULL);
	/* With --json stdout carries only JSON lines. */
	fprintf(json_mode ? stderr : stdout, "monitoring\n");
	fflush(stdout);
	for (;;) {
		err = nl_recvmsgs_default(nl->sk);
		if (err < 0 && err != -NLE_AGAIN && err != -NLE_INTR) {
			fprintf(stderr, "segwctl: %s\n", nl_geterror(err));
			return 1;
		}
	}
}

static int run_cmd(struct segw_nl *nl, int argc, char **argv);

/*
 * segwctl batch: one command a line from stdin, words separated by blanks,
 * '#' comments; stops at the first failing line (like ip -batch).
 */
static int cmd_batch(struct segw_nl *nl)
{
	char line[4096], *argv[64];
	unsigned int lineno = 0;
	int argc, ret;

	in_batch = 1;
	while (fgets(line, sizeof(line), stdin)) {
		char *tok, *save = NULL;

		lineno++;
		argc = 0;
		for (tok = strtok_r(line, " \t\r\n", &save);
		     tok && *tok != '#' && argc < 63;
		     tok = strtok_r(NULL, " \t\r\n", &save))
			argv[argc++] = tok;
		if (!argc)
			continue;
		argv[argc] = NULL;
		if (!strcmp(argv[0], "batch") || !strcmp(argv[0], "agent-sim") ||
		    !strcmp(argv[0], "monitor")) {
			fprintf(stderr, "segwctl: batch line %u: '%s' cannot run in a batch\n",
				lineno, argv[0]);
			return 2;
		}
		ret = run_cmd(nl, argc, argv);
		if (ret) {
			fprintf(stderr, "segwctl: batch stopped at line %u\n", lineno);
			return ret;
		}
	}
	return 0;
}

/* argv[0] is the subcommand. */
static int run_cmd(struct segw_nl *nl, int argc, char **argv)
{
	if (!strcmp(argv[0], "config") && argc >= 2 && !strcmp(argv[1], "show")) {
		struct nl_msg *msg = segw_nl_msg(nl, LWIP_SEGW_CMD_GET_CONFIG, 0);

		return request_print(nl, msg, print_config);
	}
	if (!strcmp(argv[0], "config"))
		return cmd_config(nl, argc - 1, argv + 1);
	if (!strcmp(argv[0], "add"))
		return cmd_add(nl, argc - 1, argv + 1);
	if (!strcmp(argv[0], "modify"))
		return cmd_modify(nl, argc - 1, argv + 1);
	if (!strcmp(argv[0], "release"))
		return cmd_release(nl, argc - 1, argv + 1);
	if (!strcmp(argv[0], "show"))
		return cmd_show(nl, argc - 1, argv + 1);
	if (!strcmp(argv[0], "stats")) {
		struct nl_msg *msg = segw_nl_msg(nl, LWIP_SEGW_CMD_STATS, 0);

		return request_print(nl, msg, print_stats);
	}
	if (!strcmp(argv[0], "monitor"))
		return cmd_monitor(nl);
	if (!strcmp(argv[0], "agent-sim"))
		return cmd_agent_sim(nl);
	if (!strcmp(argv[0], "batch"))
		return cmd_batch(nl);
	usage();
	return 2;
}

int main(int argc, char **argv)
{
	struct segw_nl nl = { 0 };
	int i, ret;

	/* Global options, before the subcommand. */
	while (argc >= 2 && !strcmp(argv[1], "--json")) {
#ifndef SEGWCTL_JSON
		fprintf(stderr, "segwctl: --json: this segwctl was built without json-c\n");
		return 2;
#endif
		json_mode = 1;
		argc--;
		argv++;
	}
	if (argc < 2)
		usage();
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help"))
		usage_to(stdout, 0);
	for (i = 2; i < argc; i++)
		if (!strcmp(argv[i], "--json"))
			die("--json goes before the command (segwctl --json show), not after it", argv[i]);
	ret = run_cmd(&nl, argc - 1, argv + 1);
	if (nl.sk)
		segw_nl_close(&nl);
	return ret;
}
