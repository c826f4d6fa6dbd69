// SPDX-License-Identifier: GPL-2.0
/* smc_pnet: the PNET table, which ties net devices and RDMA device ports to
 * a physical network ID, with IBM's smc_pnet command line: -a, -d, -s and
 * -f are flags, the PNET ID the one positional argument, before or after
 * the other options.
 *   smc_pnet [-s] [PNETID]                      show (all, or one ID)
 *   smc_pnet -a [-I IFACE] [-D IBDEV [-P PORT]] PNETID
 *   smc_pnet -d PNETID
 *   smc_pnet -f
 */
#include <errno.h>
#include <getopt.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <smcnl/smcnl.h>

#include "smc_tool.h"

enum action { SHOW, ADD, DEL, FLUSH };

struct pnet_opts {
	struct smc_opts common;
	enum action action;
	const char *pnetid;
	const char *netdev;
	const char *ibdev;
	unsigned int ibport;
	struct out *out;
};

static void usage(FILE *f)
{
	fprintf(f, "Usage: smc_pnet [-s|--show] [PNETID]\n"
		   "       smc_pnet -a|--add [-I|--interface IFACE] "
		   "[-D|--ibdevice IBDEV [-P|--ibport PORT]] PNETID\n"
		   "       smc_pnet -d|--delete PNETID\n"
		   "       smc_pnet -f|--flush\n"
		   "       smc_pnet -v|--version | -h|--help\n"
		   "  -j|--json, -p|--pretty: JSON output of --show\n"
		   "A PNET ID has 1 to %d letters and digits; the kernel keeps it upper case.\n",
		SMCNL_PNETID_LEN);
}

static int usage_error(const char *fmt, const char *arg)
{
	fputs("Error: ", stderr);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	usage(stderr);
	return EXIT_USAGE;
}

static int show_entry(const struct smcnl_pnet_entry *e, void *arg)
{
	struct pnet_opts *opts = arg;
	struct out *o = opts->out;

	if (opts->pnetid && strcasecmp(opts->pnetid, e->pnetid))
		return 0;
	out_object_begin(o, NULL);
	out_str(o, "pnetid", "%s", e->pnetid);
	if (e->netdev[0])
		out_str(o, "netdev", " %s", e->netdev);
	else
		out_text(o, " -");
	if (e->ibdev[0]) {
		out_str(o, "ibdev", " %s", e->ibdev);
		out_uint(o, "ibport", " %llu", e->ibport);
	} else {
		out_text(o, " - -");
	}
	out_text(o, "\n");
	out_end(o);
	return 0;
}

/* The kernel keeps entries for devices that do not exist yet: say so. */
static void warn_missing(const struct pnet_opts *opts)
{
	char path[128];

	if (opts->netdev && !if_nametoindex(opts->netdev))
		fprintf(stderr, "Warning: network device \"%s\" does not exist (yet); "
			"the entry applies when it appears\n", opts->netdev);
	snprintf(path, sizeof(path), "/sys/class/infiniband/%s", opts->ibdev ? opts->ibdev : "");
	if (opts->ibdev && access(path, F_OK))
		fprintf(stderr, "Warning: RDMA device \"%s\" does not exist (yet); "
			"the entry applies when it appears\n", opts->ibdev);
}

static int run(struct pnet_opts *opts, struct smcnl *nl)
{
	struct smcnl_pnet_entry e = { 0 };
	int rc;

	switch (opts->action) {
	case SHOW:
		out_array_begin(opts->out, "pnet");
		if (opts->pnetid)
			rc = smcnl_pnet_get(nl, opts->pnetid, show_entry, opts);
		else
			rc = smcnl_pnet_dump(nl, show_entry, opts);
		out_end(opts->out);
		return rc ? smc_error(&opts->common, nl, rc, "cannot read the PNET table") : EXIT_OK;
	case FLUSH:
		rc = smcnl_pnet_flush(nl);
		return rc ? smc_error(&opts->common, nl, rc, "cannot flush the PNET table") : EXIT_OK;
	case DEL:
		rc = smcnl_pnet_del(nl, opts->pnetid);
		if (rc == -ENOENT) {
			fprintf(stderr, "Error: PNET ID \"%s\": not in the PNET table\n", opts->pnetid);
			return EXIT_RUNTIME;
		}
		return rc ? smc_error(&opts->common, nl, rc, "cannot delete PNET ID \"%s\"",
				      opts->pnetid) : EXIT_OK;
	case ADD:
		strcpy(e.pnetid, opts->pnetid);
		if (opts->netdev)
			strcpy(e.netdev, opts->netdev);
		if (opts->ibdev)
			strcpy(e.ibdev, opts->ibdev);
		e.ibport = (uint8_t)opts->ibport;
		warn_missing(opts);
		rc = smcnl_pnet_add(nl, &e);
		if (rc == -EEXIST) {
			fprintf(stderr, "Error: cannot add PNET ID \"%s\": the device already has "
				"an entry (smc_pnet -d it first)\n", opts->pnetid);
			return EXIT_RUNTIME;
		}
		return rc ? smc_error(&opts->common, nl, rc, "cannot add PNET ID \"%s\"",
				      opts->pnetid) : EXIT_OK;
	}
	return EXIT_USAGE;
}

static int set_action(struct pnet_opts *opts, enum action action, int c)
{
	if (opts->action != SHOW && opts->action != action) {
		fprintf(stderr, "Error: -%c: only one of -a, -d, -s and -f at a time\n", c);
		usage(stderr);
		return EXIT_USAGE;
	}
	opts->action = action;
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	static const struct option long_opts[] = {
		{ "add", no_argument, NULL, 'a' },
		{ "delete", no_argument, NULL, 'd' },
		{ "show", no_argument, NULL, 's' },
		{ "flush", no_argument, NULL, 'f' },
		{ "interface", required_argument, NULL, 'I' },
		{ "ibdevice", required_argument, NULL, 'D' },
		{ "ibport", required_argument, NULL, 'P' },
		{ "json", no_argument, NULL, 'j' },
		{ "pretty", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'v' },
		{ 0 }
	};
	struct pnet_opts opts = { .common = { .prog = "smc_pnet" } };
	struct smcnl *nl;
	struct out out;
	char *end;
	int c, rc;

	while ((c = getopt_long(argc, argv, "adsfI:D:P:jphv", long_opts, NULL)) != -1) {
		rc = EXIT_OK;
		switch (c) {
		case 'a': rc = set_action(&opts, ADD, c); break;
		case 'd': rc = set_action(&opts, DEL, c); break;
		case 's': rc = set_action(&opts, SHOW, c); break;
		case 'f': rc = set_action(&opts, FLUSH, c); break;
		case 'I': opts.netdev = optarg; break;
		case 'D': opts.ibdev = optarg; break;
		case 'P':
			errno = 0;
			opts.ibport = strtoul(optarg, &end, 10);
			if (errno || *end || opts.ibport < 1 || opts.ibport > SMCNL_MAX_PORTS)
				return usage_error("-P \"%s\": an RDMA port is 1 or 2", optarg);
			break;
		case 'j': opts.common.json = true; break;
		case 'p': opts.common.json = opts.common.pretty = true; break;
		case 'h': usage(stdout); return EXIT_OK;
		case 'v':
			printf("smc_pnet utility, smc-next %s (smc-tools 1.8.5 command lines)\n",
			       SMC_NEXT_VERSION);
			return EXIT_OK;
		default: usage(stderr); return EXIT_USAGE;
		}
		if (rc)
			return rc;
	}
	/* getopt moved the PNET ID behind the options, wherever it stood. */
	if (optind < argc)
		opts.pnetid = argv[optind++];
	if (optind < argc)
		return usage_error("unexpected argument \"%s\"", argv[optind]);
	if ((opts.action == ADD || opts.action == DEL) && !opts.pnetid)
		return usage_error("%s needs a PNET ID", opts.action == ADD ? "-a" : "-d");
	if (opts.pnetid && !smcnl_pnetid_valid(opts.pnetid))
		return usage_error("PNET ID \"%s\" must have 1 to 16 letters and digits",
				   opts.pnetid);
	if (opts.action == ADD && !opts.netdev && !opts.ibdev)
		return usage_error("-a %s needs a device: -I IFACE and/or -D IBDEV", opts.pnetid);
	if (opts.action != ADD && (opts.netdev || opts.ibdev || opts.ibport)) {
		/* IBM's smc_pnet goes on without them; so do we, but says so. */
		fprintf(stderr, "Warning: -I, -D and -P belong to -a; ignored with %s\n",
			opts.action == DEL ? "-d" : opts.action == FLUSH ? "-f" : "-s");
		opts.netdev = opts.ibdev = NULL;
		opts.ibport = 0;
	}
	if (opts.ibport && !opts.ibdev)
		return usage_error("%s", "-P needs -D IBDEV");
	if (opts.netdev && strlen(opts.netdev) > SMCNL_IFNAME_LEN)
		return usage_error("interface name \"%s\" is too long", opts.netdev);
	if (opts.ibdev && strlen(opts.ibdev) > SMCNL_IBNAME_LEN - 1)
		return usage_error("RDMA device name \"%s\" is too long", opts.ibdev);
	if (opts.action == FLUSH && opts.pnetid)
		return usage_error("-f takes no PNET ID (\"%s\")", opts.pnetid);

	rc = smcnl_open(&nl);
	if (rc)
		return smc_error(&opts.common, NULL, rc, "cannot open a generic netlink socket");
	out_open(&out, opts.common.json, opts.common.pretty);
	opts.out = &out;
	rc = run(&opts, nl);
	if (rc)
		out_discard(&out);
	else if (out_close(&out))
		rc = smc_error(&opts.common, NULL, -EIO, "cannot write the output");
	smcnl_close(nl);
	return rc;
}
