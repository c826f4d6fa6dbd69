/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libsmcnl internals: the request helpers every module uses, and the
 * parsers of single replies, which the unit tests call with built messages.
 */
#ifndef SMCNL_PRIV_H
#define SMCNL_PRIV_H

#include <netlink/attr.h>
#include <netlink/msg.h>

#include <smcnl/smcnl.h>

#define SMCNL_API __attribute__((visibility("default")))

enum smcnl_family {
	SMCNL_GEN,		/* SMC_GEN_NETLINK */
	SMCNL_PNET,		/* SMC_PNETID */
	SMCNL_NEXT,		/* smc_next: what the smc-next series adds */
	SMCNL_FAMILIES,
};

struct smcnl {
	struct nl_sock *sock;
	struct nl_sock *diag;		/* NETLINK_SOCK_DIAG, opened on first use */
	int family_id[SMCNL_FAMILIES];
	char errmsg[256];
};

/* Called with the attributes of each reply; a negative return stops. */
typedef int (*smcnl_reply_fn)(struct nlattr **tb, void *arg);
/* Called with each reply message; a negative return stops. */
typedef int (*smcnl_msg_fn)(const struct nlmsghdr *nlh, void *arg);

/* Sends msg on sock and hands each reply to on_msg until DONE, the ACK or
 * an error; the kernel's errno is returned and its extack message kept
 * for smcnl_errmsg(). Serves the generic netlink and sock_diag sockets.
 */
int smcnl_exchange(struct smcnl *nl, struct nl_sock *sock, struct nl_msg *msg,
		   smcnl_msg_fn on_msg, void *arg);

/* How a command is asked and answered. */
enum smcnl_kind {
	SMCNL_DO,		/* a request the kernel acknowledges */
	SMCNL_DUMP,		/* NLM_F_DUMP: replies, then DONE */
	SMCNL_DO_MULTI,		/* a request answered by replies and DONE, no ACK */
};

/* Sends cmd to a family and feeds each reply, parsed up to maxattr, to fn.
 * build, if set, adds the request's attributes.
 */
int smcnl_request(struct smcnl *nl, enum smcnl_family family, uint8_t cmd,
		  enum smcnl_kind kind, int (*build)(struct nl_msg *msg, const void *arg),
		  const void *build_arg, int maxattr, smcnl_reply_fn fn, void *arg);

/* What an attribute must look like before it is read. */
enum smcnl_attr_kind {
	SMCNL_A_ANY,		/* not read, not checked */
	SMCNL_A_U8, SMCNL_A_U16, SMCNL_A_U32, SMCNL_A_U64,
	SMCNL_A_UINT,		/* NLA_UINT: 4 or 8 bytes */
	SMCNL_A_NUM,		/* 1, 2, 4 or 8 bytes (smcnl_attr_uint) */
	SMCNL_A_STR,		/* at most maxlen bytes, the NUL included */
	SMCNL_A_NEST,
	SMCNL_A_FLAG,		/* no payload */
};

struct smcnl_policy {
	uint8_t kind;		/* enum smcnl_attr_kind */
	uint16_t maxlen;	/* SMCNL_A_STR */
};

#define SMCNL_STR(len) { SMCNL_A_STR, (len) }

/* -EINVAL when an attribute of tb[0..max] is truncated or oversized for
 * its policy: a reply is refused rather than read as garbage.
 */
int smcnl_check(struct nlattr **tb, int max, const struct smcnl_policy *policy);

/* Gives the caller's structure of size bytes what it has room for of the
 * library's src (srclen bytes), and zeroes what the library does not know.
 */
void smcnl_copy_out(void *dst, size_t size, const void *src, size_t srclen);

/* smcnl_request() into a zeroed structure of full bytes (the library's),
 * of which the caller's out gets size bytes (smcnl_copy_out()): what every
 * call with a caller-allocated, sized structure does.
 */
int smcnl_request_sized(struct smcnl *nl, enum smcnl_family family, uint8_t cmd,
			enum smcnl_kind kind, int maxattr, smcnl_reply_fn fn, size_t full,
			void *out, size_t size);

/* Copies a string attribute, NUL-terminated, trailing blanks removed. */
void smcnl_attr_strcpy(char *dst, size_t size, const struct nlattr *attr);

/* Room for one more entry of size bytes in the array *v (n used, *cap
 * allocated); 0 or -ENOMEM.
 */
int smcnl_grow(void **v, size_t n, size_t *cap, size_t size);

/* Whether an attribute walked by hand is an NLA_UINT (4 or 8 bytes). */
static inline bool smcnl_uint_ok(const struct nlattr *attr)
{
	return nla_len(attr) == 4 || nla_len(attr) == 8;
}

/* An unsigned attribute of any width the kernel uses (NLA_UINT too). */
uint64_t smcnl_attr_uint(const struct nlattr *attr);

/* Reply parsers (exposed for the unit tests). */
int smcnl_parse_sys_info(struct nlattr **tb, struct smcnl_sys_info *info);
int smcnl_parse_ueid(struct nlattr **tb, struct smcnl_ueid_table *table);
int smcnl_parse_seid(struct nlattr **tb, struct smcnl_seid *seid);
int smcnl_parse_sock(const struct nlmsghdr *nlh, struct smcnl_sock *sk);
int smcnl_parse_lgr_smcr(struct nlattr **gen, struct smcnl_lgr_smcr *lgr);
int smcnl_parse_link(struct nlattr **gen, struct smcnl_link *link);
int smcnl_parse_lgr_smcd(struct nlattr **gen, struct smcnl_lgr_smcd *lgr);
/* which: SMC_GEN_DEV_SMCR or SMC_GEN_DEV_SMCD */
int smcnl_parse_dev(struct nlattr **gen, int which, struct smcnl_dev *dev);
/* A reply of smc_next's LOOPBACK_GET. */
int smcnl_parse_loopback(struct nlattr **tb, struct smcnl_dev *dev);
/* Adds to stats (or fb): call with a zeroed structure. */
int smcnl_parse_stats(struct nlattr **gen, struct smcnl_stats *stats);
int smcnl_parse_fback_stats(struct nlattr **gen, struct smcnl_fback_stats *fb);
int smcnl_parse_pnet(struct nlattr **tb, struct smcnl_pnet_entry *e);
int smcnl_parse_event(const struct nlmsghdr *nlh, struct smcnl_event *ev);

/* smc_next's LINK_GET and LGR_GET, as tables the dumps of SMC_GEN_NETLINK
 * are joined with (next.c). A kernel without them gives empty tables.
 */
struct smcnl_next_link {
	uint32_t lgr_id;
	uint8_t link_id;
	struct smcnl_link_stats stats;
};
struct smcnl_next_links {
	size_t n, cap;
	struct smcnl_next_link *v;
};
struct smcnl_next_lgr {
	uint32_t id;
	bool smcd;
	bool has_features;
	uint32_t features;
	bool has_stats;
	struct smcnl_lgr_smcd_stats stats;
};
struct smcnl_next_lgrs {
	size_t n, cap;
	struct smcnl_next_lgr *v;
};
int smcnl_parse_next_link(struct nlattr **tb, struct smcnl_next_link *l);
int smcnl_parse_next_lgr(struct nlattr **tb, struct smcnl_next_lgr *lgr);
int smcnl_next_links_get(struct smcnl *nl, struct smcnl_next_links *t);
int smcnl_next_lgrs_get(struct smcnl *nl, struct smcnl_next_lgrs *t);
void smcnl_next_links_free(struct smcnl_next_links *t);
void smcnl_next_lgrs_free(struct smcnl_next_lgrs *t);
const struct smcnl_next_link *smcnl_next_link_find(const struct smcnl_next_links *t,
						   uint32_t lgr_id, uint8_t link_id);
const struct smcnl_next_lgr *smcnl_next_lgr_find(const struct smcnl_next_lgrs *t,
						 uint32_t id, bool smcd);

#endif
