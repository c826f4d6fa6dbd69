// SPDX-License-Identifier: LGPL-2.1-or-later
/* libsmcnl reads no attribute before checking its length: for every reply
 * parser, one attribute sent truncated and one oversized give -EINVAL,
 * while the same reply with the right length parses. Built with libnl as
 * a kernel (or a broken one) would send it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <cmocka.h>

#include <linux/smc.h>
#include <linux/smc_diag.h>
#include <linux/smc_next.h>
#include <linux/sock_diag.h>
#include <netlink/genl/genl.h>

#include "smcnl_priv.h"

#define NONE (-1)

struct len_case {
	const char *name;
	int (*parse)(struct nlattr **tb, const struct nlmsghdr *nlh);
	int maxattr;			/* top level */
	int outer, inner;		/* nests around the attribute, or NONE */
	void (*required)(struct nl_msg *msg);	/* in the outer nest (or top), first */
	bool required_at_top;
	int attr;
	int good, bad;			/* payload lengths */
};

static struct smcnl_stats stats_out;
static struct smcnl_fback_stats fback_out;

static int p_sys(struct nlattr **tb, const struct nlmsghdr *nlh)
{
	struct smcnl_sys_info v;

	(void)nlh;
	return smcnl_parse_sys_info(tb, &v);
}

static int p_ueid(struct nlattr **tb, const struct nlmsghdr *nlh)
{
	struct smcnl_ueid_table v = { 0 };

	(void)nlh;
	return smcnl_parse_ueid(tb, &v);
}

static int p_seid(struct nlattr **tb, const struct nlmsghdr *nlh)
{
	struct smcnl_seid v = { 0 };

	(void)nlh;
	return smcnl_parse_seid(tb, &v);
}

static int p_lgr_r(struct nlattr **tb, const struct nlmsghdr *nlh)
{
	struct smcnl_lgr_smcr v;

	(void)nlh;
	return smcnl_parse_lgr_smcr(tb, &v);
}

static int p_link(struct nlattr **tb, const struct nlmsghdr *nlh)
{
	struct smcnl_link v;

	(void)nlh;
	return smcnl_parse_link(tb, &v);
}

static int p_lgr_d(struct nlattr **tb, const struct nlmsghdr *nlh)
{
	struct smcnl_lgr_smcd v;

	(void)nlh;
	return smcnl_parse_lgr_smcd(tb, &v);
}

static int p_dev(struct nlattr **tb, const struct nlmsghdr *nlh)
{
	struct smcnl_dev v;

	(void)nlh;
	return smcnl_parse_dev(tb, SMC_GEN_DEV_SMCR, &v);
}

static int p_loopback(struct nlattr **tb, const struct nlmsghdr *nlh)
{
	struct smcnl_dev v;

	(void)nlh;
	return smcnl_parse_loopback(tb, &v);
}

static int p_stats(struct nlattr **tb, const struct nlmsghdr *nlh)
{
	(void)nlh;
	memset(&stats_out, 0, sizeof(stats_out));
	return smcnl_parse_stats(tb, &stats_out);
}

static int p_fback(struct nlattr **tb, const struct nlmsghdr *nlh)
{
	(void)nlh;
	memset(&fback_out, 0, sizeof(fback_out));
	return smcnl_parse_fback_stats(tb, &fback_out);
}

static int p_pnet(struct nlattr **tb, const struct nlmsghdr *nlh)
{
	struct smcnl_pnet_entry v;

	(void)nlh;
	return smcnl_parse_pnet(tb, &v);
}

static int p_event(struct nlattr **tb, const struct nlmsghdr *nlh)
{
	struct smcnl_event v;

	(void)tb;
	return smcnl_parse_event(nlh, &v);
}

static int p_next_link(struct nlattr **tb, const struct nlmsghdr *nlh)
{
	struct smcnl_next_link v;

	(void)nlh;
	return smcnl_parse_next_link(tb, &v);
}

static int p_next_lgr(struct nlattr **tb, const struct nlmsghdr *nlh)
{
	struct smcnl_next_lgr v;

	(void)nlh;
	return smcnl_parse_next_lgr(tb, &v);
}

static void req_lgr_d(struct nl_msg *msg)
{
	nla_put_u32(msg, SMC_NLA_LGR_D_ID, 0x200);
}

static void req_lgr_r(struct nl_msg *msg)
{
	nla_put_u32(msg, SMC_NLA_LGR_R_ID, 0x100);
}

static void req_fback(struct nl_msg *msg)
{
	nla_put_u8(msg, SMC_NLA_FBACK_STATS_TYPE, 1);
}

static void req_pnet(struct nl_msg *msg)
{
	nla_put_string(msg, SMC_PNETID_NAME, "NET1");
}

static void req_next_link(struct nl_msg *msg)
{
	nla_put_u32(msg, SMC_NEXT_A_LINK_LGR_ID, 0x100);
	nla_put_u32(msg, SMC_NEXT_A_LINK_LINK_ID, 1);
}

static void req_next_lgr(struct nl_msg *msg)
{
	nla_put_u32(msg, SMC_NEXT_A_LGR_ID, 0x100);
}

static const struct len_case cases[] = {
	{ "sys_info u8", p_sys, SMC_GEN_MAX, SMC_GEN_SYS_INFO, NONE, NULL, false,
	  SMC_NLA_SYS_VER, 1, 4 },
	{ "sys_info hostname", p_sys, SMC_GEN_MAX, SMC_GEN_SYS_INFO, NONE, NULL, false,
	  SMC_NLA_SYS_LOCAL_HOST, 33, 64 },
	{ "ueid entry", p_ueid, SMC_NLA_EID_TABLE_MAX, NONE, NONE, NULL, false,
	  SMC_NLA_EID_TABLE_ENTRY, 33, 48 },
	{ "seid enabled", p_seid, SMC_NLA_SEID_TABLE_MAX, NONE, NONE, NULL, false,
	  SMC_NLA_SEID_ENABLED, 1, 2 },
	{ "lgr_smcr id", p_lgr_r, SMC_GEN_MAX, SMC_GEN_LGR_SMCR, NONE, NULL, false,
	  SMC_NLA_LGR_R_ID, 4, 2 },
	{ "lgr_smcr uint", p_lgr_r, SMC_GEN_MAX, SMC_GEN_LGR_SMCR, NONE, req_lgr_r, false,
	  SMC_NLA_LGR_R_SNDBUF_ALLOC, 8, 5 },
	{ "lgr_smcr net cookie", p_lgr_r, SMC_GEN_MAX, SMC_GEN_LGR_SMCR, NONE, req_lgr_r, false,
	  SMC_NLA_LGR_R_NET_COOKIE, 8, 12 },
	{ "lgr_smcr peer eid", p_lgr_r, SMC_GEN_MAX, SMC_GEN_LGR_SMCR, SMC_NLA_LGR_R_V2_COMMON,
	  req_lgr_r, false, SMC_NLA_LGR_V2_NEG_EID, 33, 40 },
	{ "lgr_smcr v2 u8", p_lgr_r, SMC_GEN_MAX, SMC_GEN_LGR_SMCR, SMC_NLA_LGR_R_V2, req_lgr_r,
	  false, SMC_NLA_LGR_R_V2_MAX_LINKS, 1, 0 },
	{ "link state", p_link, SMC_GEN_MAX, SMC_GEN_LINK_SMCR, NONE, NULL, false,
	  SMC_NLA_LINK_STATE, 4, 3 },
	{ "link gid", p_link, SMC_GEN_MAX, SMC_GEN_LINK_SMCR, NONE, NULL, false,
	  SMC_NLA_LINK_GID, 40, 80 },
	{ "lgr_smcd gid", p_lgr_d, SMC_GEN_MAX, SMC_GEN_LGR_SMCD, NONE, req_lgr_d, false,
	  SMC_NLA_LGR_D_GID, 8, 4 },
	{ "lgr_smcd chid", p_lgr_d, SMC_GEN_MAX, SMC_GEN_LGR_SMCD, NONE, req_lgr_d, false,
	  SMC_NLA_LGR_D_CHID, 4, 3 },
	{ "dev pci chid", p_dev, SMC_GEN_MAX, SMC_GEN_DEV_SMCR, NONE, NULL, false,
	  SMC_NLA_DEV_PCI_CHID, 2, 4 },
	{ "dev port netdev", p_dev, SMC_GEN_MAX, SMC_GEN_DEV_SMCR, SMC_NLA_DEV_PORT, NULL, false,
	  SMC_NLA_DEV_PORT_NETDEV, 4, 2 },
	{ "loopback use count", p_loopback, SMC_NEXT_A_LOOPBACK_MAX, NONE, NONE, NULL, false,
	  SMC_NEXT_A_LOOPBACK_USE_CNT, 4, 8 },
	{ "stats hs errors", p_stats, SMC_GEN_MAX, SMC_GEN_STATS, NONE, NULL, false,
	  SMC_NLA_STATS_CLNT_HS_ERR_CNT, 8, 7 },
	{ "stats tech counter", p_stats, SMC_GEN_MAX, SMC_GEN_STATS, SMC_NLA_STATS_SMCR_TECH,
	  NULL, false, SMC_NLA_STATS_T_TX_BYTES, 8, 3 },
	{ "stats tech oversized", p_stats, SMC_GEN_MAX, SMC_GEN_STATS, SMC_NLA_STATS_SMCD_TECH,
	  NULL, false, SMC_NLA_STATS_T_RX_CNT, 8, 16 },
	{ "fback reason", p_fback, SMC_GEN_MAX, SMC_GEN_FBACK_STATS, NONE, req_fback, false,
	  SMC_NLA_FBACK_STATS_RSN_CODE, 4, 2 },
	{ "pnet ibport", p_pnet, SMC_PNETID_MAX, NONE, NONE, req_pnet, false,
	  SMC_PNETID_IBPORT, 1, 4 },
	{ "pnet ethname", p_pnet, SMC_PNETID_MAX, NONE, NONE, req_pnet, false,
	  SMC_PNETID_ETHNAME, 16, 17 },
	{ "event lgr id", p_event, SMC_NEXT_A_EVENT_MAX, NONE, NONE, NULL, false,
	  SMC_NEXT_A_EVENT_LGR_ID, 4, 8 },
	{ "event IPv6 address", p_event, SMC_NEXT_A_EVENT_MAX, NONE, NONE, NULL, false,
	  SMC_NEXT_A_EVENT_SADDR6, 16, 4 },
	{ "event port", p_event, SMC_NEXT_A_EVENT_MAX, NONE, NONE, NULL, false,
	  SMC_NEXT_A_EVENT_SPORT, 2, 1 },
	{ "next link counter", p_next_link, SMC_NEXT_A_LINK_MAX, NONE, NONE, req_next_link, false,
	  SMC_NEXT_A_LINK_RDMA_WRITE_BYTES, 8, 6 },
	{ "next link llc", p_next_link, SMC_NEXT_A_LINK_MAX, SMC_NEXT_A_LINK_LLC_TX, NONE,
	  req_next_link, true, SMC_NEXT_A_LLC_ADD_LINK, 4, 2 },
	{ "next lgr features", p_next_lgr, SMC_NEXT_A_LGR_MAX, NONE, NONE, req_next_lgr, false,
	  SMC_NEXT_A_LGR_FEATURES, 4, 2 },
};

/* A reply holding the case's attribute with len bytes (0x01 each, a NUL
 * at the end so that a string of the right length is well formed).
 */
static struct nl_msg *build(const struct len_case *c, int len, struct nlattr **tb)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *outer = NULL, *inner = NULL;
	char payload[128];

	assert_true(len < (int)sizeof(payload));
	memset(payload, 0x01, sizeof(payload));
	if (len)
		payload[len - 1] = '\0';
	assert_non_null(msg);
	assert_non_null(genlmsg_put(msg, 0, 1, 0x20, 0, NLM_F_MULTI, SMC_NEXT_CMD_LGR_CREATED, 1));
	if (c->required && c->required_at_top)
		c->required(msg);
	if (c->outer != NONE)
		outer = nla_nest_start(msg, c->outer);
	if (c->required && !c->required_at_top)
		c->required(msg);
	if (c->inner != NONE)
		inner = nla_nest_start(msg, c->inner);
	nla_put(msg, c->attr, len, payload);
	if (inner)
		nla_nest_end(msg, inner);
	if (outer)
		nla_nest_end(msg, outer);
	assert_int_equal(genlmsg_parse(nlmsg_hdr(msg), 0, tb, c->maxattr, NULL), 0);
	return msg;
}

static void lengths(void **state)
{
	struct nlattr *tb[64];
	struct nl_msg *msg;
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct len_case *c = &cases[i];

		msg = build(c, c->good, tb);
		rc = c->parse(tb, nlmsg_hdr(msg));
		nlmsg_free(msg);
		if (rc)
			fail_msg("%s: the right length (%d) gave %d", c->name, c->good, rc);
		msg = build(c, c->bad, tb);
		rc = c->parse(tb, nlmsg_hdr(msg));
		nlmsg_free(msg);
		if (rc != -EINVAL)
			fail_msg("%s: length %d (%s) gave %d, not -EINVAL", c->name, c->bad,
				 c->bad < c->good ? "truncated" : "oversized", rc);
	}
}

/* sock_diag: a structure attribute shorter than the structure is refused,
 * a longer one (a later kernel's) is read.
 */
static struct nl_msg *diag_msg(int attr, int len)
{
	struct nl_msg *msg = nlmsg_alloc_simple(SOCK_DIAG_BY_FAMILY, NLM_F_MULTI);
	struct smc_diag_msg *m;
	char payload[256] = { 0 };

	assert_non_null(msg);
	m = nlmsg_reserve(msg, sizeof(*m), NLMSG_ALIGNTO);
	assert_non_null(m);
	memset(m, 0, sizeof(*m));
	m->diag_family = AF_SMC;
	nla_put(msg, attr, len, payload);
	return msg;
}

static void sock_diag_lengths(void **state)
{
	static const struct {
		int attr, size;
	} structs[] = {
		{ SMC_DIAG_CONNINFO, sizeof(struct smc_diag_conninfo) },
		{ SMC_DIAG_LGRINFO, sizeof(struct smc_diag_lgrinfo) },
		{ SMC_DIAG_FALLBACK, sizeof(struct smc_diag_fallback) },
		/* 6.1-6.7 send it without the *_gid_ext members: accepted */
		{ SMC_DIAG_DMBINFO, offsetof(struct smcd_diag_dmbinfo, peer_gid_ext) },
	};
	struct smcnl_sock sk;
	struct nl_msg *msg;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(structs) / sizeof(structs[0]); i++) {
		msg = diag_msg(structs[i].attr, structs[i].size - 1);
		assert_int_equal(smcnl_parse_sock(nlmsg_hdr(msg), &sk), -EINVAL);
		nlmsg_free(msg);
		msg = diag_msg(structs[i].attr, structs[i].size);
		assert_int_equal(smcnl_parse_sock(nlmsg_hdr(msg), &sk), 0);
		nlmsg_free(msg);
		msg = diag_msg(structs[i].attr, structs[i].size + 24);
		assert_int_equal(smcnl_parse_sock(nlmsg_hdr(msg), &sk), 0);
		nlmsg_free(msg);
	}
}

/* A structure the program allocates: the library fills what it has room
 * for and zeroes members it does not know (an older and a newer program).
 */
static void copy_out_sizes(void **state)
{
	struct { uint64_t a, b; } lib = { 1, 2 };
	struct { uint64_t a; } older = { 9 };
	struct { uint64_t a, b, c; } newer = { 9, 9, 9 };

	(void)state;
	smcnl_copy_out(&older, sizeof(older), &lib, sizeof(lib));
	assert_int_equal(older.a, 1);
	smcnl_copy_out(&newer, sizeof(newer), &lib, sizeof(lib));
	assert_int_equal(newer.a, 1);
	assert_int_equal(newer.b, 2);
	assert_int_equal(newer.c, 0);
}

/* SMCNL_HAS: what a program built against a newer header may read. */
static void has_member(void **state)
{
	struct smcnl_link link = { .size = offsetof(struct smcnl_link, has_stats) };

	(void)state;
	assert_true(SMCNL_HAS(&link, peer_gid));
	assert_false(SMCNL_HAS(&link, stats));
	link.size = sizeof(link);
	assert_true(SMCNL_HAS(&link, stats));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lengths),
		cmocka_unit_test(sock_diag_lengths),
		cmocka_unit_test(copy_out_sizes),
		cmocka_unit_test(has_member),
	};

	return cmocka_run_group_tests_name("smcnl_lengths", tests, NULL, NULL);
}
