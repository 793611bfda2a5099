// SPDX-License-Identifier: GPL-2.0
/*
 * The "lwip_segw" generic netlink family; the uapi header documents every
 * command. Handlers follow one pattern: validate what the policy cannot,
 * allocate every message before taking the table lock, mutate and fill the
 * messages under it, send after it. Nothing is half-created on any error.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/in.h>
#include <linux/jiffies.h>
#include <linux/netlink.h>
#include <linux/notifier.h>
#include <linux/string.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "netlink.h"
#include "netns.h"
#include "ue.h"
#include "uplink.h"
#include "xwu.h"

static struct genl_family lwip_segw_family;

enum lwip_segw_mcgrp {
	LWIP_SEGW_MCGRP_EVENTS_IDX,
};

static const struct genl_multicast_group lwip_segw_mcgrps[] = {
	[LWIP_SEGW_MCGRP_EVENTS_IDX] = {
		.name = LWIP_SEGW_MCGRP_EVENTS,
		/* Events name UEs (MAC, IDi): privileged listeners only. */
		.flags = GENL_MCAST_CAP_NET_ADMIN,
	},
};

/* --- Policies: one per command, strict; unlisted attributes are refused. */

/* Not const: 6.1's struct nla_policy points to a mutable range. */
static struct netlink_range_validation lwip_segw_window_range = {
	.min = 0,
	.max = LWIP_SEGW_WINDOW_MAX,
};

static struct netlink_range_validation lwip_segw_grace_range = {
	.min = 1,
	.max = LWIP_SEGW_GRACE_MAX,
};

#define LWIP_SEGW_POL_ID	NLA_POLICY_MIN(NLA_U32, 1)
#define LWIP_SEGW_POL_PORT	NLA_POLICY_MIN(NLA_U16, 1)
#define LWIP_SEGW_POL_TEID	NLA_POLICY_MIN(NLA_U32, 1)
#define LWIP_SEGW_POL_WINDOW	NLA_POLICY_FULL_RANGE(NLA_U32, \
						      &lwip_segw_window_range)
#define LWIP_SEGW_POL_REASON	NLA_POLICY_RANGE(NLA_U8, 1, \
						 LWIP_SEGW_REASON_MAX)
#define LWIP_SEGW_POL_ADDR	{ .type = NLA_BE32 }

static const struct nla_policy lwip_segw_set_config_policy[LWIP_SEGW_A_MAX + 1] = {
	[LWIP_SEGW_A_SEGW_ADDR] = LWIP_SEGW_POL_ADDR,
	[LWIP_SEGW_A_XWU_ADDR] = LWIP_SEGW_POL_ADDR,
	[LWIP_SEGW_A_XWU_PORT] = LWIP_SEGW_POL_PORT,
	[LWIP_SEGW_A_WINDOW] = LWIP_SEGW_POL_WINDOW,
	[LWIP_SEGW_A_GRACE] = NLA_POLICY_FULL_RANGE(NLA_U32,
						    &lwip_segw_grace_range),
	[LWIP_SEGW_A_UPLINK] = NLA_POLICY_RANGE(NLA_U8, 1,
						LWIP_SEGW_UPLINK_MAX),
};

static const struct nla_policy lwip_segw_ue_add_policy[LWIP_SEGW_A_MAX + 1] = {
	[LWIP_SEGW_A_UE_MAC] = NLA_POLICY_EXACT_LEN(LWIP_SEGW_MAC_LEN),
	[LWIP_SEGW_A_UE_IDI] = NLA_POLICY_RANGE(NLA_BINARY, 1,
						LWIP_SEGW_IDI_MAX_LEN),
	[LWIP_SEGW_A_UE_IDI_TYPE] = NLA_POLICY_RANGE(NLA_U8, 1,
						     LWIP_SEGW_IDI_MAX),
	[LWIP_SEGW_A_UE_PSK] = NLA_POLICY_EXACT_LEN(LWIP_SEGW_PSK_LEN),
	[LWIP_SEGW_A_ENB_ADDR] = LWIP_SEGW_POL_ADDR,
	[LWIP_SEGW_A_ENB_PORT] = LWIP_SEGW_POL_PORT,
	[LWIP_SEGW_A_ENB_TEID] = LWIP_SEGW_POL_TEID,
	[LWIP_SEGW_A_WINDOW] = LWIP_SEGW_POL_WINDOW,
};

static const struct nla_policy lwip_segw_ue_modify_policy[LWIP_SEGW_A_MAX + 1] = {
	[LWIP_SEGW_A_UE_ID] = LWIP_SEGW_POL_ID,
	[LWIP_SEGW_A_ENB_ADDR] = LWIP_SEGW_POL_ADDR,
	[LWIP_SEGW_A_ENB_PORT] = LWIP_SEGW_POL_PORT,
	[LWIP_SEGW_A_ENB_TEID] = LWIP_SEGW_POL_TEID,
	[LWIP_SEGW_A_WINDOW] = LWIP_SEGW_POL_WINDOW,
};

static const struct nla_policy lwip_segw_ue_release_policy[LWIP_SEGW_A_MAX + 1] = {
	[LWIP_SEGW_A_UE_ID] = LWIP_SEGW_POL_ID,
	[LWIP_SEGW_A_REASON] = LWIP_SEGW_POL_REASON,
};

static const struct nla_policy lwip_segw_ue_get_policy[LWIP_SEGW_A_MAX + 1] = {
	[LWIP_SEGW_A_UE_ID] = LWIP_SEGW_POL_ID,
};

static const struct nla_policy lwip_segw_ue_report_policy[LWIP_SEGW_A_MAX + 1] = {
	[LWIP_SEGW_A_UE_ID] = LWIP_SEGW_POL_ID,
	[LWIP_SEGW_A_REPORT] = NLA_POLICY_RANGE(NLA_U8, 1,
						LWIP_SEGW_REPORT_MAX),
	[LWIP_SEGW_A_REQID] = NLA_POLICY_MIN(NLA_U32, 1),
	[LWIP_SEGW_A_INNER_ADDR] = LWIP_SEGW_POL_ADDR,
	[LWIP_SEGW_A_OUTER_ADDR] = LWIP_SEGW_POL_ADDR,
	[LWIP_SEGW_A_OUTER_PORT] = LWIP_SEGW_POL_PORT,
	[LWIP_SEGW_A_UE_FLAGS] = NLA_POLICY_MASK(NLA_U32, LWIP_SEGW_UE_F_ALL),
	[LWIP_SEGW_A_REASON] = LWIP_SEGW_POL_REASON,
	[LWIP_SEGW_A_REASON_TEXT] = { .type = NLA_NUL_STRING,
				      .len = LWIP_SEGW_REASON_TEXT_MAX },
};

/* Commands without attributes get an all-reject policy. */
static const struct nla_policy lwip_segw_empty_policy[LWIP_SEGW_A_MAX + 1] = {
};

/* Reports a missing required attribute; evaluates to true if it is missing. */
#define LWIP_SEGW_REQUIRE(info, attr, msg) ({				\
	struct genl_info *__info = (info);				\
	u32 __attr = (attr);						\
	bool __missing = !__info->attrs[__attr];			\
									\
	if (__missing) {						\
		NL_SET_ERR_MSG_MOD(__info->extack, msg);		\
		NL_SET_ERR_ATTR_MISS(__info->extack, NULL, __attr);	\
	}								\
	__missing;							\
})

/*
 * Addresses the module sends to, or takes as one host's, must name one host:
 * not 0.0.0.0/8, multicast or the limited broadcast (a multicast eNB
 * endpoint would hand a UE's traffic to a group, SEC-8). Evaluates to true,
 * with "<what> must be..." and the attribute in the extack, if attr is
 * present and refused.
 */
#define LWIP_SEGW_NOT_UNICAST_MSG \
	" must be a unicast address, not 0.0.0.0/8, multicast or broadcast"
#define LWIP_SEGW_NOT_UNICAST(info, attr, what) ({			\
	struct genl_info *__info = (info);				\
	struct nlattr *__a = __info->attrs[attr];			\
	bool __bad = __a && !lwip_segw_addr_unicast(nla_get_in_addr(__a)); \
									\
	if (__bad)							\
		NL_SET_ERR_MSG_ATTR(__info->extack, __a, what		\
				    LWIP_SEGW_NOT_UNICAST_MSG);		\
	__bad;								\
})

static bool lwip_segw_addr_unicast(__be32 a)
{
	/* ipv4_is_zeronet() only means 0.0.0.0 since 5.x. */
	return (a & htonl(0xff000000)) && !ipv4_is_multicast(a) &&
	       !ipv4_is_lbcast(a);
}

/* Stand-ins for lwip_segw_nla_u8_or()/lwip_segw_nla_u32_or() (Linux 6.12). */
static u8 lwip_segw_nla_u8_or(const struct nlattr *nla, u8 def)
{
	return nla ? nla_get_u8(nla) : def;
}

static u32 lwip_segw_nla_u32_or(const struct nlattr *nla, u32 def)
{
	return nla ? nla_get_u32(nla) : def;
}

static struct lwip_segw_net *lwip_segw_info_ln(struct genl_info *info)
{
	return lwip_segw_net(genl_info_net(info));
}

/* --- Message encoding. --- */

/* What lwip_segw_nl_put_ue() includes besides the public fields. */
#define LWIP_SEGW_PUT_PSK	BIT(0)	/* only for the agent */
#define LWIP_SEGW_PUT_COUNTERS	BIT(1)

static int lwip_segw_put_counters(struct sk_buff *skb,
				  const struct lwip_segw_binding *b)
{
	struct nlattr *nest;
	unsigned int i;

	nest = nla_nest_start(skb, LWIP_SEGW_A_COUNTERS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < LWIP_SEGW_CTR_MAX; i++)
		if (nla_put_u64_64bit(skb, i + 1, atomic64_read(&b->ctr[i]),
				      LWIP_SEGW_CTR_UNSPEC))
			goto cancel;
	nla_nest_end(skb, nest);

	nest = nla_nest_start(skb, LWIP_SEGW_A_DROPS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < LWIP_SEGW_DROP_MAX; i++)
		if (nla_put_u64_64bit(skb, i + 1, atomic64_read(&b->drop[i]),
				      LWIP_SEGW_DROP_UNSPEC))
			goto cancel;
	nla_nest_end(skb, nest);
	return 0;

cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

static int lwip_segw_put_sa(struct sk_buff *skb,
			    const struct lwip_segw_binding *b)
{
	if (!b->reqid)
		return 0;
	if (nla_put_u32(skb, LWIP_SEGW_A_REQID, b->reqid) ||
	    nla_put_in_addr(skb, LWIP_SEGW_A_INNER_ADDR, b->inner_addr) ||
	    nla_put_in_addr(skb, LWIP_SEGW_A_OUTER_ADDR, b->outer_addr) ||
	    nla_put_u16(skb, LWIP_SEGW_A_OUTER_PORT, b->outer_port) ||
	    nla_put_u32(skb, LWIP_SEGW_A_UE_FLAGS, b->ue_flags))
		return -EMSGSIZE;
	return 0;
}

static int lwip_segw_put_ue_ids(struct sk_buff *skb,
				const struct lwip_segw_binding *b)
{
	if (nla_put_u32(skb, LWIP_SEGW_A_UE_ID, b->id) ||
	    nla_put_u8(skb, LWIP_SEGW_A_UE_STATE, b->state) ||
	    nla_put(skb, LWIP_SEGW_A_UE_MAC, LWIP_SEGW_MAC_LEN, b->mac) ||
	    nla_put(skb, LWIP_SEGW_A_UE_IDI, b->idi_len, b->idi) ||
	    nla_put_u8(skb, LWIP_SEGW_A_UE_IDI_TYPE, b->idi_type) ||
	    nla_put_u32(skb, LWIP_SEGW_A_SEGW_TEID, b->segw_teid))
		return -EMSGSIZE;
	return 0;
}

/* Under the table lock: fields of b are stable. */
static int lwip_segw_nl_put_ue(struct sk_buff *skb,
			       const struct lwip_segw_binding *b,
			       unsigned int parts)
{
	lockdep_assert_held(&b->table->lock);
	if (lwip_segw_put_ue_ids(skb, b) ||
	    nla_put_in_addr(skb, LWIP_SEGW_A_ENB_ADDR, b->enb.addr) ||
	    nla_put_u16(skb, LWIP_SEGW_A_ENB_PORT, b->enb.port) ||
	    nla_put_u32(skb, LWIP_SEGW_A_ENB_TEID, b->enb.teid) ||
	    nla_put_u32(skb, LWIP_SEGW_A_WINDOW, b->window))
		return -EMSGSIZE;
	if (b->timer_armed && b->state != LWIP_SEGW_UE_RELEASING) {
		long left = (long)(b->deadline - jiffies);

		if (nla_put_u32(skb, LWIP_SEGW_A_WINDOW_LEFT_MS,
				left > 0 ? jiffies_to_msecs(left) : 0))
			return -EMSGSIZE;
	}
	if (lwip_segw_put_sa(skb, b))
		return -EMSGSIZE;
	if (b->state == LWIP_SEGW_UE_RELEASING &&
	    nla_put_u8(skb, LWIP_SEGW_A_REASON, b->reason))
		return -EMSGSIZE;
	/* The agent rebuilds a UE from this alone, like from UE_REQUEST. */
	if ((parts & LWIP_SEGW_PUT_PSK) &&
	    (nla_put(skb, LWIP_SEGW_A_UE_PSK, LWIP_SEGW_PSK_LEN, b->psk) ||
	     nla_put_in_addr(skb, LWIP_SEGW_A_SEGW_ADDR,
			     container_of(b->table, struct lwip_segw_net,
					  table)->segw_addr)))
		return -EMSGSIZE;
	if ((parts & LWIP_SEGW_PUT_COUNTERS) && lwip_segw_put_counters(skb, b))
		return -EMSGSIZE;
	return 0;
}

int lwip_segw_nl_fill_event(struct sk_buff *skb,
			    const struct lwip_segw_binding *b, u8 event,
			    const char *text)
{
	void *hdr;

	hdr = genlmsg_put(skb, 0, 0, &lwip_segw_family, 0,
			  LWIP_SEGW_CMD_UE_EVENT);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u8(skb, LWIP_SEGW_A_EVENT, event) ||
	    lwip_segw_put_ue_ids(skb, b))
		goto cancel;
	if (event == LWIP_SEGW_EVENT_ESTABLISHED && lwip_segw_put_sa(skb, b))
		goto cancel;
	if (event == LWIP_SEGW_EVENT_RELEASED &&
	    (nla_put_u8(skb, LWIP_SEGW_A_REASON, b->reason) ||
	     (text && nla_put_string(skb, LWIP_SEGW_A_REASON_TEXT, text))))
		goto cancel;
	genlmsg_end(skb, hdr);
	return 0;

cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

int lwip_segw_nl_fill_agent_release(struct sk_buff *skb,
				    const struct lwip_segw_binding *b)
{
	void *hdr;

	hdr = genlmsg_put(skb, 0, 0, &lwip_segw_family, 0,
			  LWIP_SEGW_CMD_UE_RELEASE);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, LWIP_SEGW_A_UE_ID, b->id) ||
	    nla_put(skb, LWIP_SEGW_A_UE_IDI, b->idi_len, b->idi) ||
	    nla_put_u8(skb, LWIP_SEGW_A_UE_IDI_TYPE, b->idi_type) ||
	    nla_put_u8(skb, LWIP_SEGW_A_REASON, b->reason)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* The request to the agent: the only message besides AGENT_SYNC with a PSK. */
static int lwip_segw_nl_fill_request(struct sk_buff *skb,
				     struct lwip_segw_net *ln,
				     const struct lwip_segw_binding *b)
{
	void *hdr;

	hdr = genlmsg_put(skb, 0, 0, &lwip_segw_family, 0,
			  LWIP_SEGW_CMD_UE_REQUEST);
	if (!hdr)
		return -EMSGSIZE;
	if (lwip_segw_put_ue_ids(skb, b) ||
	    nla_put(skb, LWIP_SEGW_A_UE_PSK, LWIP_SEGW_PSK_LEN, b->psk) ||
	    nla_put_in_addr(skb, LWIP_SEGW_A_SEGW_ADDR, ln->segw_addr) ||
	    nla_put_u32(skb, LWIP_SEGW_A_WINDOW, b->window)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

bool lwip_segw_nl_has_listeners(struct lwip_segw_net *ln)
{
	return genl_has_listeners(&lwip_segw_family, lwip_segw_net_net(ln),
				  LWIP_SEGW_MCGRP_EVENTS_IDX);
}

void lwip_segw_nl_multicast(struct lwip_segw_net *ln, struct sk_buff *skb)
{
	genlmsg_multicast_netns(&lwip_segw_family, lwip_segw_net_net(ln), skb,
				0, LWIP_SEGW_MCGRP_EVENTS_IDX, GFP_ATOMIC);
}

int lwip_segw_nl_unicast(struct lwip_segw_net *ln, struct sk_buff *skb,
			 u32 portid)
{
	return genlmsg_unicast(lwip_segw_net_net(ln), skb, portid);
}

/* --- Settings. --- */

static int lwip_segw_put_config(struct sk_buff *skb, struct lwip_segw_net *ln)
{
	lockdep_assert_held(&ln->table.lock);
	if ((ln->segw_addr &&
	     nla_put_in_addr(skb, LWIP_SEGW_A_SEGW_ADDR, ln->segw_addr)) ||
	    (ln->xwu_addr &&
	     nla_put_in_addr(skb, LWIP_SEGW_A_XWU_ADDR, ln->xwu_addr)) ||
	    nla_put_u16(skb, LWIP_SEGW_A_XWU_PORT, ln->xwu_port) ||
	    nla_put_u32(skb, LWIP_SEGW_A_WINDOW, ln->window) ||
	    nla_put_u32(skb, LWIP_SEGW_A_GRACE, ln->grace) ||
	    nla_put_u8(skb, LWIP_SEGW_A_UPLINK, ln->uplink_mode) ||
	    nla_put_u32(skb, LWIP_SEGW_A_AGENT_PORTID,
			lwip_segw_agent_portid_locked(ln)) ||
	    nla_put_u32(skb, LWIP_SEGW_A_UE_COUNT, ln->table.count))
		return -EMSGSIZE;
	return 0;
}

static int lwip_segw_set_config_doit(struct sk_buff *skb,
				     struct genl_info *info)
{
	struct lwip_segw_net *ln = lwip_segw_info_ln(info);
	struct nlattr **attrs = info->attrs;
	__be32 segw_addr = 0, xwu_addr = 0, new_xwu_addr;
	struct net *net = genl_info_net(info);
	u16 xwu_port, new_xwu_port;
	bool hooked_now = false;
	u8 uplink;
	int err = 0;

	if (!attrs[LWIP_SEGW_A_SEGW_ADDR] && !attrs[LWIP_SEGW_A_XWU_ADDR] &&
	    !attrs[LWIP_SEGW_A_XWU_PORT] && !attrs[LWIP_SEGW_A_WINDOW] &&
	    !attrs[LWIP_SEGW_A_GRACE] && !attrs[LWIP_SEGW_A_UPLINK]) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "nothing to set: give an address, port, window, grace or uplink mode");
		return -EINVAL;
	}
	uplink = lwip_segw_nla_u8_or(attrs[LWIP_SEGW_A_UPLINK],
				     LWIP_SEGW_UPLINK_UNSPEC);
	if (LWIP_SEGW_NOT_UNICAST(info, LWIP_SEGW_A_SEGW_ADDR,
				  "SeGW public address") ||
	    LWIP_SEGW_NOT_UNICAST(info, LWIP_SEGW_A_XWU_ADDR,
				  "Xw-U address"))
		return -EINVAL;
	if (attrs[LWIP_SEGW_A_SEGW_ADDR])
		segw_addr = nla_get_in_addr(attrs[LWIP_SEGW_A_SEGW_ADDR]);
	if (attrs[LWIP_SEGW_A_XWU_ADDR])
		xwu_addr = nla_get_in_addr(attrs[LWIP_SEGW_A_XWU_ADDR]);

	xwu_port = attrs[LWIP_SEGW_A_XWU_PORT] ?
		   nla_get_u16(attrs[LWIP_SEGW_A_XWU_PORT]) : 0;

	spin_lock_bh(&ln->table.lock);
	/* The UEs and eNBs were given the current endpoints. */
	if (ln->table.count &&
	    ((segw_addr && segw_addr != ln->segw_addr) ||
	     (xwu_addr && xwu_addr != ln->xwu_addr) ||
	     (xwu_port && xwu_port != ln->xwu_port))) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "cannot change SeGW or Xw-U endpoints while UEs are bound: release them first");
		err = -EBUSY;
		goto out_unlock;
	}
	new_xwu_addr = xwu_addr ?: ln->xwu_addr;
	new_xwu_port = xwu_port ?: ln->xwu_port;
	spin_unlock_bh(&ln->table.lock);

	/*
	 * Of the steps that can fail, registering the hooks comes first and
	 * is undone if binding the socket fails; unregistering cannot fail
	 * and comes last.
	 */
	if (uplink && uplink != LWIP_SEGW_UPLINK_OFF &&
	    !ln->uplink_hooked) {
		err = lwip_segw_uplink_hook(net);
		if (err) {
			NL_SET_ERR_MSG_MOD(info->extack,
					   "cannot register the uplink hooks");
			return err;
		}
		hooked_now = true;
	}

	/*
	 * Bind the Xw-U socket before the settings say it exists; it may
	 * sleep, so not under the lock. Handlers are serialised by the genl
	 * mutex, so no UE_ADD slips in between (a UE_ADD is what could make
	 * the endpoints busy).
	 */
	if (new_xwu_addr && (xwu_addr || xwu_port)) {
		err = lwip_segw_xwu_open(net, new_xwu_addr, new_xwu_port,
					 info->extack);
		if (err) {
			if (hooked_now)
				lwip_segw_uplink_unhook(net);
			return err;
		}
	}

	spin_lock_bh(&ln->table.lock);
	if (segw_addr)
		WRITE_ONCE(ln->segw_addr, segw_addr);
	if (xwu_addr)
		WRITE_ONCE(ln->xwu_addr, xwu_addr);
	if (attrs[LWIP_SEGW_A_XWU_PORT])
		WRITE_ONCE(ln->xwu_port,
			   nla_get_u16(attrs[LWIP_SEGW_A_XWU_PORT]));
	if (attrs[LWIP_SEGW_A_WINDOW])
		ln->window = nla_get_u32(attrs[LWIP_SEGW_A_WINDOW]);
	if (attrs[LWIP_SEGW_A_GRACE])
		ln->grace = nla_get_u32(attrs[LWIP_SEGW_A_GRACE]);
	if (uplink)
		WRITE_ONCE(ln->uplink_mode, uplink);
out_unlock:
	spin_unlock_bh(&ln->table.lock);
	if (err)
		return err;

	if (uplink == LWIP_SEGW_UPLINK_OFF && ln->uplink_hooked) {
		lwip_segw_uplink_unhook(net);
		pr_warn("uplink hooks off in netns %u: UE traffic is neither checked nor relayed\n",
			net->ns.inum);
	} else if (hooked_now) {
		pr_info("uplink hooks on again in netns %u\n", net->ns.inum);
	}
	return 0;
}

static int lwip_segw_get_config_doit(struct sk_buff *skb,
				     struct genl_info *info)
{
	struct lwip_segw_net *ln = lwip_segw_info_ln(info);
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &lwip_segw_family, 0,
				LWIP_SEGW_CMD_GET_CONFIG);
	if (!hdr) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	spin_lock_bh(&ln->table.lock);
	err = lwip_segw_put_config(msg, ln);
	spin_unlock_bh(&ln->table.lock);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* --- eNB role. --- */

static int lwip_segw_ue_add_check(struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;

	if (LWIP_SEGW_REQUIRE(info, LWIP_SEGW_A_UE_MAC,
			      "UE WLAN MAC (6 octets) is required") ||
	    LWIP_SEGW_REQUIRE(info, LWIP_SEGW_A_UE_IDI,
			      "UE IDi (1..255 octets) is required") ||
	    LWIP_SEGW_REQUIRE(info, LWIP_SEGW_A_UE_PSK,
			      "LWIP-PSK (32 octets) is required") ||
	    LWIP_SEGW_REQUIRE(info, LWIP_SEGW_A_ENB_ADDR,
			      "eNB Xw-U address is required") ||
	    LWIP_SEGW_REQUIRE(info, LWIP_SEGW_A_ENB_TEID,
			      "eNB Xw-U TEID is required"))
		return -EINVAL;
	if (!is_valid_ether_addr(nla_data(attrs[LWIP_SEGW_A_UE_MAC]))) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[LWIP_SEGW_A_UE_MAC],
				    "UE MAC must be a unicast, nonzero address");
		return -EINVAL;
	}
	if (LWIP_SEGW_NOT_UNICAST(info, LWIP_SEGW_A_ENB_ADDR,
				  "eNB Xw-U address"))
		return -EINVAL;
	return 0;
}

/*
 * Under the table lock, which SET_CONFIG takes too: the eNB endpoint must
 * not be one of the SeGW's own. The SEC-7 guard drops whatever reaches an
 * eNB endpoint other than from the relay, so an "eNB" at the public address
 * would cut IKE (UDP 500/4500) for every UE, and one at the Xw-U endpoint
 * the Xw-U link itself. The Xw-U address with another port is a colocated
 * eNB and allowed.
 */
static int lwip_segw_enb_not_own(const struct lwip_segw_net *ln,
				 struct genl_info *info, __be32 addr, u16 port)
{
	struct nlattr *a = info->attrs[LWIP_SEGW_A_ENB_ADDR];

	if (addr == ln->segw_addr) {
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "the eNB endpoint is the SeGW's public address: give the eNB's own Xw-U address");
		return -EINVAL;
	}
	if (addr == ln->xwu_addr && port == ln->xwu_port) {
		NL_SET_ERR_MSG_ATTR(info->extack, a ?: info->attrs[LWIP_SEGW_A_ENB_PORT],
				    "the eNB endpoint is the SeGW's own Xw-U endpoint: give the eNB's address and port");
		return -EINVAL;
	}
	return 0;
}

/*
 * Under the lock: -ENODATA, -ENOTCONN or -EINVAL (an eNB endpoint of the
 * SeGW's own) with a message, or 0.
 */
static int lwip_segw_ue_add_ready(struct lwip_segw_net *ln,
				  struct genl_info *info)
{
	if (!lwip_segw_net_configured(ln)) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "SeGW not configured: set its public and Xw-U addresses first");
		return -ENODATA;
	}
	if (!lwip_segw_agent_portid_locked(ln)) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "no agent registered: start segwd, then add the UE again");
		return -ENOTCONN;
	}
	return lwip_segw_enb_not_own(ln, info,
				     nla_get_in_addr(info->attrs[LWIP_SEGW_A_ENB_ADDR]),
				     info->attrs[LWIP_SEGW_A_ENB_PORT] ?
				     nla_get_u16(info->attrs[LWIP_SEGW_A_ENB_PORT]) :
				     LWIP_SEGW_XWU_PORT_DEFAULT);
}

static struct lwip_segw_binding *
lwip_segw_ue_add_build(struct lwip_segw_net *ln, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct nlattr *psk = attrs[LWIP_SEGW_A_UE_PSK];
	struct lwip_segw_binding *b;

	b = lwip_segw_binding_alloc(nla_data(attrs[LWIP_SEGW_A_UE_IDI]),
				    nla_len(attrs[LWIP_SEGW_A_UE_IDI]),
				    GFP_KERNEL);
	if (b) {
		memcpy(b->psk, nla_data(psk), LWIP_SEGW_PSK_LEN);
		memcpy(b->mac, nla_data(attrs[LWIP_SEGW_A_UE_MAC]),
		       LWIP_SEGW_MAC_LEN);
		b->idi_type = lwip_segw_nla_u8_or(attrs[LWIP_SEGW_A_UE_IDI_TYPE],
						  LWIP_SEGW_IDI_KEY_ID);
		b->enb.addr = nla_get_in_addr(attrs[LWIP_SEGW_A_ENB_ADDR]);
		b->enb.port = attrs[LWIP_SEGW_A_ENB_PORT] ?
			nla_get_u16(attrs[LWIP_SEGW_A_ENB_PORT]) :
			LWIP_SEGW_XWU_PORT_DEFAULT;
		b->enb.teid = nla_get_u32(attrs[LWIP_SEGW_A_ENB_TEID]);
		b->state = LWIP_SEGW_UE_PENDING;
		lwip_segw_ue_init_timer(b);
	}
	/* The request buffer must not keep the secret around either. */
	memzero_explicit(nla_data(psk), LWIP_SEGW_PSK_LEN);
	return b;
}

static int lwip_segw_ue_add_reply(struct sk_buff *msg, struct genl_info *info,
				  struct lwip_segw_net *ln,
				  const struct lwip_segw_binding *b)
{
	void *hdr;

	hdr = genlmsg_put_reply(msg, info, &lwip_segw_family, 0,
				LWIP_SEGW_CMD_UE_ADD);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(msg, LWIP_SEGW_A_UE_ID, b->id) ||
	    nla_put_in_addr(msg, LWIP_SEGW_A_SEGW_ADDR, ln->segw_addr) ||
	    nla_put_in_addr(msg, LWIP_SEGW_A_XWU_ADDR, ln->xwu_addr) ||
	    nla_put_u16(msg, LWIP_SEGW_A_XWU_PORT, ln->xwu_port) ||
	    nla_put_u32(msg, LWIP_SEGW_A_SEGW_TEID, b->segw_teid) ||
	    nla_put_u32(msg, LWIP_SEGW_A_WINDOW, b->window)) {
		genlmsg_cancel(msg, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return 0;
}

static int lwip_segw_ue_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct lwip_segw_net *ln = lwip_segw_info_ln(info);
	struct nlattr **attrs = info->attrs;
	struct lwip_segw_binding *b, *conflict;
	struct lwip_segw_deferred d;
	struct sk_buff *reply;
	u32 id;
	int err;

	err = lwip_segw_ue_add_check(info);
	if (err) {
		/* Do not leave a PSK behind in a request we refuse. */
		if (attrs[LWIP_SEGW_A_UE_PSK])
			memzero_explicit(nla_data(attrs[LWIP_SEGW_A_UE_PSK]),
					 LWIP_SEGW_PSK_LEN);
		return err;
	}
	b = lwip_segw_ue_add_build(ln, info);
	if (!b)
		return -ENOMEM;

	spin_lock_bh(&ln->table.lock);
	err = lwip_segw_ue_add_ready(ln, info);
	spin_unlock_bh(&ln->table.lock);
	if (err)
		goto err_free;

	err = lwip_segw_table_reserve_id(&ln->table, &id);
	if (err) {
		NL_SET_ERR_MSG_MOD(info->extack, "out of UE ids");
		goto err_free;
	}
	reply = genlmsg_new(LWIP_SEGW_NL_UE_MSG_SIZE, GFP_KERNEL);
	lwip_segw_deferred_prepare(ln, &d, true, GFP_KERNEL);
	if (!reply || !d.agent) {
		err = -ENOMEM;
		goto err_msgs;
	}

	spin_lock_bh(&ln->table.lock);
	err = lwip_segw_ue_add_ready(ln, info);
	if (err)
		goto err_unlock;
	err = lwip_segw_table_insert(&ln->table, b, id, &conflict);
	if (err == -EEXIST) {
		if (!memcmp(conflict->mac, b->mac, LWIP_SEGW_MAC_LEN))
			NL_SET_ERR_MSG_ATTR(info->extack,
					    attrs[LWIP_SEGW_A_UE_MAC],
					    "a live UE already has this MAC: release it first");
		else
			NL_SET_ERR_MSG_ATTR(info->extack,
					    attrs[LWIP_SEGW_A_UE_IDI],
					    "a live UE already has this IDi: release it first");
		goto err_unlock;
	} else if (err) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "binding table full or out of memory");
		goto err_unlock;
	}
	lwip_segw_ue_set_window_locked(b, attrs[LWIP_SEGW_A_WINDOW] ?
				       nla_get_u32(attrs[LWIP_SEGW_A_WINDOW]) :
				       ln->window);
	d.agent_portid = lwip_segw_agent_portid_locked(ln);
	d.agent_filled = !lwip_segw_nl_fill_request(d.agent, ln, b);
	WARN_ON_ONCE(!d.agent_filled);
	WARN_ON_ONCE(lwip_segw_ue_add_reply(reply, info, ln, b));
	lwip_segw_ue_event_locked(b, &d, LWIP_SEGW_EVENT_PENDING, NULL);
	/* b may be released by others once unlocked: RCU keeps it readable. */
	rcu_read_lock();
	spin_unlock_bh(&ln->table.lock);

	/* The agent must hold the request before the eNB hears "yes". */
	err = lwip_segw_nl_unicast(ln, d.agent, d.agent_portid);
	d.agent = NULL;
	d.agent_filled = false;
	if (err) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "the agent did not take the request (socket gone or full): check segwd, then add the UE again");
		lwip_segw_net_stat_inc(ln, LWIP_SEGW_STAT_AGENT_SEND_FAILURES);
		d.event_filled = false;
		spin_lock_bh(&ln->table.lock);
		if (!b->unhashed)
			lwip_segw_ue_free_locked(ln, b, &d);
		spin_unlock_bh(&ln->table.lock);
		rcu_read_unlock();
		/* Not counted as freed: it was never added. */
		if (d.free) {
			del_timer_sync(&b->timer);
			lwip_segw_binding_free_rcu(b);
			d.free = NULL;
		}
		lwip_segw_deferred_finish(ln, &d);
		nlmsg_free(reply);
		return err;
	}
	rcu_read_unlock();
	lwip_segw_net_stat_inc(ln, LWIP_SEGW_STAT_UES_ADDED);
	lwip_segw_deferred_finish(ln, &d);
	return genlmsg_reply(reply, info);

err_unlock:
	spin_unlock_bh(&ln->table.lock);
err_msgs:
	lwip_segw_deferred_finish(ln, &d);
	nlmsg_free(reply);
	lwip_segw_table_unreserve_id(&ln->table, id);
err_free:
	lwip_segw_binding_free(b);
	return err;
}

/* Under the lock: the binding named by LWIP_SEGW_A_UE_ID, or NULL + message. */
static struct lwip_segw_binding *
lwip_segw_ue_from_info(struct lwip_segw_net *ln, struct genl_info *info,
		       bool live)
{
	struct nlattr *attr = info->attrs[LWIP_SEGW_A_UE_ID];
	struct lwip_segw_binding *b;

	b = lwip_segw_table_by_id(&ln->table, nla_get_u32(attr));
	if (!b) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "no UE with this id (already released?)");
		return ERR_PTR(-ENOENT);
	}
	if (live && b->state == LWIP_SEGW_UE_RELEASING) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "this UE is being released");
		return ERR_PTR(-ESTALE);
	}
	return b;
}

static int lwip_segw_ue_reply(struct sk_buff *msg, struct genl_info *info,
			      const struct lwip_segw_binding *b)
{
	void *hdr;

	hdr = genlmsg_put_reply(msg, info, &lwip_segw_family, 0,
				LWIP_SEGW_CMD_UE_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (lwip_segw_nl_put_ue(msg, b, LWIP_SEGW_PUT_COUNTERS)) {
		genlmsg_cancel(msg, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return 0;
}

static int lwip_segw_ue_modify_doit(struct sk_buff *skb,
				    struct genl_info *info)
{
	struct lwip_segw_net *ln = lwip_segw_info_ln(info);
	struct nlattr **attrs = info->attrs;
	struct lwip_segw_endpoint enb;
	struct lwip_segw_binding *b;
	struct sk_buff *reply;
	int err;

	if (LWIP_SEGW_REQUIRE(info, LWIP_SEGW_A_UE_ID, "UE id is required"))
		return -EINVAL;
	if (!attrs[LWIP_SEGW_A_ENB_ADDR] && !attrs[LWIP_SEGW_A_ENB_PORT] &&
	    !attrs[LWIP_SEGW_A_ENB_TEID] && !attrs[LWIP_SEGW_A_WINDOW]) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "nothing to modify: give an eNB address, port, TEID or a window");
		return -EINVAL;
	}
	if (LWIP_SEGW_NOT_UNICAST(info, LWIP_SEGW_A_ENB_ADDR,
				  "eNB Xw-U address"))
		return -EINVAL;
	reply = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!reply)
		return -ENOMEM;

	spin_lock_bh(&ln->table.lock);
	b = lwip_segw_ue_from_info(ln, info, true);
	if (IS_ERR(b)) {
		err = PTR_ERR(b);
		goto err_unlock;
	}
	enb = b->enb;
	if (attrs[LWIP_SEGW_A_ENB_ADDR])
		enb.addr = nla_get_in_addr(attrs[LWIP_SEGW_A_ENB_ADDR]);
	if (attrs[LWIP_SEGW_A_ENB_PORT])
		enb.port = nla_get_u16(attrs[LWIP_SEGW_A_ENB_PORT]);
	if (attrs[LWIP_SEGW_A_ENB_TEID])
		enb.teid = nla_get_u32(attrs[LWIP_SEGW_A_ENB_TEID]);
	err = lwip_segw_enb_not_own(ln, info, enb.addr, enb.port);
	if (err)
		goto err_unlock;
	err = lwip_segw_binding_set_enb(b, &enb);
	if (err) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "out of memory indexing the new eNB endpoint; it is unchanged");
		goto err_unlock;
	}
	if (attrs[LWIP_SEGW_A_WINDOW])
		lwip_segw_ue_set_window_locked(b,
					       nla_get_u32(attrs[LWIP_SEGW_A_WINDOW]));
	err = lwip_segw_ue_reply(reply, info, b);
	spin_unlock_bh(&ln->table.lock);
	if (err) {
		nlmsg_free(reply);
		return err;
	}
	return genlmsg_reply(reply, info);

err_unlock:
	spin_unlock_bh(&ln->table.lock);
	nlmsg_free(reply);
	return err;
}

static int lwip_segw_ue_release_doit(struct sk_buff *skb,
				     struct genl_info *info)
{
	struct lwip_segw_net *ln = lwip_segw_info_ln(info);
	struct lwip_segw_binding *b;
	struct lwip_segw_deferred d;
	u8 reason;

	if (LWIP_SEGW_REQUIRE(info, LWIP_SEGW_A_UE_ID, "UE id is required"))
		return -EINVAL;
	reason = lwip_segw_nla_u8_or(info->attrs[LWIP_SEGW_A_REASON],
				     LWIP_SEGW_REASON_ENB_RELEASE);
	/*
	 * The other reasons are what the gateway itself saw (window expiry,
	 * IKE SA gone, agent failure, ...): an eNB must not be able to make
	 * the RELEASED event and the dump claim one of those.
	 */
	if (reason != LWIP_SEGW_REASON_ENB_RELEASE) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[LWIP_SEGW_A_REASON],
				    "an eNB releases with reason enb_release; the others are the gateway's to report");
		return -EINVAL;
	}

	lwip_segw_deferred_prepare(ln, &d, true, GFP_KERNEL);
	spin_lock_bh(&ln->table.lock);
	b = lwip_segw_ue_from_info(ln, info, true);
	if (!IS_ERR(b))
		lwip_segw_ue_release_locked(ln, b, reason, NULL,
					    LWIP_SEGW_REL_TELL_AGENT, &d);
	spin_unlock_bh(&ln->table.lock);
	lwip_segw_deferred_finish(ln, &d);
	return PTR_ERR_OR_ZERO(b);
}

static int lwip_segw_ue_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct lwip_segw_net *ln = lwip_segw_info_ln(info);
	struct lwip_segw_binding *b;
	struct sk_buff *reply;
	int err;

	if (LWIP_SEGW_REQUIRE(info, LWIP_SEGW_A_UE_ID,
			      "UE id is required (or dump all UEs)"))
		return -EINVAL;
	reply = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!reply)
		return -ENOMEM;
	spin_lock_bh(&ln->table.lock);
	b = lwip_segw_ue_from_info(ln, info, false);
	err = IS_ERR(b) ? PTR_ERR(b) : lwip_segw_ue_reply(reply, info, b);
	spin_unlock_bh(&ln->table.lock);
	if (err) {
		nlmsg_free(reply);
		return err;
	}
	return genlmsg_reply(reply, info);
}

/*
 * Dumps in ascending id order; cb->args[0] is the next id to dump, args[1]
 * says the walk is complete. Each call holds the lock for one skb's worth of
 * bindings, so each message is a consistent snapshot; cb->seq carries the
 * table generation so a change between calls flags NLM_F_DUMP_INTR.
 */
static int lwip_segw_dump_ues(struct sk_buff *skb, struct netlink_callback *cb,
			      u8 cmd, unsigned int parts)
{
	struct lwip_segw_net *ln = lwip_segw_net(sock_net(cb->skb->sk));
	struct lwip_segw_binding *b;
	unsigned long index;
	int err = 0;
	void *hdr;

	if (cb->args[1])
		return 0;
	spin_lock_bh(&ln->table.lock);
	cb->seq = ln->table.gen;
	xa_for_each_start(&ln->table.by_id, index, b, cb->args[0]) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &lwip_segw_family,
				  NLM_F_MULTI, cmd);
		if (!hdr) {
			err = -EMSGSIZE;
			break;
		}
		genl_dump_check_consistent(cb, hdr);
		err = lwip_segw_nl_put_ue(skb, b, parts);
		if (err) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	spin_unlock_bh(&ln->table.lock);

	if (err) {
		/* b did not fit: resume with it. One always fits an empty skb. */
		cb->args[0] = index;
		return skb->len ? skb->len : err;
	}
	cb->args[1] = 1;
	return skb->len;
}

static int lwip_segw_ue_get_dumpit(struct sk_buff *skb,
				   struct netlink_callback *cb)
{
	return lwip_segw_dump_ues(skb, cb, LWIP_SEGW_CMD_UE_GET,
				  LWIP_SEGW_PUT_COUNTERS);
}

static int lwip_segw_put_u64_nest(struct sk_buff *skb, int type,
				  const u64 *vals, unsigned int n)
{
	struct nlattr *nest;
	unsigned int i;

	nest = nla_nest_start(skb, type);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < n; i++) {
		if (nla_put_u64_64bit(skb, i + 1, vals[i], 0)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int lwip_segw_stats_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct lwip_segw_net *ln = lwip_segw_info_ln(info);
	u64 ctr[LWIP_SEGW_CTR_MAX], drop[LWIP_SEGW_DROP_MAX];
	u64 releases[LWIP_SEGW_REASON_MAX], stats[LWIP_SEGW_STAT_MAX];
	struct sk_buff *msg;
	unsigned int i;
	void *hdr;

	lwip_segw_table_sum(&ln->table, ctr, drop);
	for (i = 0; i < LWIP_SEGW_REASON_MAX; i++)
		releases[i] = atomic64_read(&ln->releases[i]);
	for (i = 0; i < LWIP_SEGW_STAT_MAX; i++)
		stats[i] = atomic64_read(&ln->stats[i]);

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &lwip_segw_family, 0,
				LWIP_SEGW_CMD_STATS);
	if (!hdr ||
	    nla_put_u32(msg, LWIP_SEGW_A_UE_COUNT,
			READ_ONCE(ln->table.count)) ||
	    lwip_segw_put_u64_nest(msg, LWIP_SEGW_A_COUNTERS, ctr,
				   LWIP_SEGW_CTR_MAX) ||
	    lwip_segw_put_u64_nest(msg, LWIP_SEGW_A_DROPS, drop,
				   LWIP_SEGW_DROP_MAX) ||
	    lwip_segw_put_u64_nest(msg, LWIP_SEGW_A_RELEASES, releases,
				   LWIP_SEGW_REASON_MAX) ||
	    lwip_segw_put_u64_nest(msg, LWIP_SEGW_A_STATS, stats,
				   LWIP_SEGW_STAT_MAX)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* --- Agent role. --- */

/* Under the lock: is this request from the registered agent's socket? */
static bool lwip_segw_is_agent(struct lwip_segw_net *ln, u32 portid,
			       const struct sock *sk)
{
	lockdep_assert_held(&ln->table.lock);
	return portid && lwip_segw_agent_portid_locked(ln) == portid &&
	       ln->agent_sk == sk;
}

static int lwip_segw_agent_register_doit(struct sk_buff *skb,
					 struct genl_info *info)
{
	struct lwip_segw_net *ln = lwip_segw_info_ln(info);
	struct sock *sk = NETLINK_CB(skb).sk;
	struct sock *old_sk = NULL;
	struct sk_buff *reply;
	u32 current_portid;
	void *hdr;
	int err = 0;

	reply = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!reply)
		return -ENOMEM;
	hdr = genlmsg_put_reply(reply, info, &lwip_segw_family, 0,
				LWIP_SEGW_CMD_AGENT_REGISTER);
	if (!hdr) {
		nlmsg_free(reply);
		return -EMSGSIZE;
	}

	spin_lock_bh(&ln->table.lock);
	current_portid = lwip_segw_agent_portid_locked(ln);
	if (current_portid && !lwip_segw_is_agent(ln, info->snd_portid, sk)) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "another agent is registered in this netns: stop it first");
		err = -EBUSY;
		goto out_unlock;
	}
	if (!current_portid) {
		old_sk = ln->agent_sk;	/* a dead one, or NULL */
		sock_hold(sk);
		ln->agent_sk = sk;
		ln->agent_portid = info->snd_portid;
	}
	err = nla_put_u32(reply, LWIP_SEGW_A_UE_COUNT, ln->table.count);
out_unlock:
	spin_unlock_bh(&ln->table.lock);
	if (old_sk)
		sock_put(old_sk);
	if (err) {
		nlmsg_free(reply);
		return err;
	}
	genlmsg_end(reply, hdr);
	return genlmsg_reply(reply, info);
}

static int lwip_segw_agent_sync_start(struct netlink_callback *cb)
{
	struct lwip_segw_net *ln = lwip_segw_net(sock_net(cb->skb->sk));
	bool ok;

	spin_lock_bh(&ln->table.lock);
	ok = lwip_segw_is_agent(ln, NETLINK_CB(cb->skb).portid,
				NETLINK_CB(cb->skb).sk);
	spin_unlock_bh(&ln->table.lock);
	if (!ok) {
		/*
		 * The dump carries every PSK. 6.1 does not pass on what a
		 * dump's .start puts in the extack (measured: the caller sees
		 * a bare -EPERM); the message is for kernels that do.
		 */
		NL_SET_ERR_MSG_MOD(cb->extack,
				   "only the registered agent's socket may sync: register first");
		return -EPERM;
	}
	return 0;
}

static int lwip_segw_agent_sync_dumpit(struct sk_buff *skb,
				       struct netlink_callback *cb)
{
	return lwip_segw_dump_ues(skb, cb, LWIP_SEGW_CMD_AGENT_SYNC,
				  LWIP_SEGW_PUT_PSK);
}

static int lwip_segw_report_established(struct lwip_segw_net *ln,
					struct genl_info *info,
					struct lwip_segw_binding *b,
					struct lwip_segw_deferred *d)
{
	struct nlattr **attrs = info->attrs;
	struct lwip_segw_binding *conflict;
	int err;

	if (b->state == LWIP_SEGW_UE_ESTABLISHED) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "UE already established (rekeys need no report)");
		return -EALREADY;
	}
	err = lwip_segw_table_establish(&ln->table, b,
					nla_get_u32(attrs[LWIP_SEGW_A_REQID]),
					nla_get_in_addr(attrs[LWIP_SEGW_A_INNER_ADDR]),
					nla_get_in_addr(attrs[LWIP_SEGW_A_OUTER_ADDR]),
					attrs[LWIP_SEGW_A_OUTER_PORT] ?
					nla_get_u16(attrs[LWIP_SEGW_A_OUTER_PORT]) : 0,
					lwip_segw_nla_u32_or(attrs[LWIP_SEGW_A_UE_FLAGS], 0),
					&conflict);
	if (err == -EEXIST) {
		if (conflict->reqid == nla_get_u32(attrs[LWIP_SEGW_A_REQID]))
			NL_SET_ERR_MSG_ATTR(info->extack,
					    attrs[LWIP_SEGW_A_REQID],
					    "reqid bound to another UE: refuse this SA");
		else
			NL_SET_ERR_MSG_ATTR(info->extack,
					    attrs[LWIP_SEGW_A_INNER_ADDR],
					    "inner address used by another established UE: refuse this SA or release the other UE");
		return err;
	} else if (err) {
		NL_SET_ERR_MSG_MOD(info->extack, "out of memory indexing the SA");
		return err;
	}
	/* The window is over: the UE made it (SEC-5). */
	b->timer_armed = false;
	del_timer(&b->timer);
	lwip_segw_ue_event_locked(b, d, LWIP_SEGW_EVENT_ESTABLISHED, NULL);
	return 0;
}

/*
 * SEC-2 when the SA comes up: without NAT-T the UE's inner address is its
 * WLAN (outer) address; with NAT-T it is the private address the UE chose,
 * but never a loopback address or one of the SeGW's own, which would make
 * the UE's packets pass for the gateway's. The configuration cannot change
 * while this UE is bound.
 */
static int lwip_segw_inner_check(const struct lwip_segw_net *ln,
				 struct genl_info *info)
{
	struct nlattr *a = info->attrs[LWIP_SEGW_A_INNER_ADDR];
	__be32 inner = nla_get_in_addr(a);
	__be32 outer = nla_get_in_addr(info->attrs[LWIP_SEGW_A_OUTER_ADDR]);
	u32 flags = lwip_segw_nla_u32_or(info->attrs[LWIP_SEGW_A_UE_FLAGS], 0);

	if (ipv4_is_loopback(inner) || inner == lwip_segw_net_segw_addr(ln) ||
	    inner == lwip_segw_net_xwu_addr(ln)) {
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "UE inner address is a loopback address or one of the SeGW's own: refuse the SA");
		return -EINVAL;
	}
	if (!(flags & LWIP_SEGW_UE_F_NATT) && inner != outer) {
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "without NAT-T the UE inner address must be its outer address (SEC-2): refuse the SA");
		return -EINVAL;
	}
	return 0;
}

static int lwip_segw_ue_report_check(const struct lwip_segw_net *ln,
				     struct genl_info *info, u8 report)
{
	struct nlattr **attrs = info->attrs;

	if (report != LWIP_SEGW_REPORT_ESTABLISHED) {
		if (attrs[LWIP_SEGW_A_REQID] || attrs[LWIP_SEGW_A_INNER_ADDR] ||
		    attrs[LWIP_SEGW_A_OUTER_ADDR] ||
		    attrs[LWIP_SEGW_A_OUTER_PORT] ||
		    attrs[LWIP_SEGW_A_UE_FLAGS]) {
			NL_SET_ERR_MSG_MOD(info->extack,
					   "SA attributes only go with ESTABLISHED");
			return -EINVAL;
		}
	} else if (LWIP_SEGW_REQUIRE(info, LWIP_SEGW_A_REQID,
				     "ESTABLISHED needs the SA's reqid") ||
		   LWIP_SEGW_REQUIRE(info, LWIP_SEGW_A_INNER_ADDR,
				     "ESTABLISHED needs the UE inner address") ||
		   LWIP_SEGW_REQUIRE(info, LWIP_SEGW_A_OUTER_ADDR,
				     "ESTABLISHED needs the UE outer address")) {
		return -EINVAL;
	} else if ((lwip_segw_nla_u32_or(attrs[LWIP_SEGW_A_UE_FLAGS], 0) &
		    LWIP_SEGW_UE_F_NATT) &&
		   LWIP_SEGW_REQUIRE(info, LWIP_SEGW_A_OUTER_PORT,
				     "ESTABLISHED with NAT-T needs the UE's outer UDP port")) {
		/* Without NAT-T, ESP has no port: it is optional there. */
		return -EINVAL;
	} else if (LWIP_SEGW_NOT_UNICAST(info, LWIP_SEGW_A_INNER_ADDR,
					 "UE inner address") ||
		   LWIP_SEGW_NOT_UNICAST(info, LWIP_SEGW_A_OUTER_ADDR,
					 "UE outer address") ||
		   lwip_segw_inner_check(ln, info)) {
		return -EINVAL;
	}
	if ((attrs[LWIP_SEGW_A_REASON] || attrs[LWIP_SEGW_A_REASON_TEXT]) &&
	    report != LWIP_SEGW_REPORT_FAILED &&
	    report != LWIP_SEGW_REPORT_DOWN) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "a reason only goes with FAILED or DOWN");
		return -EINVAL;
	}
	if (attrs[LWIP_SEGW_A_REASON_TEXT] && report != LWIP_SEGW_REPORT_FAILED) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "a reason text only goes with FAILED");
		return -EINVAL;
	}
	return 0;
}

/*
 * The agent's free text goes out in events that eNBs print: control
 * characters (a newline forging a line of output, terminal escapes) become
 * '?', in the request buffer itself, which is the kernel's to change.
 */
static const char *lwip_segw_text_sanitize(struct nlattr *a)
{
	char *t = nla_data(a);
	int i;

	for (i = 0; i < nla_len(a) && t[i]; i++)
		if ((u8)t[i] < 0x20 || t[i] == 0x7f)
			t[i] = '?';
	return t;
}

static int lwip_segw_ue_report_doit(struct sk_buff *skb,
				    struct genl_info *info)
{
	struct lwip_segw_net *ln = lwip_segw_info_ln(info);
	struct nlattr **attrs = info->attrs;
	struct lwip_segw_binding *b;
	struct lwip_segw_deferred d;
	const char *text;
	u8 report, reason;
	int err;

	if (LWIP_SEGW_REQUIRE(info, LWIP_SEGW_A_UE_ID, "UE id is required") ||
	    LWIP_SEGW_REQUIRE(info, LWIP_SEGW_A_REPORT,
			      "report (READY, ESTABLISHED, FAILED, DOWN) is required"))
		return -EINVAL;
	report = nla_get_u8(attrs[LWIP_SEGW_A_REPORT]);
	reason = lwip_segw_nla_u8_or(attrs[LWIP_SEGW_A_REASON], 0);
	err = lwip_segw_ue_report_check(ln, info, report);
	if (err)
		return err;

	lwip_segw_deferred_prepare(ln, &d, false, GFP_KERNEL);
	spin_lock_bh(&ln->table.lock);
	if (!lwip_segw_is_agent(ln, info->snd_portid, NETLINK_CB(skb).sk)) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "only the registered agent may report: register first");
		err = -EPERM;
		goto out_unlock;
	}
	/* DOWN also applies to RELEASING UEs: it completes their release. */
	b = lwip_segw_ue_from_info(ln, info,
				   report != LWIP_SEGW_REPORT_DOWN);
	if (IS_ERR(b)) {
		err = PTR_ERR(b);
		goto out_unlock;
	}
	switch (report) {
	case LWIP_SEGW_REPORT_READY:
		if (b->state == LWIP_SEGW_UE_ESTABLISHED) {
			NL_SET_ERR_MSG_MOD(info->extack,
					   "UE already established");
			err = -EALREADY;
		} else if (b->state == LWIP_SEGW_UE_PENDING) {
			WRITE_ONCE(b->state, LWIP_SEGW_UE_READY);
			lwip_segw_ue_event_locked(b, &d, LWIP_SEGW_EVENT_READY,
						  NULL);
		}
		break;
	case LWIP_SEGW_REPORT_ESTABLISHED:
		err = lwip_segw_report_established(ln, info, b, &d);
		break;
	case LWIP_SEGW_REPORT_FAILED:
		text = attrs[LWIP_SEGW_A_REASON_TEXT] ?
			lwip_segw_text_sanitize(attrs[LWIP_SEGW_A_REASON_TEXT]) :
			NULL;
		lwip_segw_ue_release_locked(ln, b,
					    reason ?: LWIP_SEGW_REASON_AGENT_FAILURE,
					    text, 0, &d);
		break;
	case LWIP_SEGW_REPORT_DOWN:
		if (b->state == LWIP_SEGW_UE_RELEASING)
			lwip_segw_ue_free_locked(ln, b, &d);
		else
			lwip_segw_ue_release_locked(ln, b,
						    reason ?: LWIP_SEGW_REASON_IKE_SA_DELETED,
						    NULL, LWIP_SEGW_REL_SA_GONE,
						    &d);
		break;
	}
out_unlock:
	spin_unlock_bh(&ln->table.lock);
	lwip_segw_deferred_finish(ln, &d);
	return err;
}

/* --- Family. --- */

/*
 * Every command needs CAP_NET_ADMIN in the initial user namespace
 * (GENL_ADMIN_PERM), not only in the netns's own one: a gateway's bindings,
 * GTP-U socket and hooks are not for an unprivileged user's namespaces,
 * where nothing would bound the kernel memory bindings take.
 */
static const struct genl_ops lwip_segw_ops[] = {
	{
		.cmd = LWIP_SEGW_CMD_SET_CONFIG,
		.doit = lwip_segw_set_config_doit,
		.policy = lwip_segw_set_config_policy,
		.maxattr = LWIP_SEGW_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = LWIP_SEGW_CMD_GET_CONFIG,
		.doit = lwip_segw_get_config_doit,
		.policy = lwip_segw_empty_policy,
		.maxattr = LWIP_SEGW_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = LWIP_SEGW_CMD_UE_ADD,
		.doit = lwip_segw_ue_add_doit,
		.policy = lwip_segw_ue_add_policy,
		.maxattr = LWIP_SEGW_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = LWIP_SEGW_CMD_UE_MODIFY,
		.doit = lwip_segw_ue_modify_doit,
		.policy = lwip_segw_ue_modify_policy,
		.maxattr = LWIP_SEGW_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = LWIP_SEGW_CMD_UE_RELEASE,
		.doit = lwip_segw_ue_release_doit,
		.policy = lwip_segw_ue_release_policy,
		.maxattr = LWIP_SEGW_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = LWIP_SEGW_CMD_UE_GET,
		.doit = lwip_segw_ue_get_doit,
		.dumpit = lwip_segw_ue_get_dumpit,
		.policy = lwip_segw_ue_get_policy,
		.maxattr = LWIP_SEGW_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = LWIP_SEGW_CMD_STATS,
		.doit = lwip_segw_stats_doit,
		.policy = lwip_segw_empty_policy,
		.maxattr = LWIP_SEGW_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = LWIP_SEGW_CMD_AGENT_REGISTER,
		.doit = lwip_segw_agent_register_doit,
		.policy = lwip_segw_empty_policy,
		.maxattr = LWIP_SEGW_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = LWIP_SEGW_CMD_AGENT_SYNC,
		.start = lwip_segw_agent_sync_start,
		.dumpit = lwip_segw_agent_sync_dumpit,
		.policy = lwip_segw_empty_policy,
		.maxattr = LWIP_SEGW_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = LWIP_SEGW_CMD_UE_REPORT,
		.doit = lwip_segw_ue_report_doit,
		.policy = lwip_segw_ue_report_policy,
		.maxattr = LWIP_SEGW_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
};

static struct genl_family lwip_segw_family __ro_after_init = {
	.name = LWIP_SEGW_GENL_NAME,
	.version = LWIP_SEGW_GENL_VERSION,
	.maxattr = LWIP_SEGW_A_MAX,
	.netnsok = true,
	.module = THIS_MODULE,
	.ops = lwip_segw_ops,
	.n_ops = ARRAY_SIZE(lwip_segw_ops),
	.mcgrps = lwip_segw_mcgrps,
	.n_mcgrps = ARRAY_SIZE(lwip_segw_mcgrps),
};

/* Forgets the agent when its socket closes (any of its sockets' portid). */
static int lwip_segw_netlink_event(struct notifier_block *nb,
				   unsigned long event, void *ptr)
{
	struct netlink_notify *n = ptr;
	struct lwip_segw_net *ln;
	struct sock *sk = NULL;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC ||
	    !n->portid)
		return NOTIFY_DONE;
	ln = lwip_segw_net(n->net);
	spin_lock_bh(&ln->table.lock);
	if (ln->agent_portid == n->portid) {
		sk = ln->agent_sk;
		ln->agent_sk = NULL;
		ln->agent_portid = 0;
	}
	spin_unlock_bh(&ln->table.lock);
	if (sk) {
		pr_info("agent (portid %u) gone; UE adds fail until one registers\n",
			n->portid);
		sock_put(sk);
	}
	return NOTIFY_DONE;
}

static struct notifier_block lwip_segw_netlink_notifier = {
	.notifier_call = lwip_segw_netlink_event,
};

int lwip_segw_genl_init(void)
{
	return genl_register_family(&lwip_segw_family);
}

void lwip_segw_genl_exit(void)
{
	genl_unregister_family(&lwip_segw_family);
}

int lwip_segw_agent_notifier_init(void)
{
	return netlink_register_notifier(&lwip_segw_netlink_notifier);
}

void lwip_segw_agent_notifier_exit(void)
{
	netlink_unregister_notifier(&lwip_segw_netlink_notifier);
}
