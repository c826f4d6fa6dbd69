// SPDX-License-Identifier: LGPL-2.1-or-later
/* SMC_NETLINK_GET_SYS_INFO: what SMC this kernel offers. */
#include <errno.h>
#include <string.h>

#include <linux/smc.h>

#include "smcnl_priv.h"

static const struct smcnl_policy sys_policy[SMC_NLA_SYS_MAX + 1] = {
	[SMC_NLA_SYS_VER] = { SMCNL_A_U8 },
	[SMC_NLA_SYS_REL] = { SMCNL_A_U8 },
	[SMC_NLA_SYS_IS_ISM_V2] = { SMCNL_A_U8 },
	[SMC_NLA_SYS_LOCAL_HOST] = SMCNL_STR(SMCNL_HOSTNAME_LEN + 1),
	[SMC_NLA_SYS_SEID] = SMCNL_STR(SMCNL_EID_LEN + 1),
	[SMC_NLA_SYS_IS_SMCR_V2] = { SMCNL_A_U8 },
};

int smcnl_parse_sys_info(struct nlattr **tb, struct smcnl_sys_info *info)
{
	struct nlattr *sys[SMC_NLA_SYS_MAX + 1];

	if (!tb[SMC_GEN_SYS_INFO] ||
	    nla_parse_nested(sys, SMC_NLA_SYS_MAX, tb[SMC_GEN_SYS_INFO], NULL))
		return -EPROTO;
	if (smcnl_check(sys, SMC_NLA_SYS_MAX, sys_policy))
		return -EINVAL;
	memset(info, 0, sizeof(*info));
	if (sys[SMC_NLA_SYS_VER])
		info->version = nla_get_u8(sys[SMC_NLA_SYS_VER]);
	if (sys[SMC_NLA_SYS_REL])
		info->release = nla_get_u8(sys[SMC_NLA_SYS_REL]);
	if (sys[SMC_NLA_SYS_IS_ISM_V2]) {
		info->has_ism_v2 = true;
		info->ism_v2 = nla_get_u8(sys[SMC_NLA_SYS_IS_ISM_V2]);
	}
	if (sys[SMC_NLA_SYS_IS_SMCR_V2]) {
		info->has_smcr_v2 = true;
		info->smcr_v2 = nla_get_u8(sys[SMC_NLA_SYS_IS_SMCR_V2]);
	}
	if (sys[SMC_NLA_SYS_LOCAL_HOST])
		smcnl_attr_strcpy(info->local_host, sizeof(info->local_host),
				  sys[SMC_NLA_SYS_LOCAL_HOST]);
	if (sys[SMC_NLA_SYS_SEID])
		smcnl_attr_strcpy(info->seid, sizeof(info->seid), sys[SMC_NLA_SYS_SEID]);
	return 0;
}

static int on_sys_info(struct nlattr **tb, void *arg)
{
	return smcnl_parse_sys_info(tb, arg);
}

SMCNL_API int smcnl_sys_info_sz(struct smcnl *nl, struct smcnl_sys_info *out, size_t size)
{
	return smcnl_request_sized(nl, SMCNL_GEN, SMC_NETLINK_GET_SYS_INFO, SMCNL_DUMP,
				   SMC_GEN_MAX, on_sys_info, sizeof(*out), out, size);
}
