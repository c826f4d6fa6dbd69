// SPDX-License-Identifier: LGPL-2.1-or-later
/* SMC statistics of a network namespace: per technique (SMC-D, SMC-R)
 * counters, handshake errors, and fallbacks by reason.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include <linux/smc.h>

#include "smcnl_priv.h"

_Static_assert(sizeof(struct smcnl_stats) % sizeof(uint64_t) == 0,
	       "struct smcnl_stats holds only uint64_t counters");

/* Copies each u64 of a nest into the field at offs[type] - 1; types
 * without an entry (0, nests, a later kernel's) are skipped.
 */
static int parse_u64s(struct nlattr *nest, int maxtype, const size_t *offs, void *base)
{
	struct nlattr *a;
	int rem;

	nla_for_each_nested(a, nest, rem) {
		int type = nla_type(a);

		if (type > maxtype || !offs[type])
			continue;
		if (!smcnl_uint_ok(a))
			return -EINVAL;
		*(uint64_t *)((char *)base + offs[type] - 1) = smcnl_attr_uint(a);
	}
	return 0;
}

#define BUF(f) (offsetof(struct smcnl_stats_buf, f) + 1)
static const size_t buf_offs[SMC_NLA_STATS_RMB_MAX + 1] = {
	[SMC_NLA_STATS_RMB_SIZE_SM_PEER_CNT] = BUF(size_small_peer),
	[SMC_NLA_STATS_RMB_SIZE_SM_CNT] = BUF(size_small),
	[SMC_NLA_STATS_RMB_FULL_PEER_CNT] = BUF(full_peer),
	[SMC_NLA_STATS_RMB_FULL_CNT] = BUF(full),
	[SMC_NLA_STATS_RMB_REUSE_CNT] = BUF(reuse),
	[SMC_NLA_STATS_RMB_ALLOC_CNT] = BUF(alloc),
	[SMC_NLA_STATS_RMB_DGRADE_CNT] = BUF(downgrade),
};

/* SMC_NLA_STATS_PLOAD_8K (1) .. _G_1024K (9) -> bucket 0 .. 8, plus one */
static const size_t bucket_offs[SMC_NLA_STATS_PLOAD_MAX + 1] = {
	0, 1, 9, 17, 25, 33, 41, 49, 57, 65,
};
_Static_assert(SMC_NLA_STATS_PLOAD_MAX == SMCNL_SIZE_BUCKETS,
	       "one bucket per size attribute");

#define TECH(f) (offsetof(struct smcnl_stats_tech, f) + 1)
static const size_t tech_offs[SMC_NLA_STATS_T_MAX + 1] = {
	[SMC_NLA_STATS_T_CLNT_V1_SUCC] = TECH(clnt_v1_succ),
	[SMC_NLA_STATS_T_CLNT_V2_SUCC] = TECH(clnt_v2_succ),
	[SMC_NLA_STATS_T_SRV_V1_SUCC] = TECH(srv_v1_succ),
	[SMC_NLA_STATS_T_SRV_V2_SUCC] = TECH(srv_v2_succ),
	[SMC_NLA_STATS_T_SENDPAGE_CNT] = TECH(sendpage),
	[SMC_NLA_STATS_T_SPLICE_CNT] = TECH(splice),
	[SMC_NLA_STATS_T_CORK_CNT] = TECH(cork),
	[SMC_NLA_STATS_T_NDLY_CNT] = TECH(nodelay),
	[SMC_NLA_STATS_T_URG_DATA_CNT] = TECH(urg_data),
	[SMC_NLA_STATS_T_RX_BYTES] = TECH(bytes[SMCNL_RX]),
	[SMC_NLA_STATS_T_TX_BYTES] = TECH(bytes[SMCNL_TX]),
	[SMC_NLA_STATS_T_RX_CNT] = TECH(requests[SMCNL_RX]),
	[SMC_NLA_STATS_T_TX_CNT] = TECH(requests[SMCNL_TX]),
	[SMC_NLA_STATS_T_RX_RMB_USAGE] = TECH(buf_usage[SMCNL_RX]),
	[SMC_NLA_STATS_T_TX_RMB_USAGE] = TECH(buf_usage[SMCNL_TX]),
};

static int parse_tech(struct nlattr *nest, struct smcnl_stats_tech *t)
{
	static const struct {
		int type, max;
		const size_t *offs;
		size_t field;		/* offset of the destination in t */
	} nests[] = {
		{ SMC_NLA_STATS_T_TX_RMB_STATS, SMC_NLA_STATS_RMB_MAX, buf_offs,
		  offsetof(struct smcnl_stats_tech, buf[SMCNL_TX]) },
		{ SMC_NLA_STATS_T_RX_RMB_STATS, SMC_NLA_STATS_RMB_MAX, buf_offs,
		  offsetof(struct smcnl_stats_tech, buf[SMCNL_RX]) },
		{ SMC_NLA_STATS_T_TX_RMB_SIZE, SMC_NLA_STATS_PLOAD_MAX, bucket_offs,
		  offsetof(struct smcnl_stats_tech, buf_size[SMCNL_TX]) },
		{ SMC_NLA_STATS_T_RX_RMB_SIZE, SMC_NLA_STATS_PLOAD_MAX, bucket_offs,
		  offsetof(struct smcnl_stats_tech, buf_size[SMCNL_RX]) },
		{ SMC_NLA_STATS_T_TXPLOAD_SIZE, SMC_NLA_STATS_PLOAD_MAX, bucket_offs,
		  offsetof(struct smcnl_stats_tech, payload[SMCNL_TX]) },
		{ SMC_NLA_STATS_T_RXPLOAD_SIZE, SMC_NLA_STATS_PLOAD_MAX, bucket_offs,
		  offsetof(struct smcnl_stats_tech, payload[SMCNL_RX]) },
	};
	struct nlattr *tb[SMC_NLA_STATS_T_MAX + 1];
	size_t i;

	if (parse_u64s(nest, SMC_NLA_STATS_T_MAX, tech_offs, t))
		return -EINVAL;
	if (nla_parse_nested(tb, SMC_NLA_STATS_T_MAX, nest, NULL))
		return 0;
	for (i = 0; i < sizeof(nests) / sizeof(nests[0]); i++)
		if (tb[nests[i].type] &&
		    parse_u64s(tb[nests[i].type], nests[i].max, nests[i].offs,
			       (char *)t + nests[i].field))
			return -EINVAL;
	return 0;
}

static const struct smcnl_policy stats_policy[SMC_NLA_STATS_MAX + 1] = {
	[SMC_NLA_STATS_SMCD_TECH] = { SMCNL_A_NEST },
	[SMC_NLA_STATS_SMCR_TECH] = { SMCNL_A_NEST },
	[SMC_NLA_STATS_CLNT_HS_ERR_CNT] = { SMCNL_A_U64 },
	[SMC_NLA_STATS_SRV_HS_ERR_CNT] = { SMCNL_A_U64 },
};

static const struct smcnl_policy fback_policy[SMC_NLA_FBACK_STATS_MAX + 1] = {
	[SMC_NLA_FBACK_STATS_TYPE] = { SMCNL_A_U8 },
	[SMC_NLA_FBACK_STATS_SRV_CNT] = { SMCNL_A_U64 },
	[SMC_NLA_FBACK_STATS_CLNT_CNT] = { SMCNL_A_U64 },
	[SMC_NLA_FBACK_STATS_RSN_CODE] = { SMCNL_A_U32 },
	[SMC_NLA_FBACK_STATS_RSN_CNT] = { SMCNL_A_NUM },
};

int smcnl_parse_stats(struct nlattr **gen, struct smcnl_stats *stats)
{
	struct nlattr *tb[SMC_NLA_STATS_MAX + 1];

	if (!gen[SMC_GEN_STATS] ||
	    nla_parse_nested(tb, SMC_NLA_STATS_MAX, gen[SMC_GEN_STATS], NULL))
		return -EPROTO;
	if (smcnl_check(tb, SMC_NLA_STATS_MAX, stats_policy))
		return -EINVAL;
	if (tb[SMC_NLA_STATS_SMCD_TECH] &&
	    parse_tech(tb[SMC_NLA_STATS_SMCD_TECH], &stats->tech[SMCNL_TECH_SMCD]))
		return -EINVAL;
	if (tb[SMC_NLA_STATS_SMCR_TECH] &&
	    parse_tech(tb[SMC_NLA_STATS_SMCR_TECH], &stats->tech[SMCNL_TECH_SMCR]))
		return -EINVAL;
	if (tb[SMC_NLA_STATS_CLNT_HS_ERR_CNT])
		stats->clnt_hs_err = nla_get_u64(tb[SMC_NLA_STATS_CLNT_HS_ERR_CNT]);
	if (tb[SMC_NLA_STATS_SRV_HS_ERR_CNT])
		stats->srv_hs_err = nla_get_u64(tb[SMC_NLA_STATS_SRV_HS_ERR_CNT]);
	return 0;
}

static int on_stats(struct nlattr **tb, void *arg)
{
	return smcnl_parse_stats(tb, arg);
}

SMCNL_API int smcnl_stats_get_sz(struct smcnl *nl, struct smcnl_stats *out, size_t size)
{
	return smcnl_request_sized(nl, SMCNL_GEN, SMC_NETLINK_GET_STATS, SMCNL_DUMP,
				   SMC_GEN_MAX, on_stats, sizeof(*out), out, size);
}

/* One message per reason and side; the totals come with the first. */
int smcnl_parse_fback_stats(struct nlattr **gen, struct smcnl_fback_stats *fb)
{
	struct nlattr *tb[SMC_NLA_FBACK_STATS_MAX + 1];
	struct smcnl_fback_reason *r;
	unsigned int *n;
	bool srv;

	if (!gen[SMC_GEN_FBACK_STATS] ||
	    nla_parse_nested(tb, SMC_NLA_FBACK_STATS_MAX, gen[SMC_GEN_FBACK_STATS], NULL) ||
	    !tb[SMC_NLA_FBACK_STATS_TYPE])
		return -EPROTO;
	if (smcnl_check(tb, SMC_NLA_FBACK_STATS_MAX, fback_policy))
		return -EINVAL;
	if (tb[SMC_NLA_FBACK_STATS_SRV_CNT])
		fb->srv_total = nla_get_u64(tb[SMC_NLA_FBACK_STATS_SRV_CNT]);
	if (tb[SMC_NLA_FBACK_STATS_CLNT_CNT])
		fb->clnt_total = nla_get_u64(tb[SMC_NLA_FBACK_STATS_CLNT_CNT]);
	if (!tb[SMC_NLA_FBACK_STATS_RSN_CODE])
		return 0;
	srv = nla_get_u8(tb[SMC_NLA_FBACK_STATS_TYPE]);
	n = srv ? &fb->n_srv : &fb->n_clnt;
	if (*n >= SMCNL_MAX_FBACK_REASONS)
		return 0;
	r = srv ? &fb->srv[*n] : &fb->clnt[*n];
	r->code = nla_get_u32(tb[SMC_NLA_FBACK_STATS_RSN_CODE]);
	if (tb[SMC_NLA_FBACK_STATS_RSN_CNT])
		r->count = smcnl_attr_uint(tb[SMC_NLA_FBACK_STATS_RSN_CNT]);
	(*n)++;
	return 0;
}

static int on_fback(struct nlattr **tb, void *arg)
{
	return smcnl_parse_fback_stats(tb, arg);
}

SMCNL_API int smcnl_fback_stats_get_sz(struct smcnl *nl, struct smcnl_fback_stats *out,
				       size_t size)
{
	return smcnl_request_sized(nl, SMCNL_GEN, SMC_NETLINK_GET_FBACK_STATS, SMCNL_DUMP,
				   SMC_GEN_MAX, on_fback, sizeof(*out), out, size);
}
