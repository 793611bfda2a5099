// SPDX-License-Identifier: GPL-2.0
/*
 * Self-tests of the binding table, built only with LWIP_SEGW_DEBUG and run
 * from module init before anything is registered; a failure fails the load.
 *
 * A directed test walks every index through insert, duplicate, establish,
 * release and unhash; a randomized differential test runs thousands of
 * operations on the table and on a naive array model with tiny key spaces
 * (so that duplicates are frequent) and compares every outcome and lookup.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": selftest: " fmt

#include <linux/random.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "binding.h"
#include "binding_selftest.h"

/* Evaluates to true, after logging where, when cond does not hold. */
#define ST_FAIL(cond) ({						\
	bool __fail = !(cond);						\
									\
	if (__fail)							\
		pr_err("%s:%d: check failed: %s\n", __func__, __LINE__,	\
		       #cond);						\
	__fail;								\
})

static struct lwip_segw_binding *st_new(u8 mac_last, const char *idi)
{
	struct lwip_segw_binding *b;

	b = lwip_segw_binding_alloc((const u8 *)idi, strlen(idi), GFP_KERNEL);
	if (!b)
		return NULL;
	b->mac[0] = 0x02;
	b->mac[5] = mac_last;
	b->state = LWIP_SEGW_UE_PENDING;
	return b;
}

static int st_insert(struct lwip_segw_table *t, struct lwip_segw_binding *b,
		     struct lwip_segw_binding **conflict)
{
	u32 id;
	int err;

	err = lwip_segw_table_reserve_id(t, &id);
	if (err)
		return err;
	spin_lock_bh(&t->lock);
	err = lwip_segw_table_insert(t, b, id, conflict);
	spin_unlock_bh(&t->lock);
	if (err)
		lwip_segw_table_unreserve_id(t, id);
	return err;
}

static void st_unhash_free(struct lwip_segw_table *t,
			   struct lwip_segw_binding *b)
{
	spin_lock_bh(&t->lock);
	lwip_segw_table_unhash(t, b);
	spin_unlock_bh(&t->lock);
	/* The table is private to the test: no RCU reader can hold b. */
	lwip_segw_binding_free(b);
}

/* Lookups, establish and release of a and b; the caller holds the lock. */
static int st_directed_locked(struct lwip_segw_table *t,
			      struct lwip_segw_binding *a,
			      struct lwip_segw_binding *b)
{
	u8 mac[LWIP_SEGW_MAC_LEN] = { 0x02, 0, 0, 0, 0, 1 };
	struct lwip_segw_binding *conflict;
	int err;

	if (ST_FAIL(lwip_segw_table_by_id(t, a->id) == a))
		return -EINVAL;
	if (ST_FAIL(lwip_segw_table_by_id(t, b->id) == b))
		return -EINVAL;
	if (ST_FAIL(!lwip_segw_table_by_id(t, 0)))
		return -EINVAL;
	if (ST_FAIL(lwip_segw_table_by_mac(t, mac) == a))
		return -EINVAL;
	if (ST_FAIL(lwip_segw_table_by_idi(t, (const u8 *)"ue-b", 4) == b))
		return -EINVAL;
	if (ST_FAIL(!lwip_segw_table_by_idi(t, (const u8 *)"ue-", 3)))
		return -EINVAL;
	if (ST_FAIL(lwip_segw_table_by_teid_rcu(t, b->segw_teid) == b))
		return -EINVAL;
	if (ST_FAIL(!lwip_segw_table_by_reqid_rcu(t, 7)))
		return -EINVAL;

	err = lwip_segw_table_establish(t, a, 7, htonl(0x0a000001),
					htonl(0xc0000201), 4500,
					LWIP_SEGW_UE_F_NATT, &conflict);
	if (ST_FAIL(!err))
		return -EINVAL;
	if (ST_FAIL(lwip_segw_binding_established(a) && lwip_segw_binding_natt(a)))
		return -EINVAL;
	if (ST_FAIL(lwip_segw_table_by_reqid_rcu(t, 7) == a))
		return -EINVAL;
	if (ST_FAIL(lwip_segw_table_by_inner(t, htonl(0x0a000001)) == a))
		return -EINVAL;
	err = lwip_segw_table_establish(t, b, 7, htonl(0x0a000002), 1, 500, 0,
					&conflict);
	if (ST_FAIL(err == -EEXIST && conflict == a && !b->reqid))
		return -EINVAL;
	err = lwip_segw_table_establish(t, b, 8, htonl(0x0a000001), 1, 500, 0,
					&conflict);
	if (ST_FAIL(err == -EEXIST && conflict == a && !b->reqid))
		return -EINVAL;
	if (ST_FAIL(!lwip_segw_table_by_reqid_rcu(t, 8)))
		return -EINVAL;

	/* Released: MAC/IDi/inner free again, reqid still held (RELEASING). */
	lwip_segw_table_release(t, a, LWIP_SEGW_REASON_ENB_RELEASE);
	if (ST_FAIL(!lwip_segw_binding_established(a)))
		return -EINVAL;
	if (ST_FAIL(!lwip_segw_table_by_mac(t, mac)))
		return -EINVAL;
	if (ST_FAIL(!lwip_segw_table_by_idi(t, (const u8 *)"ue-a", 4)))
		return -EINVAL;
	if (ST_FAIL(!lwip_segw_table_by_inner(t, htonl(0x0a000001))))
		return -EINVAL;
	if (ST_FAIL(lwip_segw_table_by_reqid_rcu(t, 7) == a))
		return -EINVAL;
	if (ST_FAIL(lwip_segw_table_by_id(t, a->id) == a))
		return -EINVAL;
	return 0;
}

static int st_directed(struct lwip_segw_table *t)
{
	struct lwip_segw_binding *a, *b, *c, *conflict;
	int err;

	a = st_new(1, "ue-a");
	b = st_new(2, "ue-b");
	c = st_new(1, "ue-c");	/* same MAC as a */
	if (ST_FAIL(a && b && c))
		return -EINVAL;

	if (ST_FAIL(!st_insert(t, a, &conflict)))
		return -EINVAL;
	if (ST_FAIL(!st_insert(t, b, &conflict)))
		return -EINVAL;
	if (ST_FAIL(a->id && b->id && a->id != b->id))
		return -EINVAL;
	if (ST_FAIL(a->segw_teid && b->segw_teid && a->segw_teid != b->segw_teid))
		return -EINVAL;
	if (ST_FAIL(t->count == 2))
		return -EINVAL;

	err = st_insert(t, c, &conflict);
	if (ST_FAIL(err == -EEXIST && conflict == a))
		return -EINVAL;
	memcpy(c->idi, "ue-b", 4);	/* same IDi as b, fresh MAC */
	c->mac[5] = 3;
	err = st_insert(t, c, &conflict);
	if (ST_FAIL(err == -EEXIST && conflict == b))
		return -EINVAL;
	if (ST_FAIL(t->count == 2))
		return -EINVAL;

	spin_lock_bh(&t->lock);
	err = st_directed_locked(t, a, b);
	spin_unlock_bh(&t->lock);
	if (err)
		return err;

	c->mac[5] = 1;	/* a's MAC is free now */
	memcpy(c->idi, "ue-c", 4);
	if (ST_FAIL(!st_insert(t, c, &conflict)))
		return -EINVAL;

	st_unhash_free(t, a);
	if (ST_FAIL(!lwip_segw_table_by_reqid_rcu(t, 7)))
		return -EINVAL;
	st_unhash_free(t, b);
	st_unhash_free(t, c);
	if (ST_FAIL(t->count == 0))
		return -EINVAL;
	if (ST_FAIL(xa_empty(&t->by_id)))
		return -EINVAL;
	return 0;
}

/* --- Randomized differential test against a naive array. --- */

#define ST_SLOTS	512	/* model capacity */
#define ST_OPS		8000
#define ST_KEYS		64	/* tiny key spaces: many collisions */

struct st_model {
	struct lwip_segw_binding *b;	/* NULL: free slot */
	u8 mac;
	u8 idi;
	u32 reqid;
	u32 inner;
	u8 state;
};

static u32 st_rand(u32 n)
{
	return get_random_u32() % n;
}

static struct st_model *st_find(struct st_model *m, bool (*match)(struct st_model *, u32),
				u32 key)
{
	unsigned int i;

	for (i = 0; i < ST_SLOTS; i++)
		if (m[i].b && match(&m[i], key))
			return &m[i];
	return NULL;
}

static bool st_is_mac(struct st_model *e, u32 k)
{
	return e->state != LWIP_SEGW_UE_RELEASING && e->mac == k;
}

static bool st_is_idi(struct st_model *e, u32 k)
{
	return e->state != LWIP_SEGW_UE_RELEASING && e->idi == k;
}

static bool st_is_reqid(struct st_model *e, u32 k)
{
	return e->reqid && e->reqid == k;
}

static bool st_is_inner(struct st_model *e, u32 k)
{
	return e->state == LWIP_SEGW_UE_ESTABLISHED && e->inner == k;
}

/* Every lookup of every key agrees with the model. Lock held. */
static int st_compare(struct lwip_segw_table *t, struct st_model *m)
{
	struct st_model *e;
	unsigned int n = 0, i;
	char idi[8];
	u8 mac[LWIP_SEGW_MAC_LEN] = { 0x02 };
	u32 k;

	for (k = 0; k < ST_KEYS; k++) {
		struct lwip_segw_binding *got;

		mac[5] = k;
		e = st_find(m, st_is_mac, k);
		got = lwip_segw_table_by_mac(t, mac);
		if (ST_FAIL(got == (e ? e->b : NULL)))
			return -EINVAL;
		snprintf(idi, sizeof(idi), "i%u", k);
		e = st_find(m, st_is_idi, k);
		got = lwip_segw_table_by_idi(t, (const u8 *)idi, strlen(idi));
		if (ST_FAIL(got == (e ? e->b : NULL)))
			return -EINVAL;
		e = st_find(m, st_is_reqid, k + 1);
		got = lwip_segw_table_by_reqid_rcu(t, k + 1);
		if (ST_FAIL(got == (e ? e->b : NULL)))
			return -EINVAL;
		e = st_find(m, st_is_inner, k + 1);
		got = lwip_segw_table_by_inner(t, htonl(k + 1));
		if (ST_FAIL(got == (e ? e->b : NULL)))
			return -EINVAL;
	}
	for (i = 0; i < ST_SLOTS; i++) {
		if (!m[i].b)
			continue;
		n++;
		if (ST_FAIL(lwip_segw_table_by_id(t, m[i].b->id) == m[i].b))
			return -EINVAL;
		if (ST_FAIL(lwip_segw_table_by_teid_rcu(t, m[i].b->segw_teid) ==
			 m[i].b))
			return -EINVAL;
		if (ST_FAIL(m[i].b->state == m[i].state))
			return -EINVAL;
	}
	if (ST_FAIL(n == t->count))
		return -EINVAL;
	return 0;
}

static int st_op_add(struct lwip_segw_table *t, struct st_model *m,
		     unsigned int slot)
{
	struct lwip_segw_binding *b, *conflict;
	u8 mac = st_rand(ST_KEYS), idik = st_rand(ST_KEYS);
	struct st_model *dup;
	char idi[8];
	int err;

	snprintf(idi, sizeof(idi), "i%u", idik);
	b = st_new(mac, idi);
	if (!b)
		return -ENOMEM;
	dup = st_find(m, st_is_mac, mac);
	if (!dup)
		dup = st_find(m, st_is_idi, idik);
	err = st_insert(t, b, &conflict);
	if (dup) {
		lwip_segw_binding_free(b);
		if (ST_FAIL(err == -EEXIST && conflict == dup->b))
			return -EINVAL;
		return 0;
	}
	if (err) {
		lwip_segw_binding_free(b);
		return err;
	}
	m[slot] = (struct st_model){ .b = b, .mac = mac, .idi = idik,
				     .state = LWIP_SEGW_UE_PENDING };
	return 0;
}

static int st_op_establish(struct lwip_segw_table *t, struct st_model *m,
			   struct st_model *e)
{
	u32 reqid = st_rand(ST_KEYS) + 1, inner = st_rand(ST_KEYS) + 1;
	struct lwip_segw_binding *conflict;
	struct st_model *dup;
	int err;

	if (e->state != LWIP_SEGW_UE_PENDING)
		return 0;
	dup = st_find(m, st_is_reqid, reqid);
	if (!dup)
		dup = st_find(m, st_is_inner, inner);
	spin_lock_bh(&t->lock);
	err = lwip_segw_table_establish(t, e->b, reqid, htonl(inner), 1, 4500,
					0, &conflict);
	spin_unlock_bh(&t->lock);
	if (dup) {
		if (ST_FAIL(err == -EEXIST && conflict == dup->b))
			return -EINVAL;
		return 0;
	}
	if (ST_FAIL(!err))
		return -EINVAL;
	e->reqid = reqid;
	e->inner = inner;
	e->state = LWIP_SEGW_UE_ESTABLISHED;
	return 0;
}

static int st_differential(struct lwip_segw_table *t)
{
	struct st_model *m;
	unsigned int op, i;
	int err = 0;

	m = kvcalloc(ST_SLOTS, sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	for (op = 0; op < ST_OPS && !err; op++) {
		unsigned int slot = st_rand(ST_SLOTS);
		struct st_model *e = &m[slot];

		if (!e->b) {
			err = st_op_add(t, m, slot);
		} else {
			switch (st_rand(4)) {
			case 0:
			case 1:
				err = st_op_establish(t, m, e);
				break;
			case 2:
				if (e->state == LWIP_SEGW_UE_RELEASING)
					break;
				spin_lock_bh(&t->lock);
				lwip_segw_table_release(t, e->b, 1);
				spin_unlock_bh(&t->lock);
				e->state = LWIP_SEGW_UE_RELEASING;
				break;
			case 3:
				st_unhash_free(t, e->b);
				memset(e, 0, sizeof(*e));
				break;
			}
		}
		if (!err && (op % 64 == 0 || op == ST_OPS - 1)) {
			spin_lock_bh(&t->lock);
			err = st_compare(t, m);
			spin_unlock_bh(&t->lock);
		}
	}
	if (err)
		pr_err("differential test failed at op %u\n", op);
	for (i = 0; i < ST_SLOTS; i++)
		if (m[i].b)
			st_unhash_free(t, m[i].b);
	kvfree(m);
	return err;
}

static bool st_is_enb(struct lwip_segw_table *t, u32 addr, u16 port)
{
	bool found;

	rcu_read_lock();
	found = lwip_segw_table_is_enb_rcu(t, htonl(addr), port);
	rcu_read_unlock();
	return found;
}

/*
 * The eNB endpoint index counts users: an endpoint stays known while any
 * binding names it, moves with set_enb and goes with its last binding.
 */
static int st_enb_endpoints(struct lwip_segw_table *t)
{
	const struct lwip_segw_endpoint e1 = { htonl(0x0a140002), 2152, 1 };
	const struct lwip_segw_endpoint e2 = { htonl(0x0a140003), 2152, 2 };
	struct lwip_segw_binding *a, *b, *conflict;
	int err;

	a = st_new(0x21, "enb-a");
	b = st_new(0x22, "enb-b");
	if (ST_FAIL(a && b)) {
		lwip_segw_binding_free(a);
		lwip_segw_binding_free(b);
		return -ENOMEM;
	}
	a->enb = e1;
	b->enb = e1;
	if (ST_FAIL(!st_insert(t, a, &conflict) && !st_insert(t, b, &conflict)))
		return -EINVAL;
	if (ST_FAIL(st_is_enb(t, 0x0a140002, 2152) &&
		    !st_is_enb(t, 0x0a140002, 2153)))
		return -EINVAL;
	spin_lock_bh(&t->lock);
	err = lwip_segw_binding_set_enb(a, &e2);
	spin_unlock_bh(&t->lock);
	if (ST_FAIL(!err && a->enb.teid == 2))
		return -EINVAL;
	if (ST_FAIL(st_is_enb(t, 0x0a140002, 2152) &&
		    st_is_enb(t, 0x0a140003, 2152)))
		return -EINVAL;
	st_unhash_free(t, b);		/* e1's last user */
	if (ST_FAIL(!st_is_enb(t, 0x0a140002, 2152) &&
		    st_is_enb(t, 0x0a140003, 2152)))
		return -EINVAL;
	st_unhash_free(t, a);
	if (ST_FAIL(!st_is_enb(t, 0x0a140003, 2152)))
		return -EINVAL;
	return 0;
}

int lwip_segw_binding_selftest(void)
{
	struct lwip_segw_table *t;
	int err;

	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	err = lwip_segw_table_init(t);
	if (err)
		goto out_free;
	err = st_directed(t);
	if (!err)
		err = st_enb_endpoints(t);
	if (!err)
		err = st_differential(t);
	lwip_segw_table_destroy(t);
out_free:
	kfree(t);
	if (err)
		pr_err("binding table self-tests: FAIL (%d)\n", err);
	else
		pr_info("binding table self-tests: pass (directed, %u random ops)\n",
			ST_OPS);
	return err;
}
