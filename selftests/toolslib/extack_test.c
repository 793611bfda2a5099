// SPDX-License-Identifier: GPL-2.0
/*
 * lwip_segw_extack() on built NLMSG_ERROR messages: the message text, the
 * attribute an offset points at, a missing attribute, capped and uncapped
 * replies, and truncated or lying lengths (never a read past the message:
 * run under valgrind or ASan to see it). Prints "ok"/"FAIL" per case;
 * exits 1 on any failure.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/lwip_segw.h>

#include "extack.h"

static unsigned char m[1024];
static size_t mlen;
static unsigned char sent[256];	/* the request as its sender kept it */
static size_t sent_len;
static int failed;

static void put(const void *p, size_t n)
{
	memcpy(m + mlen, p, n);
	mlen += NLMSG_ALIGN(n);
}

static void put_attr(uint16_t type, const void *data, uint16_t len)
{
	struct nlattr a = { .nla_len = NLA_HDRLEN + len, .nla_type = type };

	memcpy(m + mlen, &a, sizeof(a));
	memcpy(m + mlen + NLA_HDRLEN, data, len);
	mlen += NLA_ALIGN(a.nla_len);
}

/*
 * An error reply to a UE_ADD of two attributes (ue_mac, ue_idi), echoed
 * unless capped; returns the offset of ue_idi within the request.
 */
static uint32_t build(int capped, const char *text, int offs_of_idi,
		      int miss_type)
{
	struct nlmsghdr hdr = { .nlmsg_type = NLMSG_ERROR,
				.nlmsg_flags = NLM_F_ACK_TLVS };
	struct nlmsghdr req = { .nlmsg_type = 0x20 };
	struct genlmsghdr g = { .cmd = LWIP_SEGW_CMD_UE_ADD };
	unsigned char mac[6] = { 2 }, idi[5] = "abcde";
	struct nlmsgerr e = { .error = -22 };
	size_t req_start;
	uint32_t idi_off;

	memset(m, 0, sizeof(m));
	mlen = 0;
	if (capped)
		hdr.nlmsg_flags |= NLM_F_CAPPED;
	put(&hdr, sizeof(hdr));
	put(&e, sizeof(e) - sizeof(e.msg));	/* error, then the request */
	req_start = mlen;
	put(&req, sizeof(req));
	put(&g, sizeof(g));
	put_attr(LWIP_SEGW_A_UE_MAC, mac, sizeof(mac));
	idi_off = mlen - req_start;
	put_attr(LWIP_SEGW_A_UE_IDI, idi, sizeof(idi));
	((struct nlmsghdr *)(m + req_start))->nlmsg_len = mlen - req_start;
	sent_len = mlen - req_start;
	memcpy(sent, m + req_start, sent_len);
	if (capped)
		mlen = req_start + sizeof(req);	/* only the header stays */
	if (text)
		put_attr(NLMSGERR_ATTR_MSG, text, strlen(text) + 1);
	if (offs_of_idi) {
		uint32_t off = idi_off + (offs_of_idi > 1 ? 2 : 0);

		put_attr(NLMSGERR_ATTR_OFFS, &off, sizeof(off));
	}
	if (miss_type) {
		uint32_t t = miss_type;

		put_attr(NLMSGERR_ATTR_MISS_TYPE, &t, sizeof(t));
	}
	((struct nlmsghdr *)m)->nlmsg_len = mlen;
	return idi_off;
}

static void expect(const char *name, const char *want)
{
	char buf[256];
	const char *got = lwip_segw_extack((struct nlmsghdr *)m, buf, sizeof(buf));

	if (strcmp(got, want)) {
		printf("FAIL %s: got '%s', want '%s'\n", name, got, want);
		failed = 1;
	} else {
		printf("ok %s: '%s'\n", name, got);
	}
}

static void expect_sent(const char *name, size_t len, const char *want)
{
	char buf[256];
	const char *got = lwip_segw_extack_req((struct nlmsghdr *)m,
					       (struct nlmsghdr *)sent, len,
					       buf, sizeof(buf));

	if (strcmp(got, want)) {
		printf("FAIL %s: got '%s', want '%s'\n", name, got, want);
		failed = 1;
	} else {
		printf("ok %s: '%s'\n", name, got);
	}
}

int main(void)
{
	char small[8];

	build(0, "IDi too long", 1, 0);
	expect("message and the attribute it points at", "IDi too long (attribute ue_idi)");
	build(0, NULL, 1, 0);
	expect("attribute without message", "(attribute ue_idi)");
	build(0, "in the middle", 2, 0);
	expect("offset inside an attribute names none", "in the middle");
	build(1, "capped", 1, 0);
	expect("capped reply: no request to look into", "capped");
	build(1, "capped", 1, 0);
	expect_sent("capped reply, the sender's copy names it", sent_len,
		    "capped (attribute ue_idi)");
	expect_sent("capped reply, a copy too short for the attribute",
		    sent_len - 4, "capped");
	build(0, "echoed", 1, 0);
	expect_sent("echoed request wins over a copy", 8, "echoed (attribute ue_idi)");
	build(0, "needs it", 0, LWIP_SEGW_A_UE_PSK);
	expect("missing attribute", "needs it: missing attribute ue_psk");
	build(0, NULL, 0, 999);
	expect("unknown missing type", "missing attribute unknown");
	build(0, NULL, 0, 0);
	expect("no TLVs at all", "");

	build(0, "a long message that will not fit", 1, 0);
	lwip_segw_extack((struct nlmsghdr *)m, small, sizeof(small));
	if (strlen(small) != sizeof(small) - 1) {
		printf("FAIL truncation: '%s'\n", small);
		failed = 1;
	} else {
		printf("ok truncated to the buffer: '%s'\n", small);
	}

	/* Lying lengths: an attribute claiming more than the message has. */
	build(0, "x", 1, 0);
	((struct nlmsghdr *)m)->nlmsg_len = mlen - 4;
	expect("message shorter than its last TLV", "x");
	build(0, "x", 1, 0);
	((struct nlmsghdr *)m)->nlmsg_len = 10;
	expect("message shorter than an nlmsgerr", "");
	build(0, "x", 1, 0);
	((struct nlmsgerr *)NLMSG_DATA((struct nlmsghdr *)m))->msg.nlmsg_len = 4000;
	expect("echoed request longer than the reply", "");
	return failed;
}
