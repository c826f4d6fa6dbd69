// SPDX-License-Identifier: LGPL-2.1-or-later
/* SMC events: the "events" multicast group of the smc_next family. */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include <linux/smc.h>
#include <linux/smc_next.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#include "smcnl_priv.h"

int smcnl_parse_event(const struct nlmsghdr *nlh, struct smcnl_event *ev)
{
	const struct genlmsghdr *gh = nlmsg_data(nlh);
	struct nlattr *tb[SMC_NEXT_A_EVENT_MAX + 1];

	if (nlh->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN) ||
	    nla_parse(tb, SMC_NEXT_A_EVENT_MAX, genlmsg_attrdata(gh, 0),
		      genlmsg_attrlen(gh, 0), NULL))
		return -EPROTO;
	memset(ev, 0, sizeof(*ev));
	ev->type = gh->cmd;
	if (tb[SMC_NEXT_A_EVENT_LGR_ID]) {
		ev->has_lgr = true;
		ev->lgr_id = nla_get_u32(tb[SMC_NEXT_A_EVENT_LGR_ID]);
	}
	ev->smcd = tb[SMC_NEXT_A_EVENT_SMCD];
	if (tb[SMC_NEXT_A_EVENT_ROLE]) {
		ev->has_role = true;
		ev->role = (uint8_t)smcnl_attr_uint(tb[SMC_NEXT_A_EVENT_ROLE]);
	}
	if (tb[SMC_NEXT_A_EVENT_LINK_ID]) {
		ev->has_link = true;
		ev->link_id = (uint8_t)nla_get_u32(tb[SMC_NEXT_A_EVENT_LINK_ID]);
	}
	if (tb[SMC_NEXT_A_EVENT_IB_DEV])
		smcnl_attr_strcpy(ev->ibdev, sizeof(ev->ibdev), tb[SMC_NEXT_A_EVENT_IB_DEV]);
	if (tb[SMC_NEXT_A_EVENT_NET_DEV])
		ev->netdev = nla_get_u32(tb[SMC_NEXT_A_EVENT_NET_DEV]);
	if (tb[SMC_NEXT_A_EVENT_REASON]) {
		ev->has_reason = true;
		ev->reason = nla_get_u32(tb[SMC_NEXT_A_EVENT_REASON]);
	}
	if (tb[SMC_NEXT_A_EVENT_PEER_DIAG])
		ev->peer_diagnosis = nla_get_u32(tb[SMC_NEXT_A_EVENT_PEER_DIAG]);
	if (tb[SMC_NEXT_A_EVENT_FAMILY]) {
		ev->has_addr = true;
		ev->family = (uint8_t)smcnl_attr_uint(tb[SMC_NEXT_A_EVENT_FAMILY]);
	}
	if (tb[SMC_NEXT_A_EVENT_SADDR4] && tb[SMC_NEXT_A_EVENT_DADDR4]) {
		memcpy(ev->saddr, nla_data(tb[SMC_NEXT_A_EVENT_SADDR4]), 4);
		memcpy(ev->daddr, nla_data(tb[SMC_NEXT_A_EVENT_DADDR4]), 4);
	}
	if (tb[SMC_NEXT_A_EVENT_SADDR6] && tb[SMC_NEXT_A_EVENT_DADDR6] &&
	    nla_len(tb[SMC_NEXT_A_EVENT_SADDR6]) >= 16 && nla_len(tb[SMC_NEXT_A_EVENT_DADDR6]) >= 16) {
		memcpy(ev->saddr, nla_data(tb[SMC_NEXT_A_EVENT_SADDR6]), 16);
		memcpy(ev->daddr, nla_data(tb[SMC_NEXT_A_EVENT_DADDR6]), 16);
	}
	if (tb[SMC_NEXT_A_EVENT_SPORT])
		ev->sport = ntohs(nla_get_u16(tb[SMC_NEXT_A_EVENT_SPORT]));
	if (tb[SMC_NEXT_A_EVENT_DPORT])
		ev->dport = ntohs(nla_get_u16(tb[SMC_NEXT_A_EVENT_DPORT]));
	if (tb[SMC_NEXT_A_EVENT_PNETID])
		smcnl_attr_strcpy(ev->pnetid, sizeof(ev->pnetid), tb[SMC_NEXT_A_EVENT_PNETID]);
	if (tb[SMC_NEXT_A_EVENT_ETH_NAME])
		smcnl_attr_strcpy(ev->eth_name, sizeof(ev->eth_name), tb[SMC_NEXT_A_EVENT_ETH_NAME]);
	if (tb[SMC_NEXT_A_EVENT_DEV_NAME])
		smcnl_attr_strcpy(ev->dev_name, sizeof(ev->dev_name), tb[SMC_NEXT_A_EVENT_DEV_NAME]);
	return 0;
}

struct monitor_ctx {
	smcnl_event_fn fn;
	void *arg;
	int rc;
};

static int on_event(struct nl_msg *msg, void *data)
{
	struct monitor_ctx *ctx = data;
	struct smcnl_event ev;

	if (smcnl_parse_event(nlmsg_hdr(msg), &ev))
		return NL_SKIP;		/* not ours to judge: skip it */
	ctx->rc = ctx->fn(&ev, ctx->arg);
	return ctx->rc ? NL_STOP : NL_OK;
}

SMCNL_API int smcnl_monitor(struct smcnl *nl, smcnl_event_fn fn, void *arg)
{
	struct monitor_ctx ctx = { .fn = fn, .arg = arg };
	struct nl_sock *sock;
	int grp, rc;

	nl->errmsg[0] = '\0';
	sock = nl_socket_alloc();
	if (!sock)
		return -ENOMEM;
	if (genl_connect(sock)) {
		rc = -EPROTONOSUPPORT;
		goto out;
	}
	/* SMC_GEN_NETLINK's autoloads the SMC module; smc_next comes with it */
	if (genl_ctrl_resolve(sock, SMC_GENL_FAMILY_NAME) < 0) {
		rc = -EPROTONOSUPPORT;
		goto out;
	}
	grp = genl_ctrl_resolve_grp(sock, SMC_NEXT_FAMILY_NAME, SMC_NEXT_EVENTS_GROUP);
	if (grp < 0) {
		rc = -EOPNOTSUPP;	/* a kernel without SMC events */
		goto out;
	}
	nl_socket_disable_seq_check(sock);
	nl_socket_modify_cb(sock, NL_CB_VALID, NL_CB_CUSTOM, on_event, &ctx);
	rc = nl_socket_add_membership(sock, grp);
	if (rc) {
		/* the group is for CAP_NET_ADMIN in the socket's namespace
		 * (GENL_MCAST_CAP_NET_ADMIN): its events carry the addresses
		 * of every connection there
		 */
		rc = rc == -NLE_PERM ? -EPERM : -EIO;
		goto out;
	}
	do {
		rc = nl_recvmsgs_default(sock);
	} while (!ctx.rc && (rc >= 0 || rc == -NLE_INTR));
	rc = ctx.rc ? ctx.rc : (rc == -NLE_NOMEM ? -ENOMEM : -EIO);
out:
	nl_socket_free(sock);
	return rc;
}
