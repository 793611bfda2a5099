// SPDX-License-Identifier: GPL-2.0
/*
 * enbsim serve: one eNB serving one LWIP UE for as long as it runs, the
 * whole integration in one loop:
 *
 *   1. bind the eNB's Xw-U socket (ENB_ADDR:PORT), so that no uplink is lost;
 *   2. join the "events" group on a socket of its own, before the UE exists;
 *   3. UE_ADD; hand the IDi and PSK to the UE (here: print them), print the
 *      ACKNOWLEDGE (UE id, SeGW Xw-U endpoint, SeGW TEID);
 *   4. poll: the UE's events; uplink T-PDUs (counted, optionally echoed back
 *      down with the SeGW TEID); SIGINT/SIGTERM;
 *   5. on a signal, UE_RELEASE and wait briefly for the RELEASED event; a
 *      release by the SeGW (window expired, IKE SA deleted, ...) ends it too.
 *
 * The netlink family is per network namespace: the control plane runs in
 * enbsim's own namespace (the SeGW's). --xwu-netns puts the Xw-U socket into
 * another one, as when the eNB's Xw-U interface is on its own network.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "enbsim.h"
#include "gtpu.h"

/* How long to wait for the RELEASED event after our UE_RELEASE. */
#define RELEASE_WAIT_MS	3000

struct serve {
	struct enb_ack ack;
	struct sockaddr_in segw_xwu;	/* where downlink T-PDUs go */
	uint32_t enb_teid;
	int echo;
	int xwu_fd;
	unsigned long ul_packets, ul_bytes, echoed, others;
	int released;			/* the RELEASED event arrived */
};

/* The Xw-U socket, created in netns (a name under /run/netns) if given. */
static int xwu_socket(const char *netns, const struct sockaddr_in *sa)
{
	char path[256];
	int here = -1, there = -1, fd, err;

	if (netns) {
		snprintf(path, sizeof(path), "/run/netns/%s", netns);
		here = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
		there = open(path, O_RDONLY | O_CLOEXEC);
		if (here < 0 || there < 0 || setns(there, CLONE_NEWNET)) {
			fprintf(stderr, "enbsim: serve: cannot enter network namespace %s (%s): %s\n",
				netns, path, strerror(errno));
			fd = -1;
			goto out;
		}
	}
	fd = gtpu_socket(sa, 8 << 20);
	err = fd < 0 ? -fd : 0;
	if (netns && setns(here, CLONE_NEWNET)) {
		fprintf(stderr, "enbsim: serve: cannot return to the original network namespace: %s\n",
			strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
		goto out;
	}
	if (fd < 0) {
		char a[INET_ADDRSTRLEN];

		fprintf(stderr, "enbsim: serve: cannot bind the eNB's Xw-U endpoint %s:%u%s%s: %s\n",
			inet_ntop(AF_INET, &sa->sin_addr, a, sizeof(a)),
			ntohs(sa->sin_port), netns ? " in netns " : "",
			netns ? netns : "", strerror(err));
	}
out:
	if (here >= 0)
		close(here);
	if (there >= 0)
		close(there);
	return fd;
}

static void print_handoff(const struct enb_ue_req *req)
{
	size_t i;

	/* What the eNB gives the UE over LTE RRC for its IKEv2 (SEC-4). */
	printf("handoff idi_type=%s idi=", idi_type_name(req->idi_type));
	for (i = 0; i < req->idi_len; i++) {
		if (req->idi_type == LWIP_SEGW_IDI_KEY_ID)
			printf("%02x", req->idi[i]);
		else
			putchar(req->idi[i]);
	}
	printf(" psk=");
	for (i = 0; i < sizeof(req->psk); i++)
		printf("%02x", req->psk[i]);
	printf("\n");
	fflush(stdout);
}

static void serve_event(const struct enb_ue *ue, void *arg)
{
	struct serve *s = arg;

	if (ue->id != s->ack.ue_id)
		return;
	print_event_line(ue);
	if (ue->event == LWIP_SEGW_EVENT_RELEASED)
		s->released = 1;
}

/*
 * The echo: the uplink packet (UE inner -> SeGW, GRE) goes back down as
 * SeGW -> UE inner, what the SeGW accepts on the downlink. Swapping the
 * addresses leaves the IPv4 header checksum as it is.
 */
static void echo_down(struct serve *s, const struct gtpu_msg *m)
{
	static uint8_t buf[GTPU_MAX_MSG];
	size_t hl;
	uint8_t tmp[4];

	if (m->payload_len < 20 || m->payload_len > sizeof(buf) - GTPU_HDR_LEN ||
	    (m->payload[0] >> 4) != 4)
		return;
	hl = gtpu_put_header(buf, GTPU_TPDU, s->ack.segw_teid, 0, 0, -1);
	memcpy(buf + hl, m->payload, m->payload_len);
	memcpy(tmp, buf + hl + 12, 4);
	memcpy(buf + hl + 12, buf + hl + 16, 4);
	memcpy(buf + hl + 16, tmp, 4);
	gtpu_finish(buf, hl + m->payload_len);
	if (sendto(s->xwu_fd, buf, hl + m->payload_len, 0,
		   (struct sockaddr *)&s->segw_xwu, sizeof(s->segw_xwu)) < 0)
		fprintf(stderr, "enbsim: serve: echo: %s\n", strerror(errno));
	else
		s->echoed++;
}

static void serve_xwu(struct serve *s)
{
	static uint8_t buf[GTPU_MAX_MSG];
	struct gtpu_msg m;
	ssize_t n;

	while ((n = recv(s->xwu_fd, buf, sizeof(buf), MSG_DONTWAIT)) >= 0) {
		gtpu_print(stdout, buf, n);
		if (gtpu_parse(buf, n, &m) || m.type != GTPU_TPDU ||
		    m.teid != s->enb_teid) {
			s->others++;
			continue;
		}
		s->ul_packets++;
		s->ul_bytes += m.payload_len;
		if (s->echo)
			echo_down(s, &m);
	}
}

/* Reads the queued events (the socket is non-blocking); 0 or -errno. */
static int serve_events(struct enb_nl *ev, struct serve *s)
{
	int err;

	do {
		err = enb_events_read(ev, serve_event, s);
	} while (!err && !s->released);
	if (err == -EAGAIN || err == -EINTR)
		return 0;
	if (err == -ENOMEM) {
		fprintf(stderr, "enbsim: serve: events receive buffer overrun, events lost\n");
		return 0;
	}
	return err;
}

/* 0: the SeGW released the UE; 1: SIGINT or SIGTERM; or -errno. */
static int serve_loop(struct enb_nl *ev, int sfd, struct serve *s)
{
	struct pollfd p[3] = {
		{ .fd = enb_events_fd(ev), .events = POLLIN },
		{ .fd = s->xwu_fd, .events = POLLIN },
		{ .fd = sfd, .events = POLLIN },
	};
	int err;

	while (!s->released) {
		if (poll(p, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (p[0].revents) {
			err = serve_events(ev, s);
			if (err) {
				report_error(ev, "serve: events", err);
				return err;
			}
		}
		if (p[1].revents)
			serve_xwu(s);
		if (p[2].revents & POLLIN)
			return 1;	/* SIGINT or SIGTERM */
	}
	return 0;
}

/* After our UE_RELEASE: the RELEASED event, or RELEASE_WAIT_MS. */
static void await_released(struct enb_nl *ev, struct serve *s)
{
	struct pollfd p = { .fd = enb_events_fd(ev), .events = POLLIN };
	int waited = 0;

	while (!s->released && waited < RELEASE_WAIT_MS) {
		if (poll(&p, 1, 100) > 0 && serve_events(ev, s))
			break;
		waited += 100;
	}
	if (!s->released)
		fprintf(stderr, "enbsim: serve: no RELEASED event within %d ms\n",
			RELEASE_WAIT_MS);
}

/* serve [--xwu-netns NS] [--echo] MAC IDI PSK ENB_ADDR[:PORT] TEID [WINDOW_S] */
int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "xwu-netns", required_argument, NULL, 'n' },
		{ "echo", no_argument, NULL, 'e' },
		{ }
	};
	struct serve s = { .xwu_fd = -1 };
	struct enb_nl nl, ev = { 0 };
	const char *netns = NULL;
	struct sockaddr_in enb_sa;
	struct enb_ue_req req;
	int c, err, sfd = -1, ret = ENBSIM_FAILED;
	sigset_t sigs;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			netns = optarg;
			break;
		case 'e':
			s.echo = 1;
			break;
		default:
			usage_error("serve: unknown option or missing value '%s'",
				    argv[optind - 1]);
		}
	}
	parse_ue_req(argc - optind, argv + optind, &req);
	s.enb_teid = req.enb_teid;

	/* Signals arrive through sfd, between two polls, never inside one. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigprocmask(SIG_BLOCK, &sigs, NULL);
	sfd = signalfd(-1, &sigs, SFD_CLOEXEC);
	if (sfd < 0)
		perror("enbsim: serve: signalfd");

	memset(&enb_sa, 0, sizeof(enb_sa));
	enb_sa.sin_family = AF_INET;
	enb_sa.sin_addr.s_addr = req.enb_addr;
	enb_sa.sin_port = htons(req.enb_port ? req.enb_port : GTPU_PORT);
	s.xwu_fd = xwu_socket(netns, &enb_sa);
	if (sfd < 0 || s.xwu_fd < 0)
		goto out_req;

	if (open_nl(&ev))
		goto out_req;
	err = enb_events_join(&ev);
	if (err) {
		report_error(&ev, "serve: joining the events group", err);
		goto out_ev;
	}
	if (fcntl(enb_events_fd(&ev), F_SETFL, O_NONBLOCK)) {
		perror("enbsim: serve: events socket");
		goto out_ev;
	}
	if (open_nl(&nl))
		goto out_ev;

	err = enb_ue_add(&nl, &req, &s.ack);
	if (err) {
		report_error(&nl, "serve: add", err);
		goto out_nl;
	}
	print_handoff(&req);
	memset(&req, 0, sizeof(req));
	print_ack_line(&s.ack);
	s.segw_xwu.sin_family = AF_INET;
	s.segw_xwu.sin_addr.s_addr = s.ack.xwu_addr;
	s.segw_xwu.sin_port = htons(s.ack.xwu_port);

	err = serve_loop(&ev, sfd, &s);
	/* A signal or a failure: either way the UE must not outlive us. */
	if (!s.released) {
		int rerr = enb_ue_release(&nl, s.ack.ue_id, 0);

		if (rerr) {
			report_error(&nl, "serve: release", rerr);
			err = rerr;
		} else {
			printf("release id=%u\n", s.ack.ue_id);
			fflush(stdout);
			await_released(&ev, &s);
		}
	}
	printf("served id=%u uplink_packets=%lu uplink_bytes=%lu echoed=%lu other_messages=%lu\n",
	       s.ack.ue_id, s.ul_packets, s.ul_bytes, s.echoed, s.others);
	fflush(stdout);
	/* 0: released by the SeGW; 1: by us on SIGINT or SIGTERM. */
	if (err >= 0)
		ret = ENBSIM_OK;
out_nl:
	enb_nl_close(&nl);
out_ev:
	enb_nl_close(&ev);
out_req:
	memset(&req, 0, sizeof(req));
	if (s.xwu_fd >= 0)
		close(s.xwu_fd);
	if (sfd >= 0)
		close(sfd);
	return ret;
}
