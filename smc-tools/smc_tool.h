/* SPDX-License-Identifier: GPL-2.0 */
/* What smcr and smcd share: options, the command table, error reporting. */
#ifndef SMC_TOOLS_SMC_TOOL_H
#define SMC_TOOLS_SMC_TOOL_H

#include <stdbool.h>
#include <stdint.h>

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
	bool stats;			/* -s: counters of links and link groups */
	bool absolute;			/* -a: stats since boot, not since "reset" */
};

/* Whether word is a non-empty prefix of name: IBM's (and iproute2's)
 * abbreviations of objects, commands and options.
 */
bool smc_matches(const char *word, const char *name);

struct smc_cmd {
	const char *name;
	unsigned int variants;		/* SMC_VARIANT_* it exists in */
	int (*run)(const struct smc_opts *opts, struct smcnl *nl, struct out *out,
		   int argc, char **argv);
	const char *usage;		/* after "PROG NAME " */
	const char *usage_smcd;		/* smcd's, when it differs */
	bool streams;			/* prints each item itself, as it comes */
	const char *const *verbs;	/* its commands, NULL-terminated */
};

/* The usage line of cmd for this tool. */
const char *smc_cmd_usage(const struct smc_opts *opts, const struct smc_cmd *cmd);

extern const struct smc_cmd smc_cmd_info, smc_cmd_linkgroup, smc_cmd_device,
	smc_cmd_stats, smc_cmd_monitor, smc_cmd_ueid, smc_cmd_seid, smc_cmd_hs_limitation;

/* What a command's trailing words selected. */
struct smc_select {
	bool has_id;
	uint32_t id;			/* link group ID */
	const char *ibdev;		/* NULL: any */
	uint32_t netdev;		/* ifindex, 0: any */
};

enum { SMC_SELECT_ID = 1, SMC_SELECT_DEV = 2 };

/* Parses [all|ID] [ibdev NAME] [netdev NAME] as allowed; a device that does
 * not exist is an error here, not an empty list later. Returns EXIT_*.
 */
int smc_select_parse(const struct smc_opts *opts, const struct smc_cmd *cmd,
		     int argc, char **argv, unsigned int allow, struct smc_select *sel);
/* Whether a link on (ibdev, netdev) passes the device selection. */
bool smc_select_link(const struct smc_select *sel, const char *ibdev, uint32_t netdev);
/* The name of a net device (IF_NAMESIZE bytes), "-" for none. */
void smc_ifname(char *buf, uint32_t ifindex);

int smc_main(int argc, char **argv, enum smc_variant variant);

/* "Error: WHAT: REASON" on stderr, REASON the kernel's extack message or
 * strerror(-rc) with a hint; returns EXIT_RUNTIME.
 */
int smc_error(const struct smc_opts *opts, struct smcnl *nl, int rc,
	      const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* "Error: ..." and the command's usage on stderr; returns EXIT_USAGE. */
int smc_usage_error(const struct smc_opts *opts, const struct smc_cmd *cmd,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* features.c: agreed CLC feature extensions, SMC_NEXT_FEATURE_* bits */
void out_features(struct out *o, const char *key, const char *fmt,
		  uint32_t features);

#endif
