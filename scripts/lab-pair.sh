#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The two-host lab: two guests on one virtual L2 segment, each with a
# soft-RoCE device over its virtio NIC and the lab UEID, run COMMAND at the
# same time (client 10.9.0.1, server 10.9.0.2).
#
# usage: lab-pair.sh [options] -- COMMAND [ARG...]
#   --client-kernel BZIMAGE, --server-kernel BZIMAGE
#                       kernels of the two guests (default: the patched one);
#                       the names pristine, patched and NAME-debug pick the
#                       lab's builds
#   --mem MB            memory of each guest (default: vm-run.sh's)
#   --delay MS          netem delay added on each guest's eth0 (one way)
#   --timeout SECS      hard limit per guest (default 600)
#   --out DIR           results: DIR/client and DIR/server ($SMC_NEXT_OUT)
#   --env NAME=VALUE    passed to both guests
#   --kill-on-request   a guest may have the other one killed (its QEMU
#                       process, SIGKILL: a host that dies at once) by
#                       creating kill-peer in its $SMC_NEXT_OUT
#                       (smc_lib_kill_peer); the killed guest's end is
#                       then not a failure. The guests get SMC_LAB_KILL=1.
#
# The guests are joined by QEMU's dgram netdev (UDP between the two QEMU
# processes). The stream socket netdev holds back-to-back frames about
# 20 ms each, which made SMC-R look 37 times slower than it is.
# Exit status: 0 when COMMAND succeeded in both guests.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

client_kernel=patched
server_kernel=patched
delay=0
timeout=600
out=
envs=()
vmopts=()
kill_on_request=0
while [ $# -gt 0 ]; do
	case $1 in
	--client-kernel) client_kernel=$2; shift 2 ;;
	--server-kernel) server_kernel=$2; shift 2 ;;
	--delay) delay=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--env) envs+=(--env "$2"); shift 2 ;;
	--mem) vmopts+=(--mem "$2"); shift 2 ;;
	--kill-on-request) kill_on_request=1; envs+=(--env SMC_LAB_KILL=1); shift ;;
	--) shift; break ;;
	*) echo "lab-pair: unknown option $1 (see the head of $0)" >&2; exit 2 ;;
	esac
done
[ $# -gt 0 ] || { echo "lab-pair: no command given" >&2; exit 2; }
[ -n "$out" ] || out=$(mktemp -d)

# Four UDP ports nobody uses: derived from our PID, checked with ss. The
# second pair joins the guests' eth1, a second segment left unconfigured
# for tests that bring up a second link.
base=$((20000 + ($$ % 10000) * 4))
while ss -Hun "( sport = :$base or sport = :$((base + 1)) or sport = :$((base + 2)) or sport = :$((base + 3)) )" | grep -q .; do
	base=$((base + 4))
done

run_guest()
{
	local role=$1 kernel=$2 lport=$3 rport=$4 mac=$5 expect=()
	shift 5

	case $kernel in
	*/*) ;;	# a path: no name to expect
	pristine|patched|*-debug) expect=(--env SMC_LAB_EXPECT_KERNEL="-$kernel") ;;
	esac

	"$SMC_NEXT_TOP/scripts/vm-run.sh" -q -n "$role" -t "$timeout" \
		-k "$kernel" -o "$out/$role" "${vmopts[@]}" \
		-l "$out/$role.console.log" \
		--net "dgram:$lport:$rport" --mac "$mac" \
		--net2 "dgram:$((lport + 2)):$((rport + 2))" --mac2 "${mac%:*}:1${mac##*:0}" \
		--env SMC_LAB_DELAY_MS="$delay" "${expect[@]}" "${envs[@]}" \
		-- "$SMC_NEXT_TOP/scripts/lab-guest.sh" "$role" "$@"
}

# watch_kill_requests: while the guests run, a guest's kill-peer file
# has the other guest's QEMU killed; killed-by-lab in the victim's output
# directory, written first, tells vm-run.sh that this end was wanted.
watch_kill_requests()
{
	local asker victim port

	while kill -0 "$cpid" 2>/dev/null || kill -0 "$spid" 2>/dev/null; do
		for asker in client server; do
			[ -f "$out/$asker/kill-peer" ] || continue
			if [ $asker = client ]; then victim=server port=$((base + 1)); else victim=client port=$base; fi
			[ -f "$out/$victim/killed-by-lab" ] && continue
			echo "asked by the $asker at $(date +%T)" > "$out/$victim/killed-by-lab"
			pkill -KILL -f "^qemu-system-x86_64 .*local\.port=$port,remote" ||
				echo "lab-pair: no QEMU of the $victim to kill" >&2
			smc_next_log "killed the $victim guest, as the $asker asked"
		done
		sleep 0.2
	done
}

mkdir -p "$out/client" "$out/server"
rm -f "$out"/client/kill-peer "$out"/client/killed-by-lab "$out"/server/kill-peer "$out"/server/killed-by-lab
smc_next_log "two-host lab: client ($client_kernel) <-> server ($server_kernel), delay ${delay} ms, UDP $base/$((base + 1))"
run_guest server "$server_kernel" $((base + 1)) $base 52:54:00:00:09:02 "$@" \
	2> "$out/server.err" &
spid=$!
run_guest client "$client_kernel" $base $((base + 1)) 52:54:00:00:09:01 "$@" \
	2> "$out/client.err" &
cpid=$!
if [ $kill_on_request = 1 ]; then
	watch_kill_requests &
	wpid=$!
fi
set +e
wait $cpid; crc=$?
wait $spid; src=$?
[ $kill_on_request = 1 ] && wait $wpid
set -e

for role in client server; do
	smc_next_guest_output "$out/$role.console.log" | sed "s/^/[$role] /"
	sed "s/^/[$role] /" "$out/$role.err" >&2
done
[ $crc = 0 ] && [ $src = 0 ]
