/* SPDX-License-Identifier: GPL-2.0 */
/*
 * UE lifecycle: window and grace timers, release, and the messages
 * (events, agent notices) that state changes emit.
 *
 * Messages are prepared in three steps so that nothing allocates or sends
 * under the table lock: lwip_segw_deferred_prepare() allocates (before the
 * lock), the *_locked() helpers fill (under it), lwip_segw_deferred_finish()
 * sends and frees what a release unhashed (after it).
 */
#ifndef _LWIP_SEGW_UE_H
#define _LWIP_SEGW_UE_H

#include <linux/bits.h>
#include <linux/types.h>

#include "netns.h"

struct sk_buff;

struct lwip_segw_deferred {
	struct sk_buff *event;		/* for the events group, or NULL */
	struct sk_buff *agent;		/* for the agent, or NULL */
	u32 agent_portid;		/* where d->agent goes once filled */
	bool event_filled;
	bool agent_filled;
	bool own_timer;			/* finishing from the binding's timer */
	struct lwip_segw_binding *free;	/* unhashed: freed by finish */
};

void lwip_segw_deferred_prepare(struct lwip_segw_net *ln,
				struct lwip_segw_deferred *d, bool agent,
				gfp_t gfp);
void lwip_segw_deferred_finish(struct lwip_segw_net *ln,
			       struct lwip_segw_deferred *d);

/* The portid of the live registered agent, or 0. Under the lock. */
u32 lwip_segw_agent_portid_locked(struct lwip_segw_net *ln);

void lwip_segw_ue_init_timer(struct lwip_segw_binding *b);
void lwip_segw_ue_set_window_locked(struct lwip_segw_binding *b, u32 secs);
void lwip_segw_ue_event_locked(struct lwip_segw_binding *b,
			       struct lwip_segw_deferred *d, u8 event,
			       const char *text);
/* Flags of lwip_segw_ue_release_locked(). */
#define LWIP_SEGW_REL_TELL_AGENT	BIT(0)	/* agent did not initiate it */
#define LWIP_SEGW_REL_SA_GONE		BIT(1)	/* no SA can exist any more */

void lwip_segw_ue_release_locked(struct lwip_segw_net *ln,
				 struct lwip_segw_binding *b, u8 reason,
				 const char *text, unsigned int flags,
				 struct lwip_segw_deferred *d);
void lwip_segw_ue_free_locked(struct lwip_segw_net *ln,
			      struct lwip_segw_binding *b,
			      struct lwip_segw_deferred *d);

void lwip_segw_ue_flush(struct lwip_segw_net *ln);

#endif /* _LWIP_SEGW_UE_H */
