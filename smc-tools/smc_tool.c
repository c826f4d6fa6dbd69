// SPDX-License-Identifier: GPL-2.0
/* smcr and smcd: PROG [OPTIONS] OBJECT [COMMAND [ARGS]]. */
#include "smc_tool.h"

#include <errno.h>
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
	&smc_cmd_ueid,
	&smc_cmd_seid,
	&smc_cmd_monitor,
	&smc_cmd_hs_limitation,
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

const char *smc_cmd_usage(const struct smc_opts *opts, const struct smc_cmd *cmd)
{
	if (opts->variant == SMC_VARIANT_D && cmd->usage_smcd)
		return cmd->usage_smcd;
	return cmd->usage;
}

bool smc_matches(const char *word, const char *name)
{
	size_t len = strlen(word);

	return len && len <= strlen(name) && !strncmp(word, name, len);
}

static void usage(const struct smc_opts *opts, FILE *f)
{
	size_t i;

	fprintf(f, "Usage: %s [ OPTIONS ] OBJECT {COMMAND | help}\n"
		   "where  OBJECT := {", opts->prog);
	for (i = 0; i < N_COMMANDS; i++)
		if (commands[i]->variants & opts->variant)
			fprintf(f, "%s%s", i ? " | " : "", commands[i]->name);
	fprintf(f, "}\n"
		   "       OPTIONS := {-v[ersion] | -d[etails] | -dd[etails] | -a[bsolute] |\n"
		   "                   -j[son] | -p[retty] | -s[tats] | -h[elp]}\n"
		   "Objects, options and commands may be abbreviated (\"%s l sh\").\n"
		   "objects:\n", opts->prog);
	for (i = 0; i < N_COMMANDS; i++)
		if (commands[i]->variants & opts->variant)
			fprintf(f, "  %s %s %s\n", opts->prog, commands[i]->name,
				smc_cmd_usage(opts, commands[i]));
}

static void cmd_usage(const struct smc_opts *opts, const struct smc_cmd *cmd, FILE *f)
{
	fprintf(f, "Usage: %s %s %s\n", opts->prog, cmd->name, smc_cmd_usage(opts, cmd));
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
		cmd_usage(opts, cmd, stderr);
	else
		usage(opts, stderr);
	return EXIT_USAGE;
}

/* IBM's options: one dash, any prefix of the long name ("-det", "-abs"),
 * -dd for more details; ours (-j, -p, -s, -h) the same way. Options end at
 * the object: "smcr ueid add -X" is the command's. Returns the index of the
 * object, or -1 after printing help or the version (*rc says how it went).
 */
static int parse_options(struct smc_opts *opts, int argc, char **argv, int *rc)
{
	int i;

	*rc = EXIT_OK;
	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *o = argv[i] + 1;

		if (!strcmp(o, "-"))
			return i + 1;
		if (*o == '-')
			o++;		/* --json, --details ... */
		if (o[0] == 'd' && o[1] == 'd' && smc_matches(o, "ddetails")) {
			opts->details += 2;
		} else if (smc_matches(o, "details")) {
			opts->details++;
		} else if (smc_matches(o, "absolute")) {
			opts->absolute = true;
		} else if (smc_matches(o, "json")) {
			opts->json = true;
		} else if (smc_matches(o, "pretty")) {
			opts->json = opts->pretty = true;
		} else if (smc_matches(o, "stats")) {
			opts->stats = true;
		} else if (smc_matches(o, "help")) {
			usage(opts, stdout);
			return -1;
		} else if (smc_matches(o, "version")) {
			printf("%s utility, smc-next %s (smc-tools 1.8.5 command lines)\n",
			       opts->prog, SMC_NEXT_VERSION);
			return -1;
		} else {
			fprintf(stderr, "Error: unknown option \"%s\"\n", argv[i]);
			usage(opts, stderr);
			*rc = EXIT_USAGE;
			return -1;
		}
	}
	return i;
}

static bool is_verb(const struct smc_cmd *cmd, const char *word)
{
	const char *const *v;

	for (v = cmd->verbs; v && *v; v++)
		if (smc_matches(word, *v))
			return true;
	return false;
}

/* The object named by word: its full name, else the first in IBM's order
 * that it abbreviates ("l" is linkgroup, "s" stats).
 */
static const struct smc_cmd *find_cmd(enum smc_variant variant, const char *word)
{
	size_t i;

	for (i = 0; i < N_COMMANDS; i++)
		if ((commands[i]->variants & variant) && !strcmp(word, commands[i]->name))
			return commands[i];
	for (i = 0; i < N_COMMANDS; i++)
		if ((commands[i]->variants & variant) && smc_matches(word, commands[i]->name))
			return commands[i];
	return NULL;
}

int smc_main(int argc, char **argv, enum smc_variant variant)
{
	struct smc_opts opts = {
		.prog = variant == SMC_VARIANT_R ? "smcr" : "smcd",
		.variant = variant,
	};
	const struct smc_cmd *cmd;
	struct smcnl *nl;
	struct out out;
	int obj, rc;

	obj = parse_options(&opts, argc, argv, &rc);
	if (obj < 0)
		return rc;
	if (obj >= argc)
		return smc_usage_error(&opts, NULL, "no object given");
	/* "h" is help, as in IBM's tools; "hs" is hs-limitation. */
	if (smc_matches(argv[obj], "help")) {
		usage(&opts, stdout);
		return EXIT_OK;
	}
	cmd = find_cmd(variant, argv[obj]);
	if (!cmd)
		return smc_usage_error(&opts, NULL, "unknown object \"%s\"", argv[obj]);
	/* help after the object or after one of its commands (not after a
	 * value: "smcr device netdev help" names a device)
	 */
	if ((obj + 1 < argc && !strcmp(argv[obj + 1], "help")) ||
	    (obj + 2 < argc && !strcmp(argv[obj + 2], "help") && is_verb(cmd, argv[obj + 1]))) {
		cmd_usage(&opts, cmd, stdout);
		return EXIT_OK;
	}

	rc = smcnl_open(&nl);
	if (rc)
		return smc_error(&opts, NULL, rc, "cannot open a generic netlink socket");
	/* A streaming command (monitor) prints its items itself. */
	out_open(&out, opts.json && !cmd->streams, opts.pretty);
	rc = cmd->run(&opts, nl, &out, argc - obj - 1, argv + obj + 1);
	if (rc != EXIT_OK) {
		out_discard(&out);
	} else if (out_close(&out)) {
		fprintf(stderr, "Error: cannot write the output: %s\n", strerror(errno));
		rc = EXIT_RUNTIME;
	}
	smcnl_close(nl);
	return rc;
}
