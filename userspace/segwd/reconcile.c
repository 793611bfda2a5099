// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "pluto.h"
#include "reconcile.h"
#include "secrets.h"
#include "ue.h"
#include "xfrm.h"

#define MAX_STATES 32
#define TEXT_MAX (LWIP_SEGW_REASON_TEXT_MAX + 1)

pid_t pluto_pid;

/* Work the notifier asked for; done outside pluto's updown call. */
enum work_kind { WORK_SA_DOWN, WORK_REFUSED };
struct work {
	struct work *next;
	enum work_kind kind;
	uint32_t id;
	uint8_t reason;
	char text[TEXT_MAX];
};

/* Reports wait for the secrets reread that must precede them. */
struct report {
	struct report *next;
	uint32_t id;
	uint8_t report;
	uint8_t reason;
	char text[TEXT_MAX];
};

static struct work *works, **works_tail = &works;
static struct report *reports, **reports_tail = &reports;
static bool secrets_dirty;
static bool adds_pending;

static void queue_work(enum work_kind kind, uint32_t id, uint8_t reason,
		       const char *text)
{
	struct work *w = calloc(1, sizeof(*w));

	if (!w) {
		log_err("out of memory queueing work for UE %u", id);
		return;
	}
	w->kind = kind;
	w->id = id;
	w->reason = reason;
	snprintf(w->text, sizeof(w->text), "%s", text ? text : "");
	*works_tail = w;
	works_tail = &w->next;
}

static void queue_report(uint32_t id, uint8_t report, uint8_t reason,
			 const char *text)
{
	struct report *r = calloc(1, sizeof(*r));

	if (!r) {
		log_err("out of memory queueing a report for UE %u", id);
		return;
	}
	r->id = id;
	r->report = report;
	r->reason = reason;
	snprintf(r->text, sizeof(r->text), "%s", text ? text : "");
	*reports_tail = r;
	reports_tail = &r->next;
}

bool flush_pending(void)
{
	return works || reports || secrets_dirty || adds_pending;
}

static const char *report_name(uint8_t r)
{
	static const char *const n[] = { "?", "READY", "ESTABLISHED", "FAILED", "DOWN" };

	return r <= LWIP_SEGW_REPORT_MAX ? n[r] : "?";
}

/*
 * Deletes every state of connection name: IKE SAs first, by number, so the
 * UE gets a Delete and the Child SAs go with them; then any Child SA left.
 * Returns how many states remain (0 when the connection may be deleted).
 */
static int kill_states(const char *name)
{
	struct pluto_state st[MAX_STATES];
	int n = 0;

	for (int round = 0; round < 4; round++) {
		bool any_ike = false;

		n = pluto_states(name, st, MAX_STATES);
		if (n <= 0)
			return n < 0 ? 1 : 0;
		if (n > MAX_STATES)
			n = MAX_STATES;
		for (int i = 0; i < n; i++)
			if (st[i].ike)
				any_ike = true;
		for (int i = 0; i < n; i++) {
			if (any_ike && !st[i].ike)
				continue;
			log_info("%s: deleting state #%lu (%s)", name,
				 st[i].serial, st[i].kind);
			pluto_delete_state(st[i].serial);
		}
	}
	n = pluto_states(name, st, MAX_STATES);
	return n < 0 ? 1 : n;
}

/*
 * pluto 4.10 does not undo the policies of a Child SA whose up-host we
 * refused (see xfrm.h): give the older UE its policies back (5.12), drop
 * whatever else carries the refused UE's reqid (e.g. a 0.0.0.0/0, 5.13).
 */
static void fix_refused_policies(struct ue *ue)
{
	struct ue *older = ue->conflict_with ? ue_find(ue->conflict_with) : NULL;
	int n;

	if (older && older->established && older->kreqid) {
		n = xfrm_repoint_policies(ue->reqid, older->kreqid, older->outer, older->segw);
		if (n > 0)
			log_warn("UE %u: gave %d kernel policy(ies) back to UE %u after the refused Child SA",
				 ue->id, n, older->id);
	}
	n = xfrm_flush_reqid_policies(ue->reqid);
	if (n > 0)
		log_warn("UE %u: removed %d kernel policy(ies) pluto left after the refused Child SA",
			 ue->id, n);
}

/*
 * The one teardown: states, then the connection, then the PSK (never the
 * connection while it has SAs: that crashes pluto 4.10, DESIGN 5.11; never
 * the PSK before the connection, 5.3). report 0: tell the module nothing.
 */
static void teardown(struct ue *ue, uint8_t report, uint8_t reason,
		     const char *text)
{
	int left = 0;

	ue->tearing_down = true;
	if (pluto_pid) {
		left = kill_states(ue->name);
		if (left) {
			log_err("UE %u: %s still has %d state(s) after deleting them; keeping its connection and PSK",
				ue->id, ue->name, left);
		} else if (ue->conn_added) {
			if (pluto_delete_conn(ue->name))
				log_err("UE %u: pluto did not delete %s", ue->id, ue->name);
			else
				log_info("UE %u: connection %s deleted", ue->id, ue->name);
		}
	}
	if (ue->refused_child)
		fix_refused_policies(ue);
	if (!left) {
		ue->conn_added = false;
		if (ue->psk_written && !secrets_remove(ue))
			secrets_dirty = true;
	}
	if (report) {
		queue_report(ue->id, report, reason, text);
		/* FAILED of an established UE leaves it RELEASING: finish it. */
		if (report == LWIP_SEGW_REPORT_FAILED && ue->established)
			queue_report(ue->id, LWIP_SEGW_REPORT_DOWN, 0, NULL);
	}
	ue_free(ue);
}

/* A teardown for a connection we only know by name (stray, or unknown id). */
static void teardown_name(uint32_t id, uint8_t report, uint8_t reason)
{
	bool created;
	struct ue *ue = ue_get(id, &created);

	if (!ue)
		return;
	if (created) {
		snprintf(ue->name, sizeof(ue->name), "%s%u", cfg.conn_prefix, id);
		ue->conn_added = true;	/* may exist in pluto */
		ue->psk_written = true;	/* may exist on disk */
	}
	teardown(ue, report, reason, NULL);
}

/* --- From the module. --- */

static void take_request(struct agent_ue *a)
{
	char why[TEXT_MAX];
	bool created;
	struct ue *ue;

	ue = ue_get(a->id, &created);
	if (!ue) {
		queue_report(a->id, LWIP_SEGW_REPORT_FAILED, 0, "segwd out of memory");
		return;
	}
	if (!created) {
		/* Seen by request and by sync (uapi: AGENT_REGISTER). */
		log_debug("UE %u: already known", a->id);
		return;
	}
	ue->segw = a->segw;
	memcpy(ue->psk, a->psk, LWIP_SEGW_PSK_LEN);
	ue->have_psk = true;
	if (ue_set_identity(ue, a->idi, a->idi_len, a->idi_type, why, sizeof(why))) {
		log_warn("UE %u refused: %s", a->id, why);
		queue_report(a->id, LWIP_SEGW_REPORT_FAILED, 0, why);
		ue_free(ue);
		return;
	}
	if (secrets_write(ue)) {
		queue_report(a->id, LWIP_SEGW_REPORT_FAILED, 0,
			     "segwd could not write the PSK file");
		ue_free(ue);
		return;
	}
	log_info("UE %u: request for %s (IDi type %u), connection %s reqid %u",
		 ue->id, ue->remote_id, ue->idi_type, ue->name, ue->reqid);
	secrets_dirty = true;
	ue->want_add = true;
	adds_pending = true;
}

void on_module_ue(struct agent_ue *a, void *arg)
{
	struct ue *ue;

	(void)arg;
	switch (a->cmd) {
	case LWIP_SEGW_CMD_UE_REQUEST:
		take_request(a);
		break;
	case LWIP_SEGW_CMD_UE_RELEASE:
		ue = ue_find(a->id);
		log_info("UE %u: released by the module (reason %u)", a->id, a->reason);
		if (ue && !ue->tearing_down)
			teardown(ue, LWIP_SEGW_REPORT_DOWN, 0, NULL);
		else if (!ue)
			teardown_name(a->id, LWIP_SEGW_REPORT_DOWN, 0);
		break;
	default:
		break;
	}
}

/* --- Notifier verdicts (pluto is waiting: no whack here). --- */

static int refuse(struct ue *ue, uint8_t reason, char *out, size_t len,
		  const char *fmt, const char *arg)
{
	strfmt(out, len, fmt, arg);
	ue->refused_child = true;
	log_warn("UE %u: Child SA refused: %s", ue->id, out);
	queue_work(WORK_REFUSED, ue->id, reason, out);
	return -1;
}

static int parse_host32(const char *s, struct in_addr *a)
{
	char buf[64];
	const char *slash = strchr(s, '/');

	if (!slash || strcmp(slash, "/32") || (size_t)(slash - s) >= sizeof(buf))
		return -1;
	memcpy(buf, s, (size_t)(slash - s));
	buf[slash - s] = '\0';
	return inet_pton(AF_INET, buf, a) == 1 ? 0 : -1;
}

static int verdict_up(struct ue *ue, const struct notify_msg *m, char *reason,
		      size_t len)
{
	struct agent_sa sa = { 0 };
	struct xfrm_sa_info x;
	struct in_addr inner, peer;
	struct ue *other;
	char err[256], txt[TEXT_MAX];
	unsigned long spi;
	int r;

	/* DESIGN 5.13: a wider TSi would swallow all plaintext to the SeGW. */
	if (parse_host32(m->peer_client, &inner))
		return refuse(ue, LWIP_SEGW_REASON_AGENT_FAILURE, reason, len,
			      "TSi %s is not a single host", m->peer_client);
	if (inet_pton(AF_INET, m->peer, &peer) != 1)
		return refuse(ue, LWIP_SEGW_REASON_AGENT_FAILURE, reason, len,
			      "bad peer address %s", m->peer);
	/* DESIGN 5.12: pluto would silently steal the older UE's policies. */
	other = ue_find_inner(inner, ue);
	if (other) {
		snprintf(txt, sizeof(txt), "%s already bound to UE %u",
			 m->peer_client, other->id);
		ue->conflict_with = other->id;
		return refuse(ue, LWIP_SEGW_REASON_ADDRESS_CONFLICT, reason, len,
			      "inner address %s", txt);
	}
	/* SPI_OUT names the SA towards the SeGW (DESIGN 5.14). */
	spi = strtoul(m->spi_out, NULL, 16);
	if (xfrm_find_inbound(peer, ue->segw, (uint32_t)spi, ue->reqid, &x) &&
	    xfrm_find_inbound(peer, ue->segw, 0, ue->reqid, &x))
		return refuse(ue, LWIP_SEGW_REASON_AGENT_FAILURE, reason, len,
			      "no inbound ESP SA from %s in the kernel", m->peer);
	if (!x.tunnel)
		return refuse(ue, LWIP_SEGW_REASON_AGENT_FAILURE, reason, len,
			      "%s", "SA is not in tunnel mode");
	sa.reqid = x.reqid;
	sa.inner = inner;
	sa.outer = peer;
	sa.natt = x.natt;
	/* Plain ESP has no port; 500 stands for "IKE, no encapsulation". */
	sa.outer_port = x.natt ? x.sport : 500;

	if (ue->established) {
		/* pluto restarted and the UE came back on its stable reqid. */
		if (ue->kreqid == sa.reqid && ue->inner.s_addr == inner.s_addr) {
			ue->sa_up = true;
			log_info("UE %u: SA up again (reqid %u, %s)", ue->id, sa.reqid,
				 m->peer_client);
			return 0;
		}
		return refuse(ue, LWIP_SEGW_REASON_AGENT_FAILURE, reason, len,
			      "%s", "a second SA with other parameters for an established UE");
	}
	r = agent_report(ue->id, LWIP_SEGW_REPORT_ESTABLISHED, 0, NULL, &sa,
			 err, sizeof(err));
	if (r == -EEXIST)
		return refuse(ue, LWIP_SEGW_REASON_ADDRESS_CONFLICT, reason, len,
			      "module: %s", err[0] ? err : "reqid or inner address bound to another UE");
	if (r) {
		strfmt(txt, sizeof(txt), "%s%s%s", strerror(-r), err[0] ? ": " : "", err);
		return refuse(ue, LWIP_SEGW_REASON_AGENT_FAILURE, reason, len,
			      "module refused ESTABLISHED: %s", txt);
	}
	ue->established = true;
	ue->sa_up = true;
	ue->kreqid = sa.reqid;
	ue->inner = inner;
	ue->outer = peer;
	log_info("UE %u: ESTABLISHED reqid %u inner %s outer %s:%u%s", ue->id,
		 sa.reqid, m->peer_client, m->peer, sa.outer_port,
		 sa.natt ? " NAT-T" : "");
	return 0;
}

int notifier_verdict(const struct notify_msg *m, char *reason, size_t len)
{
	bool up = !strcmp(m->verb, "up-host") || !strcmp(m->verb, "up-client");
	bool down = !strcmp(m->verb, "down-host") || !strcmp(m->verb, "down-client");
	uint32_t id = ue_id_from_name(m->conn);
	struct ue *ue;

	log_debug("notifier: %s %s peer %s client %s reqid %s", m->verb, m->conn,
		  m->peer, m->peer_client, m->sa_reqid);
	if (!id)
		return 0;	/* not one of ours */
	ue = ue_find(id);
	if (down) {
		if (ue && !ue->tearing_down) {
			ue->sa_up = false;
			queue_work(WORK_SA_DOWN, id, 0, NULL);
		}
		return 0;
	}
	if (!up)
		return 0;
	if (!ue || ue->tearing_down) {
		snprintf(reason, len, "UE %u is not (or no longer) bound", id);
		log_warn("%s: Child SA refused: %s", m->conn, reason);
		return -1;
	}
	return verdict_up(ue, m, reason, len);
}

/* --- Deferred work and flush. --- */

static void do_work(struct work *w)
{
	struct pluto_state st[MAX_STATES];
	struct ue *ue = ue_find(w->id);
	int n;

	if (!ue || ue->tearing_down)
		return;
	switch (w->kind) {
	case WORK_SA_DOWN:
		if (ue->sa_up)
			return;	/* a newer SA replaced the one that went down */
		n = pluto_pid ? pluto_states(ue->name, st, MAX_STATES) : 0;
		for (int i = 0; i < n && i < MAX_STATES; i++) {
			if (!strcmp(st[i].kind, "STATE_V2_ESTABLISHED_CHILD_SA")) {
				log_info("UE %u: one SA went down, another is up", ue->id);
				return;
			}
		}
		log_info("UE %u: IKE/Child SA gone: releasing (SEC-6)", ue->id);
		teardown(ue, LWIP_SEGW_REPORT_DOWN, LWIP_SEGW_REASON_IKE_SA_DELETED, NULL);
		break;
	case WORK_REFUSED:
		teardown(ue, LWIP_SEGW_REPORT_FAILED, w->reason, w->text);
		break;
	}
}

static void send_reports(void);

/*
 * Adds the connections of new UEs, one whack call each. Each READY goes out
 * as soon as its connection exists: when an eNB adds hundreds of UEs at once,
 * the first need not wait for the last (pluto's add cost grows with its
 * connection count, DESIGN 5.5).
 */
static void do_adds(void)
{
	char why[TEXT_MAX];

	adds_pending = false;
	for (struct ue *ue = ue_first(), *next; ue; ue = next) {
		next = ue->next;
		if (!ue->want_add || ue->tearing_down)
			continue;
		ue->want_add = false;
		if (pluto_add_conn(ue, why, sizeof(why))) {
			/* Nothing was added: the PSK can go at once. */
			if (ue->psk_written && !secrets_remove(ue))
				secrets_dirty = true;
			queue_report(ue->id, LWIP_SEGW_REPORT_FAILED, 0, why);
			ue_free(ue);
			continue;
		}
		ue->conn_added = true;
		if (!ue->ready_reported) {
			ue->ready_reported = true;
			queue_report(ue->id, LWIP_SEGW_REPORT_READY, 0, NULL);
			if (agent_is_open())
				send_reports();
		}
	}
}

static void send_reports(void)
{
	while (reports) {
		struct report *r = reports;
		char err[256];
		int rc;

		reports = r->next;
		if (!reports)
			reports_tail = &reports;
		rc = agent_report(r->id, r->report, r->reason, r->text, NULL, err,
				  sizeof(err));
		if (rc == -ENOENT && r->report == LWIP_SEGW_REPORT_DOWN)
			log_debug("UE %u: DOWN: already freed by the module", r->id);
		else if (rc)
			log_warn("UE %u: report %s refused: %s%s%s", r->id,
				 report_name(r->report), strerror(-rc),
				 err[0] ? ": " : "", err);
		else
			log_info("UE %u: reported %s%s%s", r->id, report_name(r->report),
				 r->text[0] ? ": " : "", r->text);
		free(r);
	}
}

void flush(void)
{
	while (works) {
		struct work *w = works;

		works = w->next;
		if (!works)
			works_tail = &works;
		do_work(w);
		free(w);
	}
	if (!pluto_pid)
		return;	/* reads and adds wait for pluto; so do their reports */
	if (secrets_dirty) {
		secrets_dirty = false;
		if (pluto_reread_secrets())
			secrets_dirty = true;
	}
	if (adds_pending) {
		do_adds();
		if (secrets_dirty) {
			secrets_dirty = false;
			if (pluto_reread_secrets())
				secrets_dirty = true;
		}
	}
	if (agent_is_open())
		send_reports();
}

/* --- Resyncs. --- */

struct sync_ctx {
	struct agent_ue *list;
	int n, cap;
};

static void collect(struct agent_ue *a, void *arg)
{
	struct sync_ctx *c = arg;

	if (c->n == c->cap) {
		int cap = c->cap ? c->cap * 2 : 64;
		struct agent_ue *nl = realloc(c->list, (size_t)cap * sizeof(*nl));

		if (!nl)
			return;
		c->list = nl;
		c->cap = cap;
	}
	c->list[c->n++] = *a;
}

struct conns_ctx {
	char (*names)[UE_NAME_MAX];
	int n, cap;
};

static void collect_conn(const char *name, void *arg)
{
	struct conns_ctx *c = arg;

	if (!ue_id_from_name(name))
		return;
	if (c->n == c->cap) {
		int cap = c->cap ? c->cap * 2 : 64;
		void *nn = realloc(c->names, (size_t)cap * UE_NAME_MAX);

		if (!nn)
			return;
		c->names = nn;
		c->cap = cap;
	}
	snprintf(c->names[c->n++], UE_NAME_MAX, "%s", name);
}

static bool conn_in(const struct conns_ctx *c, const char *name)
{
	for (int i = 0; i < c->n; i++)
		if (!strcmp(c->names[i], name))
			return true;
	return false;
}

static bool has_child(const char *name)
{
	struct pluto_state st[MAX_STATES];
	int n = pluto_states(name, st, MAX_STATES);

	for (int i = 0; i < n && i < MAX_STATES; i++)
		if (!strcmp(st[i].kind, "STATE_V2_ESTABLISHED_CHILD_SA"))
			return true;
	return false;
}

int resync_module(void)
{
	struct sync_ctx s = { 0 };
	struct conns_ctx pc = { 0 };
	char why[TEXT_MAX];
	struct in_addr segw;
	int n, added = 0, kept = 0, dropped = 0;

	/* AGENT_SYNC entries do not carry the SeGW address; UE_REQUEST does. */
	if (agent_segw_addr(&segw))
		log_debug("GET_CONFIG: no SeGW address configured yet");
	n = agent_sync(collect, &s);
	if (n < 0) {
		free(s.list);
		return n;
	}
	pluto_pid = pluto_alive();
	if (pluto_pid && pluto_connections(collect_conn, &pc))
		log_warn("could not list pluto's connections");

	/* Entries the module no longer has: ours to drop, silently. */
	for (struct ue *ue = ue_first(), *next; ue; ue = next) {
		bool found = false;

		next = ue->next;
		for (int i = 0; i < s.n; i++)
			found |= s.list[i].id == ue->id;
		if (!found) {
			log_info("UE %u: unknown to the module: tearing down", ue->id);
			teardown(ue, 0, 0, NULL);
			dropped++;
		}
	}
	for (int i = 0; i < s.n; i++) {
		struct agent_ue *a = &s.list[i];
		bool created;
		struct ue *ue;

		if (a->state == LWIP_SEGW_UE_RELEASING) {
			ue = ue_find(a->id);
			if (ue)
				teardown(ue, LWIP_SEGW_REPORT_DOWN, 0, NULL);
			else
				teardown_name(a->id, LWIP_SEGW_REPORT_DOWN, 0);
			continue;
		}
		ue = ue_get(a->id, &created);
		if (!ue)
			continue;
		if (created) {
			ue->segw = a->segw.s_addr ? a->segw : segw;
			memcpy(ue->psk, a->psk, LWIP_SEGW_PSK_LEN);
			ue->have_psk = a->have_psk;
			if (!a->have_psk ||
			    ue_set_identity(ue, a->idi, a->idi_len, a->idi_type, why, sizeof(why))) {
				queue_report(a->id, LWIP_SEGW_REPORT_FAILED, 0,
					     a->have_psk ? why : "no PSK in AGENT_SYNC");
				ue_free(ue);
				continue;
			}
			ue->ready_reported = a->state != LWIP_SEGW_UE_PENDING;
			if (a->state == LWIP_SEGW_UE_ESTABLISHED) {
				ue->established = true;
				ue->kreqid = a->reqid;
				ue->inner = a->inner;
				ue->outer = a->outer;
			}
			if (secrets_write(ue)) {
				queue_report(a->id, LWIP_SEGW_REPORT_FAILED, 0,
					     "segwd could not write the PSK file");
				ue_free(ue);
				continue;
			}
			secrets_dirty = true;
		}
		ue->conn_added = pluto_pid && conn_in(&pc, ue->name);
		if (ue->conn_added) {
			kept++;
			if (!ue->ready_reported) {
				ue->ready_reported = true;
				queue_report(ue->id, LWIP_SEGW_REPORT_READY, 0, NULL);
			}
			/* An SA that died while we were away (SEC-6). */
			if (ue->established && !has_child(ue->name)) {
				log_info("UE %u: established but pluto has no Child SA: releasing", ue->id);
				teardown(ue, LWIP_SEGW_REPORT_DOWN,
					 LWIP_SEGW_REASON_IKE_SA_DELETED, NULL);
				continue;
			}
			ue->sa_up = ue->established;
		} else {
			ue->want_add = true;
			adds_pending = true;
			added++;
		}
	}
	/* Connections pluto has that no binding explains. */
	for (int i = 0; i < pc.n; i++) {
		uint32_t id = ue_id_from_name(pc.names[i]);

		if (!ue_find(id)) {
			log_info("%s: stray pluto connection: deleting", pc.names[i]);
			teardown_name(id, 0, 0);
			dropped++;
		}
	}
	secrets_remove_stray();
	secrets_dirty = true;
	for (int i = 0; i < s.n; i++)
		explicit_bzero(&s.list[i], sizeof(s.list[i]));
	free(s.list);
	free(pc.names);
	log_info("resync: module has %d UE(s): %d kept, %d to add, %d dropped",
		 n, kept, added, dropped);
	flush();
	return 0;
}

void pluto_restarted(void)
{
	log_info("pluto (re)started (pid %d): re-adding %u connection(s)",
		 (int)pluto_pid, ue_count());
	for (struct ue *ue = ue_first(); ue; ue = ue->next) {
		ue->conn_added = false;
		ue->sa_up = false;
		if (!ue->tearing_down) {
			ue->want_add = true;
			adds_pending = true;
		}
	}
	secrets_dirty = true;
	flush();
}

void module_gone(void)
{
	log_warn("lwip_segw family vanished (module unloaded): tearing down %u UE(s)",
		 ue_count());
	while (ue_first())
		teardown(ue_first(), 0, 0, NULL);
	while (reports) {
		struct report *r = reports;

		reports = r->next;
		free(r);
	}
	reports_tail = &reports;
	flush();
}
