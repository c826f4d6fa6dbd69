// SPDX-License-Identifier: GPL-2.0
/* The enterprise ID objects: ueid, seid, and the handshake limitation
 * switch the kernel keeps beside them.
 *   PROG ueid [show] | add UEID | del UEID | flush
 *   smcd seid [show] | enable | disable
 *   PROG hs-limitation [show] | enable | disable
 */
#include <stdio.h>
#include <string.h>

#include <smcnl/smcnl.h>

#include "smc_tool.h"

/* The verb: argv[0], "show" when there is none. */
static const char *verb(int argc, char **argv)
{
	return argc ? argv[0] : "show";
}

static int ueid_run(const struct smc_opts *opts, struct smcnl *nl, struct out *out,
		    int argc, char **argv)
{
	const char *v = verb(argc, argv);
	struct smcnl_ueid_table table;
	unsigned int i;
	int rc;

	if (smc_matches(v, "show") && argc <= 1) {
		rc = smcnl_ueid_list(nl, &table);
		if (rc)
			return smc_error(opts, nl, rc, "cannot read the UEID table");
		out_array_begin(out, "ueid");
		for (i = 0; i < table.count; i++)
			out_str(out, NULL, "%s\n", table.ueid[i]);
		out_end(out);
		return EXIT_OK;
	}
	if (smc_matches(v, "flush") && argc == 1) {
		rc = smcnl_ueid_flush(nl);
		return rc ? smc_error(opts, nl, rc, "cannot flush the UEID table") : EXIT_OK;
	}
	if ((smc_matches(v, "add") || smc_matches(v, "del")) && argc == 2) {
		bool add = smc_matches(v, "add");

		if (!argv[1][0] || strlen(argv[1]) > SMCNL_EID_LEN)
			return smc_usage_error(opts, &smc_cmd_ueid,
					       "UEID \"%s\" must have 1 to %d characters",
					       argv[1], SMCNL_EID_LEN);
		if (add)
			rc = smcnl_ueid_add(nl, argv[1]);
		else
			rc = smcnl_ueid_del(nl, argv[1]);
		return rc ? smc_error(opts, nl, rc, "cannot %s UEID \"%s\"",
				      add ? "add" : "delete", argv[1]) : EXIT_OK;
	}
	return smc_usage_error(opts, &smc_cmd_ueid, "unknown or incomplete command \"%s\"", v);
}

static const char *const ueid_verbs[] = { "show", "add", "del", "flush", NULL };

const struct smc_cmd smc_cmd_ueid = {
	.verbs = ueid_verbs,
	.name = "ueid",
	.variants = SMC_VARIANT_R | SMC_VARIANT_D,
	.run = ueid_run,
	.usage = "[show] | add UEID | del UEID | flush",
};

/* seid and hs-limitation: a switch shown, enabled or disabled. */
static const char *const switch_verbs[] = { "show", "enable", "disable", NULL };

enum switch_verb { SWITCH_SHOW, SWITCH_ENABLE, SWITCH_DISABLE };

static int switch_parse(const struct smc_opts *opts, const struct smc_cmd *cmd, int argc,
			char **argv, enum switch_verb *verb_out)
{
	const char *v = verb(argc, argv);

	if (argc > 1)
		return smc_usage_error(opts, cmd, "too many arguments");
	if (smc_matches(v, "show"))
		*verb_out = SWITCH_SHOW;
	else if (smc_matches(v, "enable"))
		*verb_out = SWITCH_ENABLE;
	else if (smc_matches(v, "disable"))
		*verb_out = SWITCH_DISABLE;
	else
		return smc_usage_error(opts, cmd, "unknown command \"%s\"", v);
	return EXIT_OK;
}

static int switch_set(const struct smc_opts *opts, struct smcnl *nl, const char *what,
		      int (*set)(struct smcnl *nl, bool enable), enum switch_verb v)
{
	int rc = set(nl, v == SWITCH_ENABLE);

	return rc ? smc_error(opts, nl, rc, "cannot %s %s",
			      v == SWITCH_ENABLE ? "enable" : "disable", what) : EXIT_OK;
}

static int seid_run(const struct smc_opts *opts, struct smcnl *nl, struct out *out,
		    int argc, char **argv)
{
	struct smcnl_seid seid;
	enum switch_verb v;
	int rc;

	rc = switch_parse(opts, &smc_cmd_seid, argc, argv, &v);
	if (rc || v != SWITCH_SHOW)
		return rc ? rc : switch_set(opts, nl, "the SEID", smcnl_seid_set, v);
	rc = smcnl_seid_get(nl, &seid);
	if (rc)
		return smc_error(opts, nl, rc, "cannot read the SEID");
	out_str(out, "seid", "%s ", seid.seid);
	out_bool(out, "enabled", "[%s]\n", seid.enabled ? "enabled" : "disabled", seid.enabled);
	return EXIT_OK;
}

const struct smc_cmd smc_cmd_seid = {
	.verbs = switch_verbs,
	.name = "seid",
	.variants = SMC_VARIANT_D,
	.run = seid_run,
	.usage = "[show] | enable | disable",
};

static int hs_limitation_run(const struct smc_opts *opts, struct smcnl *nl,
			     struct out *out, int argc, char **argv)
{
	enum switch_verb v;
	bool enabled;
	int rc;

	rc = switch_parse(opts, &smc_cmd_hs_limitation, argc, argv, &v);
	if (rc || v != SWITCH_SHOW)
		return rc ? rc : switch_set(opts, nl, "the handshake limitation",
					    smcnl_hs_limitation_set, v);
	rc = smcnl_hs_limitation_get(nl, &enabled);
	if (rc)
		return smc_error(opts, nl, rc, "cannot read the handshake limitation");
	out_bool(out, "enabled", "%s\n", enabled ? "enabled" : "disabled", enabled);
	return EXIT_OK;
}

const struct smc_cmd smc_cmd_hs_limitation = {
	.verbs = switch_verbs,
	.name = "hs-limitation",
	.variants = SMC_VARIANT_R | SMC_VARIANT_D,
	.run = hs_limitation_run,
	.usage = "[show] | enable | disable",
};
