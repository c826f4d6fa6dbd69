// SPDX-License-Identifier: LGPL-2.1-or-later
/* Host unit tests of libsmcnl's reply parsers: replies are built here with
 * libnl as the kernel would send them, including attributes a later kernel
 * might add and ones an older kernel leaves out.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <cmocka.h>

#include <linux/smc.h>
#include <netlink/genl/genl.h>

#include "smcnl_priv.h"

/* A reply of cmd with the attributes fill() adds, parsed up to maxattr. */
static struct nl_msg *reply(uint8_t cmd, void (*fill)(struct nl_msg *), int maxattr,
			    struct nlattr **tb)
{
	struct nl_msg *msg = nlmsg_alloc();

	assert_non_null(msg);
	assert_non_null(genlmsg_put(msg, 0, 1, 0x20, 0, NLM_F_MULTI, cmd, 1));
	fill(msg);
	assert_int_equal(genlmsg_parse(nlmsg_hdr(msg), 0, tb, maxattr, NULL), 0);
	return msg;
}

static void fill_sys_info_full(struct nl_msg *msg)
{
	struct nlattr *nest = nla_nest_start(msg, SMC_GEN_SYS_INFO);

	nla_put_u8(msg, SMC_NLA_SYS_VER, 2);
	nla_put_u8(msg, SMC_NLA_SYS_REL, 1);
	nla_put_u8(msg, SMC_NLA_SYS_IS_ISM_V2, 0);
	nla_put_u8(msg, SMC_NLA_SYS_IS_SMCR_V2, 1);
	nla_put_string(msg, SMC_NLA_SYS_LOCAL_HOST, "lab-host                        ");
	nla_put_u32(msg, 40, 0xdead);	/* an attribute of a later kernel */
	nla_nest_end(msg, nest);
}

static void fill_sys_info_old(struct nl_msg *msg)
{
	struct nlattr *nest = nla_nest_start(msg, SMC_GEN_SYS_INFO);

	nla_put_u8(msg, SMC_NLA_SYS_VER, 1);
	nla_nest_end(msg, nest);
}

static void sys_info_full(void **state)
{
	struct nlattr *tb[SMC_GEN_MAX + 1];
	struct smcnl_sys_info info;
	struct nl_msg *msg;

	(void)state;
	msg = reply(SMC_NETLINK_GET_SYS_INFO, fill_sys_info_full, SMC_GEN_MAX, tb);
	assert_int_equal(smcnl_parse_sys_info(tb, &info), 0);
	assert_int_equal(info.version, 2);
	assert_int_equal(info.release, 1);
	assert_true(info.has_ism_v2);
	assert_false(info.ism_v2);
	assert_true(info.has_smcr_v2);
	assert_true(info.smcr_v2);
	assert_string_equal(info.local_host, "lab-host");
	assert_string_equal(info.seid, "");
	nlmsg_free(msg);
}

static void sys_info_old_kernel(void **state)
{
	struct nlattr *tb[SMC_GEN_MAX + 1];
	struct smcnl_sys_info info;
	struct nl_msg *msg;

	(void)state;
	msg = reply(SMC_NETLINK_GET_SYS_INFO, fill_sys_info_old, SMC_GEN_MAX, tb);
	assert_int_equal(smcnl_parse_sys_info(tb, &info), 0);
	assert_int_equal(info.version, 1);
	assert_false(info.has_ism_v2);
	assert_false(info.has_smcr_v2);
	nlmsg_free(msg);
}

static void fill_nothing(struct nl_msg *msg)
{
	(void)msg;
}

static void sys_info_without_nest_is_an_error(void **state)
{
	struct nlattr *tb[SMC_GEN_MAX + 1];
	struct smcnl_sys_info info;
	struct nl_msg *msg;

	(void)state;
	msg = reply(SMC_NETLINK_GET_SYS_INFO, fill_nothing, SMC_GEN_MAX, tb);
	assert_int_equal(smcnl_parse_sys_info(tb, &info), -EPROTO);
	nlmsg_free(msg);
}

static const char *ueid_to_fill;

static void fill_ueid(struct nl_msg *msg)
{
	char padded[SMCNL_EID_LEN + 1];

	memset(padded, ' ', SMCNL_EID_LEN);
	memcpy(padded, ueid_to_fill, strlen(ueid_to_fill));
	padded[SMCNL_EID_LEN] = '\0';
	nla_put(msg, SMC_NLA_EID_TABLE_ENTRY, sizeof(padded), padded);
}

static void ueid_table(void **state)
{
	static const char *const ueids[] = {
		"SMCNEXT-LAB-UEID", "A", "B.2", "C-3", "ONE-TOO-MANY",
	};
	struct nlattr *tb[SMC_NLA_EID_TABLE_MAX + 1];
	struct smcnl_ueid_table table = { 0 };
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(ueids) / sizeof(ueids[0]); i++) {
		struct nl_msg *msg;

		ueid_to_fill = ueids[i];
		msg = reply(SMC_NETLINK_DUMP_UEID, fill_ueid, SMC_NLA_EID_TABLE_MAX, tb);
		assert_int_equal(smcnl_parse_ueid(tb, &table), 0);
		nlmsg_free(msg);
	}
	/* Blank padding is gone; a fifth entry (a larger table) is dropped. */
	assert_int_equal(table.count, SMCNL_MAX_UEIDS);
	assert_string_equal(table.ueid[0], "SMCNEXT-LAB-UEID");
	assert_string_equal(table.ueid[3], "C-3");
}

static void fill_seid(struct nl_msg *msg)
{
	nla_put_string(msg, SMC_NLA_SEID_ENTRY, "IBM-SYSZ-ISMSEID0000");
	nla_put_u8(msg, SMC_NLA_SEID_ENABLED, 1);
}

static void seid(void **state)
{
	struct nlattr *tb[SMC_NLA_SEID_TABLE_MAX + 1];
	struct smcnl_seid seid = { 0 };
	struct nl_msg *msg;

	(void)state;
	msg = reply(SMC_NETLINK_DUMP_SEID, fill_seid, SMC_NLA_SEID_TABLE_MAX, tb);
	assert_int_equal(smcnl_parse_seid(tb, &seid), 0);
	assert_string_equal(seid.seid, "IBM-SYSZ-ISMSEID0000");
	assert_true(seid.enabled);
	nlmsg_free(msg);
}

static void strcpy_bounds(void **state)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *a;
	char small[5];

	(void)state;
	assert_non_null(msg);
	nla_put(msg, 1, 9, "abcdefgh");		/* NUL included */
	a = nlmsg_attrdata(nlmsg_hdr(msg), 0);
	smcnl_attr_strcpy(small, sizeof(small), a);
	assert_string_equal(small, "abcd");
	nlmsg_free(msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sys_info_full),
		cmocka_unit_test(sys_info_old_kernel),
		cmocka_unit_test(sys_info_without_nest_is_an_error),
		cmocka_unit_test(ueid_table),
		cmocka_unit_test(seid),
		cmocka_unit_test(strcpy_bounds),
	};

	return cmocka_run_group_tests_name("smcnl", tests, NULL, NULL);
}
