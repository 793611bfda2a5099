/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The notifier socket: pluto's updown (segwd-updown) hands each verb here
 * and waits for a verdict. Protocol (one SOCK_SEQPACKET message each way):
 *   notifier -> segwd: "key=value\n" lines: verb, conn, peer, peer_id,
 *                      peer_client, sa_reqid, spi_in, spi_out, me
 *   segwd -> notifier: "OK\n" or "REFUSE <reason>\n"
 * Only root (or segwd's own uid) may connect.
 */
#ifndef SEGWD_NOTIFY_H
#define SEGWD_NOTIFY_H

#include <poll.h>
#include <stddef.h>

#define NOTIFY_MSG_MAX 4096

struct notify_msg {
	char verb[32];
	char conn[128];
	char peer[64];
	char peer_id[600];
	char peer_client[64];
	char sa_reqid[16];
	char spi_in[16];
	char spi_out[16];
	char me[64];
};

/* 0 accepts; -1 refuses with reason (sent to the notifier, logged). */
typedef int (*notify_verdict_fn)(const struct notify_msg *m, char *reason,
				 size_t len);

int notify_open(notify_verdict_fn verdict);
void notify_close(void);
int notify_fill(struct pollfd *fds, int max);
void notify_handle(struct pollfd *fds, int n);

#endif
