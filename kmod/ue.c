// SPDX-License-Identifier: GPL-2.0
/*
 * UE lifecycle. A binding's single timer serves two purposes in turn:
 *  - PENDING/READY: the IKE initiation window (SEC-5); on expiry the UE is
 *    released with WINDOW_EXPIRED and the agent is told to drop the PSK;
 *  - RELEASING: the grace period during which a released UE's reqid stays
 *    mapped (so the uplink hook drops, rather than ignores, traffic of an SA
 *    that may still exist) while the agent tears the SA down and reports
 *    DOWN; on expiry the binding is freed anyway.
 * b->timer_armed, under the lock, says whether the timer means anything: a
 * callback that lost the race against del_timer() or mod_timer() sees it
 * cleared, or the timer pending again, and does nothing. Timers are killed
 * with del_timer_sync() after the binding was unhashed, which prevents any
 * re-arming (6.1 has no timer_shutdown_sync()).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jiffies.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "netlink.h"
#include "ue.h"

u32 lwip_segw_agent_portid_locked(struct lwip_segw_net *ln)
{
	lockdep_assert_held(&ln->table.lock);
	if (!ln->agent_portid || sock_flag(ln->agent_sk, SOCK_DEAD))
		return 0;
	return ln->agent_portid;
}

void lwip_segw_deferred_prepare(struct lwip_segw_net *ln,
				struct lwip_segw_deferred *d, bool agent,
				gfp_t gfp)
{
	memset(d, 0, sizeof(*d));
	if (lwip_segw_nl_has_listeners(ln))
		d->event = genlmsg_new(LWIP_SEGW_NL_UE_MSG_SIZE, gfp);
	if (agent)
		d->agent = genlmsg_new(LWIP_SEGW_NL_UE_MSG_SIZE, gfp);
}

void lwip_segw_deferred_finish(struct lwip_segw_net *ln,
			       struct lwip_segw_deferred *d)
{
	if (d->event_filled)
		lwip_segw_nl_multicast(ln, d->event);
	else
		nlmsg_free(d->event);

	if (d->agent_filled) {
		if (lwip_segw_nl_unicast(ln, d->agent, d->agent_portid))
			lwip_segw_net_stat_inc(ln,
					       LWIP_SEGW_STAT_AGENT_SEND_FAILURES);
	} else {
		nlmsg_free(d->agent);
	}

	if (d->free) {
		/* Our own timer is running this very code: nothing to wait. */
		if (!d->own_timer)
			del_timer_sync(&d->free->timer);
		lwip_segw_net_stat_inc(ln, LWIP_SEGW_STAT_UES_FREED);
		lwip_segw_binding_free_rcu(d->free);
	}
	memset(d, 0, sizeof(*d));
}

static void lwip_segw_ue_timer(struct timer_list *timer);

void lwip_segw_ue_init_timer(struct lwip_segw_binding *b)
{
	timer_setup(&b->timer, lwip_segw_ue_timer, 0);
}

static void lwip_segw_ue_arm_locked(struct lwip_segw_binding *b, u32 secs)
{
	lockdep_assert_held(&b->table->lock);
	b->deadline = jiffies + secs * HZ;
	b->timer_armed = true;
	mod_timer(&b->timer, b->deadline);
}

static void lwip_segw_ue_disarm_locked(struct lwip_segw_binding *b)
{
	lockdep_assert_held(&b->table->lock);
	/* Not _sync: a running callback waits for our lock, then sees this. */
	b->timer_armed = false;
	del_timer(&b->timer);
}

/* (Re)starts the initiation window from now; 0 stops it. */
void lwip_segw_ue_set_window_locked(struct lwip_segw_binding *b, u32 secs)
{
	b->window = secs;
	if (b->state != LWIP_SEGW_UE_PENDING && b->state != LWIP_SEGW_UE_READY)
		return;
	if (secs)
		lwip_segw_ue_arm_locked(b, secs);
	else
		lwip_segw_ue_disarm_locked(b);
}

void lwip_segw_ue_event_locked(struct lwip_segw_binding *b,
			       struct lwip_segw_deferred *d, u8 event,
			       const char *text)
{
	lockdep_assert_held(&b->table->lock);
	if (!d->event || d->event_filled)
		return;
	d->event_filled = !lwip_segw_nl_fill_event(d->event, b, event, text);
}

/*
 * The one release path (DESIGN 2.1 step 4). Emits RELEASED, tells the agent
 * when asked to (releases the agent did not initiate), and either frees the
 * binding (it never had an SA, or the SA is gone) or keeps it RELEASING for
 * the grace period.
 */
void lwip_segw_ue_release_locked(struct lwip_segw_net *ln,
				 struct lwip_segw_binding *b, u8 reason,
				 const char *text, unsigned int flags,
				 struct lwip_segw_deferred *d)
{
	struct lwip_segw_table *t = &ln->table;

	lockdep_assert_held(&t->lock);
	lwip_segw_table_release(t, b, reason);
	atomic64_inc(&ln->releases[reason - 1]);
	lwip_segw_ue_event_locked(b, d, LWIP_SEGW_EVENT_RELEASED, text);
	if ((flags & LWIP_SEGW_REL_TELL_AGENT) && d->agent &&
	    !d->agent_filled) {
		d->agent_portid = lwip_segw_agent_portid_locked(ln);
		if (d->agent_portid)
			d->agent_filled =
				!lwip_segw_nl_fill_agent_release(d->agent, b);
	}
	if (b->reqid && !(flags & LWIP_SEGW_REL_SA_GONE) && !ln->dying)
		lwip_segw_ue_arm_locked(b, ln->grace);
	else
		lwip_segw_ue_free_locked(ln, b, d);
}

/* Unhashes b; lwip_segw_deferred_finish() kills its timer and frees it. */
void lwip_segw_ue_free_locked(struct lwip_segw_net *ln,
			      struct lwip_segw_binding *b,
			      struct lwip_segw_deferred *d)
{
	lockdep_assert_held(&ln->table.lock);
	if (WARN_ON_ONCE(d->free))
		return;
	b->timer_armed = false;
	lwip_segw_table_unhash(&ln->table, b);
	d->free = b;
}

static void lwip_segw_ue_timer(struct timer_list *timer)
{
	struct lwip_segw_binding *b = from_timer(b, timer, timer);
	struct lwip_segw_table *t = b->table;
	struct lwip_segw_net *ln = container_of(t, struct lwip_segw_net, table);
	struct lwip_segw_deferred d;

	/* Netns exit waits for running callbacks with synchronize_rcu(). */
	rcu_read_lock();
	lwip_segw_deferred_prepare(ln, &d, true, GFP_ATOMIC);
	d.own_timer = true;
	spin_lock(&t->lock);
	if (ln->dying || b->unhashed || !b->timer_armed ||
	    timer_pending(timer) || time_before(jiffies, b->deadline))
		goto out_unlock;
	b->timer_armed = false;
	switch (b->state) {
	case LWIP_SEGW_UE_PENDING:
	case LWIP_SEGW_UE_READY:
		lwip_segw_ue_release_locked(ln, b,
					    LWIP_SEGW_REASON_WINDOW_EXPIRED,
					    NULL, LWIP_SEGW_REL_TELL_AGENT,
					    &d);
		break;
	case LWIP_SEGW_UE_RELEASING:
		/* No DOWN from the agent: stop holding the reqid. */
		lwip_segw_net_stat_inc(ln, LWIP_SEGW_STAT_GRACE_EXPIRED);
		pr_warn_ratelimited("UE %u: no DOWN from the agent within %us of its release; freeing the binding\n",
				    b->id, ln->grace);
		lwip_segw_ue_free_locked(ln, b, &d);
		break;
	default:
		break;
	}
out_unlock:
	spin_unlock(&t->lock);
	lwip_segw_deferred_finish(ln, &d);
	rcu_read_unlock();
}

/*
 * Frees every binding of a dying netns (netns exit or module unload; the
 * genl family is gone or the netns has no sockets left, so no handler runs).
 */
void lwip_segw_ue_flush(struct lwip_segw_net *ln)
{
	struct lwip_segw_table *t = &ln->table;
	struct lwip_segw_binding *b;
	unsigned long index;

	spin_lock_bh(&t->lock);
	ln->dying = true;
	spin_unlock_bh(&t->lock);

	for (;;) {
		spin_lock_bh(&t->lock);
		index = 0;
		b = xa_find(&t->by_id, &index, ULONG_MAX, XA_PRESENT);
		if (b) {
			b->timer_armed = false;
			if (b->state != LWIP_SEGW_UE_RELEASING)
				atomic64_inc(&ln->releases[LWIP_SEGW_REASON_MODULE_UNLOAD - 1]);
			b->reason = LWIP_SEGW_REASON_MODULE_UNLOAD;
			lwip_segw_table_unhash(t, b);
		}
		spin_unlock_bh(&t->lock);
		if (!b)
			break;
		del_timer_sync(&b->timer);
		lwip_segw_binding_free_rcu(b);
		cond_resched();
	}
	/* Callbacks that freed their own binding may still be running. */
	synchronize_rcu();
}
