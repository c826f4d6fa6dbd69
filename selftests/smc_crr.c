// SPDX-License-Identifier: GPL-2.0
/* smc_crr: connect, 1-byte request, 1-byte response, close; N times. The
 * time from connect() to the response counts the handshake's round trips:
 * run it at several netem delays and the slope of time over RTT is the
 * number of round trips, whatever the emulation costs.
 *
 *   smc_crr server [-p PORT] [-f smc|inet|tcp] [-n CONNS] [-w SECS]
 *   smc_crr client HOST [-p PORT] [-f smc|inet|tcp] [-n CONNS] [-m MODE] [-w SECS]
 *
 * The client prints one line per connection, "crr N usec MODE", then
 * "crr first usec / median usec (of the others)"; with -m every
 * connection must have been MODE in sock_diag (exit 3 otherwise).
 */
#include <errno.h>
#include <netdb.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "smc_sockdiag.h"
#include "smc_socket.h"

struct crr_opts {
	bool server;
	const char *host;
	const char *port;
	enum smc_sock_kind kind;
	unsigned int conns;
	int expect_mode;
	unsigned int wait_secs;
};

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int run_server(const struct crr_opts *o)
{
	struct sockaddr_storage ss;
	socklen_t len;
	unsigned int i;
	int lfd, one = 1;

	if (smc_sock_resolve("smc_crr", o->host, o->port, AF_INET, &ss, &len))
		return 1;
	lfd = smc_sock_open(o->kind, AF_INET);
	if (lfd < 0 || setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(lfd, (struct sockaddr *)&ss, len) || listen(lfd, 128)) {
		fprintf(stderr, "smc_crr: server on port %s: %s\n", o->port, strerror(errno));
		return 1;
	}
	if (o->wait_secs) {
		struct timeval tv = { .tv_sec = o->wait_secs };

		setsockopt(lfd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	}
	for (i = 0; i < o->conns; i++) {
		int fd = accept(lfd, NULL, NULL);
		char c;

		if (fd < 0) {
			fprintf(stderr, "smc_crr: accept: %s\n", strerror(errno));
			return 1;
		}
		if (read(fd, &c, 1) == 1 && write(fd, &c, 1) != 1)
			fprintf(stderr, "smc_crr: server: write: %s\n", strerror(errno));
		close(fd);
	}
	return 0;
}

static int run_client(const struct crr_opts *o)
{
	struct sockaddr_storage ss;
	double *t, first, median;
	unsigned int i;
	socklen_t len;
	int rc = 0;

	if (smc_sock_resolve("smc_crr", o->host, o->port, AF_INET, &ss, &len))
		return 1;
	t = calloc(o->conns, sizeof(*t));
	if (!t)
		return 1;
	for (i = 0; i < o->conns; i++) {
		double start, deadline = now_us() + o->wait_secs * 1e6;
		struct smc_sock_info info;
		const char *mode = "TCP";
		struct stat st;
		char c = 'x';
		int fd;

		for (;;) {
			fd = smc_sock_open(o->kind, AF_INET);
			if (fd < 0) {
				fprintf(stderr, "smc_crr: socket: %s\n", strerror(errno));
				return 1;
			}
			start = now_us();
			if (!connect(fd, (struct sockaddr *)&ss, len))
				break;
			close(fd);
			if (errno != ECONNREFUSED || now_us() > deadline) {
				fprintf(stderr, "smc_crr: connect: %s\n", strerror(errno));
				return 1;
			}
			usleep(100000);
		}
		if (write(fd, &c, 1) != 1 || read(fd, &c, 1) != 1) {
			fprintf(stderr, "smc_crr: conn %u: request/response failed\n", i);
			return 1;
		}
		t[i] = now_us() - start;
		if (o->kind != SMC_KIND_TCP && !fstat(fd, &st) &&
		    !smc_diag_find_inode(st.st_ino, &info))
			mode = smc_diag_mode_name(info.mode);
		if (o->expect_mode >= 0 && strcmp(mode, smc_diag_mode_name(o->expect_mode)))
			rc = 3;
		printf("crr %u %.0f %s\n", i, t[i], mode);
		close(fd);
	}
	first = t[0];
	if (o->conns > 1) {
		qsort(t + 1, o->conns - 1, sizeof(*t), cmp_double);
		median = t[1 + (o->conns - 1) / 2];
	} else {
		median = first;
	}
	printf("crr first %.0f median %.0f\n", first, median);
	free(t);
	if (rc)
		fprintf(stderr, "smc_crr: some connections were not %s\n",
			smc_diag_mode_name(o->expect_mode));
	return rc;
}

int main(int argc, char **argv)
{
	struct crr_opts o = {
		.port = "5300", .kind = SMC_KIND_SMC, .conns = 10, .expect_mode = -1,
	};
	int c;

	if (argc < 2 || (strcmp(argv[1], "server") && (strcmp(argv[1], "client") || argc < 3))) {
		fprintf(stderr, "usage: smc_crr server|client HOST [-p PORT] [-f smc|inet|tcp] [-n CONNS] [-m MODE] [-w SECS]\n");
		return 2;
	}
	o.server = !strcmp(argv[1], "server");
	if (!o.server)
		o.host = argv[2];
	optind = o.server ? 2 : 3;
	while ((c = getopt(argc, argv, "p:f:n:m:w:")) != -1) {
		switch (c) {
		case 'p': o.port = optarg; break;
		case 'f':
			c = smc_sock_kind_parse(optarg);
			if (c < 0)
				return 2;
			o.kind = c;
			break;
		case 'n': o.conns = strtoul(optarg, NULL, 0); break;
		case 'm': o.expect_mode = smc_diag_mode_parse(optarg); break;
		case 'w': o.wait_secs = strtoul(optarg, NULL, 0); break;
		default: return 2;
		}
	}
	if (!o.conns)
		return 2;
	return o.server ? run_server(&o) : run_client(&o);
}
