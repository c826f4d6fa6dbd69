#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The peer host dies: the server guest's QEMU process is killed (SIGKILL,
# scripts/lab-pair.sh --kill-on-request), so the server says nothing more
# on TCP or on RoCE. The client's application must get an error within a
# stated bound, never wait for ever and never take a dead peer for an
# orderly end of the stream (EOF), and the client must not keep the link
# group. One case per lab run (the server does not come back),
# SMC_PEER_KILLED_CASE:
#   first        during first contact: the client's CLC CONFIRM is held
#                back (netem) until the server is gone
#   established  mid-transfer: the client streams over SMC-R
#   idle         under an idle reader: the client waits in recv() on an
#                established SMC-R connection
# Bounds: the client's TCP gives up after net.ipv4.tcp_retries2=5 (about
# 13 s of retransmissions), and a link with nothing to send learns of the
# loss by its keepalive (TEST_LINK after net.smc.smcr_testlink_time, 30 s,
# unanswered for 2 s), so the client must end within END_BOUND and its
# link group within LGR_BOUND.

. "$(dirname "$0")/smc_lib.sh"

role=${SMC_LIB_ROLE:-}
peer=${SMC_LIB_PEER:-}
[ -n "$role" ] && [ -n "$peer" ] ||
	smc_lib_skip_all "needs the two-host lab (SMC_LIB_ROLE and SMC_LIB_PEER)"
[ "${SMC_LAB_KILL:-}" = 1 ] ||
	smc_lib_skip_all "needs a lab that can kill the peer (scripts/lab-pair.sh --kill-on-request)"
smc_lib_check_smc
smc_lib_check_tools smc_xfer python3 tc

readonly SYNC_PORT=11984 PORT=11985
readonly END_BOUND=$((90 * SMC_LIB_SLOW)) LGR_BOUND=$((60 * SMC_LIB_SLOW))
readonly CASE=${SMC_PEER_KILLED_CASE:-established}
case $CASE in
first) name="server killed during first contact" ;;
established) name="server killed mid-transfer" ;;
idle) name="server killed under an idle reader" ;;
*) smc_lib_skip_all "unknown SMC_PEER_KILLED_CASE $CASE (first, established, idle)" ;;
esac

# idle_conn.py ROLE PEER PORT: one SMC connection (IPPROTO_SMC) that moves
# one byte each way. The server then waits to be killed; the client prints
# "connected" and waits in recv(): exit 1 on an error, 6 on EOF.
idle_conn()
{
	python3 - "$@" <<'PY'
import os, socket, sys, time
role, peer, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
IPPROTO_SMC = 256
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, IPPROTO_SMC)
if role == "server":
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", port)); s.listen(1); s.settimeout(120)
    c, _ = s.accept()
    c.sendall(c.recv(1))
    time.sleep(600)
    sys.exit(0)
s.settimeout(30)
s.connect((peer, port))
s.sendall(b"x")
if s.recv(1) != b"x":
    sys.exit(2)
s.settimeout(None)
print(f"connected inode {os.fstat(s.fileno()).st_ino}", flush=True)
start = time.time()
try:
    data = s.recv(1)
except OSError as e:
    print(f"recv: error {e.errno} ({e.strerror}) after {time.time() - start:.1f} s", flush=True)
    sys.exit(1)
print(f"recv: {'EOF' if not data else 'data'} after {time.time() - start:.1f} s", flush=True)
sys.exit(6 if not data else 7)
PY
}

# conn_mode INODE: the mode sock_diag reports for the socket INODE ("none"
# without one); by inode, as a stock kernel reports no addresses for
# IPPROTO_SMC sockets
conn_mode()
{
	"$SMC_LIB_NLCTL" sockets | sed -n "s/^inode $1 .* mode \([A-Za-z]*\) .*/\1/p" |
		head -1 | grep . || echo none
}

clc_confirm_held()
{
	[ "$(smc_lib_clc_netem_held eth0)" -gt 0 ]
}

if [ "$role" = server ]; then
	# Served until the lab kills this host; a client that failed before it
	# asked for that ends the wait with its "end".
	if [ "$CASE" = idle ]; then
		idle_conn server "$peer" $PORT > /tmp/peer_killed.out 2>&1 &
	else
		"$SMC_LIB_XFER" server -p $PORT -w $((120 * SMC_LIB_SLOW)) > /tmp/peer_killed.out 2>&1 &
	fi
	server=$!
	smc_lib_wait_listen $PORT
	smc_lib_pair_sync start $SYNC_PORT || smc_lib_result_fail "$name: hosts met" "no client"
	for _ in $(seq $((2 * SMC_LIB_SLOW))); do
		smc_lib_pair_sync end $SYNC_PORT 2>/dev/null && break
	done
	smc_lib_result_fail "$name: the lab killed this host" "the client ended without asking for it"
	kill -9 $server 2>/dev/null
	smc_lib_exit
fi

orig_retries2=$(sysctl -n net.ipv4.tcp_retries2)
cleanup()
{
	smc_lib_clc_netem eth0 clear
	sysctl -qw net.ipv4.tcp_retries2="$orig_retries2"
}
trap cleanup EXIT
sysctl -qw net.ipv4.tcp_retries2=5
smc_lib_pair_sync start $SYNC_PORT || smc_lib_result_fail "$name: hosts met" "no server"

out=/tmp/peer_killed.out
case $CASE in
first)
	# The CONFIRM is held for longer than the kill takes; the server is
	# gone when it leaves.
	smc_lib_clc_netem eth0 3 delay $((10 * SMC_LIB_SLOW))s ||
		smc_lib_result_fail "$name: netem on the CLC CONFIRM" "tc failed"
	"$SMC_LIB_XFER" client "$peer" -p $PORT -w 30 -b 16M > $out 2>&1 &
	pid=$!
	smc_lib_check "$name: the client's CLC CONFIRM is held" \
		smc_lib_wait_for $((30 * SMC_LIB_SLOW)) clc_confirm_held
	;;
established)
	"$SMC_LIB_XFER" client "$peer" -p $PORT -w 30 -b 4G > $out 2>&1 &
	pid=$!
	smc_lib_check "$name: the transfer runs over SMC-R" \
		smc_lib_wait_for $((30 * SMC_LIB_SLOW)) grep -q "mode SMCR" $out
	sleep 1	# mid-transfer, not readiness: 1 s of data on the wire
	;;
idle)
	idle_conn client "$peer" $PORT > $out 2>&1 &
	pid=$!
	smc_lib_check "$name: the connection is up" \
		smc_lib_wait_for $((30 * SMC_LIB_SLOW)) grep -q connected $out
	mode=$(conn_mode "$(sed -n 's/^connected inode //p' $out)")
	if [ "$mode" = SMCR ]; then
		smc_lib_result_pass "$name: the connection is over SMC-R"
	else
		smc_lib_result_fail "$name: the connection is over SMC-R" "sock_diag says $mode"
	fi
	;;
esac

start=$SECONDS
if ! smc_lib_check "$name: the server's guest is gone" smc_lib_kill_peer; then
	kill -9 $pid 2>/dev/null
	smc_lib_pair_sync end $SYNC_PORT
	smc_lib_exit
fi
smc_lib_clc_netem eth0 clear
smc_lib_await $pid $END_BOUND $out "client ($CASE)"
rc=$?
took=$((SECONDS - start))
case $rc in
124)
	sed 's/^/    /' $out
	smc_lib_result_fail "$name: the client ends within ${END_BOUND}s" "still running: a silent hang" ;;
0|7)
	sed 's/^/    /' $out
	smc_lib_result_fail "$name: the client ends within ${END_BOUND}s with an error" \
		"it succeeded against a dead server" ;;
5|6)
	sed 's/^/    /' $out
	smc_lib_result_fail "$name: the client ends within ${END_BOUND}s with an error" \
		"it saw an orderly end of the stream (EOF), not an error" ;;
*)
	smc_lib_result_pass "$name: the client ends within ${END_BOUND}s with an error (exit $rc after $took s)"
	tail -n 2 $out | sed 's/^/    /' ;;
esac
smc_lib_check "$name: no link group left after ${LGR_BOUND}s" smc_lib_wait_no_lgr $LGR_BOUND
smc_lib_exit
