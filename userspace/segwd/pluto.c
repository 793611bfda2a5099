// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "pluto.h"
#include "secrets.h"

#define MAX_ARGS 64
#define MAX_SVC_FDS 32

static const struct pluto_service *service;

void pluto_set_service(const struct pluto_service *svc)
{
	service = svc;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Runs whack with args (after --rundir); *out gets stdout+stderr, NUL
 * terminated, for the caller to free. Returns whack's exit status, or -1.
 */
static int whack(const char *const *args, char **out)
{
	const char *argv[MAX_ARGS + 4];
	size_t cap = 4096, len = 0;
	long deadline;
	int p[2], status = -1, n = 0;
	char *buf;
	pid_t pid;

	argv[n++] = cfg.whack;
	argv[n++] = "--rundir";
	argv[n++] = cfg.rundir;
	for (int i = 0; args[i] && n < MAX_ARGS + 3; i++)
		argv[n++] = args[i];
	argv[n] = NULL;

	*out = NULL;
	buf = malloc(cap);
	if (!buf || pipe2(p, O_CLOEXEC)) {
		free(buf);
		log_err("whack: %s", strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		log_err("fork: %s", strerror(errno));
		close(p[0]);
		close(p[1]);
		free(buf);
		return -1;
	}
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDONLY);

		dup2(devnull, 0);
		dup2(p[1], 1);
		dup2(p[1], 2);
		execv(cfg.whack, (char *const *)argv);
		dprintf(2, "exec %s: %s\n", cfg.whack, strerror(errno));
		_exit(127);
	}
	close(p[1]);
	deadline = now_ms() + cfg.whack_timeout_ms;
	for (;;) {
		struct pollfd fds[MAX_SVC_FDS + 1] = { { .fd = p[0], .events = POLLIN } };
		int nf = 1, left = (int)(deadline - now_ms());
		ssize_t r;

		if (left <= 0) {
			log_err("whack %s: no answer within %u ms; killed", args[0],
				cfg.whack_timeout_ms);
			kill(pid, SIGKILL);
			break;
		}
		if (service)
			nf += service->fill(fds + 1, MAX_SVC_FDS);
		if (poll(fds, (nfds_t)nf, left) < 0 && errno != EINTR)
			break;
		if (service && nf > 1)
			service->handle(fds + 1, nf - 1);
		if (!(fds[0].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		if (len + 1024 > cap) {
			char *nb = realloc(buf, cap * 2);

			if (!nb)
				break;
			buf = nb;
			cap *= 2;
		}
		r = read(p[0], buf + len, cap - len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	close(p[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	buf[len] = '\0';
	*out = buf;
	log_debug("whack %s ... -> %d: %s", args[0],
		  WIFEXITED(status) ? WEXITSTATUS(status) : -1, buf);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The text of a reply line, without its 3-digit code; the code in *code. */
static const char *line_text(const char *line, int *code)
{
	if (strlen(line) >= 4 && line[0] >= '0' && line[0] <= '9' &&
	    line[1] >= '0' && line[1] <= '9' && line[2] >= '0' && line[2] <= '9' &&
	    line[3] == ' ') {
		*code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
		return line + 4;
	}
	*code = -1;
	return line;
}

/* Copies the most telling line (last error-ish one, else last) to why. */
static void reply_reason(char *out, char *why, size_t len)
{
	char *save = NULL, *l, *best = NULL;

	for (l = strtok_r(out, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		int code;
		const char *t = line_text(l, &code);

		if (!*t)
			continue;
		if (!best || code != 0)
			best = (char *)t;
	}
	snprintf(why, len, "pluto: %s", best ? best : "no reply (is pluto running?)");
}

pid_t pluto_alive(void)
{
	/*
	 * No connect() on the ctl socket: pluto logs every empty whack
	 * connection as an error. The pid file and the socket tell enough.
	 */
	char path[PATH_MAX];
	struct stat st;
	long pid = 0;
	FILE *f;

	strfmt(path, sizeof(path), "%s/pluto.ctl", cfg.rundir);
	if (stat(path, &st) || !S_ISSOCK(st.st_mode))
		return 0;
	strfmt(path, sizeof(path), "%s/pluto.pid", cfg.rundir);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (fscanf(f, "%ld", &pid) != 1)
		pid = 0;
	fclose(f);
	if (pid <= 0 || (kill((pid_t)pid, 0) && errno != EPERM))
		return 0;
	return (pid_t)pid;
}

int pluto_add_conn(const struct ue *ue, char *why, size_t len)
{
	char segw[INET_ADDRSTRLEN], client[INET_ADDRSTRLEN + 3], lid[64];
	char updown[PATH_MAX * 2 + 32], reqid[16], ikelt[16], ipseclt[16];
	char dpdd[16], dpdt[16], expect[UE_NAME_MAX + 40];
	const char *args[MAX_ARGS];
	char *out, *copy, *l, *save = NULL;
	int n = 0, rc;
	bool added = false;

	inet_ntop(AF_INET, &ue->segw, segw, sizeof(segw));
	snprintf(client, sizeof(client), "%s/32", segw);
	snprintf(updown, sizeof(updown), "%s %s %u", cfg.notifier,
		 cfg.notify_socket, cfg.notify_timeout_ms);
	snprintf(reqid, sizeof(reqid), "%u", ue->reqid);
	snprintf(ikelt, sizeof(ikelt), "%u", cfg.ike_lifetime);
	snprintf(ipseclt, sizeof(ipseclt), "%u", cfg.ipsec_lifetime);
	snprintf(dpdd, sizeof(dpdd), "%u", cfg.dpd_delay);
	snprintf(dpdt, sizeof(dpdt), "%u", cfg.dpd_timeout);

	args[n++] = "--name";
	args[n++] = ue->name;
	/* whack starts from no policy: say everything (DESIGN 5.1, 5.10). */
	args[n++] = "--ikev2";
	args[n++] = "--psk";
	args[n++] = "--encrypt";
	args[n++] = "--tunnel";
	args[n++] = "--pfs";
	args[n++] = "--no-esn";
	args[n++] = "--encaps";
	args[n++] = "auto";
	args[n++] = "--allow-narrowing";
	args[n++] = "--ike";
	args[n++] = cfg.ike;
	args[n++] = "--esp";
	args[n++] = cfg.esp;
	args[n++] = "--ikelifetime";
	args[n++] = ikelt;
	args[n++] = "--ipseclifetime";
	args[n++] = ipseclt;
	if (cfg.dpd_delay) {
		args[n++] = "--dpddelay";
		args[n++] = dpdd;
		/* IKEv2 liveness times out by retransmit-timeout, not dpdtimeout. */
		args[n++] = "--retransmit-timeout";
		args[n++] = dpdt;
		args[n++] = "--dpdaction";
		args[n++] = cfg.dpd_action;
	}
	args[n++] = "--reqid";
	args[n++] = reqid;
	args[n++] = "--host";
	args[n++] = segw;
	args[n++] = "--id";
	args[n++] = secrets_local_id(ue, lid, sizeof(lid));
	args[n++] = "--client";
	args[n++] = client;
	args[n++] = "--updown";
	args[n++] = updown;
	args[n++] = "--to";
	args[n++] = "--host";
	args[n++] = "%any";
	args[n++] = "--id";
	args[n++] = ue->remote_id;
	/* Narrowed to the UE's one address; the notifier refuses wider (5.6). */
	args[n++] = "--client";
	args[n++] = "0.0.0.0/0";
	args[n] = NULL;

	rc = whack(args, &out);
	if (!out) {
		snprintf(why, len, "cannot run whack");
		return -1;
	}
	snprintf(expect, sizeof(expect), "\"%s\": added IKEv2 connection", ue->name);
	copy = strdup(out);
	for (l = strtok_r(out, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		int code;

		if (!strcmp(line_text(l, &code), expect) && code == 2)
			added = true;
	}
	free(out);
	if (!added) {
		if (copy)
			reply_reason(copy, why, len);
		else
			snprintf(why, len, "pluto did not add the connection");
		log_err("UE %u: whack add %s failed (exit %d): %s", ue->id,
			ue->name, rc, why);
	}
	free(copy);
	return added ? 0 : -1;
}

int pluto_delete_conn(const char *name)
{
	char *out, *l, *save = NULL;
	int rc, bad = 0;

	rc = whack((const char *[]){ "--delete", "--name", name, NULL }, &out);
	if (!out)
		return -1;
	/* Silence (or terminate notes) is success; a problem has a code >= 10. */
	for (l = strtok_r(out, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		int code;
		const char *t = line_text(l, &code);

		if (code >= 10 || code < 0) {
			log_err("whack --delete %s: %s", name, t);
			bad = 1;
		}
	}
	free(out);
	return rc || bad ? -1 : 0;
}

int pluto_reread_secrets(void)
{
	char *out;
	int rc, ok;

	rc = whack((const char *[]){ "--rereadsecrets", NULL }, &out);
	if (!out)
		return -1;
	ok = rc == 0 && strstr(out, "loading secrets from") != NULL;
	if (!ok)
		log_err("whack --rereadsecrets failed (exit %d): %s", rc, out);
	else if (strstr(out, "\n003 ") || !strncmp(out, "003 ", 4))
		log_warn("pluto complained reading the secrets: %s", out);
	free(out);
	return ok ? 0 : -1;
}

/* "000 #12: \"name\"[3] 1.2.3.4:4500 STATE_V2_..." */
int pluto_states(const char *name, struct pluto_state *st, int max)
{
	char *out, *l, *save = NULL;
	size_t nlen = strlen(name);
	int rc, n = 0;

	rc = whack((const char *[]){ "--showstates", NULL }, &out);
	if (!out)
		return -1;
	if (rc) {
		log_err("whack --showstates failed (exit %d)", rc);
		free(out);
		return -1;
	}
	for (l = strtok_r(out, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		const char *t, *q, *k;
		unsigned long serial;
		char *end;
		int code;

		t = line_text(l, &code);
		if (t[0] != '#')
			continue;
		serial = strtoul(t + 1, &end, 10);
		if (end[0] != ':' || end[1] != ' ' || end[2] != '"')
			continue;
		q = end + 3;
		if (strncmp(q, name, nlen) || q[nlen] != '"')
			continue;
		k = strstr(q + nlen, " STATE_");
		if (!k)
			continue;	/* the SPI line of a state */
		if (n < max) {
			st[n].serial = serial;
			snprintf(st[n].kind, sizeof(st[n].kind), "%.*s",
				 (int)strcspn(k + 1, " "), k + 1);
			st[n].ike = !strstr(st[n].kind, "CHILD");
		}
		n++;
	}
	free(out);
	return n;
}

int pluto_delete_state(unsigned long serial)
{
	char num[24], *out;
	int rc;

	snprintf(num, sizeof(num), "%lu", serial);
	rc = whack((const char *[]){ "--deletestate", num, NULL }, &out);
	if (!out)
		return -1;
	if (rc)
		log_warn("whack --deletestate %s (exit %d): %s", num, rc, out);
	free(out);
	return rc ? -1 : 0;
}

int pluto_connections(void (*cb)(const char *name, void *arg), void *arg)
{
	char *out, *l, *save = NULL, last[UE_NAME_MAX] = "";
	int rc;

	rc = whack((const char *[]){ "--status", NULL }, &out);
	if (!out)
		return -1;
	if (rc) {
		free(out);
		return -1;
	}
	/* Connection lines: 000 "name": ... or 000 "name"[n]: ... */
	for (l = strtok_r(out, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char name[UE_NAME_MAX];
		const char *t, *e;
		int code;

		t = line_text(l, &code);
		if (t[0] != '"')
			continue;
		e = strchr(t + 1, '"');
		if (!e || (size_t)(e - t - 1) >= sizeof(name) ||
		    (e[1] != ':' && e[1] != '['))
			continue;
		memcpy(name, t + 1, (size_t)(e - t - 1));
		name[e - t - 1] = '\0';
		if (!strcmp(name, last))
			continue;
		strcpy(last, name);
		cb(name, arg);
	}
	free(out);
	return 0;
}
