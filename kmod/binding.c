// SPDX-License-Identifier: GPL-2.0
/*
 * The binding table: one xarray that owns the bindings and gives ordered,
 * resumable iteration for dumps, plus rhashtables for O(1) lookups by SeGW
 * TEID and reqid (data path, RCU) and by MAC, IDi and inner address
 * (duplicate checks, under the lock). See binding.h for the contract.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jhash.h>
#include <linux/netdevice.h>
#include <linux/random.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "binding.h"

/* The IDi key: variable length, so hashed and compared by hand. */
struct lwip_segw_idi_key {
	const u8 *data;
	u8 len;
};

static u32 lwip_segw_idi_hash(const void *data, u32 len, u32 seed)
{
	const struct lwip_segw_idi_key *key = data;

	return jhash(key->data, key->len, seed);
}

static u32 lwip_segw_idi_obj_hash(const void *data, u32 len, u32 seed)
{
	const struct lwip_segw_binding *b = data;

	return jhash(b->idi, b->idi_len, seed);
}

static int lwip_segw_idi_cmp(struct rhashtable_compare_arg *arg,
			     const void *obj)
{
	const struct lwip_segw_idi_key *key = arg->key;
	const struct lwip_segw_binding *b = obj;

	return b->idi_len != key->len || memcmp(b->idi, key->data, key->len);
}

static const struct rhashtable_params lwip_segw_teid_params = {
	.head_offset = offsetof(struct lwip_segw_binding, teid_node),
	.key_offset = offsetof(struct lwip_segw_binding, segw_teid),
	.key_len = sizeof_field(struct lwip_segw_binding, segw_teid),
	.automatic_shrinking = true,
};

static const struct rhashtable_params lwip_segw_reqid_params = {
	.head_offset = offsetof(struct lwip_segw_binding, reqid_node),
	.key_offset = offsetof(struct lwip_segw_binding, reqid),
	.key_len = sizeof_field(struct lwip_segw_binding, reqid),
	.automatic_shrinking = true,
};

static const struct rhashtable_params lwip_segw_inner_params = {
	.head_offset = offsetof(struct lwip_segw_binding, inner_node),
	.key_offset = offsetof(struct lwip_segw_binding, inner_addr),
	.key_len = sizeof_field(struct lwip_segw_binding, inner_addr),
	.automatic_shrinking = true,
};

static const struct rhashtable_params lwip_segw_mac_params = {
	.head_offset = offsetof(struct lwip_segw_binding, mac_node),
	.key_offset = offsetof(struct lwip_segw_binding, mac),
	.key_len = sizeof_field(struct lwip_segw_binding, mac),
	.automatic_shrinking = true,
};

static const struct rhashtable_params lwip_segw_idi_params = {
	.head_offset = offsetof(struct lwip_segw_binding, idi_node),
	.hashfn = lwip_segw_idi_hash,
	.obj_hashfn = lwip_segw_idi_obj_hash,
	.obj_cmpfn = lwip_segw_idi_cmp,
	.automatic_shrinking = true,
};

/*
 * An eNB endpoint in use, with the number of bindings that name it; under
 * the table lock. Freed after an RCU grace period: the SEC-7 guard looks
 * endpoints up locklessly.
 */
struct lwip_segw_enb_ep {
	struct rhash_head node;
	struct lwip_segw_endpoint key;	/* teid unused */
	u32 users;
	struct rcu_head rcu;
};

static const struct rhashtable_params lwip_segw_enb_params = {
	.head_offset = offsetof(struct lwip_segw_enb_ep, node),
	.key_offset = offsetof(struct lwip_segw_enb_ep, key),
	.key_len = LWIP_SEGW_ENB_KEY_LEN,
	.automatic_shrinking = true,
};

/* One more binding uses enb's endpoint. Under the lock; -ENOMEM or 0. */
static int lwip_segw_enb_get(struct lwip_segw_table *t,
			     const struct lwip_segw_endpoint *enb)
{
	struct lwip_segw_endpoint key = { .addr = enb->addr,
					  .port = enb->port };
	struct lwip_segw_enb_ep *ep;
	int err;

	lockdep_assert_held(&t->lock);
	ep = rhashtable_lookup_fast(&t->by_enb, &key, lwip_segw_enb_params);
	if (ep) {
		ep->users++;
		return 0;
	}
	ep = kzalloc(sizeof(*ep), GFP_ATOMIC);
	if (!ep)
		return -ENOMEM;
	ep->key = key;
	ep->users = 1;
	err = rhashtable_insert_fast(&t->by_enb, &ep->node,
				     lwip_segw_enb_params);
	if (err)
		kfree(ep);
	return err;
}

/* One binding less uses enb's endpoint. Under the lock. */
static void lwip_segw_enb_put(struct lwip_segw_table *t,
			      const struct lwip_segw_endpoint *enb)
{
	struct lwip_segw_endpoint key = { .addr = enb->addr,
					  .port = enb->port };
	struct lwip_segw_enb_ep *ep;

	lockdep_assert_held(&t->lock);
	ep = rhashtable_lookup_fast(&t->by_enb, &key, lwip_segw_enb_params);
	if (WARN_ON_ONCE(!ep) || --ep->users)
		return;
	rhashtable_remove_fast(&t->by_enb, &ep->node, lwip_segw_enb_params);
	kfree_rcu(ep, rcu);
}

int lwip_segw_table_init(struct lwip_segw_table *t)
{
	int err;

	spin_lock_init(&t->lock);
	/* Allocated ids start at 1; the xarray is only touched with BH off. */
	xa_init_flags(&t->by_id, XA_FLAGS_ALLOC1 | XA_FLAGS_LOCK_BH);
	t->next_id = 1;
	t->count = 0;
	t->gen = 1;	/* dumps use 0 as "no generation yet" */

	t->pcpu = netdev_alloc_pcpu_stats(struct lwip_segw_pcpu_stats);
	if (!t->pcpu)
		return -ENOMEM;
	err = rhashtable_init(&t->by_teid, &lwip_segw_teid_params);
	if (err)
		goto err_pcpu;
	err = rhashtable_init(&t->by_reqid, &lwip_segw_reqid_params);
	if (err)
		goto err_teid;
	err = rhashtable_init(&t->by_inner, &lwip_segw_inner_params);
	if (err)
		goto err_reqid;
	err = rhashtable_init(&t->by_mac, &lwip_segw_mac_params);
	if (err)
		goto err_inner;
	err = rhashtable_init(&t->by_idi, &lwip_segw_idi_params);
	if (err)
		goto err_mac;
	err = rhashtable_init(&t->by_enb, &lwip_segw_enb_params);
	if (err)
		goto err_idi;
	return 0;

err_idi:
	rhashtable_destroy(&t->by_idi);
err_mac:
	rhashtable_destroy(&t->by_mac);
err_inner:
	rhashtable_destroy(&t->by_inner);
err_reqid:
	rhashtable_destroy(&t->by_reqid);
err_teid:
	rhashtable_destroy(&t->by_teid);
err_pcpu:
	free_percpu(t->pcpu);
	return err;
}

/* The table must be empty: the caller unhashed and freed every binding. */
void lwip_segw_table_destroy(struct lwip_segw_table *t)
{
	WARN_ON(t->count);
	WARN_ON(!xa_empty(&t->by_id));
	rhashtable_destroy(&t->by_enb);
	rhashtable_destroy(&t->by_idi);
	rhashtable_destroy(&t->by_mac);
	rhashtable_destroy(&t->by_inner);
	rhashtable_destroy(&t->by_reqid);
	rhashtable_destroy(&t->by_teid);
	xa_destroy(&t->by_id);
	free_percpu(t->pcpu);
}

static struct kmem_cache *lwip_segw_binding_cache __read_mostly;

/*
 * Bindings come from their own cache, packed (no cache-line alignment): at
 * 100 000 UEs the memory matters more than the odd shared line, and the
 * data path reads a binding's first line (hash nodes, keys) only.
 */
int lwip_segw_binding_cache_init(void)
{
	lwip_segw_binding_cache = KMEM_CACHE(lwip_segw_binding, 0);
	return lwip_segw_binding_cache ? 0 : -ENOMEM;
}

/* After every binding is freed, RCU callbacks included (rcu_barrier()). */
void lwip_segw_binding_cache_exit(void)
{
	kmem_cache_destroy(lwip_segw_binding_cache);
}

struct lwip_segw_binding *lwip_segw_binding_alloc(const u8 *idi, u8 idi_len,
						  gfp_t gfp)
{
	struct lwip_segw_binding *b;

	b = kmem_cache_zalloc(lwip_segw_binding_cache, gfp);
	if (!b)
		return NULL;
	b->idi = kmemdup(idi, idi_len, gfp);
	if (!b->idi) {
		kmem_cache_free(lwip_segw_binding_cache, b);
		return NULL;
	}
	seqcount_init(&b->enb_seq);
	b->idi_len = idi_len;
	return b;
}

/* Frees a binding no RCU reader can see (never inserted, or after a GP). */
void lwip_segw_binding_free(struct lwip_segw_binding *b)
{
	if (!b)
		return;
	memzero_explicit(b->psk, sizeof(b->psk));
	kfree(b->idi);
	kmem_cache_free(lwip_segw_binding_cache, b);
}

static void lwip_segw_binding_free_cb(struct rcu_head *head)
{
	lwip_segw_binding_free(container_of(head, struct lwip_segw_binding,
					    rcu));
}

/*
 * Frees an unhashed binding once current RCU readers are done with it. The
 * caller guarantees its timer is neither pending nor re-armable (it was
 * unhashed under the lock, which every mod_timer() checks).
 */
void lwip_segw_binding_free_rcu(struct lwip_segw_binding *b)
{
	WARN_ON_ONCE(!b->unhashed);
	call_rcu(&b->rcu, lwip_segw_binding_free_cb);
}

int lwip_segw_table_reserve_id(struct lwip_segw_table *t, u32 *id)
{
	int err;

	/* A NULL entry reserves the index: invisible to loads and walks. */
	err = xa_alloc_cyclic_bh(&t->by_id, id, NULL, xa_limit_32b,
				 &t->next_id, GFP_KERNEL);
	return err < 0 ? err : 0;
}

void lwip_segw_table_unreserve_id(struct lwip_segw_table *t, u32 id)
{
	xa_erase_bh(&t->by_id, id);
}

/* Number of random draws before giving up on a free SeGW TEID. */
#define LWIP_SEGW_TEID_TRIES 16

/*
 * Inserts b, whose id was reserved, into every index but the SA ones, and
 * allocates its SeGW TEID. -EEXIST with *conflict set when another binding
 * has the same MAC or IDi. On error nothing of b is left in the table.
 */
int lwip_segw_table_insert(struct lwip_segw_table *t,
			   struct lwip_segw_binding *b, u32 id,
			   struct lwip_segw_binding **conflict)
{
	unsigned int tries;
	void *old;
	int err;

	lockdep_assert_held(&t->lock);
	*conflict = lwip_segw_table_by_mac(t, b->mac);
	if (!*conflict)
		*conflict = lwip_segw_table_by_idi(t, b->idi, b->idi_len);
	if (*conflict)
		return -EEXIST;

	b->table = t;
	b->id = id;
	err = -EAGAIN;
	for (tries = 0; tries < LWIP_SEGW_TEID_TRIES; tries++) {
		b->segw_teid = get_random_u32();
		if (!b->segw_teid)
			continue;
		err = rhashtable_lookup_insert_fast(&t->by_teid, &b->teid_node,
						    lwip_segw_teid_params);
		if (err != -EEXIST)
			break;
	}
	if (err)
		goto err_out;
	err = rhashtable_insert_fast(&t->by_mac, &b->mac_node,
				     lwip_segw_mac_params);
	if (err)
		goto err_teid;
	err = rhashtable_insert_fast(&t->by_idi, &b->idi_node,
				     lwip_segw_idi_params);
	if (err)
		goto err_mac;
	err = lwip_segw_enb_get(t, &b->enb);
	if (err)
		goto err_idi;
	/* Replacing the reserved entry allocates nothing, so cannot fail. */
	old = xa_store(&t->by_id, id, b, GFP_ATOMIC);
	if (WARN_ON_ONCE(xa_is_err(old))) {
		err = xa_err(old);
		goto err_enb;
	}
	t->count++;
	t->gen++;
	return 0;

err_enb:
	lwip_segw_enb_put(t, &b->enb);
err_idi:
	rhashtable_remove_fast(&t->by_idi, &b->idi_node, lwip_segw_idi_params);
err_mac:
	rhashtable_remove_fast(&t->by_mac, &b->mac_node, lwip_segw_mac_params);
err_teid:
	rhashtable_remove_fast(&t->by_teid, &b->teid_node,
			       lwip_segw_teid_params);
err_out:
	b->segw_teid = 0;
	b->table = NULL;
	return err;
}

/*
 * Records the SA of b and publishes it as ESTABLISHED. -EEXIST with
 * *conflict set when the reqid or the inner address is another binding's.
 */
int lwip_segw_table_establish(struct lwip_segw_table *t,
			      struct lwip_segw_binding *b, u32 reqid,
			      __be32 inner, __be32 outer, u16 outer_port,
			      u8 ue_flags, struct lwip_segw_binding **conflict)
{
	int err;

	lockdep_assert_held(&t->lock);
	if (WARN_ON_ONCE(b->reqid || !reqid || b->unhashed))
		return -EINVAL;
	*conflict = lwip_segw_table_by_reqid_rcu(t, reqid);
	if (!*conflict)
		*conflict = lwip_segw_table_by_inner(t, inner);
	if (*conflict)
		return -EEXIST;

	b->reqid = reqid;
	b->inner_addr = inner;
	b->outer_addr = outer;
	b->outer_port = outer_port;
	b->ue_flags = ue_flags;
	err = rhashtable_insert_fast(&t->by_inner, &b->inner_node,
				     lwip_segw_inner_params);
	if (err)
		goto err_clear;
	err = rhashtable_insert_fast(&t->by_reqid, &b->reqid_node,
				     lwip_segw_reqid_params);
	if (err)
		goto err_inner;
	/* Pairs with smp_load_acquire() in lwip_segw_binding_state(). */
	smp_store_release(&b->state, LWIP_SEGW_UE_ESTABLISHED);
	return 0;

err_inner:
	rhashtable_remove_fast(&t->by_inner, &b->inner_node,
			       lwip_segw_inner_params);
err_clear:
	b->reqid = 0;
	return err;
}

/*
 * Moves b to RELEASING: the data path drops its packets, its MAC and IDi are
 * free for a new binding; id, SeGW TEID and reqid stay indexed until
 * lwip_segw_table_unhash().
 */
void lwip_segw_table_release(struct lwip_segw_table *t,
			     struct lwip_segw_binding *b, u8 reason)
{
	lockdep_assert_held(&t->lock);
	if (WARN_ON_ONCE(b->unhashed || b->state == LWIP_SEGW_UE_RELEASING))
		return;
	if (b->state == LWIP_SEGW_UE_ESTABLISHED)
		rhashtable_remove_fast(&t->by_inner, &b->inner_node,
				       lwip_segw_inner_params);
	rhashtable_remove_fast(&t->by_idi, &b->idi_node, lwip_segw_idi_params);
	rhashtable_remove_fast(&t->by_mac, &b->mac_node, lwip_segw_mac_params);
	b->reason = reason;
	WRITE_ONCE(b->state, LWIP_SEGW_UE_RELEASING);
}

/*
 * Removes b from every index. Afterwards no new lookup finds it; the caller
 * makes sure its timer is dead and then calls lwip_segw_binding_free_rcu().
 */
void lwip_segw_table_unhash(struct lwip_segw_table *t,
			    struct lwip_segw_binding *b)
{
	lockdep_assert_held(&t->lock);
	if (WARN_ON_ONCE(b->unhashed))
		return;
	if (b->state != LWIP_SEGW_UE_RELEASING)
		lwip_segw_table_release(t, b, b->reason);
	if (b->reqid)
		rhashtable_remove_fast(&t->by_reqid, &b->reqid_node,
				       lwip_segw_reqid_params);
	rhashtable_remove_fast(&t->by_teid, &b->teid_node,
			       lwip_segw_teid_params);
	lwip_segw_enb_put(t, &b->enb);
	xa_erase(&t->by_id, b->id);
	b->unhashed = true;
	t->count--;
	t->gen++;
}

static void lwip_segw_binding_write_enb(struct lwip_segw_binding *b,
					const struct lwip_segw_endpoint *enb)
{
	write_seqcount_begin(&b->enb_seq);
	b->enb = *enb;
	write_seqcount_end(&b->enb_seq);
}

/*
 * Changes the eNB endpoint of an inserted binding and its count in by_enb.
 * On error (no memory to index the new endpoint) the old one stays.
 */
int lwip_segw_binding_set_enb(struct lwip_segw_binding *b,
			      const struct lwip_segw_endpoint *enb)
{
	struct lwip_segw_table *t = b->table;
	struct lwip_segw_endpoint old = b->enb;
	int err;

	/* Writers are serialized by the table lock, which also disables BH. */
	lockdep_assert_held(&t->lock);
	if (memcmp(&old, enb, LWIP_SEGW_ENB_KEY_LEN)) {
		err = lwip_segw_enb_get(t, enb);
		if (err)
			return err;
		lwip_segw_enb_put(t, &old);
	}
	lwip_segw_binding_write_enb(b, enb);
	return 0;
}

struct lwip_segw_binding *lwip_segw_table_by_id(struct lwip_segw_table *t,
						u32 id)
{
	lockdep_assert_held(&t->lock);
	return xa_load(&t->by_id, id);
}

struct lwip_segw_binding *lwip_segw_table_by_mac(struct lwip_segw_table *t,
						 const u8 *mac)
{
	lockdep_assert_held(&t->lock);
	return rhashtable_lookup_fast(&t->by_mac, mac, lwip_segw_mac_params);
}

struct lwip_segw_binding *lwip_segw_table_by_idi(struct lwip_segw_table *t,
						 const u8 *idi, u8 idi_len)
{
	struct lwip_segw_idi_key key = { .data = idi, .len = idi_len };

	lockdep_assert_held(&t->lock);
	return rhashtable_lookup_fast(&t->by_idi, &key, lwip_segw_idi_params);
}

struct lwip_segw_binding *lwip_segw_table_by_inner(struct lwip_segw_table *t,
						   __be32 inner)
{
	lockdep_assert_held(&t->lock);
	return rhashtable_lookup_fast(&t->by_inner, &inner,
				      lwip_segw_inner_params);
}

/* rhashtable_lookup_fast() takes rcu_read_lock() itself: fine nested too. */
struct lwip_segw_binding *lwip_segw_table_by_reqid_rcu(struct lwip_segw_table *t,
						       u32 reqid)
{
	return rhashtable_lookup_fast(&t->by_reqid, &reqid,
				      lwip_segw_reqid_params);
}

struct lwip_segw_binding *lwip_segw_table_by_teid_rcu(struct lwip_segw_table *t,
						      u32 teid)
{
	return rhashtable_lookup_fast(&t->by_teid, &teid,
				      lwip_segw_teid_params);
}

void lwip_segw_table_sum(struct lwip_segw_table *t,
			 u64 ctr[LWIP_SEGW_CTR_MAX],
			 u64 drop[LWIP_SEGW_DROP_MAX])
{
	unsigned int cpu, start, i;

	memset(ctr, 0, sizeof(u64) * LWIP_SEGW_CTR_MAX);
	memset(drop, 0, sizeof(u64) * LWIP_SEGW_DROP_MAX);
	for_each_possible_cpu(cpu) {
		const struct lwip_segw_pcpu_stats *s = per_cpu_ptr(t->pcpu, cpu);
		u64 c[LWIP_SEGW_CTR_MAX], d[LWIP_SEGW_DROP_MAX];

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			for (i = 0; i < LWIP_SEGW_CTR_MAX; i++)
				c[i] = u64_stats_read(&s->ctr[i]);
			for (i = 0; i < LWIP_SEGW_DROP_MAX; i++)
				d[i] = u64_stats_read(&s->drop[i]);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		for (i = 0; i < LWIP_SEGW_CTR_MAX; i++)
			ctr[i] += c[i];
		for (i = 0; i < LWIP_SEGW_DROP_MAX; i++)
			drop[i] += d[i];
	}
}

/* True when addr:port is the Xw-U endpoint of some UE's eNB. RCU reader. */
bool lwip_segw_table_is_enb_rcu(struct lwip_segw_table *t, __be32 addr,
				u16 port)
{
	struct lwip_segw_endpoint key = { .addr = addr, .port = port };

	return rhashtable_lookup(&t->by_enb, &key, lwip_segw_enb_params);
}
