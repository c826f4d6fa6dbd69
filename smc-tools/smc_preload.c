// SPDX-License-Identifier: GPL-2.0
/* libsmc-preload.so: LD_PRELOAD library behind smc_run. It turns the TCP
 * sockets an unchanged program creates into SMC sockets.
 *
 * socket() is overridden and the real system call made with syscall(), so
 * nothing has to be looked up with dlsym() first: a dlsym-based wrapper
 * races with threads that create sockets during its initialisation.
 *
 * Environment (set by smc_run):
 *   SMC_RUN_FAMILY  "inet" (default): socket(AF_INET[6], SOCK_STREAM,
 *                   IPPROTO_SMC), the socket keeps its address family;
 *                   "smc": socket(AF_SMC, SOCK_STREAM, SMCPROTO_SMC[6]).
 *   SMC_SNDBUF, SMC_RCVBUF  socket buffer sizes to set on new SMC sockets.
 *   SMC_RUN_DEBUG   "1": report each converted socket on stderr.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef AF_SMC
#define AF_SMC 43
#endif
#ifndef IPPROTO_SMC
#define IPPROTO_SMC 256
#endif
#define SMCPROTO_SMC	0
#define SMCPROTO_SMC6	1

#define SMC_EXPORT __attribute__((visibility("default")))

static int raw_socket(int domain, int type, int protocol)
{
	return (int)syscall(SYS_socket, domain, type, protocol);
}

static void set_buf(int fd, int opt, const char *env)
{
	const char *v = getenv(env);
	char *end;
	long size;

	if (!v || !*v)
		return;
	size = strtol(v, &end, 0);
	switch (*end) {
	case 'k': case 'K': size <<= 10; break;
	case 'm': case 'M': size <<= 20; break;
	}
	if (size > 0 && size <= 0x7fffffff)
		setsockopt(fd, SOL_SOCKET, opt, &(int){ (int)size }, sizeof(int));
}

SMC_EXPORT int socket(int domain, int type, int protocol)
{
	const char *family = getenv("SMC_RUN_FAMILY");
	int base_type = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
	int fd, saved;

	if ((domain != AF_INET && domain != AF_INET6) || base_type != SOCK_STREAM ||
	    (protocol != 0 && protocol != IPPROTO_TCP))
		return raw_socket(domain, type, protocol);

	if (family && !strcmp(family, "smc"))
		fd = raw_socket(AF_SMC, type,
				domain == AF_INET6 ? SMCPROTO_SMC6 : SMCPROTO_SMC);
	else
		fd = raw_socket(domain, type, IPPROTO_SMC);
	if (fd < 0) {
		/* No SMC in this kernel: the program still gets its TCP socket. */
		saved = errno;
		fd = raw_socket(domain, type, protocol);
		if (getenv("SMC_RUN_DEBUG"))
			fprintf(stderr, "smc_run: SMC socket refused (%s), using TCP\n",
				strerror(saved));
		return fd;
	}
	set_buf(fd, SO_SNDBUF, "SMC_SNDBUF");
	set_buf(fd, SO_RCVBUF, "SMC_RCVBUF");
	if (getenv("SMC_RUN_DEBUG"))
		fprintf(stderr, "smc_run: socket %d is SMC\n", fd);
	return fd;
}
