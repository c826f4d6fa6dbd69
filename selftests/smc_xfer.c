// SPDX-License-Identifier: GPL-2.0
/* smc_xfer: a client and a server that move a pseudo-random byte stream over
 * an SMC (or TCP) connection, verify every byte, and check through sock_diag
 * which transport the kernel really used.
 *
 * Exit status: 0 ok, 1 system or network error (the connection failed),
 * 2 usage, 3 the connection used another mode (or fallback reason) than
 * expected, 5 data corrupted or cut short by an orderly end (EOF).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "smc_sockdiag.h"
#include "smc_socket.h"

enum { EXIT_SYS = 1, EXIT_USAGE = 2, EXIT_MODE = 3, EXIT_DATA = 5 };

#define HELLO_MAGIC	0x534d4358u	/* "SMCX" */
#define REPLY_MAGIC	0x534d4352u	/* "SMCR" */

struct xfer_opts {
	bool server;
	const char *host;
	const char *port;
	enum smc_sock_kind kind;
	uint64_t bytes;
	unsigned int conns;
	int expect_mode;	/* -1: do not check */
	long long expect_reason;	/* -1: do not check */
	uint32_t seed;
	unsigned int wait_secs;
	unsigned int hold_secs;
	int family;
};

struct hello {
	uint32_t magic;
	uint32_t seed;
	uint64_t bytes;
};

struct reply {
	uint32_t magic;
	uint32_t status;	/* 0: every byte matched */
	uint64_t verified;	/* bytes matched before the first mismatch */
};

/* xorshift64*: cheap, and both ends derive the same stream from the seed. */
struct pattern {
	uint64_t state;
	uint8_t word[8];
	unsigned int used;
};

static void pattern_init(struct pattern *p, uint32_t seed)
{
	p->state = 0x9e3779b97f4a7c15ull ^ seed;
	p->used = sizeof(p->word);
}

static void pattern_fill(struct pattern *p, uint8_t *buf, size_t len)
{
	while (len--) {
		if (p->used == sizeof(p->word)) {
			uint64_t x = p->state;

			x ^= x >> 12;
			x ^= x << 25;
			x ^= x >> 27;
			p->state = x;
			x *= 0x2545f4914f6cdd1dull;
			memcpy(p->word, &x, sizeof(x));
			p->used = 0;
		}
		*buf++ = p->word[p->used++];
	}
}

static void print_usage(FILE *out)
{
	fprintf(out,
		"usage: smc_xfer server [options]\n"
		"       smc_xfer client HOST [options]\n"
		"  -p PORT     TCP port (default 5000)\n"
		"  -f KIND     smc (AF_SMC), inet (IPPROTO_SMC) or tcp (default smc)\n"
		"  -6          IPv6\n"
		"  -b BYTES    bytes per connection, K/M/G suffix (default 1M)\n"
		"  -n CONNS    connections, one after the other (default 1)\n"
		"  -m MODE     fail unless sock_diag reports MODE: SMCR, SMCD or TCP\n"
		"  -r REASON   with -m TCP: fail unless the fallback reason is REASON\n"
		"  -s SEED     pattern seed (default 1)\n"
		"  -w SECS     client: retry a refused connect for SECS (default 0);\n"
		"              server: give up when no client came within SECS\n"
		"  -H SECS     client: keep each connection open SECS after the transfer\n"
		"              (SIGUSR1 ends the hold early: a test done looking)\n");
}

static bool parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;
	int shift;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return false;
	shift = *end == 'K' ? 10 : *end == 'M' ? 20 : *end == 'G' ? 30 : 0;
	if (shift) {
		v <<= shift;
		end++;
	}
	if (*end)
		return false;
	*out = v;
	return true;
}

static int parse_opts(int argc, char **argv, struct xfer_opts *o)
{
	int c;

	*o = (struct xfer_opts){
		.port = "5000", .kind = SMC_KIND_SMC, .bytes = 1 << 20, .conns = 1,
		.expect_mode = -1, .expect_reason = -1, .seed = 1,
		.family = AF_INET,
	};
	if (argc < 2)
		return -1;
	if (!strcmp(argv[1], "server")) {
		o->server = true;
	} else if (!strcmp(argv[1], "client") && argc >= 3) {
		o->host = argv[2];
		argv++;
		argc--;
	} else {
		return -1;
	}
	argv++;
	argc--;
	while ((c = getopt(argc, argv, "p:f:6b:n:m:r:s:w:H:h")) != -1) {
		switch (c) {
		case 'p':
			o->port = optarg;
			break;
		case '6':
			o->family = AF_INET6;
			break;
		case 'f':
			c = smc_sock_kind_parse(optarg);
			if (c < 0)
				return -1;
			o->kind = c;
			break;
		case 'b':
			if (!parse_size(optarg, &o->bytes))
				return -1;
			break;
		case 'n':
			o->conns = strtoul(optarg, NULL, 0);
			break;
		case 'm':
			o->expect_mode = smc_diag_mode_parse(optarg);
			if (o->expect_mode < 0)
				return -1;
			break;
		case 'r':
			o->expect_reason = strtoll(optarg, NULL, 0);
			break;
		case 's':
			o->seed = strtoul(optarg, NULL, 0);
			break;
		case 'w':
			o->wait_secs = strtoul(optarg, NULL, 0);
			break;
		case 'H':
			o->hold_secs = strtoul(optarg, NULL, 0);
			break;
		default: return -1;
		}
	}
	if (optind != argc || !o->conns)
		return -1;
	if (o->kind == SMC_KIND_TCP && o->expect_mode >= 0)
		return -1;	/* a plain TCP socket has no SMC mode */
	return 0;
}

static int open_socket(const struct xfer_opts *o)
{
	int fd = smc_sock_open(o->kind, o->family);

	if (fd < 0)
		fprintf(stderr, "smc_xfer: socket: %s%s\n", strerror(errno),
			errno == EAFNOSUPPORT || errno == EPROTONOSUPPORT ?
			" (is SMC in this kernel?)" : "");
	return fd;
}

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

static int read_all(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		ssize_t n = read(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n == 0 ? -2 : -1;
		p += n;
		len -= n;
	}
	return 0;
}

/* Checks the connected socket's transport as the kernel reports it. */
static int check_mode(const struct xfer_opts *o, int fd, const char *who,
		      unsigned int conn)
{
	struct smc_sock_info info;
	struct stat st;
	int rc;

	if (o->kind == SMC_KIND_TCP)
		return 0;
	if (fstat(fd, &st) < 0)
		return EXIT_SYS;
	rc = smc_diag_find_inode(st.st_ino, &info);
	if (rc) {
		fprintf(stderr, "smc_xfer: %s conn %u: sock_diag lookup of inode %lu: %s\n",
			who, conn, (unsigned long)st.st_ino, strerror(-rc));
		return o->expect_mode >= 0 ? EXIT_MODE : 0;
	}
	printf("%s conn %u: mode %s", who, conn, smc_diag_mode_name(info.mode));
	if (info.mode == 1 /* SMC_DIAG_MODE_FALLBACK_TCP */)
		printf(" reason 0x%08x peer 0x%08x", info.fallback_reason,
		       info.peer_diagnosis);
	printf(" %s -> %s\n", info.local, info.peer);
	if (o->expect_mode >= 0 && info.mode != o->expect_mode) {
		fprintf(stderr,
			"smc_xfer: %s conn %u: mode %s, expected %s (reason 0x%08x)\n",
			who, conn, smc_diag_mode_name(info.mode),
			smc_diag_mode_name(o->expect_mode), info.fallback_reason);
		return EXIT_MODE;
	}
	if (o->expect_reason >= 0 && info.fallback_reason != o->expect_reason) {
		fprintf(stderr, "smc_xfer: %s conn %u: fallback reason 0x%08x, expected 0x%08llx\n",
			who, conn, info.fallback_reason, o->expect_reason);
		return EXIT_MODE;
	}
	return 0;
}

static int serve_one(const struct xfer_opts *o, int fd, unsigned int conn)
{
	static uint8_t buf[65536], want[65536];
	struct reply reply = { .magic = htonl(REPLY_MAGIC) };
	struct pattern pat;
	struct hello hello;
	uint64_t left, done = 0;
	int rc, ret;

	rc = check_mode(o, fd, "server", conn);
	ret = read_all(fd, &hello, sizeof(hello));
	if (ret == -1) {
		/* the connection failed: an error the application sees */
		fprintf(stderr, "smc_xfer: server conn %u: reading the hello failed: %s\n",
			conn, strerror(errno));
		return EXIT_SYS;
	}
	if (ret || ntohl(hello.magic) != HELLO_MAGIC) {
		fprintf(stderr, "smc_xfer: server conn %u: no valid hello from the client (%s)\n",
			conn, ret ? "the stream ended (EOF)" : "wrong magic");
		return EXIT_DATA;
	}
	pattern_init(&pat, ntohl(hello.seed));
	left = be64toh(hello.bytes);
	while (left) {
		size_t chunk = left < sizeof(buf) ? left : sizeof(buf);
		ssize_t n = read(fd, buf, chunk);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			/* the connection failed: an error the application sees */
			fprintf(stderr,
				"smc_xfer: server conn %u: read failed after %llu of %llu: %s\n",
				conn, (unsigned long long)done,
				(unsigned long long)be64toh(hello.bytes), strerror(errno));
			return EXIT_SYS;
		}
		if (!n) {
			/* an orderly end before all data came: bytes lost silently */
			fprintf(stderr,
				"smc_xfer: server conn %u: EOF after %llu of %llu bytes\n",
				conn, (unsigned long long)done,
				(unsigned long long)be64toh(hello.bytes));
			return EXIT_DATA;
		}
		pattern_fill(&pat, want, n);
		if (memcmp(buf, want, n) && !reply.status) {
			ssize_t i = 0;

			while (buf[i] == want[i])
				i++;
			fprintf(stderr, "smc_xfer: server conn %u: byte %llu differs\n",
				conn, (unsigned long long)(done + i));
			reply.status = htonl(1);
			reply.verified = htobe64(done + i);
		}
		done += n;
		left -= n;
	}
	if (!reply.status)
		reply.verified = htobe64(done);
	if (write_all(fd, &reply, sizeof(reply)))
		return EXIT_SYS;
	printf("server conn %u: %llu bytes %s\n", conn, (unsigned long long)done,
	       reply.status ? "CORRUPTED" : "verified");
	fflush(stdout);
	/* The client closes first: a connection it holds open stays ACTIVE. */
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	return reply.status ? EXIT_DATA : rc;
}

static int run_server(const struct xfer_opts *o)
{
	struct sockaddr_storage ss;
	socklen_t len;
	unsigned int i;
	int lfd, one = 1, rc = 0;

	if (smc_sock_resolve("smc_xfer", o->host, o->port, o->family, &ss, &len))
		return EXIT_SYS;
	lfd = open_socket(o);
	if (lfd < 0)
		return EXIT_SYS;
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(lfd, (struct sockaddr *)&ss, len) || listen(lfd, 16)) {
		fprintf(stderr, "smc_xfer: listen on port %s: %s\n", o->port, strerror(errno));
		return EXIT_SYS;
	}
	if (o->wait_secs) {
		struct timeval tv = { .tv_sec = o->wait_secs };

		setsockopt(lfd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	}
	printf("server: listening on port %s\n", o->port);
	fflush(stdout);
	for (i = 1; i <= o->conns; i++) {
		int fd = accept(lfd, NULL, NULL);
		int r;

		if (fd < 0) {
			fprintf(stderr, "smc_xfer: server: accept: %s\n",
				errno == EAGAIN ? "no client came in time" : strerror(errno));
			return EXIT_SYS;
		}
		r = serve_one(o, fd, i);
		close(fd);
		if (r && !rc)
			rc = r;
		fflush(stdout);
	}
	close(lfd);
	return rc;
}

static int connect_retry(const struct xfer_opts *o, const struct sockaddr_storage *ss,
			 socklen_t len)
{
	time_t deadline = time(NULL) + o->wait_secs;

	for (;;) {
		int fd = open_socket(o);

		if (fd < 0)
			return -1;
		if (!connect(fd, (const struct sockaddr *)ss, len))
			return fd;
		if ((errno != ECONNREFUSED && errno != ENETUNREACH &&
		     errno != EHOSTUNREACH) || time(NULL) >= deadline) {
			fprintf(stderr, "smc_xfer: connect to %s port %s: %s\n",
				o->host, o->port, strerror(errno));
			close(fd);
			return -1;
		}
		close(fd);
		usleep(200 * 1000);
	}
}

/* The hold after a transfer: hold_secs, or until SIGUSR1 (blocked from the
 * start, so one sent before the hold began ends it too).
 */
static void hold_connection(unsigned int secs)
{
	struct timespec left = { .tv_sec = secs };
	sigset_t usr1;

	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	while (sigtimedwait(&usr1, NULL, &left) < 0 && errno == EINTR)
		;
}

static int client_one(const struct xfer_opts *o, const struct sockaddr_storage *ss,
		      socklen_t len, unsigned int conn)
{
	static uint8_t buf[65536];
	struct hello hello = {
		.magic = htonl(HELLO_MAGIC), .seed = htonl(o->seed + conn),
		.bytes = htobe64(o->bytes),
	};
	struct pattern pat;
	struct reply reply;
	uint64_t left = o->bytes;
	int fd, rc, ret;

	fd = connect_retry(o, ss, len);
	if (fd < 0)
		return EXIT_SYS;
	rc = check_mode(o, fd, "client", conn);
	pattern_init(&pat, o->seed + conn);
	if (write_all(fd, &hello, sizeof(hello)))
		goto sys_err;
	while (left) {
		size_t chunk = left < sizeof(buf) ? left : sizeof(buf);

		pattern_fill(&pat, buf, chunk);
		if (write_all(fd, buf, chunk))
			goto sys_err;
		left -= chunk;
	}
	ret = read_all(fd, &reply, sizeof(reply));
	if (ret == -1)
		goto sys_err;
	if (ret || ntohl(reply.magic) != REPLY_MAGIC) {
		fprintf(stderr, "smc_xfer: client conn %u: no valid reply from the server (%s)\n",
			conn, ret ? "the stream ended (EOF)" : "wrong magic");
		close(fd);
		return EXIT_DATA;
	}
	if (o->hold_secs)
		hold_connection(o->hold_secs);
	close(fd);
	if (reply.status) {
		fprintf(stderr, "smc_xfer: client conn %u: server saw corruption at byte %llu\n",
			conn, (unsigned long long)be64toh(reply.verified));
		return EXIT_DATA;
	}
	printf("client conn %u: %llu bytes sent and verified by the server\n",
	       conn, (unsigned long long)be64toh(reply.verified));
	return rc;

sys_err:
	fprintf(stderr, "smc_xfer: client conn %u: %s\n", conn, strerror(errno));
	close(fd);
	return EXIT_SYS;
}

static int run_client(const struct xfer_opts *o)
{
	struct sockaddr_storage ss;
	socklen_t len;
	unsigned int i;
	int rc = 0;

	if (smc_sock_resolve("smc_xfer", o->host, o->port, o->family, &ss, &len))
		return EXIT_SYS;
	for (i = 1; i <= o->conns; i++) {
		int r = client_one(o, &ss, len, i);

		if (r && !rc)
			rc = r;
		fflush(stdout);
	}
	return rc;
}

int main(int argc, char **argv)
{
	struct xfer_opts opts;
	sigset_t usr1;

	if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		print_usage(stdout);
		return 0;
	}
	if (parse_opts(argc, argv, &opts)) {
		print_usage(stderr);
		return EXIT_USAGE;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	return opts.server ? run_server(&opts) : run_client(&opts);
}
