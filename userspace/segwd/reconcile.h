/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The agent's decisions: UE requests and releases from the module, verdicts
 * for the notifier, teardowns in the order pluto 4.10 survives (DESIGN
 * 5.3, 5.11), and resyncs after a restart of segwd, pluto or the module.
 */
#ifndef SEGWD_RECONCILE_H
#define SEGWD_RECONCILE_H

#include <stdbool.h>
#include <sys/types.h>

#include "agent.h"
#include "notify.h"

void on_module_ue(struct agent_ue *a, void *arg);
int notifier_verdict(const struct notify_msg *m, char *reason, size_t len);

/* Makes pluto and the model match the module (after AGENT_REGISTER). */
int resync_module(void);
/* pluto came (back) with a new pid: re-add every connection. */
void pluto_restarted(void);
/* The family vanished: the module flushed its bindings; so do we. */
void module_gone(void);
/* Deferred work, batched secrets reread, then reports to the module. */
void flush(void);
bool flush_pending(void);

extern pid_t pluto_pid;

#endif
