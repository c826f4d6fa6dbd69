/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libsmcnl: typed access to the kernel's SMC generic netlink families
 * (SMC_GEN_NETLINK, SMC_PNETID) and SMC sock_diag, over libnl-genl-3.
 *
 * Every call returns 0 or a negative errno; -EPROTONOSUPPORT means the
 * kernel has no such family (no SMC, or its module is not loaded). When
 * the kernel explained a refusal (extack), smcnl_errmsg() has its words
 * until the next call.
 * Attributes the running kernel does not send are left at zero and their
 * has_* flag false: the same binary serves stock and patched kernels.
 */
#ifndef SMCNL_SMCNL_H
#define SMCNL_SMCNL_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct smcnl;

#define SMCNL_EID_LEN		32	/* SMC_MAX_EID_LEN */
#define SMCNL_MAX_UEIDS		4	/* SMC_MAX_UEID */
#define SMCNL_HOSTNAME_LEN	32	/* SMC_MAX_HOSTNAME_LEN */

/* Opens a generic netlink socket; the families are resolved on first use. */
int smcnl_open(struct smcnl **nl);
void smcnl_close(struct smcnl *nl);
/* The kernel's extack message for the last failed call, or "". */
const char *smcnl_errmsg(const struct smcnl *nl);

/* SMC_NETLINK_GET_SYS_INFO */
struct smcnl_sys_info {
	uint8_t version;		/* SMC version, e.g. 2 */
	uint8_t release;		/* release within the version, e.g. 1 */
	bool has_ism_v2;
	bool ism_v2;			/* an ISM device is SMC-Dv2 capable */
	bool has_smcr_v2;
	bool smcr_v2;
	char local_host[SMCNL_HOSTNAME_LEN + 1];	/* "" if none */
	char seid[SMCNL_EID_LEN + 1];			/* "" if none */
};
int smcnl_sys_info(struct smcnl *nl, struct smcnl_sys_info *info);

/* User defined EIDs: up to SMCNL_MAX_UEIDS, blank padding removed. */
struct smcnl_ueid_table {
	unsigned int count;
	char ueid[SMCNL_MAX_UEIDS][SMCNL_EID_LEN + 1];
};
int smcnl_ueid_list(struct smcnl *nl, struct smcnl_ueid_table *table);
/* -EINVAL without a kernel call when ueid is longer than SMCNL_EID_LEN. */
int smcnl_ueid_add(struct smcnl *nl, const char *ueid);
int smcnl_ueid_del(struct smcnl *nl, const char *ueid);
int smcnl_ueid_flush(struct smcnl *nl);

/* System EID (s390 only; elsewhere the kernel reports none). */
struct smcnl_seid {
	char seid[SMCNL_EID_LEN + 1];	/* "" if none */
	bool enabled;
};
int smcnl_seid_get(struct smcnl *nl, struct smcnl_seid *seid);
int smcnl_seid_set(struct smcnl *nl, bool enable);

/* Handshake limitation (net.smc.limit_smc_hs, per network namespace). */
int smcnl_hs_limitation_get(struct smcnl *nl, bool *enabled);
int smcnl_hs_limitation_set(struct smcnl *nl, bool enable);

#ifdef __cplusplus
}
#endif
#endif
