// SPDX-License-Identifier: GPL-2.0
/*
 * enbsim: an eNB for lwip_segw, the LWIP-SeGW (3GPP TS 33.401 Annex H.2.2).
 * It speaks the eNB's part of both interfaces the SeGW offers: the control
 * plane, generic netlink family "lwip_segw" (kmod/uapi/linux/lwip_segw.h),
 * and the user plane, Xw-U GTP-U (TS 29.281). It is the worked example of
 * an eNB integration (README, "Integrating an eNB") and the eNB of the tests
 * and the demo. Files: enbsim.c the command line, nl.c the netlink eNB role,
 * gtpu.c GTP-U messages and the Xw-U socket, control.c and userplane.c the
 * subcommands of each plane, serve.c an eNB serving one UE, parse.c
 * argument parsing and error messages.
 *
 * Control plane: run in the SeGW's network namespace (the family is per
 * netns), with CAP_NET_ADMIN.
 *
 *   enbsim config SEGW_ADDR XWU_ADDR[:PORT] [WINDOW_S [GRACE_S]]
 *       SET_CONFIG: the SeGW's public address (the UEs' IKE peer), its Xw-U
 *       endpoint (a local address; port 2152 by default), the default IKE
 *       initiation window of new UEs in seconds (0 = none), and how long a
 *       released UE waits for the agent.
 *   enbsim add [--ack] MAC IDI PSK ENB_ADDR[:PORT] TEID [WINDOW_S]
 *       UE_ADD (XwAP LWIP ADDITION REQUEST) for the UE with WLAN MAC
 *       xx:xx:xx:xx:xx:xx. IDI: KEY_ID octets in hex, fqdn:NAME or
 *       rfc822:USER@REALM. PSK: 32 octets, 64 hex digits, or @FILE or - to
 *       read them from a file's or stdin's first line (an argument is
 *       visible in /proc/PID/cmdline while enbsim runs). ENB_ADDR:PORT and
 *       TEID: where, and with which TEID, the SeGW relays the UE's uplink.
 *       WINDOW_S: the UE's IKE window (default: the SeGW's). Prints the UE
 *       id; with --ack the whole ACKNOWLEDGE:
 *           ack id=N segw=A xwu=A:P segw_teid=T window=S
 *   enbsim release ID [REASON]
 *       UE_RELEASE. REASON: enb_release (the default) or its number; the
 *       module refuses the gateway's own reasons (window_expired,
 *       ike_sa_deleted, ...) from an eNB, which is how they can be tried.
 *   enbsim get ID
 *       UE_GET; prints
 *           id=N state=S reqid=R inner=A outer=B port=P flags=F reason=R
 *       S, F, R: numbers of enum lwip_segw_ue_state, lwip_segw_ue_flag,
 *       lwip_segw_reason; "-" for an address not known yet.
 *   enbsim count [STATE]
 *       Prints the number of bindings, or of those in STATE (1 pending,
 *       2 ready, 3 established, 4 releasing).
 *   enbsim events
 *       Joins the "events" group, prints "listening", then one line per
 *       event until killed: "event=E [text='T'] " and get's fields; E: 1
 *       pending, 2 ready, 3 established, 4 released.
 *
 * User plane: run where the eNB's Xw-U address is (its own netns).
 *
 *   enbsim gtpu recv --bind ADDR[:PORT] [--count N] [--timeout S]
 *       Receives N datagrams (default 1) or until S seconds (default 10)
 *       pass; prints one line each:
 *           type=T teid=0xTTTTTTTT len=L flags=0xFF payload=HEX
 *       L: the header's Length; payload: all after the mandatory 8 octets
 *       (the inner packet of a plain T-PDU); "short len=N" under 8 octets.
 *   enbsim gtpu send --bind ADDR[:PORT] --to ADDR[:PORT] [--teid T]
 *                    [--type N] [--src A --dst B] [--proto gre|udp]
 *                    [--size BYTES] [--count N] [--truncate BYTES]
 *                    [--ext TYPE] [--seq] [--reply] [--timeout S]
 *       Sends N (default 1) GTP-U messages of type N (default 255, T-PDU)
 *       with TEID T (default 0). With --src/--dst each carries IPv4 A -> B
 *       with GRE (IPv4/UDP inside, as a UE sends; the default) or UDP,
 *       padded to BYTES; the first one's inner packet is printed as
 *       "inner=HEX". --truncate cuts each datagram to BYTES; --ext adds one
 *       extension header of TYPE; --seq sets S and a sequence number.
 *       --type 1 (Echo Request) and --reply wait up to S seconds (default
 *       10) for one answer and print it like recv.
 *
 * Both planes, one UE, one process:
 *
 *   enbsim serve [--xwu-netns NS] [--echo] MAC IDI PSK ENB_ADDR[:PORT] TEID
 *                [WINDOW_S]
 *       Binds the eNB's Xw-U socket on ENB_ADDR:PORT (in the netns NS,
 *       /run/netns/NS, if given), adds the UE (arguments as add), prints
 *       what the eNB hands to the UE, "handoff idi_type=T idi=I psk=HEX",
 *       and the "ack ..." line, then the UE's events (as events) and every
 *       datagram that arrives (as gtpu recv). --echo sends each uplink
 *       T-PDU's packet back to the UE, addresses swapped, with the SeGW
 *       TEID. SIGINT or SIGTERM releases the UE ("release id=N", then the
 *       RELEASED event); a release by the SeGW ends it too. Last line:
 *           served id=N uplink_packets=P uplink_bytes=B echoed=E other_messages=O
 *
 * Exit status: 0 done; 1 the request failed (the kernel's reason follows
 * "enbsim: COMMAND:" on stderr), gtpu recv timed out before N datagrams, or
 * no answer came; 2 bad command line.
 */

#include <stdio.h>
#include <string.h>

#include "enbsim.h"

static const char help[] =
"usage: enbsim COMMAND [ARG...]\n"
"An eNB for lwip_segw: the eNB role of the \"lwip_segw\" generic netlink\n"
"family and Xw-U GTP-U (details: the header of tools/enbsim/enbsim.c).\n"
"\n"
"Control plane (in the SeGW's netns, CAP_NET_ADMIN):\n"
"  config SEGW_ADDR XWU_ADDR[:PORT] [WINDOW_S [GRACE_S]]\n"
"  add [--ack] MAC IDI PSK ENB_ADDR[:PORT] TEID [WINDOW_S]\n"
"        IDI: KEY_ID hex | fqdn:NAME | rfc822:USER@REALM\n"
"        PSK: 64 hex digits, or @FILE / - (first line of a file / stdin)\n"
"        prints the UE id, with --ack:\n"
"        ack id=N segw=A xwu=A:P segw_teid=T window=S\n"
"  release ID [REASON]       REASON: enb_release (the default and the only\n"
"                            one an eNB may give; others are refused)\n"
"  get ID                    id=N state=S reqid=R inner=A outer=B port=P flags=F reason=R\n"
"  count [STATE]             bindings (in STATE: 1 pending .. 4 releasing)\n"
"  events                    \"listening\", then per event: event=E [text='T'] id=N ...\n"
"\n"
"User plane (where the eNB's Xw-U address is):\n"
"  gtpu recv --bind ADDR[:PORT] [--count N] [--timeout S]\n"
"        per datagram: type=T teid=0xTTTTTTTT len=L flags=0xFF payload=HEX\n"
"  gtpu send --bind ADDR[:PORT] --to ADDR[:PORT] [--teid T] [--type N]\n"
"            [--src A --dst B] [--proto gre|udp] [--size BYTES] [--count N]\n"
"            [--truncate BYTES] [--ext TYPE] [--seq] [--reply] [--timeout S]\n"
"        with --src/--dst prints the first inner packet: inner=HEX;\n"
"        --type 1 and --reply print the answer like recv\n"
"\n"
"One UE, both planes:\n"
"  serve [--xwu-netns NS] [--echo] MAC IDI PSK ENB_ADDR[:PORT] TEID [WINDOW_S]\n"
"        prints handoff idi_type=T idi=I psk=HEX, the ack line, the UE's events\n"
"        and the datagrams it receives; SIGINT/SIGTERM releases the UE; last:\n"
"        served id=N uplink_packets=P uplink_bytes=B echoed=E other_messages=O\n"
"\n"
"Exit status: 0 done; 1 refused or failed (the kernel's reason is printed),\n"
"timed out, or no answer; 2 bad command line.\n";

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} commands[] = {
	{ "config", cmd_config },
	{ "add", cmd_add },
	{ "release", cmd_release },
	{ "get", cmd_get },
	{ "count", cmd_count },
	{ "events", cmd_events },
	{ "gtpu", cmd_gtpu },
	{ "serve", cmd_serve },
};

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		fputs(help, stderr);
		return ENBSIM_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		fputs(help, stdout);
		return ENBSIM_OK;
	}
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	usage_error("unknown command '%s'", argv[1]);
}
