// SPDX-License-Identifier: LGPL-2.1-or-later
/* Link groups: SMC-R link groups and their links, SMC-D link groups. */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include <linux/smc.h>

#include "smcnl_priv.h"

static const struct smcnl_policy peer_policy[SMC_NLA_LGR_V2_MAX + 1] = {
	[SMC_NLA_LGR_V2_VER] = { SMCNL_A_U8 },
	[SMC_NLA_LGR_V2_REL] = { SMCNL_A_U8 },
	[SMC_NLA_LGR_V2_OS] = { SMCNL_A_U8 },
	[SMC_NLA_LGR_V2_NEG_EID] = SMCNL_STR(SMCNL_EID_LEN + 1),
	[SMC_NLA_LGR_V2_PEER_HOST] = SMCNL_STR(SMCNL_HOSTNAME_LEN + 1),
};

static const struct smcnl_policy lgr_r_policy[SMC_NLA_LGR_R_MAX + 1] = {
	[SMC_NLA_LGR_R_ID] = { SMCNL_A_U32 },
	[SMC_NLA_LGR_R_ROLE] = { SMCNL_A_U8 },
	[SMC_NLA_LGR_R_TYPE] = { SMCNL_A_U8 },
	[SMC_NLA_LGR_R_PNETID] = SMCNL_STR(SMCNL_PNETID_LEN + 1),
	[SMC_NLA_LGR_R_VLAN_ID] = { SMCNL_A_U8 },
	[SMC_NLA_LGR_R_CONNS_NUM] = { SMCNL_A_U32 },
	[SMC_NLA_LGR_R_V2_COMMON] = { SMCNL_A_NEST },
	[SMC_NLA_LGR_R_V2] = { SMCNL_A_NEST },
	[SMC_NLA_LGR_R_NET_COOKIE] = { SMCNL_A_U64 },
	[SMC_NLA_LGR_R_BUF_TYPE] = { SMCNL_A_U8 },
	[SMC_NLA_LGR_R_SNDBUF_ALLOC] = { SMCNL_A_UINT },
	[SMC_NLA_LGR_R_RMB_ALLOC] = { SMCNL_A_UINT },
};

static const struct smcnl_policy lgr_r_v2_policy[SMC_NLA_LGR_R_V2_MAX + 1] = {
	[SMC_NLA_LGR_R_V2_DIRECT] = { SMCNL_A_U8 },
	[SMC_NLA_LGR_R_V2_MAX_CONNS] = { SMCNL_A_U8 },
	[SMC_NLA_LGR_R_V2_MAX_LINKS] = { SMCNL_A_U8 },
};

static const struct smcnl_policy link_policy[SMC_NLA_LINK_MAX + 1] = {
	[SMC_NLA_LINK_ID] = { SMCNL_A_U8 },
	[SMC_NLA_LINK_IB_DEV] = SMCNL_STR(SMCNL_IBNAME_LEN + 1),
	[SMC_NLA_LINK_IB_PORT] = { SMCNL_A_U8 },
	[SMC_NLA_LINK_GID] = SMCNL_STR(SMCNL_GID_LEN + 1),
	[SMC_NLA_LINK_PEER_GID] = SMCNL_STR(SMCNL_GID_LEN + 1),
	[SMC_NLA_LINK_CONN_CNT] = { SMCNL_A_U32 },
	[SMC_NLA_LINK_NET_DEV] = { SMCNL_A_U32 },
	[SMC_NLA_LINK_UID] = { SMCNL_A_U32 },
	[SMC_NLA_LINK_PEER_UID] = { SMCNL_A_U32 },
	[SMC_NLA_LINK_STATE] = { SMCNL_A_U32 },
};

static const struct smcnl_policy lgr_d_policy[SMC_NLA_LGR_D_MAX + 1] = {
	[SMC_NLA_LGR_D_ID] = { SMCNL_A_U32 },
	[SMC_NLA_LGR_D_GID] = { SMCNL_A_U64 },
	[SMC_NLA_LGR_D_PEER_GID] = { SMCNL_A_U64 },
	[SMC_NLA_LGR_D_VLAN_ID] = { SMCNL_A_U8 },
	[SMC_NLA_LGR_D_CONNS_NUM] = { SMCNL_A_U32 },
	[SMC_NLA_LGR_D_PNETID] = SMCNL_STR(SMCNL_PNETID_LEN + 1),
	[SMC_NLA_LGR_D_CHID] = { SMCNL_A_NUM },	/* documented u16, sent as u32 */
	[SMC_NLA_LGR_D_V2_COMMON] = { SMCNL_A_NEST },
	[SMC_NLA_LGR_D_EXT_GID] = { SMCNL_A_U64 },
	[SMC_NLA_LGR_D_PEER_EXT_GID] = { SMCNL_A_U64 },
	[SMC_NLA_LGR_D_SNDBUF_ALLOC] = { SMCNL_A_UINT },
	[SMC_NLA_LGR_D_DMB_ALLOC] = { SMCNL_A_UINT },
};

static int parse_peer(struct nlattr *nest, struct smcnl_lgr_peer *peer)
{
	struct nlattr *tb[SMC_NLA_LGR_V2_MAX + 1] = { 0 };
	struct nlattr *a;
	int rem;

	/* This nest numbers its attributes from 0 (SMC_NLA_LGR_V2_VER): walk
	 * it by hand rather than trust a parser to keep type 0.
	 */
	nla_for_each_nested(a, nest, rem)
		if (nla_type(a) <= SMC_NLA_LGR_V2_MAX)
			tb[nla_type(a)] = a;
	if (smcnl_check(tb, SMC_NLA_LGR_V2_MAX, peer_policy))
		return -EINVAL;
	if (tb[SMC_NLA_LGR_V2_VER])
		peer->version = nla_get_u8(tb[SMC_NLA_LGR_V2_VER]);
	if (tb[SMC_NLA_LGR_V2_REL])
		peer->release = nla_get_u8(tb[SMC_NLA_LGR_V2_REL]);
	if (tb[SMC_NLA_LGR_V2_OS])
		peer->os = nla_get_u8(tb[SMC_NLA_LGR_V2_OS]);
	if (tb[SMC_NLA_LGR_V2_NEG_EID])
		smcnl_attr_strcpy(peer->eid, sizeof(peer->eid), tb[SMC_NLA_LGR_V2_NEG_EID]);
	if (tb[SMC_NLA_LGR_V2_PEER_HOST])
		smcnl_attr_strcpy(peer->host, sizeof(peer->host), tb[SMC_NLA_LGR_V2_PEER_HOST]);
	return 0;
}

int smcnl_parse_lgr_smcr(struct nlattr **gen, struct smcnl_lgr_smcr *lgr)
{
	struct nlattr *tb[SMC_NLA_LGR_R_MAX + 1], *v2[SMC_NLA_LGR_R_V2_MAX + 1];

	if (!gen[SMC_GEN_LGR_SMCR] ||
	    nla_parse_nested(tb, SMC_NLA_LGR_R_MAX, gen[SMC_GEN_LGR_SMCR], NULL))
		return -EPROTO;
	if (smcnl_check(tb, SMC_NLA_LGR_R_MAX, lgr_r_policy))
		return -EINVAL;
	memset(lgr, 0, sizeof(*lgr));
	lgr->size = sizeof(*lgr);
	if (!tb[SMC_NLA_LGR_R_ID])
		return -EPROTO;
	lgr->id = nla_get_u32(tb[SMC_NLA_LGR_R_ID]);
	if (tb[SMC_NLA_LGR_R_ROLE])
		lgr->role = nla_get_u8(tb[SMC_NLA_LGR_R_ROLE]);
	if (tb[SMC_NLA_LGR_R_TYPE])
		lgr->type = nla_get_u8(tb[SMC_NLA_LGR_R_TYPE]);
	if (tb[SMC_NLA_LGR_R_VLAN_ID])
		lgr->vlan_id = nla_get_u8(tb[SMC_NLA_LGR_R_VLAN_ID]);
	if (tb[SMC_NLA_LGR_R_CONNS_NUM])
		lgr->conns = nla_get_u32(tb[SMC_NLA_LGR_R_CONNS_NUM]);
	if (tb[SMC_NLA_LGR_R_PNETID])
		smcnl_attr_strcpy(lgr->pnetid, sizeof(lgr->pnetid), tb[SMC_NLA_LGR_R_PNETID]);
	if (tb[SMC_NLA_LGR_R_NET_COOKIE]) {
		lgr->has_net_cookie = true;
		lgr->net_cookie = nla_get_u64(tb[SMC_NLA_LGR_R_NET_COOKIE]);
	}
	if (tb[SMC_NLA_LGR_R_BUF_TYPE]) {
		lgr->has_buf_type = true;
		lgr->buf_type = nla_get_u8(tb[SMC_NLA_LGR_R_BUF_TYPE]);
	}
	if (tb[SMC_NLA_LGR_R_SNDBUF_ALLOC] && tb[SMC_NLA_LGR_R_RMB_ALLOC]) {
		lgr->has_alloc = true;
		lgr->sndbuf_alloc = smcnl_attr_uint(tb[SMC_NLA_LGR_R_SNDBUF_ALLOC]);
		lgr->rmb_alloc = smcnl_attr_uint(tb[SMC_NLA_LGR_R_RMB_ALLOC]);
	}
	if (tb[SMC_NLA_LGR_R_V2_COMMON]) {
		lgr->has_peer = true;
		if (parse_peer(tb[SMC_NLA_LGR_R_V2_COMMON], &lgr->peer))
			return -EINVAL;
	}
	if (tb[SMC_NLA_LGR_R_V2] &&
	    !nla_parse_nested(v2, SMC_NLA_LGR_R_V2_MAX, tb[SMC_NLA_LGR_R_V2], NULL)) {
		if (smcnl_check(v2, SMC_NLA_LGR_R_V2_MAX, lgr_r_v2_policy))
			return -EINVAL;
		lgr->has_v2 = true;
		if (v2[SMC_NLA_LGR_R_V2_DIRECT])
			lgr->direct = nla_get_u8(v2[SMC_NLA_LGR_R_V2_DIRECT]);
		if (v2[SMC_NLA_LGR_R_V2_MAX_CONNS])
			lgr->max_conns = nla_get_u8(v2[SMC_NLA_LGR_R_V2_MAX_CONNS]);
		if (v2[SMC_NLA_LGR_R_V2_MAX_LINKS])
			lgr->max_links = nla_get_u8(v2[SMC_NLA_LGR_R_V2_MAX_LINKS]);
	}
	return 0;
}

int smcnl_parse_link(struct nlattr **gen, struct smcnl_link *link)
{
	struct nlattr *tb[SMC_NLA_LINK_MAX + 1];

	if (!gen[SMC_GEN_LINK_SMCR] ||
	    nla_parse_nested(tb, SMC_NLA_LINK_MAX, gen[SMC_GEN_LINK_SMCR], NULL))
		return -EPROTO;
	if (smcnl_check(tb, SMC_NLA_LINK_MAX, link_policy))
		return -EINVAL;
	memset(link, 0, sizeof(*link));
	link->size = sizeof(*link);
	if (tb[SMC_NLA_LINK_ID])
		link->id = nla_get_u8(tb[SMC_NLA_LINK_ID]);
	if (tb[SMC_NLA_LINK_STATE])
		link->state = nla_get_u32(tb[SMC_NLA_LINK_STATE]);
	if (tb[SMC_NLA_LINK_CONN_CNT])
		link->conns = nla_get_u32(tb[SMC_NLA_LINK_CONN_CNT]);
	if (tb[SMC_NLA_LINK_IB_DEV])
		smcnl_attr_strcpy(link->ibdev, sizeof(link->ibdev), tb[SMC_NLA_LINK_IB_DEV]);
	if (tb[SMC_NLA_LINK_IB_PORT])
		link->ibport = nla_get_u8(tb[SMC_NLA_LINK_IB_PORT]);
	if (tb[SMC_NLA_LINK_NET_DEV])
		link->netdev = nla_get_u32(tb[SMC_NLA_LINK_NET_DEV]);
	/* The kernel copies the 4 bytes of a link UID into a u32 as they are
	 * on the wire; read them as the big-endian number the protocol means.
	 */
	if (tb[SMC_NLA_LINK_UID])
		link->uid = ntohl(nla_get_u32(tb[SMC_NLA_LINK_UID]));
	if (tb[SMC_NLA_LINK_PEER_UID])
		link->peer_uid = ntohl(nla_get_u32(tb[SMC_NLA_LINK_PEER_UID]));
	if (tb[SMC_NLA_LINK_GID])
		smcnl_attr_strcpy(link->gid, sizeof(link->gid), tb[SMC_NLA_LINK_GID]);
	if (tb[SMC_NLA_LINK_PEER_GID])
		smcnl_attr_strcpy(link->peer_gid, sizeof(link->peer_gid),
				  tb[SMC_NLA_LINK_PEER_GID]);
	return 0;
}

int smcnl_parse_lgr_smcd(struct nlattr **gen, struct smcnl_lgr_smcd *lgr)
{
	struct nlattr *tb[SMC_NLA_LGR_D_MAX + 1];

	if (!gen[SMC_GEN_LGR_SMCD] ||
	    nla_parse_nested(tb, SMC_NLA_LGR_D_MAX, gen[SMC_GEN_LGR_SMCD], NULL))
		return -EPROTO;
	if (smcnl_check(tb, SMC_NLA_LGR_D_MAX, lgr_d_policy))
		return -EINVAL;
	memset(lgr, 0, sizeof(*lgr));
	lgr->size = sizeof(*lgr);
	if (!tb[SMC_NLA_LGR_D_ID])
		return -EPROTO;
	lgr->id = nla_get_u32(tb[SMC_NLA_LGR_D_ID]);
	if (tb[SMC_NLA_LGR_D_GID])
		lgr->gid = nla_get_u64(tb[SMC_NLA_LGR_D_GID]);
	if (tb[SMC_NLA_LGR_D_PEER_GID])
		lgr->peer_gid = nla_get_u64(tb[SMC_NLA_LGR_D_PEER_GID]);
	if (tb[SMC_NLA_LGR_D_EXT_GID] && tb[SMC_NLA_LGR_D_PEER_EXT_GID]) {
		lgr->has_ext_gid = true;
		lgr->ext_gid = nla_get_u64(tb[SMC_NLA_LGR_D_EXT_GID]);
		lgr->peer_ext_gid = nla_get_u64(tb[SMC_NLA_LGR_D_PEER_EXT_GID]);
	}
	if (tb[SMC_NLA_LGR_D_VLAN_ID])
		lgr->vlan_id = nla_get_u8(tb[SMC_NLA_LGR_D_VLAN_ID]);
	if (tb[SMC_NLA_LGR_D_CONNS_NUM])
		lgr->conns = nla_get_u32(tb[SMC_NLA_LGR_D_CONNS_NUM]);
	if (tb[SMC_NLA_LGR_D_PNETID])
		smcnl_attr_strcpy(lgr->pnetid, sizeof(lgr->pnetid), tb[SMC_NLA_LGR_D_PNETID]);
	/* Documented as u16, sent as u32 by 6.12: take either. */
	if (tb[SMC_NLA_LGR_D_CHID])
		lgr->chid = (uint32_t)smcnl_attr_uint(tb[SMC_NLA_LGR_D_CHID]);
	if (tb[SMC_NLA_LGR_D_SNDBUF_ALLOC] && tb[SMC_NLA_LGR_D_DMB_ALLOC]) {
		lgr->has_alloc = true;
		lgr->sndbuf_alloc = smcnl_attr_uint(tb[SMC_NLA_LGR_D_SNDBUF_ALLOC]);
		lgr->dmb_alloc = smcnl_attr_uint(tb[SMC_NLA_LGR_D_DMB_ALLOC]);
	}
	if (tb[SMC_NLA_LGR_D_V2_COMMON]) {
		lgr->has_peer = true;
		if (parse_peer(tb[SMC_NLA_LGR_D_V2_COMMON], &lgr->peer))
			return -EINVAL;
	}
	return 0;
}

/* What smc_next adds to an SMC-R link group, if the kernel has it. */
static void join_lgr_smcr(const struct smcnl_next_lgrs *next, struct smcnl_lgr_smcr *lgr)
{
	const struct smcnl_next_lgr *n = smcnl_next_lgr_find(next, lgr->id, false);

	if (n && n->has_features) {
		lgr->has_features = true;
		lgr->features = n->features;
	}
}

struct lgr_smcr_ctx {
	smcnl_lgr_smcr_fn fn;
	void *arg;
	struct smcnl_next_lgrs next;
};

static int on_lgr_smcr(struct nlattr **tb, void *arg)
{
	struct lgr_smcr_ctx *ctx = arg;
	struct smcnl_lgr_smcr lgr;
	int rc;

	rc = smcnl_parse_lgr_smcr(tb, &lgr);
	if (rc)
		return rc;
	join_lgr_smcr(&ctx->next, &lgr);
	return ctx->fn(&lgr, ctx->arg);
}

/* smc_next's tables are read first: a link group made between the two
 * dumps is shown without what they add, never with another's.
 */
SMCNL_API int smcnl_lgr_smcr_dump(struct smcnl *nl, smcnl_lgr_smcr_fn fn, void *arg)
{
	struct lgr_smcr_ctx ctx = { .fn = fn, .arg = arg };
	int rc;

	rc = smcnl_next_lgrs_get(nl, &ctx.next);
	if (rc)
		return rc;
	rc = smcnl_request(nl, SMCNL_GEN, SMC_NETLINK_GET_LGR_SMCR, SMCNL_DUMP, NULL, NULL,
			   SMC_GEN_MAX, on_lgr_smcr, &ctx);
	smcnl_next_lgrs_free(&ctx.next);
	return rc;
}

/* The link dump sends each link group, then its links. */
struct link_ctx {
	smcnl_link_fn fn;
	void *arg;
	bool have_lgr;
	struct smcnl_lgr_smcr lgr;
	struct smcnl_next_lgrs next_lgrs;
	struct smcnl_next_links next_links;
};

static int on_link(struct nlattr **tb, void *arg)
{
	const struct smcnl_next_link *n;
	struct link_ctx *ctx = arg;
	struct smcnl_link link;
	int rc;

	if (tb[SMC_GEN_LGR_SMCR]) {
		rc = smcnl_parse_lgr_smcr(tb, &ctx->lgr);
		ctx->have_lgr = !rc;
		if (!rc)
			join_lgr_smcr(&ctx->next_lgrs, &ctx->lgr);
		return rc;
	}
	if (!ctx->have_lgr)
		return -EPROTO;
	rc = smcnl_parse_link(tb, &link);
	if (rc)
		return rc;
	n = smcnl_next_link_find(&ctx->next_links, ctx->lgr.id, link.id);
	if (n) {
		link.has_stats = true;
		link.stats = n->stats;
	}
	return ctx->fn(&ctx->lgr, &link, ctx->arg);
}

SMCNL_API int smcnl_link_dump(struct smcnl *nl, smcnl_link_fn fn, void *arg)
{
	struct link_ctx ctx = { .fn = fn, .arg = arg };
	int rc;

	rc = smcnl_next_lgrs_get(nl, &ctx.next_lgrs);
	if (rc)
		return rc;
	rc = smcnl_next_links_get(nl, &ctx.next_links);
	if (!rc)
		rc = smcnl_request(nl, SMCNL_GEN, SMC_NETLINK_GET_LINK_SMCR, SMCNL_DUMP, NULL,
				   NULL, SMC_GEN_MAX, on_link, &ctx);
	smcnl_next_links_free(&ctx.next_links);
	smcnl_next_lgrs_free(&ctx.next_lgrs);
	return rc;
}

struct lgr_smcd_ctx {
	smcnl_lgr_smcd_fn fn;
	void *arg;
	struct smcnl_next_lgrs next;
};

static int on_lgr_smcd(struct nlattr **tb, void *arg)
{
	const struct smcnl_next_lgr *n;
	struct lgr_smcd_ctx *ctx = arg;
	struct smcnl_lgr_smcd lgr;
	int rc;

	rc = smcnl_parse_lgr_smcd(tb, &lgr);
	if (rc)
		return rc;
	n = smcnl_next_lgr_find(&ctx->next, lgr.id, true);
	if (n && n->has_stats) {
		lgr.has_stats = true;
		lgr.stats = n->stats;
	}
	return ctx->fn(&lgr, ctx->arg);
}

SMCNL_API int smcnl_lgr_smcd_dump(struct smcnl *nl, smcnl_lgr_smcd_fn fn, void *arg)
{
	struct lgr_smcd_ctx ctx = { .fn = fn, .arg = arg };
	int rc;

	rc = smcnl_next_lgrs_get(nl, &ctx.next);
	if (rc)
		return rc;
	rc = smcnl_request(nl, SMCNL_GEN, SMC_NETLINK_GET_LGR_SMCD, SMCNL_DUMP, NULL, NULL,
			   SMC_GEN_MAX, on_lgr_smcd, &ctx);
	smcnl_next_lgrs_free(&ctx.next);
	return rc;
}
