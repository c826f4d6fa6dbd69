// SPDX-License-Identifier: LGPL-2.1-or-later
/* Protocol facts turned into words: CLC decline codes (net/smc/smc_clc.h),
 * SMC socket, link group and link states, sock_diag modes; and the PNET
 * IDs the kernel accepts (smc_pnet.c).
 */
#include <ctype.h>
#include <stddef.h>
#include <string.h>

#include <linux/smc.h>
#include <linux/smc_next.h>

#include "smcnl_priv.h"

static const struct {
	uint32_t code;
	const char *words;
} declines[] = {
	{ 0x01010000, "insufficient memory resources" },
	{ 0x02010000, "timeout waiting for CONFIRM LINK" },
	{ 0x02020000, "timeout waiting for ADD LINK" },
	{ 0x03000000, "configuration error" },
	{ 0x03010000, "peer did not indicate SMC" },
	{ 0x03020000, "IPsec in use" },
	{ 0x03030000, "no SMC device found" },
	{ 0x03030001, "no SMC-D device found" },
	{ 0x03030002, "no SMC-R device found" },
	{ 0x03030003, "hardware has no ISMv2 support" },
	{ 0x03030004, "peer sent no CLC v2 extension" },
	{ 0x03030005, "peer sent no SMC-Dv2 extension" },
	{ 0x03030006, "peer sent no SEID" },
	{ 0x03030007, "no SMC-Dv2 device found" },
	{ 0x03030008, "peer sent no UEID (or no common one)" },
	{ 0x03030009, "release version negotiation failed" },
	{ 0x0303000a, "maximum connections negotiation failed" },
	{ 0x0303000b, "maximum links negotiation failed" },
	{ 0x03040000, "SMC modes do not match" },
	{ 0x03050000, "peer has an eyecatcher in its RMBE" },
	{ 0x03060000, "socket option (fastopen) not supported" },
	{ 0x03070000, "IP prefix or subnet mismatch" },
	{ 0x03080000, "cannot get the VLAN ID of the IP device" },
	{ 0x03090000, "cannot register the VLAN ID on the ISM device" },
	{ 0x030a0000, "no active SMC-R link in the link group" },
	{ 0x030b0000, "SMC-R link from the server not found" },
	{ 0x030c0000, "SMC version mismatch" },
	{ 0x030d0000, "SMC-D DMB limit exceeded" },
	{ 0x030e0000, "SMC-Rv2 connection has no route to the peer" },
	{ 0x030f0000, "SMC-Rv2 direct/indirect mismatch" },
	{ 0x03100000, "malformed CLC extension area (smc-next)" },
	{ 0x03110000, "CLC CONFIRM would be late: declined (smc-next PROMPT_CONFIRM)" },
	{ 0x04000000, "synchronization error" },
	{ 0x05000000, "peer declined during the handshake" },
	{ 0x09990000, "internal error" },
	{ 0x09990001, "internal error: rtoken handling failed" },
	{ 0x09990002, "internal error: IB ready link failed" },
	{ 0x09990003, "internal error: registering RDMA buffers failed" },
};

/* CLC feature extensions (Documentation/protocol/clc-extensions.md) */
static const struct {
	uint32_t bit;
	const char *name;
} features[] = {
	{ SMC_NEXT_FEATURE_RKEY_SINGLE_LINK, "rkey-single-link" },
	{ SMC_NEXT_FEATURE_RKEY_PERSIST, "rkey-persist" },
	{ SMC_NEXT_FEATURE_ASYNC_ADD_LINK, "async-add-link" },
	{ SMC_NEXT_FEATURE_PROMPT_CONFIRM, "prompt-confirm" },
};

SMCNL_API const char *smcnl_feature_name(unsigned int bit)
{
	size_t i;

	for (i = 0; bit < 32 && i < sizeof(features) / sizeof(features[0]); i++)
		if (features[i].bit == 1u << bit)
			return features[i].name;
	return NULL;
}

SMCNL_API const char *smcnl_decline_reason(uint32_t code)
{
	size_t i;

	for (i = 0; i < sizeof(declines) / sizeof(declines[0]); i++)
		if (declines[i].code == code)
			return declines[i].words;
	/* The peer's own codes carry its reason in the low bits. */
	if ((code & 0xffff0000) == 0x09990000)
		return "internal error";
	return NULL;
}

SMCNL_API const char *smcnl_sock_state_name(uint8_t state)
{
	static const char *const names[] = {
		[1] = "ACTIVE", [2] = "INIT", [7] = "CLOSED", [10] = "LISTEN",
		[20] = "PEERCLW1", [21] = "PEERCLW2", [22] = "APPCLW1",
		[23] = "APPCLW2", [24] = "APPFINCLW", [25] = "PEERFINCLW",
		[26] = "PEERABORTW", [27] = "PROCESSABORT",
	};

	if (state < sizeof(names) / sizeof(names[0]) && names[state])
		return names[state];
	return "UNKNOWN";
}

SMCNL_API const char *smcnl_mode_name(uint8_t mode)
{
	switch (mode) {
	case SMCNL_MODE_SMCR: return "SMCR";
	case SMCNL_MODE_SMCD: return "SMCD";
	case SMCNL_MODE_TCP: return "TCP";
	default: return "UNKNOWN";
	}
}

SMCNL_API const char *smcnl_lgr_type_name(uint8_t type)
{
	switch (type) {
	case SMCNL_LGR_NONE: return "NONE";
	case SMCNL_LGR_SINGLE: return "SINGLE";
	case SMCNL_LGR_SYMMETRIC: return "SYM";
	case SMCNL_LGR_ASYMMETRIC_PEER: return "ASYMP";
	case SMCNL_LGR_ASYMMETRIC_LOCAL: return "ASYML";
	default: return "UNKNOWN";
	}
}

SMCNL_API const char *smcnl_link_state_name(uint32_t state)
{
	switch (state) {
	case SMCNL_LINK_UNUSED: return "LINK_UNUSED";
	case SMCNL_LINK_INACTIVE: return "LINK_INACTIVE";
	case SMCNL_LINK_ACTIVATING: return "LINK_ACTIVATING";
	case SMCNL_LINK_ACTIVE: return "LINK_ACTIVE";
	default: return "UNKNOWN";
	}
}

SMCNL_API const char *smcnl_role_name(uint8_t role)
{
	return role == SMCNL_ROLE_SERVER ? "SERV" : role == SMCNL_ROLE_CLIENT ? "CLNT" : "UNKNOWN";
}

SMCNL_API const char *smcnl_os_name(uint8_t os)
{
	switch (os) {
	case SMCNL_OS_ZOS: return "ZOS";
	case SMCNL_OS_LINUX: return "LINUX";
	case SMCNL_OS_AIX: return "AIX";
	default: return "UNKNOWN";
	}
}

SMCNL_API bool smcnl_pnetid_valid(const char *pnetid)
{
	size_t len = strlen(pnetid), i;

	if (!len || len > SMCNL_PNETID_LEN)
		return false;
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)pnetid[i]))
			return false;
	return true;
}

SMCNL_API const char *smcnl_llc_type_name(unsigned int type)
{
	static const char *const names[] = {
		[1] = "CONFIRM_LINK", [2] = "ADD_LINK", [3] = "ADD_LINK_CONT",
		[4] = "DELETE_LINK", [5] = "REQ_ADD_LINK", [6] = "CONFIRM_RKEY",
		[7] = "TEST_LINK", [8] = "CONFIRM_RKEY_CONT", [9] = "DELETE_RKEY",
	};

	type &= 0x0f;	/* v2 types (0x2N) share the low bits of v1's */
	return type < sizeof(names) / sizeof(names[0]) ? names[type] : NULL;
}

SMCNL_API const char *smcnl_event_name(uint8_t type)
{
	switch (type) {
	case SMC_NEXT_CMD_FALLBACK: return "FALLBACK";
	case SMC_NEXT_CMD_LGR_CREATED: return "LGR_CREATED";
	case SMC_NEXT_CMD_LGR_DESTROYED: return "LGR_DESTROYED";
	case SMC_NEXT_CMD_LINK_UP: return "LINK_UP";
	case SMC_NEXT_CMD_LINK_DOWN: return "LINK_DOWN";
	case SMC_NEXT_CMD_LINK_DELETED: return "LINK_DELETED";
	case SMC_NEXT_CMD_PNET_ADDED: return "PNET_ADDED";
	case SMC_NEXT_CMD_PNET_REMOVED: return "PNET_REMOVED";
	case SMC_NEXT_CMD_DEV_ADDED: return "DEV_ADDED";
	case SMC_NEXT_CMD_DEV_REMOVED: return "DEV_REMOVED";
	case SMCNL_EVENT_LOST: return "LOST_EVENTS";
	default: return NULL;
	}
}
