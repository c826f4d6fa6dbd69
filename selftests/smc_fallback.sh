#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fallback: an SMC client against a plain TCP server must fall back to TCP
# with reason "peer did not indicate SMC" and lose no data; so must a
# connection when no UEID lets SMC-Dv2 be proposed.

. "$(dirname "$0")/smc_lib.sh"

# net/smc/smc_clc.h: SMC_CLC_DECL_PEERNOSMC, SMC_CLC_DECL_NOSMCDEV
readonly DECL_PEERNOSMC=0x03010000

smc_lib_check_smc
smc_lib_check_tools smc_xfer smc_nlctl
smc_lib_ueid_setup || smc_lib_skip_all "cannot configure a UEID"

port=5150

run_pair()
{
	local name=$1 server_kind=$2 client_expect=("${@:3}") spid src

	port=$((port + 1))
	"$SMC_LIB_XFER" server -p $port -w 30 -f "$server_kind" > /dev/null 2>&1 &
	spid=$!
	smc_lib_wait_listen $port
	smc_lib_check "$name" "$SMC_LIB_XFER" client 127.0.0.1 -p $port -w 10 "${client_expect[@]}"
	wait $spid
	src=$?
	if [ $src = 0 ]; then
		smc_lib_result_pass "$name: server verified every byte"
	else
		smc_lib_result_fail "$name: server verified every byte" "server exit $src"
	fi
}

run_pair "AF_SMC client, TCP server: fallback PEERNOSMC, 4 MB intact" \
	tcp -f smc -m TCP -r $DECL_PEERNOSMC -b 4M
run_pair "IPPROTO_SMC client, TCP server: fallback PEERNOSMC" \
	tcp -f inet -m TCP -r $DECL_PEERNOSMC -b 256K

# Without any UEID an x86 kernel can offer neither SMC-Dv2 nor SMC-Rv2.
"$SMC_LIB_NLCTL" ueid flush
run_pair "no UEID: SMC client and server fall back to TCP" \
	smc -f smc -m TCP -b 256K
smc_lib_ueid_setup
run_pair "UEID restored: SMC-D again" smc -f smc -m SMCD -b 256K

smc_lib_exit
