// SPDX-License-Identifier: GPL-2.0
#include "smc_socket.h"

#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#ifndef AF_SMC
#define AF_SMC 43
#endif
#ifndef IPPROTO_SMC
#define IPPROTO_SMC 256		/* include/uapi/linux/in.h, 6.11+ */
#endif
#define SMCPROTO_SMC	0	/* net/smc/smc.h: IPv4 over AF_SMC */
#define SMCPROTO_SMC6	1	/* IPv6 over AF_SMC */

int smc_sock_kind_parse(const char *name)
{
	if (!strcmp(name, "smc"))
		return SMC_KIND_SMC;
	if (!strcmp(name, "inet"))
		return SMC_KIND_INET;
	if (!strcmp(name, "tcp"))
		return SMC_KIND_TCP;
	return -1;
}

int smc_sock_open(enum smc_sock_kind kind, int family)
{
	switch (kind) {
	case SMC_KIND_SMC:
		return socket(AF_SMC, SOCK_STREAM,
			      family == AF_INET6 ? SMCPROTO_SMC6 : SMCPROTO_SMC);
	case SMC_KIND_INET:
		return socket(family, SOCK_STREAM, IPPROTO_SMC);
	default:
		return socket(family, SOCK_STREAM, IPPROTO_TCP);
	}
}

int smc_sock_resolve(const char *prog, const char *host, const char *port,
		     int family, struct sockaddr_storage *ss, unsigned int *len)
{
	struct addrinfo hints = {
		.ai_family = family, .ai_socktype = SOCK_STREAM,
		.ai_flags = host ? 0 : AI_PASSIVE,
	};
	struct addrinfo *ai;
	int rc = getaddrinfo(host, port, &hints, &ai);

	if (rc) {
		fprintf(stderr, "%s: %s port %s: %s\n", prog, host ? host : "(any)",
			port, gai_strerror(rc));
		return -1;
	}
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	*len = ai->ai_addrlen;
	freeaddrinfo(ai);
	return 0;
}
