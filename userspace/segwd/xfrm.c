// SPDX-License-Identifier: GPL-2.0
/* Raw NETLINK_XFRM dumps: small, and independent of libnl-xfrm's parser. */
#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/udp.h>
#include <linux/xfrm.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"
#include "xfrm.h"

#define BUF_SIZE (64 * 1024)

static int xfrm_socket(void)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_XFRM);

	if (fd < 0)
		log_err("NETLINK_XFRM socket: %s", strerror(errno));
	return fd;
}

/* Sends a dump request and calls cb for each message; 0 or -1. */
static int dump(int fd, uint16_t type, void (*cb)(struct nlmsghdr *h, void *arg),
		void *arg)
{
	struct {
		struct nlmsghdr h;
		char pad[64];
	} req = { .h = { .nlmsg_len = NLMSG_LENGTH(0), .nlmsg_type = type,
			 .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = 1 } };
	char *buf = malloc(BUF_SIZE);
	int ret = -1;

	if (type == XFRM_MSG_GETSA)
		req.h.nlmsg_len = NLMSG_LENGTH(sizeof(struct xfrm_usersa_id));
	if (!buf || send(fd, &req, req.h.nlmsg_len, 0) < 0)
		goto out;
	for (;;) {
		ssize_t n = recv(fd, buf, BUF_SIZE, 0);
		struct nlmsghdr *h;

		if (n <= 0)
			goto out;
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, (unsigned int)n);
		     h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == NLMSG_DONE) {
				ret = 0;
				goto out;
			}
			if (h->nlmsg_type == NLMSG_ERROR)
				goto out;
			cb(h, arg);
		}
	}
out:
	if (ret)
		log_err("XFRM dump (type %u) failed: %s", type, strerror(errno));
	free(buf);
	return ret;
}

struct sa_query {
	struct in_addr peer, segw;
	uint32_t spi, reqid;
	struct xfrm_sa_info *info;
	bool found;
};

static void on_sa(struct nlmsghdr *h, void *arg)
{
	struct sa_query *q = arg;
	struct xfrm_usersa_info *sa;
	struct rtattr *rta;
	int len;

	if (q->found || h->nlmsg_type != XFRM_MSG_NEWSA ||
	    h->nlmsg_len < NLMSG_LENGTH(sizeof(*sa)))
		return;
	sa = NLMSG_DATA(h);
	if (sa->family != AF_INET || sa->id.proto != IPPROTO_ESP ||
	    sa->id.daddr.a4 != q->segw.s_addr || sa->saddr.a4 != q->peer.s_addr)
		return;
	if (q->spi ? ntohl(sa->id.spi) != q->spi : sa->reqid != q->reqid)
		return;
	q->found = true;
	q->info->reqid = sa->reqid;
	q->info->tunnel = sa->mode == XFRM_MODE_TUNNEL;
	rta = (struct rtattr *)((char *)sa + NLMSG_ALIGN(sizeof(*sa)));
	len = (int)(h->nlmsg_len - NLMSG_LENGTH(sizeof(*sa)));
	for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
		struct xfrm_encap_tmpl *e = RTA_DATA(rta);

		if (rta->rta_type != XFRMA_ENCAP || RTA_PAYLOAD(rta) < sizeof(*e))
			continue;
		if (e->encap_type == UDP_ENCAP_ESPINUDP) {
			q->info->natt = true;
			q->info->sport = ntohs(e->encap_sport);
		}
	}
}

int xfrm_find_inbound(struct in_addr peer, struct in_addr segw, uint32_t spi,
		      uint32_t reqid, struct xfrm_sa_info *info)
{
	struct sa_query q = { .peer = peer, .segw = segw, .spi = spi,
			      .reqid = reqid, .info = info };
	int fd = xfrm_socket();

	memset(info, 0, sizeof(*info));
	if (fd < 0)
		return -1;
	dump(fd, XFRM_MSG_GETSA, on_sa, &q);
	close(fd);
	return q.found ? 0 : -1;
}

struct pol_list {
	struct xfrm_userpolicy_id ids[64];
	int n;
	uint32_t reqid;
};

static void on_policy(struct nlmsghdr *h, void *arg)
{
	struct pol_list *l = arg;
	struct xfrm_userpolicy_info *p;
	struct rtattr *rta;
	int len;

	if (h->nlmsg_type != XFRM_MSG_NEWPOLICY ||
	    h->nlmsg_len < NLMSG_LENGTH(sizeof(*p)) || l->n == 64)
		return;
	p = NLMSG_DATA(h);
	rta = (struct rtattr *)((char *)p + NLMSG_ALIGN(sizeof(*p)));
	len = (int)(h->nlmsg_len - NLMSG_LENGTH(sizeof(*p)));
	for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
		struct xfrm_user_tmpl *t = RTA_DATA(rta);
		unsigned int i, nt;

		if (rta->rta_type != XFRMA_TMPL)
			continue;
		nt = RTA_PAYLOAD(rta) / sizeof(*t);
		for (i = 0; i < nt; i++) {
			if (t[i].reqid != l->reqid)
				continue;
			memset(&l->ids[l->n], 0, sizeof(l->ids[0]));
			l->ids[l->n].sel = p->sel;
			l->ids[l->n].dir = p->dir;
			l->n++;
			return;
		}
	}
}

int xfrm_flush_reqid_policies(uint32_t reqid)
{
	struct pol_list *l = calloc(1, sizeof(*l));
	int fd, deleted = 0;

	if (!l)
		return -1;
	l->reqid = reqid;
	fd = xfrm_socket();
	if (fd < 0 || dump(fd, XFRM_MSG_GETPOLICY, on_policy, l)) {
		if (fd >= 0)
			close(fd);
		free(l);
		return -1;
	}
	for (int i = 0; i < l->n; i++) {
		struct {
			struct nlmsghdr h;
			struct xfrm_userpolicy_id id;
		} req = { .h = { .nlmsg_len = NLMSG_LENGTH(sizeof(struct xfrm_userpolicy_id)),
				 .nlmsg_type = XFRM_MSG_DELPOLICY,
				 .nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
				 .nlmsg_seq = 2 + (uint32_t)i },
			  .id = l->ids[i] };
		char ack[512];

		if (send(fd, &req, req.h.nlmsg_len, 0) < 0 ||
		    recv(fd, ack, sizeof(ack), 0) <= 0)
			continue;
		if (((struct nlmsgerr *)NLMSG_DATA((struct nlmsghdr *)ack))->error == 0)
			deleted++;
	}
	close(fd);
	free(l);
	return deleted;
}

struct repoint {
	uint32_t from, to;
	struct in_addr outer, segw;
	int fd, done;
};

/*
 * pluto replaced the older UE's policies (same inner /32) with the refused
 * newcomer's and did not restore them (DESIGN 5.12): point the templates
 * back at the older UE's SA (its reqid and outer address).
 */
static void on_policy_repoint(struct nlmsghdr *h, void *arg)
{
	struct repoint *r = arg;
	struct xfrm_userpolicy_info *p;
	struct rtattr *rta;
	bool hit = false;
	char ack[512];
	int len;

	if (h->nlmsg_type != XFRM_MSG_NEWPOLICY || h->nlmsg_len < NLMSG_LENGTH(sizeof(*p)))
		return;
	p = NLMSG_DATA(h);
	rta = (struct rtattr *)((char *)p + NLMSG_ALIGN(sizeof(*p)));
	len = (int)(h->nlmsg_len - NLMSG_LENGTH(sizeof(*p)));
	for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
		struct xfrm_user_tmpl *t = RTA_DATA(rta);
		unsigned int i, nt;

		if (rta->rta_type != XFRMA_TMPL)
			continue;
		nt = RTA_PAYLOAD(rta) / sizeof(*t);
		for (i = 0; i < nt; i++) {
			if (t[i].reqid != r->from)
				continue;
			t[i].reqid = r->to;
			if (t[i].id.daddr.a4 == r->segw.s_addr)
				t[i].saddr.a4 = r->outer.s_addr;	/* in, fwd */
			else
				t[i].id.daddr.a4 = r->outer.s_addr;	/* out */
			hit = true;
		}
	}
	if (!hit)
		return;
	/* Sent on a second socket: the dump is still being read on the first. */
	h->nlmsg_type = XFRM_MSG_UPDPOLICY;
	h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	h->nlmsg_seq = 100;
	h->nlmsg_pid = 0;
	if (send(r->fd, h, h->nlmsg_len, 0) > 0 && recv(r->fd, ack, sizeof(ack), 0) > 0 &&
	    ((struct nlmsgerr *)NLMSG_DATA((struct nlmsghdr *)ack))->error == 0)
		r->done++;
	if (p->dir != XFRM_POLICY_IN)
		return;
	/*
	 * pluto also deleted the older UE's out policy while reverting: mirror
	 * the in policy (selector and template reversed) to restore it.
	 */
	{
		struct xfrm_selector *sel = &p->sel;
		xfrm_address_t a = sel->saddr;
		__be16 port = sel->sport, mask = sel->sport_mask;
		__u8 plen = sel->prefixlen_s;

		sel->saddr = sel->daddr;
		sel->daddr = a;
		sel->sport = sel->dport;
		sel->sport_mask = sel->dport_mask;
		sel->dport = port;
		sel->dport_mask = mask;
		sel->prefixlen_s = sel->prefixlen_d;
		sel->prefixlen_d = plen;
		p->dir = XFRM_POLICY_OUT;
		p->index = 0;	/* an index encodes its direction: let the kernel pick */
		rta = (struct rtattr *)((char *)p + NLMSG_ALIGN(sizeof(*p)));
		len = (int)(h->nlmsg_len - NLMSG_LENGTH(sizeof(*p)));
		for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
			struct xfrm_user_tmpl *t = RTA_DATA(rta);
			unsigned int i, nt;

			if (rta->rta_type != XFRMA_TMPL)
				continue;
			nt = RTA_PAYLOAD(rta) / sizeof(*t);
			for (i = 0; i < nt; i++) {
				if (t[i].reqid != r->to)
					continue;
				t[i].saddr.a4 = r->segw.s_addr;
				t[i].id.daddr.a4 = r->outer.s_addr;
			}
		}
		h->nlmsg_seq = 101;
		if (send(r->fd, h, h->nlmsg_len, 0) > 0 && recv(r->fd, ack, sizeof(ack), 0) > 0 &&
		    ((struct nlmsgerr *)NLMSG_DATA((struct nlmsghdr *)ack))->error == 0)
			r->done++;
	}
}

int xfrm_repoint_policies(uint32_t from_reqid, uint32_t to_reqid,
			  struct in_addr outer, struct in_addr segw)
{
	struct repoint r = { .from = from_reqid, .to = to_reqid, .outer = outer,
			     .segw = segw };
	int fd = xfrm_socket();

	if (fd < 0)
		return -1;
	r.fd = xfrm_socket();
	if (r.fd < 0) {
		close(fd);
		return -1;
	}
	dump(fd, XFRM_MSG_GETPOLICY, on_policy_repoint, &r);
	close(r.fd);
	close(fd);
	return r.done;
}
