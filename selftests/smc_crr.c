// SPDX-License-Identifier: GPL-2.0
/* smc_crr: connect, 1-byte request, 1-byte response, close; N times. The
 * time from connect() to the response counts the handshake's round trips:
 * run it at several netem delays and the slope of time over RTT is the
 * number of round trips, whatever the emulation costs.
 *
 *   smc_crr server [-p PORT] [-f smc|inet|tcp] [-n CONNS] [-w SECS] [-x P,A,C]
 *   smc_crr client HOST [-p PORT] [-f smc|inet|tcp] [-n CONNS] [-m MODE] [-w SECS]
 *                       [-x P,A,C] [-N] [-q] [-0]
 *
 * The client prints one line per connection, "crr N usec MODE", then
 * "crr first usec / median usec (of the others)"; with -m every
 * connection must have been MODE in sock_diag (exit 3 otherwise).
 *
 * For the cost of a whole connection (issue 16): -N connects without
 * blocking and polls for the result, as event-driven clients (wrk) do; -x
 * exchanges P, A and C bytes (client, server, client) before the request,
 * on both ends, to put a CLC-like exchange on a plain TCP connection; -q
 * prints no line per connection and looks up the mode of the first and
 * the last only, and only with -m (a sock_diag dump per connection would
 * cost more than the connection), and ends with "crr cycle usec", the
 * wall time per connection from its socket() to its close(). -0 (both
 * ends) moves no byte: connect, then the client shuts down writing and
 * waits for the server's close (so that each connection's work on both
 * ends is done within its time), and closes: what a connection costs
 * before its data.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
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
	unsigned int exchange[3];	/* -x: bytes client, server, client */
	bool nonblock;
	bool quiet;
	bool no_data;
};

/* The largest -x size: one buffer serves every step of the exchange. */
#define CRR_EXCHANGE_MAX 4096

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

/* 0; -1 and errno; or CRR_PEER_CLOSED for a read that found the end */
#define CRR_PEER_CLOSED 1

static int io_full(int fd, char *buf, size_t len, bool do_write)
{
	while (len) {
		ssize_t n = do_write ? write(fd, buf, len) : read(fd, buf, len);

		if (n < 0)
			return -1;
		if (!n)
			return CRR_PEER_CLOSED;
		buf += n;
		len -= n;
	}
	return 0;
}

/* why io_full() or exchange() failed */
static const char *io_error(int rc)
{
	return rc == CRR_PEER_CLOSED ? "the peer closed the connection" : strerror(errno);
}

/* The -x exchange, from this end's side; as io_full(). Without
 * Nagle: the request that follows the client's last step would otherwise
 * wait for that step's delayed ACK, where SMC sends it over the device.
 */
static int exchange(const struct crr_opts *o, int fd, bool client)
{
	static char buf[CRR_EXCHANGE_MAX];
	unsigned int step;
	int one = 1, rc;

	if (!o->exchange[0] && !o->exchange[1] && !o->exchange[2])
		return 0;
	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)))
		return -1;

	for (step = 0; step < 3; step++) {
		/* steps 0 and 2 are the client's to send */
		bool sends = (step != 1) == client;

		if (!o->exchange[step])
			continue;
		rc = io_full(fd, buf, o->exchange[step], sends);
		if (rc)
			return rc;
	}
	return 0;
}

/* connect(), or with -N connect() without blocking and poll(); 0, or -1
 * and errno (ECONNREFUSED and ETIMEDOUT as a blocking connect gives them).
 */
static int crr_connect(const struct crr_opts *o, int fd,
		       const struct sockaddr_storage *ss, socklen_t len)
{
	struct pollfd pfd = { .fd = fd, .events = POLLOUT };
	unsigned int secs = o->wait_secs ? o->wait_secs : 10;
	int flags, err = 0, n;
	socklen_t elen = sizeof(err);

	if (!o->nonblock)
		return connect(fd, (const struct sockaddr *)ss, len);
	/* poll() takes milliseconds in an int */
	if (secs > 86400)
		secs = 86400;
	flags = fcntl(fd, F_GETFL);
	if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK))
		return -1;
	if (connect(fd, (const struct sockaddr *)ss, len) && errno != EINPROGRESS)
		return -1;
	do {
		n = poll(&pfd, 1, secs * 1000);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	if (!n) {
		errno = ETIMEDOUT;
		return -1;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen))
		return -1;
	if (err) {
		errno = err;
		return -1;
	}
	return fcntl(fd, F_SETFL, flags);
}

static int run_server(const struct crr_opts *o)
{
	struct sockaddr_storage ss;
	socklen_t len;
	unsigned int i, failed = 0;
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
		int fd = accept(lfd, NULL, NULL), rc;
		char c;

		if (fd < 0) {
			fprintf(stderr, "smc_crr: accept: %s\n", strerror(errno));
			return 1;
		}
		rc = o->no_data ? 0 : exchange(o, fd, false);
		if (rc) {
			fprintf(stderr, "smc_crr: server: conn %u: exchange: %s\n", i, io_error(rc));
			failed++;
		} else if (!o->no_data && read(fd, &c, 1) == 1 && write(fd, &c, 1) != 1) {
			fprintf(stderr, "smc_crr: server: conn %u: write: %s\n", i, strerror(errno));
			failed++;
		}
		close(fd);
	}
	return failed ? 1 : 0;
}

static int run_client(const struct crr_opts *o)
{
	struct sockaddr_storage ss;
	double *t, first, median, begin;
	unsigned int i;
	socklen_t len;
	int rc = 0;

	if (smc_sock_resolve("smc_crr", o->host, o->port, AF_INET, &ss, &len))
		return 1;
	t = calloc(o->conns, sizeof(*t));
	if (!t)
		return 1;
	begin = now_us();
	for (i = 0; i < o->conns; i++) {
		double start, deadline = now_us() + o->wait_secs * 1e6;
		struct smc_sock_info info;
		const char *mode = "TCP";
		struct stat st;
		bool mismatch;
		char c = 'x';
		int fd, io;

		for (;;) {
			fd = smc_sock_open(o->kind, AF_INET);
			if (fd < 0) {
				fprintf(stderr, "smc_crr: socket: %s\n", strerror(errno));
				return 1;
			}
			start = now_us();
			if (!crr_connect(o, fd, &ss, len))
				break;
			close(fd);
			if (errno != ECONNREFUSED || now_us() > deadline) {
				fprintf(stderr, "smc_crr: connect: %s\n", strerror(errno));
				return 1;
			}
			usleep(100000);
		}
		if (o->no_data) {
			/* the end of the stream: the server accepted and closed */
			if (shutdown(fd, SHUT_WR) || read(fd, &c, 1) != 0) {
				fprintf(stderr, "smc_crr: conn %u: no end of stream from the server\n", i);
				return 1;
			}
		} else {
			io = exchange(o, fd, true);
			if (!io && write(fd, &c, 1) != 1)
				io = -1;
			if (!io)
				io = io_full(fd, &c, 1, false);
			if (io) {
				fprintf(stderr, "smc_crr: conn %u: request/response: %s\n", i,
					io_error(io));
				return 1;
			}
		}
		t[i] = now_us() - start;
		/* -q without -m: no sock_diag dump in the timed loop at all */
		if (o->quiet && (o->expect_mode < 0 || (i && i != o->conns - 1))) {
			close(fd);
			continue;
		}
		if (o->kind != SMC_KIND_TCP && !fstat(fd, &st) &&
		    !smc_diag_find_inode(st.st_ino, &info))
			mode = smc_diag_mode_name(info.mode);
		mismatch = o->expect_mode >= 0 &&
			   strcmp(mode, smc_diag_mode_name(o->expect_mode));
		if (mismatch)
			rc = 3;
		if (!o->quiet)
			printf("crr %u %.0f %s\n", i, t[i], mode);
		else if (mismatch)
			fprintf(stderr, "smc_crr: conn %u was %s\n", i, mode);
		close(fd);
	}
	if (o->quiet)
		printf("crr cycle %.1f\n", (now_us() - begin) / o->conns);
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

/* "P,A,C": three byte counts, each at most CRR_EXCHANGE_MAX */
static int parse_exchange(const char *arg, unsigned int sizes[3])
{
	const char *p = arg;
	char *end;
	int i;

	for (i = 0; i < 3; i++) {
		unsigned long v = 0;

		/* strtoul() would take a sign or leading blanks */
		if (*p >= '0' && *p <= '9')
			v = strtoul(p, &end, 10);
		if (!(*p >= '0' && *p <= '9') || v > CRR_EXCHANGE_MAX ||
		    *end != (i < 2 ? ',' : '\0')) {
			fprintf(stderr, "smc_crr: -x wants P,A,C, byte counts up to %d: %s\n",
				CRR_EXCHANGE_MAX, arg);
			return -1;
		}
		sizes[i] = v;
		p = end + 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct crr_opts o = {
		.port = "5300", .kind = SMC_KIND_SMC, .conns = 10, .expect_mode = -1,
	};
	int c;

	if (argc < 2 || (strcmp(argv[1], "server") && (strcmp(argv[1], "client") || argc < 3))) {
		fprintf(stderr, "usage: smc_crr server|client HOST [-p PORT] [-f smc|inet|tcp] [-n CONNS] [-m MODE] [-w SECS] [-x P,A,C] [-N] [-q] [-0]\n");
		return 2;
	}
	o.server = !strcmp(argv[1], "server");
	if (!o.server)
		o.host = argv[2];
	optind = o.server ? 2 : 3;
	while ((c = getopt(argc, argv, "p:f:n:m:w:x:Nq0")) != -1) {
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
		case 'x':
			if (parse_exchange(optarg, o.exchange))
				return 2;
			break;
		case 'N': o.nonblock = true; break;
		case 'q': o.quiet = true; break;
		case '0': o.no_data = true; break;
		default: return 2;
		}
	}
	if (!o.conns)
		return 2;
	return o.server ? run_server(&o) : run_client(&o);
}
