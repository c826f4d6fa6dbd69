// SPDX-License-Identifier: LGPL-2.1-or-later
/* The generic netlink socket of libsmcnl: family lookup, one request at a
 * time, replies handed to the module that asked, kernel errors and their
 * extack message kept for the caller.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <linux/smc.h>
#include <linux/smc_next.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#include "smcnl_priv.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

#define SMCNL_MAX_ATTR 64

static const char *const family_names[SMCNL_FAMILIES] = {
	[SMCNL_GEN] = SMC_GENL_FAMILY_NAME,
	[SMCNL_PNET] = SMCR_GENL_FAMILY_NAME,
	[SMCNL_NEXT] = SMC_NEXT_FAMILY_NAME,
};

SMCNL_API int smcnl_open(struct smcnl **out)
{
	struct smcnl *nl;
	int one = 1;

	nl = calloc(1, sizeof(*nl));
	if (!nl)
		return -ENOMEM;
	nl->sock = nl_socket_alloc();
	if (!nl->sock) {
		free(nl);
		return -ENOMEM;
	}
	if (genl_connect(nl->sock)) {
		smcnl_close(nl);
		return -EPROTONOSUPPORT;
	}
	/* We ask for ACKs ourselves: a dump must not get one after DONE. */
	nl_socket_disable_auto_ack(nl->sock);
	setsockopt(nl_socket_get_fd(nl->sock), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	*out = nl;
	return 0;
}

SMCNL_API void smcnl_close(struct smcnl *nl)
{
	if (!nl)
		return;
	nl_socket_free(nl->diag);
	nl_socket_free(nl->sock);
	free(nl);
}

SMCNL_API const char *smcnl_errmsg(const struct smcnl *nl)
{
	return nl->errmsg;
}

static int family_id(struct smcnl *nl, enum smcnl_family family)
{
	int id;

	if (nl->family_id[family] > 0)
		return nl->family_id[family];
	id = genl_ctrl_resolve(nl->sock, family_names[family]);
	if (id < 0)
		return -EPROTONOSUPPORT;	/* no SMC, or the module is not loaded */
	nl->family_id[family] = id;
	return id;
}

/* One exchange on a netlink socket: what a reply handler needs, and how
 * the exchange ended.
 */
struct exchange {
	struct smcnl *nl;
	smcnl_msg_fn on_msg;
	void *arg;
	int err;
	bool done;
};

static int on_valid(struct nl_msg *msg, void *data)
{
	struct exchange *ex = data;
	int rc;

	if (ex->err)
		return NL_OK;	/* drain the rest of a failed dump */
	rc = ex->on_msg(nlmsg_hdr(msg), ex->arg);
	if (rc < 0)
		ex->err = rc;
	return NL_OK;
}

static int on_finish(struct nl_msg *msg, void *data)
{
	struct exchange *ex = data;

	(void)msg;
	ex->done = true;
	return NL_STOP;
}

/* Keeps the kernel's errno and, if it sent one, its extack message. */
static int on_error(struct sockaddr_nl *who, struct nlmsgerr *err, void *data)
{
	const struct nlmsghdr *nlh = (const void *)((const char *)err - NLMSG_HDRLEN);
	struct exchange *ex = data;
	const struct nlattr *a;
	int off, rem;

	(void)who;
	ex->err = err->error;
	ex->done = true;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NL_STOP;
	off = sizeof(*err);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += err->msg.nlmsg_len - NLMSG_HDRLEN;
	rem = (int)nlh->nlmsg_len - NLMSG_HDRLEN - off;
	a = (const void *)((const char *)err + off);
	for (; nla_ok(a, rem); a = nla_next(a, &rem))
		if (nla_type(a) == NLMSGERR_ATTR_MSG)
			smcnl_attr_strcpy(ex->nl->errmsg, sizeof(ex->nl->errmsg), a);
	return NL_STOP;
}

int smcnl_exchange(struct smcnl *nl, struct nl_sock *sock, struct nl_msg *msg,
		   smcnl_msg_fn on_msg, void *arg)
{
	struct exchange ex = { .nl = nl, .on_msg = on_msg, .arg = arg };
	struct nl_cb *cb;
	int rc;

	nl->errmsg[0] = '\0';
	cb = nl_cb_alloc(NL_CB_CUSTOM);
	if (!cb)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &ex);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &ex);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_finish, &ex);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &ex);
	rc = nl_send_auto(sock, msg);
	if (rc < 0) {
		nl_cb_put(cb);
		return -EIO;
	}
	while (!ex.done) {
		rc = nl_recvmsgs(sock, cb);
		if (rc < 0 && !ex.done) {
			ex.err = rc == -NLE_NOMEM ? -ENOMEM : -EIO;
			break;
		}
	}
	nl_cb_put(cb);
	return ex.err;
}

struct request_ctx {
	int maxattr;
	smcnl_reply_fn fn;
	void *arg;
};

/* A generic netlink reply: its attributes, parsed without a policy so that
 * those past maxattr (a later kernel's) are skipped and those a kernel
 * does not send stay NULL.
 */
static int on_reply(const struct nlmsghdr *nlh, void *arg)
{
	struct request_ctx *ctx = arg;
	struct nlattr *tb[SMCNL_MAX_ATTR + 1];

	if (!ctx->fn)
		return 0;
	if (nla_parse(tb, ctx->maxattr, genlmsg_attrdata(nlmsg_data(nlh), 0),
		      genlmsg_attrlen(nlmsg_data(nlh), 0), NULL))
		return -EPROTO;
	return ctx->fn(tb, ctx->arg);
}

int smcnl_request(struct smcnl *nl, enum smcnl_family family, uint8_t cmd,
		  enum smcnl_kind kind, int (*build)(struct nl_msg *msg, const void *arg),
		  const void *build_arg, int maxattr, smcnl_reply_fn fn, void *arg)
{
	struct request_ctx ctx = { .maxattr = maxattr, .fn = fn, .arg = arg };
	struct nl_msg *msg;
	int id, rc;

	nl->errmsg[0] = '\0';
	if (maxattr > SMCNL_MAX_ATTR)
		return -EINVAL;
	id = family_id(nl, family);
	if (id < 0)
		return id;
	msg = nlmsg_alloc();
	if (!msg)
		return -ENOMEM;
	/* SMCNL_DO_MULTI asks for no ACK: it would arrive after DONE and
	 * answer the next request. Errors come back either way.
	 */
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, id, 0,
			 kind == SMCNL_DUMP ? NLM_F_DUMP : kind == SMCNL_DO ? NLM_F_ACK : 0,
			 cmd, 1)) {
		rc = -ENOMEM;
		goto out;
	}
	if (build) {
		rc = build(msg, build_arg);
		if (rc)
			goto out;
	}
	rc = smcnl_exchange(nl, nl->sock, msg, on_reply, &ctx);
out:
	nlmsg_free(msg);
	return rc;
}

int smcnl_check(struct nlattr **tb, int max, const struct smcnl_policy *policy)
{
	static const int fixed[] = {
		[SMCNL_A_U8] = 1, [SMCNL_A_U16] = 2, [SMCNL_A_U32] = 4, [SMCNL_A_U64] = 8,
	};
	int i, len;

	for (i = 0; i <= max; i++) {
		if (!tb[i])
			continue;
		len = nla_len(tb[i]);
		switch (policy[i].kind) {
		case SMCNL_A_U8: case SMCNL_A_U16: case SMCNL_A_U32: case SMCNL_A_U64:
			if (len != fixed[policy[i].kind])
				return -EINVAL;
			break;
		case SMCNL_A_UINT:
			if (len != 4 && len != 8)
				return -EINVAL;
			break;
		case SMCNL_A_NUM:
			if (len != 1 && len != 2 && len != 4 && len != 8)
				return -EINVAL;
			break;
		case SMCNL_A_STR:
			if (len > policy[i].maxlen)
				return -EINVAL;
			break;
		case SMCNL_A_FLAG:
			if (len)
				return -EINVAL;
			break;
		default:
			break;
		}
	}
	return 0;
}

void smcnl_copy_out(void *dst, size_t size, const void *src, size_t srclen)
{
	memcpy(dst, src, size < srclen ? size : srclen);
	if (size > srclen)
		memset((char *)dst + srclen, 0, size - srclen);
}

int smcnl_request_sized(struct smcnl *nl, enum smcnl_family family, uint8_t cmd,
			enum smcnl_kind kind, int maxattr, smcnl_reply_fn fn, size_t full,
			void *out, size_t size)
{
	void *buf = calloc(1, full);	/* struct smcnl_stats is some KB */
	int rc;

	if (!buf)
		return -ENOMEM;
	rc = smcnl_request(nl, family, cmd, kind, NULL, NULL, maxattr, fn, buf);
	smcnl_copy_out(out, size, buf, full);
	free(buf);
	return rc;
}

void smcnl_attr_strcpy(char *dst, size_t size, const struct nlattr *attr)
{
	size_t len = nla_len(attr);
	const char *s = nla_data(attr);

	if (len && s[len - 1] == '\0')
		len = strnlen(s, len);
	if (len >= size)
		len = size - 1;
	memcpy(dst, s, len);
	while (len && dst[len - 1] == ' ')
		len--;
	dst[len] = '\0';
}

/* An unsigned attribute of 1, 2, 4 or 8 bytes (NLA_UINT and friends). */
uint64_t smcnl_attr_uint(const struct nlattr *attr)
{
	switch (nla_len(attr)) {
	case 1: return nla_get_u8((struct nlattr *)attr);
	case 2: return nla_get_u16((struct nlattr *)attr);
	case 4: return nla_get_u32((struct nlattr *)attr);
	case 8: return nla_get_u64((struct nlattr *)attr);
	default: return 0;
	}
}
