#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Failover of connections that are closing: what the failed link did not
# deliver must reach the peer over the other link.
#
# Connections over the first link of a two-link group: the client sends a
# request and shuts down its side; the server reads it to the end. Then
# RoCE on both hosts' eth0 is lost (netem, 100 %), so the first link dies
# the way a cut cable does: its queue pairs give up after their retries.
# Meanwhile the server answers on each connection. Its answers are sent on
# the dying link and go nowhere; when the link is declared down the
# connections move to the second link. Nine cases
# (SMC_FAILOVER_CLOSE_CASES, default all):
#   half:   the server keeps its socket open until the client has the
#           answer (the server's state is APPCLOSEWAIT1, the peer having
#           shut down). The client must get the whole answer intact, then
#           the end of the stream once the server closes.
#   closed: the server closes right after its answer (PEERFINCLOSEWAIT).
#           The client must get the answer and the end of the stream, or a
#           connection error after an intact part of it, within CLOSE_BOUND
#           seconds: never wait for ever, never a short or corrupt answer
#           with an orderly end. (The server cannot write the answer again:
#           the peer may have had it and the close, and freed its RMB.)
#   lateclose: the server answers before RoCE is lost and closes after:
#           only its close is lost. The client must get the answer intact,
#           then the end of the stream: the close is sent again.
#   bothclosed: the client closes after its request, the server closes
#           after RoCE is lost (CLOSED at once; its free waits for the
#           close's send): the close must reach the client's orphaned
#           socket, which must not stay behind waiting for it.
#   deferclose: as half, but the server closes once its first link is no
#           longer active, before the connections moved (a close that
#           cannot be posted is held for the switch): the client must get
#           the answer intact, then the end of the stream, not an abort.
#   deferwrap: as deferclose, the client's RMB 64 KB; before RoCE is
#           lost the server sends 48 KB, which the client reads, so that
#           the answer wraps the RMB: the answer and the close must still
#           come (not be dropped for fear of a freed RMB).
#   deferfreed: as bothclosed, but the server closes in that window too,
#           its socket freed with the close held: the close must reach
#           the client's orphaned socket.
#   abortreply: the client closes with the server's 1 KB unread, before
#           RoCE is lost: its abort comes through; the server closes
#           after the loss. Its reply (an abort) is lost with the link and
#           must reach the client's orphaned socket, which waits for it.
#   deferabort: as abortreply, the server closing in the window of
#           deferclose.
#   deferclose, deferwrap, deferfreed and deferabort need the window
#   between a link's down and its switch wider than a test can make it:
#   tests/lab/hooks/switch-late.patch on the server shows them failing
#   where the switch does not send a held close that never went out.
# Then neither host keeps a connection in its link groups.
# Stock smc_switch_conns() moves closing connections without sending again
# what the old link lost (Documentation/reliability.md): the client waits
# for ever.
# Runs on both hosts at once (SMC_LIB_ROLE, SMC_LIB_PEER).

. "$(dirname "$0")/smc_lib.sh"

tools=$(cd "$SMC_LIB_DIR/../smc-tools" && pwd)
smcr=$tools/smcr
role=${SMC_LIB_ROLE:-}
peer=${SMC_LIB_PEER:-}
[ -n "$role" ] && [ -n "$peer" ] ||
	smc_lib_skip_all "needs the two-host lab (SMC_LIB_ROLE and SMC_LIB_PEER)"
readonly SYNC_PORT=11970 HALF_PORT=11971 CLOSED_PORT=11972
readonly CLOSE_BOUND=$((60 * SMC_LIB_SLOW))
readonly CASES=${SMC_FAILOVER_CLOSE_CASES:-half closed lateclose bothclosed deferclose deferwrap deferfreed abortreply deferabort}
readonly LATECLOSE_PORT=11973 BOTHCLOSED_PORT=11974
readonly DEFERCLOSE_PORT=11975 DEFERWRAP_PORT=11976 DEFERFREED_PORT=11977
readonly ABORTREPLY_PORT=11978 DEFERABORT_PORT=11979
readonly WRAP_RMEM=65536	# net.smc.rmem for a 64 KB RMB
smc_lib_check_smc
smc_lib_check_tools python3 rdma tc

addr=10.9.0.1
[ "$role" = server ] && addr=10.9.0.2
tmp=$(mktemp -d)
pids=
rmem_saved=
cleanup()
{
	# shellcheck disable=SC2086
	[ -n "$pids" ] && kill -9 $pids 2>/dev/null
	[ -n "$rmem_saved" ] && sysctl -qw net.smc.rmem="$rmem_saved"
	smc_lib_roce_netem eth0 clear
	smc_lib_del_second_device $addr
	rm -rf "$tmp"
}
trap cleanup EXIT

# conn.py ROLE PEER PORT CASE TRIGGER: one connection. The server answers
# 32 KB (less than any RMB, so all of it is sent at once) when TRIGGER
# appears (in case "lateclose" TRIGGER.early); in case "closed" it closes
# right after, in case "half" only when TRIGGER.close appears, in case
# "lateclose" when TRIGGER appears; in case "bothclosed" it does not answer
# and closes when TRIGGER appears, the client having closed after its
# request; in cases "deferclose", "deferwrap" and "deferfreed" (else as
# "bothclosed") it closes when TRIGGER.defer appears; in "deferwrap" it
# first sends 48 KB, which the client reads before it says it is up. Else
# the client reads the answer, says so in TRIGGER.answer-PORT, and reads
# on to the end of the stream; exit 0 when the answer is intact and the
# stream ended after it, 2 when a connection error (ECONNRESET, ...) came
# after an intact part of the answer, 1 otherwise. In cases "abortreply"
# and "deferabort" the server sends 1 KB after the request, the client
# closes once it is there, unread (an abort), the server reads the abort
# (an error) before it says it read; it closes when TRIGGER (abortreply)
# or TRIGGER.defer (deferabort) appears.
cat > "$tmp/conn.py" <<'PY'
import random, select, socket, sys
from smc_pair_conn import accept_one, connect_retry, wait_for
role, peer, port, case, trigger = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
answer = random.Random(port).randbytes(32 << 10)
before = random.Random(-port).randbytes(48 << 10)
aborts = ("abortreply", "deferabort")
closed_early = ("bothclosed", "deferfreed") + aborts
if role == "server":
    c = accept_one(port)
    if case in aborts:
        c.recv(len(b"request"))
        c.sendall(answer[:1024])
    try:
        while c.recv(65536):
            pass
    except ConnectionError:
        if case not in aborts: raise
    if case == "deferwrap":
        c.sendall(before)
    open("%s.read-%d" % (trigger, port), "w").close()
    wait_for(trigger + ".early" if case == "lateclose" else trigger)
    if case not in closed_early:
        c.sendall(answer)
    if case == "half":
        wait_for(trigger + ".close")
    elif case == "lateclose":
        wait_for(trigger)
    elif case in ("deferclose", "deferwrap", "deferfreed", "deferabort"):
        wait_for(trigger + ".defer")
    c.close()
    sys.exit(0)
c = connect_retry(peer, port)
c.sendall(b"request")
if case in closed_early:
    if case in aborts:
        select.select([c], [], [], 60)  # the server's 1 KB, left unread
    c.close()
    open("%s.up-%d" % (trigger, port), "w").close()
    open("%s.answer-%d" % (trigger, port), "w").close()
    sys.exit(0)
c.shutdown(socket.SHUT_WR)
if case == "deferwrap":
    got = bytearray()
    while len(got) < len(before):
        d = c.recv(len(before) - len(got))
        if not d: break
        got += d
    if bytes(got) != before:
        print("before the loss: received %d of %d bytes: CORRUPT or short" % (len(got), len(before)))
        sys.exit(1)
open("%s.up-%d" % (trigger, port), "w").close()
got = bytearray()
try:
    while len(got) < len(answer):
        d = c.recv(65536)
        if not d: break
        got += d
    intact = bytes(got) == answer
    print("received %d of %d bytes: %s" % (len(got), len(answer), "intact" if intact else "CORRUPT or short"))
    open("%s.answer-%d" % (trigger, port), "w").close()
    rest = c.recv(65536)
    print("then %s" % ("the end of the stream" if not rest else "%d more bytes" % len(rest)))
except ConnectionError as e:
    prefix = bytes(got) == answer[:len(got)]
    print("error %s after %d of %d bytes: %s" % (e.__class__.__name__, len(got), len(answer), "intact so far" if prefix else "CORRUPT"))
    open("%s.answer-%d" % (trigger, port), "w").close()
    sys.exit(2 if prefix else 1)
sys.exit(0 if intact and not rest else 1)
PY

# the client closed its socket before RoCE was lost: it has no answer to
# read, nor addresses in sock_diag
closed_early()
{
	case $1 in bothclosed | deferfreed | abortreply | deferabort) return 0 ;; esac
	return 1
}

one_active_link()
{
	[ "$(smc_lib_link_count LINK_ACTIVE)" = 1 ]
}

port_of()
{
	case $1 in
	half) echo $HALF_PORT ;;
	closed) echo $CLOSED_PORT ;;
	lateclose) echo $LATECLOSE_PORT ;;
	bothclosed) echo $BOTHCLOSED_PORT ;;
	deferclose) echo $DEFERCLOSE_PORT ;;
	deferwrap) echo $DEFERWRAP_PORT ;;
	deferfreed) echo $DEFERFREED_PORT ;;
	abortreply) echo $ABORTREPLY_PORT ;;
	deferabort) echo $DEFERABORT_PORT ;;
	esac
}

# 1. A fresh group, one link, the connections on it; then the second link.
smc_lib_pair_sync start $SYNC_PORT || smc_lib_result_fail "hosts met" "no peer"
smc_lib_check "a fresh start: the RDMA device renewed" smc_lib_rxe_renew
for c in $CASES; do
	if [ "$c$role" = deferwrapclient ]; then
		rmem_saved=$(sysctl -n net.smc.rmem)
		sysctl -qw net.smc.rmem=$WRAP_RMEM
	fi
	PYTHONPATH=$SMC_LIB_DIR "$tools/smc_run" python3 "$tmp/conn.py" "$role" "$peer" "$(port_of "$c")" "$c" "$tmp/go" \
		> "$tmp/$c.out" 2>&1 &
	eval "pid_$c=$!"
	pids="$pids $!"
	mark=$tmp/go.up-$(port_of "$c")
	[ "$role" = server ] && mark=$tmp/go.read-$(port_of "$c")
	for _ in $(seq 300); do [ -f "$mark" ] && break; sleep 0.2; done
	smc_lib_check "$c: the connection is up, the request sent and shut down" test -f "$mark"
	if [ -n "$rmem_saved" ]; then
		sysctl -qw net.smc.rmem="$rmem_saved"
		rmem_saved=
	fi
	smc_lib_pair_sync "up-$c" $SYNC_PORT
done
if [ "$role" = client ]; then
	smc_lib_check "the client's second RDMA device is up" smc_lib_add_second_device $addr
	smc_lib_pair_sync second-device $SYNC_PORT
else
	smc_lib_pair_sync second-device $SYNC_PORT
	smc_lib_check "the server's second RDMA device is up" smc_lib_add_second_device $addr
fi
smc_lib_second_link_up
smc_lib_check_output "a second link came up" "^2$" smc_lib_link_count LINK_ACTIVE ||
	"$smcr" -s -d linkgroup link-show
for c in $CASES; do
	# a closed socket has no addresses in sock_diag any more
	[ "$role" = client ] && closed_early "$c" && continue
	smc_lib_check_output "$c: the connection is SMC-R" "^SMCR$" smc_lib_port_mode "$(port_of "$c")"
done

# 2. Case lateclose: the answer arrives while the first link works.
case " $CASES " in *" lateclose "*)
	if [ "$role" = server ]; then
		touch "$tmp/go.early"
	else
		smc_lib_check "lateclose: the answer came before RoCE is lost" \
			smc_lib_wait_for "$CLOSE_BOUND" test -f "$tmp/go.answer-$LATECLOSE_PORT"
	fi
	smc_lib_pair_sync early $SYNC_PORT
esac

# 3. The first link's RoCE is lost both ways; the server answers, closes.
smc_lib_pair_sync break $SYNC_PORT
smc_lib_roce_netem eth0 loss 100%
smc_lib_pair_sync broken $SYNC_PORT
if [ "$role" = server ]; then
	touch "$tmp/go"
	case " $CASES " in *" defer"*)
		# the sends on the first link fail: it goes down; close then,
		# before the connections moved if the switch comes late
		smc_lib_check "the first link is no longer active" \
			smc_lib_wait_for "$CLOSE_BOUND" one_active_link
		touch "$tmp/go.defer"
	esac
	# the half-closed connection closes once the client has its answer
	smc_lib_pair_sync answers $SYNC_PORT
	touch "$tmp/go.close"
	for c in $CASES; do
		pid=pid_$c
		wait "${!pid}"
		smc_lib_check "$c: the server answered and closed" test $? = 0 ||
			sed 's/^/    /' "$tmp/$c.out"
	done
	pids=
else
	end=$((SECONDS + CLOSE_BOUND))
	for c in $CASES; do
		while [ $SECONDS -lt $end ] && [ ! -f "$tmp/go.answer-$(port_of "$c")" ]; do
			sleep 0.2
		done
	done
	smc_lib_pair_sync answers $SYNC_PORT
	# the half-closed connection ends only now, when the server closes
	end=$((SECONDS + CLOSE_BOUND))
	for c in $CASES; do
		pid=pid_$c
		smc_lib_await "${!pid}" $((end > SECONDS ? end - SECONDS : 0)) "$tmp/$c.out" "the client"
		rc=$?
		closed_early "$c" && continue
		smc_lib_check "$c: the answer and the end of the stream, or an error, within $((2 * CLOSE_BOUND)) s" \
			test $rc != 124 || sed 's/^/    /' "$tmp/$c.out"
		if [ "$c" != closed ]; then
			smc_lib_check "$c: the answer intact, then the end of the stream" test $rc = 0 ||
				sed 's/^/    /' "$tmp/$c.out"
		else
			smc_lib_check "$c: the answer intact and the end of the stream, or an error after an intact part" \
				test $rc = 0 -o $rc = 2 || sed 's/^/    /' "$tmp/$c.out"
			[ $rc = 2 ] && sed 's/^/# /' "$tmp/$c.out"
		fi
	done
	pids=
fi
smc_lib_pair_sync finished $SYNC_PORT
# a connection left would wait for a close the peer never sends (its
# closed socket has no addresses to find it by: count the group's)
smc_lib_check "no connection left in the link groups of the $role" \
	smc_lib_wait_for "$CLOSE_BOUND" smc_lib_no_lgr_conns ||
	{ "$tools/smcss" -a -d; "$tools/smcr" -d linkgroup; }
smc_lib_pair_sync drained $SYNC_PORT
smc_lib_roce_netem eth0 clear
smc_lib_check_output "the group lives on, on one link at least" "^[12]$" smc_lib_link_count LINK_ACTIVE
smc_lib_exit
