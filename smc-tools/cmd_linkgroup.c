// SPDX-License-Identifier: GPL-2.0
/* Link groups, in the columns of IBM's smc-tools:
 *   smcr linkgroup [show|link-show] [all|LG-ID] [ibdev NAME] [netdev NAME]
 *   smcd linkgroup [show] [all|LG-ID]
 * -d shows each SMC-R link group as a block, or more link columns; -dd the
 * GIDs too.
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smcnl/smcnl.h>

#include "smc_tool.h"

struct lgr_ctx {
	const struct smc_opts *opts;
	const struct smc_select *sel;
	struct out *out;
	unsigned int shown;
	/* SMC-R show with a device selection: the groups with such a link */
	uint32_t *ids;
	size_t n_ids, cap_ids;
};

static void lgr_id(struct out *o, const char *fmt, uint32_t id)
{
	char hex[9];

	snprintf(hex, sizeof(hex), "%08x", id);
	out_str(o, "lgr_id", fmt, hex);
}

/* The peer block lines -d shows, shared by SMC-R and SMC-D. */
static void peer_block(struct out *o, bool has_peer, const struct smcnl_lgr_peer *p)
{
	out_uint(o, "version", "Version  : %llu\n", has_peer ? p->version : 1);
	if (!has_peer)
		return;
	out_uint(o, "peer_release", "Peer-Rel : %llu\n", p->release);
	out_str(o, "peer_host", "Peer-Host: %s\n", p->host[0] ? p->host : "(none)");
	out_str(o, "peer_os", "Peer-OS  : %s\n", smcnl_os_name(p->os));
}

static void size_line(struct out *o, const char *key, const char *fmt, bool has, uint64_t v)
{
	if (has)
		out_uint(o, key, fmt, v);
}

static bool wanted(struct lgr_ctx *ctx, uint32_t id)
{
	size_t i;

	if (ctx->sel->has_id && ctx->sel->id != id)
		return false;
	if (!ctx->ids)
		return !ctx->sel->ibdev && !ctx->sel->netdev;
	for (i = 0; i < ctx->n_ids; i++)
		if (ctx->ids[i] == id)
			return true;
	return false;
}

static int show_smcr(const struct smcnl_lgr_smcr *lgr, void *arg)
{
	struct lgr_ctx *ctx = arg;
	struct out *o = ctx->out;
	bool block = ctx->opts->details > 0;

	if (!wanted(ctx, lgr->id))
		return 0;
	out_object_begin(o, NULL);
	if (block) {
		if (ctx->shown)
			out_text(o, "\n");
		lgr_id(o, "LG-ID    : %s\n", lgr->id);
		out_str(o, "role", "LG-Role  : %s\n", smcnl_role_name(lgr->role));
		out_str(o, "type", "LG-Type  : %s\n", smcnl_lgr_type_name(lgr->type));
		out_uint(o, "vlan", "VLAN     : %llu\n", lgr->vlan_id);
		out_str(o, "pnetid", lgr->pnetid[0] ? "PNET-ID  : %s\n" : "PNET-ID  :\n", lgr->pnetid);
		peer_block(o, lgr->has_peer, &lgr->peer);
		if (lgr->has_v2)
			out_bool(o, "direct", "Direct   : %s\n", lgr->direct ? "Yes" : "No",
				 lgr->direct);
		if (lgr->has_peer)
			out_str(o, "eid", "EID      : %s\n", lgr->peer.eid);
		out_uint(o, "conns", "#Conns   : %llu\n", lgr->conns);
		size_line(o, "sndbuf_bytes", "Sndbuf   : %llu B\n", lgr->has_alloc, lgr->sndbuf_alloc);
		size_line(o, "rmb_bytes", "RMB      : %llu B\n", lgr->has_alloc, lgr->rmb_alloc);
		if (lgr->has_v2 && ctx->opts->details > 1) {
			out_uint(o, "max_conns", "MaxConns : %llu\n", lgr->max_conns);
			out_uint(o, "max_links", "MaxLinks : %llu\n", lgr->max_links);
		}
		if (lgr->has_features)
			out_features(o, "features", "Features : %s\n", lgr->features);
	} else {
		lgr_id(o, "%s ", lgr->id);
		out_str(o, "role", "%-8s ", smcnl_role_name(lgr->role));
		out_str(o, "type", "%-8s ", smcnl_lgr_type_name(lgr->type));
		out_uint(o, "vlan", "%4llu  ", lgr->vlan_id);
		out_uint(o, "conns", "%6llu", lgr->conns);
		out_str(o, "pnetid", lgr->pnetid[0] ? "  %s\n" : "\n", lgr->pnetid);
	}
	out_end(o);
	ctx->shown++;
	return 0;
}

/* -s: what a link did, under its row (smc-next kernels). */
static void link_stats(struct out *o, const struct smcnl_link_stats *st)
{
	const uint64_t *llc[2] = { st->llc_tx, st->llc_rx };
	unsigned int t, d;

	out_object_begin(o, "stats");
	out_uint(o, "wr_tx", "    WR      tx %llu", st->wr_tx);
	out_uint(o, "wr_tx_completed", " (completed %llu", st->wr_tx_compl);
	out_uint(o, "wr_tx_errors", ", errors %llu)", st->wr_tx_err);
	out_uint(o, "wr_rx", "  rx %llu", st->wr_rx);
	out_uint(o, "wr_rx_completed", " (completed %llu", st->wr_rx_compl);
	out_uint(o, "wr_rx_errors", ", errors %llu)\n", st->wr_rx_err);
	out_uint(o, "rdma_writes", "    RDMA    writes %llu", st->rdma_write);
	out_uint(o, "rdma_write_bytes", "  bytes %llu\n", st->rdma_write_bytes);
	out_uint(o, "cdc_tx", "    CDC     tx %llu", st->cdc_tx);
	out_uint(o, "cdc_rx", "  rx %llu\n", st->cdc_rx);
	for (d = 0; d < 2; d++) {
		out_text(o, "    LLC %s ", d ? "rx" : "tx");
		out_object_begin(o, d ? "llc_rx" : "llc_tx");
		for (t = 1; t < SMCNL_LLC_TYPES; t++)
			if (llc[d][t] && smcnl_llc_type_name(t)) {
				out_text(o, " %s=", smcnl_llc_type_name(t));
				out_uint(o, smcnl_llc_type_name(t), "%llu", llc[d][t]);
			}
		out_end(o);
		out_text(o, "\n");
	}
	out_uint(o, "rkey_confirms", "    rkeys   confirmed %llu", st->rkey_confirm);
	out_uint(o, "rkey_deletes", "  deleted %llu\n", st->rkey_delete);
	out_uint(o, "state_changes", "    events  state changes %llu", st->state_change);
	out_uint(o, "failovers", "  failovers %llu", st->failover);
	out_uint(o, "timeouts", "  timeouts %llu\n", st->timeout);
	out_end(o);
}

static int show_link(const struct smcnl_lgr_smcr *lgr, const struct smcnl_link *link,
		     void *arg)
{
	struct lgr_ctx *ctx = arg;
	struct out *o = ctx->out;
	char ifname[IF_NAMESIZE];
	char uid[9];

	if ((ctx->sel->has_id && ctx->sel->id != lgr->id) ||
	    !smc_select_link(ctx->sel, link->ibdev, link->netdev))
		return 0;
	smc_ifname(ifname, link->netdev);
	out_object_begin(o, NULL);
	lgr_id(o, "%s ", lgr->id);
	out_str(o, "role", "%-8s ", smcnl_role_name(lgr->role));
	out_str(o, "type", "%-8s ", smcnl_lgr_type_name(lgr->type));
	out_uint(o, "link_id", NULL, link->id);
	out_str(o, "netdev", "%-15s ", ifname);
	out_str(o, "state", "%-15s ", smcnl_link_state_name(link->state));
	out_uint(o, "conns", "%6llu", link->conns);
	if (ctx->opts->details) {
		snprintf(uid, sizeof(uid), "%08x", link->uid);
		out_str(o, "link_uid", "  %s", uid);
		snprintf(uid, sizeof(uid), "%08x", link->peer_uid);
		out_str(o, "peer_uid", "  %s", uid);
		out_str(o, "ibdev", "  %-8s", link->ibdev);
		out_uint(o, "ibport", "  %4llu", link->ibport);
	}
	if (ctx->opts->details > 1) {
		out_str(o, "gid", "  %-40s", link->gid);
		out_str(o, "peer_gid", "  %s", link->peer_gid);
	}
	out_text(o, "\n");
	if (ctx->opts->stats && link->has_stats)
		link_stats(o, &link->stats);
	out_end(o);
	ctx->shown++;
	return 0;
}

/* Collects the groups that have a link on the selected device. */
static int collect_lgr(const struct smcnl_lgr_smcr *lgr, const struct smcnl_link *link,
		       void *arg)
{
	struct lgr_ctx *ctx = arg;
	uint32_t *ids;

	if (!smc_select_link(ctx->sel, link->ibdev, link->netdev))
		return 0;
	if (ctx->n_ids && ctx->ids[ctx->n_ids - 1] == lgr->id)
		return 0;
	if (ctx->n_ids == ctx->cap_ids) {
		ctx->cap_ids = ctx->cap_ids ? 2 * ctx->cap_ids : 16;
		ids = realloc(ctx->ids, ctx->cap_ids * sizeof(*ids));
		if (!ids)
			return -ENOMEM;
		ctx->ids = ids;
	}
	ctx->ids[ctx->n_ids++] = lgr->id;
	return 0;
}

static int show_smcd(const struct smcnl_lgr_smcd *lgr, void *arg)
{
	struct lgr_ctx *ctx = arg;
	struct out *o = ctx->out;
	char gid[40];

	if (ctx->sel->has_id && ctx->sel->id != lgr->id)
		return 0;
	out_object_begin(o, NULL);
	if (ctx->opts->details) {
		if (ctx->shown)
			out_text(o, "\n");
		lgr_id(o, "LG-ID    : %s\n", lgr->id);
		out_uint(o, "vlan", "VLAN     : %llu\n", lgr->vlan_id);
		out_str(o, "pnetid", lgr->pnetid[0] ? "PNET-ID  : %s\n" : "PNET-ID  :\n", lgr->pnetid);
		peer_block(o, lgr->has_peer, &lgr->peer);
		if (lgr->has_peer)
			out_str(o, "eid", "EID      : %s\n", lgr->peer.eid);
		out_uint(o, "conns", "#Conns   : %llu\n", lgr->conns);
		size_line(o, "sndbuf_bytes", "Sndbuf   : %llu B\n", lgr->has_alloc, lgr->sndbuf_alloc);
		size_line(o, "dmb_bytes", "DMB      : %llu B\n", lgr->has_alloc, lgr->dmb_alloc);
		if (ctx->opts->details > 1) {
			snprintf(gid, sizeof(gid), "%016llx", (unsigned long long)lgr->gid);
			out_str(o, "gid", "GID      : %s\n", gid);
			snprintf(gid, sizeof(gid), "%016llx", (unsigned long long)lgr->peer_gid);
			out_str(o, "peer_gid", "Peer-GID : %s\n", gid);
			out_uint(o, "chid", "CHID     : %04llx\n", lgr->chid);
		}
	} else {
		lgr_id(o, "%s ", lgr->id);
		out_uint(o, "vlan", "%4llu  ", lgr->vlan_id);
		out_uint(o, "conns", "%6llu", lgr->conns);
		out_str(o, "pnetid", lgr->pnetid[0] ? "  %s\n" : "\n", lgr->pnetid);
	}
	if (ctx->opts->stats && lgr->has_stats) {
		out_object_begin(o, "stats");
		out_uint(o, "data_tx_bytes", "    data sent %llu bytes", lgr->stats.data_tx);
		out_uint(o, "moves", "  moves %llu", lgr->stats.moves);
		out_uint(o, "signals", "  signals %llu\n", lgr->stats.signals);
		out_end(o);
	}
	out_end(o);
	ctx->shown++;
	return 0;
}

static int linkgroup_run(const struct smc_opts *opts, struct smcnl *nl, struct out *out,
			 int argc, char **argv)
{
	bool smcr = opts->variant == SMC_VARIANT_R, links = false;
	struct lgr_ctx ctx = { .opts = opts, .out = out };
	struct smc_select sel;
	int rc;

	if (argc && smc_matches(argv[0], "show")) {
		argc--, argv++;
	} else if (argc && smc_matches(argv[0], "link-show")) {
		if (!smcr)
			return smc_usage_error(opts, &smc_cmd_linkgroup,
					       "SMC-D link groups have no links to show");
		links = true;
		argc--, argv++;
	}
	rc = smc_select_parse(opts, &smc_cmd_linkgroup, argc, argv,
			      SMC_SELECT_ID | (smcr ? SMC_SELECT_DEV : 0), &sel);
	if (rc)
		return rc;
	ctx.sel = &sel;

	if (links) {
		out_text(out, "%-9s%-9s%-9s%-16s%-16s%6s", "LG-ID", "LG-Role", "LG-Type",
			 "Net-Dev", "Link-State", "#Conns");
		if (opts->details)
			out_text(out, "  %-8s  %-8s  %-8s  %4s", "Link-UID", "Peer-UID",
				 "IB-Dev", "IB-P");
		if (opts->details > 1)
			out_text(out, "  %-40s  %s", "Local-GID", "Peer-GID");
		out_text(out, "\n");
		out_array_begin(out, "links");
		rc = smcnl_link_dump(nl, show_link, &ctx);
	} else if (smcr) {
		if (sel.ibdev || sel.netdev)
			rc = smcnl_link_dump(nl, collect_lgr, &ctx);
		if (!opts->details)
			out_text(out, "%-9s%-9s%-9s%4s  %6s  %s\n", "LG-ID", "LG-Role",
				 "LG-Type", "VLAN", "#Conns", "PNET-ID");
		out_array_begin(out, "linkgroups");
		if (!rc && (ctx.ids || (!sel.ibdev && !sel.netdev)))
			rc = smcnl_lgr_smcr_dump(nl, show_smcr, &ctx);
	} else {
		if (!opts->details)
			out_text(out, "%-9s%4s  %6s  %s\n", "LG-ID", "VLAN", "#Conns", "PNET-ID");
		out_array_begin(out, "linkgroups");
		rc = smcnl_lgr_smcd_dump(nl, show_smcd, &ctx);
	}
	out_end(out);
	free(ctx.ids);
	if (rc)
		return smc_error(opts, nl, rc, "cannot list the %s link groups",
				 smcr ? "SMC-R" : "SMC-D");
	if (sel.has_id && !ctx.shown) {
		fprintf(stderr, "Error: link group %08x: no such %s link group\n", sel.id,
			smcr ? "SMC-R" : "SMC-D");
		return EXIT_RUNTIME;
	}
	return EXIT_OK;
}

static const char *const linkgroup_verbs[] = { "show", "link-show", NULL };

const struct smc_cmd smc_cmd_linkgroup = {
	.verbs = linkgroup_verbs,
	.name = "linkgroup",
	.variants = SMC_VARIANT_R | SMC_VARIANT_D,
	.run = linkgroup_run,
	.usage = "[show|link-show] [all|LG-ID] [ibdev NAME] [netdev NAME]",
	.usage_smcd = "[show] [all|LG-ID]",
};
