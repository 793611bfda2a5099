/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Driving pluto by executing whack, one call at a time, and judging each
 * call by its reply lines (DESIGN 5.1), never by the exit status alone.
 */
#ifndef SEGWD_PLUTO_H
#define SEGWD_PLUTO_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "ue.h"

/*
 * While whack runs, pluto may run our notifier, which waits for segwd: the
 * wait loop keeps serving these descriptors so neither blocks the other.
 */
struct pluto_service {
	int (*fill)(struct pollfd *fds, int max);
	void (*handle)(struct pollfd *fds, int n);
};
void pluto_set_service(const struct pluto_service *svc);

/* pid of a pluto answering on its ctl socket, or 0. */
pid_t pluto_alive(void);

/* 0 added; -1 with pluto's reason in why. */
int pluto_add_conn(const struct ue *ue, char *why, size_t len);
int pluto_delete_conn(const char *name);
int pluto_reread_secrets(void);

struct pluto_state {
	unsigned long serial;
	bool ike;		/* IKE SA (else Child SA) */
	char kind[48];
};
/* States of connection name (any instance); count or -1. */
int pluto_states(const char *name, struct pluto_state *st, int max);
int pluto_delete_state(unsigned long serial);

/* Calls cb for every connection name (instances folded) pluto has. */
int pluto_connections(void (*cb)(const char *name, void *arg), void *arg);

#endif
