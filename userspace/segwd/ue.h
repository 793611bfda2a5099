/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The agent's model of each UE the module handed it: what pluto has for it
 * (PSK file, connection), what the module was told, and what the notifier
 * saw. Keyed by the module's UE id. The model is rebuilt from the module
 * (AGENT_SYNC) and pluto (--status) at every resync.
 */
#ifndef SEGWD_UE_H
#define SEGWD_UE_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include <linux/lwip_segw.h>

#define UE_NAME_MAX 64
#define UE_RID_MAX (2 * LWIP_SEGW_IDI_MAX_LEN + 8)

struct ue {
	uint32_t id;			/* module UE id */
	uint8_t idi[LWIP_SEGW_IDI_MAX_LEN];
	unsigned int idi_len;
	uint8_t idi_type;		/* enum lwip_segw_idi_type */
	uint8_t psk[LWIP_SEGW_PSK_LEN];	/* wiped when the UE is freed */
	bool have_psk;
	struct in_addr segw;		/* SeGW public address (our end) */
	char name[UE_NAME_MAX];		/* pluto connection name */
	char remote_id[UE_RID_MAX];	/* pluto spelling of the IDi */
	unsigned int reqid;		/* manual reqid given to pluto */

	bool psk_written;		/* its secrets file exists */
	bool conn_added;		/* pluto has the connection */
	bool ready_reported;		/* module heard READY or better */
	bool established;		/* module accepted ESTABLISHED */
	bool sa_up;			/* last notifier verb was an accepted up */
	bool tearing_down;		/* our own release is running */
	bool want_add;			/* queued for the next batch */
	bool refused_child;		/* the notifier refused its Child SA */
	uint32_t conflict_with;		/* refused for this UE's inner address */
	struct in_addr outer;		/* UE outer address when established */
	uint32_t kreqid;		/* kernel reqid of its SA */
	struct in_addr inner;		/* UE inner address when established */
	struct ue *next;
};

struct ue *ue_find(uint32_t id);
struct ue *ue_find_name(const char *conn);
struct ue *ue_find_inner(struct in_addr inner, const struct ue *except);
/* Creates an entry, or returns the existing one (*created false). */
struct ue *ue_get(uint32_t id, bool *created);
void ue_free(struct ue *ue);
struct ue *ue_first(void);
unsigned int ue_count(void);

/* Builds name, remote_id and reqid; -1 with why when the IDi is unusable. */
int ue_set_identity(struct ue *ue, const uint8_t *idi, unsigned int len,
		    uint8_t type, char *why, size_t whylen);
/* Parses "<prefix><id>" (no instance suffix); 0 when not one of ours. */
uint32_t ue_id_from_name(const char *conn);

#endif
