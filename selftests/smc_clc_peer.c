// SPDX-License-Identifier: GPL-2.0
/* smc_clc_peer: an SMC peer that sends crafted CLC extension areas, to show
 * what a kernel does with malformed ones. It speaks TCP itself over a
 * packet socket, from an address no kernel owns (no RST gets in the way),
 * so that it can put the SMC option into its SYN or SYN-ACK.
 *
 *   smc_clc_peer client CASE -i IF -m PEER_MAC -a ADDR -A PEER_ADDR -p PORT
 *	connects to an AF_SMC server with a PROPOSAL carrying CASE's area,
 *	prints "reply DECLINE 0xCODE" or "reply ACCEPT", then, after a
 *	decline, checks that the connection carries data as plain TCP
 *	(the server must echo) and prints "fallback echo ok".
 *   smc_clc_peer server CASE -i IF -m PEER_MAC -a ADDR -A PEER_ADDR -p PORT
 *	answers one SMC client with an SMC-R ACCEPT (V1, or V2 when only V2
 *	was proposed) carrying CASE's area at its tail, prints the client's "reply DECLINE 0xCODE", then echoes
 *	what the client sends over plain TCP until it closes.
 *
 * CASE: ok, unknown-type (both well formed), overlong, tlv-past-end,
 * short-features, repeated-features, truncated-tlv, bad-magic (tail only),
 * truncated (the client stops mid-message and never finishes it),
 * flag-only: no area at all, but the tail flag set in the ACCEPT (server)
 *	or in a CONFIRM the client sends after an ACCEPT (client, whose
 *	PROPOSAL offers nothing); a side that offered nothing must ignore
 *	the flag, as stock SMC does, and the client prints the reply to its
 *	CONFIRM ("confirmed, then DECLINE 0xCODE").
 * Exit status: 0 done, 1 network error or timeout, 2 usage.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* Protocol facts (RFC 7609, net/smc/smc_clc.h, our extension spec). */
static const uint8_t eyecatcher_r[4] = { 0xe2, 0xd4, 0xc3, 0xd9 };	/* "SMCR" */
#define TCPOPT_EXP		254
#define SMC_OPTION_MAGIC	0xe2d4c3d9
#define CLC_PROPOSAL		0x01
#define CLC_ACCEPT		0x02
#define CLC_CONFIRM		0x03
#define CLC_DECLINE		0x04
#define CLC_EXT_MAGIC		0xe2e7
#define CLC_EXT_FEATURES	1
#define CLC_EXT_TAIL_FLAG	0x01
#define CLC_PROPOSAL_LEN	92	/* V1, SMC-R, SMC-D area, IPv4 prefix */
#define CLC_ACCEPT_LEN_V1	68
#define CLC_ACCEPT_LEN_V2	108
#define SMC_TYPE_R		0
#define SMC_TYPE_B		3
#define ALL_FEATURES		0xf

struct tcp_conn {
	int fd;
	struct sockaddr_ll peer_ll;
	uint32_t addr, peer_addr;	/* network order */
	uint16_t port, peer_port;	/* network order */
	uint32_t snd_nxt, rcv_nxt;
	bool peer_fin;
	uint8_t rx[4096];
	size_t rx_len;
};

struct peer_opts {
	bool server;
	const char *test;
	const char *ifname;
	uint8_t peer_mac[6];
	uint32_t addr, peer_addr;
	uint16_t port;
};

static uint16_t csum_add(uint32_t sum, const void *data, size_t len)
{
	const uint8_t *p = data;

	while (len > 1) {
		sum += (uint32_t)p[0] << 8 | p[1];
		p += 2;
		len -= 2;
	}
	if (len)
		sum += (uint32_t)p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

static uint16_t tcp_csum(const struct tcp_conn *c, const uint8_t *seg, size_t len)
{
	uint8_t pseudo[12];
	uint32_t sum;

	memcpy(pseudo, &c->addr, 4);
	memcpy(pseudo + 4, &c->peer_addr, 4);
	pseudo[8] = 0;
	pseudo[9] = IPPROTO_TCP;
	pseudo[10] = len >> 8;
	pseudo[11] = len & 0xff;
	sum = csum_add(0, pseudo, sizeof(pseudo));
	return htons(~csum_add(sum, seg, len) & 0xffff);
}

/* Sends one segment; options are padded to 4 bytes by the caller. */
static int tcp_send(struct tcp_conn *c, uint8_t flags, const void *opts, size_t optlen,
		    const void *data, size_t len)
{
	uint8_t pkt[1500];
	struct iphdr *ip = (struct iphdr *)pkt;
	struct tcphdr *th = (struct tcphdr *)(pkt + sizeof(*ip));
	size_t thlen = sizeof(*th) + optlen, total = sizeof(*ip) + thlen + len;

	if (total > sizeof(pkt))
		return -1;
	memset(pkt, 0, sizeof(*ip) + thlen);
	ip->version = 4;
	ip->ihl = 5;
	ip->tot_len = htons(total);
	ip->frag_off = htons(IP_DF);
	ip->ttl = 64;
	ip->protocol = IPPROTO_TCP;
	ip->saddr = c->addr;
	ip->daddr = c->peer_addr;
	ip->check = htons(~csum_add(0, ip, sizeof(*ip)) & 0xffff);
	th->source = c->port;
	th->dest = c->peer_port;
	th->seq = htonl(c->snd_nxt);
	th->ack_seq = htonl(c->rcv_nxt);
	th->doff = thlen / 4;
	th->th_flags = flags;
	th->window = htons(65535);
	memcpy(th + 1, opts, optlen);
	memcpy((uint8_t *)th + thlen, data, len);
	th->check = tcp_csum(c, (uint8_t *)th, thlen + len);
	if (sendto(c->fd, pkt, total, 0, (struct sockaddr *)&c->peer_ll,
		   sizeof(c->peer_ll)) != (ssize_t)total)
		return -1;
	c->snd_nxt += len + !!(flags & (TH_SYN | TH_FIN));
	return 0;
}

/* Receives one segment of this connection within ms; in-order payload is
 * appended to c->rx and acknowledged. Returns its TCP flags, -1 on timeout.
 * With listen set, takes a SYN from any port and learns the peer's port.
 */
static int tcp_recv(struct tcp_conn *c, int ms, bool listen, uint8_t *opts, size_t *optlen)
{
	struct timespec start, now;
	uint8_t pkt[2048];

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		struct pollfd pfd = { .fd = c->fd, .events = POLLIN };
		struct sockaddr_ll from;
		socklen_t fromlen = sizeof(from);
		struct iphdr *ip = (struct iphdr *)pkt;
		struct tcphdr *th;
		size_t iphl, thl, dlen;
		uint32_t seq;
		ssize_t n;
		int left;

		clock_gettime(CLOCK_MONOTONIC, &now);
		left = ms - (int)((now.tv_sec - start.tv_sec) * 1000 +
				  (now.tv_nsec - start.tv_nsec) / 1000000);
		if (left <= 0 || poll(&pfd, 1, left) <= 0)
			return -1;
		n = recvfrom(c->fd, pkt, sizeof(pkt), 0, (struct sockaddr *)&from, &fromlen);
		if (n < (ssize_t)sizeof(*ip) || from.sll_pkttype == PACKET_OUTGOING)
			continue;
		iphl = ip->ihl * 4;
		if (ip->protocol != IPPROTO_TCP || ip->daddr != c->addr ||
		    ip->saddr != c->peer_addr || n < (ssize_t)(iphl + sizeof(*th)))
			continue;
		th = (struct tcphdr *)(pkt + iphl);
		thl = th->doff * 4;
		if (th->dest != c->port || (!listen && th->source != c->peer_port) ||
		    (size_t)n < iphl + thl || ntohs(ip->tot_len) < iphl + thl)
			continue;
		if (listen) {
			if (!(th->th_flags & TH_SYN))
				continue;
			c->peer_port = th->source;
		}
		if (opts && optlen) {
			*optlen = thl - sizeof(*th);
			memcpy(opts, th + 1, *optlen);
		}
		seq = ntohl(th->seq);
		dlen = ntohs(ip->tot_len) - iphl - thl;
		if (th->th_flags & TH_SYN) {
			c->rcv_nxt = seq + 1;
			return th->th_flags;
		}
		if (dlen && seq == c->rcv_nxt && c->rx_len + dlen <= sizeof(c->rx)) {
			memcpy(c->rx + c->rx_len, (uint8_t *)th + thl, dlen);
			c->rx_len += dlen;
			c->rcv_nxt += dlen;
		}
		if (th->th_flags & TH_RST) {
			c->peer_fin = true;	/* closed as well, if not cleanly */
			return th->th_flags;
		}
		if ((th->th_flags & TH_FIN) && seq + dlen == c->rcv_nxt) {
			c->rcv_nxt++;
			c->peer_fin = true;
		}
		if (dlen || (th->th_flags & TH_FIN))
			tcp_send(c, TH_ACK, NULL, 0, NULL, 0);
		return th->th_flags;
	}
}

/* Waits until c->rx holds len bytes (or the peer closed); false on timeout. */
static bool tcp_wait_rx(struct tcp_conn *c, size_t len, int ms)
{
	while (c->rx_len < len && !c->peer_fin)
		if (tcp_recv(c, ms, false, NULL, NULL) < 0 && c->rx_len < len)
			return false;
	return c->rx_len >= len;
}

static void tcp_consume(struct tcp_conn *c, size_t len)
{
	memmove(c->rx, c->rx + len, c->rx_len - len);
	c->rx_len -= len;
}

/* MSS, and the SMC experimental option (RFC 7609): 12 bytes. */
static size_t syn_options(uint8_t *o)
{
	uint32_t magic = htonl(SMC_OPTION_MAGIC);

	o[0] = TCPOPT_MAXSEG;
	o[1] = 4;
	o[2] = 1400 >> 8;
	o[3] = 1400 & 0xff;
	o[4] = TCPOPT_EXP;
	o[5] = 6;
	memcpy(o + 6, &magic, 4);
	o[10] = TCPOPT_NOP;
	o[11] = TCPOPT_NOP;
	return 12;
}

static bool has_smc_option(const uint8_t *o, size_t len)
{
	size_t i = 0;

	while (i < len) {
		if (o[i] == TCPOPT_EOL)
			break;
		if (o[i] == TCPOPT_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= len || o[i + 1] < 2 || i + o[i + 1] > len)
			break;
		if (o[i] == TCPOPT_EXP && o[i + 1] == 6 &&
		    o[i + 2] == 0xe2 && o[i + 3] == 0xd4 && o[i + 4] == 0xc3 && o[i + 5] == 0xd9)
			return true;
		i += o[i + 1];
	}
	return false;
}

/* The extension area of a case: descriptor + TLVs for the PROPOSAL's 20
 * reserved bytes (at_tail false), or TLVs + descriptor for an ACCEPT's tail.
 * Returns its length.
 */
static size_t ext_area(const char *test, bool at_tail, uint8_t *buf)
{
	uint8_t tlvs[32], desc[4] = { CLC_EXT_MAGIC >> 8, CLC_EXT_MAGIC & 0xff, 0, 0 };
	uint32_t features = htonl(ALL_FEATURES);
	size_t n = 0, declared;

	if (!strcmp(test, "unknown-type")) {
		static const uint8_t future[] = { 0x77, 3, 1, 2, 3 };

		memcpy(tlvs, future, sizeof(future));	/* skipped */
		n = sizeof(future);
	}
	tlvs[n++] = CLC_EXT_FEATURES;
	tlvs[n++] = 4;
	memcpy(tlvs + n, &features, 4);
	n += 4;
	declared = n;
	if (!strcmp(test, "overlong"))
		declared = at_tail ? 200 : 17;	/* past the space there is */
	else if (!strcmp(test, "tlv-past-end"))
		tlvs[1] = 10;			/* value runs past the area */
	else if (!strcmp(test, "short-features")) {
		tlvs[1] = 2;			/* FEATURES needs 4 bytes */
		declared = n = 4;
	}
	else if (!strcmp(test, "repeated-features")) {
		memcpy(tlvs + n, tlvs, 6);
		declared = n = 12;
	} else if (!strcmp(test, "truncated-tlv"))
		declared = n = 1;		/* a type without its length */
	else if (!strcmp(test, "bad-magic"))
		desc[0] = 0x12;
	desc[3] = declared;
	if (at_tail) {
		memcpy(buf, tlvs, n);
		memcpy(buf + n, desc, 4);
	} else {
		memcpy(buf, desc, 4);
		memcpy(buf + 4, tlvs, n);
	}
	return n + 4;
}

/* a case that sends no extension area, only the ACCEPT/CONFIRM tail flag */
static bool case_flag_only(const char *test)
{
	return !strcmp(test, "flag-only");
}

static void clc_hdr(uint8_t *m, uint8_t type, size_t len, uint8_t version_types)
{
	memcpy(m, eyecatcher_r, 4);
	m[4] = type;
	m[5] = len >> 8;
	m[6] = len & 0xff;
	m[7] = version_types;
}

/* V1 PROPOSAL offering SMC-R with an SMC-D area whose reserved bytes
 * carry the case's extension area.
 */
static size_t build_proposal(const struct peer_opts *o, uint8_t *m)
{
	uint32_t subnet = o->addr & htonl(0xffffff00);

	memset(m, 0, CLC_PROPOSAL_LEN);
	clc_hdr(m, CLC_PROPOSAL, CLC_PROPOSAL_LEN, 1 << 4 | 2 << 2 | 0);	/* V1, v2 N, v1 R */
	memcpy(m + 8, "\x02smcnxt", 8);		/* peer id */
	m[38] = 0;
	m[39] = 40;				/* iparea_offset: the SMC-D area */
	if (!case_flag_only(o->test))
		ext_area(o->test, false, m + 60);	/* SMC-D area reserved[20] */
	memcpy(m + 80, &subnet, 4);
	m[84] = 24;
	memcpy(m + 88, eyecatcher_r, 4);
	return CLC_PROPOSAL_LEN;
}

/* SMC-R ACCEPT (V2 when the PROPOSAL offered SMC-Rv2 only, no first
 * contact) with the tail flag and the case's area before the trailer
 */
static size_t build_accept(const struct peer_opts *o, uint8_t *m, bool v2)
{
	size_t base = v2 ? CLC_ACCEPT_LEN_V2 : CLC_ACCEPT_LEN_V1, alen, len;
	uint8_t area[64];

	alen = case_flag_only(o->test) ? 0 : ext_area(o->test, true, area);
	len = base + alen;
	memset(m, 0, len);
	clc_hdr(m, CLC_ACCEPT, len, (v2 ? 2 : 1) << 4);	/* SMC-R */
	memcpy(m + 8, "\x02smcnxt", 8);
	m[40] = 1;				/* QP number */
	m[51] = CLC_EXT_TAIL_FLAG;		/* r0.reserved */
	memcpy(m + base - 4, area, alen);
	memcpy(m + len - 4, eyecatcher_r, 4);
	return len;
}

static uint32_t decline_code(const uint8_t *m)
{
	return (uint32_t)m[16] << 24 | m[17] << 16 | m[18] << 8 | m[19];
}

/* After a V1 SMC-R ACCEPT (in c->rx), a CONFIRM of the stock length with
 * the tail flag set and no area; its link information points nowhere
 * (QP 0x777, no GID), so a server that takes it fails the first contact's
 * LLC exchange and declines for that, not for the flag.
 */
static int confirm_flag_only(struct tcp_conn *c)
{
	uint8_t msg[CLC_ACCEPT_LEN_V1];

	if ((c->rx[5] << 8 | c->rx[6]) != CLC_ACCEPT_LEN_V1) {
		fprintf(stderr, "smc_clc_peer: the ACCEPT is not a V1 one\n");
		return 1;
	}
	memcpy(msg, c->rx, sizeof(msg));
	tcp_consume(c, sizeof(msg));
	msg[4] = CLC_CONFIRM;
	memcpy(msg + 8, "\x02smcnxt", 8);	/* peer id */
	memset(msg + 16, 0, 22);		/* GID, MAC */
	msg[38] = 0;				/* QP number */
	msg[39] = 0x07;
	msg[40] = 0x77;
	msg[51] |= CLC_EXT_TAIL_FLAG;		/* r0.reserved */
	tcp_send(c, TH_ACK | TH_PUSH, NULL, 0, msg, sizeof(msg));
	if (!tcp_wait_rx(c, 8, 15000) || !tcp_wait_rx(c, (c->rx[5] << 8 | c->rx[6]), 5000)) {
		printf("confirmed, then NONE\n");
	} else if (c->rx[4] == CLC_DECLINE) {
		printf("confirmed, then DECLINE 0x%08x\n", decline_code(c->rx));
	} else {
		printf("confirmed, then OTHER\n");
	}
	tcp_send(c, TH_RST | TH_ACK, NULL, 0, NULL, 0);
	return 0;
}

static int run_client(const struct peer_opts *o, struct tcp_conn *c)
{
	uint8_t opts[40], msg[128];
	size_t optlen = 0, len;
	int flags;

	c->port = htons(40000 + (getpid() % 20000));
	c->peer_port = htons(o->port);
	c->snd_nxt = 0x12345678;
	len = syn_options(opts);
	tcp_send(c, TH_SYN, opts, len, NULL, 0);
	flags = tcp_recv(c, 3000, false, opts, &optlen);
	if (flags < 0 || (flags & (TH_SYN | TH_ACK)) != (TH_SYN | TH_ACK)) {
		fprintf(stderr, "smc_clc_peer: no SYN-ACK from the server\n");
		return 1;
	}
	if (!has_smc_option(opts, optlen)) {
		fprintf(stderr, "smc_clc_peer: the server did not offer SMC\n");
		return 1;
	}
	tcp_send(c, TH_ACK, NULL, 0, NULL, 0);
	len = build_proposal(o, msg);
	if (!strcmp(o->test, "truncated")) {
		/* half the message, then nothing: the server must give up */
		tcp_send(c, TH_ACK | TH_PUSH, NULL, 0, msg, len / 2);
		while (!c->peer_fin && tcp_recv(c, 8000, false, NULL, NULL) >= 0)
			;
		printf("reply %s\n", c->peer_fin ? "CLOSE" : "NONE");
		return c->peer_fin ? 0 : 1;
	}
	tcp_send(c, TH_ACK | TH_PUSH, NULL, 0, msg, len);
	if (!tcp_wait_rx(c, 8, 5000) || !tcp_wait_rx(c, (c->rx[5] << 8 | c->rx[6]), 5000)) {
		fprintf(stderr, "smc_clc_peer: no CLC reply\n");
		return 1;
	}
	if (c->rx[4] == CLC_ACCEPT && case_flag_only(o->test))
		return confirm_flag_only(c);
	if (c->rx[4] != CLC_DECLINE) {
		printf("reply %s\n", c->rx[4] == CLC_ACCEPT ? "ACCEPT" : "OTHER");
		tcp_send(c, TH_RST | TH_ACK, NULL, 0, NULL, 0);
		return 0;
	}
	printf("reply DECLINE 0x%08x\n", decline_code(c->rx));
	tcp_consume(c, c->rx[5] << 8 | c->rx[6]);
	/* both ends fell back: the server program echoes over plain TCP */
	tcp_send(c, TH_ACK | TH_PUSH, NULL, 0, "ping\n", 5);
	if (!tcp_wait_rx(c, 5, 5000) || memcmp(c->rx, "ping\n", 5)) {
		fprintf(stderr, "smc_clc_peer: no echo after the fallback\n");
		return 1;
	}
	printf("fallback echo ok\n");
	tcp_send(c, TH_FIN | TH_ACK, NULL, 0, NULL, 0);
	while (!c->peer_fin && tcp_recv(c, 3000, false, NULL, NULL) >= 0)
		;
	return 0;
}

static int run_server(const struct peer_opts *o, struct tcp_conn *c)
{
	uint8_t opts[40], msg[192], typev1;
	size_t optlen = 0, len;
	int flags;

	c->port = htons(o->port);
	c->snd_nxt = 0x5a5a0000;
	flags = tcp_recv(c, 30000, true, opts, &optlen);
	if (flags < 0 || !has_smc_option(opts, optlen)) {
		fprintf(stderr, "smc_clc_peer: no SYN offering SMC\n");
		return 1;
	}
	len = syn_options(opts);
	tcp_send(c, TH_SYN | TH_ACK, opts, len, NULL, 0);
	if (!tcp_wait_rx(c, 8, 5000) || !tcp_wait_rx(c, (c->rx[5] << 8 | c->rx[6]), 5000) ||
	    c->rx[4] != CLC_PROPOSAL) {
		fprintf(stderr, "smc_clc_peer: no PROPOSAL\n");
		return 1;
	}
	/* version 4 bits, SMC v2 type 2 bits, SMC v1 type 2 bits */
	typev1 = c->rx[7] & 3;
	tcp_consume(c, c->rx[5] << 8 | c->rx[6]);
	len = build_accept(o, msg, typev1 != SMC_TYPE_R && typev1 != SMC_TYPE_B);
	tcp_send(c, TH_ACK | TH_PUSH, NULL, 0, msg, len);
	if (!tcp_wait_rx(c, 8, 5000) || !tcp_wait_rx(c, (c->rx[5] << 8 | c->rx[6]), 5000)) {
		fprintf(stderr, "smc_clc_peer: no reply to the ACCEPT\n");
		return 1;
	}
	if (c->rx[4] != CLC_DECLINE) {
		printf("reply %s\n", c->rx[4] == CLC_CONFIRM ? "CONFIRM" : "OTHER");
		tcp_send(c, TH_RST | TH_ACK, NULL, 0, NULL, 0);
		return 0;
	}
	printf("reply DECLINE 0x%08x\n", decline_code(c->rx));
	fflush(stdout);
	tcp_consume(c, c->rx[5] << 8 | c->rx[6]);
	/* echo until the client closes */
	while (!c->peer_fin) {
		if (c->rx_len) {
			tcp_send(c, TH_ACK | TH_PUSH, NULL, 0, c->rx, c->rx_len);
			tcp_consume(c, c->rx_len);
			continue;
		}
		if (tcp_recv(c, 10000, false, NULL, NULL) < 0)
			return 1;
	}
	tcp_send(c, TH_FIN | TH_ACK, NULL, 0, NULL, 0);
	return 0;
}

static int parse_mac(const char *s, uint8_t *mac)
{
	return sscanf(s, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &mac[0], &mac[1], &mac[2],
		      &mac[3], &mac[4], &mac[5]) == 6 ? 0 : -1;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: smc_clc_peer client|server CASE -i IF -m PEER_MAC -a ADDR -A PEER_ADDR -p PORT\n");
}

int main(int argc, char **argv)
{
	struct peer_opts o = { 0 };
	struct tcp_conn c = { 0 };
	bool have_mac = false;
	int opt;

	if (argc < 3) {
		usage(stderr);
		return 2;
	}
	o.server = !strcmp(argv[1], "server");
	if (!o.server && strcmp(argv[1], "client")) {
		usage(stderr);
		return 2;
	}
	o.test = argv[2];
	optind = 3;
	while ((opt = getopt(argc, argv, "i:m:a:A:p:")) != -1) {
		switch (opt) {
		case 'i': o.ifname = optarg; break;
		case 'm': have_mac = !parse_mac(optarg, o.peer_mac); break;
		case 'a': inet_pton(AF_INET, optarg, &o.addr); break;
		case 'A': inet_pton(AF_INET, optarg, &o.peer_addr); break;
		case 'p': o.port = atoi(optarg); break;
		default: usage(stderr); return 2;
		}
	}
	if (!o.ifname || !have_mac || !o.addr || !o.peer_addr || !o.port) {
		usage(stderr);
		return 2;
	}
	c.fd = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP));
	if (c.fd < 0) {
		fprintf(stderr, "smc_clc_peer: packet socket: %s\n", strerror(errno));
		return 1;
	}
	c.peer_ll.sll_family = AF_PACKET;
	c.peer_ll.sll_protocol = htons(ETH_P_IP);
	c.peer_ll.sll_ifindex = if_nametoindex(o.ifname);
	c.peer_ll.sll_halen = 6;
	memcpy(c.peer_ll.sll_addr, o.peer_mac, 6);
	if (!c.peer_ll.sll_ifindex ||
	    bind(c.fd, (struct sockaddr *)&c.peer_ll, sizeof(c.peer_ll))) {
		fprintf(stderr, "smc_clc_peer: interface %s: %s\n", o.ifname, strerror(errno));
		return 1;
	}
	c.addr = o.addr;
	c.peer_addr = o.peer_addr;
	setvbuf(stdout, NULL, _IOLBF, 0);
	return o.server ? run_server(&o, &c) : run_client(&o, &c);
}
