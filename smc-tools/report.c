// SPDX-License-Identifier: GPL-2.0
/* Errors as every tool prints them: "Error: WHAT: WHY". */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <smcnl/smcnl.h>

#include "smc_tool.h"

static const char *hint(int rc)
{
	switch (rc) {
	case -EPERM:
	case -EACCES:
		return " (this needs CAP_NET_ADMIN)";
	case -EPROTONOSUPPORT:
		return " (is the smc module loaded?)";
	default:
		return "";
	}
}

int smc_error(const struct smc_opts *opts, struct smcnl *nl, int rc,
	      const char *fmt, ...)
{
	const char *msg = nl ? smcnl_errmsg(nl) : "";
	va_list ap;

	(void)opts;
	fputs("Error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (rc == -EPROTONOSUPPORT)
		fprintf(stderr, ": the kernel offers no SMC netlink interface%s\n", hint(rc));
	else if (msg[0])
		fprintf(stderr, ": %s\n", msg);
	else
		fprintf(stderr, ": %s%s\n", strerror(-rc), hint(rc));
	return EXIT_RUNTIME;
}

