#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Churn through the peer's rtoken table: rounds of 100 concurrent SMC-R
# connections while the server's net.smc.rmem moves through 64K, 128K,
# 256K and 512K, so each round needs RMBs of a size the link group has not
# used yet. The client's table has room for 255 of the server's RMBs
# (SMC_RMBS_PER_LGR_MAX); stock SMC gives rkeys back when a connection
# ends, so every connection of every round is SMC-R. A kernel that keeps
# rkeys of unused RMBs must give them back before the table is full, or
# later connections fall back (DECLINE ERR_RTOK).
# Then 1000 concurrent connections, twice: they need four link groups at
# least (255 connections each), all must be SMC-R, and the second
# thousand must reuse what the first left (no new link group, slab
# within SLAB_SLACK_KB): a group whose peer keeps the rkeys of all its
# idle RMBs would take no new connection. Runs on both hosts at once (SMC_LIB_ROLE,
# SMC_LIB_PEER).

. "$(dirname "$0")/smc_lib.sh"

role=${SMC_LIB_ROLE:-}
peer=${SMC_LIB_PEER:-}
[ -n "$role" ] && [ -n "$peer" ] ||
	smc_lib_skip_all "needs the two-host lab (SMC_LIB_ROLE and SMC_LIB_PEER)"
smc_lib_check_smc
smc_lib_check_tools python3 rdma

# SMC_RTOKEN_CHURN_MANY: the concurrent connections of the last rounds
# (1000; the debug lab's kernel runs 510, two full link groups)
readonly SYNC_PORT=11980 CHURN_PORT=11981 CONNS=100 MANY=${SMC_RTOKEN_CHURN_MANY:-1000}
readonly MANY_LGRS=$(((MANY + 254) / 255))
readonly SIZES="64K 128K 256K 512K 64K 128K"
# 1000 connections' buffers are several MB, freed only with their link
# groups; a leak of one buffer per connection would be more than this
readonly SLAB_SLACK_KB=4096
total=0
smcr=0

# churn_server ROUNDS N: accepts N connections per round over
# IPPROTO_SMC, answers each one-byte request, and keeps them until the
# client closes them.
churn_server()
{
	python3 - "$CHURN_PORT" "$1" "$2" "$((300 * SMC_LIB_SLOW))" <<'PY'
import socket, sys
port, rounds, conns, wait = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 256)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", port)); s.listen(conns + 16); s.settimeout(wait)
for _ in range(rounds):
    held = []
    for _ in range(conns):
        c, _ = s.accept(); c.settimeout(wait)
        c.sendall(c.recv(1)); held.append(c)
    for c in held:
        c.recv(1); c.close()
PY
}

# churn_round N: N concurrent connections, one byte each way; prints the
# modes sock_diag reports for them while all are open, one per line
churn_round()
{
	python3 - "$peer" "$CHURN_PORT" "$1" "$SMC_LIB_NLCTL" "$((300 * SMC_LIB_SLOW))" <<'PY'
import socket, subprocess, sys, time
peer, port, conns, nlctl, wait = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
held = []
deadline = time.time() + wait
while len(held) < conns:
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 256); c.settimeout(wait)
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
# where they are: the links' connection counts, for the log
for line in subprocess.run([nlctl, "links"], capture_output=True, text=True).stdout.splitlines():
    if line.lstrip().startswith("link "):
        print("# " + line.strip(), file=sys.stderr)
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
		churn_server 1 $CONNS || smc_lib_result_fail "round $n ($size): served $CONNS connections" "server failed"
	done
	sysctl -qw net.smc.rmem="$orig"
	smc_lib_result_pass "served $rounds rounds of $CONNS connections"
else
	n=0
	for size in $SIZES; do
		n=$((n + 1))
		smc_lib_pair_sync "round-$n" $SYNC_PORT
		modes=$(churn_round $CONNS)
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

# churn_closed: no socket of the churn left (their close is done at both
# ends)
churn_closed()
{
	! "$SMC_LIB_NLCTL" sockets | grep -q ":$CHURN_PORT\b"
}

ulimit -n 4096
orig_rmem=$(sysctl -n net.smc.rmem)
orig_wmem=$(sysctl -n net.smc.wmem)
# 16K buffers at both ends: 1000 connections hold 1000 of each
sysctl -qw net.smc.rmem=16384 net.smc.wmem=16384
for n in 1 2; do
	smc_lib_pair_sync "many-$n" $SYNC_PORT
	if [ "$role" = server ]; then
		churn_server 1 $MANY || smc_lib_result_fail "$MANY concurrent connections, round $n: served" "server failed"
		continue
	fi
	start=$SECONDS
	modes=$(churn_round $MANY)
	echo "# $MANY concurrent connections, round $n, in $((SECONDS - start)) s:" \
		"$(sort <<< "$modes" | uniq -c | xargs)"
	smc_lib_check_output "$MANY concurrent connections, round $n: all SMC-R" \
		"^$MANY $MANY$" echo "$(grep -c '^SMCR$' <<< "$modes") $(grep -c . <<< "$modes")"
	# A connection that is still closing holds its place in its link
	# group: the second thousand may reuse only what the first has left.
	smc_lib_check "$MANY concurrent connections, round $n: all closed" \
		smc_lib_wait_for $((60 * SMC_LIB_SLOW)) churn_closed
	lgrs[n]=$(smc_lib_lgr_count)
	slab[n]=$(smc_lib_slab_kb)
	echo "# after round $n: ${lgrs[n]} SMC-R link groups, slab ${slab[n]} kB"
done

# Persisted rkeys and a change of links: 200 connections on a group with
# one link leave 200 idle RMBs whose rkeys the server keeps; then a
# second link comes up (the lab's is an asymmetric one, which new
# connections do not use while the first lives), the first one dies
# (RoCE lost on eth0, then healthy again), and 250 connections reuse
# those RMBs over the second. An idle RMB left out of a new link's registration and rkey
# exchange (ADD_LINK) is confirmed again when reused on that link and
# takes a second entry in the server's table, its first one left keyless
# but taken: the table fills, and the server puts the other connections
# in a new link group (or they fall back).
# (Issue 11, review of 0022 in session 10.)
addr=10.9.0.1
[ "$role" = server ] && addr=10.9.0.2
smc_lib_pair_sync "relink-start" $SYNC_PORT
smc_lib_check "persisted rkeys, a link added: the RDMA device renewed" smc_lib_rxe_renew
for n in 1 2; do
	if [ $n = 2 ]; then
		smc_lib_check "persisted rkeys, a link added: the second RDMA device is up" \
			smc_lib_add_second_device $addr
		smc_lib_check "persisted rkeys, a link added: a second link came up" smc_lib_second_link_up
		smc_lib_roce_netem eth0 loss 100%
		smc_lib_check "persisted rkeys, a link added: the first link is gone" \
			smc_lib_wait_links 1 $((60 * SMC_LIB_SLOW))
		smc_lib_roce_netem eth0 clear
	fi
	count=$((n == 1 ? 200 : 250))
	smc_lib_pair_sync "relink-$n" $SYNC_PORT
	if [ "$role" = server ]; then
		churn_server 1 $count || smc_lib_result_fail "persisted rkeys, round $n: served" "server failed"
		continue
	fi
	modes=$(churn_round $count)
	echo "# persisted rkeys, round $n ($count connections, $(smc_lib_link_count LINK_ACTIVE) links):" \
		"$(sort <<< "$modes" | uniq -c | xargs)"
	smc_lib_check "persisted rkeys, round $n: all closed" \
		smc_lib_wait_for $((60 * SMC_LIB_SLOW)) churn_closed
	relink_lgrs[n]=$(smc_lib_lgr_count)
done
if [ "$role" = client ]; then
	smc_lib_check_output "persisted rkeys, links changed: 250 connections reusing the idle RMBs, all SMC-R" \
		"^250 250$" echo "$(grep -c '^SMCR$' <<< "$modes") $(grep -c . <<< "$modes")"
	smc_lib_check_output "persisted rkeys, links changed: they stay in their link group" "^ok$" \
		python3 -c "print('ok' if ${relink_lgrs[2]} <= ${relink_lgrs[1]} else 'from ${relink_lgrs[1]} to ${relink_lgrs[2]} link groups')"
fi
smc_lib_pair_sync "relink-end" $SYNC_PORT
smc_lib_del_second_device $addr

sysctl -qw net.smc.rmem="$orig_rmem" net.smc.wmem="$orig_wmem"
if [ "$role" = client ]; then
	smc_lib_check_output "$MANY concurrent connections need $MANY_LGRS link groups or more" "^ok$" \
		python3 -c "print('ok' if ${lgrs[1]} >= $MANY_LGRS else '${lgrs[1]} link groups')"
	smc_lib_check_output "the second $MANY added no SMC-R link group" "^ok$" \
		python3 -c "print('ok' if ${lgrs[2]} <= ${lgrs[1]} else 'from ${lgrs[1]} to ${lgrs[2]}')"
	smc_lib_check_output "the second $MANY grew slab by less than $SLAB_SLACK_KB kB" "^ok$" \
		python3 -c "print('ok' if ${slab[2]} - ${slab[1]} < $SLAB_SLACK_KB else 'grew by %d kB' % (${slab[2]} - ${slab[1]}))"
fi
smc_lib_exit
