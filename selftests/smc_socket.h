/* SPDX-License-Identifier: GPL-2.0 */
/* The three kinds of stream socket the selftest helpers open. */
#ifndef SMC_SOCKET_H
#define SMC_SOCKET_H

enum smc_sock_kind {
	SMC_KIND_SMC,		/* socket(AF_SMC, SOCK_STREAM, SMCPROTO_SMC[6]) */
	SMC_KIND_INET,		/* socket(AF_INET[6], SOCK_STREAM, IPPROTO_SMC) */
	SMC_KIND_TCP,		/* plain TCP */
};

/* "smc", "inet" or "tcp"; -1 for anything else. */
int smc_sock_kind_parse(const char *name);
/* A socket of that kind for IP family (AF_INET or AF_INET6); -1 and errno. */
int smc_sock_open(enum smc_sock_kind kind, int family);

#endif
