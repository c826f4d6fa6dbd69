// SPDX-License-Identifier: LGPL-2.1-or-later
/* Enterprise IDs: the user defined UEID table, the s390 system EID, and
 * the handshake limitation switch that lives beside them in the family.
 */
#include <errno.h>
#include <string.h>

#include <linux/smc.h>

#include "smcnl_priv.h"

static const struct smcnl_policy ueid_policy[SMC_NLA_EID_TABLE_MAX + 1] = {
	[SMC_NLA_EID_TABLE_ENTRY] = SMCNL_STR(SMCNL_EID_LEN + 1),
};

static const struct smcnl_policy seid_policy[SMC_NLA_SEID_TABLE_MAX + 1] = {
	[SMC_NLA_SEID_ENTRY] = SMCNL_STR(SMCNL_EID_LEN + 1),
	[SMC_NLA_SEID_ENABLED] = { SMCNL_A_U8 },
};

static const struct smcnl_policy hs_policy[SMC_NLA_HS_LIMITATION_MAX + 1] = {
	[SMC_NLA_HS_LIMITATION_ENABLED] = { SMCNL_A_U8 },
};

int smcnl_parse_ueid(struct nlattr **tb, struct smcnl_ueid_table *table)
{
	if (!tb[SMC_NLA_EID_TABLE_ENTRY])
		return -EPROTO;
	if (smcnl_check(tb, SMC_NLA_EID_TABLE_MAX, ueid_policy))
		return -EINVAL;
	if (table->count >= SMCNL_MAX_UEIDS)
		return 0;	/* a later kernel with a larger table */
	smcnl_attr_strcpy(table->ueid[table->count], sizeof(table->ueid[0]),
			  tb[SMC_NLA_EID_TABLE_ENTRY]);
	table->count++;
	return 0;
}

static int on_ueid(struct nlattr **tb, void *arg)
{
	return smcnl_parse_ueid(tb, arg);
}

SMCNL_API int smcnl_ueid_list_sz(struct smcnl *nl, struct smcnl_ueid_table *out, size_t size)
{
	return smcnl_request_sized(nl, SMCNL_GEN, SMC_NETLINK_DUMP_UEID, SMCNL_DUMP,
				   SMC_NLA_EID_TABLE_MAX, on_ueid, sizeof(*out), out, size);
}

/* The kernel takes a UEID blank-padded to its full length, NUL-terminated. */
static int put_ueid(struct nl_msg *msg, const void *arg)
{
	char padded[SMCNL_EID_LEN + 1];
	const char *ueid = arg;

	memset(padded, ' ', SMCNL_EID_LEN);
	memcpy(padded, ueid, strlen(ueid));
	padded[SMCNL_EID_LEN] = '\0';
	return nla_put(msg, SMC_NLA_EID_TABLE_ENTRY, sizeof(padded), padded) ? -ENOMEM : 0;
}

static int ueid_cmd(struct smcnl *nl, uint8_t cmd, const char *ueid)
{
	size_t len = strlen(ueid);

	if (!len || len > SMCNL_EID_LEN) {
		nl->errmsg[0] = '\0';
		return -EINVAL;
	}
	return smcnl_request(nl, SMCNL_GEN, cmd, SMCNL_DO, put_ueid, ueid, 0, NULL, NULL);
}

SMCNL_API int smcnl_ueid_add(struct smcnl *nl, const char *ueid)
{
	return ueid_cmd(nl, SMC_NETLINK_ADD_UEID, ueid);
}

SMCNL_API int smcnl_ueid_del(struct smcnl *nl, const char *ueid)
{
	return ueid_cmd(nl, SMC_NETLINK_REMOVE_UEID, ueid);
}

SMCNL_API int smcnl_ueid_flush(struct smcnl *nl)
{
	return smcnl_request(nl, SMCNL_GEN, SMC_NETLINK_FLUSH_UEID, SMCNL_DO, NULL, NULL,
			     0, NULL, NULL);
}

int smcnl_parse_seid(struct nlattr **tb, struct smcnl_seid *seid)
{
	if (smcnl_check(tb, SMC_NLA_SEID_TABLE_MAX, seid_policy))
		return -EINVAL;
	if (tb[SMC_NLA_SEID_ENTRY])
		smcnl_attr_strcpy(seid->seid, sizeof(seid->seid), tb[SMC_NLA_SEID_ENTRY]);
	if (tb[SMC_NLA_SEID_ENABLED])
		seid->enabled = nla_get_u8(tb[SMC_NLA_SEID_ENABLED]);
	return 0;
}

static int on_seid(struct nlattr **tb, void *arg)
{
	return smcnl_parse_seid(tb, arg);
}

SMCNL_API int smcnl_seid_get_sz(struct smcnl *nl, struct smcnl_seid *out, size_t size)
{
	return smcnl_request_sized(nl, SMCNL_GEN, SMC_NETLINK_DUMP_SEID, SMCNL_DUMP,
				   SMC_NLA_SEID_TABLE_MAX, on_seid, sizeof(*out), out, size);
}

SMCNL_API int smcnl_seid_set(struct smcnl *nl, bool enable)
{
	return smcnl_request(nl, SMCNL_GEN,
			     enable ? SMC_NETLINK_ENABLE_SEID : SMC_NETLINK_DISABLE_SEID,
			     SMCNL_DO, NULL, NULL, 0, NULL, NULL);
}

static int on_hs_limitation(struct nlattr **tb, void *arg)
{
	bool *enabled = arg;

	if (smcnl_check(tb, SMC_NLA_HS_LIMITATION_MAX, hs_policy))
		return -EINVAL;
	if (tb[SMC_NLA_HS_LIMITATION_ENABLED])
		*enabled = nla_get_u8(tb[SMC_NLA_HS_LIMITATION_ENABLED]);
	return 0;
}

SMCNL_API int smcnl_hs_limitation_get(struct smcnl *nl, bool *enabled)
{
	*enabled = false;
	return smcnl_request(nl, SMCNL_GEN, SMC_NETLINK_DUMP_HS_LIMITATION, SMCNL_DUMP,
			     NULL, NULL, SMC_NLA_HS_LIMITATION_MAX, on_hs_limitation,
			     enabled);
}

SMCNL_API int smcnl_hs_limitation_set(struct smcnl *nl, bool enable)
{
	return smcnl_request(nl, SMCNL_GEN,
			     enable ? SMC_NETLINK_ENABLE_HS_LIMITATION :
				      SMC_NETLINK_DISABLE_HS_LIMITATION,
			     SMCNL_DO, NULL, NULL, 0, NULL, NULL);
}
