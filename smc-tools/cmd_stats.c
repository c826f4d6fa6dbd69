// SPDX-License-Identifier: GPL-2.0
/* Statistics, laid out as IBM's smc-tools print them:
 *   PROG stats [show|reset|json]
 * "reset" prints the figures, then makes them the user's new baseline
 * (stats_baseline.h). "json" prints the flat object IBM's "stats json"
 * prints, for the scripts that read it; "-j stats" is our own layout.
 * -d adds IBM's client/server split, handshake versions, buffer downgrades
 * and reuses and the extra socket calls, and (ours) the fallback reasons.
 * -a shows the counters as the kernel has them, ignoring a reset.
 */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <smcnl/smcnl.h>

#include "smc_tool.h"
#include "stats_baseline.h"

#define LABEL "  %-25s"

/* 4 significant digits and a decimal suffix: 10420715 -> "10.42M". */
static void human(char *buf, size_t size, uint64_t v)
{
	static const char suffix[] = "KMGTPE";
	double d = (double)v;
	int i = -1;

	if (v < 1000) {
		snprintf(buf, size, "%llu", (unsigned long long)v);
		return;
	}
	while (d >= 999.95 && i < 5) {
		d /= 1000;
		i++;
	}
	snprintf(buf, size, "%.*f%c", d >= 99.995 ? 1 : d >= 9.9995 ? 2 : 3, d, suffix[i]);
}

static void count_line(struct out *o, const char *key, const char *label, uint64_t v)
{
	out_text(o, LABEL, label);
	out_uint(o, key, "%14llu\n", v);
}

static void bytes_line(struct out *o, const char *key, const char *label, uint64_t v)
{
	char h[16];

	human(h, sizeof(h), v);
	out_text(o, LABEL, label);
	out_uint(o, key, "%14llu", v);
	out_text(o, " (%s)\n", h);
}

/* The total; with -d, " (client C, server S)" as IBM's -d prints it. */
static void split_line(struct out *o, const char *key, const char *label,
		       uint64_t client, uint64_t server, bool details)
{
	char k[48];

	out_text(o, LABEL, label);
	out_uint(o, key, "%14llu", client + server);
	snprintf(k, sizeof(k), "%s_client", key);
	out_uint(o, k, details ? " (client %llu" : NULL, client);
	snprintf(k, sizeof(k), "%s_server", key);
	out_uint(o, k, details ? ", server %llu)" : NULL, server);
	out_text(o, "\n");
}

static void share_line(struct out *o, const char *key, const char *label, uint64_t v,
		       uint64_t of)
{
	out_text(o, LABEL, label);
	out_uint(o, key, "%14llu", v);
	out_text(o, " (%.2f%%)\n", of ? 100.0 * (double)v / (double)of : 0.0);
}

/* 8KB .. 512KB, then everything larger in one column. */
static void histogram(struct out *o, const char *key, const char *label,
		      const uint64_t *b)
{
	char cell[16];
	int i;

	out_text(o, "  %-4s", label);
	out_array_begin(o, key);
	for (i = 0; i < 8; i++) {
		uint64_t v = i < 7 ? b[i] : b[7] + b[8];

		human(cell, sizeof(cell), v);	/* 1024 is "1.024K", as IBM's */
		out_text(o, i ? "%8s" : "%9s", cell);
		out_uint(o, NULL, NULL, v);
	}
	out_end(o);
	out_text(o, "\n");
}

static void direction(struct out *o, const struct smcnl_stats_tech *t, int dir, bool tx,
		      bool details)
{
	const struct smcnl_stats_buf *buf = &t->buf[dir];

	out_text(o, "\n%s Stats\n", tx ? "TX" : "RX");
	out_object_begin(o, tx ? "tx" : "rx");
	bytes_line(o, "bytes", "Data transmitted (Bytes)", t->bytes[dir]);
	count_line(o, "requests", "Total requests", t->requests[dir]);
	bytes_line(o, "buffer_usage_bytes", "Buffer usage (Bytes)", t->buf_usage[dir]);
	share_line(o, "buffer_full", "Buffer full", buf->full, t->requests[dir]);
	if (tx) {
		share_line(o, "buffer_full_remote", "Buffer full (remote)", buf->full_peer,
			   t->requests[dir]);
		share_line(o, "buffer_too_small", "Buffer too small", buf->size_small,
			   t->requests[dir]);
		share_line(o, "buffer_too_small_remote", "Buffer too small (remote)",
			   buf->size_small_peer, t->requests[dir]);
	}
	out_uint(o, "buffers_allocated", NULL, buf->alloc);
	if (details) {
		count_line(o, "buffers_downgraded", "Buffer downgrades", buf->downgrade);
		count_line(o, "buffers_reused", "Buffer reuses", buf->reuse);
	} else {
		out_uint(o, "buffers_downgraded", NULL, buf->downgrade);
		out_uint(o, "buffers_reused", NULL, buf->reuse);
	}
	out_text(o, "       %8s%8s%8s%8s%8s%8s%8s%8s\n", "8KB", "16KB", "32KB", "64KB",
		 "128KB", "256KB", "512KB", ">512KB");
	histogram(o, "buffer_sizes", "Bufs", t->buf_size[dir]);
	histogram(o, "request_sizes", "Reqs", t->payload[dir]);
	out_end(o);
}

static void reasons(struct out *o, const char *key, const char *side,
		    const struct smcnl_fback_reason *r, unsigned int n)
{
	const char *words;
	char code[16];
	unsigned int i;

	out_array_begin(o, key);
	for (i = 0; i < n; i++) {
		if (!r[i].count)
			continue;
		words = smcnl_decline_reason(r[i].code);
		snprintf(code, sizeof(code), "0x%08x", r[i].code);
		out_object_begin(o, NULL);
		out_text(o, "  %-6s ", side);
		out_str(o, "code", "%s", code);
		out_uint(o, "count", "%10llu", r[i].count);
		out_str(o, "reason", "  %s\n", words ? words : "unknown");
		out_end(o);
	}
	out_end(o);
}

static void print_stats(const struct smc_opts *opts, struct out *o,
			const struct stats_sample *s)
{
	bool smcr = opts->variant == SMC_VARIANT_R;
	const struct smcnl_stats_tech *t = &s->stats.tech[smcr ? SMCNL_TECH_SMCR : SMCNL_TECH_SMCD];
	uint64_t smc = t->clnt_v1_succ + t->clnt_v2_succ + t->srv_v1_succ + t->srv_v2_succ;
	uint64_t fallback = s->fback.srv_total + s->fback.clnt_total;
	uint64_t requests = t->requests[SMCNL_RX] + t->requests[SMCNL_TX];

	out_object_begin(o, smcr ? "smcr" : "smcd");
	out_text(o, "%s Connections Summary\n", smcr ? "SMC-R" : "SMC-D");
	out_object_begin(o, "connections");
	count_line(o, "total", "Total connections handled", smc + fallback);
	split_line(o, "smc", "SMC connections", t->clnt_v1_succ + t->clnt_v2_succ,
		   t->srv_v1_succ + t->srv_v2_succ, opts->details);
	if (opts->details) {
		count_line(o, "v1", "  v1", t->clnt_v1_succ + t->srv_v1_succ);
		count_line(o, "v2", "  v2", t->clnt_v2_succ + t->srv_v2_succ);
	}
	out_uint(o, "client_v1", NULL, t->clnt_v1_succ);
	out_uint(o, "client_v2", NULL, t->clnt_v2_succ);
	out_uint(o, "server_v1", NULL, t->srv_v1_succ);
	out_uint(o, "server_v2", NULL, t->srv_v2_succ);
	split_line(o, "handshake_errors", "Handshake errors", s->stats.clnt_hs_err,
		   s->stats.srv_hs_err, opts->details);
	out_text(o, LABEL "%16.1f\n", "Avg requests per SMC conn",
		 smc ? (double)requests / (double)smc : 0.0);
	split_line(o, "tcp_fallback", "TCP fallback", s->fback.clnt_total,
		   s->fback.srv_total, opts->details);
	out_end(o);

	direction(o, t, SMCNL_RX, false, opts->details);
	direction(o, t, SMCNL_TX, true, opts->details);

	out_text(o, "\nExtras\n");
	out_object_begin(o, "extras");
	count_line(o, "special_socket_calls", "Special socket calls",
		   t->sendpage + t->splice + t->cork + t->nodelay + t->urg_data);
	if (opts->details) {
		count_line(o, "cork", "  cork", t->cork);
		count_line(o, "nodelay", "  nodelay", t->nodelay);
		count_line(o, "sendpage", "  sendpage", t->sendpage);
		count_line(o, "splice", "  splice", t->splice);
		count_line(o, "urgent_data", "  urgent data", t->urg_data);
	}
	out_end(o);
	if (opts->details) {
		out_text(o, "\nTCP Fallback Reasons (both SMC-R and SMC-D)\n");
		out_object_begin(o, "fallback");
		count_line(o, "client", "Client fallbacks", s->fback.clnt_total);
		count_line(o, "server", "Server fallbacks", s->fback.srv_total);
		reasons(o, "client_reasons", "client", s->fback.clnt, s->fback.n_clnt);
		reasons(o, "server_reasons", "server", s->fback.srv, s->fback.n_srv);
		out_end(o);
	}
	out_end(o);
}

/* IBM's "stats json": {"SMCR": {"SMC_INT_TX_BUF_8K": n, ...}} */
static void ibm_buckets(struct out *o, const char *prefix, const uint64_t *b)
{
	static const char *const sizes[SMCNL_SIZE_BUCKETS] = {
		"8K", "16K", "32K", "64K", "128K", "256K", "512K", "1024K", "G_1024K",
	};
	char key[48];
	int i;

	for (i = 0; i < SMCNL_SIZE_BUCKETS; i++) {
		snprintf(key, sizeof(key), "%s_%s", prefix, sizes[i]);
		out_uint(o, key, NULL, b[i]);
	}
}

static void ibm_buf(struct out *o, const char *prefix, const struct smcnl_stats_buf *b)
{
	static const struct {
		const char *name;
		size_t off;
	} fields[] = {
		{ "SIZE_SM_PEER_CNT", offsetof(struct smcnl_stats_buf, size_small_peer) },
		{ "SIZE_SM_CNT", offsetof(struct smcnl_stats_buf, size_small) },
		{ "FULL_PEER_CNT", offsetof(struct smcnl_stats_buf, full_peer) },
		{ "FULL_CNT", offsetof(struct smcnl_stats_buf, full) },
		{ "REUSE_CNT", offsetof(struct smcnl_stats_buf, reuse) },
		{ "ALLOC_CNT", offsetof(struct smcnl_stats_buf, alloc) },
		{ "DGRADE_CNT", offsetof(struct smcnl_stats_buf, downgrade) },
	};
	char key[48];
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		snprintf(key, sizeof(key), "%s_%s", prefix, fields[i].name);
		out_uint(o, key, NULL, *(const uint64_t *)((const char *)b + fields[i].off));
	}
}

static void print_ibm_json(const struct smc_opts *opts, struct out *o,
			   const struct stats_sample *s)
{
	bool smcr = opts->variant == SMC_VARIANT_R;
	const struct smcnl_stats_tech *t = &s->stats.tech[smcr ? SMCNL_TECH_SMCR : SMCNL_TECH_SMCD];

	out_object_begin(o, smcr ? "SMCR" : "SMCD");
	ibm_buckets(o, "SMC_INT_TX_BUF", t->buf_size[SMCNL_TX]);
	ibm_buckets(o, "SMC_INT_RX_BUF", t->buf_size[SMCNL_RX]);
	ibm_buckets(o, "SMC_USR_TX_BUF", t->payload[SMCNL_TX]);
	ibm_buckets(o, "SMC_USR_RX_BUF", t->payload[SMCNL_RX]);
	ibm_buf(o, "SMC_INT_TX_BUF", &t->buf[SMCNL_TX]);
	ibm_buf(o, "SMC_INT_RX_BUF", &t->buf[SMCNL_RX]);
	out_uint(o, "SMC_CLNT_V1_SUCC_CNT", NULL, t->clnt_v1_succ);
	out_uint(o, "SMC_CLNT_V2_SUCC_CNT", NULL, t->clnt_v2_succ);
	out_uint(o, "SMC_SRV_V1_SUCC_CNT", NULL, t->srv_v1_succ);
	out_uint(o, "SMC_SRV_V2_SUCC_CNT", NULL, t->srv_v2_succ);
	out_uint(o, "SMC_SENDPAGE_CNT", NULL, t->sendpage);
	out_uint(o, "SMC_URG_DATA_CNT", NULL, t->urg_data);
	out_uint(o, "SMC_SPLICE_CNT", NULL, t->splice);
	out_uint(o, "SMC_CORK_CNT", NULL, t->cork);
	out_uint(o, "SMC_NDLY_CNT", NULL, t->nodelay);
	out_uint(o, "SMC_RX_BYTES", NULL, t->bytes[SMCNL_RX]);
	out_uint(o, "SMC_TX_BYTES", NULL, t->bytes[SMCNL_TX]);
	out_uint(o, "SMC_RX_CNT", NULL, t->requests[SMCNL_RX]);
	out_uint(o, "SMC_TX_CNT", NULL, t->requests[SMCNL_TX]);
	out_uint(o, "SMC_RX_RMB_USAGE", NULL, t->buf_usage[SMCNL_RX]);
	out_uint(o, "SMC_TX_RMB_USAGE", NULL, t->buf_usage[SMCNL_TX]);
	out_end(o);
}

static int stats_run(const struct smc_opts *opts, struct smcnl *nl, struct out *out,
		     int argc, char **argv)
{
	const char *v = argc ? argv[0] : "show";
	struct stats_sample cur, base;
	char path[PATH_MAX];
	bool reset, ibm_json;
	int rc;

	if (argc > 1)
		return smc_usage_error(opts, &smc_cmd_stats, "too many arguments");
	reset = smc_matches(v, "reset");
	ibm_json = smc_matches(v, "json");
	if (!reset && !ibm_json && !smc_matches(v, "show"))
		return smc_usage_error(opts, &smc_cmd_stats, "unknown command \"%s\"", v);
	if (ibm_json && !out->json) {
		/* The output was opened for text: reopen it for JSON. */
		out_discard(out);
		out_open(out, true, opts->pretty);
	}
	rc = smcnl_stats_get(nl, &cur.stats);
	if (!rc)
		rc = smcnl_fback_stats_get(nl, &cur.fback);
	if (rc)
		return smc_error(opts, nl, rc, "cannot read the SMC statistics");
	rc = stats_baseline_path(path, sizeof(path), opts->prog);
	if (rc) {
		fprintf(stderr, "Error: cannot find a place for the statistics baseline: %s "
			"(set HOME or XDG_STATE_HOME)\n", strerror(-rc));
		return EXIT_RUNTIME;
	}
	if (reset) {
		/* Written before printing: a failed reset prints nothing. */
		struct stats_sample raw = cur;

		if (!stats_baseline_load(path, &base))
			stats_baseline_apply(&cur, &base);
		rc = stats_baseline_save(path, &raw);
		if (rc) {
			fprintf(stderr, "Error: cannot save the statistics baseline %s: %s\n",
				path, strerror(-rc));
			return EXIT_RUNTIME;
		}
	} else if (!opts->absolute && !stats_baseline_load(path, &base)) {
		stats_baseline_apply(&cur, &base);
	}
	if (ibm_json)
		print_ibm_json(opts, out, &cur);
	else
		print_stats(opts, out, &cur);
	return EXIT_OK;
}

static const char *const stats_verbs[] = { "show", "reset", "json", NULL };

const struct smc_cmd smc_cmd_stats = {
	.verbs = stats_verbs,
	.name = "stats",
	.variants = SMC_VARIANT_R | SMC_VARIANT_D,
	.run = stats_run,
	.usage = "[show|reset|json]",
};
