#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Connect/close cycles over SMC-R between the two hosts, 100 connections
# open at a time, while both ends move their net.smc.rmem through 64K,
# 128K, 256K and 512K: each size step needs RMBs the link group has not
# used yet, so the rkeys of released RMBs pass through the peer's rtoken
# table (255 entries per link group) again and again. Every cycle must be SMC-R at
# both ends (the kernels' own counters: no fallback), no link group may
# be added by the cycles, and slab may not grow beyond a slack. A kernel
# that keeps the rkeys of idle RMBs and never gives them back fills the
# table, and from then on every connection falls back (DECLINE ERR_RTOK):
# issue 11, hypothesis 3.
#
# SMC_CHURN_CYCLES: the cycles (default 2000, a minute or two in the lab;
# issue 11 asks for 10^5: scripts/lab-pair.sh --timeout 7200
# --env SMC_CHURN_CYCLES=100000 -- selftests/run_tests.sh smcr_churn_cycles.sh).
# Runs on both hosts at once (SMC_LIB_ROLE, SMC_LIB_PEER).

. "$(dirname "$0")/smc_lib.sh"

role=${SMC_LIB_ROLE:-}
peer=${SMC_LIB_PEER:-}
[ -n "$role" ] && [ -n "$peer" ] ||
	smc_lib_skip_all "needs the two-host lab (SMC_LIB_ROLE and SMC_LIB_PEER)"
smc_lib_check_smc
smc_lib_check_tools smc_crr python3 rdma

readonly SYNC_PORT=11990 CYCLE_PORT=11991 CYCLES=${SMC_CHURN_CYCLES:-2000}
# WINDOW connections open at a time, as in hypothesis 3's rounds of 100;
# the size moves every STEP cycles (twice the window at least, so the
# window turns over), and the sizes come round many times
readonly WINDOW=100 SIZES="64K 128K 256K 512K"
readonly STEP=$(( CYCLES / 20 > 2 * WINDOW ? CYCLES / 20 : 2 * WINDOW ))
# RMBs live as long as their link group: up to 255 of each of the four
# sizes at both ends (send buffers too) is far below this; one descriptor
# leaked per cycle is far above it at 10^4 cycles and more
readonly SLAB_SLACK_KB=8192
smcr_tool=$SMC_LIB_DIR/../smc-tools/smcr
orig_rmem=$(sysctl -n net.smc.rmem)
cleanup()
{
	sysctl -qw net.smc.rmem="$orig_rmem"
}
trap cleanup EXIT

# cycles: CYCLES connections, WINDOW of them open at a time (the oldest
# closed before the next is made, by the client), one byte each way. Each
# end sets its own net.smc.rmem every STEP connections (the count is the
# same at both ends: the server counts accepts), so after a size step the
# window turns over onto WINDOW new RMBs, and the rkeys of the old ones
# are idle: four steps make more RMBs than the peer's table holds.
cycles()
{
	python3 - "$role" "$peer" "$CYCLE_PORT" "$CYCLES" "$WINDOW" "$STEP" "$SIZES" \
		"$((300 * SMC_LIB_SLOW))" <<'PY'
import collections, selectors, socket, sys, time
role, peer, port, cycles, window, step, sizes, wait = sys.argv[1], sys.argv[2], \
    int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), sys.argv[7].split(), int(sys.argv[8])
IPPROTO_SMC = 256

def size_for(i):
    if i % step == 0:
        with open("/proc/sys/net/smc/rmem", "w") as f:
            f.write(str(int(sizes[(i // step) % len(sizes)][:-1]) * 1024))

if role == "server":
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, IPPROTO_SMC)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    size_for(0)
    s.bind(("0.0.0.0", port)); s.listen(window + 16)
    sel = selectors.DefaultSelector()
    sel.register(s, selectors.EVENT_READ)
    accepted = closed = 0
    while closed < cycles:
        events = sel.select(wait)
        if not events:
            sys.exit("server: nothing happened for %d s, %d accepted, %d closed" % (wait, accepted, closed))
        for key, _ in events:
            if key.fileobj is s:
                c, _ = s.accept()
                accepted += 1
                # the next connection's RMB is made at its accept
                size_for(accepted)
                sel.register(c, selectors.EVENT_READ)
                continue
            c = key.fileobj
            data = c.recv(1)
            if data:
                c.sendall(data)
            else:
                sel.unregister(c); c.close(); closed += 1
    sys.exit(0)

start = time.time()
held = collections.deque()
for i in range(cycles):
    size_for(i)
    if len(held) == window:
        held.popleft().close()
    deadline = time.time() + wait
    while True:
        c = socket.socket(socket.AF_INET, socket.SOCK_STREAM, IPPROTO_SMC); c.settimeout(wait)
        try:
            c.connect((peer, port)); break
        except ConnectionRefusedError:
            # only the first: the server may not listen yet
            c.close()
            if i or time.time() > deadline: raise
            time.sleep(0.2)
    c.sendall(b"x"); assert c.recv(1) == b"x"
    held.append(c)
    if (i + 1) % (step * 4) == 0:
        print("# %d cycles, %.0f/s" % (i + 1, (i + 1) / (time.time() - start)), file=sys.stderr, flush=True)
while held:
    held.popleft().close()
PY
}

smc_lib_pair_sync cycles-start $SYNC_PORT || smc_lib_result_fail "hosts met" "no peer"
smc_lib_check "a fresh start: the RDMA device renewed" smc_lib_rxe_renew
# a first connection makes the link group the cycles use
sysctl -qw net.smc.rmem=65536
smc_lib_pair_sync cycles-warm $SYNC_PORT
crr=$SMC_LIB_DIR/smc_crr
if [ "$role" = server ]; then
	smc_lib_check "the first connection served" "$crr" server -p $CYCLE_PORT -n 1 -w 120
else
	smc_lib_check "the first connection, over SMC-R" "$crr" client "$peer" -p $CYCLE_PORT -n 1 -m SMCR -w 60
fi
smc_lib_pair_sync cycles-ready $SYNC_PORT
lgrs0=$(smc_lib_lgr_count)
slab0=$(smc_lib_slab_kb)
read -r smc0 fb0 < <(smc_lib_conn_counts smcr)
echo "# before: $lgrs0 SMC-R link groups, slab $slab0 kB, counters smc $smc0 fallback $fb0"
smc_lib_pair_sync cycles-go $SYNC_PORT
start=$SECONDS
smc_lib_check "$CYCLES connect/close cycles, rmem through $SIZES every $STEP" cycles
echo "# $CYCLES cycles in $((SECONDS - start)) s"
smc_lib_pair_sync cycles-done $SYNC_PORT
read -r smc1 fb1 < <(smc_lib_conn_counts smcr)
lgrs1=$(smc_lib_lgr_count)
slab1=$(smc_lib_slab_kb)
echo "# after: $lgrs1 SMC-R link groups, slab $slab1 kB, counters smc $smc1 fallback $fb1"
"$smcr_tool" -d linkgroup 2>/dev/null | head -n 4 | sed 's/^/# /'
smc_lib_check_output "every cycle was SMC-R at this end (the kernel's counters)" \
	"^$CYCLES 0$" echo "$((smc1 - smc0)) $((fb1 - fb0))"
smc_lib_check_output "the cycles added no SMC-R link group" "^ok$" \
	python3 -c "print('ok' if $lgrs1 <= $lgrs0 else 'from $lgrs0 to $lgrs1')"
smc_lib_check_output "the cycles grew slab by less than $SLAB_SLACK_KB kB" "^ok$" \
	python3 -c "print('ok' if $slab1 - $slab0 < $SLAB_SLACK_KB else 'grew by %d kB' % ($slab1 - $slab0))"
smc_lib_pair_sync cycles-end $SYNC_PORT
smc_lib_exit
