/* SPDX-License-Identifier: GPL-2.0 */
/* Read AF_SMC sockets through sock_diag, without libnl, so the selftests
 * check the kernel independently of the netlink/ library.
 */
#ifndef SMC_SOCKDIAG_H
#define SMC_SOCKDIAG_H

#include <stdbool.h>
#include <stdint.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(arr) (sizeof(arr) / sizeof((arr)[0]))
#endif

struct smc_sock_info {
	uint64_t inode;
	uint32_t uid;
	uint8_t family;		/* AF_INET or AF_INET6 of the TCP connection */
	uint8_t state;		/* TCP state numbering, as the kernel reports */
	uint8_t mode;		/* SMC_DIAG_MODE_* */
	uint8_t shutdown;
	char local[64];		/* "addr:port" */
	char peer[64];
	bool has_fallback;
	uint32_t fallback_reason;
	uint32_t peer_diagnosis;
};

struct nlmsghdr;

/* Fills *info from one SOCK_DIAG_BY_FAMILY reply; -EPROTO if it is short. */
int smc_diag_parse_msg(const struct nlmsghdr *nlh, struct smc_sock_info *info);

/* Called for each socket; a non-zero return stops the walk and is returned. */
typedef int (*smc_sock_cb)(const struct smc_sock_info *sk, void *arg);

/* 0 when every socket was visited, -errno on a netlink failure. */
int smc_diag_walk(smc_sock_cb cb, void *arg);
/* 0 and *info filled, -ENOENT when no SMC socket has that inode. */
int smc_diag_find_inode(uint64_t inode, struct smc_sock_info *info);

const char *smc_diag_mode_name(uint8_t mode);
/* Parses SMCR, SMCD, TCP (or FALLBACK); -1 for anything else. */
int smc_diag_mode_parse(const char *name);
const char *smc_diag_state_name(uint8_t state);

#endif
