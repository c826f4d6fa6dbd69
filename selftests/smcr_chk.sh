#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# smc_chk between two hosts over rxe (two-host lab): against the server's
# probe server it reports SMC-R over rxe0 port 1; with the client's eth0
# given a PNET ID that no RDMA port has, it reports TCP, the missing device
# (its own, or the server's decline of the loopback-ism it offered) and a
# PNET mismatch, exit 1. The probe server sees both connections, the
# first SMCR, the second TCP.
# Runs on both hosts at once: SMC_LIB_ROLE=client|server, SMC_LIB_PEER.

. "$(dirname "$0")/smc_lib.sh"

tools=$(cd "$SMC_LIB_DIR/../smc-tools" && pwd)
chk=$tools/smc_chk
role=${SMC_LIB_ROLE:?runs in the two-host lab (lab-pair.sh)}
port=11601 sync_port=11602

smc_lib_check_smc
[ -x "$chk" ] || smc_lib_skip_all "smc_chk not built (make -C smc-tools)"
smc_lib_check_tools python3

if [ "$role" = server ]; then
	out=$(mktemp)
	"$chk" -S -p $port -n 2 >"$out" 2>&1 &
	server=$!
	smc_lib_check "probe server listens" smc_lib_wait_listen $port
	smc_lib_pair_sync ready $sync_port
	smc_lib_pair_sync done $sync_port
	smc_lib_check "probe server ended after two connections" \
		timeout $((30 * SMC_LIB_SLOW)) tail --pid=$server -f /dev/null
	smc_lib_check_output "probe server: the first connection SMCR" \
		"^smc_chk: a connection, SMCR$" sed -n 2p "$out"
	smc_lib_check_output "probe server: the second connection TCP" \
		"^smc_chk: a connection, TCP$" sed -n 3p "$out"
	rm -f "$out"
else
	trap '"$tools/smc_pnet" -d SMCCHKX >/dev/null 2>&1' EXIT
	smc_lib_pair_sync ready $sync_port
	smc_lib_check_exit "SMC-R to the probe server: exit 0, over rxe0 port 1" 0 \
		"^  Result: SMCR used, over rxe0 port 1$" "$chk" -C "$SMC_LIB_PEER" -p $port
	"$tools/smc_pnet" -a -I eth0 SMCCHKX
	out=$("$chk" -C "$SMC_LIB_PEER" -p $port)
	rc=$?
	smc_lib_check_exit "PNET ID on eth0 alone: exit 1, TCP" 1 "^  Result: TCP \(SMC not used\)$" \
		bash -c "printf '%s\n' \"\$1\"; exit $rc" _ "$out"
	smc_lib_check_output "... the local setup: eth0 with *SMCCHKX" \
		"^  This host: interface eth0, PNET ID \*SMCCHKX, " printf '%s\n' "$out"
	# the client's own SMC-R search fails; its loopback-ism offer (SMC-Dv2)
	# reaches the server, which declines it: either way no device
	smc_lib_check_output "... no SMC device found" \
		"^  (Why|Peer's diagnosis): 0x0303000[0-7] \(no SMC(-R|-D|-Dv2)? device found\)$" \
		printf '%s\n' "$out"
	smc_lib_check_output "... advice: PNET mismatch" "What to do: PNET mismatch: no RDMA port has the PNET ID" \
		printf '%s\n' "$out"
	"$tools/smc_pnet" -d SMCCHKX
	smc_lib_pair_sync done $sync_port
fi
smc_lib_exit
