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

/* An SMC socket as SMC sock_diag reports it. */
struct smcnl_sock {
	uint64_t inode;
	uint32_t uid;
	uint8_t family;		/* AF_INET or AF_INET6 of the TCP connection */
	uint8_t state;		/* enum smc_state numbering (ACTIVE 1, LISTEN 10) */
	uint8_t mode;		/* SMCNL_MODE_* */
	uint8_t shutdown;
	uint32_t ifindex;
	uint8_t local_addr[16], peer_addr[16];	/* network order, 4 or 16 bytes */
	uint16_t local_port, peer_port;		/* host order */
	bool has_fallback;
	uint32_t fallback_reason;	/* CLC decline code, 0 if none */
	uint32_t peer_diagnosis;
};

enum {
	SMCNL_MODE_SMCR = 0,	/* SMC_DIAG_MODE_SMCR */
	SMCNL_MODE_TCP = 1,	/* SMC_DIAG_MODE_FALLBACK_TCP */
	SMCNL_MODE_SMCD = 2,	/* SMC_DIAG_MODE_SMCD */
};

/* Called for each SMC socket of the caller's network namespace; a
 * negative return stops the dump and is returned.
 */
typedef int (*smcnl_sock_fn)(const struct smcnl_sock *sk, void *arg);
int smcnl_sock_dump(struct smcnl *nl, smcnl_sock_fn fn, void *arg);

/* Words for a CLC decline (fallback) code, NULL if unknown. */
const char *smcnl_decline_reason(uint32_t code);
const char *smcnl_sock_state_name(uint8_t state);
const char *smcnl_mode_name(uint8_t mode);

#ifdef __cplusplus
}
#endif
#endif
