/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * lwip_segw: generic netlink API of the LWIP security gateway module
 * (3GPP TS 33.401 Annex H.2.2).
 *
 * Family "lwip_segw" (LWIP_SEGW_GENL_NAME), version LWIP_SEGW_GENL_VERSION.
 * The family is per network namespace: every command acts on the settings,
 * UE bindings and agent of the caller's netns.
 *
 * Two roles use the family:
 *
 *  - the eNB (and the operator's segwctl): configures the SeGW, adds,
 *    modifies, releases and inspects UE bindings, listens to events;
 *  - the agent (segwd): registers, receives each UE request with its PSK by
 *    unicast, pulls every live binding with AGENT_SYNC after registering, and
 *    reports the IKE/IPsec state of each UE.
 *
 * Every command requires CAP_NET_ADMIN in the initial user namespace
 * (GENL_ADMIN_PERM), whatever netns it runs in: root of a user namespace of
 * its own cannot run a gateway. The "events" multicast group requires
 * CAP_NET_ADMIN over the netns to subscribe. A request refused by attribute
 * validation, before the module sees it, is echoed in the error to the
 * sender (PSK included) unless its socket sets NETLINK_CAP_ACK; a request
 * the module refuses has its PSK wiped first. Attributes are validated
 * strictly, one policy per command: an attribute a command does not list
 * below, an attribute of the wrong length, a flag outside the command's
 * mask fail with -EINVAL, an integer out of range with -ERANGE, each with
 * an extended ACK message naming the attribute.
 * Integers are host byte order unless stated; IPv4 addresses are 4 octets in
 * network byte order (NLA_BE32, like the kernel's own IPv4 attributes).
 *
 * Commands
 * --------
 *
 * LWIP_SEGW_CMD_SET_CONFIG
 *   Sets this netns's SeGW settings. Attributes (all optional, at least one):
 *     LWIP_SEGW_A_SEGW_ADDR: NLA_BE32, the SeGW public IPv4 address the UEs
 *                            run IKEv2 and their inner traffic to (SEC-2).
 *     LWIP_SEGW_A_XWU_ADDR:  NLA_BE32, local Xw-U (GTP-U) address.
 *     LWIP_SEGW_A_XWU_PORT:  NLA_U16, local Xw-U UDP port, nonzero
 *                            (default 2152).
 *     LWIP_SEGW_A_WINDOW:    NLA_U32, default IKE initiation window in
 *                            seconds for new UEs, 0 = none (SEC-5), at most
 *                            LWIP_SEGW_WINDOW_MAX.
 *     LWIP_SEGW_A_GRACE:     NLA_U32, seconds a released UE that had an SA
 *                            stays in RELEASING waiting for the agent's DOWN,
 *                            1..LWIP_SEGW_GRACE_MAX (default 60).
 *     LWIP_SEGW_A_UPLINK:    NLA_U8, enum lwip_segw_uplink, what the uplink
 *                            hooks do with the decapsulated packets of bound
 *                            SAs: RELAY (default) enforces the LWIP rules and
 *                            relays what passes to the UE's eNB; CHECK
 *                            enforces them and lets what passes continue
 *                            into this host's stack (diagnosis, and the
 *                            datapath benchmark's filter-only figure); OFF
 *                            unregisters the hooks of this netns: UE traffic
 *                            is neither checked nor relayed (measurement and
 *                            maintenance only; the kernel logs a warning).
 *   The addresses cannot change while UE bindings exist (-EBUSY): the UEs
 *   were told the old ones. Setting the Xw-U address or port binds the
 *   netns's GTP-U socket (the relay's) first; if that fails (-EADDRNOTAVAIL:
 *   the address is not local; -EADDRINUSE: the port is taken) nothing
 *   changes. The SeGW is "configured" once both addresses are set; UE_ADD
 *   needs that. Turning the uplink hooks back on can fail (-ENOMEM); then,
 *   too, nothing changes.
 *
 * LWIP_SEGW_CMD_GET_CONFIG
 *   No attributes. Replies with the attributes above that are set, plus
 *   LWIP_SEGW_A_AGENT_PORTID (NLA_U32, 0 when no agent is registered) and
 *   LWIP_SEGW_A_UE_COUNT (NLA_U32, live bindings, RELEASING included).
 *
 * LWIP_SEGW_CMD_UE_ADD (eNB; XwAP LWIP ADDITION REQUEST)
 *   Required:
 *     LWIP_SEGW_A_UE_MAC:   binary, exactly 6 octets, the UE's WLAN MAC.
 *     LWIP_SEGW_A_UE_IDI:   binary, 1..255 octets, the IKE initiator identity.
 *     LWIP_SEGW_A_UE_PSK:   binary, exactly 32 octets, the LWIP-PSK (SEC-1).
 *     LWIP_SEGW_A_ENB_ADDR: NLA_BE32, the eNB's Xw-U address; not the SeGW
 *                           public address, and with the port not the
 *                           SeGW's Xw-U endpoint (-EINVAL, also in MODIFY).
 *     LWIP_SEGW_A_ENB_TEID: NLA_U32, nonzero, the eNB's uplink TEID.
 *   Optional:
 *     LWIP_SEGW_A_UE_IDI_TYPE: NLA_U8, enum lwip_segw_idi_type
 *                              (default LWIP_SEGW_IDI_KEY_ID).
 *     LWIP_SEGW_A_ENB_PORT: NLA_U16, nonzero, default 2152.
 *     LWIP_SEGW_A_WINDOW:   NLA_U32, initiation window in seconds for this UE,
 *                           0 = none; default: the netns default.
 *   Fails with -ENODATA when the SeGW is not configured, -ENOTCONN when no
 *   agent is registered (nothing is created), -EEXIST when a live binding
 *   already uses this MAC or these IDi octets (whatever their type), and with
 *   the agent's socket error when the request cannot be queued to the agent
 *   (nothing is created either). On success the binding is PENDING, its
 *   window runs, the request is unicast to the agent (LWIP_SEGW_CMD_UE_REQUEST,
 *   with the PSK), a LWIP_SEGW_EVENT_PENDING event is multicast, and the reply
 *   (the XwAP ACKNOWLEDGE) carries LWIP_SEGW_A_UE_ID, LWIP_SEGW_A_SEGW_ADDR,
 *   LWIP_SEGW_A_XWU_ADDR, LWIP_SEGW_A_XWU_PORT and LWIP_SEGW_A_SEGW_TEID. The
 *   kernel wipes the PSK in the request buffer once it has copied it.
 *
 * LWIP_SEGW_CMD_UE_MODIFY (eNB)
 *   Required: LWIP_SEGW_A_UE_ID. Optional, at least one: LWIP_SEGW_A_ENB_ADDR,
 *   LWIP_SEGW_A_ENB_PORT, LWIP_SEGW_A_ENB_TEID (same rules as UE_ADD),
 *   LWIP_SEGW_A_WINDOW (restarts the window from now; 0 stops it; ignored
 *   once established). Refused with -ESTALE for a RELEASING UE. Replies like
 *   UE_GET.
 *
 * LWIP_SEGW_CMD_UE_RELEASE (eNB; XwAP release)
 *   Required: LWIP_SEGW_A_UE_ID. Optional: LWIP_SEGW_A_REASON, which may
 *   only be LWIP_SEGW_REASON_ENB_RELEASE (the default): the other reasons
 *   are what the gateway saw, and -EINVAL refuses an eNB naming one.
 *   Multicasts LWIP_SEGW_EVENT_RELEASED and unicasts LWIP_SEGW_CMD_UE_RELEASE
 *   (id, IDi, reason) to the agent so it
 *   tears the IKE SA, the connection and the PSK down. A UE that never had an
 *   SA is freed at once; one that had is kept in RELEASING (see below).
 *   Releasing a RELEASING UE fails with -ESTALE.
 *   Sent by the kernel to the agent: LWIP_SEGW_A_UE_ID, LWIP_SEGW_A_UE_IDI,
 *   LWIP_SEGW_A_UE_IDI_TYPE, LWIP_SEGW_A_REASON.
 *
 * LWIP_SEGW_CMD_UE_GET (eNB)
 *   doit: required LWIP_SEGW_A_UE_ID. dumpit: no attributes, every binding in
 *   ascending id order. Each UE message carries: LWIP_SEGW_A_UE_ID,
 *   LWIP_SEGW_A_UE_STATE, LWIP_SEGW_A_UE_MAC, LWIP_SEGW_A_UE_IDI,
 *   LWIP_SEGW_A_UE_IDI_TYPE, LWIP_SEGW_A_ENB_ADDR, LWIP_SEGW_A_ENB_PORT,
 *   LWIP_SEGW_A_ENB_TEID, LWIP_SEGW_A_SEGW_TEID, LWIP_SEGW_A_WINDOW, and
 *   LWIP_SEGW_A_WINDOW_LEFT_MS (NLA_U32) while the window runs;
 *   once an SA was reported: LWIP_SEGW_A_REQID, LWIP_SEGW_A_INNER_ADDR,
 *   LWIP_SEGW_A_OUTER_ADDR, LWIP_SEGW_A_OUTER_PORT, LWIP_SEGW_A_UE_FLAGS;
 *   when RELEASING: LWIP_SEGW_A_REASON; always LWIP_SEGW_A_COUNTERS (nest of
 *   enum lwip_segw_counter, NLA_U64 each) and LWIP_SEGW_A_DROPS (nest whose
 *   attribute types are enum lwip_segw_drop values, NLA_U64 each, every
 *   reason present). Never the PSK. Dumps are consistent per the usual
 *   netlink rule: every binding that lives through the whole dump appears
 *   exactly once; if the set of bindings changed while the dump ran, the
 *   messages after the change carry NLM_F_DUMP_INTR and a caller that needs
 *   a snapshot retries.
 *
 * LWIP_SEGW_CMD_STATS
 *   No attributes. Replies with LWIP_SEGW_A_UE_COUNT, LWIP_SEGW_A_COUNTERS
 *   (traffic summed over the netns), LWIP_SEGW_A_DROPS (per reason, including
 *   drops of packets that matched no binding), LWIP_SEGW_A_RELEASES (nest
 *   whose attribute types are enum lwip_segw_reason values, NLA_U64 each)
 *   and LWIP_SEGW_A_STATS (nest of enum lwip_segw_stat, NLA_U64 each).
 *
 * LWIP_SEGW_CMD_AGENT_REGISTER (agent)
 *   No attributes. Makes the sending socket the netns's agent. One agent per
 *   netns: -EBUSY while another socket is registered; registering again from
 *   the same socket is a no-op. The module forgets the agent when its socket
 *   closes. Replies with LWIP_SEGW_A_UE_COUNT; the agent then runs
 *   LWIP_SEGW_CMD_AGENT_SYNC. A UE added between the two may be seen twice
 *   (request and sync): the agent treats both as "this UE exists".
 *
 * LWIP_SEGW_CMD_AGENT_SYNC (agent, dump only)
 *   No attributes. Refused (-EPERM) unless sent from the registered agent's
 *   socket. Dumps every binding like UE_GET, plus LWIP_SEGW_A_UE_PSK and
 *   LWIP_SEGW_A_SEGW_ADDR (as in UE_REQUEST), minus the counters. RELEASING
 *   bindings are included: the agent tears them down and reports DOWN.
 *
 * LWIP_SEGW_CMD_UE_REQUEST (kernel -> agent, unicast only)
 *   Sent to the agent for each UE_ADD: LWIP_SEGW_A_UE_ID, LWIP_SEGW_A_UE_MAC,
 *   LWIP_SEGW_A_UE_IDI, LWIP_SEGW_A_UE_IDI_TYPE, LWIP_SEGW_A_UE_PSK,
 *   LWIP_SEGW_A_SEGW_ADDR, LWIP_SEGW_A_WINDOW. Not accepted from userspace.
 *
 * LWIP_SEGW_CMD_UE_REPORT (agent)
 *   Refused (-EPERM) unless sent from the registered agent's socket.
 *   Required: LWIP_SEGW_A_UE_ID, LWIP_SEGW_A_REPORT (enum lwip_segw_report).
 *     READY: PENDING -> READY (pluto has the PSK and the connection).
 *     ESTABLISHED: also requires LWIP_SEGW_A_REQID (nonzero kernel reqid),
 *       LWIP_SEGW_A_INNER_ADDR, LWIP_SEGW_A_OUTER_ADDR, and with NAT-T
 *       LWIP_SEGW_A_OUTER_PORT (the UE's UDP port as the SeGW sees it);
 *       optional LWIP_SEGW_A_UE_FLAGS (mask LWIP_SEGW_UE_F_ALL). -EINVAL
 *       (SEC-2) when, without LWIP_SEGW_UE_F_NATT, the inner address is not
 *       the outer one, or when the inner address is a loopback address or
 *       the SeGW public or Xw-U address. PENDING or
 *       READY -> ESTABLISHED; the window stops. -EEXIST when the reqid or the
 *       inner address belongs to another UE (the agent must refuse that SA,
 *       DESIGN 5.12).
 *     FAILED: optional LWIP_SEGW_A_REASON (default AGENT_FAILURE) and
 *       LWIP_SEGW_A_REASON_TEXT (NUL-terminated, < 128 octets, relayed in the
 *       event with control characters turned into '?'; never put secrets
 *       there). Releases the UE.
 *     DOWN: optional LWIP_SEGW_A_REASON (default IKE_SA_DELETED). The UE's
 *       IPsec state is gone: a live UE is released (SEC-6), a RELEASING one
 *       is freed (release done).
 *   An unknown id fails with -ENOENT: the agent tears down what it has.
 *
 * LWIP_SEGW_CMD_UE_EVENT (kernel -> "events" multicast group)
 *   LWIP_SEGW_A_EVENT (enum lwip_segw_event), LWIP_SEGW_A_UE_ID,
 *   LWIP_SEGW_A_UE_STATE, LWIP_SEGW_A_UE_MAC, LWIP_SEGW_A_UE_IDI,
 *   LWIP_SEGW_A_UE_IDI_TYPE, LWIP_SEGW_A_SEGW_TEID; ESTABLISHED adds
 *   LWIP_SEGW_A_INNER_ADDR (the eNB's downlink needs it), LWIP_SEGW_A_REQID,
 *   LWIP_SEGW_A_OUTER_ADDR, LWIP_SEGW_A_OUTER_PORT, LWIP_SEGW_A_UE_FLAGS;
 *   RELEASED adds LWIP_SEGW_A_REASON and maybe LWIP_SEGW_A_REASON_TEXT.
 *   Never secrets.
 *
 * Release and RELEASING
 * ---------------------
 * The uplink hook leaves packets whose SA reqid is bound to no UE alone (they
 * may belong to other IPsec users of the box). A released UE whose SA may
 * still exist therefore keeps its reqid mapped, in state RELEASING, where the
 * hook drops its packets (NOT_ESTABLISHED), until the agent reports DOWN, or
 * LWIP_SEGW_A_GRACE seconds pass (then the binding is freed whatever the
 * agent did). A UE that never had a reqid is freed at once; its MAC and IDi
 * are free for a new UE_ADD as soon as it is released.
 */

#ifndef _UAPI_LWIP_SEGW_H
#define _UAPI_LWIP_SEGW_H

#define LWIP_SEGW_GENL_NAME		"lwip_segw"
#define LWIP_SEGW_GENL_VERSION		1
#define LWIP_SEGW_MCGRP_EVENTS		"events"

#define LWIP_SEGW_MAC_LEN		6
#define LWIP_SEGW_IDI_MAX_LEN		255
#define LWIP_SEGW_PSK_LEN		32
#define LWIP_SEGW_XWU_PORT_DEFAULT	2152
#define LWIP_SEGW_WINDOW_MAX		86400	/* seconds */
#define LWIP_SEGW_GRACE_DEFAULT		60	/* seconds */
#define LWIP_SEGW_GRACE_MAX		3600	/* seconds */
#define LWIP_SEGW_REASON_TEXT_MAX	127	/* octets, NUL excluded */

enum lwip_segw_cmd {
	LWIP_SEGW_CMD_UNSPEC,
	LWIP_SEGW_CMD_SET_CONFIG,
	LWIP_SEGW_CMD_GET_CONFIG,
	LWIP_SEGW_CMD_UE_ADD,
	LWIP_SEGW_CMD_UE_MODIFY,
	LWIP_SEGW_CMD_UE_RELEASE,
	LWIP_SEGW_CMD_UE_GET,
	LWIP_SEGW_CMD_STATS,
	LWIP_SEGW_CMD_AGENT_REGISTER,
	LWIP_SEGW_CMD_AGENT_SYNC,
	LWIP_SEGW_CMD_UE_REQUEST,
	LWIP_SEGW_CMD_UE_REPORT,
	LWIP_SEGW_CMD_UE_EVENT,
	__LWIP_SEGW_CMD_MAX
};

#define LWIP_SEGW_CMD_MAX (__LWIP_SEGW_CMD_MAX - 1)

enum lwip_segw_attr {
	LWIP_SEGW_A_UNSPEC,		/* also the padding attribute */
	LWIP_SEGW_A_UE_ID,		/* NLA_U32 */
	LWIP_SEGW_A_UE_MAC,		/* binary, 6 octets */
	LWIP_SEGW_A_UE_IDI,		/* binary, 1..255 octets */
	LWIP_SEGW_A_UE_IDI_TYPE,	/* NLA_U8, enum lwip_segw_idi_type */
	LWIP_SEGW_A_UE_PSK,		/* binary, 32 octets */
	LWIP_SEGW_A_ENB_ADDR,		/* NLA_BE32 */
	LWIP_SEGW_A_ENB_PORT,		/* NLA_U16 */
	LWIP_SEGW_A_ENB_TEID,		/* NLA_U32 */
	LWIP_SEGW_A_WINDOW,		/* NLA_U32, seconds */
	LWIP_SEGW_A_SEGW_ADDR,		/* NLA_BE32 */
	LWIP_SEGW_A_XWU_ADDR,		/* NLA_BE32 */
	LWIP_SEGW_A_XWU_PORT,		/* NLA_U16 */
	LWIP_SEGW_A_SEGW_TEID,		/* NLA_U32 */
	LWIP_SEGW_A_UE_STATE,		/* NLA_U8, enum lwip_segw_ue_state */
	LWIP_SEGW_A_REASON,		/* NLA_U8, enum lwip_segw_reason */
	LWIP_SEGW_A_REASON_TEXT,	/* NLA_NUL_STRING */
	LWIP_SEGW_A_REQID,		/* NLA_U32 */
	LWIP_SEGW_A_INNER_ADDR,		/* NLA_BE32 */
	LWIP_SEGW_A_OUTER_ADDR,		/* NLA_BE32 */
	LWIP_SEGW_A_OUTER_PORT,		/* NLA_U16 */
	LWIP_SEGW_A_UE_FLAGS,		/* NLA_U32, enum lwip_segw_ue_flag */
	LWIP_SEGW_A_WINDOW_LEFT_MS,	/* NLA_U32 */
	LWIP_SEGW_A_COUNTERS,		/* nest: enum lwip_segw_counter */
	LWIP_SEGW_A_DROPS,		/* nest: enum lwip_segw_drop */
	LWIP_SEGW_A_RELEASES,		/* nest: enum lwip_segw_reason */
	LWIP_SEGW_A_STATS,		/* nest: enum lwip_segw_stat */
	LWIP_SEGW_A_EVENT,		/* NLA_U8, enum lwip_segw_event */
	LWIP_SEGW_A_REPORT,		/* NLA_U8, enum lwip_segw_report */
	LWIP_SEGW_A_AGENT_PORTID,	/* NLA_U32 */
	LWIP_SEGW_A_UE_COUNT,		/* NLA_U32 */
	LWIP_SEGW_A_GRACE,		/* NLA_U32, seconds */
	LWIP_SEGW_A_UPLINK,		/* NLA_U8, enum lwip_segw_uplink */
	__LWIP_SEGW_A_MAX
};

#define LWIP_SEGW_A_MAX (__LWIP_SEGW_A_MAX - 1)

/* Type of the IDi octets; how the agent spells the ID to the IKE daemon. */
enum lwip_segw_idi_type {
	LWIP_SEGW_IDI_UNSPEC,
	LWIP_SEGW_IDI_KEY_ID,		/* opaque octets (default) */
	LWIP_SEGW_IDI_FQDN,		/* e.g. "ue1.lwip.example" */
	LWIP_SEGW_IDI_RFC822,		/* e.g. "user@realm" */
	__LWIP_SEGW_IDI_MAX
};

#define LWIP_SEGW_IDI_MAX (__LWIP_SEGW_IDI_MAX - 1)

/* What the uplink hooks do (LWIP_SEGW_A_UPLINK). */
enum lwip_segw_uplink {
	LWIP_SEGW_UPLINK_UNSPEC,
	LWIP_SEGW_UPLINK_RELAY,		/* enforce, relay to the eNB (default) */
	LWIP_SEGW_UPLINK_CHECK,		/* enforce, pass on to the local stack */
	LWIP_SEGW_UPLINK_OFF,		/* hooks unregistered: nothing checked */
	__LWIP_SEGW_UPLINK_MAX
};

#define LWIP_SEGW_UPLINK_MAX (__LWIP_SEGW_UPLINK_MAX - 1)

enum lwip_segw_ue_state {
	LWIP_SEGW_UE_UNSPEC,
	LWIP_SEGW_UE_PENDING,		/* added, request handed to the agent */
	LWIP_SEGW_UE_READY,		/* the IKE daemon can authenticate it */
	LWIP_SEGW_UE_ESTABLISHED,	/* SA up; the data path serves it */
	LWIP_SEGW_UE_RELEASING,		/* released; SA may still exist: drop */
	__LWIP_SEGW_UE_MAX
};

#define LWIP_SEGW_UE_STATE_MAX (__LWIP_SEGW_UE_MAX - 1)

/* Why a UE was released (event, agent notice, release counters). */
enum lwip_segw_reason {
	LWIP_SEGW_REASON_UNSPEC,
	LWIP_SEGW_REASON_ENB_RELEASE,	/* UE_RELEASE from the eNB */
	LWIP_SEGW_REASON_WINDOW_EXPIRED, /* no SA within the window (SEC-5) */
	LWIP_SEGW_REASON_IKE_SA_DELETED, /* agent reported DOWN (SEC-6) */
	LWIP_SEGW_REASON_AGENT_FAILURE,	/* agent reported FAILED */
	LWIP_SEGW_REASON_EVICTED,	/* IKE daemon replaced its SA */
	LWIP_SEGW_REASON_ADDRESS_CONFLICT, /* inner address of another UE */
	LWIP_SEGW_REASON_MODULE_UNLOAD,	/* module or netns going away */
	__LWIP_SEGW_REASON_MAX
};

#define LWIP_SEGW_REASON_MAX (__LWIP_SEGW_REASON_MAX - 1)

enum lwip_segw_report {
	LWIP_SEGW_REPORT_UNSPEC,
	LWIP_SEGW_REPORT_READY,
	LWIP_SEGW_REPORT_ESTABLISHED,
	LWIP_SEGW_REPORT_FAILED,
	LWIP_SEGW_REPORT_DOWN,
	__LWIP_SEGW_REPORT_MAX
};

#define LWIP_SEGW_REPORT_MAX (__LWIP_SEGW_REPORT_MAX - 1)

enum lwip_segw_event {
	LWIP_SEGW_EVENT_UNSPEC,
	LWIP_SEGW_EVENT_PENDING,
	LWIP_SEGW_EVENT_READY,
	LWIP_SEGW_EVENT_ESTABLISHED,
	LWIP_SEGW_EVENT_RELEASED,
	__LWIP_SEGW_EVENT_MAX
};

#define LWIP_SEGW_EVENT_MAX (__LWIP_SEGW_EVENT_MAX - 1)

enum lwip_segw_ue_flag {
	LWIP_SEGW_UE_F_NATT = 1U << 0,	/* UE behind NAT: ESP in UDP (SEC-3) */
	LWIP_SEGW_UE_F_ALL = LWIP_SEGW_UE_F_NATT
};

/* Traffic counters, attribute types inside LWIP_SEGW_A_COUNTERS. */
enum lwip_segw_counter {
	LWIP_SEGW_CTR_UNSPEC,		/* padding */
	LWIP_SEGW_CTR_UL_PACKETS,
	LWIP_SEGW_CTR_UL_BYTES,
	LWIP_SEGW_CTR_DL_PACKETS,
	LWIP_SEGW_CTR_DL_BYTES,
	__LWIP_SEGW_CTR_MAX
};

#define LWIP_SEGW_CTR_MAX (__LWIP_SEGW_CTR_MAX - 1)

/*
 * Drop reasons of the data path, attribute types inside LWIP_SEGW_A_DROPS.
 * Uplink: checks on XFRM-decapsulated packets of a bound SA (DESIGN 2.2).
 * Downlink (DL_*): checks on GTP-U T-PDUs from the eNB.
 */
enum lwip_segw_drop {
	LWIP_SEGW_DROP_UNSPEC,		/* padding */
	LWIP_SEGW_DROP_NOT_ESTABLISHED,	/* SA of a UE not ESTABLISHED */
	LWIP_SEGW_DROP_NOT_TUNNEL,	/* SA not in tunnel mode */
	LWIP_SEGW_DROP_OUTER_DST,	/* outer destination != SeGW public */
	LWIP_SEGW_DROP_INNER_DST,	/* inner destination != SeGW public */
	LWIP_SEGW_DROP_INNER_SRC,	/* inner source != UE inner address */
	LWIP_SEGW_DROP_INNER_OUTER_MISMATCH, /* no NAT-T: inner src != outer */
	LWIP_SEGW_DROP_NATT_OUTER_SRC,	/* NAT-T: outer src != recorded one */
	LWIP_SEGW_DROP_NOT_GRE,		/* inner protocol is not GRE (SEC-8) */
	LWIP_SEGW_DROP_DL_UNKNOWN_TEID,	/* no UE with this SeGW TEID */
	LWIP_SEGW_DROP_DL_WRONG_SOURCE,	/* not from the UE's eNB (SEC-8) */
	LWIP_SEGW_DROP_DL_NOT_ESTABLISHED,
	LWIP_SEGW_DROP_DL_INNER_SRC,	/* inner source != SeGW public */
	LWIP_SEGW_DROP_DL_INNER_DST,	/* inner destination != UE inner */
	LWIP_SEGW_DROP_DL_NOT_GRE,
	LWIP_SEGW_DROP_DL_MALFORMED,	/* bad GTP-U or inner IP header */
	LWIP_SEGW_DROP_UL_NO_ROUTE,	/* relay: no route to the eNB */
	LWIP_SEGW_DROP_DL_NO_ROUTE,	/* relay: no route/xfrm to the UE */
	LWIP_SEGW_DROP_XWU_BYPASS,	/* to an eNB, not via the relay (SEC-7) */
	__LWIP_SEGW_DROP_MAX
};

#define LWIP_SEGW_DROP_MAX (__LWIP_SEGW_DROP_MAX - 1)

/* Control-plane counters of a netns, attribute types in LWIP_SEGW_A_STATS. */
enum lwip_segw_stat {
	LWIP_SEGW_STAT_UNSPEC,		/* padding */
	LWIP_SEGW_STAT_UES_ADDED,	/* UE_ADD that succeeded */
	LWIP_SEGW_STAT_UES_FREED,	/* bindings freed */
	LWIP_SEGW_STAT_AGENT_SEND_FAILURES, /* messages the agent did not get */
	LWIP_SEGW_STAT_GRACE_EXPIRED,	/* RELEASING freed without DOWN */
	__LWIP_SEGW_STAT_MAX
};

#define LWIP_SEGW_STAT_MAX (__LWIP_SEGW_STAT_MAX - 1)

#endif /* _UAPI_LWIP_SEGW_H */
