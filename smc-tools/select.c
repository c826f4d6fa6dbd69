// SPDX-License-Identifier: GPL-2.0
/* Selecting what to show: [all|ID] [type smcr|smcd] [ibdev NAME] [netdev NAME]. */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "smc_tool.h"

static bool ibdev_exists(const char *name)
{
	char path[128];

	if (strchr(name, '/') || snprintf(path, sizeof(path), "/sys/class/infiniband/%s",
					  name) >= (int)sizeof(path))
		return false;
	return access(path, F_OK) == 0;
}

int smc_select_parse(const struct smc_opts *opts, const struct smc_cmd *cmd,
		     int argc, char **argv, unsigned int allow, struct smc_select *sel)
{
	int i;

	memset(sel, 0, sizeof(*sel));
	for (i = 0; i < argc; i++) {
		const char *word = argv[i];
		char *end;

		if (!strcmp(word, "all"))
			continue;
		/* IBM's "type smcr|smcd": each tool shows its own kind only. */
		if (!strcmp(word, "type")) {
			const char *own = opts->variant == SMC_VARIANT_R ? "smcr" : "smcd";

			if (++i == argc)
				return smc_usage_error(opts, cmd, "type needs smcr or smcd");
			if (strcmp(argv[i], "smcr") && strcmp(argv[i], "smcd"))
				return smc_usage_error(opts, cmd, "type \"%s\": smcr or smcd",
						       argv[i]);
			if (strcmp(argv[i], own))
				return smc_usage_error(opts, cmd, "type %s: %s shows %s only; "
						       "use %s", argv[i], opts->prog,
						       opts->variant == SMC_VARIANT_R ?
						       "SMC-R" : "SMC-D", argv[i]);
			continue;
		}
		if ((allow & SMC_SELECT_DEV) && (!strcmp(word, "ibdev") || !strcmp(word, "netdev"))) {
			if (++i == argc)
				return smc_usage_error(opts, cmd, "%s needs a device name", word);
			if (word[0] == 'i') {
				if (!ibdev_exists(argv[i])) {
					fprintf(stderr, "Error: RDMA device \"%s\": no such device\n",
						argv[i]);
					return EXIT_RUNTIME;
				}
				sel->ibdev = argv[i];
			} else {
				sel->netdev = if_nametoindex(argv[i]);
				if (!sel->netdev) {
					fprintf(stderr, "Error: network device \"%s\": %s\n",
						argv[i], strerror(errno));
					return EXIT_RUNTIME;
				}
			}
			continue;
		}
		if ((allow & SMC_SELECT_ID) && !sel->has_id) {
			errno = 0;
			sel->id = strtoul(word, &end, 16);
			if (errno || !*word || *end || strlen(word) > 8)
				return smc_usage_error(opts, cmd,
						       "\"%s\" is not a link group ID (up to 8 hex digits)",
						       word);
			sel->has_id = true;
			continue;
		}
		return smc_usage_error(opts, cmd, "unexpected argument \"%s\"", word);
	}
	return EXIT_OK;
}

bool smc_select_link(const struct smc_select *sel, const char *ibdev, uint32_t netdev)
{
	if (sel->ibdev && strcmp(sel->ibdev, ibdev))
		return false;
	return !sel->netdev || sel->netdev == netdev;
}

void smc_ifname(char *buf, uint32_t ifindex)
{
	if (!ifindex || !if_indextoname(ifindex, buf))
		snprintf(buf, IF_NAMESIZE, ifindex ? "if%u" : "-", ifindex);
}
