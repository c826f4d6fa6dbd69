/* SPDX-License-Identifier: GPL-2.0 */
/* What smcr and smcd share: options, the command table, error reporting. */
#ifndef SMC_TOOLS_SMC_TOOL_H
#define SMC_TOOLS_SMC_TOOL_H

#include <stdbool.h>

#include "output.h"

struct smcnl;

enum smc_variant { SMC_VARIANT_R = 1, SMC_VARIANT_D = 2 };

/* Exit codes scripts can rely on. */
enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

struct smc_opts {
	const char *prog;		/* "smcr" or "smcd" */
	enum smc_variant variant;
	bool json;
	bool pretty;
	int details;			/* -d, repeatable */
};

struct smc_cmd {
	const char *name;
	unsigned int variants;		/* SMC_VARIANT_* it exists in */
	int (*run)(const struct smc_opts *opts, struct smcnl *nl, struct out *out,
		   int argc, char **argv);
	const char *usage;		/* after "PROG NAME " */
};

extern const struct smc_cmd smc_cmd_ueid, smc_cmd_seid, smc_cmd_hs_limitation;

int smc_main(int argc, char **argv, enum smc_variant variant);

/* "Error: WHAT: REASON" on stderr, REASON the kernel's extack message or
 * strerror(-rc) with a hint; returns EXIT_RUNTIME.
 */
int smc_error(const struct smc_opts *opts, struct smcnl *nl, int rc,
	      const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* "Error: ..." and the command's usage on stderr; returns EXIT_USAGE. */
int smc_usage_error(const struct smc_opts *opts, const struct smc_cmd *cmd,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
