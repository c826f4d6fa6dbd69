#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# SMC-R events (smc-next, two-host lab): the client's eth0 goes down under
# a connection and the events arrive in order: LINK_DOWN, LINK_DELETED,
# LGR_DESTROYED; after eth0 is back, a new connection makes a new link
# group: LGR_CREATED, then LINK_UP. The server serves whatever comes and,
# once the client is done, checks that the vanished group's connection
# did not leave its server stuck in the kernel.
# Runs on both hosts at once: SMC_LIB_ROLE=client|server, SMC_LIB_PEER.

. "$(dirname "$0")/smc_lib.sh"

tools=$(cd "$SMC_LIB_DIR/../smc-tools" && pwd)
smcr=$tools/smcr
smcss=$tools/smcss
role=${SMC_LIB_ROLE:?runs in the two-host lab (lab-pair.sh)}
port=12101 sync_port=12102
smc_lib_check_smc
smc_lib_check_tools smc_xfer python3 ip
tmp=$(mktemp -d)
held= mon=
trap 'kill $held $mon 2>/dev/null; rm -rf "$tmp"' EXIT

# finish: tell the server the client's checks are over, and end
finish()
{
	smc_lib_pair_sync finished $sync_port || echo "smcr_events: the server was not reached at the end"
	smc_lib_exit
}

# proc_ended PID: the process is gone or a zombie
proc_ended()
{
	local state

	state=$(awk '/^State:/ { print $2 }' "/proc/$1/status" 2>/dev/null)
	[ -z "$state" ] || [ "$state" = Z ]
}

if [ "$role" = server ]; then
	# One server after the other until the client is done.
	(smc_lib_pair_sync finished $sync_port >/dev/null 2>&1 && touch "$tmp/done") &
	sync=$!
	end=$((SECONDS + 240))
	while [ $SECONDS -lt $end ] && [ ! -f "$tmp/done" ]; do
		"$SMC_LIB_XFER" server -p $port -w 20 >/dev/null 2>&1 &
		srv=$!
		while kill -0 $srv 2>/dev/null && [ ! -f "$tmp/done" ] && [ $SECONDS -lt $end ]; do
			sleep 1
		done
	done
	smc_lib_check "the client finished its checks" test -f "$tmp/done"
	# The server of a connection whose client vanished may still wait
	# for data (no SMC-R keepalive before tcp_keepalive_time), but it must
	# end when killed: a task stuck in the kernel (state D) does not.
	state=$(awk '/^State:/ { print $2 }' /proc/$srv/status 2>/dev/null)
	kill -9 $srv 2>/dev/null
	for _ in $(seq 20); do
		proc_ended $srv && break
		sleep 0.5
	done
	if ! smc_lib_check "the last server ends when killed (it was in state ${state:-gone})" \
		proc_ended $srv; then
		# blocked tasks and their stacks, then what SMC holds
		smc_lib_dump_blocked
		"$smcss" -R -d | sed 's/^/    /'
		"$smcr" -s -d linkgroup link-show | sed 's/^/    /'
	fi
	# not "wait" for all: a server stuck in the kernel never ends
	kill $sync 2>/dev/null
	wait $sync 2>/dev/null
	smc_lib_exit
fi

out=$(timeout 5 "$smcr" monitor 2>&1)
if [ $? = 1 ] && grep -q "sends none" <<< "$out"; then
	smc_lib_result_skip_feature "SMC-R events" "the kernel has no SMC events group"
	finish
fi

# hold: an SMC-R connection held open in the background ($held, empty
# when none came up). The server may still hold a link group the client
# has dropped; it then declines for a while, so try again until one is
# SMC-R. Called directly, not under smc_lib_check: in its subshell $held
# would not reach the caller, and the holder would outlive the test,
# keeping its socket and with it the link on the RDMA device.
hold()
{
	for _ in $(seq 20); do
		"$SMC_LIB_XFER" client "$SMC_LIB_PEER" -p $port -w 30 -b 64K -m SMCR -H 3600 \
			>/dev/null 2>&1 &
		held=$!
		sleep 3
		kill -0 $held 2>/dev/null && "$smcss" -R | grep -q ":$port " && return 0
		kill $held 2>/dev/null
		wait $held 2>/dev/null
		sleep 2
	done
	held=
	return 1
}

# wait_for EVENT: until the monitor has printed EVENT after line $mark
wait_for()
{
	for _ in $(seq 60); do
		tail -n +$((mark + 1)) "$tmp/ev.json" | grep -q "\"$1\"" && return 0
		sleep 0.5
	done
	return 1
}

"$smcr" -j monitor > "$tmp/ev.json" 2>"$tmp/ev.err" &
mon=$!
sleep 1
hold
smc_lib_check "an SMC-R connection is held" test -n "$held"

mark=$(wc -l < "$tmp/ev.json")
ip link set eth0 down
wait_for LGR_DESTROYED
kill $held 2>/dev/null
wait $held 2>/dev/null
smc_lib_check_output "eth0 down: LINK_DOWN, LINK_DELETED, LGR_DESTROYED, in order" "^ok$" python3 -c "
import json
evs = [json.loads(l) for l in open('$tmp/ev.json').readlines()[$mark:] if l.strip()]
e = [x['event'] for x in evs if x['event'] in ('LINK_DOWN', 'LINK_DELETED', 'LGR_DESTROYED')]
lgr = {x.get('lgr_id') for x in evs if x['event'] in ('LINK_DOWN', 'LINK_DELETED', 'LGR_DESTROYED')}
print('ok' if e == ['LINK_DOWN', 'LINK_DELETED', 'LGR_DESTROYED'] and len(lgr) == 1 else [x['event'] for x in evs])"
smc_lib_check_output "link events name the device" "^ok$" python3 -c "
import json
x = [json.loads(l) for l in open('$tmp/ev.json').readlines()[$mark:] if json.loads(l)['event'] == 'LINK_DOWN'][0]
print('ok' if x['ibdev'] == 'rxe0' and x['netdev'] == 'eth0' else x)"

# Back up: wait for the RDMA port as well as IP, then a new link group.
ip link set eth0 up
for _ in $(seq 60); do
	ping -c1 -W1 "$SMC_LIB_PEER" >/dev/null 2>&1 &&
		"$smcr" -j device | python3 -c 'import json, sys; sys.exit(not any(d["ibdev"] == "rxe0" and d["state"] == "ACTIVE" for d in json.load(sys.stdin)["devices"]))' &&
		break
	sleep 0.5
done
mark=$(wc -l < "$tmp/ev.json")
hold
smc_lib_check "a new SMC-R connection after eth0 came back" test -n "$held"
wait_for LINK_UP
kill $mon $held 2>/dev/null
smc_lib_check_output "a new link group, then its link: LGR_CREATED before LINK_UP" "^ok$" python3 -c "
import json
e = [json.loads(l)['event'] for l in open('$tmp/ev.json').readlines()[$mark:] if l.strip()]
print('ok' if 'LGR_CREATED' in e and 'LINK_UP' in e and e.index('LGR_CREATED') < e.index('LINK_UP') else e)"
wait 2>/dev/null
finish
