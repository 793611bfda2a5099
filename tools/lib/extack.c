// SPDX-License-Identifier: GPL-2.0
/*
 * Decoding a failed request's extended ACK (see extack.h). Bounds are
 * checked against the message's own lengths: a truncated or odd reply gives
 * less text, never a read past the buffer.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/lwip_segw.h>

#include "extack.h"
#include "names.h"

/* Walks the TLVs in [p, p + len) and stores the first of each type. */
static void parse_tlvs(const unsigned char *p, size_t len,
		       const struct nlattr **tb, unsigned int max)
{
	while (len >= NLA_HDRLEN) {
		const struct nlattr *a = (const struct nlattr *)p;
		size_t alen = a->nla_len, step = NLA_ALIGN(alen);
		unsigned int type = a->nla_type & NLA_TYPE_MASK;

		if (alen < NLA_HDRLEN || alen > len)
			return;
		if (type <= max && !tb[type])
			tb[type] = a;
		if (step >= len)
			return;
		p += step;
		len -= step;
	}
}

static int get_u32(const struct nlattr *a, uint32_t *v)
{
	if (!a || a->nla_len < NLA_HDRLEN + sizeof(*v))
		return -1;
	memcpy(v, (const char *)a + NLA_HDRLEN, sizeof(*v));
	return 0;
}

/*
 * The type of the top-level attribute of the echoed request that starts at
 * offs (from the request's nlmsghdr), or -1 when offs is no such attribute
 * (inside a nest, in a header, or the request was not echoed).
 */
static int attr_at(const struct nlmsghdr *req, size_t req_len, uint32_t offs)
{
	size_t off = NLMSG_HDRLEN + GENL_HDRLEN;

	while (off + NLA_HDRLEN <= req_len) {
		const struct nlattr *a =
			(const struct nlattr *)((const char *)req + off);

		if (a->nla_len < NLA_HDRLEN || off + a->nla_len > req_len)
			return -1;
		if (off == offs)
			return a->nla_type & NLA_TYPE_MASK;
		off += NLA_ALIGN(a->nla_len);
	}
	return -1;
}

static const char *attr_name(unsigned int type)
{
	return LWIP_SEGW_NAME(lwip_segw_attr_names, type);
}

char *lwip_segw_extack(const struct nlmsghdr *nlh, char *buf, size_t len)
{
	return lwip_segw_extack_req(nlh, NULL, 0, buf, len);
}

char *lwip_segw_extack_req(const struct nlmsghdr *nlh,
			   const struct nlmsghdr *sent, size_t sent_len,
			   char *buf, size_t len)
{
	const struct nlattr *tb[NLMSGERR_ATTR_MAX + 1] = { NULL };
	const struct nlmsgerr *e = NLMSG_DATA(nlh);
	const struct nlmsghdr *req = &e->msg;
	size_t off = sizeof(*e), req_len = 0, n;
	const struct nlattr *msg;
	uint32_t v;
	int type;

	if (!len)
		return buf;
	buf[0] = '\0';
	if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(*e) ||
	    !(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return buf;
	/* Without NLM_F_CAPPED the whole request is echoed before the TLVs. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		req_len = e->msg.nlmsg_len;
		if (req_len < NLMSG_HDRLEN)
			return buf;
		off += req_len - NLMSG_HDRLEN;
	} else if (sent && sent_len >= NLMSG_HDRLEN) {
		req = sent;	/* the caller's copy of what it sent */
		req_len = sent_len;
	}
	if (nlh->nlmsg_len < NLMSG_HDRLEN + off)
		return buf;
	parse_tlvs((const unsigned char *)e + off,
		   nlh->nlmsg_len - NLMSG_HDRLEN - off, tb, NLMSGERR_ATTR_MAX);

	msg = tb[NLMSGERR_ATTR_MSG];
	/* The kernel's string ends in a NUL; stop there or at its length. */
	if (msg && msg->nla_len > NLA_HDRLEN)
		snprintf(buf, len, "%.*s", (int)(msg->nla_len - NLA_HDRLEN),
			 (const char *)msg + NLA_HDRLEN);
	n = strlen(buf);
	if (!get_u32(tb[NLMSGERR_ATTR_MISS_TYPE], &v) && !tb[NLMSGERR_ATTR_MISS_NEST]) {
		snprintf(buf + n, len - n, "%smissing attribute %s",
			 n ? ": " : "", attr_name(v));
	} else if (req_len && !get_u32(tb[NLMSGERR_ATTR_OFFS], &v) &&
		   (type = attr_at(req, req_len, v)) >= 0) {
		snprintf(buf + n, len - n, "%s(attribute %s)", n ? " " : "",
			 attr_name(type));
	}
	return buf;
}

struct nlmsghdr *lwip_segw_sent_copy(const struct nlmsghdr *nlh, size_t *len)
{
	struct nlmsghdr *copy = malloc(nlh->nlmsg_len);

	*len = copy ? nlh->nlmsg_len : 0;
	if (copy)
		memcpy(copy, nlh, nlh->nlmsg_len);
	return copy;
}

void lwip_segw_sent_free(struct nlmsghdr *copy, size_t len)
{
	if (copy)
		explicit_bzero(copy, len);
	free(copy);
}
