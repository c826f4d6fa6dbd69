// SPDX-License-Identifier: LGPL-2.1-or-later
/* SMC sock_diag: every SMC socket of the caller's network namespace. */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include <linux/sock_diag.h>
#include <linux/smc_diag.h>
#include <netlink/netlink.h>

#include "smcnl_priv.h"

#ifndef AF_SMC
#define AF_SMC 43
#endif

/* AF_SMC sockets say AF_SMC for IPv4 and IPv6 alike; only the address
 * words tell them apart (an IPv6 any-address then reads as IPv4).
 */
static uint8_t ip_family(const struct smc_diag_msg *msg)
{
	const uint32_t *src = msg->id.idiag_src, *dst = msg->id.idiag_dst;

	if (msg->diag_family != AF_SMC)
		return msg->diag_family;
	return src[1] | src[2] | src[3] | dst[1] | dst[2] | dst[3] ? AF_INET6 : AF_INET;
}

static uint64_t cursor(const struct smc_diag_cursor *c)
{
	return (uint64_t)c->wrap << 32 | c->count;
}

static void parse_conn(const struct smc_diag_conninfo *ci, struct smcnl_sock *sk)
{
	struct smcnl_sock_conn *c = &sk->conn;

	sk->has_conn = true;
	c->token = ci->token;
	c->sndbuf_size = ci->sndbuf_size;
	c->rmbe_size = ci->rmbe_size;
	c->peer_rmbe_size = ci->peer_rmbe_size;
	c->rx_prod = cursor(&ci->rx_prod);
	c->rx_cons = cursor(&ci->rx_cons);
	c->tx_prod = cursor(&ci->tx_prod);
	c->tx_cons = cursor(&ci->tx_cons);
	c->rx_prod_flags = ci->rx_prod_flags;
	c->rx_conn_state_flags = ci->rx_conn_state_flags;
	c->tx_prod_flags = ci->tx_prod_flags;
	c->tx_conn_state_flags = ci->tx_conn_state_flags;
	c->tx_prep = cursor(&ci->tx_prep);
	c->tx_sent = cursor(&ci->tx_sent);
	c->tx_fin = cursor(&ci->tx_fin);
}

/* Fixed-size text fields of the kernel: copied up to their first NUL. */
static void fixed_strcpy(char *dst, size_t size, const uint8_t *src, size_t len)
{
	size_t n = strnlen((const char *)src, len);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static void parse_link(const struct smc_diag_lgrinfo *li, struct smcnl_sock *sk)
{
	struct smcnl_sock_link *l = &sk->link;

	sk->has_link = true;
	l->role = li->role;
	l->link_id = li->lnk[0].link_id;
	l->ibport = li->lnk[0].ibport;
	fixed_strcpy(l->ibdev, sizeof(l->ibdev), li->lnk[0].ibname, sizeof(li->lnk[0].ibname));
	fixed_strcpy(l->gid, sizeof(l->gid), li->lnk[0].gid, sizeof(li->lnk[0].gid));
	fixed_strcpy(l->peer_gid, sizeof(l->peer_gid), li->lnk[0].peer_gid,
		     sizeof(li->lnk[0].peer_gid));
}

static void parse_dmb(const struct smcd_diag_dmbinfo *di, struct smcnl_sock *sk)
{
	struct smcnl_sock_dmb *d = &sk->dmb;

	sk->has_dmb = true;
	d->linkid = di->linkid;
	d->gid = di->my_gid;
	d->peer_gid = di->peer_gid;
	d->gid_ext = di->my_gid_ext;
	d->peer_gid_ext = di->peer_gid_ext;
	d->token = di->token;
	d->peer_token = di->peer_token;
}

int smcnl_parse_sock(const struct nlmsghdr *nlh, struct smcnl_sock *sk)
{
	const struct smc_diag_msg *msg = nlmsg_data(nlh);
	struct nlattr *tb[SMC_DIAG_MAX + 1];

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*msg)))
		return -EPROTO;
	memset(sk, 0, sizeof(*sk));
	sk->size = sizeof(*sk);
	sk->inode = msg->diag_inode;
	sk->uid = msg->diag_uid;
	sk->family = ip_family(msg);
	sk->state = msg->diag_state;
	sk->mode = msg->diag_mode;
	sk->shutdown = msg->diag_shutdown;
	sk->ifindex = msg->id.idiag_if;
	memcpy(sk->local_addr, msg->id.idiag_src, sizeof(sk->local_addr));
	memcpy(sk->peer_addr, msg->id.idiag_dst, sizeof(sk->peer_addr));
	sk->local_port = ntohs(msg->id.idiag_sport);
	sk->peer_port = ntohs(msg->id.idiag_dport);
	/* Attributes: a later kernel's are skipped, missing ones stay unset.
	 * Each is a structure: one shorter than ours is refused, a longer
	 * one (a later kernel appended members) is read up to what we know.
	 */
	if (nlmsg_parse((struct nlmsghdr *)nlh, sizeof(*msg), tb, SMC_DIAG_MAX, NULL))
		return 0;
	if ((tb[SMC_DIAG_FALLBACK] &&
	     nla_len(tb[SMC_DIAG_FALLBACK]) < (int)sizeof(struct smc_diag_fallback)) ||
	    (tb[SMC_DIAG_CONNINFO] &&
	     nla_len(tb[SMC_DIAG_CONNINFO]) < (int)sizeof(struct smc_diag_conninfo)) ||
	    (tb[SMC_DIAG_LGRINFO] &&
	     nla_len(tb[SMC_DIAG_LGRINFO]) < (int)sizeof(struct smc_diag_lgrinfo)) ||
	    (tb[SMC_DIAG_DMBINFO] &&
	     nla_len(tb[SMC_DIAG_DMBINFO]) <
	     (int)offsetof(struct smcd_diag_dmbinfo, peer_gid_ext)))
		return -EINVAL;
	if (tb[SMC_DIAG_FALLBACK]) {
		const struct smc_diag_fallback *fb = nla_data(tb[SMC_DIAG_FALLBACK]);

		sk->has_fallback = true;
		sk->fallback_reason = fb->reason;
		sk->peer_diagnosis = fb->peer_diagnosis;
	}
	if (tb[SMC_DIAG_CONNINFO])
		parse_conn(nla_data(tb[SMC_DIAG_CONNINFO]), sk);
	if (tb[SMC_DIAG_LGRINFO])
		parse_link(nla_data(tb[SMC_DIAG_LGRINFO]), sk);
	if (tb[SMC_DIAG_DMBINFO]) {
		/* before 6.8 without the *_gid_ext members: they stay 0 */
		struct smcd_diag_dmbinfo dmb = { 0 };
		int len = nla_len(tb[SMC_DIAG_DMBINFO]);

		memcpy(&dmb, nla_data(tb[SMC_DIAG_DMBINFO]),
		       len < (int)sizeof(dmb) ? len : (int)sizeof(dmb));
		parse_dmb(&dmb, sk);
	}
	return 0;
}

/* An SMC-R link as sock_diag names a connection's (SMC_DIAG_LGRINFO),
 * with the features its link group agreed (smc_next's LGR_GET).
 */
struct link_features {
	struct smcnl_sock_link key;
	uint32_t features;
	bool ambiguous;		/* two link groups with the same key differ */
};

struct link_features_table {
	bool reported;		/* the kernel reports features (smc_next) */
	size_t n, cap;
	struct link_features *v;
};

static bool same_link(const struct smcnl_sock_link *a, const struct smcnl_sock_link *b)
{
	return a->role == b->role && a->link_id == b->link_id && a->ibport == b->ibport &&
	       !strcmp(a->ibdev, b->ibdev) && !strcmp(a->gid, b->gid) &&
	       !strcmp(a->peer_gid, b->peer_gid);
}

static int on_link_features(const struct smcnl_lgr_smcr *lgr, const struct smcnl_link *link,
			    void *arg)
{
	struct link_features_table *t = arg;
	struct smcnl_sock_link key = {
		.role = lgr->role, .link_id = link->id, .ibport = link->ibport,
	};
	struct link_features *e;
	size_t i;
	int rc;

	if (!lgr->has_features)
		return 0;
	strcpy(key.ibdev, link->ibdev);
	strcpy(key.gid, link->gid);
	strcpy(key.peer_gid, link->peer_gid);
	for (i = 0; i < t->n; i++) {
		if (same_link(&t->v[i].key, &key)) {
			t->v[i].ambiguous |= t->v[i].features != lgr->features;
			return 0;
		}
	}
	rc = smcnl_grow((void **)&t->v, t->n, &t->cap, sizeof(*t->v));
	if (rc)
		return rc;
	e = &t->v[t->n++];
	memset(e, 0, sizeof(*e));
	e->key = key;
	e->features = lgr->features;
	return 0;
}

/* sock_diag has no link group id: an SMC-R connection's features are
 * found by its link, which two link groups share only between the same
 * ports and GIDs (then they count only where the groups agree). An SMC-D
 * connection has none.
 */
static void join_features(const struct link_features_table *t, struct smcnl_sock *sk)
{
	size_t i;

	if (t->reported && sk->has_dmb) {
		sk->has_features = true;	/* no extension concerns SMC-D */
		sk->features = 0;
		return;
	}
	if (!t->reported || !sk->has_link)
		return;
	for (i = 0; i < t->n; i++) {
		if (same_link(&t->v[i].key, &sk->link)) {
			if (!t->v[i].ambiguous) {
				sk->has_features = true;
				sk->features = t->v[i].features;
			}
			return;
		}
	}
}

struct dump_ctx {
	smcnl_sock_fn fn;
	void *arg;
	struct link_features_table links;
};

static int on_sock(const struct nlmsghdr *nlh, void *arg)
{
	struct dump_ctx *ctx = arg;
	struct smcnl_sock sk;
	int rc;

	rc = smcnl_parse_sock(nlh, &sk);
	if (rc)
		return rc;
	join_features(&ctx->links, &sk);
	return ctx->fn(&sk, ctx->arg);
}

SMCNL_API int smcnl_sock_dump(struct smcnl *nl, smcnl_sock_fn fn, void *arg)
{
	/* Extensions are cheap: ask for all, the caller shows what it wants. */
	struct smc_diag_req req = {
		.diag_family = AF_SMC,
		.diag_ext = 1 << (SMC_DIAG_CONNINFO - 1) | 1 << (SMC_DIAG_LGRINFO - 1) |
			    1 << (SMC_DIAG_DMBINFO - 1),
	};
	struct dump_ctx ctx = { .fn = fn, .arg = arg };
	struct nl_msg *msg;
	int rc;

	/* The features of the links, where the kernel reports them; without
	 * them (a stock kernel, or a failed dump) the sockets show none.
	 */
	ctx.links.reported = !smcnl_features_get(nl, &(struct smcnl_features){ 0 });
	if (ctx.links.reported && smcnl_link_dump(nl, on_link_features, &ctx.links))
		ctx.links.reported = false;
	nl->errmsg[0] = '\0';
	if (!nl->diag) {
		rc = -ENOMEM;
		nl->diag = nl_socket_alloc();
		if (!nl->diag)
			goto out_links;
		if (nl_connect(nl->diag, NETLINK_SOCK_DIAG)) {
			nl_socket_free(nl->diag);
			nl->diag = NULL;
			rc = -EPROTONOSUPPORT;
			goto out_links;
		}
		nl_socket_disable_auto_ack(nl->diag);
	}
	rc = -ENOMEM;
	msg = nlmsg_alloc_simple(SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP);
	if (!msg)
		goto out_links;
	if (nlmsg_append(msg, &req, sizeof(req), NLMSG_ALIGNTO)) {
		nlmsg_free(msg);
		goto out_links;
	}
	rc = smcnl_exchange(nl, nl->diag, msg, on_sock, &ctx);
	nlmsg_free(msg);
	/* -ENOENT: the kernel has no SMC sock_diag handler (no SMC_DIAG). */
	if (rc == -ENOENT)
		rc = -EPROTONOSUPPORT;
out_links:
	free(ctx.links.v);
	return rc;
}
