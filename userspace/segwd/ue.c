// SPDX-License-Identifier: GPL-2.0
/* UE model; a list is plenty for the control plane (thousands of UEs). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "ue.h"

static struct ue *ues;
static unsigned int nues;

struct ue *ue_first(void)
{
	return ues;
}

unsigned int ue_count(void)
{
	return nues;
}

struct ue *ue_find(uint32_t id)
{
	for (struct ue *u = ues; u; u = u->next)
		if (u->id == id)
			return u;
	return NULL;
}

struct ue *ue_find_name(const char *conn)
{
	uint32_t id = ue_id_from_name(conn);

	return id ? ue_find(id) : NULL;
}

struct ue *ue_find_inner(struct in_addr inner, const struct ue *except)
{
	for (struct ue *u = ues; u; u = u->next)
		if (u != except && u->established && !u->tearing_down &&
		    u->inner.s_addr == inner.s_addr)
			return u;
	return NULL;
}

static bool reqid_used(unsigned int reqid, const struct ue *except)
{
	for (struct ue *u = ues; u; u = u->next)
		if (u != except && u->reqid == reqid)
			return true;
	return false;
}

struct ue *ue_get(uint32_t id, bool *created)
{
	struct ue *u = ue_find(id);

	*created = false;
	if (u)
		return u;
	u = calloc(1, sizeof(*u));
	if (!u)
		return NULL;
	u->id = id;
	u->next = ues;
	ues = u;
	nues++;
	*created = true;
	return u;
}

void ue_free(struct ue *ue)
{
	for (struct ue **pp = &ues; *pp; pp = &(*pp)->next) {
		if (*pp == ue) {
			*pp = ue->next;
			nues--;
			break;
		}
	}
	explicit_bzero(ue, sizeof(*ue));
	free(ue);
}

uint32_t ue_id_from_name(const char *conn)
{
	size_t plen = strlen(cfg.conn_prefix);
	unsigned long v;
	char *end;

	if (strncmp(conn, cfg.conn_prefix, plen) || !conn[plen] ||
	    conn[plen] < '0' || conn[plen] > '9')
		return 0;
	v = strtoul(conn + plen, &end, 10);
	if (*end || v == 0 || v > UINT32_MAX)
		return 0;
	return (uint32_t)v;
}

/*
 * pluto's spelling of the IDi (DESIGN 5.2): KEY_ID as @#hex, FQDN as @name,
 * RFC822 as user@realm. The ID goes into whack's argv and into a secrets
 * line, so only characters that cannot change either's meaning are taken.
 */
int ue_set_identity(struct ue *ue, const uint8_t *idi, unsigned int len,
		    uint8_t type, char *why, size_t whylen)
{
	static const char fqdn_chars[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-";
	static const char user_chars[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_+";
	char text[LWIP_SEGW_IDI_MAX_LEN + 1];
	const char *at;
	unsigned int i, span;

	if (!len || len > LWIP_SEGW_IDI_MAX_LEN) {
		strfmt(why, whylen, "IDi length %u out of range", len);
		return -1;
	}
	memcpy(ue->idi, idi, len);
	ue->idi_len = len;
	ue->idi_type = type;

	switch (type) {
	case LWIP_SEGW_IDI_KEY_ID:
		strcpy(ue->remote_id, "@#");
		for (i = 0; i < len; i++)
			sprintf(ue->remote_id + 2 + 2 * i, "%02x", idi[i]);
		break;
	case LWIP_SEGW_IDI_FQDN:
		memcpy(text, idi, len);
		text[len] = '\0';
		if (strlen(text) != len || strspn(text, fqdn_chars) != len ||
		    text[0] == '.' || text[0] == '-') {
			strfmt(why, whylen, "IDi of type FQDN is not a host name ([A-Za-z0-9.-])");
			return -1;
		}
		strfmt(ue->remote_id, sizeof(ue->remote_id), "@%s", text);
		break;
	case LWIP_SEGW_IDI_RFC822:
		memcpy(text, idi, len);
		text[len] = '\0';
		at = strchr(text, '@');
		span = at ? (unsigned int)(at - text) : 0;
		if (strlen(text) != len || !at || strchr(at + 1, '@') || !span ||
		    strspn(text, user_chars) != span || !at[1] ||
		    strspn(at + 1, fqdn_chars) != strlen(at + 1)) {
			strfmt(why, whylen, "IDi of type RFC822 is not user@realm");
			return -1;
		}
		strfmt(ue->remote_id, sizeof(ue->remote_id), "%s", text);
		break;
	default:
		strfmt(why, whylen, "unknown IDi type %u", type);
		return -1;
	}
	strfmt(ue->name, sizeof(ue->name), "%s%u", cfg.conn_prefix, ue->id);

	/* A stable reqid per UE survives pluto restarts (the module keys by it). */
	ue->reqid = cfg.reqid_base + (ue->id - 1) % cfg.reqid_span;
	for (i = 0; i < cfg.reqid_span && reqid_used(ue->reqid, ue); i++)
		ue->reqid = cfg.reqid_base +
			    (ue->reqid - cfg.reqid_base + 1) % cfg.reqid_span;
	if (i == cfg.reqid_span) {
		strfmt(why, whylen, "no free reqid (reqid_span too small)");
		return -1;
	}
	return 0;
}
