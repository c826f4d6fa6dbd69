#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# SMC-R events (smc-next, two-host lab): a link comes up for a connection
# (LGR_CREATED, LINK_UP), then the client's eth0 goes down under it and
# the events arrive in order: LINK_DOWN, LINK_DELETED, LGR_DESTROYED.
# Runs on both hosts at once; the checks are the client's.

. "$(dirname "$0")/smc_lib.sh"

tools=$(cd "$SMC_LIB_DIR/../smc-tools" && pwd)
smcr=$tools/smcr
role=${SMC_LIB_ROLE:?runs in the two-host lab (lab-pair.sh)}
smc_lib_check_smc
smc_lib_check_tools smc_xfer python3 ip
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ "$role" = server ]; then
	# Serve one connection; it breaks when the client's link goes away.
	"$SMC_LIB_XFER" server -p 12101 -w 90 >/dev/null 2>&1
	sleep 30	# the client brings its link down and back meanwhile
	smc_lib_exit
fi

out=$(timeout 5 "$smcr" monitor 2>&1)
if [ $? = 1 ] && grep -q "sends none" <<< "$out"; then
	smc_lib_result_skip_feature "SMC-R events" "the kernel has no SMC events group"
	"$SMC_LIB_XFER" client "$SMC_LIB_PEER" -p 12101 -w 60 -b 1K >/dev/null 2>&1
	smc_lib_exit
fi
# Earlier tests left a link group: end it first, so that this one is new.
ip link set eth0 down; sleep 3; ip link set eth0 up
# wait for the RDMA port as well as IP: a connection before rxe0's port is
# active again falls back (no SMC-R device)
for i in $(seq 60); do
	ping -c1 -W1 "$SMC_LIB_PEER" >/dev/null 2>&1 &&
		"$smcr" -j device | python3 -c 'import json, sys; sys.exit(not any(d["ibdev"] == "rxe0" and d["state"] == "ACTIVE" for d in json.load(sys.stdin)["devices"]))' &&
		break
	sleep 0.5
done
sleep 2

"$smcr" -j monitor > "$tmp/ev.json" 2>"$tmp/ev.err" &
mon=$!
sleep 1
"$SMC_LIB_XFER" client "$SMC_LIB_PEER" -p 12101 -w 60 -b 1M -m SMCR -H 60 >/dev/null 2>&1 &
for i in $(seq 60); do
	grep -q LINK_UP "$tmp/ev.json" && break
	sleep 0.5
done
smc_lib_check_output "a new link group and its link came up" "^ok$" python3 -c "
import json
e = [json.loads(l)['event'] for l in open('$tmp/ev.json') if l.strip()]
print('ok' if 'LGR_CREATED' in e and 'LINK_UP' in e and e.index('LGR_CREATED') < e.index('LINK_UP')
      else open('$tmp/ev.json').read())"

ip link set eth0 down
for i in $(seq 60); do
	grep -q LGR_DESTROYED "$tmp/ev.json" && break
	sleep 0.5
done
kill $mon 2>/dev/null
ip link set eth0 up
smc_lib_check_output "eth0 down: LINK_DOWN, LINK_DELETED, LGR_DESTROYED, in order" "^ok$" python3 -c "
import json
evs = [json.loads(l) for l in open('$tmp/ev.json') if l.strip()]
e = [x['event'] for x in evs]
down = [x for x in e if x in ('LINK_DOWN', 'LINK_DELETED', 'LGR_DESTROYED')]
lgr = {x.get('lgr_id') for x in evs if x['event'] in ('LINK_DOWN', 'LINK_DELETED', 'LGR_DESTROYED')}
print('ok' if down == ['LINK_DOWN', 'LINK_DELETED', 'LGR_DESTROYED'] and len(lgr) == 1 else e)"
smc_lib_check_output "link events name the device" "^ok$" python3 -c "
import json
x = [json.loads(l) for l in open('$tmp/ev.json') if json.loads(l)['event'] == 'LINK_DOWN'][0]
print('ok' if x['ibdev'] == 'rxe0' and x['netdev'] == 'eth0' else x)"
wait 2>/dev/null
smc_lib_exit
