// SPDX-License-Identifier: LGPL-2.1-or-later
/* The SMC_PNETID family: the PNET table of a network namespace. */
#include <ctype.h>
#include <errno.h>
#include <string.h>

#include <linux/smc.h>

#include "smcnl_priv.h"

/* The kernel's placeholders for the half an entry does not have. */
#define PNET_NONE_NAME "n/a"
#define PNET_NONE_PORT 0xff

static const struct smcnl_policy pnet_policy[SMC_PNETID_MAX + 1] = {
	[SMC_PNETID_NAME] = SMCNL_STR(SMCNL_PNETID_LEN + 1),
	[SMC_PNETID_ETHNAME] = SMCNL_STR(SMCNL_IFNAME_LEN + 1),
	[SMC_PNETID_IBNAME] = SMCNL_STR(SMCNL_IBNAME_LEN + 1),
	[SMC_PNETID_IBPORT] = { SMCNL_A_U8 },
};

int smcnl_parse_pnet(struct nlattr **tb, struct smcnl_pnet_entry *e)
{
	if (!tb[SMC_PNETID_NAME])
		return -EPROTO;
	if (smcnl_check(tb, SMC_PNETID_MAX, pnet_policy))
		return -EINVAL;
	memset(e, 0, sizeof(*e));
	e->size = sizeof(*e);
	smcnl_attr_strcpy(e->pnetid, sizeof(e->pnetid), tb[SMC_PNETID_NAME]);
	if (tb[SMC_PNETID_ETHNAME])
		smcnl_attr_strcpy(e->netdev, sizeof(e->netdev), tb[SMC_PNETID_ETHNAME]);
	if (!strcmp(e->netdev, PNET_NONE_NAME))
		e->netdev[0] = '\0';
	if (tb[SMC_PNETID_IBNAME])
		smcnl_attr_strcpy(e->ibdev, sizeof(e->ibdev), tb[SMC_PNETID_IBNAME]);
	if (!strcmp(e->ibdev, PNET_NONE_NAME))
		e->ibdev[0] = '\0';
	if (tb[SMC_PNETID_IBPORT])
		e->ibport = nla_get_u8(tb[SMC_PNETID_IBPORT]);
	if (!e->ibdev[0] || e->ibport == PNET_NONE_PORT)
		e->ibport = 0;
	return 0;
}

struct pnet_ctx {
	smcnl_pnet_fn fn;
	void *arg;
};

static int on_pnet(struct nlattr **tb, void *arg)
{
	struct pnet_ctx *ctx = arg;
	struct smcnl_pnet_entry e;
	int rc;

	rc = smcnl_parse_pnet(tb, &e);
	return rc ? rc : ctx->fn(&e, ctx->arg);
}

SMCNL_API int smcnl_pnet_dump(struct smcnl *nl, smcnl_pnet_fn fn, void *arg)
{
	struct pnet_ctx ctx = { fn, arg };

	return smcnl_request(nl, SMCNL_PNET, SMC_PNETID_GET, SMCNL_DUMP, NULL, NULL,
			     SMC_PNETID_MAX, on_pnet, &ctx);
}

static int put_name(struct nl_msg *msg, const void *arg)
{
	return nla_put_string(msg, SMC_PNETID_NAME, arg) ? -ENOMEM : 0;
}

SMCNL_API int smcnl_pnet_get(struct smcnl *nl, const char *pnetid, smcnl_pnet_fn fn,
			     void *arg)
{
	struct pnet_ctx ctx = { fn, arg };
	char upper[SMCNL_PNETID_LEN + 1];
	size_t i;

	nl->errmsg[0] = '\0';
	if (!smcnl_pnetid_valid(pnetid))
		return -EINVAL;
	/* The kernel keeps IDs in upper case and compares them as they are. */
	for (i = 0; pnetid[i]; i++)
		upper[i] = (char)toupper((unsigned char)pnetid[i]);
	upper[i] = '\0';
	return smcnl_request(nl, SMCNL_PNET, SMC_PNETID_GET, SMCNL_DO_MULTI, put_name, upper,
			     SMC_PNETID_MAX, on_pnet, &ctx);
}

static int put_entry(struct nl_msg *msg, const void *arg)
{
	const struct smcnl_pnet_entry *e = arg;

	if (nla_put_string(msg, SMC_PNETID_NAME, e->pnetid))
		return -ENOMEM;
	if (e->netdev[0] && nla_put_string(msg, SMC_PNETID_ETHNAME, e->netdev))
		return -ENOMEM;
	if (e->ibdev[0] && nla_put_string(msg, SMC_PNETID_IBNAME, e->ibdev))
		return -ENOMEM;
	if (e->ibdev[0] && e->ibport && nla_put_u8(msg, SMC_PNETID_IBPORT, e->ibport))
		return -ENOMEM;
	return 0;
}

SMCNL_API int smcnl_pnet_add_sz(struct smcnl *nl, const struct smcnl_pnet_entry *entry,
			       size_t size)
{
	struct smcnl_pnet_entry copy = { 0 }, *e = &copy;

	/* what the caller's (older or newer) structure has of ours */
	memcpy(&copy, entry, size < sizeof(copy) ? size : sizeof(copy));
	nl->errmsg[0] = '\0';
	if (!smcnl_pnetid_valid(e->pnetid) || (!e->netdev[0] && !e->ibdev[0]) ||
	    memchr(e->netdev, '\0', sizeof(e->netdev)) == NULL ||
	    memchr(e->ibdev, '\0', sizeof(e->ibdev)) == NULL)
		return -EINVAL;
	return smcnl_request(nl, SMCNL_PNET, SMC_PNETID_ADD, SMCNL_DO, put_entry, e,
			     0, NULL, NULL);
}

SMCNL_API int smcnl_pnet_del(struct smcnl *nl, const char *pnetid)
{
	struct smcnl_pnet_entry e = { 0 };

	nl->errmsg[0] = '\0';
	if (!smcnl_pnetid_valid(pnetid))
		return -EINVAL;
	strcpy(e.pnetid, pnetid);
	return smcnl_request(nl, SMCNL_PNET, SMC_PNETID_DEL, SMCNL_DO, put_entry, &e,
			     0, NULL, NULL);
}

SMCNL_API int smcnl_pnet_flush(struct smcnl *nl)
{
	return smcnl_request(nl, SMCNL_PNET, SMC_PNETID_FLUSH, SMCNL_DO, NULL, NULL,
			     0, NULL, NULL);
}
