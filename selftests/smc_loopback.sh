#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# SMC-D over loopback-ism inside one kernel: connections carry data bit-exact,
# sock_diag reports mode SMCD on both ends, and SMC-D link groups exist.

. "$(dirname "$0")/smc_lib.sh"

smc_lib_check_smc
smc_lib_check_tools smc_xfer smc_nlctl
smc_lib_ueid_setup || smc_lib_skip_all "cannot configure a UEID"

port=5100

# xfer NAME CLIENT_ARGS -- SERVER_ARGS: one server and one client run,
# two results (one per end).
xfer()
{
	local name=$1 cargs=() sargs=() out spid src crc
	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do cargs+=("$1"); shift; done
	shift
	sargs=("$@")
	port=$((port + 1))
	out=$(mktemp)
	"$SMC_LIB_XFER" server -p $port -w 30 "${sargs[@]}" > "$out" 2>&1 &
	spid=$!
	if ! smc_lib_wait_listen $port; then
		kill $spid 2>/dev/null
		sed 's/^/    /' "$out"
		smc_lib_result_fail "$name: server" "never listened on port $port"
		smc_lib_result_fail "$name: client" "no server"
		return
	fi
	smc_lib_check "$name: client" "$SMC_LIB_XFER" client 127.0.0.1 -p $port -w 10 "${cargs[@]}"
	crc=$?
	wait $spid
	src=$?
	if [ $src = 0 ]; then
		smc_lib_result_pass "$name: server"
	else
		sed 's/^/    /' "$out"
		smc_lib_result_fail "$name: server" "exit $src"
	fi
	rm -f "$out"
	return $((crc | src))
}

xfer "AF_SMC 1 MB, mode SMCD" -f smc -m SMCD -b 1M -- -f smc -m SMCD
xfer "IPPROTO_SMC 1 MB, mode SMCD" -f inet -m SMCD -b 1M -- -f inet -m SMCD
xfer "AF_SMC 16 MB x3 bit-exact, mode SMCD" -f smc -m SMCD -b 16M -n 3 -- -f smc -m SMCD -n 3

if "$SMC_LIB_XFER" --help >/dev/null && ip -6 addr show dev lo | grep -q '::1'; then
	port=$((port + 1))
	"$SMC_LIB_XFER" server -6 -p $port -w 30 -f smc -m SMCD > /dev/null 2>&1 &
	spid=$!
	smc_lib_wait_listen $port
	smc_lib_check "AF_SMC over IPv6 ::1, mode SMCD" \
		"$SMC_LIB_XFER" client ::1 -6 -p $port -w 10 -f smc -m SMCD -b 256K
	wait $spid
else
	smc_lib_result_skip "AF_SMC over IPv6 ::1, mode SMCD" "no IPv6 on lo"
fi

smc_lib_check_output "SMC-D link group listed by netlink" '^lgr [0-9a-f]{8} ' \
	"$SMC_LIB_NLCTL" lgr-smcd

smc_lib_exit
