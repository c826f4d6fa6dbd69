// SPDX-License-Identifier: GPL-2.0
/* PROG monitor: the kernel's SMC events as they come, one line (or one
 * JSON object) each, like "ip mptcp monitor". Runs until interrupted.
 * Needs a kernel with the smc_next family's events group.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/smc_next.h>
#include <smcnl/smcnl.h>

#include "smc_tool.h"

static void hex32(struct out *o, const char *key, const char *fmt, uint32_t v)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%08x", v);
	out_str(o, key, fmt, buf);
}

static void endpoint(struct out *o, const char *key, const char *fmt, int family,
		     const uint8_t *addr, uint16_t port)
{
	char ip[INET6_ADDRSTRLEN] = "?", buf[INET6_ADDRSTRLEN + 8];

	inet_ntop(family, addr, ip, sizeof(ip));
	snprintf(buf, sizeof(buf), family == AF_INET6 ? "[%s]:%u" : "%s:%u", ip, port);
	out_str(o, key, fmt, buf);
}

static int print_event(const struct smcnl_event *ev, void *arg)
{
	const struct smc_opts *opts = arg;
	const char *name = smcnl_event_name(ev->type), *words;
	char ifname[IF_NAMESIZE];
	struct out o;

	out_open(&o, opts->json, opts->pretty);
	out_str(&o, "event", "[%s]", name ? name : "UNKNOWN");
	if (ev->type == SMCNL_EVENT_LOST)
		out_str(&o, "note", " %s", "the kernel dropped events: this listener was too slow");
	if (ev->has_lgr) {
		hex32(&o, "lgr_id", " lgr %s", ev->lgr_id);
		out_str(&o, "type", " %s", ev->smcd ? "SMC-D" : "SMC-R");
		if (ev->has_role)
			out_str(&o, "role", " %s", smcnl_role_name(ev->role));
	}
	if (ev->has_link) {
		out_uint(&o, "link_id", " link %llu", ev->link_id);
		out_str(&o, "ibdev", " %s", ev->ibdev);
		smc_ifname(ifname, ev->netdev);
		out_str(&o, "netdev", " %s", ifname);
	}
	if (ev->has_addr) {
		endpoint(&o, "local", " %s", ev->family, ev->saddr, ev->sport);
		endpoint(&o, "peer", " -> %s", ev->family, ev->daddr, ev->dport);
	}
	if (ev->has_reason) {
		hex32(&o, "reason", " reason 0x%s", ev->reason);
		words = smcnl_decline_reason(ev->reason);
		if (words && ev->has_addr)
			out_str(&o, "reason_text", " (%s)", words);
		if (ev->peer_diagnosis) {
			hex32(&o, "peer_diagnosis", " peer 0x%s", ev->peer_diagnosis);
			words = smcnl_decline_reason(ev->peer_diagnosis);
			if (words)
				out_str(&o, "peer_diagnosis_text", " (%s)", words);
		}
	}
	if (ev->type == SMC_NEXT_CMD_DEV_ADDED || ev->type == SMC_NEXT_CMD_DEV_REMOVED) {
		out_str(&o, "type", " %s", ev->smcd ? "SMC-D" : "SMC-R");
		if (ev->smcd)
			out_str(&o, "device", " %s", ev->dev_name);
		else
			out_str(&o, "ibdev", " %s", ev->ibdev);
	}
	if (ev->pnetid[0]) {
		out_str(&o, "pnetid", " %s", ev->pnetid);
		if (ev->eth_name[0])
			out_str(&o, "netdev", " %s", ev->eth_name);
		if (ev->ibdev[0])
			out_str(&o, "ibdev", " %s", ev->ibdev);
	}
	out_text(&o, "\n");
	if (out_close(&o) || fflush(stdout))
		return -EIO;
	return 0;
}

static int monitor_run(const struct smc_opts *opts, struct smcnl *nl, struct out *out,
		       int argc, char **argv)
{
	struct smcnl_monitor *mon;
	const char *rcvbuf;
	int rc;

	(void)out;
	if (argc)
		return smc_usage_error(opts, &smc_cmd_monitor, "unexpected argument \"%s\"",
				       argv[0]);
	rc = smcnl_monitor_open(nl, &mon);
	if (rc == -EOPNOTSUPP) {
		fprintf(stderr, "Error: cannot monitor SMC events: this kernel sends none "
			"(it needs the smc-next series)\n");
		return EXIT_RUNTIME;
	}
	if (rc)
		return smc_error(opts, nl, rc, "cannot monitor SMC events");
	/* SMC_MONITOR_RCVBUF: a smaller socket buffer (the tests' overruns) */
	rcvbuf = getenv("SMC_MONITOR_RCVBUF");
	if (rcvbuf)
		smcnl_monitor_set_rcvbuf(mon, atoi(rcvbuf));
	rc = smcnl_monitor_run(mon, print_event, (void *)opts);
	smcnl_monitor_close(mon);
	/* a positive rc: print_event (or the end of a recording) stopped it */
	return rc < 0 ? smc_error(opts, nl, rc, "cannot monitor SMC events") : EXIT_OK;
}

const struct smc_cmd smc_cmd_monitor = {
	.name = "monitor",
	.variants = SMC_VARIANT_R | SMC_VARIANT_D,
	.run = monitor_run,
	.usage = "",
	.streams = true,
};
