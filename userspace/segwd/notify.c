// SPDX-License-Identifier: GPL-2.0
/*
 * One connection per notifier run; each is answered at once from the model
 * (and the module), never by calling whack: pluto is blocked in the updown
 * while we answer (DESIGN 5.7).
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "notify.h"

static int lfd = -1;
static notify_verdict_fn verdict_fn;

int notify_open(notify_verdict_fn verdict)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	mode_t old;

	verdict_fn = verdict;
	strfmt(sa.sun_path, sizeof(sa.sun_path), "%s", cfg.notify_socket);
	lfd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (lfd < 0) {
		log_err("notify socket: %s", strerror(errno));
		return -1;
	}
	unlink(cfg.notify_socket);
	old = umask(077);
	if (bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) || listen(lfd, 128)) {
		umask(old);
		log_err("cannot listen on %s: %s", cfg.notify_socket, strerror(errno));
		close(lfd);
		lfd = -1;
		return -1;
	}
	umask(old);
	return 0;
}

void notify_close(void)
{
	if (lfd >= 0) {
		close(lfd);
		unlink(cfg.notify_socket);
	}
	lfd = -1;
}

int notify_fill(struct pollfd *fds, int max)
{
	if (lfd < 0 || max < 1)
		return 0;
	fds[0].fd = lfd;
	fds[0].events = POLLIN;
	fds[0].revents = 0;
	return 1;
}

static void set_field(struct notify_msg *m, const char *k, const char *v)
{
	static const struct { const char *k; size_t off, size; } f[] = {
#define F(x) { #x, offsetof(struct notify_msg, x), sizeof(((struct notify_msg *)0)->x) }
		F(verb), F(conn), F(peer), F(peer_id), F(peer_client),
		F(sa_reqid), F(spi_in), F(spi_out), F(me),
#undef F
	};

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (!strcmp(f[i].k, k))
			snprintf((char *)m + f[i].off, f[i].size, "%s", v);
}

static void serve_one(int cfd)
{
	char buf[NOTIFY_MSG_MAX + 1], reason[200] = "", reply[256];
	struct notify_msg m = { 0 };
	struct pollfd p = { .fd = cfd, .events = POLLIN };
	struct ucred cred;
	socklen_t clen = sizeof(cred);
	char *l, *save = NULL;
	ssize_t n;
	int r;

	if (getsockopt(cfd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) ||
	    (cred.uid != 0 && cred.uid != geteuid())) {
		log_warn("notifier connection from uid %d refused", (int)cred.uid);
		return;
	}
	/* The notifier writes right after connecting; do not wait long. */
	if (poll(&p, 1, 500) <= 0)
		return;
	n = recv(cfd, buf, NOTIFY_MSG_MAX, 0);
	if (n <= 0)
		return;
	buf[n] = '\0';
	for (l = strtok_r(buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char *eq = strchr(l, '=');

		if (eq) {
			*eq = '\0';
			set_field(&m, l, eq + 1);
		}
	}
	r = verdict_fn(&m, reason, sizeof(reason));
	if (r)
		snprintf(reply, sizeof(reply), "REFUSE %s\n", reason);
	else
		snprintf(reply, sizeof(reply), "OK\n");
	if (send(cfd, reply, strlen(reply), MSG_NOSIGNAL) < 0)
		log_warn("notifier for %s %s went away before the verdict", m.verb, m.conn);
}

void notify_handle(struct pollfd *fds, int n)
{
	if (n < 1 || fds[0].fd != lfd || !(fds[0].revents & POLLIN))
		return;
	for (;;) {
		int cfd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

		if (cfd < 0)
			return;
		serve_one(cfd);
		close(cfd);
	}
}
