// SPDX-License-Identifier: GPL-2.0
/* libsmcnl's API over one recorded state instead of the kernel: the lab
 * state behind ../shared/anchor-outputs.md (an SMC-R link group on rxe0,
 * two SMC-D loopback link groups, their sockets and counters), so the
 * tools' text and JSON can be compared with IBM's columns on any host.
 * Net device index 1 stands for the lab's eth0 (it is "lo" everywhere).
 * FAKE_SMCNL_STATE picks another recording: "ibm" the sockets exactly as in
 * IBM's first recording, "smcd64m" the later one (a 64 MiB SMC-D transfer,
 * loopback-ism listed); FAKE_SMCNL_IPV6 adds an IPv6 socket.
 */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include <linux/smc.h>
#include <linux/smc_next.h>
#include <smcnl/smcnl.h>

static bool state_is(const char *name)
{
	const char *state = getenv("FAKE_SMCNL_STATE");

	return state && !strcmp(state, name);
}

struct smcnl {
	char errmsg[64];
};

int smcnl_open(struct smcnl **nl)
{
	*nl = calloc(1, sizeof(**nl));
	return *nl ? 0 : -ENOMEM;
}

void smcnl_close(struct smcnl *nl)
{
	free(nl);
}

const char *smcnl_errmsg(const struct smcnl *nl)
{
	return nl->errmsg;
}

int smcnl_sys_info_sz(struct smcnl *nl, struct smcnl_sys_info *info, size_t size)
{
	(void)size;
	(void)nl;
	memset(info, 0, sizeof(*info));
	info->version = 2;
	info->release = 1;
	info->has_ism_v2 = info->ism_v2 = true;
	info->has_smcr_v2 = info->smcr_v2 = true;
	return 0;
}

static const struct smcnl_lgr_peer peer = {
	.version = 2, .release = 1, .os = SMCNL_OS_LINUX, .eid = "SMCTESTUEID0001",
};

static const struct smcnl_lgr_smcr lgr_r = {
	.id = 0x100, .role = SMCNL_ROLE_CLIENT, .type = SMCNL_LGR_SINGLE, .conns = 2,
	.has_alloc = true, .sndbuf_alloc = 131072, .rmb_alloc = 131072,
	.has_peer = true, .peer = peer, .has_v2 = true, .direct = true,
	.max_conns = 255, .max_links = 2,
	.has_features = true, .features = 0xf,
};

static const struct smcnl_link link_r = {
	.id = 1, .state = SMCNL_LINK_ACTIVE, .conns = 2, .ibdev = "rxe0", .ibport = 1,
	.netdev = 1, .uid = 0x101, .peer_uid = 0x101,
	.gid = "0000:0000:0000:0000:0000:ffff:0a09:0001",
	.peer_gid = "0000:0000:0000:0000:0000:ffff:0a09:0002",
	.has_stats = true,
	.stats = {
		.wr_tx = 28, .wr_tx_compl = 28, .wr_rx = 70, .wr_rx_compl = 22,
		.rdma_write = 23, .rdma_write_bytes = 1048592, .cdc_tx = 24, .cdc_rx = 18,
		.llc_tx = { [1] = 1, [2] = 1, [9] = 2 }, .llc_rx = { [1] = 1, [2] = 1, [9] = 2 },
		.rkey_delete = 1, .state_change = 2,
	},
};

int smcnl_lgr_smcr_dump(struct smcnl *nl, smcnl_lgr_smcr_fn fn, void *arg)
{
	(void)nl;
	return fn(&lgr_r, arg);
}

int smcnl_link_dump(struct smcnl *nl, smcnl_link_fn fn, void *arg)
{
	(void)nl;
	return fn(&lgr_r, &link_r, arg);
}

int smcnl_lgr_smcd_dump(struct smcnl *nl, smcnl_lgr_smcd_fn fn, void *arg)
{
	struct smcnl_lgr_smcd lgr = {
		.id = 0x200, .gid = 0x524522ac4d3e6b04ULL, .peer_gid = 0x524522ac4d3e6b04ULL,
		.chid = 0xffff, .has_alloc = true, .dmb_alloc = 65536,
		.has_peer = true, .peer = peer,
		.has_stats = true, .stats = { .data_tx = 335552, .moves = 23968, .signals = 23968 },
	};
	int rc;

	(void)nl;
	rc = fn(&lgr, arg);
	lgr.id = 0x300;
	return rc ? rc : fn(&lgr, arg);
}

int smcnl_dev_smcr_dump(struct smcnl *nl, smcnl_dev_fn fn, void *arg)
{
	struct smcnl_dev dev = {
		.ibname = "rxe0", .critical = true,
		.port[0] = { .present = true, .pnetid_by_user = true, .pnetid = "NET1",
			     .has_netdev = true, .netdev = 1, .state = 1, .links = 1 },
	};

	(void)nl;
	return fn(&dev, arg);
}

int smcnl_dev_smcd_dump(struct smcnl *nl, smcnl_dev_fn fn, void *arg)
{
	struct smcnl_dev lo = {
		.loopback = true, .has_use_cnt = true, .use_cnt = 2, .critical = true,
		.port[0] = { .present = true },
	};

	(void)nl;
	/* stock 6.12 leaves loopback-ism out; the series lists it */
	return state_is("smcd64m") ? fn(&lo, arg) : 0;
}

static void fill_tech_r(struct smcnl_stats_tech *t)
{
	t->buf_size[SMCNL_TX][3] = 2;
	t->buf_size[SMCNL_RX][3] = 2;
	t->payload[SMCNL_TX][0] = 87;
	t->payload[SMCNL_TX][3] = 44;
	t->payload[SMCNL_TX][4] = 159;
	t->payload[SMCNL_RX][0] = 8;
	t->buf[SMCNL_TX].size_small_peer = 1121;
	t->buf[SMCNL_TX].size_small = 1121;
	t->buf[SMCNL_TX].full_peer = 131;
	t->buf[SMCNL_TX].full = 223;
	t->buf[SMCNL_TX].alloc = 2;
	t->buf[SMCNL_RX].alloc = 2;
	t->clnt_v2_succ = 2;
	t->nodelay = 1;
	t->bytes[SMCNL_RX] = 334;
	t->bytes[SMCNL_TX] = 10420715;
	t->requests[SMCNL_RX] = 8;
	t->requests[SMCNL_TX] = 2441;
}

/* The 64 MiB SMC-D transfer of the second recording. */
static void fill_tech_d64m(struct smcnl_stats_tech *t)
{
	static const uint64_t rx_reqs[] = { 77, 67, 178, 1024 };
	static const uint64_t tx_reqs[] = { 258, 256, 512, 1024 };
	int i;

	for (i = 0; i < 4; i++) {
		t->payload[SMCNL_RX][i] = rx_reqs[i];
		t->payload[SMCNL_TX][i] = tx_reqs[i];
	}
	t->buf_size[SMCNL_RX][3] = 2;
	t->buf[SMCNL_RX].full = 479;
	t->buf[SMCNL_TX].full = 736;
	t->buf[SMCNL_TX].size_small = 1024;
	t->buf[SMCNL_TX].size_small_peer = 1024;
	t->clnt_v2_succ = 1;
	t->srv_v2_succ = 1;
	t->bytes[SMCNL_RX] = 67108896;
	t->bytes[SMCNL_TX] = 67108896;
	t->requests[SMCNL_RX] = 1347;
	t->requests[SMCNL_TX] = 2050;
}

static void fill_tech_d(struct smcnl_stats_tech *t)
{
	if (state_is("smcd64m")) {
		fill_tech_d64m(t);
		return;
	}
	t->buf_size[SMCNL_RX][3] = 2;
	t->payload[SMCNL_TX][0] = 23968;
	t->payload[SMCNL_RX][0] = 23969;
	t->clnt_v2_succ = 1;
	t->srv_v2_succ = 1;
	t->nodelay = 1;
	t->bytes[SMCNL_RX] = 335552;
	t->bytes[SMCNL_TX] = 335552;
	t->requests[SMCNL_RX] = 23969;
	t->requests[SMCNL_TX] = 23968;
}

int smcnl_stats_get_sz(struct smcnl *nl, struct smcnl_stats *stats, size_t size)
{
	(void)size;
	(void)nl;
	memset(stats, 0, sizeof(*stats));
	fill_tech_r(&stats->tech[SMCNL_TECH_SMCR]);
	fill_tech_d(&stats->tech[SMCNL_TECH_SMCD]);
	/* FAKE_SMCNL_MORE=N: N more bytes sent since, as after a reset */
	if (getenv("FAKE_SMCNL_MORE"))
		stats->tech[SMCNL_TECH_SMCR].bytes[SMCNL_TX] += atoi(getenv("FAKE_SMCNL_MORE"));
	return 0;
}

int smcnl_fback_stats_get_sz(struct smcnl *nl, struct smcnl_fback_stats *fb, size_t size)
{
	(void)size;
	(void)nl;
	memset(fb, 0, sizeof(*fb));
	return 0;
}

int smcnl_pnet_dump(struct smcnl *nl, smcnl_pnet_fn fn, void *arg)
{
	struct smcnl_pnet_entry eth = { .pnetid = "NET1", .netdev = "eth0" };
	struct smcnl_pnet_entry ib = { .pnetid = "NET1", .ibdev = "rxe0", .ibport = 1 };
	int rc;

	(void)nl;
	rc = fn(&eth, arg);
	return rc ? rc : fn(&ib, arg);
}

int smcnl_pnet_get(struct smcnl *nl, const char *pnetid, smcnl_pnet_fn fn, void *arg)
{
	(void)pnetid;
	return smcnl_pnet_dump(nl, fn, arg);	/* the tool filters by ID */
}

/* Admin commands: refused as an unprivileged caller would be; with
 * FAKE_SMCNL_ADMIN set, done and told on stderr, so a test sees what a
 * command line asked for.
 */
static bool admin(const char *fmt, const char *a, const char *b, const char *c, int n)
{
	if (!getenv("FAKE_SMCNL_ADMIN"))
		return false;
	fprintf(stderr, "fake: ");
	fprintf(stderr, fmt, a, b, c, n);
	fputc('\n', stderr);
	return true;
}

int smcnl_pnet_add_sz(struct smcnl *nl, const struct smcnl_pnet_entry *e, size_t size)
{
	(void)size;
	(void)nl;
	if (admin("pnet add %s netdev=%s ibdev=%s ibport=%d", e->pnetid, e->netdev,
		  e->ibdev, e->ibport))
		return 0;
	return -EPERM;
}

int smcnl_pnet_del(struct smcnl *nl, const char *pnetid)
{
	if (admin("pnet del %s%s%s%.0d", pnetid, "", "", 0))
		return 0;
	strcpy(nl->errmsg, "no such entry (recorded)");
	return -ENOENT;
}

int smcnl_pnet_flush(struct smcnl *nl)
{
	(void)nl;
	return admin("pnet flush%s%s%s%.0d", "", "", "", 0) ? 0 : -EPERM;
}

static void sock(struct smcnl_sock *sk, uint8_t state, uint8_t mode, uint64_t inode,
		 const char *local, uint16_t lport, const char *peer, uint16_t pport)
{
	memset(sk, 0, sizeof(*sk));
	sk->state = state;
	sk->mode = mode;
	sk->inode = inode;
	sk->family = AF_INET;
	inet_pton(AF_INET, local, sk->local_addr);
	inet_pton(AF_INET, peer, sk->peer_addr);
	sk->local_port = lport;
	sk->peer_port = pport;
	sk->has_fallback = true;
}

/* IBM's first recording: two SMC-D sockets of one connection, two SMC-R
 * client sockets, a listener between them.
 */
static int sock_dump_ibm(struct smcnl_sock *s, smcnl_sock_fn fn, void *arg)
{
	struct smcnl_sock rows[5];
	int i, rc = 0;

	rows[0] = s[0];
	rows[1] = s[0];
	rows[1].inode = 59;
	rows[1].local_port = 60522;
	rows[1].peer_port = 11113;
	rows[1].dmb.linkid = 0x300;
	rows[1].dmb.token = s[0].dmb.peer_token;	/* the other end's view */
	rows[1].dmb.peer_token = s[0].dmb.token;
	rows[1].conn.token = 4;
	rows[2] = s[1];
	rows[3] = s[2];
	rows[4] = s[1];
	rows[4].inode = 46;
	rows[4].local_port = 54678;
	rows[4].conn.token = 1;
	for (i = 0; i < 5; i++)
		rows[i].has_features = false;
	for (i = 0; i < 5 && !rc; i++)
		rc = fn(&rows[i], arg);
	return rc;
}

int smcnl_sock_dump(struct smcnl *nl, smcnl_sock_fn fn, void *arg)
{
	struct smcnl_sock s[6];
	int i, n = 5, rc = 0;

	(void)nl;
	sock(&s[0], 1, SMCNL_MODE_SMCD, 53, "127.0.0.1", 11113, "127.0.0.1", 60522);
	s[0].has_dmb = true;
	s[0].dmb = (struct smcnl_sock_dmb){ .linkid = 0x200, .gid = 0x524522ac4d3e6b04ULL,
		.token = 0xd4f66bf6f5097b96ULL, .peer_gid = 0x524522ac4d3e6b04ULL,
		.peer_token = 0x65e9acb2e020d1d1ULL };
	s[0].has_conn = true;
	s[0].conn = (struct smcnl_sock_conn){ .token = 3, .sndbuf_size = 0xffe0,
		.rmbe_size = 0xffe0, .peer_rmbe_size = 0xffe0,
		.rx_prod = 1ULL << 32 | 0xc5de, .rx_cons = 1ULL << 32 | 0xc5d0,
		.tx_prod = 1ULL << 32 | 0xc5de, .tx_cons = 1ULL << 32 | 0xc5de,
		.tx_prep = 1ULL << 32 | 0xc5de, .tx_sent = 1ULL << 32 | 0xc5de,
		.tx_fin = 1ULL << 32 | 0xc5d0 };
	s[0].has_features = true;	/* SMC-D: none defined */
	sock(&s[1], 1, SMCNL_MODE_SMCR, 55, "10.9.0.1", 54688, "10.9.0.2", 5203);
	s[1].has_conn = true;
	s[1].conn = (struct smcnl_sock_conn){ .token = 4, .sndbuf_size = 0xffe0,
		.rmbe_size = 0xffe0, .peer_rmbe_size = 0xffe0 };
	s[1].has_features = true;
	s[1].features = 0x103;	/* and a bit this build does not know */
	s[1].has_link = true;
	s[1].link = (struct smcnl_sock_link){ .role = SMCNL_ROLE_CLIENT, .link_id = 1,
		.ibdev = "rxe0", .ibport = 1, .gid = "0000:0000:0000:0000:0000:ffff:0a09:0001",
		.peer_gid = "0000:0000:0000:0000:0000:ffff:0a09:0002" };
	sock(&s[2], 10, SMCNL_MODE_SMCR, 51, "0.0.0.0", 11113, "0.0.0.0", 0);
	sock(&s[3], 1, SMCNL_MODE_TCP, 60, "10.9.0.1", 40000, "10.9.0.2", 5201);
	s[3].fallback_reason = 0x03010000;	/* the peer did not offer SMC */
	sock(&s[4], 1, SMCNL_MODE_TCP, 61, "10.9.0.1", 40002, "10.9.0.3", 5201);
	s[4].fallback_reason = 0x03030008;
	s[4].peer_diagnosis = 0x03030008;
	if (state_is("ibm"))
		return sock_dump_ibm(s, fn, arg);
	if (getenv("FAKE_SMCNL_IPV6")) {
		s[n] = s[0];
		s[n].family = AF_INET6;
		inet_pton(AF_INET6, "fd00:9::1", s[n].local_addr);
		inet_pton(AF_INET6, "fd00:9::2", s[n].peer_addr);
		s[n++].inode = 62;
	}
	for (i = 0; i < n && !rc; i++)
		rc = fn(&s[i], arg);
	return rc;
}

/* Two recorded events, then the end of the recording (1: stop). */
struct smcnl_monitor {
	int pipe[2];		/* readable: the recording is there */
};

int smcnl_monitor_open(struct smcnl *nl, struct smcnl_monitor **mon)
{
	(void)nl;
	*mon = calloc(1, sizeof(**mon));
	if (!*mon || pipe((*mon)->pipe) || write((*mon)->pipe[1], "e", 1) != 1)
		return -ENOMEM;
	return 0;
}

int smcnl_monitor_fd(const struct smcnl_monitor *mon)
{
	return mon->pipe[0];
}

int smcnl_monitor_set_rcvbuf(struct smcnl_monitor *mon, int bytes)
{
	(void)mon, (void)bytes;
	return 0;
}

/* The recording is there at once: no wait. */
int smcnl_monitor_run(struct smcnl_monitor *mon, smcnl_event_fn fn, void *arg)
{
	return smcnl_monitor_dispatch(mon, fn, arg);
}

void smcnl_monitor_close(struct smcnl_monitor *mon)
{
	close(mon->pipe[0]);
	close(mon->pipe[1]);
	free(mon);
}

int smcnl_monitor_dispatch(struct smcnl_monitor *mon, smcnl_event_fn fn, void *arg)
{
	struct smcnl_event fb = {
		.type = SMC_NEXT_CMD_FALLBACK, .has_reason = true, .reason = 0x03010000,
		.has_addr = true, .family = AF_INET, .sport = 40000, .dport = 5201,
	};
	struct smcnl_event pnet = { .type = SMC_NEXT_CMD_PNET_ADDED, .pnetid = "NET1",
				    .eth_name = "eth0" };
	struct smcnl_event lost = { .type = SMCNL_EVENT_LOST };
	int rc;

	(void)mon;
	inet_pton(AF_INET, "10.9.0.1", fb.saddr);
	inet_pton(AF_INET, "10.9.0.2", fb.daddr);
	rc = fn(&fb, arg);
	if (!rc && getenv("FAKE_SMCNL_LOST"))
		rc = fn(&lost, arg);
	if (!rc)
		rc = fn(&pnet, arg);
	return rc ? rc : 1;
}

/* Not used by these tests; present so every tool links. */
int smcnl_ueid_list_sz(struct smcnl *nl, struct smcnl_ueid_table *table, size_t size)
{
	(void)size;
	(void)nl;
	memset(table, 0, sizeof(*table));
	table->count = 1;
	strcpy(table->ueid[0], "SMCTESTUEID0001");
	return 0;
}

int smcnl_ueid_add(struct smcnl *nl, const char *ueid)
{
	(void)nl;
	return admin("ueid add %s%s%s%.0d", ueid, "", "", 0) ? 0 : -EPERM;
}

int smcnl_ueid_del(struct smcnl *nl, const char *ueid)
{
	(void)nl;
	return admin("ueid del %s%s%s%.0d", ueid, "", "", 0) ? 0 : -EPERM;
}

int smcnl_ueid_flush(struct smcnl *nl)
{
	(void)nl;
	return admin("ueid flush%s%s%s%.0d", "", "", "", 0) ? 0 : -EPERM;
}

int smcnl_seid_get_sz(struct smcnl *nl, struct smcnl_seid *seid, size_t size)
{
	(void)size;
	(void)nl;
	memset(seid, 0, sizeof(*seid));
	return 0;
}

int smcnl_seid_set(struct smcnl *nl, bool enable)
{
	(void)nl;
	return admin("seid %s%s%s%.0d", enable ? "enable" : "disable", "", "", 0) ? 0 : -EPERM;
}

int smcnl_hs_limitation_get(struct smcnl *nl, bool *enabled)
{
	(void)nl;
	*enabled = false;
	return 0;
}

int smcnl_hs_limitation_set(struct smcnl *nl, bool enable)
{
	(void)nl, (void)enable;
	return -EPERM;
}
