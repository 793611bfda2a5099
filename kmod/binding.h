/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-UE bindings and the per-netns table that indexes them.
 *
 * Lifetime and locking contract
 * -----------------------------
 * A binding is owned by its table from lwip_segw_table_insert() until
 * lwip_segw_table_unhash(); there is no reference count. All writes to the
 * table, and to the mutable fields of a binding (state, eNB endpoint, SA
 * fields, window), happen under table->lock (a BH-safe spinlock, because the
 * window timer runs in softirq context).
 *
 * Readers on the data path (netfilter hooks, softirq) look bindings up under
 * rcu_read_lock() with the *_rcu() functions and may use them until they
 * leave the RCU read-side section; they never take a lock and never keep a
 * pointer beyond it. A binding is freed by lwip_segw_binding_free_rcu() only
 * after it was unhashed from every index and its timer can no longer run, so
 * an RCU reader always sees either a live binding or one that is unhashed but
 * still intact (state RELEASING or older): both are safe to read.
 *
 * The SA fields (reqid, inner/outer address, outer port, NAT-T flag) are
 * written once, before the state is published as ESTABLISHED with release
 * semantics; lwip_segw_binding_established() and lwip_segw_binding_state()
 * read it with acquire semantics, after which the SA fields are stable. The
 * eNB endpoint can change (UE_MODIFY) and is read through a seqcount.
 *
 * The PSK never leaves kernel memory except towards the registered agent; it
 * is wiped before the memory is returned.
 */
#ifndef _LWIP_SEGW_BINDING_H
#define _LWIP_SEGW_BINDING_H

#include <linux/atomic.h>
#include <linux/rhashtable-types.h>
#include <linux/seqlock.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/types.h>
#include <linux/u64_stats_sync.h>
#include <linux/xarray.h>
#include <linux/lwip_segw.h>

/* Data-path counters of a netns, per CPU: no shared cache line is written. */
struct lwip_segw_pcpu_stats {
	u64_stats_t ctr[LWIP_SEGW_CTR_MAX];	/* index: counter - 1 */
	u64_stats_t drop[LWIP_SEGW_DROP_MAX];	/* index: reason - 1 */
	struct u64_stats_sync syncp;
};

struct lwip_segw_table {
	/*
	 * The writer lock of the netns. Protects: every index below, count,
	 * gen, next_id, the mutable fields of every binding in the table, and
	 * the fields of struct lwip_segw_net that say so. Taken with
	 * spin_lock_bh() in process context, spin_lock() in the timer.
	 */
	spinlock_t lock;
	struct xarray by_id;		/* owns the bindings; ids from 1 */
	u32 next_id;			/* cyclic id allocation cursor */
	struct rhashtable by_teid;	/* every binding */
	struct rhashtable by_reqid;	/* bindings that have an SA reqid */
	struct rhashtable by_inner;	/* ESTABLISHED bindings */
	struct rhashtable by_mac;	/* bindings not RELEASING */
	struct rhashtable by_idi;	/* bindings not RELEASING */
	struct rhashtable by_enb;	/* eNB endpoints in use, counted */
	u32 count;			/* bindings in by_id */
	u32 gen;			/* bumped on insert/unhash, for dumps */
	struct lwip_segw_pcpu_stats __percpu *pcpu;
};

/*
 * The eNB's Xw-U endpoint of a UE (uplink T-PDUs go there). addr and port
 * are adjacent: together they are the key of the table's by_enb index,
 * which holds one counted entry per endpoint (one eNB serves many UEs, and
 * removing one UE must not walk the others).
 */
struct lwip_segw_endpoint {
	__be32 addr;
	u16 port;			/* host order */
	u32 teid;
};

#define LWIP_SEGW_ENB_KEY_LEN	(offsetof(struct lwip_segw_endpoint, port) + \
				 sizeof_field(struct lwip_segw_endpoint, port))

struct lwip_segw_binding {
	struct rhash_head teid_node;
	struct rhash_head reqid_node;
	struct rhash_head inner_node;
	struct rhash_head mac_node;
	struct rhash_head idi_node;
	struct lwip_segw_table *table;	/* the table that owns it */
	struct timer_list timer;	/* window, then grace; see ue.c */
	unsigned long deadline;		/* jiffies; valid while timer armed */
	seqcount_t enb_seq;		/* guards enb against torn reads */
	struct lwip_segw_endpoint enb;
	u32 id;
	u32 segw_teid;			/* nonzero, unique in the table */
	u32 window;			/* seconds, 0 = none */
	/* SA fields: written once before ESTABLISHED is published. */
	u32 reqid;			/* 0 = never had an SA */
	__be32 inner_addr;
	__be32 outer_addr;
	u16 outer_port;			/* host order */
	u8 ue_flags;			/* enum lwip_segw_ue_flag */
	u8 state;			/* enum lwip_segw_ue_state */
	u8 reason;			/* release reason once RELEASING */
	bool unhashed;			/* out of every index */
	bool timer_armed;		/* the timer means something; ue.c */
	u8 mac[LWIP_SEGW_MAC_LEN];
	u8 idi_type;
	u8 idi_len;
	u8 psk[LWIP_SEGW_PSK_LEN];	/* secret: never dumped nor logged */
	atomic64_t ctr[LWIP_SEGW_CTR_MAX];	/* index: counter - 1 */
	atomic64_t drop[LWIP_SEGW_DROP_MAX];	/* index: reason - 1 */
	struct rcu_head rcu;
	/*
	 * idi_len octets, a separate allocation: the fixed part then comes
	 * from its own cache (400 octets, not kmalloc-512's 512).
	 */
	u8 *idi;
};

int lwip_segw_binding_cache_init(void);
void lwip_segw_binding_cache_exit(void);

int lwip_segw_table_init(struct lwip_segw_table *t);
void lwip_segw_table_destroy(struct lwip_segw_table *t);

struct lwip_segw_binding *lwip_segw_binding_alloc(const u8 *idi, u8 idi_len,
						  gfp_t gfp);
void lwip_segw_binding_free(struct lwip_segw_binding *b);
void lwip_segw_binding_free_rcu(struct lwip_segw_binding *b);

/* Id reservation happens outside the lock: it may sleep to allocate. */
int lwip_segw_table_reserve_id(struct lwip_segw_table *t, u32 *id);
void lwip_segw_table_unreserve_id(struct lwip_segw_table *t, u32 id);

/* The following need table->lock held. */
int lwip_segw_table_insert(struct lwip_segw_table *t,
			   struct lwip_segw_binding *b, u32 id,
			   struct lwip_segw_binding **conflict);
int lwip_segw_table_establish(struct lwip_segw_table *t,
			      struct lwip_segw_binding *b, u32 reqid,
			      __be32 inner, __be32 outer, u16 outer_port,
			      u8 ue_flags, struct lwip_segw_binding **conflict);
void lwip_segw_table_release(struct lwip_segw_table *t,
			     struct lwip_segw_binding *b, u8 reason);
void lwip_segw_table_unhash(struct lwip_segw_table *t,
			    struct lwip_segw_binding *b);
int lwip_segw_binding_set_enb(struct lwip_segw_binding *b,
			      const struct lwip_segw_endpoint *enb);
struct lwip_segw_binding *lwip_segw_table_by_id(struct lwip_segw_table *t,
						u32 id);
struct lwip_segw_binding *lwip_segw_table_by_mac(struct lwip_segw_table *t,
						 const u8 *mac);
struct lwip_segw_binding *lwip_segw_table_by_idi(struct lwip_segw_table *t,
						 const u8 *idi, u8 idi_len);
struct lwip_segw_binding *lwip_segw_table_by_inner(struct lwip_segw_table *t,
						   __be32 inner);

/* Lock-free lookups: caller holds rcu_read_lock() (or BH disabled). */
struct lwip_segw_binding *lwip_segw_table_by_reqid_rcu(struct lwip_segw_table *t,
						       u32 reqid);
struct lwip_segw_binding *lwip_segw_table_by_teid_rcu(struct lwip_segw_table *t,
						      u32 teid);
bool lwip_segw_table_is_enb_rcu(struct lwip_segw_table *t, __be32 addr,
				u16 port);

/* Sums of the per-CPU data-path counters, for STATS. */
void lwip_segw_table_sum(struct lwip_segw_table *t,
			 u64 ctr[LWIP_SEGW_CTR_MAX],
			 u64 drop[LWIP_SEGW_DROP_MAX]);

/* --- Accessors for the data path (RCU readers, no lock). --- */

static inline u8 lwip_segw_binding_state(const struct lwip_segw_binding *b)
{
	/* Pairs with smp_store_release() in lwip_segw_table_establish(). */
	return smp_load_acquire(&b->state);
}

/* True once the SA is up and until release; SA fields stable after it. */
static inline bool
lwip_segw_binding_established(const struct lwip_segw_binding *b)
{
	return lwip_segw_binding_state(b) == LWIP_SEGW_UE_ESTABLISHED;
}

static inline u32 lwip_segw_binding_id(const struct lwip_segw_binding *b)
{
	return b->id;
}

static inline u32 lwip_segw_binding_segw_teid(const struct lwip_segw_binding *b)
{
	return b->segw_teid;
}

/* Only meaningful after lwip_segw_binding_established() returned true. */
static inline __be32
lwip_segw_binding_inner_addr(const struct lwip_segw_binding *b)
{
	return b->inner_addr;
}

static inline __be32
lwip_segw_binding_outer_addr(const struct lwip_segw_binding *b)
{
	return b->outer_addr;
}

static inline u16 lwip_segw_binding_outer_port(const struct lwip_segw_binding *b)
{
	return b->outer_port;
}

static inline bool lwip_segw_binding_natt(const struct lwip_segw_binding *b)
{
	return b->ue_flags & LWIP_SEGW_UE_F_NATT;
}

/* A consistent copy of the eNB endpoint (it may change under UE_MODIFY). */
static inline void lwip_segw_binding_enb(const struct lwip_segw_binding *b,
					 struct lwip_segw_endpoint *out)
{
	unsigned int seq;

	do {
		seq = read_seqcount_begin(&b->enb_seq);
		*out = b->enb;
	} while (read_seqcount_retry(&b->enb_seq, seq));
}

static inline void lwip_segw_table_count_drop(struct lwip_segw_table *t,
					      enum lwip_segw_drop reason)
{
	struct lwip_segw_pcpu_stats *s = this_cpu_ptr(t->pcpu);
	unsigned long flags;

	flags = u64_stats_update_begin_irqsave(&s->syncp);
	u64_stats_inc(&s->drop[reason - 1]);
	u64_stats_update_end_irqrestore(&s->syncp, flags);
}

/* Counts a dropped packet against the UE and its netns. Lock-free. */
static inline void lwip_segw_binding_count_drop(struct lwip_segw_binding *b,
						enum lwip_segw_drop reason)
{
	if (unlikely(reason < 1 || reason > LWIP_SEGW_DROP_MAX))
		return;
	atomic64_inc(&b->drop[reason - 1]);
	lwip_segw_table_count_drop(b->table, reason);
}

static inline void lwip_segw_binding_count(struct lwip_segw_binding *b,
					   enum lwip_segw_counter packets,
					   unsigned int len)
{
	struct lwip_segw_pcpu_stats *s = this_cpu_ptr(b->table->pcpu);
	unsigned long flags;

	atomic64_inc(&b->ctr[packets - 1]);
	atomic64_add(len, &b->ctr[packets]);	/* the _BYTES counter */
	flags = u64_stats_update_begin_irqsave(&s->syncp);
	u64_stats_inc(&s->ctr[packets - 1]);
	u64_stats_add(&s->ctr[packets], len);
	u64_stats_update_end_irqrestore(&s->syncp, flags);
}

/* Counts one uplink packet of len octets relayed for the UE. */
static inline void lwip_segw_binding_count_ul(struct lwip_segw_binding *b,
					      unsigned int len)
{
	lwip_segw_binding_count(b, LWIP_SEGW_CTR_UL_PACKETS, len);
}

/* Counts one downlink packet of len octets sent towards the UE. */
static inline void lwip_segw_binding_count_dl(struct lwip_segw_binding *b,
					      unsigned int len)
{
	lwip_segw_binding_count(b, LWIP_SEGW_CTR_DL_PACKETS, len);
}

#endif /* _LWIP_SEGW_BINDING_H */
