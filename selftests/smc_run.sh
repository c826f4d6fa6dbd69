#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# smc_run moves unchanged programs onto SMC: iperf3 client and server,
# IPPROTO_SMC (-f inet, IPv4 and IPv6 sockets) and AF_SMC (-f smc), seen
# as SMC-D by sock_diag while they run; -r sizes the buffers; what is not
# TCP stays as it was; bad command lines get exit 2.

. "$(dirname "$0")/smc_lib.sh"

tools=$(cd "$SMC_LIB_DIR/../smc-tools" && pwd)
smc_run=$tools/smc_run
smcss=$tools/smcss

smc_lib_check_smc
[ -x "$smcss" ] && [ -f "$tools/libsmc-preload.so" ] || smc_lib_skip_all "smc-tools not built"
smc_lib_check_tools iperf3 python3
smc_lib_ueid_setup || smc_lib_skip_all "cannot configure a UEID"

# modes PORT: the modes of the connected sockets on PORT, sorted, one line
modes()
{
	"$smcss" -j | python3 -c "
import json, sys
port = ':$1'
print(' '.join(sorted(s['mode'] for s in json.load(sys.stdin)['sockets']
		      if s['local'].endswith(port) or s['peer'].endswith(port))))"
}

# iperf_pair NAME PORT SERVER_OPTS CLIENT_OPTS [CLIENT_ADDR]: iperf3 on both
# ends under smc_run; the modes seen during the run must all be SMCD.
iperf_pair()
{
	local name=$1 port=$2 sopts=$3 copts=$4 addr=${5:-127.0.0.1} seen="" i

	# shellcheck disable=SC2086
	"$smc_run" $sopts iperf3 -s -p "$port" -1 >/dev/null 2>&1 &
	if ! smc_lib_wait_listen "$port"; then
		smc_lib_result_fail "$name: iperf3 ran, its 4 sockets were SMC-D" \
			"the iperf3 server never listened on $port"
		kill %1 2>/dev/null
		wait
		return
	fi
	# shellcheck disable=SC2086
	"$smc_run" $copts iperf3 -c "$addr" -p "$port" -t 3 >"$tmp/$name.log" 2>&1 &
	client=$!
	for i in $(seq 30); do
		sleep 0.3
		seen=$(modes "$port")
		[ "$(wc -w <<< "$seen")" -ge 4 ] && break
	done
	wait $client
	local rc=$?
	wait
	if [ $rc = 0 ] && [ "$seen" = "SMCD SMCD SMCD SMCD" ]; then
		smc_lib_result_pass "$name: iperf3 ran, its 4 sockets were SMC-D"
	else
		sed 's/^/    /' "$tmp/$name.log"
		smc_lib_result_fail "$name: iperf3 ran, its 4 sockets were SMC-D" "exit $rc, modes: '$seen'"
	fi
}

tmp=$(mktemp -d)
iperf_pair "-f inet (IPPROTO_SMC), IPv4" 11501 "" ""
iperf_pair "-f inet, IPv6 loopback" 11502 "" "" ::1
iperf_pair "-f smc (AF_SMC)" 11503 "-f smc" "-f smc"
iperf_pair "SMC server, client moved the other way" 11504 "-f smc" "-f inet"

# -r: the receive buffer (RMB) of the client grows past the 64 KB default.
"$smc_run" iperf3 -s -p 11505 -1 >/dev/null 2>&1 &
server=$!
smc_lib_wait_listen 11505 || echo "    (the -r 1M check below will fail: no server)"
# A 1 MB buffer is one contiguous allocation that may not wait for
# reclaim: free the page cache (and compact, where the kernel can) first,
# so that what earlier tests left fragmented does not decide the outcome.
sync
echo 3 > /proc/sys/vm/drop_caches
[ -w /proc/sys/vm/compact_memory ] && echo 1 > /proc/sys/vm/compact_memory
"$smc_run" -r 1M iperf3 -c 127.0.0.1 -p 11505 -t 6 >"$tmp/rcvbuf.log" 2>&1 &
client=$!
# client_rcvbufs: "large" when every SMC connection of the client has an
# RMB above 64 KB. Polled for 20 s, since emulated guests bring iperf3's
# connections up late; else what smcss last showed of the client's
# sockets, every SMC socket, and how the iperf3 client ended.
client_rcvbufs()
{
	local out end=$((SECONDS + 20))

	while [ $SECONDS -lt $end ]; do
		out=$("$smcss" -d -j | python3 -c '
import json, sys
a = [x for x in json.load(sys.stdin)["sockets"] if x["peer"].endswith(":11505")]
s = [x for x in a if "conn" in x]
print("large" if s and all(int(x["conn"]["rcvbuf"], 16) > 0x10000 for x in s) else
      [{k: x.get(k) for k in ("mode", "state", "fallback_reason", "conn")} for x in a])')
		[ "$out" = large ] && break
		kill -0 $client 2>/dev/null || break
		sleep 0.2
	done
	echo "$out"
	[ "$out" = large ] && return
	echo "all SMC sockets:"
	"$smcss" -a
	kill -0 $client 2>/dev/null || echo "the iperf3 client had ended:"
	cat "$tmp/rcvbuf.log"
}
smc_lib_check_output "-r 1M: the client's receive buffer is larger than 64 KB" "^large$" \
	client_rcvbufs
wait $client
rc=$?
if [ $rc = 0 ]; then
	smc_lib_result_pass "-r 1M: the iperf3 client succeeded"
else
	sed 's/^/    /' "$tmp/rcvbuf.log"
	smc_lib_result_fail "-r 1M: the iperf3 client succeeded" "exit $rc"
fi
kill $server 2>/dev/null
wait

smc_lib_check_output "-d reports the converted socket" "^smc_run: socket [0-9]+ is SMC" \
	"$smc_run" -d python3 -c 'import socket; socket.socket(socket.AF_INET, socket.SOCK_STREAM)'
smc_lib_check_output "UDP sockets stay UDP" "^17$" \
	"$smc_run" python3 -c 'import socket; print(socket.socket(socket.AF_INET, socket.SOCK_DGRAM).getsockopt(socket.SOL_SOCKET, 38))'
smc_lib_check_output "TCP sockets become IPPROTO_SMC (256)" "^256$" \
	"$smc_run" python3 -c 'import socket; print(socket.socket(socket.AF_INET, socket.SOCK_STREAM).getsockopt(socket.SOL_SOCKET, 38))'
smc_lib_check_exit "-f with a bad family: exit 2" 2 "-f takes smc or inet" "$smc_run" -f tcp true
smc_lib_check_exit "no command: exit 2" 2 "^usage: smc_run" "$smc_run"
smc_lib_check_exit "missing library: exit 1, names it" 1 "preload library \"/nonexistent.so\": no such file" \
	env SMC_RUN_LIB=/nonexistent.so "$smc_run" true
smc_lib_check_exit "the program's exit status" 3 "" "$smc_run" sh -c 'exit 3'

rm -rf "$tmp"
smc_lib_exit
