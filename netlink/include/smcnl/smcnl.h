/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libsmcnl: typed access to the kernel's SMC generic netlink families
 * (SMC_GEN_NETLINK, SMC_PNETID) and SMC sock_diag, over libnl-genl-3.
 *
 * Every call returns 0 or a negative errno; -EPROTONOSUPPORT means the
 * kernel has no such family (no SMC, or its module is not loaded). When
 * the kernel explained a refusal (extack), smcnl_errmsg() has its words
 * until the next call.
 * Attributes the running kernel does not send are left at zero and their
 * has_* flag false: the same binary serves stock and patched kernels.
 * Every attribute is checked for its length before it is read; a reply
 * with a truncated or oversized one fails with -EINVAL.
 *
 * ABI (soname libsmcnl.so.0): how the structures grow without breaking a
 * program built against an older header. New members are only ever added
 * at the end of a structure.
 * - struct smcnl is opaque.
 * - Structures the program allocates and the library fills or reads
 *   (smcnl_sys_info, smcnl_ueid_table, smcnl_seid, smcnl_stats,
 *   smcnl_fback_stats, smcnl_features, and smcnl_pnet_entry given to
 *   smcnl_pnet_add) travel with their size: the macros of those calls pass
 *   sizeof, and the library fills (or reads) that much only, zeroing what
 *   it does not know.
 * - Structures the library hands to a callback (smcnl_lgr_smcr, smcnl_link,
 *   smcnl_lgr_smcd, smcnl_dev, smcnl_pnet_entry, smcnl_sock, smcnl_event)
 *   begin with the size the library filled: SMCNL_HAS(p, member) tells a
 *   program built against a newer header whether member was filled; a
 *   program that keeps a copy copies at most p->size bytes.
 * - Frozen for this soname: the structures embedded in others
 *   (smcnl_lgr_peer, smcnl_link_stats, smcnl_dev_port,
 *   smcnl_lgr_smcd_stats, smcnl_sock_conn/_link/_dmb, smcnl_stats_buf,
 *   smcnl_stats_tech, smcnl_fback_reason) and the array bounds
 *   (SMCNL_MAX_UEIDS, SMCNL_MAX_FBACK_REASONS, SMCNL_MAX_PORTS,
 *   SMCNL_LLC_TYPES, SMCNL_SIZE_BUCKETS and the string lengths). Growing
 *   one of them takes a new soname.
 */
#ifndef SMCNL_SMCNL_H
#define SMCNL_SMCNL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct smcnl;

/* Whether the library that filled *p knows member (see "ABI" above). */
#define SMCNL_HAS(p, member) \
	(offsetof(__typeof__(*(p)), member) + sizeof((p)->member) <= (p)->size)

#define SMCNL_EID_LEN		32	/* SMC_MAX_EID_LEN */
#define SMCNL_MAX_UEIDS		4	/* SMC_MAX_UEID */
#define SMCNL_HOSTNAME_LEN	32	/* SMC_MAX_HOSTNAME_LEN */

/* Opens a generic netlink socket; the families are resolved on first use. */
int smcnl_open(struct smcnl **nl);
void smcnl_close(struct smcnl *nl);
/* The kernel's extack message for the last failed call, or "". */
const char *smcnl_errmsg(const struct smcnl *nl);

/* SMC_NETLINK_GET_SYS_INFO */
struct smcnl_sys_info {
	uint8_t version;		/* SMC version, e.g. 2 */
	uint8_t release;		/* release within the version, e.g. 1 */
	bool has_ism_v2;
	bool ism_v2;			/* an ISM device is SMC-Dv2 capable */
	bool has_smcr_v2;
	bool smcr_v2;
	char local_host[SMCNL_HOSTNAME_LEN + 1];	/* "" if none */
	char seid[SMCNL_EID_LEN + 1];			/* "" if none */
};
int smcnl_sys_info_sz(struct smcnl *nl, struct smcnl_sys_info *info, size_t size);
#define smcnl_sys_info(nl, info) smcnl_sys_info_sz((nl), (info), sizeof(*(info)))

/* User defined EIDs: up to SMCNL_MAX_UEIDS, blank padding removed. */
struct smcnl_ueid_table {
	unsigned int count;
	char ueid[SMCNL_MAX_UEIDS][SMCNL_EID_LEN + 1];
};
int smcnl_ueid_list_sz(struct smcnl *nl, struct smcnl_ueid_table *table, size_t size);
#define smcnl_ueid_list(nl, table) smcnl_ueid_list_sz((nl), (table), sizeof(*(table)))
/* -EINVAL without a kernel call when ueid is longer than SMCNL_EID_LEN. */
int smcnl_ueid_add(struct smcnl *nl, const char *ueid);
int smcnl_ueid_del(struct smcnl *nl, const char *ueid);
int smcnl_ueid_flush(struct smcnl *nl);

/* System EID (s390 only; elsewhere the kernel reports none). */
struct smcnl_seid {
	char seid[SMCNL_EID_LEN + 1];	/* "" if none */
	bool enabled;
};
int smcnl_seid_get_sz(struct smcnl *nl, struct smcnl_seid *seid, size_t size);
#define smcnl_seid_get(nl, seid) smcnl_seid_get_sz((nl), (seid), sizeof(*(seid)))
int smcnl_seid_set(struct smcnl *nl, bool enable);

/* Handshake limitation (net.smc.limit_smc_hs, per network namespace). */
int smcnl_hs_limitation_get(struct smcnl *nl, bool *enabled);
int smcnl_hs_limitation_set(struct smcnl *nl, bool enable);

#define SMCNL_PNETID_LEN	16	/* SMC_MAX_PNETID_LEN */
#define SMCNL_IBNAME_LEN	64	/* IB_DEVICE_NAME_MAX */
#define SMCNL_GID_LEN		40	/* a GID in words: 8 groups of 4 hex digits */
#define SMCNL_PCI_ID_LEN	16	/* SMC_PCI_ID_STR_LEN */

/* What a v2 link group learnt about its peer (SMC_NLA_LGR_V2_COMMON). */
struct smcnl_lgr_peer {
	uint8_t version;
	uint8_t release;
	uint8_t os;			/* SMCNL_OS_* */
	char eid[SMCNL_EID_LEN + 1];	/* the negotiated EID */
	char host[SMCNL_HOSTNAME_LEN + 1];
};

enum { SMCNL_OS_ZOS = 1, SMCNL_OS_LINUX = 2, SMCNL_OS_AIX = 3 };
enum { SMCNL_ROLE_CLIENT = 0, SMCNL_ROLE_SERVER = 1 };
/* enum smc_lgr_type: how redundant an SMC-R link group is. */
enum {
	SMCNL_LGR_NONE, SMCNL_LGR_SINGLE, SMCNL_LGR_SYMMETRIC,
	SMCNL_LGR_ASYMMETRIC_PEER, SMCNL_LGR_ASYMMETRIC_LOCAL,
};
/* enum smc_link_state */
enum {
	SMCNL_LINK_UNUSED, SMCNL_LINK_INACTIVE, SMCNL_LINK_ACTIVATING,
	SMCNL_LINK_ACTIVE,
};

/* SMC_NETLINK_GET_LGR_SMCR: an SMC-R link group. */
struct smcnl_lgr_smcr {
	size_t size;			/* filled by the library: SMCNL_HAS() */
	uint32_t id;
	uint8_t role;			/* SMCNL_ROLE_* */
	uint8_t type;			/* SMCNL_LGR_* */
	uint8_t vlan_id;
	uint32_t conns;
	char pnetid[SMCNL_PNETID_LEN + 1];
	bool has_net_cookie;
	uint64_t net_cookie;
	bool has_buf_type;
	uint8_t buf_type;		/* net.smc.smcr_buf_type */
	bool has_alloc;
	uint64_t sndbuf_alloc;		/* bytes of send buffers allocated */
	uint64_t rmb_alloc;		/* bytes of receive buffers allocated */
	bool has_peer;			/* SMC v2 and later */
	struct smcnl_lgr_peer peer;
	bool has_v2;
	bool direct;			/* peer in the same subnet, no gateway */
	uint8_t max_conns;
	uint8_t max_links;
	bool has_features;		/* smc-next kernels (smc_next LGR_GET) */
	uint32_t features;		/* SMC_NEXT_FEATURE_* agreed at first contact */
};

#define SMCNL_LLC_TYPES 16	/* LLC message types by their low 4 bits */

/* Counters of a link (smc-next kernels: smc_next LINK_GET). llc_tx and
 * llc_rx are by LLC type; [0] counts the types the protocol does not define.
 */
struct smcnl_link_stats {
	uint64_t wr_tx, wr_tx_compl, wr_tx_err;		/* send work requests */
	uint64_t wr_rx, wr_rx_compl, wr_rx_err;		/* receive work requests */
	uint64_t rdma_write, rdma_write_bytes;
	uint64_t cdc_tx, cdc_rx;
	uint64_t llc_tx[SMCNL_LLC_TYPES], llc_rx[SMCNL_LLC_TYPES];	/* by type */
	uint64_t rkey_confirm, rkey_delete;
	uint64_t state_change, failover, timeout;
};

/* SMC_NETLINK_GET_LINK_SMCR: a usable link of an SMC-R link group. */
struct smcnl_link {
	size_t size;			/* filled by the library: SMCNL_HAS() */
	uint8_t id;
	uint32_t state;			/* SMCNL_LINK_* */
	uint32_t conns;
	char ibdev[SMCNL_IBNAME_LEN + 1];
	uint8_t ibport;
	uint32_t netdev;		/* ifindex, 0 if none */
	uint32_t uid;
	uint32_t peer_uid;
	char gid[SMCNL_GID_LEN + 1];
	char peer_gid[SMCNL_GID_LEN + 1];
	bool has_stats;
	struct smcnl_link_stats stats;
};

/* SMC_NETLINK_GET_LGR_SMCD: an SMC-D link group. */
struct smcnl_lgr_smcd {
	size_t size;			/* filled by the library: SMCNL_HAS() */
	uint32_t id;
	uint64_t gid;
	uint64_t peer_gid;
	bool has_ext_gid;		/* GIDs of 128 bits (loopback-ism) */
	uint64_t ext_gid;
	uint64_t peer_ext_gid;
	uint8_t vlan_id;
	uint32_t conns;
	char pnetid[SMCNL_PNETID_LEN + 1];
	uint32_t chid;
	bool has_alloc;
	uint64_t sndbuf_alloc;
	uint64_t dmb_alloc;
	bool has_peer;
	struct smcnl_lgr_peer peer;
	bool has_stats;			/* smc-next kernels (smc_next LGR_GET) */
	struct smcnl_lgr_smcd_stats {
		uint64_t data_tx;	/* bytes handed to peers */
		uint64_t moves;		/* data writes into peer DMBs */
		uint64_t signals;	/* CDC writes that signal the peer */
	} stats;
};

typedef int (*smcnl_lgr_smcr_fn)(const struct smcnl_lgr_smcr *lgr, void *arg);
typedef int (*smcnl_link_fn)(const struct smcnl_lgr_smcr *lgr,
			     const struct smcnl_link *link, void *arg);
typedef int (*smcnl_lgr_smcd_fn)(const struct smcnl_lgr_smcd *lgr, void *arg);
int smcnl_lgr_smcr_dump(struct smcnl *nl, smcnl_lgr_smcr_fn fn, void *arg);
/* Each usable link, with the link group it belongs to. */
int smcnl_link_dump(struct smcnl *nl, smcnl_link_fn fn, void *arg);
int smcnl_lgr_smcd_dump(struct smcnl *nl, smcnl_lgr_smcd_fn fn, void *arg);

#define SMCNL_MAX_PORTS 2

/* A port of an SMC device (SMC_NLA_DEV_PORT, SMC_NLA_DEV_PORT2). */
struct smcnl_dev_port {
	bool present;
	bool pnetid_by_user;		/* set by smc_pnet, not by the firmware */
	char pnetid[SMCNL_PNETID_LEN + 1];
	bool has_netdev;		/* SMC-R only */
	uint32_t netdev;		/* ifindex of the port's net device, or 0 */
	uint8_t state;			/* 1: active */
	uint32_t links;
};

/* SMC_NETLINK_GET_DEV_SMCR and SMC_NETLINK_GET_DEV_SMCD; smcnl_dev_smcd_dump()
 * adds loopback-ism from the smc_next family (LOOPBACK_GET) when the
 * kernel has it.
 */
struct smcnl_dev {
	size_t size;			/* filled by the library: SMCNL_HAS() */
	char ibname[SMCNL_IBNAME_LEN + 1];	/* SMC-R */
	bool loopback;				/* SMC-D: loopback-ism (smc-next) */
	bool has_use_cnt;			/* SMC-D: link groups using it */
	uint32_t use_cnt;
	bool critical;				/* its loss would end connections */
	bool has_pci;				/* a PCI device (rxe has none) */
	uint32_t pci_fid;
	uint16_t pci_chid;
	uint16_t pci_vendor;
	uint16_t pci_device;
	char pci_id[SMCNL_PCI_ID_LEN + 1];
	struct smcnl_dev_port port[SMCNL_MAX_PORTS];
};

typedef int (*smcnl_dev_fn)(const struct smcnl_dev *dev, void *arg);
int smcnl_dev_smcr_dump(struct smcnl *nl, smcnl_dev_fn fn, void *arg);
int smcnl_dev_smcd_dump(struct smcnl *nl, smcnl_dev_fn fn, void *arg);

/* SMC_NETLINK_GET_STATS: counters of the caller's network namespace since
 * the module was loaded. Only uint64_t members, so that a baseline can be
 * subtracted member by member (smcnl_stats_sub).
 */
enum { SMCNL_TX, SMCNL_RX, SMCNL_DIRS };
enum { SMCNL_TECH_SMCD, SMCNL_TECH_SMCR, SMCNL_TECHS };
#define SMCNL_SIZE_BUCKETS 9	/* 8K 16K 32K 64K 128K 256K 512K 1024K >1024K */

struct smcnl_stats_buf {		/* SMC_NLA_STATS_T_{TX,RX}_RMB_STATS */
	uint64_t size_small_peer;	/* peer's buffer too small for a send */
	uint64_t size_small;
	uint64_t full_peer;
	uint64_t full;
	uint64_t reuse;
	uint64_t alloc;
	uint64_t downgrade;		/* smaller buffer than wanted */
};

struct smcnl_stats_tech {
	struct smcnl_stats_buf buf[SMCNL_DIRS];
	uint64_t buf_size[SMCNL_DIRS][SMCNL_SIZE_BUCKETS];	/* buffers by size */
	uint64_t payload[SMCNL_DIRS][SMCNL_SIZE_BUCKETS];	/* requests by size */
	uint64_t clnt_v1_succ;
	uint64_t clnt_v2_succ;
	uint64_t srv_v1_succ;
	uint64_t srv_v2_succ;
	uint64_t sendpage;
	uint64_t splice;
	uint64_t cork;
	uint64_t nodelay;
	uint64_t urg_data;
	uint64_t bytes[SMCNL_DIRS];
	uint64_t requests[SMCNL_DIRS];
	uint64_t buf_usage[SMCNL_DIRS];	/* a level, not a counter */
};

struct smcnl_stats {
	struct smcnl_stats_tech tech[SMCNL_TECHS];
	uint64_t clnt_hs_err;
	uint64_t srv_hs_err;
};

int smcnl_stats_get_sz(struct smcnl *nl, struct smcnl_stats *stats, size_t size);
#define smcnl_stats_get(nl, stats) smcnl_stats_get_sz((nl), (stats), sizeof(*(stats)))

/* SMC_NETLINK_GET_FBACK_STATS: fallbacks by reason. */
#define SMCNL_MAX_FBACK_REASONS 64
struct smcnl_fback_reason {
	uint32_t code;			/* CLC decline code */
	uint64_t count;
};
struct smcnl_fback_stats {
	uint64_t srv_total;
	uint64_t clnt_total;
	unsigned int n_srv, n_clnt;
	struct smcnl_fback_reason srv[SMCNL_MAX_FBACK_REASONS];
	struct smcnl_fback_reason clnt[SMCNL_MAX_FBACK_REASONS];
};

int smcnl_fback_stats_get_sz(struct smcnl *nl, struct smcnl_fback_stats *fb, size_t size);
#define smcnl_fback_stats_get(nl, fb) smcnl_fback_stats_get_sz((nl), (fb), sizeof(*(fb)))

/* SMC_PNETID: the PNET table, which ties net and RDMA devices to a
 * physical network ID.
 */
#define SMCNL_IFNAME_LEN 15	/* IFNAMSIZ - 1 */
struct smcnl_pnet_entry {
	size_t size;			/* filled by the library: SMCNL_HAS() */
	char pnetid[SMCNL_PNETID_LEN + 1];
	char netdev[SMCNL_IFNAME_LEN + 1];	/* "" if none */
	char ibdev[SMCNL_IBNAME_LEN + 1];	/* "" if none */
	uint8_t ibport;				/* 0 if none */
};

typedef int (*smcnl_pnet_fn)(const struct smcnl_pnet_entry *entry, void *arg);
int smcnl_pnet_dump(struct smcnl *nl, smcnl_pnet_fn fn, void *arg);
/* The entries of one PNET ID (any case), asked of the kernel by name. */
int smcnl_pnet_get(struct smcnl *nl, const char *pnetid, smcnl_pnet_fn fn, void *arg);
/* Adds netdev and/or ibdev (port ibport, 0 = default) under pnetid.
 * -EINVAL without a kernel call for a name the kernel would refuse.
 */
int smcnl_pnet_add_sz(struct smcnl *nl, const struct smcnl_pnet_entry *entry, size_t size);
#define smcnl_pnet_add(nl, entry) smcnl_pnet_add_sz((nl), (entry), sizeof(*(entry)))
int smcnl_pnet_del(struct smcnl *nl, const char *pnetid);
int smcnl_pnet_flush(struct smcnl *nl);
/* A PNET ID the kernel accepts: 1 to 16 letters and digits. */
bool smcnl_pnetid_valid(const char *pnetid);

/* Events (smc-next kernels): what the kernel announces on the "events"
 * group of the smc_next family, in the listener's network namespace.
 */
struct smcnl_event {
	size_t size;			/* filled by the library: SMCNL_HAS() */
	uint8_t type;			/* SMC_NEXT_CMD_* of an event */
	bool has_lgr;
	uint32_t lgr_id;
	bool smcd;			/* an SMC-D link group */
	bool has_role;			/* SMC-R link groups have one */
	uint8_t role;			/* SMCNL_ROLE_* */
	bool has_link;
	uint8_t link_id;
	char ibdev[SMCNL_IBNAME_LEN + 1];
	uint32_t netdev;		/* ifindex */
	bool has_reason;
	uint32_t reason;		/* CLC decline or LLC delete reason */
	uint32_t peer_diagnosis;
	bool has_addr;
	uint8_t family;			/* AF_INET or AF_INET6 */
	uint8_t saddr[16], daddr[16];	/* network order */
	uint16_t sport, dport;		/* host order */
	char pnetid[SMCNL_PNETID_LEN + 1];
	char eth_name[SMCNL_IFNAME_LEN + 1];
	char dev_name[SMCNL_IBNAME_LEN + 1];	/* an SMC-D device */
};

/* Not a kernel event: the kernel dropped events because the listener's
 * socket was full (ENOBUFS), or an event came that could not be read (a
 * malformed attribute). The events after it arrive as usual.
 */
#define SMCNL_EVENT_LOST 0xff

/* Called for each event; a non-zero return ends smcnl_monitor() (or
 * smcnl_monitor_dispatch()), which returns it (so a positive value ends it
 * without an error).
 */
typedef int (*smcnl_event_fn)(const struct smcnl_event *ev, void *arg);
/* Listens until fn says stop or an error: -EOPNOTSUPP when the kernel has
 * no events group (a stock kernel), -EPERM without CAP_NET_ADMIN,
 * -EPROTONOSUPPORT without SMC.
 */
int smcnl_monitor(struct smcnl *nl, smcnl_event_fn fn, void *arg);

/* The same for an event loop: open, wait for smcnl_monitor_fd() to be
 * readable, call smcnl_monitor_dispatch() (which never blocks: 0 when all
 * that was queued is handled), close.
 */
struct smcnl_monitor;
int smcnl_monitor_open(struct smcnl *nl, struct smcnl_monitor **mon);
int smcnl_monitor_fd(const struct smcnl_monitor *mon);
/* The socket's receive buffer (SO_RCVBUF): how many events may queue. */
int smcnl_monitor_set_rcvbuf(struct smcnl_monitor *mon, int bytes);
int smcnl_monitor_dispatch(struct smcnl_monitor *mon, smcnl_event_fn fn, void *arg);
/* Waits and dispatches until fn says stop or an error, as smcnl_monitor()
 * does with a monitor of its own (one set up with smcnl_monitor_set_rcvbuf(),
 * say).
 */
int smcnl_monitor_run(struct smcnl_monitor *mon, smcnl_event_fn fn, void *arg);
void smcnl_monitor_close(struct smcnl_monitor *mon);
/* "FALLBACK", "LGR_CREATED", ...; NULL if unknown. */
const char *smcnl_event_name(uint8_t type);

/* Words for link group and link states, roles and peer OSes. */
const char *smcnl_lgr_type_name(uint8_t type);
const char *smcnl_link_state_name(uint32_t state);
const char *smcnl_role_name(uint8_t role);
const char *smcnl_os_name(uint8_t os);
/* The name of an LLC message type (v1 and v2 alike), NULL if unknown. */
const char *smcnl_llc_type_name(unsigned int type);

/* An SMC socket as SMC sock_diag reports it. */
struct smcnl_sock {
	size_t size;			/* filled by the library: SMCNL_HAS() */
	uint64_t inode;
	uint32_t uid;
	uint8_t family;		/* AF_INET or AF_INET6 of the TCP connection */
	uint8_t state;		/* enum smc_state numbering (ACTIVE 1, LISTEN 10) */
	uint8_t mode;		/* SMCNL_MODE_* */
	uint8_t shutdown;
	uint32_t ifindex;
	uint8_t local_addr[16], peer_addr[16];	/* network order, 4 or 16 bytes */
	uint16_t local_port, peer_port;		/* host order */
	bool has_fallback;
	uint32_t fallback_reason;	/* CLC decline code, 0 if none */
	uint32_t peer_diagnosis;
	bool has_conn;			/* an SMC connection exists */
	struct smcnl_sock_conn {
		uint32_t token;
		uint32_t sndbuf_size;
		uint32_t rmbe_size;
		uint32_t peer_rmbe_size;
		/* Cursors (wrap << 32 | count) of the receive buffer, the
		 * peer's buffer, and the send buffer.
		 */
		uint64_t rx_prod, rx_cons, tx_prod, tx_cons;
		uint8_t rx_prod_flags, rx_conn_state_flags;
		uint8_t tx_prod_flags, tx_conn_state_flags;
		uint64_t tx_prep, tx_sent, tx_fin;
	} conn;
	bool has_link;			/* SMC-R: the link it uses */
	struct smcnl_sock_link {
		uint8_t role;		/* SMCNL_ROLE_* */
		uint8_t link_id;
		char ibdev[SMCNL_IBNAME_LEN + 1];
		uint8_t ibport;
		char gid[SMCNL_GID_LEN + 1];
		char peer_gid[SMCNL_GID_LEN + 1];
	} link;
	bool has_dmb;			/* SMC-D: the DMBs it uses */
	struct smcnl_sock_dmb {
		uint32_t linkid;
		uint64_t gid, peer_gid;
		uint64_t gid_ext, peer_gid_ext;
		uint64_t token, peer_token;
	} dmb;
	bool has_features;		/* smc-next kernels: its link group's */
	uint32_t features;		/* SMC_NEXT_FEATURE_* agreed with the peer */
};

enum {
	SMCNL_MODE_SMCR = 0,	/* SMC_DIAG_MODE_SMCR */
	SMCNL_MODE_TCP = 1,	/* SMC_DIAG_MODE_FALLBACK_TCP */
	SMCNL_MODE_SMCD = 2,	/* SMC_DIAG_MODE_SMCD */
};

/* Called for each SMC socket of the caller's network namespace; a
 * negative return stops the dump and is returned.
 */
typedef int (*smcnl_sock_fn)(const struct smcnl_sock *sk, void *arg);
int smcnl_sock_dump(struct smcnl *nl, smcnl_sock_fn fn, void *arg);

/* CLC feature extensions (smc-next kernels, smc_next FEATURES_GET):
 * -EPROTONOSUPPORT without them.
 */
struct smcnl_features {
	uint32_t supported;		/* SMC_NEXT_FEATURE_* this kernel has */
	uint32_t enabled;		/* those the namespace offers */
};
int smcnl_features_get_sz(struct smcnl *nl, struct smcnl_features *f, size_t size);
#define smcnl_features_get(nl, f) smcnl_features_get_sz((nl), (f), sizeof(*(f)))

/* The name of CLC feature extension bit BIT (0-31), NULL if unknown. */
const char *smcnl_feature_name(unsigned int bit);

/* Words for a CLC decline (fallback) code, NULL if unknown. */
const char *smcnl_decline_reason(uint32_t code);
const char *smcnl_sock_state_name(uint8_t state);
const char *smcnl_mode_name(uint8_t mode);

#ifdef __cplusplus
}
#endif
#endif
