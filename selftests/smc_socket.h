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

struct sockaddr_storage;

/* The address of host:port (host NULL: any, for a server) in family;
 * 0, or -1 with "PROG: HOST port PORT: reason" on stderr.
 */
int smc_sock_resolve(const char *prog, const char *host, const char *port,
		     int family, struct sockaddr_storage *ss, unsigned int *len);

#endif
