#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Failover between the two links of an SMC-R link group (RFC 7609): the
# client's first link is taken down (eth0 down) while connections move
# data, and every byte must arrive, in order, over the other link; when the
# link returns, the group has two links again and new connections use them.
#
# One of the connections ("joining") joins the group while its second link
# is being added: the client's CLC CONFIRM is CONFIRM_LATE s late, and the
# server adds the link once the client holds that CONFIRM, so the link is
# added between the server's CLC ACCEPT and its receipt of the CONFIRM.
# With the single-link rkey fast path the server learns the rkey of the
# client's RMB only from that CONFIRM, so the rkey the client sends for the
# new link in ADD_LINK_CONT may reach the server before it knows the RMB
# (hypothesis 2 of issue 11). After the failover the server then writes to
# the client over the new link.
# Runs on both hosts at once (SMC_LIB_ROLE, SMC_LIB_PEER), on stock and
# patched kernels alike; the lab's eth1 carries the second link.

. "$(dirname "$0")/smc_lib.sh"

tools=$(cd "$SMC_LIB_DIR/../smc-tools" && pwd)
smcr=$tools/smcr
role=${SMC_LIB_ROLE:-}
peer=${SMC_LIB_PEER:-}
[ -n "$role" ] && [ -n "$peer" ] ||
	smc_lib_skip_all "needs the two-host lab (SMC_LIB_ROLE and SMC_LIB_PEER)"
readonly SYNC_PORT=11960 LONG_PORT=11961 JOIN_PORT=11962 NEW_PORT=11963 HELD_PORT=11964
# Bounds: the transfers end within XFER_BOUND seconds of the link going
# down; the link group has two links again within LINK_BOUND seconds
# (both longer by SMC_LIB_SLOW on a slow kernel).
readonly XFER_BOUND=$((120 * SMC_LIB_SLOW)) LINK_BOUND=$((60 * SMC_LIB_SLOW))
# The joining connection's CLC CONFIRM is this many seconds late: time
# for the server's second link, and 2 s less than the server waits for a
# CONFIRM (CLC_WAIT_TIME, 6 s), so the connection does not fail on it.
readonly CONFIRM_LATE=4
smc_lib_check_smc
smc_lib_check_tools smc_xfer python3 rdma tc ss
ip link show eth1 >/dev/null 2>&1 || smc_lib_skip_all "the lab has no second segment (eth1)"
[ "$role" = client ] && addr=10.9.0.1 || addr=10.9.0.2
tmp=$(mktemp -d)
pids=
cleanup()
{
	kill $pids 2>/dev/null
	tc qdisc del dev eth0 root 2>/dev/null
	ip link set eth0 up
	smc_lib_del_second_device $addr
	rm -rf "$tmp"
}
trap cleanup EXIT
# the link events with their time, printed when the link does not return
"$smcr" monitor 2>&1 | while IFS= read -r l; do echo "t=$SECONDS $l"; done > "$tmp/monitor.log" &
pids="$pids $!"

# One connection (python3 under smc_run, so SMC-R by preload), in frames
# of a 4-byte length and that many bytes: the client sends 256 KB, waits
# for $tmp/go, then streams 64 KB frames until $tmp/go.stop appears and
# ends with an empty frame; the server then answers with 4 MB and the
# SHA-256 of all it got. Only then do both close: the connection is
# active, not closing, while the link fails (a closing one is a stock
# bug of its own, see Documentation/reliability.md). The client checks
# both directions; exit 0 when intact.
cat > "$tmp/conn.py" <<'PY'
import hashlib, os, random, struct, sys, time
from smc_pair_conn import accept_one, connect_retry
role, peer, port, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
answer = random.Random(port + 1).randbytes(4 << 20)
def recv_exactly(c, n):
    got = bytearray()
    while len(got) < n:
        d = c.recv(min(65536, n - len(got)))
        if not d: raise EOFError("the stream ended %d bytes early" % (n - len(got)))
        got += d
    return bytes(got)
if role == "server":
    c = accept_one(port); h = hashlib.sha256()
    while True:
        n, = struct.unpack("!I", recv_exactly(c, 4))
        if not n: break
        h.update(recv_exactly(c, n))
    c.sendall(answer + h.hexdigest().encode())
    c.recv(1)	# the client closes first
    c.close()
    sys.exit(0)
rnd = random.Random(port); h = hashlib.sha256(); sent = 0
def frame(n):
    global sent
    d = rnd.randbytes(n); h.update(d); sent += n
    return struct.pack("!I", n) + d
c = connect_retry(peer, port)
c.sendall(frame(256 << 10))
open(go + ".up-%d" % port, "w").close()
while not os.path.exists(go):
    time.sleep(0.1)
while not os.path.exists(go + ".stop"):
    c.sendall(frame(64 << 10))
c.sendall(struct.pack("!I", 0))
got = recv_exactly(c, len(answer) + 64)
c.close()
ok_in = got[:-64] == answer
ok_out = got[-64:].decode(errors="replace") == h.hexdigest()
print("sent %d bytes, received %d: answer %s, server's digest %s" %
      (sent, len(got), "intact" if ok_in else "CORRUPT", "matches" if ok_out else "DIFFERS"))
sys.exit(0 if ok_in and ok_out else 1)
PY
conn()
{
	PYTHONPATH=$SMC_LIB_DIR "$tools/smc_run" python3 "$tmp/conn.py" "$role" "$peer" "$1" "$tmp/go"
}

# link_back DEV: this host's links are 2 again after DEV came back. In this
# lab an attempt can pair one host's device with the other's wrong one
# (both of a host's devices carry its address; see smcr_second_link.sh),
# and the attempt fails for good. So the client, whose DEV came back,
# takes DEV down and up again when no second link came within a third of
# LINK_BOUND, twice at most; the server waits the whole bound.
link_back()
{
	if [ "$role" = server ]; then
		smc_lib_wait_links 2 $((LINK_BOUND + 10))
		return
	fi
	for _ in 1 2; do
		smc_lib_wait_links 2 $((LINK_BOUND / 3)) && return 0
		echo "    t=$SECONDS: no second link yet; $1 down and up again"
		ip link set "$1" down
		sleep 1	# a link flap, not readiness
		ip link set "$1" up
	done
	smc_lib_wait_links 2 $((LINK_BOUND / 3))
}

# left DEADLINE: seconds until DEADLINE ($SECONDS based), at least 5
left()
{
	local n=$(($1 - SECONDS))

	echo $((n < 5 ? 5 : n))
}

# failover DEV WHAT NAME:VAR...: the connections (their programs' pids in
# $VAR, their output in $tmp/VAR.out) stream; on the client DEV goes down
# 1 s into it, the stream goes on 3 s over the other link, then stops.
# Each connection must end intact within the bound: on the client all its
# bytes both ways after WHAT, on the server the answer sent.
failover()
{
	local dev=$1 what=$2 conn name var deadline rc

	shift 2
	touch "$tmp/go"
	if [ "$role" = client ]; then
		sleep 1	# mid-transfer, not readiness
		ip link set "$dev" down
		sleep 3	# not readiness: 3 s more of the stream, over the other link
		touch "$tmp/go.stop"
		deadline=$((SECONDS + XFER_BOUND))
	else
		deadline=$((SECONDS + XFER_BOUND + 30))
	fi
	for conn in "$@"; do
		name=${conn%%:*} var=${conn#*:}
		smc_lib_await "${!var}" "$(left $deadline)" "$tmp/$var.out" "$name"
		rc=$?
		if [ "$role" = client ]; then
			smc_lib_check "$name connection: all its bytes both ways after $what" test $rc = 0
		else
			smc_lib_check "$name connection: the server answered" test $rc = 0
		fi || sed 's/^/    /' "$tmp/$var.out"
	done
}

# 1. A fresh link group with one link and a long connection on it.
smc_lib_pair_sync failover $SYNC_PORT || smc_lib_result_fail "hosts met" "no peer"
smc_lib_check "a fresh start: the RDMA device renewed" smc_lib_rxe_renew
conn $LONG_PORT > "$tmp/long.out" 2>&1 &
long=$!
pids="$pids $long"
if [ "$role" = client ]; then
	for _ in $(seq 300); do [ -f "$tmp/go.up-$LONG_PORT" ] && break; sleep 0.2; done
	smc_lib_check "the long connection is up" test -f "$tmp/go.up-$LONG_PORT"
	# 2. The client's second device first, then the joining connection
	# with its CONFIRM late. The server adds its second link once the
	# CONFIRM is held: the client's RMB is registered by then (on the
	# first link alone), and its CONFIRM reaches the server after the
	# ADD_LINK.
	smc_lib_check "the client's second RDMA device is up" smc_lib_add_second_device $addr
	smc_lib_pair_sync second-device $SYNC_PORT
	smc_lib_clc_netem eth0 3 delay ${CONFIRM_LATE}s
	echo "    t=$SECONDS: the client's CLC CONFIRM ${CONFIRM_LATE} s late, the joining connection starts"
	conn $JOIN_PORT > "$tmp/join.out" 2>&1 &
	join=$!
	pids="$pids $join"
	# bounded by time: a debug kernel starts the program slowly
	end=$((SECONDS + 30 * SMC_LIB_SLOW))
	while [ $SECONDS -lt $end ] && [ "$(smc_lib_clc_netem_held eth0)" = 0 ]; do
		sleep 0.05
	done
	smc_lib_check "the joining connection's CLC CONFIRM is held" test "$(smc_lib_clc_netem_held eth0)" -gt 0
	echo "    t=$SECONDS: the CONFIRM held"
	# the client's end of smc_lib_pair_sync in bash's own TCP: no
	# program to start, the server is told at once
	printf confirm-held 2>/dev/null > "/dev/tcp/$peer/$HELD_PORT" ||
		echo "    could not tell the server on port $HELD_PORT"
else
	# The server's second device waits with its netdev down: bringing
	# eth1 up starts the second link at once.
	ip addr add $addr/32 dev eth1
	rdma link add rxe1 type rxe netdev eth1
	smc_lib_pair_sync confirm-held $HELD_PORT &
	held=$!
	pids="$pids $held"
	smc_lib_wait_listen $HELD_PORT
	smc_lib_pair_sync second-device $SYNC_PORT
	conn $JOIN_PORT > "$tmp/join.out" 2>&1 &
	join=$!
	pids="$pids $join"
	end=$((SECONDS + 60 * SMC_LIB_SLOW))
	while [ $SECONDS -lt $end ] && kill -0 $held 2>/dev/null; do
		sleep 0.05
	done
	echo "    t=$SECONDS: the client holds the joining connection's CONFIRM"
	ip link set eth1 up
	smc_lib_check "the server's second RDMA device is up" smc_lib_rxe_wait_active rxe1 20
	echo "    t=$SECONDS: rxe1 up"
fi
smc_lib_second_link_up
echo "    t=$SECONDS: $(smc_lib_link_count LINK_ACTIVE) links"
smc_lib_check_output "a second link came up" "^2$" smc_lib_link_count LINK_ACTIVE ||
	"$smcr" -s -d linkgroup link-show
if [ "$role" = client ]; then
	for _ in $(seq 300); do [ -f "$tmp/go.up-$JOIN_PORT" ] && break; sleep 0.2; done
	smc_lib_check "the joining connection is up" test -f "$tmp/go.up-$JOIN_PORT"
	echo "    t=$SECONDS: the joining connection is up"
	# Removing the delay drops what it holds: the CONFIRM goes first.
	end=$((SECONDS + CONFIRM_LATE + 20))
	while [ $SECONDS -lt $end ] && [ "$(smc_lib_clc_netem_held eth0)" -gt 0 ]; do
		sleep 0.1
	done
	smc_lib_clc_netem eth0 clear
fi
smc_lib_check_output "both connections over SMC-R, in one link group" "^SMCR SMCR 1$" python3 -c "
import json, subprocess
socks = json.loads(subprocess.run(['$tools/smcss', '-j', '-a'], capture_output=True, text=True).stdout)['sockets']
def mode(port):
    m = [s['mode'] for s in socks if s.get('mode') and (s['local'].endswith(':%d' % port) or s['peer'].endswith(':%d' % port))]
    return m[0] if m else 'none'
lgrs = json.loads(subprocess.run(['$smcr', '-j', 'linkgroup'], capture_output=True, text=True).stdout)['linkgroups']
print(mode($LONG_PORT), mode($JOIN_PORT), len(lgrs))"
smc_lib_pair_sync both-up $SYNC_PORT

# 3. Both connections move data; 1 s into it the client's first link goes.
failover eth0 "the failover" long:long joining:join
if [ "$role" = client ]; then
	smc_lib_check_output "one link left, the group alive" "^1$" smc_lib_link_count LINK_ACTIVE
	ip link set eth0 up
fi

# 4. The link returns: two links again. In SMC-Rv2 the returned link is
# the group's asymmetric one (both of a host's devices carry the group's IP
# address, so the peer's GID repeats) and takes no new connections while
# the other lives. So the other link goes next: new connections, made
# while both links were up, must move to the returned link intact.
# A link that does not return is a failure. (It did not in half of the
# runs while the lab's soft-RoCE retried for ever, as stock rxe does with
# SMC's retry_cnt 7: the server's delete-link flow waited for the sends of
# the dead link and ignored the client's REQ_ADD_LINK meanwhile. The lab's
# rxe now gives up after 7 retries as an RNIC does: tests/lab/kernel/.)
if link_back eth0; then
	smc_lib_result_pass "the group has two links again"
	back=yes
else
	smc_lib_result_fail "the group has two links again" "not within $((LINK_BOUND + 10)) s"
	"$smcr" -s -d linkgroup link-show | sed 's/^/    /'
	echo "    link events:"
	grep -v " conn" "$tmp/monitor.log" | sed 's/^/      /'
	echo "    kernel log:"
	dmesg | grep -iE "smc|rxe" | grep -v make_send_cqe | tail -20 | sed 's/^/      /'
	smc_lib_dump_blocked
	back=no
fi
echo "    t=$SECONDS: $(smc_lib_link_count LINK_ACTIVE) links"
peer_back=$(smc_lib_pair_exchange $SYNC_PORT $back)
if [ "$back $peer_back" != "yes yes" ]; then
	smc_lib_result_skip "the second failover, onto the returned link" \
		"the link did not return (this end: $back, the peer: $peer_back)"
	smc_lib_exit
fi
rm -f "$tmp/go" "$tmp/go.stop"
conn $NEW_PORT > "$tmp/new.out" 2>&1 &
new=$!
pids="$pids $new"
if [ "$role" = client ]; then
	for _ in $(seq 300); do [ -f "$tmp/go.up-$NEW_PORT" ] && break; sleep 0.2; done
	smc_lib_check "a new connection is up" test -f "$tmp/go.up-$NEW_PORT"
fi
smc_lib_pair_sync new-up $SYNC_PORT
before=$("$smcr" -s -j linkgroup link-show)
failover eth1 "the second failover" new:new
[ "$role" = client ] && ip link set eth1 up
after=$("$smcr" -s -j linkgroup link-show)
if python3 -c 'import json, sys; l = json.loads(sys.argv[1])["links"]; sys.exit(not l or "stats" not in l[0])' "$after" 2>/dev/null; then
	smc_lib_check_output "the returned link carried the data (RDMA writes on eth0)" "^ok$" python3 -c "
import json, sys
def writes(js):
    return sum(l['stats']['rdma_writes'] for l in json.loads(js)['links'] if l['netdev'] == 'eth0')
print('ok' if writes(sys.argv[2]) > writes(sys.argv[1]) else (writes(sys.argv[1]), writes(sys.argv[2])))" "$before" "$after" ||
		python3 -c "
import json, sys
for name, js in (('before', sys.argv[1]), ('after', sys.argv[2])):
    for l in json.loads(js)['links']:
        print(name, l['link_id'], l['netdev'], l['state'], l['type'], l['stats']['rdma_writes'], l['stats']['cdc_tx'], l['stats']['failovers'])" "$before" "$after"
else
	smc_lib_result_skip_feature "the returned link carried the data" "the kernel reports no per-link counters"
fi
# The link's second return: the first one above is the check. This one
# failed once in session 7's reliability run on stock and patched guests
# alike (the client flapped eth1 twice, the group stayed on one link):
# counted as a known issue until it is understood.
if link_back eth1; then
	smc_lib_result_pass "the group has two links once more"
else
	"$smcr" -s -d linkgroup link-show
	smc_lib_result_skip "the group has two links once more" \
		"known issue: a second return did not come within $((LINK_BOUND + 10)) s, stock too (Documentation/reliability.md)"
fi
smc_lib_exit
