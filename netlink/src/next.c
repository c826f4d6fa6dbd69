// SPDX-License-Identifier: LGPL-2.1-or-later
/* The smc_next family (smc-next kernels): link counters (LINK_GET), what a
 * link group has beyond SMC_GEN_NETLINK's dumps (LGR_GET) and the CLC
 * features (FEATURES_GET). A kernel without the family, or one whose
 * family lacks a command, gives empty tables: the callers then report
 * nothing of it, as for a stock kernel.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/smc_next.h>

#include "smcnl_priv.h"

/* A nest of LLC counters by type, into dst[type]; "other" into dst[0]. */
static int parse_llc(struct nlattr *nest, uint64_t *dst)
{
	struct nlattr *a;
	int rem, type;

	nla_for_each_nested(a, nest, rem) {
		type = nla_type(a);
		/* a later kernel's attributes are skipped, ours checked */
		if (type != SMC_NEXT_A_LLC_OTHER &&
		    (type < SMC_NEXT_A_LLC_CONFIRM_LINK || type >= SMCNL_LLC_TYPES))
			continue;
		if (!smcnl_uint_ok(a))
			return -EINVAL;
		dst[type == SMC_NEXT_A_LLC_OTHER ? 0 : type] = smcnl_attr_uint(a);
	}
	return 0;
}

static const struct smcnl_policy link_policy[SMC_NEXT_A_LINK_MAX + 1] = {
	[SMC_NEXT_A_LINK_LGR_ID] = { SMCNL_A_U32 },
	[SMC_NEXT_A_LINK_LINK_ID] = { SMCNL_A_U32 },
	[SMC_NEXT_A_LINK_WR_TX] = { SMCNL_A_UINT },
	[SMC_NEXT_A_LINK_WR_TX_COMPL] = { SMCNL_A_UINT },
	[SMC_NEXT_A_LINK_WR_TX_ERR] = { SMCNL_A_UINT },
	[SMC_NEXT_A_LINK_WR_RX] = { SMCNL_A_UINT },
	[SMC_NEXT_A_LINK_WR_RX_COMPL] = { SMCNL_A_UINT },
	[SMC_NEXT_A_LINK_WR_RX_ERR] = { SMCNL_A_UINT },
	[SMC_NEXT_A_LINK_RDMA_WRITE] = { SMCNL_A_UINT },
	[SMC_NEXT_A_LINK_RDMA_WRITE_BYTES] = { SMCNL_A_UINT },
	[SMC_NEXT_A_LINK_CDC_TX] = { SMCNL_A_UINT },
	[SMC_NEXT_A_LINK_CDC_RX] = { SMCNL_A_UINT },
	[SMC_NEXT_A_LINK_LLC_TX] = { SMCNL_A_NEST },
	[SMC_NEXT_A_LINK_LLC_RX] = { SMCNL_A_NEST },
	[SMC_NEXT_A_LINK_RKEY_CONFIRM] = { SMCNL_A_UINT },
	[SMC_NEXT_A_LINK_RKEY_DELETE] = { SMCNL_A_UINT },
	[SMC_NEXT_A_LINK_STATE_CHANGE] = { SMCNL_A_UINT },
	[SMC_NEXT_A_LINK_FAILOVER] = { SMCNL_A_UINT },
	[SMC_NEXT_A_LINK_TIMEOUT] = { SMCNL_A_UINT },
};

static const struct smcnl_policy lgr_policy[SMC_NEXT_A_LGR_MAX + 1] = {
	[SMC_NEXT_A_LGR_ID] = { SMCNL_A_U32 },
	[SMC_NEXT_A_LGR_SMCD] = { SMCNL_A_FLAG },
	[SMC_NEXT_A_LGR_DATA_TX] = { SMCNL_A_UINT },
	[SMC_NEXT_A_LGR_MOVES] = { SMCNL_A_UINT },
	[SMC_NEXT_A_LGR_SIGNALS] = { SMCNL_A_UINT },
	[SMC_NEXT_A_LGR_FEATURES] = { SMCNL_A_U32 },
};

static const struct smcnl_policy features_policy[SMC_NEXT_A_FEATURES_MAX + 1] = {
	[SMC_NEXT_A_FEATURES_SUPPORTED] = { SMCNL_A_U32 },
	[SMC_NEXT_A_FEATURES_ENABLED] = { SMCNL_A_U32 },
};

int smcnl_parse_next_link(struct nlattr **tb, struct smcnl_next_link *l)
{
	uint64_t *const fields[SMC_NEXT_A_LINK_MAX + 1] = {
		[SMC_NEXT_A_LINK_WR_TX] = &l->stats.wr_tx,
		[SMC_NEXT_A_LINK_WR_TX_COMPL] = &l->stats.wr_tx_compl,
		[SMC_NEXT_A_LINK_WR_TX_ERR] = &l->stats.wr_tx_err,
		[SMC_NEXT_A_LINK_WR_RX] = &l->stats.wr_rx,
		[SMC_NEXT_A_LINK_WR_RX_COMPL] = &l->stats.wr_rx_compl,
		[SMC_NEXT_A_LINK_WR_RX_ERR] = &l->stats.wr_rx_err,
		[SMC_NEXT_A_LINK_RDMA_WRITE] = &l->stats.rdma_write,
		[SMC_NEXT_A_LINK_RDMA_WRITE_BYTES] = &l->stats.rdma_write_bytes,
		[SMC_NEXT_A_LINK_CDC_TX] = &l->stats.cdc_tx,
		[SMC_NEXT_A_LINK_CDC_RX] = &l->stats.cdc_rx,
		[SMC_NEXT_A_LINK_RKEY_CONFIRM] = &l->stats.rkey_confirm,
		[SMC_NEXT_A_LINK_RKEY_DELETE] = &l->stats.rkey_delete,
		[SMC_NEXT_A_LINK_STATE_CHANGE] = &l->stats.state_change,
		[SMC_NEXT_A_LINK_FAILOVER] = &l->stats.failover,
		[SMC_NEXT_A_LINK_TIMEOUT] = &l->stats.timeout,
	};
	int type;

	memset(&l->stats, 0, sizeof(l->stats));
	if (!tb[SMC_NEXT_A_LINK_LGR_ID] || !tb[SMC_NEXT_A_LINK_LINK_ID])
		return -EPROTO;
	if (smcnl_check(tb, SMC_NEXT_A_LINK_MAX, link_policy))
		return -EINVAL;
	l->lgr_id = nla_get_u32(tb[SMC_NEXT_A_LINK_LGR_ID]);
	l->link_id = (uint8_t)nla_get_u32(tb[SMC_NEXT_A_LINK_LINK_ID]);
	for (type = 1; type <= SMC_NEXT_A_LINK_MAX; type++)
		if (tb[type] && fields[type])
			*fields[type] = smcnl_attr_uint(tb[type]);
	if (tb[SMC_NEXT_A_LINK_LLC_TX] && parse_llc(tb[SMC_NEXT_A_LINK_LLC_TX], l->stats.llc_tx))
		return -EINVAL;
	if (tb[SMC_NEXT_A_LINK_LLC_RX] && parse_llc(tb[SMC_NEXT_A_LINK_LLC_RX], l->stats.llc_rx))
		return -EINVAL;
	return 0;
}

int smcnl_parse_next_lgr(struct nlattr **tb, struct smcnl_next_lgr *lgr)
{
	memset(lgr, 0, sizeof(*lgr));
	if (!tb[SMC_NEXT_A_LGR_ID])
		return -EPROTO;
	if (smcnl_check(tb, SMC_NEXT_A_LGR_MAX, lgr_policy))
		return -EINVAL;
	lgr->id = nla_get_u32(tb[SMC_NEXT_A_LGR_ID]);
	lgr->smcd = tb[SMC_NEXT_A_LGR_SMCD];
	if (tb[SMC_NEXT_A_LGR_FEATURES]) {
		lgr->has_features = true;
		lgr->features = nla_get_u32(tb[SMC_NEXT_A_LGR_FEATURES]);
	}
	if (tb[SMC_NEXT_A_LGR_DATA_TX]) {
		lgr->has_stats = true;
		lgr->stats.data_tx = smcnl_attr_uint(tb[SMC_NEXT_A_LGR_DATA_TX]);
		if (tb[SMC_NEXT_A_LGR_MOVES])
			lgr->stats.moves = smcnl_attr_uint(tb[SMC_NEXT_A_LGR_MOVES]);
		if (tb[SMC_NEXT_A_LGR_SIGNALS])
			lgr->stats.signals = smcnl_attr_uint(tb[SMC_NEXT_A_LGR_SIGNALS]);
	}
	return 0;
}

int smcnl_grow(void **v, size_t n, size_t *cap, size_t size)
{
	size_t new_cap;
	void *p;

	if (n < *cap)
		return 0;
	new_cap = *cap ? *cap * 2 : 16;
	p = realloc(*v, new_cap * size);
	if (!p)
		return -ENOMEM;
	*v = p;
	*cap = new_cap;
	return 0;
}

static int on_next_link(struct nlattr **tb, void *arg)
{
	struct smcnl_next_links *t = arg;
	int rc;

	rc = smcnl_grow((void **)&t->v, t->n, &t->cap, sizeof(*t->v));
	if (rc)
		return rc;
	rc = smcnl_parse_next_link(tb, &t->v[t->n]);
	if (!rc)
		t->n++;
	return rc;
}

static int on_next_lgr(struct nlattr **tb, void *arg)
{
	struct smcnl_next_lgrs *t = arg;
	int rc;

	rc = smcnl_grow((void **)&t->v, t->n, &t->cap, sizeof(*t->v));
	if (rc)
		return rc;
	rc = smcnl_parse_next_lgr(tb, &t->v[t->n]);
	if (!rc)
		t->n++;
	return rc;
}

/* No family (stock kernel) or no such command in it: nothing to add. */
static int absent_is_empty(int rc)
{
	return rc == -EPROTONOSUPPORT || rc == -EOPNOTSUPP ? 0 : rc;
}

int smcnl_next_links_get(struct smcnl *nl, struct smcnl_next_links *t)
{
	int rc;

	memset(t, 0, sizeof(*t));
	rc = smcnl_request(nl, SMCNL_NEXT, SMC_NEXT_CMD_LINK_GET, SMCNL_DUMP, NULL, NULL,
			   SMC_NEXT_A_LINK_MAX, on_next_link, t);
	if (rc)
		smcnl_next_links_free(t);
	return absent_is_empty(rc);
}

int smcnl_next_lgrs_get(struct smcnl *nl, struct smcnl_next_lgrs *t)
{
	int rc;

	memset(t, 0, sizeof(*t));
	rc = smcnl_request(nl, SMCNL_NEXT, SMC_NEXT_CMD_LGR_GET, SMCNL_DUMP, NULL, NULL,
			   SMC_NEXT_A_LGR_MAX, on_next_lgr, t);
	if (rc)
		smcnl_next_lgrs_free(t);
	return absent_is_empty(rc);
}

void smcnl_next_links_free(struct smcnl_next_links *t)
{
	free(t->v);
	memset(t, 0, sizeof(*t));
}

void smcnl_next_lgrs_free(struct smcnl_next_lgrs *t)
{
	free(t->v);
	memset(t, 0, sizeof(*t));
}

const struct smcnl_next_link *smcnl_next_link_find(const struct smcnl_next_links *t,
						   uint32_t lgr_id, uint8_t link_id)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->v[i].lgr_id == lgr_id && t->v[i].link_id == link_id)
			return &t->v[i];
	return NULL;
}

const struct smcnl_next_lgr *smcnl_next_lgr_find(const struct smcnl_next_lgrs *t,
						 uint32_t id, bool smcd)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->v[i].id == id && t->v[i].smcd == smcd)
			return &t->v[i];
	return NULL;
}

static int on_features(struct nlattr **tb, void *arg)
{
	struct smcnl_features *f = arg;

	if (!tb[SMC_NEXT_A_FEATURES_SUPPORTED] || !tb[SMC_NEXT_A_FEATURES_ENABLED])
		return -EPROTO;
	if (smcnl_check(tb, SMC_NEXT_A_FEATURES_MAX, features_policy))
		return -EINVAL;
	f->supported = nla_get_u32(tb[SMC_NEXT_A_FEATURES_SUPPORTED]);
	f->enabled = nla_get_u32(tb[SMC_NEXT_A_FEATURES_ENABLED]);
	return 0;
}

SMCNL_API int smcnl_features_get_sz(struct smcnl *nl, struct smcnl_features *out, size_t size)
{
	int rc = smcnl_request_sized(nl, SMCNL_NEXT, SMC_NEXT_CMD_FEATURES_GET, SMCNL_DO,
				     SMC_NEXT_A_FEATURES_MAX, on_features, sizeof(*out), out,
				     size);

	return rc == -EOPNOTSUPP ? -EPROTONOSUPPORT : rc;
}
