// SPDX-License-Identifier: LGPL-2.1-or-later
/* An example of libsmcnl built against the installed library:
 *   cc smcnl-info.c $(pkg-config --cflags --libs libsmcnl)
 * Prints what SMC the kernel offers and its link groups; a kernel without
 * SMC is said so (exit 0), another error is exit 1.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <smcnl/smcnl.h>

static int count_lgr(const struct smcnl_lgr_smcr *lgr, void *arg)
{
	unsigned int *n = arg;

	(*n)++;
	/* a member this program knows but an older library might not fill */
	if (SMCNL_HAS(lgr, features) && lgr->has_features)
		printf("  link group %08x: features 0x%x\n", lgr->id, lgr->features);
	return 0;
}

int main(void)
{
	struct smcnl_sys_info info;
	unsigned int lgrs = 0;
	struct smcnl *nl;
	int rc;

	rc = smcnl_open(&nl);
	if (rc) {
		fprintf(stderr, "smcnl-info: %s\n", strerror(-rc));
		return 1;
	}
	rc = smcnl_sys_info(nl, &info);
	if (rc == -EPROTONOSUPPORT) {
		printf("smcnl-info: this kernel offers no SMC (is the smc module loaded?)\n");
		smcnl_close(nl);
		return 0;
	}
	if (!rc)
		rc = smcnl_lgr_smcr_dump(nl, count_lgr, &lgrs);
	if (rc) {
		fprintf(stderr, "smcnl-info: %s%s%s\n", strerror(-rc),
			smcnl_errmsg(nl)[0] ? ": " : "", smcnl_errmsg(nl));
		smcnl_close(nl);
		return 1;
	}
	printf("smcnl-info: SMC %u.%u, %u SMC-R link group(s)\n", info.version, info.release,
	       lgrs);
	smcnl_close(nl);
	return 0;
}
