// SPDX-License-Identifier: GPL-2.0
/*
 * segwd-updown: the updown command pluto runs for segwd's connections
 * (whack --updown "segwd-updown SOCKET TIMEOUT_MS").
 *
 * It hands the verb and the SA's facts to segwd over a Unix socket and
 * waits at most TIMEOUT_MS for a verdict. It never calls whack (pluto is
 * blocked in this call). Exit status is the verdict pluto acts on:
 *  - up-host/up-client: 0 accepts the Child SA; non-zero refuses it. Refused
 *    without asking when PLUTO_PEER_CLIENT is not one host (DESIGN 5.13),
 *    and refused when segwd does not answer in time (fail closed).
 *  - down-*: always 0 (a teardown cannot be refused); segwd is told.
 *  - every other verb (prepare-*, route-*, unroute-*): 0 at once.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define MSG_MAX 4096

static int single_host(const char *client)
{
	const char *slash = client ? strchr(client, '/') : NULL;
	char addr[INET_ADDRSTRLEN];
	struct in_addr a;

	if (!slash || strcmp(slash, "/32") || (size_t)(slash - client) >= sizeof(addr))
		return 0;
	memcpy(addr, client, (size_t)(slash - client));
	addr[slash - client] = '\0';
	return inet_pton(AF_INET, addr, &a) == 1;
}

/* Appends key=value; a newline in a value must not forge another key. */
static void put(char *msg, size_t *len, const char *key, const char *var)
{
	const char *v = getenv(var);
	int n;

	if (!v)
		v = "";
	n = snprintf(msg + *len, MSG_MAX - *len, "%s=", key);
	if (n < 0 || (size_t)n >= MSG_MAX - *len)
		return;
	*len += (size_t)n;
	for (; *v && *len < MSG_MAX - 2; v++)
		msg[(*len)++] = (*v == '\n' || *v == '\r') ? ' ' : *v;
	msg[(*len)++] = '\n';
	msg[*len] = '\0';
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* 1 OK, 0 refused (reason printed), -1 no verdict. */
static int ask(const char *path, long timeout_ms, const char *msg, size_t len)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	long deadline = now_ms() + timeout_ms;
	char reply[512];
	ssize_t n;
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -1;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	/* A full backlog makes connect() wait; bound that by the timeout too. */
	{
		struct timeval tv = { .tv_sec = timeout_ms / 1000,
				      .tv_usec = (timeout_ms % 1000) * 1000 };

		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	}
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    send(fd, msg, len, MSG_NOSIGNAL) != (ssize_t)len) {
		fprintf(stderr, "segwd-updown: segwd not reachable at %s: %s\n",
			path, strerror(errno));
		close(fd);
		return -1;
	}
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		long left = deadline - now_ms();

		if (left <= 0 || poll(&p, 1, (int)left) == 0) {
			fprintf(stderr, "segwd-updown: no verdict from segwd within %ld ms\n",
				timeout_ms);
			close(fd);
			return -1;
		}
		if (p.revents)
			break;
	}
	n = recv(fd, reply, sizeof(reply) - 1, 0);
	close(fd);
	if (n <= 0)
		return -1;
	reply[n] = '\0';
	if (!strncmp(reply, "OK", 2))
		return 1;
	fprintf(stderr, "segwd-updown: %s", reply);
	return 0;
}

int main(int argc, char **argv)
{
	const char *verb = getenv("PLUTO_VERB");
	char msg[MSG_MAX + 1];
	size_t len = 0;
	long timeout_ms;
	int up, down, host_ok, r;

	if (argc != 3) {
		fprintf(stderr, "usage: segwd-updown SOCKET TIMEOUT_MS (run by pluto as updown)\n");
		return 2;
	}
	timeout_ms = strtol(argv[2], NULL, 10);
	if (timeout_ms < 100 || timeout_ms > 30000)
		timeout_ms = 2000;
	if (!verb)
		return 2;
	up = !strcmp(verb, "up-host") || !strcmp(verb, "up-client");
	down = !strcmp(verb, "down-host") || !strcmp(verb, "down-client");
	if (!up && !down)
		return 0;

	msg[0] = '\0';
	put(msg, &len, "verb", "PLUTO_VERB");
	put(msg, &len, "conn", "PLUTO_CONNECTION");
	put(msg, &len, "peer", "PLUTO_PEER");
	put(msg, &len, "peer_id", "PLUTO_PEER_ID");
	put(msg, &len, "peer_client", "PLUTO_PEER_CLIENT");
	put(msg, &len, "sa_reqid", "PLUTO_SA_REQID");
	put(msg, &len, "spi_in", "SPI_IN");
	put(msg, &len, "spi_out", "SPI_OUT");
	put(msg, &len, "me", "PLUTO_ME");

	host_ok = single_host(getenv("PLUTO_PEER_CLIENT"));
	r = ask(argv[1], timeout_ms, msg, len);
	if (down)
		return 0;
	if (!host_ok) {
		fprintf(stderr, "segwd-updown: refusing TSi %s: not a single host\n",
			getenv("PLUTO_PEER_CLIENT") ? getenv("PLUTO_PEER_CLIENT") : "(none)");
		return 1;
	}
	return r == 1 ? 0 : 1;
}
