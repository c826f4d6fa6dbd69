// SPDX-License-Identifier: LGPL-2.1-or-later
/* Host unit tests of libsmcnl's dump parsers: link groups, links, devices,
 * statistics, fallbacks, the PNET table and sock_diag extensions. Replies
 * are built with libnl as the 6.12 kernel sends them, with the attributes
 * a later kernel may add and without the ones an older one lacks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include <linux/smc.h>
#include <linux/smc_next.h>
#include <linux/smc_diag.h>
#include <netlink/genl/genl.h>

#include "smcnl_priv.h"

#ifndef AF_SMC
#define AF_SMC 43
#endif

typedef void (*fill_fn)(struct nl_msg *msg);

static struct nl_msg *reply(fill_fn fill, int maxattr, struct nlattr **tb)
{
	struct nl_msg *msg = nlmsg_alloc();

	assert_non_null(msg);
	assert_non_null(genlmsg_put(msg, 0, 1, 0x20, 0, NLM_F_MULTI, 1, 1));
	fill(msg);
	assert_int_equal(genlmsg_parse(nlmsg_hdr(msg), 0, tb, maxattr, NULL), 0);
	return msg;
}

static void put_peer(struct nl_msg *msg, int type)
{
	struct nlattr *v2 = nla_nest_start(msg, type);

	nla_put_u8(msg, SMC_NLA_LGR_V2_VER, 2);		/* type 0 */
	nla_put_u8(msg, SMC_NLA_LGR_V2_REL, 1);
	nla_put_u8(msg, SMC_NLA_LGR_V2_OS, 2);
	nla_put_string(msg, SMC_NLA_LGR_V2_NEG_EID, "SMCNEXT-LAB-UEID                ");
	nla_put_string(msg, SMC_NLA_LGR_V2_PEER_HOST, "peer-host");
	nla_nest_end(msg, v2);
}

static void fill_lgr_smcr(struct nl_msg *msg)
{
	struct nlattr *lgr = nla_nest_start(msg, SMC_GEN_LGR_SMCR), *v2;

	nla_put_u32(msg, SMC_NLA_LGR_R_ID, 0x100);
	nla_put_u32(msg, SMC_NLA_LGR_R_CONNS_NUM, 3);
	nla_put_u8(msg, SMC_NLA_LGR_R_ROLE, 1);
	nla_put_u8(msg, SMC_NLA_LGR_R_TYPE, 1);
	nla_put_u8(msg, SMC_NLA_LGR_R_VLAN_ID, 7);
	nla_put_string(msg, SMC_NLA_LGR_R_PNETID, "NET1");
	nla_put_u32(msg, SMC_NLA_LGR_R_SNDBUF_ALLOC, 65536);	/* NLA_UINT, 4 bytes */
	nla_put_u64(msg, SMC_NLA_LGR_R_RMB_ALLOC, 1ULL << 33);	/* NLA_UINT, 8 bytes */
	put_peer(msg, SMC_NLA_LGR_R_V2_COMMON);
	v2 = nla_nest_start(msg, SMC_NLA_LGR_R_V2);
	nla_put_u8(msg, SMC_NLA_LGR_R_V2_DIRECT, 1);
	nla_put_u8(msg, SMC_NLA_LGR_R_V2_MAX_CONNS, 255);
	nla_put_u8(msg, SMC_NLA_LGR_R_V2_MAX_LINKS, 2);
	nla_nest_end(msg, v2);
	nla_put_u32(msg, 60, 1);	/* a later kernel's attribute */
	nla_nest_end(msg, lgr);
}

static void lgr_smcr(void **state)
{
	struct nlattr *tb[SMC_GEN_MAX + 1];
	struct smcnl_lgr_smcr lgr;
	struct nl_msg *msg;

	(void)state;
	msg = reply(fill_lgr_smcr, SMC_GEN_MAX, tb);
	assert_int_equal(smcnl_parse_lgr_smcr(tb, &lgr), 0);
	assert_int_equal(lgr.id, 0x100);
	assert_int_equal(lgr.conns, 3);
	assert_string_equal(smcnl_role_name(lgr.role), "SERV");
	assert_string_equal(smcnl_lgr_type_name(lgr.type), "SINGLE");
	assert_int_equal(lgr.vlan_id, 7);
	assert_string_equal(lgr.pnetid, "NET1");
	assert_true(lgr.has_alloc);
	assert_int_equal(lgr.sndbuf_alloc, 65536);
	assert_true(lgr.rmb_alloc == 1ULL << 33);
	assert_false(lgr.has_net_cookie);
	assert_true(lgr.has_peer);
	assert_int_equal(lgr.peer.version, 2);
	assert_int_equal(lgr.peer.release, 1);
	assert_string_equal(smcnl_os_name(lgr.peer.os), "LINUX");
	assert_string_equal(lgr.peer.eid, "SMCNEXT-LAB-UEID");
	assert_string_equal(lgr.peer.host, "peer-host");
	assert_true(lgr.has_v2);
	assert_true(lgr.direct);
	assert_int_equal(lgr.max_conns, 255);
	assert_int_equal(lgr.max_links, 2);
	nlmsg_free(msg);
}

static void fill_lgr_smcr_v1(struct nl_msg *msg)
{
	struct nlattr *lgr = nla_nest_start(msg, SMC_GEN_LGR_SMCR);

	nla_put_u32(msg, SMC_NLA_LGR_R_ID, 0x200);
	nla_nest_end(msg, lgr);
}

static void fill_lgr_smcr_no_id(struct nl_msg *msg)
{
	struct nlattr *lgr = nla_nest_start(msg, SMC_GEN_LGR_SMCR);

	nla_put_u32(msg, SMC_NLA_LGR_R_CONNS_NUM, 1);
	nla_nest_end(msg, lgr);
}

static void lgr_smcr_old_and_broken(void **state)
{
	struct nlattr *tb[SMC_GEN_MAX + 1];
	struct smcnl_lgr_smcr lgr;
	struct nl_msg *msg;

	(void)state;
	msg = reply(fill_lgr_smcr_v1, SMC_GEN_MAX, tb);
	assert_int_equal(smcnl_parse_lgr_smcr(tb, &lgr), 0);
	assert_int_equal(lgr.id, 0x200);
	assert_false(lgr.has_peer);
	assert_false(lgr.has_v2);
	assert_false(lgr.has_alloc);
	nlmsg_free(msg);
	msg = reply(fill_lgr_smcr_no_id, SMC_GEN_MAX, tb);
	assert_int_equal(smcnl_parse_lgr_smcr(tb, &lgr), -EPROTO);
	nlmsg_free(msg);
}

static void fill_link(struct nl_msg *msg)
{
	struct nlattr *link = nla_nest_start(msg, SMC_GEN_LINK_SMCR);
	uint8_t uid[4] = { 0x00, 0x00, 0x01, 0x01 };	/* wire order */
	uint32_t raw;

	memcpy(&raw, uid, sizeof(raw));		/* as the kernel copies it */
	nla_put_u8(msg, SMC_NLA_LINK_ID, 1);
	nla_put_u32(msg, SMC_NLA_LINK_STATE, 3);
	nla_put_u32(msg, SMC_NLA_LINK_CONN_CNT, 2);
	nla_put_u8(msg, SMC_NLA_LINK_IB_PORT, 1);
	nla_put_u32(msg, SMC_NLA_LINK_NET_DEV, 2);
	nla_put_string(msg, SMC_NLA_LINK_IB_DEV, "rxe0");
	nla_put_u32(msg, SMC_NLA_LINK_UID, raw);
	nla_put_u32(msg, SMC_NLA_LINK_PEER_UID, raw);
	nla_put_string(msg, SMC_NLA_LINK_GID, "0000:0000:0000:0000:0000:ffff:0a09:0001");
	nla_put_string(msg, SMC_NLA_LINK_PEER_GID, "0000:0000:0000:0000:0000:ffff:0a09:0002");
	nla_nest_end(msg, link);
}

static void link(void **state)
{
	struct nlattr *tb[SMC_GEN_MAX + 1];
	struct smcnl_link link;
	struct nl_msg *msg;

	(void)state;
	msg = reply(fill_link, SMC_GEN_MAX, tb);
	assert_int_equal(smcnl_parse_link(tb, &link), 0);
	assert_int_equal(link.id, 1);
	assert_string_equal(smcnl_link_state_name(link.state), "LINK_ACTIVE");
	assert_int_equal(link.conns, 2);
	assert_string_equal(link.ibdev, "rxe0");
	assert_int_equal(link.ibport, 1);
	assert_int_equal(link.netdev, 2);
	assert_int_equal(link.uid, 0x00000101);	/* as IBM's smcr prints it */
	assert_int_equal(link.peer_uid, 0x00000101);
	assert_string_equal(link.peer_gid, "0000:0000:0000:0000:0000:ffff:0a09:0002");
	nlmsg_free(msg);
}

/* smc_next's LINK_GET: a link's counters, keyed by link group and link */
static void fill_next_link(struct nl_msg *msg)
{
	struct nlattr *llc;

	nla_put_u32(msg, SMC_NEXT_A_LINK_LGR_ID, 0x100);
	nla_put_u32(msg, SMC_NEXT_A_LINK_LINK_ID, 1);
	nla_put_u64(msg, SMC_NEXT_A_LINK_WR_TX, 28);
	nla_put_u32(msg, SMC_NEXT_A_LINK_RDMA_WRITE_BYTES, 1048592);	/* uint, 4 bytes */
	llc = nla_nest_start(msg, SMC_NEXT_A_LINK_LLC_TX);
	nla_put_u64(msg, SMC_NEXT_A_LLC_CONFIRM_LINK, 1);
	nla_put_u64(msg, SMC_NEXT_A_LLC_DELETE_RKEY, 2);
	nla_put_u64(msg, SMC_NEXT_A_LLC_OTHER, 7);
	nla_put_u64(msg, 40, 99);	/* a later kernel's type: ignored */
	nla_nest_end(msg, llc);
	nla_put_u32(msg, SMC_NEXT_A_LINK_TIMEOUT, 3);
	nla_put_u32(msg, 50, 1);	/* a later kernel's counter */
}

static void fill_next_link_no_key(struct nl_msg *msg)
{
	nla_put_u64(msg, SMC_NEXT_A_LINK_WR_TX, 28);
}

static void link_stats(void **state)
{
	struct nlattr *tb[SMC_NEXT_A_LINK_MAX + 1];
	struct nlattr *gen[SMC_GEN_MAX + 1];
	struct smcnl_next_links table = { 0 };
	struct smcnl_next_link l;
	struct smcnl_link link;
	struct nl_msg *msg;

	(void)state;
	msg = reply(fill_next_link, SMC_NEXT_A_LINK_MAX, tb);
	assert_int_equal(smcnl_parse_next_link(tb, &l), 0);
	assert_int_equal(l.lgr_id, 0x100);
	assert_int_equal(l.link_id, 1);
	assert_int_equal(l.stats.wr_tx, 28);
	assert_int_equal(l.stats.rdma_write_bytes, 1048592);
	assert_int_equal(l.stats.llc_tx[1], 1);
	assert_int_equal(l.stats.llc_tx[9], 2);
	assert_int_equal(l.stats.llc_tx[0], 7);
	assert_int_equal(l.stats.llc_rx[1], 0);
	assert_int_equal(l.stats.timeout, 3);
	nlmsg_free(msg);
	/* the key of the join: without it, the reply is refused */
	msg = reply(fill_next_link_no_key, SMC_NEXT_A_LINK_MAX, tb);
	assert_int_equal(smcnl_parse_next_link(tb, &l), -EPROTO);
	nlmsg_free(msg);
	/* found by link group and link, not by link alone */
	table.v = &l;
	table.n = 1;
	l.lgr_id = 0x100;
	l.link_id = 1;
	assert_ptr_equal(smcnl_next_link_find(&table, 0x100, 1), &l);
	assert_null(smcnl_next_link_find(&table, 0x200, 1));
	assert_null(smcnl_next_link_find(&table, 0x100, 2));
	assert_string_equal(smcnl_llc_type_name(9), "DELETE_RKEY");
	assert_string_equal(smcnl_llc_type_name(0x26), "CONFIRM_RKEY");	/* v2 */
	assert_null(smcnl_llc_type_name(15));
	/* SMC_GEN_NETLINK's link has no counters of its own */
	msg = reply(fill_link, SMC_GEN_MAX, gen);
	assert_int_equal(smcnl_parse_link(gen, &link), 0);
	assert_false(link.has_stats);
	nlmsg_free(msg);
}

/* smc_next's LGR_GET: an SMC-D group's counters, an SMC-R group's features */
static void fill_next_lgr_smcd(struct nl_msg *msg)
{
	nla_put_u32(msg, SMC_NEXT_A_LGR_ID, 0x300);
	nla_put_flag(msg, SMC_NEXT_A_LGR_SMCD);
	nla_put_u64(msg, SMC_NEXT_A_LGR_DATA_TX, 1 << 20);
	nla_put_u32(msg, SMC_NEXT_A_LGR_SIGNALS, 17);
}

static void fill_next_lgr_smcr(struct nl_msg *msg)
{
	nla_put_u32(msg, SMC_NEXT_A_LGR_ID, 0x300);
	nla_put_u32(msg, SMC_NEXT_A_LGR_FEATURES, SMC_NEXT_FEATURE_RKEY_PERSIST);
}

static void next_lgr(void **state)
{
	struct nlattr *tb[SMC_NEXT_A_LGR_MAX + 1];
	struct smcnl_next_lgr v[2];
	struct smcnl_next_lgrs table = { .n = 2, .v = v };
	struct nl_msg *msg;

	(void)state;
	msg = reply(fill_next_lgr_smcd, SMC_NEXT_A_LGR_MAX, tb);
	assert_int_equal(smcnl_parse_next_lgr(tb, &v[0]), 0);
	assert_int_equal(v[0].id, 0x300);
	assert_true(v[0].smcd);
	assert_false(v[0].has_features);
	assert_true(v[0].has_stats);
	assert_int_equal(v[0].stats.data_tx, 1 << 20);
	assert_int_equal(v[0].stats.moves, 0);
	assert_int_equal(v[0].stats.signals, 17);
	nlmsg_free(msg);
	msg = reply(fill_next_lgr_smcr, SMC_NEXT_A_LGR_MAX, tb);
	assert_int_equal(smcnl_parse_next_lgr(tb, &v[1]), 0);
	assert_false(v[1].smcd);
	assert_false(v[1].has_stats);
	assert_true(v[1].has_features);
	assert_int_equal(v[1].features, SMC_NEXT_FEATURE_RKEY_PERSIST);
	nlmsg_free(msg);
	/* SMC-R and SMC-D ids are counted apart: the kind is part of the key */
	assert_ptr_equal(smcnl_next_lgr_find(&table, 0x300, true), &v[0]);
	assert_ptr_equal(smcnl_next_lgr_find(&table, 0x300, false), &v[1]);
	assert_null(smcnl_next_lgr_find(&table, 0x301, false));
}

static void fill_lgr_smcd(struct nl_msg *msg)
{
	struct nlattr *lgr = nla_nest_start(msg, SMC_GEN_LGR_SMCD);

	nla_put_u32(msg, SMC_NLA_LGR_D_ID, 0x300);
	nla_put_u64(msg, SMC_NLA_LGR_D_GID, 0x524522ac4d3e6b04ULL);
	nla_put_u64(msg, SMC_NLA_LGR_D_EXT_GID, 1);
	nla_put_u64(msg, SMC_NLA_LGR_D_PEER_GID, 0x524522ac4d3e6b04ULL);
	nla_put_u64(msg, SMC_NLA_LGR_D_PEER_EXT_GID, 2);
	nla_put_u8(msg, SMC_NLA_LGR_D_VLAN_ID, 0);
	nla_put_u32(msg, SMC_NLA_LGR_D_CONNS_NUM, 2);
	nla_put_u32(msg, SMC_NLA_LGR_D_CHID, 0xffff);	/* u32 although documented u16 */
	nla_put_u32(msg, SMC_NLA_LGR_D_SNDBUF_ALLOC, 0);
	nla_put_u32(msg, SMC_NLA_LGR_D_DMB_ALLOC, 65536);
	nla_put_string(msg, SMC_NLA_LGR_D_PNETID, "");
	put_peer(msg, SMC_NLA_LGR_D_V2_COMMON);
	nla_nest_end(msg, lgr);
}

static void lgr_smcd(void **state)
{
	struct nlattr *tb[SMC_GEN_MAX + 1];
	struct smcnl_lgr_smcd lgr;
	struct nl_msg *msg;

	(void)state;
	msg = reply(fill_lgr_smcd, SMC_GEN_MAX, tb);
	assert_int_equal(smcnl_parse_lgr_smcd(tb, &lgr), 0);
	assert_int_equal(lgr.id, 0x300);
	assert_true(lgr.gid == 0x524522ac4d3e6b04ULL);
	assert_true(lgr.has_ext_gid);
	assert_int_equal(lgr.peer_ext_gid, 2);
	assert_int_equal(lgr.conns, 2);
	assert_int_equal(lgr.chid, 0xffff);
	assert_true(lgr.has_alloc);
	assert_int_equal(lgr.dmb_alloc, 65536);
	assert_string_equal(lgr.pnetid, "");
	assert_true(lgr.has_peer);
	assert_string_equal(lgr.peer.eid, "SMCNEXT-LAB-UEID");
	assert_false(lgr.has_stats);	/* smc_next's, joined by the dump */
	nlmsg_free(msg);
}

/* rxe: no PCI parent, so no PCI attributes; one port. */
static void fill_dev_rxe(struct nl_msg *msg)
{
	struct nlattr *dev = nla_nest_start(msg, SMC_GEN_DEV_SMCR), *port;

	nla_put_u8(msg, SMC_NLA_DEV_IS_CRIT, 1);
	nla_put_string(msg, SMC_NLA_DEV_IB_NAME, "rxe0");
	port = nla_nest_start(msg, SMC_NLA_DEV_PORT);
	nla_put_u8(msg, SMC_NLA_DEV_PORT_PNET_USR, 1);
	nla_put_string(msg, SMC_NLA_DEV_PORT_PNETID, "NET1            ");
	nla_put_u32(msg, SMC_NLA_DEV_PORT_NETDEV, 2);
	nla_put_u8(msg, SMC_NLA_DEV_PORT_VALID, 1);
	nla_put_u8(msg, SMC_NLA_DEV_PORT_STATE, 1);
	nla_put_u32(msg, SMC_NLA_DEV_PORT_LNK_CNT, 1);
	nla_nest_end(msg, port);
	nla_nest_end(msg, dev);
}

static void dev_rxe(void **state)
{
	struct nlattr *tb[SMC_GEN_MAX + 1];
	struct smcnl_dev dev;
	struct nl_msg *msg;

	(void)state;
	msg = reply(fill_dev_rxe, SMC_GEN_MAX, tb);
	assert_int_equal(smcnl_parse_dev(tb, SMC_GEN_DEV_SMCR, &dev), 0);
	assert_string_equal(dev.ibname, "rxe0");
	assert_true(dev.critical);
	assert_false(dev.has_pci);
	assert_false(dev.has_use_cnt);
	assert_true(dev.port[0].present);
	assert_true(dev.port[0].pnetid_by_user);
	assert_string_equal(dev.port[0].pnetid, "NET1");
	assert_int_equal(dev.port[0].netdev, 2);
	assert_int_equal(dev.port[0].state, 1);
	assert_int_equal(dev.port[0].links, 1);
	assert_false(dev.port[1].present);
	/* The SMC-D nest is not there: a protocol error, not a zeroed device. */
	assert_int_equal(smcnl_parse_dev(tb, SMC_GEN_DEV_SMCD, &dev), -EPROTO);
	nlmsg_free(msg);
}

static void fill_dev_ism(struct nl_msg *msg)
{
	struct nlattr *dev = nla_nest_start(msg, SMC_GEN_DEV_SMCD), *port;

	nla_put_u32(msg, SMC_NLA_DEV_USE_CNT, 2);
	nla_put_u8(msg, SMC_NLA_DEV_IS_CRIT, 1);
	nla_put_u32(msg, SMC_NLA_DEV_PCI_FID, 0x7fd9);
	nla_put_u16(msg, SMC_NLA_DEV_PCI_CHID, 0x2f);
	nla_put_u16(msg, SMC_NLA_DEV_PCI_VENDOR, 0x1014);
	nla_put_u16(msg, SMC_NLA_DEV_PCI_DEVICE, 0x04ed);
	nla_put_string(msg, SMC_NLA_DEV_PCI_ID, "0000:00:00.0");
	port = nla_nest_start(msg, SMC_NLA_DEV_PORT);
	nla_put_u8(msg, SMC_NLA_DEV_PORT_PNET_USR, 0);
	nla_put_string(msg, SMC_NLA_DEV_PORT_PNETID, "");
	nla_nest_end(msg, port);
	nla_nest_end(msg, dev);
}

static void dev_ism(void **state)
{
	struct nlattr *tb[SMC_GEN_MAX + 1];
	struct smcnl_dev dev;
	struct nl_msg *msg;

	(void)state;
	msg = reply(fill_dev_ism, SMC_GEN_MAX, tb);
	assert_int_equal(smcnl_parse_dev(tb, SMC_GEN_DEV_SMCD, &dev), 0);
	assert_true(dev.has_use_cnt);
	assert_int_equal(dev.use_cnt, 2);
	assert_true(dev.has_pci);
	assert_int_equal(dev.pci_fid, 0x7fd9);
	assert_int_equal(dev.pci_chid, 0x2f);
	assert_int_equal(dev.pci_device, 0x04ed);
	assert_string_equal(dev.pci_id, "0000:00:00.0");
	assert_true(dev.port[0].present);
	assert_false(dev.port[0].has_netdev);
	nlmsg_free(msg);
}

static void fill_loopback(struct nl_msg *msg)
{
	nla_put_string(msg, SMC_NEXT_A_LOOPBACK_NAME, "loopback-ism");
	nla_put_u32(msg, SMC_NEXT_A_LOOPBACK_CHID, 0xffff);
	nla_put_u64(msg, SMC_NEXT_A_LOOPBACK_GID, 0x1122334455667788ULL);
	nla_put_u32(msg, SMC_NEXT_A_LOOPBACK_USE_CNT, 2);
	nla_put_string(msg, SMC_NEXT_A_LOOPBACK_PNETID, "NET1");
	nla_put_flag(msg, SMC_NEXT_A_LOOPBACK_PNETID_BY_USER);
}

/* smc_next's LOOPBACK_GET: a device without PCI values, never taken for
 * an ISM device.
 */
static void dev_loopback(void **state)
{
	struct nlattr *tb[SMC_NEXT_A_LOOPBACK_MAX + 1];
	struct smcnl_dev dev;
	struct nl_msg *msg;

	(void)state;
	msg = reply(fill_loopback, SMC_NEXT_A_LOOPBACK_MAX, tb);
	assert_int_equal(smcnl_parse_loopback(tb, &dev), 0);
	assert_true(dev.loopback);
	assert_false(dev.has_pci);
	assert_true(dev.has_use_cnt);
	assert_int_equal(dev.use_cnt, 2);
	assert_true(dev.critical);
	assert_true(dev.port[0].present);
	assert_true(dev.port[0].pnetid_by_user);
	assert_string_equal(dev.port[0].pnetid, "NET1");
	nlmsg_free(msg);
	/* an ISM device of SMC_GEN_NETLINK is never loopback */
	msg = reply(fill_dev_ism, SMC_GEN_MAX, tb);
	assert_int_equal(smcnl_parse_dev(tb, SMC_GEN_DEV_SMCD, &dev), 0);
	assert_false(dev.loopback);
	nlmsg_free(msg);
}

static void put_buckets(struct nl_msg *msg, int type, uint64_t first)
{
	struct nlattr *n = nla_nest_start(msg, type);
	int i;

	for (i = SMC_NLA_STATS_PLOAD_8K; i <= SMC_NLA_STATS_PLOAD_G_1024K; i++)
		nla_put_u64(msg, i, first + (uint64_t)i - 1);
	nla_nest_end(msg, n);
}

static void fill_stats(struct nl_msg *msg)
{
	struct nlattr *stats = nla_nest_start(msg, SMC_GEN_STATS), *t, *rmb;

	t = nla_nest_start(msg, SMC_NLA_STATS_SMCR_TECH);
	rmb = nla_nest_start(msg, SMC_NLA_STATS_T_TX_RMB_STATS);
	nla_put_u64(msg, SMC_NLA_STATS_RMB_FULL_CNT, 223);
	nla_put_u64(msg, SMC_NLA_STATS_RMB_FULL_PEER_CNT, 131);
	nla_put_u64(msg, SMC_NLA_STATS_RMB_SIZE_SM_CNT, 1121);
	nla_put_u64(msg, 40, 99);		/* a later kernel's counter */
	nla_nest_end(msg, rmb);
	put_buckets(msg, SMC_NLA_STATS_T_TXPLOAD_SIZE, 100);
	put_buckets(msg, SMC_NLA_STATS_T_RX_RMB_SIZE, 200);
	nla_put_u64(msg, SMC_NLA_STATS_T_CLNT_V2_SUCC, 2);
	nla_put_u64(msg, SMC_NLA_STATS_T_TX_BYTES, 10420715);
	nla_put_u64(msg, SMC_NLA_STATS_T_TX_CNT, 2441);
	nla_put_u32(msg, SMC_NLA_STATS_T_RX_RMB_USAGE, 4096);	/* NLA_UINT */
	nla_put_u64(msg, SMC_NLA_STATS_T_NDLY_CNT, 1);
	nla_put_u64(msg, 50, 77);		/* a later kernel's counter */
	nla_nest_end(msg, t);
	t = nla_nest_start(msg, SMC_NLA_STATS_SMCD_TECH);
	nla_put_u64(msg, SMC_NLA_STATS_T_RX_BYTES, 335552);
	nla_nest_end(msg, t);
	nla_put_u64(msg, SMC_NLA_STATS_CLNT_HS_ERR_CNT, 4);
	nla_put_u64(msg, SMC_NLA_STATS_SRV_HS_ERR_CNT, 5);
	nla_nest_end(msg, stats);
}

static void stats(void **state)
{
	struct nlattr *tb[SMC_GEN_MAX + 1];
	struct smcnl_stats s = { 0 };
	const struct smcnl_stats_tech *r = &s.tech[SMCNL_TECH_SMCR];
	struct nl_msg *msg;

	(void)state;
	msg = reply(fill_stats, SMC_GEN_MAX, tb);
	assert_int_equal(smcnl_parse_stats(tb, &s), 0);
	assert_int_equal(r->buf[SMCNL_TX].full, 223);
	assert_int_equal(r->buf[SMCNL_TX].full_peer, 131);
	assert_int_equal(r->buf[SMCNL_TX].size_small, 1121);
	assert_int_equal(r->buf[SMCNL_TX].size_small_peer, 0);
	assert_int_equal(r->buf[SMCNL_RX].full, 0);
	assert_int_equal(r->payload[SMCNL_TX][0], 100);
	assert_int_equal(r->payload[SMCNL_TX][8], 108);
	assert_int_equal(r->buf_size[SMCNL_RX][3], 203);
	assert_int_equal(r->buf_size[SMCNL_TX][3], 0);
	assert_int_equal(r->clnt_v2_succ, 2);
	assert_int_equal(r->bytes[SMCNL_TX], 10420715);
	assert_int_equal(r->requests[SMCNL_TX], 2441);
	assert_int_equal(r->buf_usage[SMCNL_RX], 4096);
	assert_int_equal(r->nodelay, 1);
	assert_int_equal(s.tech[SMCNL_TECH_SMCD].bytes[SMCNL_RX], 335552);
	assert_int_equal(s.clnt_hs_err, 4);
	assert_int_equal(s.srv_hs_err, 5);
	nlmsg_free(msg);
}

static uint8_t fb_srv;
static uint32_t fb_code;
static bool fb_totals;

static void fill_fback(struct nl_msg *msg)
{
	struct nlattr *fb = nla_nest_start(msg, SMC_GEN_FBACK_STATS);

	nla_put_u8(msg, SMC_NLA_FBACK_STATS_TYPE, fb_srv);
	if (fb_totals) {
		nla_put_u64(msg, SMC_NLA_FBACK_STATS_SRV_CNT, 3);
		nla_put_u64(msg, SMC_NLA_FBACK_STATS_CLNT_CNT, 6);
	}
	nla_put_u32(msg, SMC_NLA_FBACK_STATS_RSN_CODE, fb_code);
	nla_put_u16(msg, SMC_NLA_FBACK_STATS_RSN_CNT, 3);
	nla_nest_end(msg, fb);
}

static void fback_stats(void **state)
{
	struct nlattr *tb[SMC_GEN_MAX + 1];
	struct smcnl_fback_stats fb = { 0 };
	struct nl_msg *msg;

	(void)state;
	fb_srv = 1, fb_code = 0x03010000, fb_totals = true;
	msg = reply(fill_fback, SMC_GEN_MAX, tb);
	assert_int_equal(smcnl_parse_fback_stats(tb, &fb), 0);
	nlmsg_free(msg);
	fb_srv = 0, fb_code = 0x03030008, fb_totals = false;
	msg = reply(fill_fback, SMC_GEN_MAX, tb);
	assert_int_equal(smcnl_parse_fback_stats(tb, &fb), 0);
	nlmsg_free(msg);
	fb_code = 0x03030002;
	msg = reply(fill_fback, SMC_GEN_MAX, tb);
	assert_int_equal(smcnl_parse_fback_stats(tb, &fb), 0);
	nlmsg_free(msg);
	assert_int_equal(fb.srv_total, 3);
	assert_int_equal(fb.clnt_total, 6);
	assert_int_equal(fb.n_srv, 1);
	assert_int_equal(fb.srv[0].code, 0x03010000);
	assert_int_equal(fb.n_clnt, 2);
	assert_int_equal(fb.clnt[1].code, 0x03030002);
	assert_int_equal(fb.clnt[1].count, 3);
	assert_string_equal(smcnl_decline_reason(fb.clnt[1].code), "no SMC-R device found");
}

static const char *pnet_eth, *pnet_ib;

static void fill_pnet(struct nl_msg *msg)
{
	nla_put_string(msg, SMC_PNETID_NAME, "NET1");
	nla_put_string(msg, SMC_PNETID_ETHNAME, pnet_eth);
	nla_put_string(msg, SMC_PNETID_IBNAME, pnet_ib);
	nla_put_u8(msg, SMC_PNETID_IBPORT, strcmp(pnet_ib, "n/a") ? 1 : 0xff);
}

static void pnet(void **state)
{
	struct nlattr *tb[SMC_PNETID_MAX + 1];
	struct smcnl_pnet_entry e;
	struct nl_msg *msg;

	(void)state;
	pnet_eth = "eth0", pnet_ib = "n/a";
	msg = reply(fill_pnet, SMC_PNETID_MAX, tb);
	assert_int_equal(smcnl_parse_pnet(tb, &e), 0);
	assert_string_equal(e.pnetid, "NET1");
	assert_string_equal(e.netdev, "eth0");
	assert_string_equal(e.ibdev, "");	/* the kernel's "n/a" is no device */
	assert_int_equal(e.ibport, 0);		/* nor is its port 255 */
	nlmsg_free(msg);
	pnet_eth = "n/a", pnet_ib = "rxe0";
	msg = reply(fill_pnet, SMC_PNETID_MAX, tb);
	assert_int_equal(smcnl_parse_pnet(tb, &e), 0);
	assert_string_equal(e.netdev, "");
	assert_string_equal(e.ibdev, "rxe0");
	assert_int_equal(e.ibport, 1);
	nlmsg_free(msg);
}

static void pnetid_valid(void **state)
{
	(void)state;
	assert_true(smcnl_pnetid_valid("NET1"));
	assert_true(smcnl_pnetid_valid("abcdefghijklmnop"));	/* 16 */
	assert_false(smcnl_pnetid_valid("abcdefghijklmnopq"));	/* 17 */
	assert_false(smcnl_pnetid_valid(""));
	assert_false(smcnl_pnetid_valid("NET-1"));
	assert_false(smcnl_pnetid_valid("NET 1"));
}

static void pnet_add_refuses_before_the_kernel(void **state)
{
	struct smcnl_pnet_entry e = { .pnetid = "NET1" };
	struct smcnl nl = { 0 };	/* no socket: a kernel call would crash */

	(void)state;
	assert_int_equal(smcnl_pnet_add(&nl, &e), -EINVAL);	/* no device */
	strcpy(e.netdev, "eth0");
	strcpy(e.pnetid, "NET_1");
	assert_int_equal(smcnl_pnet_add(&nl, &e), -EINVAL);
	assert_int_equal(smcnl_pnet_del(&nl, "TOOLONGPNETID0123"), -EINVAL);
}

static void attr_uint_widths(void **state)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *a;
	int rem;
	uint64_t want[] = { 0xab, 0xabcd, 0xabcdef01, 0xabcdef0123456789ULL, 0 };
	int i = 0;

	(void)state;
	nla_put_u8(msg, 1, 0xab);
	nla_put_u16(msg, 2, 0xabcd);
	nla_put_u32(msg, 3, 0xabcdef01);
	nla_put_u64(msg, 4, 0xabcdef0123456789ULL);
	nla_put(msg, 5, 3, "abc");		/* no such width: 0 */
	nlmsg_for_each_attr(a, nlmsg_hdr(msg), 0, rem)
		assert_true(smcnl_attr_uint(a) == want[i++]);
	assert_int_equal(i, 5);
	nlmsg_free(msg);
}

static void sock_extensions(void **state)
{
	struct {
		struct nlmsghdr nlh;
		struct smc_diag_msg msg;
		char attrs[512];
	} buf;
	struct smc_diag_conninfo ci = { .token = 3, .sndbuf_size = 0xffe0 };
	struct smc_diag_lgrinfo li = { .role = 1 };
	struct smcd_diag_dmbinfo di = { .linkid = 0x200, .my_gid = 0x5245, .token = 7 };
	struct smcnl_sock sk;
	struct nlattr *a;
	size_t off = 0;

	(void)state;
	memset(&buf, 0, sizeof(buf));
	ci.rx_prod.wrap = 1;
	ci.rx_prod.count = 0xc5de;
	li.lnk[0].link_id = 1;
	li.lnk[0].ibport = 1;
	memcpy(li.lnk[0].ibname, "rxe0", 4);
	memset(li.lnk[0].gid, 'a', sizeof(li.lnk[0].gid));	/* no NUL at all */
#define PUT(type, obj) do { \
		a = (struct nlattr *)(buf.attrs + off); \
		a->nla_type = (type); \
		a->nla_len = NLA_HDRLEN + sizeof(obj); \
		memcpy((char *)a + NLA_HDRLEN, &(obj), sizeof(obj)); \
		off += NLA_ALIGN(a->nla_len); \
	} while (0)
	PUT(SMC_DIAG_CONNINFO, ci);
	PUT(SMC_DIAG_LGRINFO, li);
	PUT(SMC_DIAG_DMBINFO, di);
#undef PUT
	buf.nlh.nlmsg_len = NLMSG_LENGTH(sizeof(buf.msg)) + off;
	buf.msg.diag_family = AF_SMC;
	buf.msg.diag_mode = 0;
	assert_int_equal(smcnl_parse_sock(&buf.nlh, &sk), 0);
	assert_true(sk.has_conn);
	assert_int_equal(sk.conn.token, 3);
	assert_int_equal(sk.conn.sndbuf_size, 0xffe0);
	assert_true(sk.conn.rx_prod == (1ULL << 32 | 0xc5de));
	assert_true(sk.has_link);
	assert_string_equal(smcnl_role_name(sk.link.role), "SERV");
	assert_string_equal(sk.link.ibdev, "rxe0");
	assert_int_equal(strlen(sk.link.gid), SMCNL_GID_LEN);	/* cut, terminated */
	assert_true(sk.has_dmb);
	assert_int_equal(sk.dmb.linkid, 0x200);
	assert_int_equal(sk.dmb.gid, 0x5245);
	assert_int_equal(sk.dmb.token, 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lgr_smcr),
		cmocka_unit_test(lgr_smcr_old_and_broken),
		cmocka_unit_test(link),
		cmocka_unit_test(link_stats),
		cmocka_unit_test(lgr_smcd),
		cmocka_unit_test(next_lgr),
		cmocka_unit_test(dev_rxe),
		cmocka_unit_test(dev_ism),
		cmocka_unit_test(dev_loopback),
		cmocka_unit_test(stats),
		cmocka_unit_test(fback_stats),
		cmocka_unit_test(pnet),
		cmocka_unit_test(pnetid_valid),
		cmocka_unit_test(pnet_add_refuses_before_the_kernel),
		cmocka_unit_test(attr_uint_widths),
		cmocka_unit_test(sock_extensions),
	};

	return cmocka_run_group_tests_name("smcnl_dumps", tests, NULL, NULL);
}
