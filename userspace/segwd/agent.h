/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The agent's link to lwip_segw.ko (generic netlink, agent role), and a
 * watch on the family appearing and vanishing (nlctrl "notify" group).
 */
#ifndef SEGWD_AGENT_H
#define SEGWD_AGENT_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/lwip_segw.h>

/* One UE as the module describes it: UE_REQUEST, AGENT_SYNC, UE_RELEASE. */
struct agent_ue {
	uint8_t cmd;			/* LWIP_SEGW_CMD_* it came with */
	uint32_t id;
	uint8_t idi[LWIP_SEGW_IDI_MAX_LEN];
	unsigned int idi_len;
	uint8_t idi_type;
	uint8_t psk[LWIP_SEGW_PSK_LEN];
	bool have_psk;
	struct in_addr segw;
	uint8_t state;			/* enum lwip_segw_ue_state, sync only */
	uint8_t reason;			/* release only */
	uint32_t reqid;			/* sync, once an SA was reported */
	struct in_addr inner, outer;
};

/* What ESTABLISHED carries. */
struct agent_sa {
	uint32_t reqid;
	struct in_addr inner, outer;
	uint16_t outer_port;
	bool natt;
};

typedef void (*agent_ue_cb)(struct agent_ue *ue, void *arg);

/* 0, or -ENOENT when the family is not registered (module not loaded). */
int agent_open(void);
void agent_close(void);
bool agent_is_open(void);
int agent_fd(void);
/* AGENT_REGISTER; returns the module's UE count or -errno. */
int agent_register(void);
/* AGENT_SYNC dump; cb sees each UE (PSK included; callers wipe it). */
int agent_sync(agent_ue_cb cb, void *arg);
/*
 * Handles the module's requests received so far (queued ones first).
 * Returns 0, or -ENOBUFS when the socket overflowed (requests were lost:
 * the caller resyncs), or another -errno when the link is broken.
 */
int agent_receive(agent_ue_cb cb, void *arg);
/* GET_CONFIG: the SeGW public address (AGENT_SYNC entries lack it). */
int agent_segw_addr(struct in_addr *addr);
/* UE_REPORT; err gets the module's extack text. Returns 0 or -errno. */
int agent_report(uint32_t id, uint8_t report, uint8_t reason,
		 const char *text, const struct agent_sa *sa,
		 char *err, size_t errlen);

int watch_open(void);
int watch_fd(void);
/* Reads family notifications: sets *appeared / *vanished for ours. */
int watch_receive(bool *appeared, bool *vanished);

#endif
