// SPDX-License-Identifier: GPL-2.0
/* smc_nlctl: the few SMC generic netlink and sock_diag requests the lab and
 * its selftests need, over raw netlink (no libnl), so the kernel is checked
 * independently of the netlink/ library.
 *
 *   smc_nlctl ueid add ID | ueid del ID | ueid flush | ueid show
 *   smc_nlctl links        SMC-R links: "lgr-link ID state STATE ibdev DEV conns N"
 *   smc_nlctl lgr          SMC-R link groups: "lgr ID role ROLE type TYPE conns N"
 *   smc_nlctl lgr-smcd     SMC-D link groups
 *   smc_nlctl dev-smcd     SMC-D devices, read the way a 6.12-era tool reads
 *                          them (IBM's smc-tools 1.8): "dev-smcd fid F chid
 *                          C vendor V device D pci-id ID", "missing" for
 *                          each PCI attribute the kernel did not send
 *   smc_nlctl sockets      SMC sockets from sock_diag
 *   smc_nlctl next features   the smc_next family's FEATURES_GET:
 *                          "features supported 0xS enabled 0xE"
 *   smc_nlctl next lgr     its LGR_GET: "lgr ID smcd|smcr data-tx N
 *                          features 0xF" (what the kernel sent)
 *   smc_nlctl next events  joins its events group: "events joined", or the
 *                          kernel's refusal (exit 1)
 *
 * Exit status: 0 ok, 1 the kernel refused (the reason is printed), 2 usage.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/smc.h>
#include <linux/smc_next.h>

#include "smc_sockdiag.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif

struct nl_conn {
	int fd;
	uint32_t seq;
	uint16_t family;
	uint32_t events_grp;	/* smc_next's events group, 0 if none */
	char errmsg[256];
};

struct nl_req {
	struct nlmsghdr nlh;
	struct genlmsghdr genl;
	char attrs[256];
};

typedef void (*nl_msg_cb)(const struct nlattr *attrs, int len, void *arg);

static struct nlattr *req_put(struct nl_req *req, uint16_t type, const void *data,
			      uint16_t len)
{
	struct nlattr *a = (struct nlattr *)((char *)req + NLMSG_ALIGN(req->nlh.nlmsg_len));

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	memcpy((char *)a + NLA_HDRLEN, data, len);
	req->nlh.nlmsg_len = NLMSG_ALIGN(req->nlh.nlmsg_len) + NLA_ALIGN(a->nla_len);
	return a;
}

static void req_init(struct nl_req *req, uint16_t family, uint8_t cmd, uint16_t flags)
{
	memset(req, 0, sizeof(*req));
	req->nlh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	req->nlh.nlmsg_type = family;
	req->nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	req->genl.cmd = cmd;
	req->genl.version = 1;
}

/* Picks the extack message out of an error reply, if the kernel sent one. */
static void read_extack(const struct nlmsghdr *nlh, char *buf, size_t len)
{
	const struct nlmsgerr *err = NLMSG_DATA(nlh);
	const struct nlattr *a;
	int rem, off;

	buf[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	off = sizeof(*err);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += err->msg.nlmsg_len - NLMSG_HDRLEN;
	rem = nlh->nlmsg_len - NLMSG_HDRLEN - off;
	for (a = (const void *)((const char *)err + off);
	     rem >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= rem;
	     rem -= NLA_ALIGN(a->nla_len),
	     a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len))) {
		if (a->nla_type == NLMSGERR_ATTR_MSG)
			snprintf(buf, len, "%.*s", a->nla_len - NLA_HDRLEN,
				 (const char *)a + NLA_HDRLEN);
	}
}

/* Sends req and feeds every reply's attributes to cb; 0 or -errno. */
static int nl_talk(struct nl_conn *c, struct nl_req *req, nl_msg_cb cb, void *arg)
{
	static union {
		char buf[65536];
		struct nlmsghdr align;	/* NLMSG_ALIGNTO */
	} rx;
	char *buf = rx.buf;
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };

	req->nlh.nlmsg_seq = ++c->seq;
	c->errmsg[0] = '\0';
	if (sendto(c->fd, req, req->nlh.nlmsg_len, 0,
		   (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
		return -errno;
	for (;;) {
		ssize_t n = recv(c->fd, buf, sizeof(rx.buf), 0);
		struct nlmsghdr *nlh;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		for (nlh = (void *)buf; NLMSG_OK(nlh, (size_t)n); nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_seq != c->seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_DONE)
				return 0;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *err = NLMSG_DATA(nlh);

				read_extack(nlh, c->errmsg, sizeof(c->errmsg));
				return err->error;
			}
			if (cb)
				cb((const void *)((char *)NLMSG_DATA(nlh) + GENL_HDRLEN),
				   nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN), arg);
		}
	}
}

/* The attributes in [attrs, attrs + len): attr_first(), then attr_next()
 * until NULL; *rem counts the bytes left.
 */
static const struct nlattr *attr_ok(const struct nlattr *a, int rem)
{
	return rem >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	       a->nla_len <= rem ? a : NULL;
}

static const struct nlattr *attr_first(const struct nlattr *attrs, int len,
				       int *rem)
{
	*rem = len;
	return attr_ok(attrs, *rem);
}

static const struct nlattr *attr_next(const struct nlattr *a, int *rem)
{
	*rem -= NLA_ALIGN(a->nla_len);
	return attr_ok((const void *)((const char *)a + NLA_ALIGN(a->nla_len)),
		       *rem);
}

static const void *attr_data(const struct nlattr *a)
{
	return (const char *)a + NLA_HDRLEN;
}

static int attr_len(const struct nlattr *a)
{
	return a->nla_len - NLA_HDRLEN;
}

/* The id of the multicast group named SMC_NEXT_EVENTS_GROUP, if in grps */
static uint32_t events_grp_id(const struct nlattr *grps)
{
	const struct nlattr *grp, *a;
	int rem, rem2;
	uint32_t id;
	bool named;

	for (grp = attr_first(attr_data(grps), attr_len(grps), &rem); grp;
	     grp = attr_next(grp, &rem)) {
		id = 0;
		named = false;
		for (a = attr_first(attr_data(grp), attr_len(grp), &rem2); a;
		     a = attr_next(a, &rem2)) {
			if (a->nla_type == CTRL_ATTR_MCAST_GRP_ID)
				id = *(const uint32_t *)attr_data(a);
			else if (a->nla_type == CTRL_ATTR_MCAST_GRP_NAME)
				named = !strcmp(attr_data(a), SMC_NEXT_EVENTS_GROUP);
		}
		if (named)
			return id;
	}
	return 0;
}

static void family_cb(const struct nlattr *attrs, int len, void *arg)
{
	struct nl_conn *c = arg;
	const struct nlattr *a;
	int rem;

	for (a = attr_first(attrs, len, &rem); a;
	     a = attr_next(a, &rem)) {
		if (a->nla_type == CTRL_ATTR_FAMILY_ID)
			c->family = *(const uint16_t *)attr_data(a);
		else if (a->nla_type == CTRL_ATTR_MCAST_GROUPS)
			c->events_grp = events_grp_id(a);
	}
}

static int nl_open(struct nl_conn *c, const char *family_name)
{
	struct nl_req req;
	int one = 1, rc;

	memset(c, 0, sizeof(*c));
	c->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (c->fd < 0)
		return -errno;
	setsockopt(c->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	req_init(&req, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0);
	req_put(&req, CTRL_ATTR_FAMILY_NAME, family_name, strlen(family_name) + 1);
	rc = nl_talk(c, &req, family_cb, c);
	if (!rc && !c->family)
		rc = -ENOENT;
	return rc;
}

static const char *link_state_name(uint32_t s)
{
	static const char *const names[] = {
		"LINK_UNUSED", "LINK_INACTIVE", "LINK_ACTIVATING", "LINK_ACTIVE",
	};

	return s < 4 ? names[s] : "LINK_UNKNOWN";
}

static const char *lgr_type_name(uint8_t t)
{
	static const char *const names[] = {
		"NONE", "SINGLE", "SYM", "ASYMP", "ASYML",
	};

	return t < 5 ? names[t] : "UNKNOWN";
}

static void print_link(const struct nlattr *attrs, int len, void *arg)
{
	const struct nlattr *top, *a;
	int rem, rem2;

	(void)arg;
	for (top = attr_first(attrs, len, &rem); top;
	     top = attr_next(top, &rem)) {
		if ((top->nla_type & NLA_TYPE_MASK) != SMC_GEN_LINK_SMCR)
			continue;
		uint32_t state = 0, conns = 0;
		unsigned int id = 0;
		char ibdev[64] = "?";

		for (a = attr_first(attr_data(top), attr_len(top), &rem2); a;
		     a = attr_next(a, &rem2)) {
			switch (a->nla_type & NLA_TYPE_MASK) {
			case SMC_NLA_LINK_ID:
				id = *(const uint8_t *)attr_data(a);
				break;
			case SMC_NLA_LINK_STATE:
				state = *(const uint32_t *)attr_data(a);
				break;
			case SMC_NLA_LINK_CONN_CNT:
				conns = *(const uint32_t *)attr_data(a);
				break;
			case SMC_NLA_LINK_IB_DEV:
				snprintf(ibdev, sizeof(ibdev), "%.*s", attr_len(a),
					 (const char *)attr_data(a));
				break;
			}
		}
		printf("link %u state %s ibdev %s conns %u\n", id,
		       link_state_name(state), ibdev, conns);
	}
}

static void print_lgr(const struct nlattr *attrs, int len, void *arg)
{
	const struct nlattr *top, *a;
	int rem, rem2;
	bool smcd = *(bool *)arg;

	for (top = attr_first(attrs, len, &rem); top;
	     top = attr_next(top, &rem)) {
		if ((top->nla_type & NLA_TYPE_MASK) !=
		    (smcd ? SMC_GEN_LGR_SMCD : SMC_GEN_LGR_SMCR))
			continue;
		uint32_t id = 0, conns = 0;
		uint8_t role = 0, type = 0;

		for (a = attr_first(attr_data(top), attr_len(top), &rem2); a;
		     a = attr_next(a, &rem2)) {
			int t = a->nla_type & NLA_TYPE_MASK;

			if (t == (smcd ? SMC_NLA_LGR_D_ID : SMC_NLA_LGR_R_ID))
				id = *(const uint32_t *)attr_data(a);
			else if (t == (smcd ? SMC_NLA_LGR_D_CONNS_NUM : SMC_NLA_LGR_R_CONNS_NUM))
				conns = *(const uint32_t *)attr_data(a);
			else if (!smcd && t == SMC_NLA_LGR_R_ROLE)
				role = *(const uint8_t *)attr_data(a);
			else if (!smcd && t == SMC_NLA_LGR_R_TYPE)
				type = *(const uint8_t *)attr_data(a);
		}
		if (smcd)
			printf("lgr %08x conns %u\n", id, conns);
		else
			printf("lgr %08x role %s type %s conns %u\n", id,
			       role ? "SERV" : "CLNT", lgr_type_name(type), conns);
	}
}

/* A 6.12-era reader takes every PCI attribute of an SMC-D device as sent
 * (smc-tools 1.8 prints what its buffer held otherwise): each one missing
 * is printed as such, for the tests to catch.
 */
static void print_dev_smcd(const struct nlattr *attrs, int len, void *arg)
{
	static const char *const names[] = {
		[SMC_NLA_DEV_PCI_FID] = "fid", [SMC_NLA_DEV_PCI_CHID] = "chid",
		[SMC_NLA_DEV_PCI_VENDOR] = "vendor", [SMC_NLA_DEV_PCI_DEVICE] = "device",
		[SMC_NLA_DEV_PCI_ID] = "pci-id",
	};
	const struct nlattr *top, *a;
	int rem, rem2, t;

	(void)arg;
	for (top = attr_first(attrs, len, &rem); top;
	     top = attr_next(top, &rem)) {
		const struct nlattr *pci[SMC_NLA_DEV_PCI_ID + 1] = { NULL };

		if ((top->nla_type & NLA_TYPE_MASK) != SMC_GEN_DEV_SMCD)
			continue;
		for (a = attr_first(attr_data(top), attr_len(top), &rem2); a;
		     a = attr_next(a, &rem2)) {
			t = a->nla_type & NLA_TYPE_MASK;
			if (t >= SMC_NLA_DEV_PCI_FID && t <= SMC_NLA_DEV_PCI_ID)
				pci[t] = a;
		}
		printf("dev-smcd");
		for (t = SMC_NLA_DEV_PCI_FID; t <= SMC_NLA_DEV_PCI_ID; t++) {
			a = pci[t];
			if (!a)
				printf(" %s missing", names[t]);
			else if (t == SMC_NLA_DEV_PCI_ID)
				printf(" %s %.*s", names[t], attr_len(a),
				       (const char *)attr_data(a));
			else if (t == SMC_NLA_DEV_PCI_FID)
				printf(" %s %x", names[t], *(const uint32_t *)attr_data(a));
			else
				printf(" %s %x", names[t], *(const uint16_t *)attr_data(a));
		}
		printf("\n");
	}
}

static void print_ueid(const struct nlattr *attrs, int len, void *arg)
{
	const struct nlattr *a;
	int rem;

	(void)arg;
	for (a = attr_first(attrs, len, &rem); a;
	     a = attr_next(a, &rem))
		if (a->nla_type == SMC_NLA_EID_TABLE_ENTRY)
			printf("%.*s\n", attr_len(a), (const char *)attr_data(a));
}

static int print_socket(const struct smc_sock_info *sk, void *arg)
{
	(void)arg;
	printf("inode %llu state %s mode %s local %s peer %s",
	       (unsigned long long)sk->inode, smc_diag_state_name(sk->state),
	       smc_diag_mode_name(sk->mode), sk->local, sk->peer);
	if (sk->mode == 1)
		printf(" reason 0x%08x peer-diag 0x%08x", sk->fallback_reason,
		       sk->peer_diagnosis);
	printf("\n");
	return 0;
}

static void print_usage(FILE *out)
{
	fprintf(out, "usage: smc_nlctl ueid add ID | ueid del ID | ueid flush | ueid show\n"
		     "       smc_nlctl links | lgr | lgr-smcd | dev-smcd | sockets\n"
		     "       smc_nlctl next features | next lgr | next events\n");
}

/* An unsigned attribute of 4 or 8 bytes (NLA_UINT) */
static uint64_t attr_uint(const struct nlattr *a)
{
	if (attr_len(a) == 8)
		return *(const uint64_t *)attr_data(a);
	return *(const uint32_t *)attr_data(a);
}

static void print_next_features(const struct nlattr *attrs, int len, void *arg)
{
	uint32_t supported = 0, enabled = 0;
	const struct nlattr *a;
	int rem;

	(void)arg;
	for (a = attr_first(attrs, len, &rem); a; a = attr_next(a, &rem)) {
		if (a->nla_type == SMC_NEXT_A_FEATURES_SUPPORTED)
			supported = *(const uint32_t *)attr_data(a);
		else if (a->nla_type == SMC_NEXT_A_FEATURES_ENABLED)
			enabled = *(const uint32_t *)attr_data(a);
	}
	printf("features supported 0x%x enabled 0x%x\n", supported, enabled);
}

static void print_next_lgr(const struct nlattr *attrs, int len, void *arg)
{
	unsigned long long data_tx = 0;
	uint32_t id = 0, features = 0;
	const struct nlattr *a;
	bool smcd = false;
	int rem;

	(void)arg;
	for (a = attr_first(attrs, len, &rem); a; a = attr_next(a, &rem)) {
		switch (a->nla_type) {
		case SMC_NEXT_A_LGR_ID:
			id = *(const uint32_t *)attr_data(a);
			break;
		case SMC_NEXT_A_LGR_SMCD:
			smcd = true;
			break;
		case SMC_NEXT_A_LGR_DATA_TX:
			data_tx = attr_uint(a);
			break;
		case SMC_NEXT_A_LGR_FEATURES:
			features = *(const uint32_t *)attr_data(a);
			break;
		}
	}
	printf("lgr %08x %s data-tx %llu features 0x%x\n", id,
	       smcd ? "smcd" : "smcr", data_tx, features);
}

/* smc_nlctl next features | lgr | events */
static int next_cmd(int argc, char **argv)
{
	struct nl_req req;
	struct nl_conn c;
	int rc;

	if (argc != 1) {
		print_usage(stderr);
		return 2;
	}
	rc = nl_open(&c, SMC_NEXT_FAMILY_NAME);
	if (rc) {
		fprintf(stderr, "smc_nlctl: generic netlink family %s: %s\n",
			SMC_NEXT_FAMILY_NAME,
			rc == -ENOENT ? "not found" : strerror(-rc));
		return 1;
	}
	if (!strcmp(argv[0], "features")) {
		req_init(&req, c.family, SMC_NEXT_CMD_FEATURES_GET, 0);
		rc = nl_talk(&c, &req, print_next_features, NULL);
	} else if (!strcmp(argv[0], "lgr")) {
		req_init(&req, c.family, SMC_NEXT_CMD_LGR_GET, NLM_F_DUMP);
		rc = nl_talk(&c, &req, print_next_lgr, NULL);
	} else if (!strcmp(argv[0], "events")) {
		if (!c.events_grp) {
			fprintf(stderr, "smc_nlctl: %s has no group %s\n",
				SMC_NEXT_FAMILY_NAME, SMC_NEXT_EVENTS_GROUP);
			return 1;
		}
		rc = setsockopt(c.fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
				&c.events_grp, sizeof(c.events_grp)) ? -errno : 0;
		if (!rc)
			printf("events joined\n");
	} else {
		print_usage(stderr);
		return 2;
	}
	if (rc) {
		fprintf(stderr, "smc_nlctl: next %s: %s%s%s\n", argv[0],
			strerror(-rc), c.errmsg[0] ? ": " : "", c.errmsg);
		return 1;
	}
	return 0;
}

static int ueid_cmd(struct nl_conn *c, int argc, char **argv)
{
	char ueid[SMC_MAX_EID_LEN + 1];
	struct nl_req req;

	if (argc == 1 && !strcmp(argv[0], "show")) {
		req_init(&req, c->family, SMC_NETLINK_DUMP_UEID, NLM_F_DUMP);
		return nl_talk(c, &req, print_ueid, NULL);
	}
	if (argc == 1 && !strcmp(argv[0], "flush")) {
		req_init(&req, c->family, SMC_NETLINK_FLUSH_UEID, 0);
		return nl_talk(c, &req, NULL, NULL);
	}
	if (argc != 2 || (strcmp(argv[0], "add") && strcmp(argv[0], "del"))) {
		print_usage(stderr);
		return 2;
	}
	if (strlen(argv[1]) > SMC_MAX_EID_LEN) {
		fprintf(stderr, "smc_nlctl: UEID %s is longer than %d characters\n",
			argv[1], SMC_MAX_EID_LEN);
		return 1;
	}
	/* The kernel takes a UEID blank-padded to its full length. */
	memset(ueid, ' ', SMC_MAX_EID_LEN);
	memcpy(ueid, argv[1], strlen(argv[1]));
	ueid[SMC_MAX_EID_LEN] = '\0';
	req_init(&req, c->family,
		 strcmp(argv[0], "add") ? SMC_NETLINK_REMOVE_UEID : SMC_NETLINK_ADD_UEID, 0);
	req_put(&req, SMC_NLA_EID_TABLE_ENTRY, ueid, sizeof(ueid));
	return nl_talk(c, &req, NULL, NULL);
}

int main(int argc, char **argv)
{
	struct nl_conn c;
	struct nl_req req;
	bool smcd;
	int rc;

	if (argc < 2) {
		print_usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		print_usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "next"))
		return next_cmd(argc - 2, argv + 2);
	if (!strcmp(argv[1], "sockets")) {
		rc = smc_diag_walk(print_socket, NULL);
		if (rc) {
			fprintf(stderr, "smc_nlctl: SMC sock_diag: %s%s\n", strerror(-rc),
				rc == -ENOENT ? " (no SMC_DIAG in this kernel?)" : "");
			return 1;
		}
		return 0;
	}
	rc = nl_open(&c, SMC_GENL_FAMILY_NAME);
	if (rc) {
		fprintf(stderr, "smc_nlctl: generic netlink family %s: %s\n",
			SMC_GENL_FAMILY_NAME,
			rc == -ENOENT ? "not found (is SMC in this kernel?)" : strerror(-rc));
		return 1;
	}
	if (!strcmp(argv[1], "ueid")) {
		rc = ueid_cmd(&c, argc - 2, argv + 2);
	} else if (!strcmp(argv[1], "links") && argc == 2) {
		req_init(&req, c.family, SMC_NETLINK_GET_LINK_SMCR, NLM_F_DUMP);
		rc = nl_talk(&c, &req, print_link, NULL);
	} else if ((!strcmp(argv[1], "lgr") || !strcmp(argv[1], "lgr-smcd")) && argc == 2) {
		smcd = !strcmp(argv[1], "lgr-smcd");
		req_init(&req, c.family,
			 smcd ? SMC_NETLINK_GET_LGR_SMCD : SMC_NETLINK_GET_LGR_SMCR, NLM_F_DUMP);
		rc = nl_talk(&c, &req, print_lgr, &smcd);
	} else if (!strcmp(argv[1], "dev-smcd") && argc == 2) {
		req_init(&req, c.family, SMC_NETLINK_GET_DEV_SMCD, NLM_F_DUMP);
		rc = nl_talk(&c, &req, print_dev_smcd, NULL);
	} else {
		print_usage(stderr);
		return 2;
	}
	if (rc > 0)
		return rc;
	if (rc) {
		fprintf(stderr, "smc_nlctl: %s: %s%s%s\n", argv[1], strerror(-rc),
			c.errmsg[0] ? ": " : "", c.errmsg);
		return 1;
	}
	return 0;
}
