#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Churn through the peer's rtoken table: rounds of 100 concurrent SMC-R
# connections while the server's net.smc.rmem moves through 64K, 128K,
# 256K and 512K, so each round needs RMBs of a size the link group has not
# used yet. The client's table has room for 255 of the server's RMBs
# (SMC_RMBS_PER_LGR_MAX); stock SMC gives rkeys back when a connection
# ends, so every connection of every round is SMC-R. A kernel that keeps
# rkeys of unused RMBs must give them back before the table is full, or
# later connections fall back (DECLINE ERR_RTOK). Runs on both hosts at
# once (SMC_LIB_ROLE, SMC_LIB_PEER).

. "$(dirname "$0")/smc_lib.sh"

role=${SMC_LIB_ROLE:-}
peer=${SMC_LIB_PEER:-}
[ -n "$role" ] && [ -n "$peer" ] ||
	smc_lib_skip_all "needs the two-host lab (SMC_LIB_ROLE and SMC_LIB_PEER)"
smc_lib_check_smc
smc_lib_check_tools python3 rdma

readonly SYNC_PORT=11980 CHURN_PORT=11981 CONNS=100
readonly SIZES="64K 128K 256K 512K 64K 128K"
total=0
smcr=0

# churn_server ROUNDS: accepts CONNS connections per round over
# IPPROTO_SMC, answers each one-byte request, and keeps them until the
# client closes them.
churn_server()
{
	python3 - "$CHURN_PORT" "$1" "$CONNS" <<'PY'
import socket, sys
port, rounds, conns = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 256)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", port)); s.listen(conns + 16); s.settimeout(300)
for _ in range(rounds):
    held = []
    for _ in range(conns):
        c, _ = s.accept(); c.settimeout(120)
        c.sendall(c.recv(1)); held.append(c)
    for c in held:
        c.recv(1); c.close()
PY
}

# churn_round: CONNS concurrent connections, one byte each way; prints the
# modes sock_diag reports for them while all are open, one per line
churn_round()
{
	python3 - "$peer" "$CHURN_PORT" "$CONNS" "$SMC_LIB_NLCTL" <<'PY'
import socket, subprocess, sys, time
peer, port, conns, nlctl = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
held = []
deadline = time.time() + 120
while len(held) < conns:
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 256); c.settimeout(120)
    try:
        c.connect((peer, port))
    except OSError:
        c.close()
        if time.time() > deadline: raise
        time.sleep(0.2); continue
    c.sendall(b"x"); assert c.recv(1) == b"x"; held.append(c)
out = subprocess.run([nlctl, "sockets"], capture_output=True, text=True).stdout
# by the peer's port alone: a stock kernel reports IPPROTO_SMC sockets
# with the addresses 0.0.0.0
for line in out.splitlines():
    f = line.split()
    if "state" in f and f[f.index("state") + 1] == "ACTIVE" and \
       f[f.index("peer") + 1].endswith(f":{port}"):
        print(f[f.index("mode") + 1])
for c in held:
    c.close()
PY
}

smc_lib_pair_sync churn-start $SYNC_PORT || smc_lib_result_fail "hosts met" "no peer"
smc_lib_check "a fresh start: the RDMA device renewed" smc_lib_rxe_renew
rounds=$(wc -w <<< "$SIZES")
if [ "$role" = server ]; then
	orig=$(sysctl -n net.smc.rmem)
	n=0
	for size in $SIZES; do
		n=$((n + 1))
		sysctl -qw net.smc.rmem=$(( ${size%K} * 1024 ))
		smc_lib_pair_sync "round-$n" $SYNC_PORT
		churn_server 1 || smc_lib_result_fail "round $n ($size): served $CONNS connections" "server failed"
	done
	sysctl -qw net.smc.rmem="$orig"
	smc_lib_result_pass "served $rounds rounds of $CONNS connections"
else
	n=0
	for size in $SIZES; do
		n=$((n + 1))
		smc_lib_pair_sync "round-$n" $SYNC_PORT
		modes=$(churn_round)
		r_total=$(grep -c . <<< "$modes")
		r_smcr=$(grep -c '^SMCR$' <<< "$modes")
		echo "# round $n, server rmem $size: $r_smcr of $r_total connections SMC-R" \
			"($(sort <<< "$modes" | uniq -c | xargs))"
		total=$((total + r_total))
		smcr=$((smcr + r_smcr))
	done
	"$SMC_LIB_DIR/../smc-tools/smcr" -d linkgroup 2>/dev/null | head -n 4 | sed 's/^/# /'
	smc_lib_check_output "all $((rounds * CONNS)) connections of $rounds rounds were SMC-R" \
		"^$((rounds * CONNS)) $((rounds * CONNS))$" echo "$smcr $total"
fi
smc_lib_exit
