// SPDX-License-Identifier: GPL-2.0
/* smcss: the SMC sockets of this network namespace, as sock_diag reports
 * them, in the columns of IBM's smcss; fallback reasons decoded to words.
 *   smcss [-a|-l] [-v] [-j|-p]
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

struct smcss_opts {
	struct smc_opts common;
	enum which which;
	bool verbose;
	struct out *out;
};

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

	if ((opts->which == LIST_CONNECTED && listen) ||
	    (opts->which == LIST_LISTENING && !listen))
		return 0;
	endpoint(local, sizeof(local), sk->family, sk->local_addr, sk->local_port);
	endpoint(peer, sizeof(peer), sk->family, sk->peer_addr, sk->peer_port);

	out_object_begin(o, NULL);
	out_str(o, "state", "%-15s", smcnl_sock_state_name(sk->state));
	out_uint(o, "uid", "%05llu ", sk->uid);
	out_uint(o, "inode", "%07llu ", sk->inode);
	/* A listening socket ends after its local address, as in smc-tools. */
	out_str(o, "local", listen ? "%s" : "%-23s ", local);
	out_str(o, "peer", listen ? NULL : "%-23s ", peer);
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
	out_text(o, "\n");
	out_end(o);
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: smcss [-a|--all | -l|--listening] [-v|--verbose] [-j|--json | -p|--pretty]\n"
		   "  -a  all SMC sockets, listening ones too\n"
		   "  -l  listening sockets only\n"
		   "  -v  fallback reasons and peer diagnosis in words\n"
		   "  -j  JSON; -p indented JSON\n");
}

int main(int argc, char **argv)
{
	static const struct option long_opts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "listening", no_argument, NULL, 'l' },
		{ "verbose", no_argument, NULL, 'v' },
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
		case 'v': opts.verbose = true; break;
		case 'j': opts.common.json = true; break;
		case 'p': opts.common.json = opts.common.pretty = true; break;
		case 'h': usage(stdout); return EXIT_OK;
		case 'd': case 'D': case 'R': case 'W':
			fprintf(stderr, "Error: smcss -%c is not implemented yet\n", c);
			return EXIT_USAGE;
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
	out_text(&out, "%-15s%-6s%-8s%-24s%-24s%-5s%s\n", "State", "UID", "Inode",
		 "Local Address", "Peer Address", "Intf", "Mode");
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
