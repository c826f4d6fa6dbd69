// SPDX-License-Identifier: GPL-2.0
/* SMC devices, in the columns of IBM's smc-tools:
 *   smcr device [show] [all|ibdev NAME|netdev NAME]   one row per port
 *   smcd device [show] [all]
 * smcr's -d adds the PCI columns; smcd always shows them, in IBM's order.
 * A device without PCI (rxe, loopback-ism) shows "-" there; loopback-ism
 * (listed by patched kernels) has the type "loopback".
 */
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include <smcnl/smcnl.h>

#include "smc_tool.h"

struct dev_ctx {
	const struct smc_opts *opts;
	const struct smc_select *sel;
	struct out *out;
	unsigned int shown;
};

/* "*" marks a PNET ID set with smc_pnet rather than by the firmware. */
static void pnetid(struct out *o, const struct smcnl_dev_port *port)
{
	out_bool(o, "pnetid_by_user", port->pnetid_by_user ? "*" : NULL, "",
		 port->pnetid_by_user);
	out_str(o, "pnetid", "%s\n", port->pnetid);
}

#define PCI_HEAD "  %4s   %-12s  %5s"

static void pci_columns(struct out *o, const struct smcnl_dev *dev)
{
	char buf[16];

	if (!dev->has_pci) {
		out_text(o, PCI_HEAD, "-", "-", "-");
		return;
	}
	snprintf(buf, sizeof(buf), "%04x", dev->pci_fid);
	out_str(o, "pci_fid", "  %4s", buf);
	out_str(o, "pci_id", "   %-12s", dev->pci_id);
	snprintf(buf, sizeof(buf), "%04x", dev->pci_chid);
	out_str(o, "pchid", "  %5s", buf);
}

static void pci_type(struct out *o, const struct smcnl_dev *dev, const char *fmt)
{
	char type[16] = "-";

	if (dev->loopback)
		strcpy(type, "loopback");
	else if (dev->has_pci)
		snprintf(type, sizeof(type), "%04x:%04x", dev->pci_vendor, dev->pci_device);
	out_str(o, "type", fmt, type);
}

static int show_smcr(const struct smcnl_dev *dev, void *arg)
{
	struct dev_ctx *ctx = arg;
	struct out *o = ctx->out;
	char ifname[IF_NAMESIZE];
	int i;

	for (i = 0; i < SMCNL_MAX_PORTS; i++) {
		const struct smcnl_dev_port *port = &dev->port[i];

		if (!port->present || !smc_select_link(ctx->sel, dev->ibname, port->netdev))
			continue;
		smc_ifname(ifname, port->netdev);
		out_object_begin(o, NULL);
		out_str(o, "netdev", "%-15s ", ifname);
		out_str(o, "ibdev", "%-8s ", dev->ibname);
		out_uint(o, "ibport", "%4llu  ", i + 1);
		out_str(o, "state", "%8s  ", port->state == 1 ? "ACTIVE" : "INACTIVE");
		pci_type(o, dev, "%-12s  ");
		out_bool(o, "critical", "%4s", dev->critical ? "Yes" : "No", dev->critical);
		if (ctx->opts->details)
			pci_columns(o, dev);
		out_uint(o, "links", "  %6llu  ", port->links);
		pnetid(o, port);
		out_end(o);
	}
	return 0;
}

/* IBM's smcd columns: FID Type PCI-ID PCHID InUse #LGs PNET-ID. */
static int show_smcd(const struct smcnl_dev *dev, void *arg)
{
	struct dev_ctx *ctx = arg;
	struct out *o = ctx->out;
	char buf[16];

	/* Like IBM's smcd: no header over an empty list. */
	if (!ctx->shown++)
		out_text(o, "%-4s %-4s  %-12s  %-5s  %-5s  %4s  %s\n", "FID", "Type", "PCI-ID",
			 "PCHID", "InUse", "#LGs", "PNET-ID");
	out_object_begin(o, NULL);
	if (dev->has_pci) {
		snprintf(buf, sizeof(buf), "%04x", dev->pci_fid);
		out_str(o, "pci_fid", "%-4s ", buf);
	} else {
		out_text(o, "%-4s ", "-");
	}
	out_str(o, "type", "%-4s  ", dev->loopback ? "loopback" : dev->has_pci ? "ISM" : "-");
	out_str(o, "pci_id", "%-12s  ", dev->has_pci ? dev->pci_id : "-");
	if (dev->has_pci) {
		snprintf(buf, sizeof(buf), "%04x", dev->pci_chid);
		out_str(o, "pchid", "%-5s  ", buf);
	} else {
		out_text(o, "%-5s  ", "-");
	}
	out_bool(o, "critical", "%-5s", dev->critical ? "Yes" : "No", dev->critical);
	out_uint(o, "linkgroups", "  %4llu  ", dev->use_cnt);
	pnetid(o, &dev->port[0]);
	out_end(o);
	return 0;
}

static int device_run(const struct smc_opts *opts, struct smcnl *nl, struct out *out,
		      int argc, char **argv)
{
	bool smcr = opts->variant == SMC_VARIANT_R;
	struct dev_ctx ctx = { .opts = opts, .out = out };
	struct smc_select sel;
	int rc;

	if (argc && smc_matches(argv[0], "show"))
		argc--, argv++;
	rc = smc_select_parse(opts, &smc_cmd_device, argc, argv,
			      smcr ? SMC_SELECT_DEV : 0, &sel);
	if (rc)
		return rc;
	ctx.sel = &sel;
	if (smcr) {
		out_text(out, "%-16s%-9s%4s  %8s  %-12s  %4s", "Net-Dev", "IB-Dev", "IB-P",
			 "IB-State", "Type", "Crit");
		if (opts->details)
			out_text(out, PCI_HEAD, "FID", "PCI-ID", "PCHID");
		out_text(out, "  %6s  %s\n", "#Links", "PNET-ID");
		out_array_begin(out, "devices");
		rc = smcnl_dev_smcr_dump(nl, show_smcr, &ctx);
	} else {
		out_array_begin(out, "devices");
		rc = smcnl_dev_smcd_dump(nl, show_smcd, &ctx);
	}
	out_end(out);
	if (rc)
		return smc_error(opts, nl, rc, "cannot list the %s devices",
				 smcr ? "SMC-R" : "SMC-D");
	return EXIT_OK;
}

static const char *const device_verbs[] = { "show", NULL };

const struct smc_cmd smc_cmd_device = {
	.verbs = device_verbs,
	.name = "device",
	.variants = SMC_VARIANT_R | SMC_VARIANT_D,
	.run = device_run,
	.usage = "[show] [all] [ibdev NAME] [netdev NAME]",
	.usage_smcd = "[show] [all]",
};
