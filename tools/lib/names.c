// SPDX-License-Identifier: GPL-2.0
/*
 * The names of the lwip_segw uapi enums, as segwctl and enbsim print and
 * parse them (index = value; a gap is NULL).
 */
#include <stddef.h>
#include <string.h>

#include "names.h"

const char *const lwip_segw_state_names[LWIP_SEGW_UE_STATE_MAX + 1] = {
	[LWIP_SEGW_UE_PENDING] = "pending",
	[LWIP_SEGW_UE_READY] = "ready",
	[LWIP_SEGW_UE_ESTABLISHED] = "established",
	[LWIP_SEGW_UE_RELEASING] = "releasing",
};

const char *const lwip_segw_idi_type_names[LWIP_SEGW_IDI_MAX + 1] = {
	[LWIP_SEGW_IDI_KEY_ID] = "key_id",
	[LWIP_SEGW_IDI_FQDN] = "fqdn",
	[LWIP_SEGW_IDI_RFC822] = "rfc822",
};

const char *const lwip_segw_reason_names[LWIP_SEGW_REASON_MAX + 1] = {
	[LWIP_SEGW_REASON_ENB_RELEASE] = "enb_release",
	[LWIP_SEGW_REASON_WINDOW_EXPIRED] = "window_expired",
	[LWIP_SEGW_REASON_IKE_SA_DELETED] = "ike_sa_deleted",
	[LWIP_SEGW_REASON_AGENT_FAILURE] = "agent_failure",
	[LWIP_SEGW_REASON_EVICTED] = "evicted",
	[LWIP_SEGW_REASON_ADDRESS_CONFLICT] = "address_conflict",
	[LWIP_SEGW_REASON_MODULE_UNLOAD] = "module_unload",
};

const char *const lwip_segw_event_names[LWIP_SEGW_EVENT_MAX + 1] = {
	[LWIP_SEGW_EVENT_PENDING] = "pending",
	[LWIP_SEGW_EVENT_READY] = "ready",
	[LWIP_SEGW_EVENT_ESTABLISHED] = "established",
	[LWIP_SEGW_EVENT_RELEASED] = "released",
};

const char *const lwip_segw_ctr_names[LWIP_SEGW_CTR_MAX + 1] = {
	[LWIP_SEGW_CTR_UL_PACKETS] = "ul_packets",
	[LWIP_SEGW_CTR_UL_BYTES] = "ul_bytes",
	[LWIP_SEGW_CTR_DL_PACKETS] = "dl_packets",
	[LWIP_SEGW_CTR_DL_BYTES] = "dl_bytes",
};

/* The module's own list (kmod/drop_names.h), so dmesg and show agree. */
#define LWIP_SEGW_DROP_NAME(reason, name) \
	[LWIP_SEGW_DROP_##reason] = name,
const char *const lwip_segw_drop_names[LWIP_SEGW_DROP_MAX + 1] = {
#include "../../kmod/drop_names.h"
};

#undef LWIP_SEGW_DROP_NAME

const char *const lwip_segw_stat_names[LWIP_SEGW_STAT_MAX + 1] = {
	[LWIP_SEGW_STAT_UES_ADDED] = "ues_added",
	[LWIP_SEGW_STAT_UES_FREED] = "ues_freed",
	[LWIP_SEGW_STAT_AGENT_SEND_FAILURES] = "agent_send_failures",
	[LWIP_SEGW_STAT_GRACE_EXPIRED] = "grace_expired",
};

const char *const lwip_segw_uplink_names[LWIP_SEGW_UPLINK_MAX + 1] = {
	[LWIP_SEGW_UPLINK_RELAY] = "relay",
	[LWIP_SEGW_UPLINK_CHECK] = "check",
	[LWIP_SEGW_UPLINK_OFF] = "off",
};

/* Attributes, for error messages: the uapi name without LWIP_SEGW_A_. */
const char *const lwip_segw_attr_names[LWIP_SEGW_A_MAX + 1] = {
	[LWIP_SEGW_A_UE_ID] = "ue_id",
	[LWIP_SEGW_A_UE_MAC] = "ue_mac",
	[LWIP_SEGW_A_UE_IDI] = "ue_idi",
	[LWIP_SEGW_A_UE_IDI_TYPE] = "ue_idi_type",
	[LWIP_SEGW_A_UE_PSK] = "ue_psk",
	[LWIP_SEGW_A_ENB_ADDR] = "enb_addr",
	[LWIP_SEGW_A_ENB_PORT] = "enb_port",
	[LWIP_SEGW_A_ENB_TEID] = "enb_teid",
	[LWIP_SEGW_A_WINDOW] = "window",
	[LWIP_SEGW_A_SEGW_ADDR] = "segw_addr",
	[LWIP_SEGW_A_XWU_ADDR] = "xwu_addr",
	[LWIP_SEGW_A_XWU_PORT] = "xwu_port",
	[LWIP_SEGW_A_SEGW_TEID] = "segw_teid",
	[LWIP_SEGW_A_UE_STATE] = "ue_state",
	[LWIP_SEGW_A_REASON] = "reason",
	[LWIP_SEGW_A_REASON_TEXT] = "reason_text",
	[LWIP_SEGW_A_REQID] = "reqid",
	[LWIP_SEGW_A_INNER_ADDR] = "inner_addr",
	[LWIP_SEGW_A_OUTER_ADDR] = "outer_addr",
	[LWIP_SEGW_A_OUTER_PORT] = "outer_port",
	[LWIP_SEGW_A_UE_FLAGS] = "ue_flags",
	[LWIP_SEGW_A_WINDOW_LEFT_MS] = "window_left_ms",
	[LWIP_SEGW_A_COUNTERS] = "counters",
	[LWIP_SEGW_A_DROPS] = "drops",
	[LWIP_SEGW_A_RELEASES] = "releases",
	[LWIP_SEGW_A_STATS] = "stats",
	[LWIP_SEGW_A_EVENT] = "event",
	[LWIP_SEGW_A_REPORT] = "report",
	[LWIP_SEGW_A_AGENT_PORTID] = "agent_portid",
	[LWIP_SEGW_A_UE_COUNT] = "ue_count",
	[LWIP_SEGW_A_GRACE] = "grace",
	[LWIP_SEGW_A_UPLINK] = "uplink",
};

const char *lwip_segw_name(const char *const *names, size_t n, unsigned int v)
{
	return v < n && names[v] ? names[v] : "unknown";
}

int lwip_segw_name_value(const char *const *names, size_t n, const char *s)
{
	size_t i;

	for (i = 1; s && i < n; i++)
		if (names[i] && !strcmp(names[i], s))
			return i;
	return -1;
}
