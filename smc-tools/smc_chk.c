// SPDX-License-Identifier: GPL-2.0
/* smc_chk: does SMC work towards a service, and if not, why? IBM's options:
 *   smc_chk -C IP [-p PORT] [-6]   connect to IP:PORT over SMC, say which
 *                                  SMC (or why TCP) was used, and what to do
 *   smc_chk -S [-p PORT]           a probe server for -C (next free port)
 *   smc_chk -i IFACE               the PNET ID of a net device
 * plus -j/-p for JSON. What was used comes from the kernel (sock_diag), not
 * from guessing; the local configuration (devices, PNET IDs, UEIDs) is
 * read to explain a fallback.
 * Exit: 0 SMC used (or -S/-i done), 1 SMC not used, 2 usage, 3 no test
 * possible (no SMC in the kernel, the service not reachable, an error).
 */
#define _GNU_SOURCE		/* accept4 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <smcnl/smcnl.h>

#include "smc_tool.h"

#ifndef IPPROTO_SMC
#define IPPROTO_SMC 256
#endif
#ifndef AF_SMC
#define AF_SMC 43
#endif

enum { EXIT_NO_SMC = 1, EXIT_UNTESTED = 3 };
#define DEFAULT_PORT 37373
#define CONNECT_TIMEOUT_MS 10000
#define PORT_TRIES 100

struct chk_opts {
	struct smc_opts common;
	const char *client;	/* -C IP */
	bool server;		/* -S */
	const char *iface;	/* -i IFACE */
	unsigned int port;
	bool ipv6;
	bool debug;
	long max_conns;		/* -S: end after this many (0: never) */
	struct sockaddr_storage addr;	/* -C's, with the port */
	socklen_t addr_len;
};

/* What this host offers SMC: devices, PNET IDs, UEIDs. */
struct local_config {
	bool smcd_known;	/* stock kernels list no loopback-ism: unknown */
	unsigned int smcd_devs, smcr_ports;
	unsigned int ueids;
	char pnet_of_iface[SMCNL_PNETID_LEN + 2];	/* "*" marks smc_pnet's */
	bool iface_port_match;	/* an RDMA port has the interface's PNET ID */
	uint32_t ifindex;
};

static void debug(const struct chk_opts *opts, const char *fmt, const char *arg)
{
	if (opts->debug) {
		fputs("smc_chk: ", stderr);
		fprintf(stderr, fmt, arg);
		fputc('\n', stderr);
	}
}

static void usage(FILE *f)
{
	fprintf(f, "Usage: smc_chk [-j|--json | --pretty] [-d] -C IP [-p PORT] [-6]\n"
		   "       smc_chk [-d] -S [-p PORT]\n"
		   "       smc_chk -i IFACE\n"
		   "       smc_chk -v|--version | -h|--help\n"
		   "  -C IP     connect to a service at IP over SMC; say whether SMC-R or\n"
		   "            SMC-D was used, and if not, why and what to do\n"
		   "  -p PORT   the service's port (default %d)\n"
		   "  -6        IP is an IPv6 address\n"
		   "  -S        run a probe server for -C on PORT, or the next free one\n"
		   "  -i IFACE  the PNET ID of a net device (\"*\": set by smc_pnet)\n"
		   "  -d        report each step on stderr\n"
		   "  -j, --json, --pretty  JSON output of -C and -i\n"
		   "Exit: 0 SMC used, 1 SMC not used, 2 usage, 3 nothing could be tested\n"
		   "(no SMC in the kernel, nobody listening, an unknown device).\n",
		DEFAULT_PORT);
}

/* An SMC stream socket: IPPROTO_SMC (6.1+) keeps the address family. */
static int smc_socket(int family)
{
	int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_SMC);

	if (fd < 0 && (errno == EPROTONOSUPPORT || errno == EINVAL))
		fd = socket(AF_SMC, SOCK_STREAM | SOCK_CLOEXEC, family == AF_INET6);
	return fd;
}

static int no_smc_error(void)
{
	fprintf(stderr, "Error: cannot create an SMC socket: %s (is the smc module loaded? "
		"modprobe smc)\n", strerror(errno));
	return EXIT_UNTESTED;
}

struct find_sock {
	uint64_t inode;
	bool found;
	struct smcnl_sock sk;
};

static int match_inode(const struct smcnl_sock *sk, void *arg)
{
	struct find_sock *f = arg;

	if (sk->inode == f->inode) {
		/* no more than the library filled (an older one fills less) */
		memset(&f->sk, 0, sizeof(f->sk));
		memcpy(&f->sk, sk, sk->size < sizeof(f->sk) ? sk->size : sizeof(f->sk));
		f->found = true;
	}
	return 0;
}

/* The kernel's view of socket fd (sock_diag). */
static int sock_of_fd(struct smcnl *nl, int fd, struct find_sock *f)
{
	struct stat st;
	int rc;

	if (fstat(fd, &st))
		return -errno;
	f->inode = st.st_ino;
	f->found = false;
	rc = smcnl_sock_dump(nl, match_inode, f);
	return rc ? rc : f->found ? 0 : -ENOENT;
}

/* net.smc.smcd_loopback=0 (smc-next) keeps this namespace off loopback-ism,
 * which the device dump still lists.
 */
static bool loopback_off_here(void)
{
	FILE *f = fopen("/proc/sys/net/smc/smcd_loopback", "r");
	int on = 1;

	if (f) {
		if (fscanf(f, "%d", &on) != 1)
			on = 1;
		fclose(f);
	}
	return !on;
}

static int count_smcd(const struct smcnl_dev *dev, void *arg)
{
	struct local_config *cfg = arg;

	if (!dev->loopback || !loopback_off_here())
		cfg->smcd_devs++;
	return 0;
}

static int count_smcr(const struct smcnl_dev *dev, void *arg)
{
	struct local_config *cfg = arg;
	const char *pnet = cfg->pnet_of_iface[0] == '*' ? cfg->pnet_of_iface + 1 :
			   cfg->pnet_of_iface;
	int i;

	for (i = 0; i < SMCNL_MAX_PORTS; i++) {
		if (!dev->port[i].present)
			continue;
		cfg->smcr_ports++;
		if (cfg->ifindex && dev->port[i].netdev == cfg->ifindex && !pnet[0]) {
			/* the firmware's PNET ID of this port's own net device */
			snprintf(cfg->pnet_of_iface, sizeof(cfg->pnet_of_iface), "%s%s",
				 dev->port[i].pnetid_by_user ? "*" : "", dev->port[i].pnetid);
			pnet = dev->port[i].pnetid;
		}
		if (pnet[0] && !strcmp(dev->port[i].pnetid, pnet))
			cfg->iface_port_match = true;
	}
	return 0;
}

struct pnet_find {
	const char *ifname;
	char *pnetid;
	size_t size;
};

static int pnet_of(const struct smcnl_pnet_entry *e, void *arg)
{
	struct pnet_find *p = arg;

	if (e->netdev[0] && !strcmp(e->netdev, p->ifname))
		snprintf(p->pnetid, p->size, "*%s", e->pnetid);
	return 0;
}

/* The interface that carries traffic to dst: the one holding the source
 * address the kernel picks for it.
 */
static uint32_t route_iface(const struct sockaddr_storage *dst, socklen_t len)
{
	struct sockaddr_storage src;
	socklen_t slen = sizeof(src);
	struct ifaddrs *ifa, *i;
	uint32_t ifindex = 0;
	int fd;

	fd = socket(dst->ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 0;
	if (connect(fd, (const struct sockaddr *)dst, len) ||
	    getsockname(fd, (struct sockaddr *)&src, &slen)) {
		close(fd);
		return 0;
	}
	close(fd);
	if (getifaddrs(&ifa))
		return 0;
	for (i = ifa; i && !ifindex; i = i->ifa_next) {
		if (!i->ifa_addr || i->ifa_addr->sa_family != src.ss_family)
			continue;
		if (src.ss_family == AF_INET ?
		    !memcmp(&((struct sockaddr_in *)i->ifa_addr)->sin_addr,
			    &((struct sockaddr_in *)&src)->sin_addr, 4) :
		    !memcmp(&((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr,
			    &((struct sockaddr_in6 *)&src)->sin6_addr, 16))
			ifindex = if_nametoindex(i->ifa_name);
	}
	freeifaddrs(ifa);
	return ifindex;
}

static int read_config(struct smcnl *nl, uint32_t ifindex, struct local_config *cfg)
{
	struct smcnl_ueid_table ueids;
	char ifname[IF_NAMESIZE] = "";
	struct pnet_find find = { ifname, cfg->pnet_of_iface, sizeof(cfg->pnet_of_iface) };
	int rc;

	memset(cfg, 0, sizeof(*cfg));
	cfg->ifindex = ifindex;
	if (ifindex && if_indextoname(ifindex, ifname)) {
		rc = smcnl_pnet_dump(nl, pnet_of, &find);
		if (rc)
			return rc;
	}
	rc = smcnl_dev_smcd_dump(nl, count_smcd, cfg);
	/* loopback-ism is listed by the smc_next family only (smc-next);
	 * without it an empty list does not mean no SMC-D
	 */
	cfg->smcd_known = cfg->smcd_devs ||
			  smcnl_features_get(nl, &(struct smcnl_features){ 0 }) != -EPROTONOSUPPORT;
	if (!rc)
		rc = smcnl_dev_smcr_dump(nl, count_smcr, cfg);
	if (!rc)
		rc = smcnl_ueid_list(nl, &ueids);
	if (!rc)
		cfg->ueids = ueids.count;
	return rc;
}

/* What to do about a decline or fallback reason, given this host's setup. */
static const char *advice(uint32_t code, const struct local_config *cfg)
{
	switch (code) {
	case 0x03010000:
		return "the service does not use SMC: start it with smc_run, or make its "
		       "listening socket AF_SMC or IPPROTO_SMC (smcss -l on the server shows it)";
	case 0x03030000: case 0x03030001: case 0x03030002: case 0x03030007:
		if (!cfg->smcd_devs && !cfg->smcr_ports && cfg->smcd_known)
			return "this host has no SMC device: for SMC-R an RDMA device (RoCE), "
			       "for SMC-D an ISM device or loopback-ism (within one host; "
			       "net.smc.smcd_loopback)";
		if (!cfg->smcd_devs && !cfg->smcr_ports)
			return "this host has no RDMA device for SMC-R; for SMC-D it needs an "
			       "ISM device or loopback-ism (within one host: is smc_loopback "
			       "loaded, or CONFIG_SMC_LO set?)";
		if (cfg->smcr_ports && !cfg->iface_port_match)
			return "PNET mismatch: no RDMA port has the PNET ID of the interface "
			       "towards the peer; tie them with smc_pnet -a -I IFACE -D IBDEV "
			       "PNETID on both hosts, or use SMC-Rv2 with a common UEID";
		return "the peer has no device that matches: check smcr device / smcd "
		       "device and the PNET IDs (smc_pnet) on the peer";
	case 0x03030006: case 0x03030008:
		if (!cfg->ueids)
			return "SMC v2 needs a common enterprise ID: this host has no UEID "
			       "(smcr ueid add EID, the same on both hosts) or enable the SEID";
		return "no enterprise ID in common: compare smcr ueid on both hosts";
	case 0x03070000:
		return "SMC-Rv1 needs both hosts in one IP subnet: use one subnet, or SMC v2 "
		       "(a common UEID)";
	case 0x030e0000:
		return "SMC-Rv2 found no route to the peer over an RDMA-capable interface";
	case 0x03020000:
		return "IPsec is in use on this path; SMC cannot carry it";
	case 0x02010000: case 0x02020000: case 0x04000000:
		return "the handshake timed out or broke: is RDMA traffic (RoCE, UDP 4791) "
		       "let through between the hosts?";
	case 0x05000000:
		return "the peer declined: its reason is the peer diagnosis; run smc_chk on "
		       "the peer too";
	case 0x01010000:
		return "the host is short of memory for SMC buffers";
	case 0x03060000:
		return "a socket option SMC cannot carry (TCP fastopen) is set";
	default:
		return "see smcss --verbose and smcr/smcd stats on both hosts";
	}
}

static void reason(struct out *o, const char *key, const char *label, uint32_t code)
{
	const char *words = smcnl_decline_reason(code);
	char hex[16];

	snprintf(hex, sizeof(hex), "0x%08x", code);
	out_object_begin(o, key);
	out_str(o, "code", label, hex);
	out_str(o, "reason", " (%s)\n", words ? words : "unknown");
	out_end(o);
}

static void config_summary(struct out *o, const struct local_config *cfg,
			   const char *ifname)
{
	out_object_begin(o, "local");
	out_str(o, "interface", "  This host: interface %s", ifname);
	out_str(o, "pnetid", ", PNET ID %s", cfg->pnet_of_iface[0] ? cfg->pnet_of_iface : "none");
	if (cfg->smcd_known)
		out_uint(o, "smcd_devices", ", %llu SMC-D device(s)", cfg->smcd_devs);
	else
		out_text(o, ", SMC-D devices unknown (this kernel lists no loopback-ism)");
	out_uint(o, "smcr_ports", ", %llu RDMA port(s)", cfg->smcr_ports);
	out_uint(o, "ueids", ", %llu UEID(s)\n", cfg->ueids);
	out_end(o);
}

static int parse_addr(struct chk_opts *opts)
{
	struct sockaddr_storage *ss = &opts->addr;
	socklen_t *len = &opts->addr_len;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *in = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	if (!opts->ipv6 && inet_pton(AF_INET, opts->client, &in->sin_addr) == 1) {
		in->sin_family = AF_INET;
		in->sin_port = htons(opts->port);
		*len = sizeof(*in);
		return 0;
	}
	if (inet_pton(AF_INET6, opts->client, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons(opts->port);
		*len = sizeof(*in6);
		return 0;
	}
	fprintf(stderr, "Error: -C \"%s\": not an IP%s address\n", opts->client,
		opts->ipv6 ? "v6" : "");
	return EXIT_USAGE;
}

/* connect() with a bound: SMC's handshake runs inside it. */
static int connect_bounded(int fd, const struct sockaddr_storage *ss, socklen_t len)
{
	struct pollfd pfd = { .fd = fd, .events = POLLOUT };
	socklen_t elen = sizeof(int);
	int err = 0, flags = fcntl(fd, F_GETFL);

	if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK))
		return -errno;
	if (!connect(fd, (const struct sockaddr *)ss, len))
		return 0;
	if (errno != EINPROGRESS)
		return -errno;
	err = poll(&pfd, 1, CONNECT_TIMEOUT_MS);
	if (err <= 0)
		return err ? -errno : -ETIMEDOUT;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen))
		return -errno;
	return -err;
}

static int run_client(const struct chk_opts *opts, struct smcnl *nl, struct out *o)
{
	const struct sockaddr_storage ss = opts->addr;
	socklen_t len = opts->addr_len;
	char ifname[IF_NAMESIZE] = "?", where[80];
	struct local_config cfg;
	struct find_sock f;
	uint32_t ifindex;
	int fd, rc;

	snprintf(where, sizeof(where), ss.ss_family == AF_INET6 ? "[%s]:%u" : "%s:%u",
		 opts->client, opts->port);
	ifindex = route_iface(&ss, len);
	if (ifindex)
		if_indextoname(ifindex, ifname);
	debug(opts, "the route to the peer leaves through %s", ifname);
	rc = read_config(nl, ifindex, &cfg);
	if (rc) {
		smc_error(&opts->common, nl, rc, "cannot read this host's SMC configuration");
		return EXIT_UNTESTED;
	}

	fd = smc_socket(ss.ss_family);
	if (fd < 0)
		return no_smc_error();
	debug(opts, "connecting to %s", where);
	rc = connect_bounded(fd, &ss, len);
	if (rc) {
		fprintf(stderr, "Error: cannot connect to %s: %s (is a service or smc_chk -S "
			"listening there?)\n", where, strerror(-rc));
		close(fd);
		return EXIT_UNTESTED;
	}
	rc = sock_of_fd(nl, fd, &f);
	close(fd);
	if (rc) {
		smc_error(&opts->common, nl, rc, "cannot find the test connection in sock_diag");
		return EXIT_UNTESTED;
	}

	out_str(o, "target", "Test with %s\n", where);
	config_summary(o, &cfg, ifname);
	out_str(o, "mode", "  Result: %s", smcnl_mode_name(f.sk.mode));
	if (f.sk.mode == SMCNL_MODE_SMCR && f.sk.has_link) {
		out_text(o, " used, over ");
		out_str(o, "ibdev", "%s", f.sk.link.ibdev);
		out_uint(o, "ibport", " port %llu\n", f.sk.link.ibport);
		return EXIT_OK;
	}
	if (f.sk.mode != SMCNL_MODE_TCP) {
		out_text(o, " used\n");
		return EXIT_OK;
	}
	out_text(o, " (SMC not used)\n");
	reason(o, "fallback", "  Why: %s", f.sk.fallback_reason);
	if (f.sk.peer_diagnosis)
		reason(o, "peer_diagnosis", "  Peer's diagnosis: %s", f.sk.peer_diagnosis);
	out_str(o, "advice", "  What to do: %s\n",
		advice(f.sk.peer_diagnosis && f.sk.fallback_reason == 0x05000000 ?
		       f.sk.peer_diagnosis : f.sk.fallback_reason, &cfg));
	return EXIT_NO_SMC;
}

/* An SMC listener on *port or the next free one: dual stack (IPv4 peers
 * reach it too), or IPv4 alone where IPv6 is off. -1: no SMC socket,
 * -2: no port (said on stderr).
 */
static int listen_on(const struct chk_opts *opts, unsigned int *port)
{
	struct sockaddr_in6 sa6 = { .sin6_family = AF_INET6, .sin6_addr = in6addr_any };
	struct sockaddr_in sa4 = { .sin_family = AF_INET, .sin_addr.s_addr = INADDR_ANY };
	unsigned int first = *port;
	bool bound = false;
	int fd, i;

	fd = smc_socket(AF_INET6);
	if (fd < 0 && errno == EAFNOSUPPORT) {
		debug(opts, "no IPv6 here: %s", "listening on IPv4 only");
		fd = smc_socket(AF_INET);
		sa6.sin6_family = 0;
	}
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &(int){ 1 }, sizeof(int));
	for (i = 0; i < PORT_TRIES && *port <= 65535; i++, (*port)++) {
		sa6.sin6_port = sa4.sin_port = htons(*port);
		bound = sa6.sin6_family ?
			!bind(fd, (struct sockaddr *)&sa6, sizeof(sa6)) :
			!bind(fd, (struct sockaddr *)&sa4, sizeof(sa4));
		if (bound || errno != EADDRINUSE)
			break;
		debug(opts, "port taken, trying the next: %s", "");
	}
	if (!bound) {
		if (errno == EADDRINUSE)
			fprintf(stderr, "Error: ports %u to %u are all taken\n", first, *port - 1);
		else
			fprintf(stderr, "Error: cannot bind port %u: %s\n", *port, strerror(errno));
		close(fd);
		return -2;
	}
	if (listen(fd, 16)) {
		fprintf(stderr, "Error: cannot listen on port %u: %s\n", *port, strerror(errno));
		close(fd);
		return -2;
	}
	return fd;
}

static int run_server(const struct chk_opts *opts, struct smcnl *nl)
{
	unsigned int port = opts->port;
	struct find_sock f;
	long served = 0;
	int lfd, fd;

	lfd = listen_on(opts, &port);
	if (lfd == -1)
		return no_smc_error();
	if (lfd < 0)
		return EXIT_UNTESTED;
	printf("smc_chk: probe server listening on port %u\n", port);
	fflush(stdout);
	while (!opts->max_conns || served < opts->max_conns) {
		fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "Error: accept on port %u: %s\n", port, strerror(errno));
			close(lfd);
			return EXIT_UNTESTED;
		}
		if (!sock_of_fd(nl, fd, &f))
			printf("smc_chk: a connection, %s\n", smcnl_mode_name(f.sk.mode));
		fflush(stdout);
		close(fd);
		served++;
	}
	close(lfd);
	return EXIT_OK;
}

static int run_iface(const struct chk_opts *opts, struct smcnl *nl, struct out *o)
{
	struct local_config cfg;
	uint32_t ifindex = if_nametoindex(opts->iface);
	int rc;

	if (!ifindex) {
		fprintf(stderr, "Error: network device \"%s\": %s\n", opts->iface, strerror(errno));
		return EXIT_UNTESTED;
	}
	rc = read_config(nl, ifindex, &cfg);
	if (rc) {
		smc_error(&opts->common, nl, rc, "cannot read the PNET IDs");
		return EXIT_UNTESTED;
	}
	out_str(o, "interface", "%s ", opts->iface);
	out_bool(o, "by_user", NULL, NULL, cfg.pnet_of_iface[0] == '*');
	out_str(o, "pnetid", "%s\n", cfg.pnet_of_iface[0] ? cfg.pnet_of_iface : "n/a");
	return EXIT_OK;
}

static int parse_port(const char *arg, unsigned int *port)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (errno || *end || !v || v > 65535) {
		fprintf(stderr, "Error: -p \"%s\": a port is 1 to 65535\n", arg);
		return EXIT_USAGE;
	}
	*port = v;
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	static const struct option long_opts[] = {
		{ "connect", required_argument, NULL, 'C' },
		{ "server", no_argument, NULL, 'S' },
		{ "interface", required_argument, NULL, 'i' },
		{ "port", required_argument, NULL, 'p' },
		{ "ipv6", no_argument, NULL, '6' },
		{ "debug", no_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "pretty", no_argument, NULL, 'P' },
		{ "count", required_argument, NULL, 'n' },
		{ "version", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct chk_opts opts = { .common = { .prog = "smc_chk" }, .port = DEFAULT_PORT };
	struct smcnl *nl;
	struct out out;
	int c, rc;

	while ((c = getopt_long(argc, argv, "C:Si:p:6djn:vh", long_opts, NULL)) != -1) {
		switch (c) {
		case 'C': opts.client = optarg; break;
		case 'S': opts.server = true; break;
		case 'i': opts.iface = optarg; break;
		case 'p':
			if (parse_port(optarg, &opts.port))
				return EXIT_USAGE;
			break;
		case '6': opts.ipv6 = true; break;
		case 'd': opts.debug = true; break;
		case 'j': opts.common.json = true; break;
		case 'P': opts.common.json = opts.common.pretty = true; break;
		case 'n': {
			char *end;

			errno = 0;
			opts.max_conns = strtol(optarg, &end, 10);
			if (errno || *end || opts.max_conns < 1) {
				fprintf(stderr, "Error: -n \"%s\": a number of connections, 1 "
					"or more\n", optarg);
				return EXIT_USAGE;
			}
			break;
		}
		case 'v':
			printf("smc_chk utility, smc-next %s (smc-tools 1.8.5 command lines)\n",
			       SMC_NEXT_VERSION);
			return EXIT_OK;
		case 'h': usage(stdout); return EXIT_OK;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind < argc || !!opts.client + opts.server + !!opts.iface != 1) {
		fprintf(stderr, "Error: %s\n", optind < argc ? "unexpected argument" :
			"one of -C IP, -S and -i IFACE");
		usage(stderr);
		return EXIT_USAGE;
	}
	if (opts.client && parse_addr(&opts))
		return EXIT_USAGE;
	signal(SIGPIPE, SIG_IGN);
	rc = smcnl_open(&nl);
	if (rc) {
		smc_error(&opts.common, NULL, rc, "cannot open a generic netlink socket");
		return EXIT_UNTESTED;
	}
	out_open(&out, opts.common.json, opts.common.pretty);
	if (opts.server)
		rc = run_server(&opts, nl);
	else if (opts.client)
		rc = run_client(&opts, nl, &out);
	else
		rc = run_iface(&opts, nl, &out);
	/* "SMC not used" is an answer: print it */
	if (rc != EXIT_OK && rc != EXIT_NO_SMC)
		out_discard(&out);
	else if (out_close(&out))
		rc = smc_error(&opts.common, NULL, -EIO, "cannot write the output") * EXIT_UNTESTED;
	smcnl_close(nl);
	return rc;
}
