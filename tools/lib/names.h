/* SPDX-License-Identifier: GPL-2.0 */
/* Names of the lwip_segw uapi enums, shared by segwctl and enbsim. */
#ifndef LWIP_SEGW_NAMES_H
#define LWIP_SEGW_NAMES_H

#include <stddef.h>

#include <linux/lwip_segw.h>

extern const char *const lwip_segw_state_names[LWIP_SEGW_UE_STATE_MAX + 1];
extern const char *const lwip_segw_idi_type_names[LWIP_SEGW_IDI_MAX + 1];
extern const char *const lwip_segw_reason_names[LWIP_SEGW_REASON_MAX + 1];
extern const char *const lwip_segw_event_names[LWIP_SEGW_EVENT_MAX + 1];
extern const char *const lwip_segw_ctr_names[LWIP_SEGW_CTR_MAX + 1];
extern const char *const lwip_segw_drop_names[LWIP_SEGW_DROP_MAX + 1];
extern const char *const lwip_segw_stat_names[LWIP_SEGW_STAT_MAX + 1];
extern const char *const lwip_segw_uplink_names[LWIP_SEGW_UPLINK_MAX + 1];
extern const char *const lwip_segw_attr_names[LWIP_SEGW_A_MAX + 1];

#define LWIP_SEGW_NAMES_N(names) (sizeof(names) / sizeof((names)[0]))

/* names[v], or "unknown" for a value without a name. */
const char *lwip_segw_name(const char *const *names, size_t n, unsigned int v);
/* The value named s, or -1. */
int lwip_segw_name_value(const char *const *names, size_t n, const char *s);

#define LWIP_SEGW_NAME(names, v) \
	lwip_segw_name(names, LWIP_SEGW_NAMES_N(names), v)

#endif
