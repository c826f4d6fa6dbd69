#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# SMC-R between the two lab hosts over soft-RoCE (rxe): connections carry
# data bit-exact, both ends report mode SMCR, and the link group has an
# active link. A plain TCP server makes the SMC client fall back cleanly.
# Runs on both hosts at once: SMC_LIB_ROLE=client|server, SMC_LIB_PEER.

. "$(dirname "$0")/smc_lib.sh"

readonly DECL_PEERNOSMC=0x03010000	# net/smc/smc_clc.h

role=${SMC_LIB_ROLE:-}
peer=${SMC_LIB_PEER:-}
[ -n "$role" ] && [ -n "$peer" ] ||
	smc_lib_skip_all "needs the two-host lab (SMC_LIB_ROLE and SMC_LIB_PEER)"
smc_lib_check_smc
smc_lib_check_tools smc_xfer smc_nlctl rdma
rdma link show 2>/dev/null | grep -q 'state ACTIVE' ||
	smc_lib_skip_all "no active RDMA device (rdma link add rxe0 type rxe netdev eth0)"

port=5200

# step NAME SERVER_KIND "CLIENT ARGS" "SERVER ARGS": the same step runs on
# both hosts, in the same order; each host records its own end.
step()
{
	local name=$1 skind=$2 cargs=$3 sargs=$4

	port=$((port + 1))
	if [ "$role" = server ]; then
		# shellcheck disable=SC2086
		smc_lib_check "$name: server" \
			"$SMC_LIB_XFER" server -p $port -w 120 -f "$skind" $sargs
	else
		# shellcheck disable=SC2086
		smc_lib_check "$name: client" \
			"$SMC_LIB_XFER" client "$peer" -p $port -w 120 $cargs
	fi
}

step "AF_SMC 1 MB, first contact, mode SMCR" smc "-f smc -m SMCR -b 1M" "-m SMCR"
step "IPPROTO_SMC 1 MB, joins the link group, mode SMCR" inet "-f inet -m SMCR -b 1M" "-m SMCR"
step "AF_SMC 16 MB x3 bit-exact, mode SMCR" smc "-f smc -m SMCR -b 16M -n 3" "-m SMCR -n 3"
step "SMC client, TCP server: fallback PEERNOSMC" tcp "-f smc -m TCP -r $DECL_PEERNOSMC -b 1M" ""

if [ "$role" = server ]; then lgr_role=SERV; else lgr_role=CLNT; fi
smc_lib_check_output "SMC-R link group, role $lgr_role" "^lgr [0-9a-f]{8} role $lgr_role type SINGLE" \
	"$SMC_LIB_NLCTL" lgr
smc_lib_check_output "SMC-R link LINK_ACTIVE on rxe0" '^link [0-9]+ state LINK_ACTIVE ibdev rxe0' \
	"$SMC_LIB_NLCTL" links

smc_lib_exit
