/* SPDX-License-Identifier: GPL-2.0 */
/*
 * enbsim: the eNB role of the "lwip_segw" generic netlink family
 * (kmod/uapi/linux/lwip_segw.h), one function per message the eNB sends,
 * plus the "events" group. Nothing here prints: every function returns 0 or
 * a negative errno and leaves the kernel's extended ACK text, if any, in
 * enb_nl.extack for the caller's error message.
 */
#ifndef ENBSIM_NL_H
#define ENBSIM_NL_H

#include <stddef.h>
#include <stdint.h>
#include <linux/lwip_segw.h>

struct nl_sock;

struct enb_nl {
	struct nl_sock *sk;
	int family;
	char extack[512];	/* of the last failed request, "" if none */
};

/* SET_CONFIG; addresses in network byte order. */
struct enb_config {
	uint32_t segw_addr;
	uint32_t xwu_addr;
	uint16_t xwu_port;	/* 0: leave as is (module default 2152) */
	int has_window;
	uint32_t window;
	int has_grace;
	uint32_t grace;
};

/* UE_ADD, the XwAP LWIP ADDITION REQUEST. */
struct enb_ue_req {
	uint8_t mac[LWIP_SEGW_MAC_LEN];
	uint8_t idi[LWIP_SEGW_IDI_MAX_LEN];
	size_t idi_len;
	uint8_t idi_type;	/* enum lwip_segw_idi_type */
	uint8_t psk[LWIP_SEGW_PSK_LEN];
	uint32_t enb_addr;	/* the eNB's Xw-U address, network order */
	uint16_t enb_port;	/* 0: default 2152 */
	uint32_t enb_teid;	/* uplink T-PDUs to the eNB carry it */
	int has_window;
	uint32_t window;
};

/* UE_ADD's reply, the XwAP ACKNOWLEDGE. */
struct enb_ack {
	uint32_t ue_id;
	uint32_t segw_addr;	/* network order */
	uint32_t xwu_addr;	/* network order: downlink T-PDUs go here... */
	uint16_t xwu_port;	/* ...to this port... */
	uint32_t segw_teid;	/* ...with this TEID */
	uint32_t window;
};

/*
 * A UE as UE_GET and events describe it. Absent attributes read 0 (the API
 * never uses 0 for a present one of these).
 */
struct enb_ue {
	uint32_t id;
	uint8_t state;		/* enum lwip_segw_ue_state */
	uint8_t event;		/* enum lwip_segw_event, events only */
	uint8_t reason;		/* enum lwip_segw_reason */
	uint32_t segw_teid;
	uint32_t reqid;
	uint32_t inner_addr;	/* network order */
	uint32_t outer_addr;	/* network order */
	uint16_t outer_port;
	uint32_t flags;		/* enum lwip_segw_ue_flag */
	char reason_text[LWIP_SEGW_REASON_TEXT_MAX + 1];
};

typedef void (*enb_event_fn)(const struct enb_ue *ue, void *arg);

/*
 * Opens a generic netlink socket with extended ACKs and resolves the family.
 * -ENOENT: the family is not registered (lwip_segw.ko not loaded).
 */
int enb_nl_open(struct enb_nl *nl);
void enb_nl_close(struct enb_nl *nl);

int enb_set_config(struct enb_nl *nl, const struct enb_config *cfg);
int enb_ue_add(struct enb_nl *nl, const struct enb_ue_req *req,
	       struct enb_ack *ack);
/* reason 0: the module's default, ENB_RELEASE. */
int enb_ue_release(struct enb_nl *nl, uint32_t id, uint8_t reason);
int enb_ue_get(struct enb_nl *nl, uint32_t id, struct enb_ue *ue);
/* Counts the bindings (in state, 0 = any) with a consistent dump. */
int enb_ue_count(struct enb_nl *nl, uint8_t state, unsigned int *count);

/*
 * Joins the "events" group. The socket should then be used for events only:
 * a request's replies and events would interleave.
 */
int enb_events_join(struct enb_nl *nl);
int enb_events_fd(struct enb_nl *nl);
/*
 * Receives what is queued on the events socket (blocks until something is
 * unless the socket is non-blocking) and calls fn for each event.
 * Returns 0, -EAGAIN when nothing was queued, or a negative errno.
 */
int enb_events_read(struct enb_nl *nl, enb_event_fn fn, void *arg);

#endif /* ENBSIM_NL_H */
