/* SPDX-License-Identifier: GPL-2.0 */
/*
 * enbsim: what the subcommands share: exit statuses, argument parsers, the
 * one-line UE format, and the subcommands' entry points.
 */
#ifndef ENBSIM_H
#define ENBSIM_H

#include <stdint.h>

#include "nl.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Exit statuses (documented in enbsim.c and `enbsim --help`). */
enum {
	ENBSIM_OK = 0,
	ENBSIM_FAILED = 1,	/* refused, timed out, nothing answered */
	ENBSIM_USAGE = 2,	/* bad command line */
};

/* Parsers: on a bad argument they print what and why, and exit 2. */
uint32_t parse_u32(const char *s, const char *what);
/* Returns the address in network byte order. */
uint32_t parse_ipv4(const char *s, const char *what);
/* "ADDR[:PORT]"; *port is 0 without ":PORT". */
uint32_t parse_ipv4_port(const char *s, uint16_t *port, const char *what);
/* The UE_ADD arguments MAC IDI PSK ENB_ADDR[:PORT] TEID [WINDOW_S]. */
void parse_ue_req(int argc, char **argv, struct enb_ue_req *req);
/* A release reason: a name such as enb_release, or its number. */
uint8_t parse_reason(const char *s);
/* Prints "enbsim: MSG" and a hint to stderr, exits 2. */
void usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

/* Names of the enum values, for messages ("unknown" when out of range). */
const char *reason_name(unsigned int reason);
const char *event_name(unsigned int event);
const char *idi_type_name(unsigned int type);

/*
 * Opens the netlink socket; on failure prints why and what to do, and
 * returns nonzero.
 */
int open_nl(struct enb_nl *nl);
/* Prints "enbsim: WHAT: strerror: extack" (plus a hint) for err < 0. */
void report_error(const struct enb_nl *nl, const char *what, int err);

/*
 * The one-line UE format of get and events:
 * "id=N state=S reqid=R inner=A outer=B port=P flags=F reason=R"
 * (numbers as in the uapi enums; "-" for an address not known yet).
 */
void print_ue_line(const struct enb_ue *ue);
/* The events format: "event=E [text='T'] " followed by print_ue_line(). */
void print_event_line(const struct enb_ue *ue);
/* The ACKNOWLEDGE: "ack id=N segw=A xwu=A:P segw_teid=T window=S". */
void print_ack_line(const struct enb_ack *ack);

/* Subcommands; argv[0] is the subcommand's name. */
int cmd_config(int argc, char **argv);
int cmd_add(int argc, char **argv);
int cmd_release(int argc, char **argv);
int cmd_get(int argc, char **argv);
int cmd_count(int argc, char **argv);
int cmd_events(int argc, char **argv);
int cmd_gtpu(int argc, char **argv);
int cmd_serve(int argc, char **argv);

#endif /* ENBSIM_H */
