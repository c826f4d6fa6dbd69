#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# smc_run moves unchanged programs onto SMC: iperf3 client and server,
# IPPROTO_SMC (-f inet, IPv4 and IPv6 sockets) and AF_SMC (-f smc), each
# connection counted as an SMC-D handshake at both ends by the kernel's
# SMC statistics; -r sizes the buffers; what is not TCP stays as it was;
# bad command lines get exit 2.

. "$(dirname "$0")/smc_lib.sh"

tools=$(cd "$SMC_LIB_DIR/../smc-tools" && pwd)
smc_run=$tools/smc_run
smcss=$tools/smcss

smc_lib_check_smc
[ -x "$smcss" ] && [ -f "$tools/libsmc-preload.so" ] || smc_lib_skip_all "smc-tools not built"
smc_lib_check_tools iperf3 python3
smc_lib_ueid_setup || smc_lib_skip_all "cannot configure a UEID"

# smcd_counters: "CLIENTS SERVERS LARGE_RMBS" of this namespace's SMC-D
# statistics: handshakes that ended in SMC-D as client and as server
# (v1 and v2), and RMBs allocated larger than 64 KB. Counters, not
# sock_diag samples: an iperf3 run keeps the emulated guest's CPUs so busy
# that a sampler may not run once during it, while every SMC-D handshake
# is counted.
smcd_counters()
{
	"$tools/smcd" stats json | python3 -c '
import json, sys
d = json.load(sys.stdin)["SMCD"]
large = sum(d["SMC_INT_RX_BUF_" + k] for k in ("128K", "256K", "512K", "1024K", "G_1024K"))
print(d["SMC_CLNT_V1_SUCC_CNT"] + d["SMC_CLNT_V2_SUCC_CNT"],
      d["SMC_SRV_V1_SUCC_CNT"] + d["SMC_SRV_V2_SUCC_CNT"], large)'
}

# iperf_run NAME PORT SERVER_OPTS CLIENT_OPTS [CLIENT_ADDR]: iperf3 on both
# ends under smc_run, the client's output in $tmp/NAME.log; prints the
# change of smcd_counters over the run, or "failed: WHY".
iperf_run()
{
	local name=$1 port=$2 sopts=$3 copts=$4 addr=${5:-127.0.0.1} before after rc

	before=$(smcd_counters)
	# shellcheck disable=SC2086
	"$smc_run" $sopts iperf3 -s -p "$port" -1 >/dev/null 2>&1 &
	if ! smc_lib_wait_listen "$port" 2>/dev/null; then
		kill %1 2>/dev/null
		wait
		echo "failed: the iperf3 server never listened on $port"
		return
	fi
	# shellcheck disable=SC2086
	"$smc_run" $copts iperf3 -c "$addr" -p "$port" -t 3 >"$tmp/$name.log" 2>&1
	rc=$?
	wait
	after=$(smcd_counters)
	[ $rc = 0 ] || { echo "failed: the iperf3 client exited $rc"; return; }
	python3 -c 'import sys; b, a = sys.argv[1].split(), sys.argv[2].split()
print(*(int(y) - int(x) for x, y in zip(b, a)))' "$before" "$after"
}

# iperf_pair NAME PORT SERVER_OPTS CLIENT_OPTS [CLIENT_ADDR]: iperf3's two
# connections (control and data) were SMC-D at both ends.
iperf_pair()
{
	local name=$1 delta

	delta=$(iperf_run "$@")
	if [ "${delta% *}" = "2 2" ]; then
		smc_lib_result_pass "$name: iperf3's 2 connections were SMC-D at both ends"
	else
		sed 's/^/    /' "$tmp/$name.log"
		"$smcss" -a | sed 's/^/    /'
		smc_lib_result_fail "$name: iperf3's 2 connections were SMC-D at both ends" \
			"SMC-D handshakes (client, server, RMBs > 64 KB): $delta, wanted 2 2"
	fi
}

tmp=$(mktemp -d)
iperf_pair "-f inet (IPPROTO_SMC), IPv4" 11501 "" ""
iperf_pair "-f inet, IPv6 loopback" 11502 "" "" ::1
iperf_pair "-f smc (AF_SMC)" 11503 "-f smc" "-f smc"
iperf_pair "SMC server, client moved the other way" 11504 "-f smc" "-f inet"

# -r: the receive buffers (RMBs) of the client's two connections grow past
# the 64 KB default. A 1 MB buffer is one contiguous allocation that may
# not wait for reclaim: free the page cache (and compact, where the kernel
# can) first, so that what earlier tests left fragmented does not decide
# the outcome (a smaller buffer than asked for still passes).
sync
echo 3 > /proc/sys/vm/drop_caches
[ -w /proc/sys/vm/compact_memory ] && echo 1 > /proc/sys/vm/compact_memory
delta=$(iperf_run rcvbuf 11505 "" "-r 1M")
if [ "$delta" = "2 2 2" ]; then
	smc_lib_result_pass "-r 1M: the client's 2 receive buffers are larger than 64 KB"
else
	sed 's/^/    /' "$tmp/rcvbuf.log"
	smc_lib_result_fail "-r 1M: the client's 2 receive buffers are larger than 64 KB" \
		"SMC-D handshakes (client, server, RMBs > 64 KB): $delta, wanted 2 2 2"
fi

smc_lib_check_output "-d reports the converted socket" "^smc_run: socket [0-9]+ is SMC" \
	"$smc_run" -d python3 -c 'import socket; socket.socket(socket.AF_INET, socket.SOCK_STREAM)'
smc_lib_check_output "UDP sockets stay UDP" "^17$" \
	"$smc_run" python3 -c 'import socket; print(socket.socket(socket.AF_INET, socket.SOCK_DGRAM).getsockopt(socket.SOL_SOCKET, 38))'
smc_lib_check_output "TCP sockets become IPPROTO_SMC (256)" "^256$" \
	"$smc_run" python3 -c 'import socket; print(socket.socket(socket.AF_INET, socket.SOCK_STREAM).getsockopt(socket.SOL_SOCKET, 38))'
smc_lib_check_exit "-f with a bad family: exit 2" 2 "-f takes smc or inet" "$smc_run" -f tcp true
smc_lib_check_exit "no command: exit 2" 2 "^Usage: smc_run" "$smc_run"
smc_lib_check_exit "missing library: exit 1, names it" 1 "preload library \"/nonexistent.so\": no such file" \
	env SMC_RUN_LIB=/nonexistent.so "$smc_run" true
smc_lib_check_exit "the program's exit status" 3 "" "$smc_run" sh -c 'exit 3'

rm -rf "$tmp"
smc_lib_exit
