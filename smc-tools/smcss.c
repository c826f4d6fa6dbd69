// SPDX-License-Identifier: GPL-2.0
/* smcss: the SMC sockets of this network namespace, as sock_diag reports
 * them, in the columns of IBM's smcss; fallback reasons decoded to words.
 *   smcss [-a|-l] [-d] [-D|-R] [-W] [--verbose] [-j|-p]
 *   smcss -v|--version
 * -v is IBM's version, so the fallback reasons in words are --verbose.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <smcnl/smcnl.h>

#include "smc_tool.h"

#define SMC_STATE_LISTEN 10

enum which { LIST_CONNECTED, LIST_ALL, LIST_LISTENING };
/* -D and -R: only sockets of that kind, with their device columns. */
enum devices { DEV_NONE, DEV_SMCD, DEV_SMCR };

struct smcss_opts {
	struct smc_opts common;
	enum which which;
	enum devices devices;
	bool details;		/* -d: connection internals */
	bool wide;		/* -W: IPv6 addresses in columns wide enough */
	bool verbose;
	struct out *out;
};

#define ADDR_WIDTH 23
#define ADDR_WIDTH_WIDE 47	/* [IPv6]:port; IBM's -W leaves IPv4 rows as they are */

static void hex_str(struct out *o, const char *key, const char *fmt, const char *hexfmt,
		    unsigned long long v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), hexfmt, v);
	out_str(o, key, fmt, buf);
}

/* A cursor as wrap:count, in hex like IBM's smcss. */
static void cursor(struct out *o, const char *key, const char *fmt, uint64_t c)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%04x:%08x", (unsigned int)(c >> 32), (unsigned int)c);
	out_str(o, key, fmt, buf);
}

static void flags(struct out *o, const char *key, uint8_t prod, uint8_t conn)
{
	char buf[8];

	snprintf(buf, sizeof(buf), "%02x:%02x", prod, conn);
	out_str(o, key, "%-7s ", buf);
}

static void conn_columns(struct out *o, const struct smcnl_sock *sk)
{
	const struct smcnl_sock_conn *c = &sk->conn;
	char shut[6];

	snprintf(shut, sizeof(shut), " %c-%c ", sk->shutdown & 1 ? ' ' : '<',
		 sk->shutdown & 2 ? ' ' : '>');
	out_str(o, "shutdown", " %s", shut);
	if (!sk->has_conn)
		return;
	out_object_begin(o, "conn");
	hex_str(o, "token", " %s ", "%08llx", c->token);
	hex_str(o, "sndbuf", "%s ", "%08llx", c->sndbuf_size);
	hex_str(o, "rcvbuf", "%s ", "%08llx", c->rmbe_size);
	hex_str(o, "peerbuf", "%s ", "%08llx", c->peer_rmbe_size);
	cursor(o, "rx_prod", "%s ", c->rx_prod);
	cursor(o, "rx_cons", "%s ", c->rx_cons);
	flags(o, "rx_flags", c->rx_prod_flags, c->rx_conn_state_flags);
	cursor(o, "tx_prod", "%s ", c->tx_prod);
	cursor(o, "tx_cons", "%s ", c->tx_cons);
	flags(o, "tx_flags", c->tx_prod_flags, c->tx_conn_state_flags);
	cursor(o, "tx_prep", "%s ", c->tx_prep);
	cursor(o, "tx_sent", "%s ", c->tx_sent);
	cursor(o, "tx_fin", "%s", c->tx_fin);
	out_end(o);
	if (sk->has_features)
		out_features(o, "features", " %s", sk->features);
}

static void smcd_columns(struct out *o, const struct smcnl_sock *sk)
{
	const struct smcnl_sock_dmb *d = &sk->dmb;

	out_object_begin(o, "dmb");
	hex_str(o, "gid", " %s", "%016llx", d->gid);
	hex_str(o, "token", " %s", "%016llx", d->token);
	hex_str(o, "peer_gid", " %s", "%016llx", d->peer_gid);
	hex_str(o, "peer_token", " %s", "%016llx", d->peer_token);
	hex_str(o, "linkid", " %s", "%08llx", d->linkid);
	out_end(o);
}

static void smcr_columns(struct out *o, const struct smcnl_sock *sk)
{
	const struct smcnl_sock_link *l = &sk->link;

	out_object_begin(o, "link");
	out_str(o, "role", " %-4s", smcnl_role_name(l->role));
	out_str(o, "ibdev", " %-15s", l->ibdev);
	out_uint(o, "ibport", " %02llu  ", l->ibport);
	out_uint(o, "link_id", " %02llu    ", l->link_id);
	out_str(o, "gid", " %-40s", l->gid);
	out_str(o, "peer_gid", " %s", l->peer_gid);
	out_end(o);
}

static void endpoint(char *buf, size_t len, int family, const uint8_t *addr,
		     uint16_t port)
{
	char ip[INET6_ADDRSTRLEN] = "?";

	inet_ntop(family, addr, ip, sizeof(ip));
	snprintf(buf, len, family == AF_INET6 ? "[%s]:%u" : "%s:%u", ip, port);
}

static int print_sock(const struct smcnl_sock *sk, void *arg)
{
	struct smcss_opts *opts = arg;
	struct out *o = opts->out;
	bool listen = sk->state == SMC_STATE_LISTEN;
	char local[64], peer[64], reason[16];
	const char *words;

	int width = opts->wide && sk->family == AF_INET6 ? ADDR_WIDTH_WIDE : ADDR_WIDTH;
	char addr_fmt[16];

	if ((opts->which == LIST_CONNECTED && listen) ||
	    (opts->which == LIST_LISTENING && !listen))
		return 0;
	if ((opts->devices == DEV_SMCD && !sk->has_dmb) ||
	    (opts->devices == DEV_SMCR && !sk->has_link))
		return 0;
	snprintf(addr_fmt, sizeof(addr_fmt), "%%-%ds ", width);
	endpoint(local, sizeof(local), sk->family, sk->local_addr, sk->local_port);
	endpoint(peer, sizeof(peer), sk->family, sk->peer_addr, sk->peer_port);

	out_object_begin(o, NULL);
	out_str(o, "state", "%-15s", smcnl_sock_state_name(sk->state));
	out_uint(o, "uid", "%05llu ", sk->uid);
	out_uint(o, "inode", "%07llu ", sk->inode);
	/* A listening socket ends after its local address, as in smc-tools. */
	out_str(o, "local", listen ? "%s" : addr_fmt, local);
	out_str(o, "peer", listen ? NULL : addr_fmt, peer);
	out_uint(o, "intf", listen ? NULL : "%04llu ", sk->ifindex);
	out_str(o, "mode", listen ? NULL : "%s", smcnl_mode_name(sk->mode));
	if (sk->mode == SMCNL_MODE_TCP && sk->has_fallback) {
		snprintf(reason, sizeof(reason), "0x%08x", sk->fallback_reason);
		out_str(o, "fallback_reason", listen ? NULL : " %s", reason);
		words = smcnl_decline_reason(sk->fallback_reason);
		out_str(o, "fallback_reason_text",
			opts->verbose && !listen ? " (%s)" : NULL, words ? words : "unknown");
		if (sk->peer_diagnosis) {
			snprintf(reason, sizeof(reason), "0x%08x", sk->peer_diagnosis);
			out_str(o, "peer_diagnosis", opts->verbose && !listen ?
				" peer: %s" : NULL, reason);
			words = smcnl_decline_reason(sk->peer_diagnosis);
			out_str(o, "peer_diagnosis_text", opts->verbose && !listen ?
				" (%s)" : NULL, words ? words : "unknown");
		}
	}
	if (!listen && opts->devices == DEV_SMCD)
		smcd_columns(o, sk);
	if (!listen && opts->devices == DEV_SMCR)
		smcr_columns(o, sk);
	if (!listen && opts->details && sk->mode != SMCNL_MODE_TCP)
		conn_columns(o, sk);
	out_text(o, "\n");
	out_end(o);
	return 0;
}

static void print_header(const struct smcss_opts *opts)
{
	int width = ADDR_WIDTH + 1;
	struct out *o = opts->out;

	out_text(o, "%-15s%-6s%-8s%-*s%-*s%-5s%s", "State", "UID", "Inode", width,
		 "Local Address", width, "Peer Address", "Intf", "Mode");
	if (opts->devices == DEV_SMCD)
		out_text(o, " %-16s %-16s %-16s %-16s %s", "GID", "Token", "Peer-GID",
			 "Peer-Token", "Linkid");
	if (opts->devices == DEV_SMCR)
		out_text(o, " %-4s %-15s %-4s %-6s %-40s %s", "Role", "IB-device", "Port",
			 "Linkid", "GID", "Peer-GID");
	if (opts->details)
		out_text(o, " Shutd Token    Sndbuf   Rcvbuf   Peerbuf  rxprod-Cursor "
			 "rxcons-Cursor rxFlags txprod-Cursor txcons-Cursor txFlags "
			 "txprep-Cursor txsent-Cursor txfin-Cursor Features");
	out_text(o, "\n");
}

static void usage(FILE *f)
{
	fprintf(f, "Usage: smcss [-a|--all | -l|--listening] [-d|--debug] [-D|--smcd | -R|--smcr]\n"
		   "             [-W|--wide] [--verbose] [-j|--json | -p|--pretty]\n"
		   "       smcss -v|--version | -h|--help\n"
		   "  -a  all SMC sockets, listening ones too\n"
		   "  -l  listening sockets only\n"
		   "  -d  connection internals: shutdown, token, buffers, cursors\n"
		   "  -D  SMC-D sockets only, with their GIDs, DMB tokens and link group\n"
		   "  -R  SMC-R sockets only, with their role, RDMA device, link and GIDs\n"
		   "  -W  IPv6 addresses in columns wide enough for them\n"
		   "  --verbose  fallback reasons and peer diagnosis in words\n"
		   "  -j  JSON; -p indented JSON\n");
}

int main(int argc, char **argv)
{
	static const struct option long_opts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "listening", no_argument, NULL, 'l' },
		{ "debug", no_argument, NULL, 'd' },
		{ "smcd", no_argument, NULL, 'D' },
		{ "smcr", no_argument, NULL, 'R' },
		{ "wide", no_argument, NULL, 'W' },
		{ "verbose", no_argument, NULL, 'V' },
		{ "version", no_argument, NULL, 'v' },
		{ "json", no_argument, NULL, 'j' },
		{ "pretty", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct smcss_opts opts = { .common = { .prog = "smcss" } };
	struct smcnl *nl;
	struct out out;
	int c, rc;

	while ((c = getopt_long(argc, argv, "alvjphdDRW", long_opts, NULL)) != -1) {
		switch (c) {
		case 'a': opts.which = LIST_ALL; break;
		case 'l': opts.which = LIST_LISTENING; break;
		case 'V': opts.verbose = true; break;
		case 'v':
			printf("smcss utility, smc-next %s (smc-tools 1.8.5 command lines)\n",
			       SMC_NEXT_VERSION);
			return EXIT_OK;
		case 'j': opts.common.json = true; break;
		case 'p': opts.common.json = opts.common.pretty = true; break;
		case 'h': usage(stdout); return EXIT_OK;
		case 'd': opts.details = true; break;
		case 'W': opts.wide = true; break;
		case 'D': case 'R':
			if (opts.devices && opts.devices != (c == 'D' ? DEV_SMCD : DEV_SMCR)) {
				fprintf(stderr, "Error: -D and -R exclude each other\n");
				return EXIT_USAGE;
			}
			opts.devices = c == 'D' ? DEV_SMCD : DEV_SMCR;
			break;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "Error: unexpected argument \"%s\"\n", argv[optind]);
		usage(stderr);
		return EXIT_USAGE;
	}
	rc = smcnl_open(&nl);
	if (rc)
		return smc_error(&opts.common, NULL, rc, "cannot open a netlink socket");
	out_open(&out, opts.common.json, opts.common.pretty);
	opts.out = &out;
	print_header(&opts);
	out_array_begin(&out, "sockets");
	rc = smcnl_sock_dump(nl, print_sock, &opts);
	out_end(&out);
	if (rc) {
		out_discard(&out);
		rc = smc_error(&opts.common, nl, rc, "cannot list SMC sockets");
	} else if (out_close(&out)) {
		rc = smc_error(&opts.common, NULL, -EIO, "cannot write the output");
	}
	smcnl_close(nl);
	return rc;
}
