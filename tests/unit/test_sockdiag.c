// SPDX-License-Identifier: GPL-2.0
/* Host unit tests of the selftests' sock_diag reader: messages are built
 * here as the kernel would send them, so no SMC kernel is needed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include <linux/netlink.h>
#include <linux/smc_diag.h>

#include "smc_sockdiag.h"

struct built_msg {
	struct nlmsghdr nlh;
	struct smc_diag_msg msg;
	struct nlattr fb_hdr;
	struct smc_diag_fallback fb;
} __attribute__((aligned(NLMSG_ALIGNTO)));

static void build(struct built_msg *m, uint8_t mode, bool with_fallback)
{
	memset(m, 0, sizeof(*m));
	m->nlh.nlmsg_len = NLMSG_LENGTH(sizeof(m->msg));
	m->msg.diag_family = AF_INET;
	m->msg.diag_state = 1;
	m->msg.diag_mode = mode;
	m->msg.diag_inode = 4242;
	m->msg.diag_uid = 1000;
	inet_pton(AF_INET, "10.9.0.1", &m->msg.id.idiag_src);
	inet_pton(AF_INET, "10.9.0.2", &m->msg.id.idiag_dst);
	m->msg.id.idiag_sport = htons(40000);
	m->msg.id.idiag_dport = htons(5201);
	if (with_fallback) {
		m->fb_hdr.nla_type = SMC_DIAG_FALLBACK;
		m->fb_hdr.nla_len = NLA_HDRLEN + sizeof(m->fb);
		m->fb.reason = 0x03010000;
		m->fb.peer_diagnosis = 0x03030008;
		m->nlh.nlmsg_len += NLA_ALIGN(m->fb_hdr.nla_len);
	}
}

static void parses_smcr_socket(void **state)
{
	struct smc_sock_info info;
	struct built_msg m;

	(void)state;
	build(&m, SMC_DIAG_MODE_SMCR, false);
	assert_int_equal(smc_diag_parse_msg(&m.nlh, &info), 0);
	assert_int_equal(info.inode, 4242);
	assert_int_equal(info.uid, 1000);
	assert_string_equal(smc_diag_mode_name(info.mode), "SMCR");
	assert_string_equal(smc_diag_state_name(info.state), "ACTIVE");
	assert_string_equal(info.local, "10.9.0.1:40000");
	assert_string_equal(info.peer, "10.9.0.2:5201");
	assert_false(info.has_fallback);
}

static void af_smc_family_from_addresses(void **state)
{
	struct smc_sock_info info;
	struct built_msg m;

	(void)state;
	build(&m, SMC_DIAG_MODE_SMCD, false);
	m.msg.diag_family = 43;	/* AF_SMC, IPv4 addresses */
	assert_int_equal(smc_diag_parse_msg(&m.nlh, &info), 0);
	assert_int_equal(info.family, AF_INET);
	assert_string_equal(info.local, "10.9.0.1:40000");

	inet_pton(AF_INET6, "fd00::1", &m.msg.id.idiag_src);
	inet_pton(AF_INET6, "fd00::2", &m.msg.id.idiag_dst);
	assert_int_equal(smc_diag_parse_msg(&m.nlh, &info), 0);
	assert_int_equal(info.family, AF_INET6);
	assert_string_equal(info.local, "[fd00::1]:40000");
	assert_string_equal(info.peer, "[fd00::2]:5201");
}

static void parses_fallback_reason(void **state)
{
	struct smc_sock_info info;
	struct built_msg m;

	(void)state;
	build(&m, SMC_DIAG_MODE_FALLBACK_TCP, true);
	assert_int_equal(smc_diag_parse_msg(&m.nlh, &info), 0);
	assert_string_equal(smc_diag_mode_name(info.mode), "TCP");
	assert_true(info.has_fallback);
	assert_int_equal(info.fallback_reason, 0x03010000);
	assert_int_equal(info.peer_diagnosis, 0x03030008);
}

static void ignores_truncated_attribute(void **state)
{
	struct smc_sock_info info;
	struct built_msg m;

	(void)state;
	build(&m, SMC_DIAG_MODE_FALLBACK_TCP, true);
	m.fb_hdr.nla_len = 200;	/* claims more than the message holds */
	assert_int_equal(smc_diag_parse_msg(&m.nlh, &info), 0);
	assert_false(info.has_fallback);
}

static void rejects_short_message(void **state)
{
	struct smc_sock_info info;
	struct built_msg m;

	(void)state;
	build(&m, SMC_DIAG_MODE_SMCD, false);
	m.nlh.nlmsg_len = NLMSG_LENGTH(4);
	assert_int_equal(smc_diag_parse_msg(&m.nlh, &info), -EPROTO);
}

static void mode_names_round_trip(void **state)
{
	(void)state;
	assert_int_equal(smc_diag_mode_parse("SMCR"), SMC_DIAG_MODE_SMCR);
	assert_int_equal(smc_diag_mode_parse("smcd"), SMC_DIAG_MODE_SMCD);
	assert_int_equal(smc_diag_mode_parse("TCP"), SMC_DIAG_MODE_FALLBACK_TCP);
	assert_int_equal(smc_diag_mode_parse("fallback"), SMC_DIAG_MODE_FALLBACK_TCP);
	assert_int_equal(smc_diag_mode_parse("SMC"), -1);
	assert_string_equal(smc_diag_mode_name(7), "UNKNOWN");
	assert_string_equal(smc_diag_state_name(10), "LISTEN");
	assert_string_equal(smc_diag_state_name(255), "UNKNOWN");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_smcr_socket),
		cmocka_unit_test(af_smc_family_from_addresses),
		cmocka_unit_test(parses_fallback_reason),
		cmocka_unit_test(ignores_truncated_attribute),
		cmocka_unit_test(rejects_short_message),
		cmocka_unit_test(mode_names_round_trip),
	};

	return cmocka_run_group_tests_name("sockdiag", tests, NULL, NULL);
}
