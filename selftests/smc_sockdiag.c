// SPDX-License-Identifier: GPL-2.0
/* AF_SMC sock_diag dump over a raw NETLINK_SOCK_DIAG socket. */
#include "smc_sockdiag.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/smc_diag.h>

#ifndef AF_SMC
#define AF_SMC 43
#endif

static void format_endpoint(char *buf, size_t len, int family,
			    const __be32 *addr, __be16 port)
{
	char ip[INET6_ADDRSTRLEN];

	if (!inet_ntop(family, addr, ip, sizeof(ip)))
		snprintf(ip, sizeof(ip), "?");
	snprintf(buf, len, family == AF_INET6 ? "[%s]:%u" : "%s:%u",
		 ip, ntohs(port));
}

/* AF_SMC sockets report family AF_SMC for IPv4 and IPv6 alike; only the
 * address words tell them apart (an IPv6 "any" address reads as IPv4).
 */
static uint8_t ip_family(const struct smc_diag_msg *msg)
{
	const __be32 *src = msg->id.idiag_src, *dst = msg->id.idiag_dst;

	if (msg->diag_family != AF_SMC)
		return msg->diag_family;
	return src[1] | src[2] | src[3] | dst[1] | dst[2] | dst[3] ?
	       AF_INET6 : AF_INET;
}

int smc_diag_parse_msg(const struct nlmsghdr *nlh, struct smc_sock_info *info)
{
	const struct smc_diag_msg *msg = NLMSG_DATA(nlh);
	int len = nlh->nlmsg_len - NLMSG_LENGTH(sizeof(*msg));
	const struct nlattr *a;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*msg)))
		return -EPROTO;
	memset(info, 0, sizeof(*info));
	info->inode = msg->diag_inode;
	info->uid = msg->diag_uid;
	info->family = ip_family(msg);
	info->state = msg->diag_state;
	info->mode = msg->diag_mode;
	info->shutdown = msg->diag_shutdown;
	format_endpoint(info->local, sizeof(info->local), info->family,
			msg->id.idiag_src, msg->id.idiag_sport);
	format_endpoint(info->peer, sizeof(info->peer), info->family,
			msg->id.idiag_dst, msg->id.idiag_dport);

	a = (const struct nlattr *)((const char *)msg + NLMSG_ALIGN(sizeof(*msg)));
	while (len >= (int)sizeof(*a) && a->nla_len >= sizeof(*a) &&
	       a->nla_len <= len) {
		int type = a->nla_type & NLA_TYPE_MASK;
		const void *data = (const char *)a + NLA_HDRLEN;

		if (type == SMC_DIAG_FALLBACK &&
		    a->nla_len >= NLA_HDRLEN + sizeof(struct smc_diag_fallback)) {
			const struct smc_diag_fallback *fb = data;

			info->has_fallback = true;
			info->fallback_reason = fb->reason;
			info->peer_diagnosis = fb->peer_diagnosis;
		}
		len -= NLA_ALIGN(a->nla_len);
		a = (const struct nlattr *)((const char *)a + NLA_ALIGN(a->nla_len));
	}
	return 0;
}

static int dump_all(int fd, smc_sock_cb cb, void *arg)
{
	struct {
		struct nlmsghdr nlh;
		struct smc_diag_req req;
	} request = {
		.nlh = {
			.nlmsg_len = sizeof(request),
			.nlmsg_type = SOCK_DIAG_BY_FAMILY,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
			.nlmsg_seq = 1,
		},
		.req = { .diag_family = AF_SMC },
	};
	static union {
		char buf[32768];
		struct nlmsghdr align;	/* NLMSG_ALIGNTO */
	} rx;
	char *buf = rx.buf;
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };

	if (sendto(fd, &request, sizeof(request), 0,
		   (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
		return -errno;

	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(rx.buf), 0);
		struct nlmsghdr *nlh;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, (size_t)n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			struct smc_sock_info info;
			int rc;

			if (nlh->nlmsg_type == NLMSG_DONE)
				return 0;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *err = NLMSG_DATA(nlh);

				return err->error ? err->error : -EPROTO;
			}
			rc = smc_diag_parse_msg(nlh, &info);
			if (!rc)
				rc = cb(&info, arg);
			if (rc)
				return rc;
		}
	}
}

int smc_diag_walk(smc_sock_cb cb, void *arg)
{
	int fd, rc;

	/* One dump walks both the IPv4 and the IPv6 SMC socket tables. */
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (fd < 0)
		return -errno;
	rc = dump_all(fd, cb, arg);
	close(fd);
	/* ENOENT: the kernel has no SMC sock_diag handler (no SMC_DIAG). */
	return rc;
}

struct find_ctx {
	uint64_t inode;
	struct smc_sock_info *info;
};

static int match_inode(const struct smc_sock_info *sk, void *arg)
{
	struct find_ctx *ctx = arg;

	if (sk->inode != ctx->inode)
		return 0;
	*ctx->info = *sk;
	return 1;
}

int smc_diag_find_inode(uint64_t inode, struct smc_sock_info *info)
{
	struct find_ctx ctx = { .inode = inode, .info = info };
	int rc = smc_diag_walk(match_inode, &ctx);

	if (rc == 1)
		return 0;
	return rc ? rc : -ENOENT;
}

static const char *const mode_names[] = {
	[SMC_DIAG_MODE_SMCR] = "SMCR",
	[SMC_DIAG_MODE_FALLBACK_TCP] = "TCP",
	[SMC_DIAG_MODE_SMCD] = "SMCD",
};

const char *smc_diag_mode_name(uint8_t mode)
{
	if (mode < ARRAY_SIZE(mode_names) && mode_names[mode])
		return mode_names[mode];
	return "UNKNOWN";
}

int smc_diag_mode_parse(const char *name)
{
	size_t i;

	if (!strcasecmp(name, "FALLBACK"))
		return SMC_DIAG_MODE_FALLBACK_TCP;
	for (i = 0; i < ARRAY_SIZE(mode_names); i++)
		if (mode_names[i] && !strcasecmp(name, mode_names[i]))
			return (int)i;
	return -1;
}

const char *smc_diag_state_name(uint8_t state)
{
	/* enum smc_state of net/smc/smc.h: protocol facts, not uapi. */
	static const char *const names[] = {
		[1] = "ACTIVE", [2] = "INIT", [7] = "CLOSED", [10] = "LISTEN",
		[20] = "PEERCLW1", [21] = "PEERCLW2", [22] = "APPCLW1",
		[23] = "APPCLW2", [24] = "APPFINCLW", [25] = "PEERFINCLW",
		[26] = "PEERABORTW", [27] = "PROCESSABORT",
	};

	if (state < ARRAY_SIZE(names) && names[state])
		return names[state];
	return "UNKNOWN";
}
