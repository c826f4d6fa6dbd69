// SPDX-License-Identifier: GPL-2.0
/* PROG info [show]: what SMC the kernel and the hardware offer. */
#include <stdio.h>
#include <string.h>

#include <smcnl/smcnl.h>

#include "smc_tool.h"

struct dev_names {
	char list[256];
	unsigned int n;
};

static int add_name(const struct smcnl_dev *dev, void *arg)
{
	struct dev_names *names = arg;
	size_t len = strlen(names->list);
	const char *name = dev->ibname[0] ? dev->ibname : dev->pci_id[0] ? dev->pci_id : "ism";

	snprintf(names->list + len, sizeof(names->list) - len, "%s%s", names->n ? " " : "", name);
	names->n++;
	return 0;
}

/* IBM's line: the SMC versions the devices can run, "n/a" without a
 * device; the device names go to JSON only.
 */
static void devices(struct out *o, const char *key, const char *label,
		    const struct dev_names *names, bool v2)
{
	char copy[sizeof(names->list)], versions_key[32], *save, *word;

	out_text(o, "%-18s", label);
	snprintf(versions_key, sizeof(versions_key), "%s_versions", key);
	out_array_begin(o, versions_key);
	if (names->n) {
		out_str(o, NULL, "%s", "v1");
		if (v2)
			out_str(o, NULL, " %s", "v2");
	} else {
		out_text(o, "n/a");
	}
	out_end(o);
	out_text(o, "\n");
	snprintf(versions_key, sizeof(versions_key), "%s_devices", key);
	out_array_begin(o, versions_key);
	strcpy(copy, names->list);
	for (word = strtok_r(copy, " ", &save); word; word = strtok_r(NULL, " ", &save))
		out_str(o, NULL, NULL, word);
	out_end(o);
}

static void features(struct out *o, const char *key, const char *label, bool v2)
{
	out_text(o, "%-18s", label);
	out_array_begin(o, key);
	out_str(o, NULL, "%s", "v1");
	if (v2)
		out_str(o, NULL, " %s", "v2");
	out_end(o);
	out_text(o, "\n");
}

static int info_run(const struct smc_opts *opts, struct smcnl *nl, struct out *out,
		    int argc, char **argv)
{
	struct dev_names ism = { "", 0 }, roce = { "", 0 };
	struct smcnl_sys_info info;
	char version[16];
	int rc;

	if (argc && smc_matches(argv[0], "show"))
		argc--, argv++;
	if (argc)
		return smc_usage_error(opts, &smc_cmd_info, "unexpected argument \"%s\"", argv[0]);
	rc = smcnl_sys_info(nl, &info);
	if (rc)
		return smc_error(opts, nl, rc, "cannot read the SMC system information");
	rc = smcnl_dev_smcd_dump(nl, add_name, &ism);
	if (!rc)
		rc = smcnl_dev_smcr_dump(nl, add_name, &roce);
	if (rc)
		return smc_error(opts, nl, rc, "cannot list the SMC devices");

	snprintf(version, sizeof(version), "%u.%u", info.version, info.release);
	out_text(out, "Kernel Capabilities\n");
	out_str(out, "version", "SMC Version:      %s\n", version);
	out_str(out, "hostname", "SMC Hostname:     %s\n",
		info.local_host[0] ? info.local_host : "(none)");
	features(out, "smcd_features", "SMC-D Features:", info.version >= 2 && info.ism_v2);
	features(out, "smcr_features", "SMC-R Features:", info.version >= 2 && info.smcr_v2);
	out_text(out, "\nHardware Capabilities\n");
	out_str(out, "seid", "SEID:             %s\n", info.seid[0] ? info.seid : "n/a");
	devices(out, "ism", "ISM:", &ism, info.version >= 2 && info.ism_v2);
	devices(out, "roce", "RoCE:", &roce, info.version >= 2 && info.smcr_v2);
	return EXIT_OK;
}

static const char *const info_verbs[] = { "show", NULL };

const struct smc_cmd smc_cmd_info = {
	.verbs = info_verbs,
	.name = "info",
	.variants = SMC_VARIANT_R | SMC_VARIANT_D,
	.run = info_run,
	.usage = "[show]",
};
