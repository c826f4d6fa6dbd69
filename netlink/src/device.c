// SPDX-License-Identifier: LGPL-2.1-or-later
/* SMC devices: RoCE (SMC-R) and ISM (SMC-D) devices and their ports. */
#include <errno.h>
#include <string.h>

#include <linux/smc.h>
#include <linux/smc_next.h>

#include "smcnl_priv.h"

static const struct smcnl_policy port_policy[SMC_NLA_DEV_PORT_MAX + 1] = {
	[SMC_NLA_DEV_PORT_PNET_USR] = { SMCNL_A_U8 },
	[SMC_NLA_DEV_PORT_PNETID] = SMCNL_STR(SMCNL_PNETID_LEN + 1),
	[SMC_NLA_DEV_PORT_NETDEV] = { SMCNL_A_U32 },
	[SMC_NLA_DEV_PORT_STATE] = { SMCNL_A_U8 },
	[SMC_NLA_DEV_PORT_VALID] = { SMCNL_A_U8 },
	[SMC_NLA_DEV_PORT_LNK_CNT] = { SMCNL_A_U32 },
};

static const struct smcnl_policy dev_policy[SMC_NLA_DEV_MAX + 1] = {
	[SMC_NLA_DEV_USE_CNT] = { SMCNL_A_U32 },
	[SMC_NLA_DEV_IS_CRIT] = { SMCNL_A_U8 },
	[SMC_NLA_DEV_PCI_FID] = { SMCNL_A_U32 },
	[SMC_NLA_DEV_PCI_CHID] = { SMCNL_A_U16 },
	[SMC_NLA_DEV_PCI_VENDOR] = { SMCNL_A_U16 },
	[SMC_NLA_DEV_PCI_DEVICE] = { SMCNL_A_U16 },
	[SMC_NLA_DEV_PCI_ID] = SMCNL_STR(SMCNL_PCI_ID_LEN + 1),
	[SMC_NLA_DEV_PORT] = { SMCNL_A_NEST },
	[SMC_NLA_DEV_PORT2] = { SMCNL_A_NEST },
	[SMC_NLA_DEV_IB_NAME] = SMCNL_STR(SMCNL_IBNAME_LEN + 1),
};

static const struct smcnl_policy loopback_policy[SMC_NEXT_A_LOOPBACK_MAX + 1] = {
	[SMC_NEXT_A_LOOPBACK_USE_CNT] = { SMCNL_A_U32 },
	[SMC_NEXT_A_LOOPBACK_PNETID] = SMCNL_STR(SMCNL_PNETID_LEN + 1),
	[SMC_NEXT_A_LOOPBACK_PNETID_BY_USER] = { SMCNL_A_FLAG },
};

static int parse_port(struct nlattr *nest, struct smcnl_dev_port *port)
{
	struct nlattr *tb[SMC_NLA_DEV_PORT_MAX + 1];

	if (nla_parse_nested(tb, SMC_NLA_DEV_PORT_MAX, nest, NULL))
		return 0;
	if (smcnl_check(tb, SMC_NLA_DEV_PORT_MAX, port_policy))
		return -EINVAL;
	port->present = true;
	if (tb[SMC_NLA_DEV_PORT_PNET_USR])
		port->pnetid_by_user = nla_get_u8(tb[SMC_NLA_DEV_PORT_PNET_USR]);
	if (tb[SMC_NLA_DEV_PORT_PNETID])
		smcnl_attr_strcpy(port->pnetid, sizeof(port->pnetid),
				  tb[SMC_NLA_DEV_PORT_PNETID]);
	if (tb[SMC_NLA_DEV_PORT_NETDEV]) {
		port->has_netdev = true;
		port->netdev = nla_get_u32(tb[SMC_NLA_DEV_PORT_NETDEV]);
	}
	if (tb[SMC_NLA_DEV_PORT_STATE])
		port->state = nla_get_u8(tb[SMC_NLA_DEV_PORT_STATE]);
	if (tb[SMC_NLA_DEV_PORT_LNK_CNT])
		port->links = nla_get_u32(tb[SMC_NLA_DEV_PORT_LNK_CNT]);
	return 0;
}

int smcnl_parse_dev(struct nlattr **gen, int which, struct smcnl_dev *dev)
{
	struct nlattr *tb[SMC_NLA_DEV_MAX + 1];

	if (!gen[which] || nla_parse_nested(tb, SMC_NLA_DEV_MAX, gen[which], NULL))
		return -EPROTO;
	if (smcnl_check(tb, SMC_NLA_DEV_MAX, dev_policy))
		return -EINVAL;
	memset(dev, 0, sizeof(*dev));
	dev->size = sizeof(*dev);
	if (tb[SMC_NLA_DEV_IB_NAME])
		smcnl_attr_strcpy(dev->ibname, sizeof(dev->ibname), tb[SMC_NLA_DEV_IB_NAME]);
	if (tb[SMC_NLA_DEV_USE_CNT]) {
		dev->has_use_cnt = true;
		dev->use_cnt = nla_get_u32(tb[SMC_NLA_DEV_USE_CNT]);
	}
	if (tb[SMC_NLA_DEV_IS_CRIT])
		dev->critical = nla_get_u8(tb[SMC_NLA_DEV_IS_CRIT]);
	/* A device without a PCI parent (rxe) sends none of these. */
	if (tb[SMC_NLA_DEV_PCI_FID]) {
		dev->has_pci = true;
		dev->pci_fid = nla_get_u32(tb[SMC_NLA_DEV_PCI_FID]);
	}
	if (tb[SMC_NLA_DEV_PCI_CHID])
		dev->pci_chid = nla_get_u16(tb[SMC_NLA_DEV_PCI_CHID]);
	if (tb[SMC_NLA_DEV_PCI_VENDOR])
		dev->pci_vendor = nla_get_u16(tb[SMC_NLA_DEV_PCI_VENDOR]);
	if (tb[SMC_NLA_DEV_PCI_DEVICE])
		dev->pci_device = nla_get_u16(tb[SMC_NLA_DEV_PCI_DEVICE]);
	if (tb[SMC_NLA_DEV_PCI_ID])
		smcnl_attr_strcpy(dev->pci_id, sizeof(dev->pci_id), tb[SMC_NLA_DEV_PCI_ID]);
	if (tb[SMC_NLA_DEV_PORT] && parse_port(tb[SMC_NLA_DEV_PORT], &dev->port[0]))
		return -EINVAL;
	if (tb[SMC_NLA_DEV_PORT2] && parse_port(tb[SMC_NLA_DEV_PORT2], &dev->port[1]))
		return -EINVAL;
	return 0;
}

struct dev_ctx {
	int which;
	smcnl_dev_fn fn;
	void *arg;
};

static int on_dev(struct nlattr **tb, void *arg)
{
	struct dev_ctx *ctx = arg;
	struct smcnl_dev dev;
	int rc;

	rc = smcnl_parse_dev(tb, ctx->which, &dev);
	return rc ? rc : ctx->fn(&dev, ctx->arg);
}

SMCNL_API int smcnl_dev_smcr_dump(struct smcnl *nl, smcnl_dev_fn fn, void *arg)
{
	struct dev_ctx ctx = { SMC_GEN_DEV_SMCR, fn, arg };

	return smcnl_request(nl, SMCNL_GEN, SMC_NETLINK_GET_DEV_SMCR, SMCNL_DUMP, NULL, NULL,
			     SMC_GEN_MAX, on_dev, &ctx);
}

int smcnl_parse_loopback(struct nlattr **tb, struct smcnl_dev *dev)
{
	if (smcnl_check(tb, SMC_NEXT_A_LOOPBACK_MAX, loopback_policy))
		return -EINVAL;
	memset(dev, 0, sizeof(*dev));
	dev->size = sizeof(*dev);
	dev->loopback = true;
	if (tb[SMC_NEXT_A_LOOPBACK_USE_CNT]) {
		dev->has_use_cnt = true;
		dev->use_cnt = nla_get_u32(tb[SMC_NEXT_A_LOOPBACK_USE_CNT]);
		/* what SMC_NLA_DEV_IS_CRIT says of an ISM device */
		dev->critical = dev->use_cnt > 0;
	}
	dev->port[0].present = true;
	if (tb[SMC_NEXT_A_LOOPBACK_PNETID])
		smcnl_attr_strcpy(dev->port[0].pnetid, sizeof(dev->port[0].pnetid),
				  tb[SMC_NEXT_A_LOOPBACK_PNETID]);
	dev->port[0].pnetid_by_user = tb[SMC_NEXT_A_LOOPBACK_PNETID_BY_USER];
	return 0;
}

static int on_loopback(struct nlattr **tb, void *arg)
{
	struct dev_ctx *ctx = arg;
	struct smcnl_dev dev;
	int rc;

	rc = smcnl_parse_loopback(tb, &dev);
	return rc ? rc : ctx->fn(&dev, ctx->arg);
}

/* The ISM devices of SMC_GEN_NETLINK, then loopback-ism, which 6.12 lists
 * nowhere and the smc-next series in a family of its own (none without it).
 */
SMCNL_API int smcnl_dev_smcd_dump(struct smcnl *nl, smcnl_dev_fn fn, void *arg)
{
	struct dev_ctx ctx = { SMC_GEN_DEV_SMCD, fn, arg };
	int rc;

	rc = smcnl_request(nl, SMCNL_GEN, SMC_NETLINK_GET_DEV_SMCD, SMCNL_DUMP, NULL, NULL,
			   SMC_GEN_MAX, on_dev, &ctx);
	if (rc)
		return rc;
	rc = smcnl_request(nl, SMCNL_NEXT, SMC_NEXT_CMD_LOOPBACK_GET, SMCNL_DUMP, NULL, NULL,
			   SMC_NEXT_A_LOOPBACK_MAX, on_loopback, &ctx);
	return rc == -EPROTONOSUPPORT ? 0 : rc;
}
