// SPDX-License-Identifier: LGPL-2.1-or-later
/* SMC events: the "events" multicast group of the smc_next family. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include <linux/smc.h>
#include <linux/smc_next.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#include "smcnl_priv.h"

static const struct smcnl_policy event_policy[SMC_NEXT_A_EVENT_MAX + 1] = {
	[SMC_NEXT_A_EVENT_LGR_ID] = { SMCNL_A_U32 },
	[SMC_NEXT_A_EVENT_SMCD] = { SMCNL_A_FLAG },
	[SMC_NEXT_A_EVENT_ROLE] = { SMCNL_A_U32 },
	[SMC_NEXT_A_EVENT_LINK_ID] = { SMCNL_A_U32 },
	[SMC_NEXT_A_EVENT_IB_DEV] = SMCNL_STR(SMCNL_IBNAME_LEN + 1),
	[SMC_NEXT_A_EVENT_NET_DEV] = { SMCNL_A_U32 },
	[SMC_NEXT_A_EVENT_REASON] = { SMCNL_A_U32 },
	[SMC_NEXT_A_EVENT_PEER_DIAG] = { SMCNL_A_U32 },
	[SMC_NEXT_A_EVENT_FAMILY] = { SMCNL_A_U32 },
	[SMC_NEXT_A_EVENT_SADDR4] = { SMCNL_A_U32 },
	[SMC_NEXT_A_EVENT_DADDR4] = { SMCNL_A_U32 },
	[SMC_NEXT_A_EVENT_SADDR6] = { SMCNL_A_STR, 16 },	/* binary, exactly 16 below */
	[SMC_NEXT_A_EVENT_DADDR6] = { SMCNL_A_STR, 16 },
	[SMC_NEXT_A_EVENT_SPORT] = { SMCNL_A_U16 },
	[SMC_NEXT_A_EVENT_DPORT] = { SMCNL_A_U16 },
	[SMC_NEXT_A_EVENT_PNETID] = SMCNL_STR(SMCNL_PNETID_LEN + 1),
	[SMC_NEXT_A_EVENT_ETH_NAME] = SMCNL_STR(SMCNL_IFNAME_LEN + 1),
	[SMC_NEXT_A_EVENT_DEV_NAME] = SMCNL_STR(SMCNL_IBNAME_LEN + 1),
};

int smcnl_parse_event(const struct nlmsghdr *nlh, struct smcnl_event *ev)
{
	const struct genlmsghdr *gh = nlmsg_data(nlh);
	struct nlattr *tb[SMC_NEXT_A_EVENT_MAX + 1];

	if (nlh->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN) ||
	    nla_parse(tb, SMC_NEXT_A_EVENT_MAX, genlmsg_attrdata(gh, 0),
		      genlmsg_attrlen(gh, 0), NULL))
		return -EPROTO;
	if (smcnl_check(tb, SMC_NEXT_A_EVENT_MAX, event_policy) ||
	    (tb[SMC_NEXT_A_EVENT_SADDR6] && nla_len(tb[SMC_NEXT_A_EVENT_SADDR6]) != 16) ||
	    (tb[SMC_NEXT_A_EVENT_DADDR6] && nla_len(tb[SMC_NEXT_A_EVENT_DADDR6]) != 16))
		return -EINVAL;
	memset(ev, 0, sizeof(*ev));
	ev->size = sizeof(*ev);
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
	if (tb[SMC_NEXT_A_EVENT_SADDR6] && tb[SMC_NEXT_A_EVENT_DADDR6]) {
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

struct smcnl_monitor {
	struct nl_sock *sock;
	smcnl_event_fn fn;
	void *arg;
	int rc;			/* what fn returned to stop */
};

static int on_event(struct nl_msg *msg, void *data)
{
	struct smcnl_monitor *mon = data;
	struct smcnl_event ev;

	/* an event that cannot be read is lost to the listener: say so */
	if (smcnl_parse_event(nlmsg_hdr(msg), &ev)) {
		memset(&ev, 0, sizeof(ev));
		ev.size = sizeof(ev);
		ev.type = SMCNL_EVENT_LOST;
	}
	mon->rc = mon->fn(&ev, mon->arg);
	return mon->rc ? NL_STOP : NL_OK;
}

SMCNL_API int smcnl_monitor_open(struct smcnl *nl, struct smcnl_monitor **out)
{
	struct smcnl_monitor *mon;
	int grp, rc;

	nl->errmsg[0] = '\0';
	mon = calloc(1, sizeof(*mon));
	if (!mon)
		return -ENOMEM;
	mon->sock = nl_socket_alloc();
	if (!mon->sock) {
		free(mon);
		return -ENOMEM;
	}
	if (genl_connect(mon->sock)) {
		rc = -EPROTONOSUPPORT;
		goto err;
	}
	/* SMC_GEN_NETLINK's autoloads the SMC module; smc_next comes with it */
	if (genl_ctrl_resolve(mon->sock, SMC_GENL_FAMILY_NAME) < 0) {
		rc = -EPROTONOSUPPORT;
		goto err;
	}
	grp = genl_ctrl_resolve_grp(mon->sock, SMC_NEXT_FAMILY_NAME, SMC_NEXT_EVENTS_GROUP);
	if (grp < 0) {
		rc = -EOPNOTSUPP;	/* a kernel without SMC events */
		goto err;
	}
	nl_socket_disable_seq_check(mon->sock);
	nl_socket_modify_cb(mon->sock, NL_CB_VALID, NL_CB_CUSTOM, on_event, mon);
	rc = nl_socket_add_membership(mon->sock, grp);
	if (rc) {
		/* the group is for CAP_NET_ADMIN in the socket's namespace
		 * (GENL_MCAST_CAP_NET_ADMIN): its events carry the addresses
		 * of every connection there
		 */
		rc = rc == -NLE_PERM ? -EPERM : -EIO;
		goto err;
	}
	if (nl_socket_set_nonblocking(mon->sock)) {
		rc = -EIO;
		goto err;
	}
	*out = mon;
	return 0;
err:
	nl_socket_free(mon->sock);
	free(mon);
	return rc;
}

SMCNL_API int smcnl_monitor_fd(const struct smcnl_monitor *mon)
{
	return nl_socket_get_fd(mon->sock);
}

SMCNL_API int smcnl_monitor_set_rcvbuf(struct smcnl_monitor *mon, int bytes)
{
	return nl_socket_set_buffer_size(mon->sock, bytes, 0) ? -EINVAL : 0;
}

SMCNL_API int smcnl_monitor_dispatch(struct smcnl_monitor *mon, smcnl_event_fn fn, void *arg)
{
	struct smcnl_event lost = { .size = sizeof(lost), .type = SMCNL_EVENT_LOST };
	int rc;

	mon->fn = fn;
	mon->arg = arg;
	mon->rc = 0;
	for (;;) {
		rc = nl_recvmsgs_default(mon->sock);
		if (mon->rc)
			return mon->rc;
		if (rc == -NLE_AGAIN)
			return 0;
		if (rc == -NLE_INTR || rc >= 0)
			continue;
		/* ENOBUFS: the kernel dropped events the socket had no room
		 * for. Say so, and go on with those that come next.
		 */
		if (rc == -NLE_NOMEM) {
			mon->rc = fn(&lost, arg);
			if (mon->rc)
				return mon->rc;
			continue;
		}
		return -EIO;
	}
}

SMCNL_API void smcnl_monitor_close(struct smcnl_monitor *mon)
{
	if (!mon)
		return;
	nl_socket_free(mon->sock);
	free(mon);
}

SMCNL_API int smcnl_monitor_run(struct smcnl_monitor *mon, smcnl_event_fn fn, void *arg)
{
	struct pollfd pfd = { .fd = smcnl_monitor_fd(mon), .events = POLLIN };
	int rc;

	do {
		if (poll(&pfd, 1, -1) < 0 && errno != EINTR)
			return -errno;
		rc = smcnl_monitor_dispatch(mon, fn, arg);
	} while (!rc);
	return rc;
}

SMCNL_API int smcnl_monitor(struct smcnl *nl, smcnl_event_fn fn, void *arg)
{
	struct smcnl_monitor *mon;
	int rc;

	rc = smcnl_monitor_open(nl, &mon);
	if (rc)
		return rc;
	rc = smcnl_monitor_run(mon, fn, arg);
	smcnl_monitor_close(mon);
	return rc;
}
