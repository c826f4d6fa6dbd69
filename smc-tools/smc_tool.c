// SPDX-License-Identifier: GPL-2.0
/* smcr and smcd: PROG [OPTIONS] OBJECT [COMMAND [ARGS]]. */
#include "smc_tool.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <smcnl/smcnl.h>

#ifndef SMC_NEXT_VERSION
#define SMC_NEXT_VERSION "unknown"
#endif

static const struct smc_cmd *const commands[] = {
	&smc_cmd_info,
	&smc_cmd_linkgroup,
	&smc_cmd_device,
	&smc_cmd_stats,
	&smc_cmd_monitor,
	&smc_cmd_ueid,
	&smc_cmd_seid,
	&smc_cmd_hs_limitation,
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

const char *smc_cmd_usage(const struct smc_opts *opts, const struct smc_cmd *cmd)
{
	if (opts->variant == SMC_VARIANT_D && cmd->usage_smcd)
		return cmd->usage_smcd;
	return cmd->usage;
}

static void usage(const struct smc_opts *opts, FILE *f)
{
	size_t i;

	fprintf(f, "usage: %s [-j|--json] [-p|--pretty] [-d]... [-s] OBJECT [COMMAND [ARGS]]\n"
		   "       %s -h|--help | -v|--version\n"
		   "objects:\n", opts->prog, opts->prog);
	for (i = 0; i < N_COMMANDS; i++)
		if (commands[i]->variants & opts->variant)
			fprintf(f, "  %s %s %s\n", opts->prog, commands[i]->name,
				smc_cmd_usage(opts, commands[i]));
}

int smc_usage_error(const struct smc_opts *opts, const struct smc_cmd *cmd,
		    const char *fmt, ...)
{
	va_list ap;

	fputs("Error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (cmd)
		fprintf(stderr, "usage: %s %s %s\n", opts->prog, cmd->name,
			smc_cmd_usage(opts, cmd));
	else
		usage(opts, stderr);
	return EXIT_USAGE;
}

int smc_main(int argc, char **argv, enum smc_variant variant)
{
	static const struct option long_opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "pretty", no_argument, NULL, 'p' },
		{ "details", no_argument, NULL, 'd' },
		{ "stats", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'v' },
		{ 0 }
	};
	struct smc_opts opts = {
		.prog = variant == SMC_VARIANT_R ? "smcr" : "smcd",
		.variant = variant,
	};
	const struct smc_cmd *cmd = NULL;
	struct smcnl *nl;
	struct out out;
	int c, rc;
	size_t i;

	/* Options end at the object: "smcr ueid add -X" is the command's. */
	while ((c = getopt_long(argc, argv, "+jpdshv", long_opts, NULL)) != -1) {
		switch (c) {
		case 'j': opts.json = true; break;
		case 'p': opts.json = opts.pretty = true; break;
		case 'd': opts.details++; break;
		case 's': opts.stats = true; break;
		case 'h': usage(&opts, stdout); return EXIT_OK;
		case 'v': printf("%s (smc-next) %s\n", opts.prog, SMC_NEXT_VERSION); return EXIT_OK;
		default: usage(&opts, stderr); return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return smc_usage_error(&opts, NULL, "no object given");
	if (!strcmp(argv[optind], "help")) {
		usage(&opts, stdout);
		return EXIT_OK;
	}
	for (i = 0; i < N_COMMANDS; i++)
		if ((commands[i]->variants & variant) && !strcmp(argv[optind], commands[i]->name))
			cmd = commands[i];
	if (!cmd)
		return smc_usage_error(&opts, NULL, "unknown object \"%s\"", argv[optind]);
	if (optind + 1 < argc && !strcmp(argv[optind + 1], "help")) {
		printf("usage: %s %s %s\n", opts.prog, cmd->name, smc_cmd_usage(&opts, cmd));
		return EXIT_OK;
	}

	rc = smcnl_open(&nl);
	if (rc)
		return smc_error(&opts, NULL, rc, "cannot open a generic netlink socket");
	/* A streaming command (monitor) prints its items itself. */
	out_open(&out, opts.json && !cmd->streams, opts.pretty);
	rc = cmd->run(&opts, nl, &out, argc - optind - 1, argv + optind + 1);
	if (rc != EXIT_OK) {
		out_discard(&out);
	} else if (out_close(&out)) {
		fprintf(stderr, "Error: cannot write the output: %s\n", strerror(errno));
		rc = EXIT_RUNTIME;
	}
	smcnl_close(nl);
	return rc;
}
