#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# SMC events (smc-next): "smcd monitor" in a fresh namespace sees exactly
# the events of that namespace, in order: a fallback on each end that
# wanted SMC (reason, addresses, ports; on a refused handshake the
# server's carries the client's decline diagnosis), PNET entries added,
# deleted and flushed; RDMA devices coming and going
# reach the initial namespace; a monitor in another namespace sees none;
# a monitor without CAP_NET_ADMIN is refused.

. "$(dirname "$0")/smc_lib.sh"

tools=$(cd "$SMC_LIB_DIR/../smc-tools" && pwd)
smcd=$tools/smcd
smc_lib_check_smc
smc_lib_check_tools smc_xfer python3 ip setpriv

ns_a=smc-ev-a
ns_b=smc-ev-b
tmp=$(mktemp -d)
cleanup()
{
	for ns in $ns_a $ns_b; do
		ip netns pids $ns 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del $ns 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
for ns in $ns_a $ns_b; do
	ip netns add $ns && ip -n $ns link set lo up || smc_lib_skip_all "cannot create namespaces"
done

# A kernel without events: the monitor says so and exits 1.
out=$(ip netns exec $ns_a timeout 5 "$smcd" monitor 2>&1)
if [ $? = 1 ] && grep -q "sends none" <<< "$out"; then
	smc_lib_result_skip_feature "SMC events" "the kernel has no SMC events group"
	smc_lib_exit
fi

# The events carry every connection's addresses: only CAP_NET_ADMIN in the
# namespace may listen (GENL_MCAST_CAP_NET_ADMIN, as MPTCP's events). A
# listener let in would wait for events until the timeout (exit 124).
smc_lib_check_exit "unprivileged monitor: refused, exit 1, says CAP_NET_ADMIN" 1 \
	"Operation not permitted \(this needs CAP_NET_ADMIN\)" \
	ip netns exec $ns_a setpriv --reuid=65534 --regid=65534 --clear-groups \
	timeout 5 "$smcd" monitor

ip netns exec $ns_a "$smcd" -j monitor > "$tmp/a.json" 2>"$tmp/a.err" &
mon_a=$!
ip netns exec $ns_b "$smcd" -j monitor > "$tmp/b.json" 2>"$tmp/b.err" &
mon_b=$!
sleep 1

# 1. An SMC client against a plain TCP server: one fallback, the client's.
ip netns exec $ns_a "$SMC_LIB_XFER" server -p 12001 -f tcp -w 30 >/dev/null 2>&1 &
sleep 0.5
smc_lib_check "SMC client, TCP server: falls back" \
	ip netns exec $ns_a "$SMC_LIB_XFER" client 127.0.0.1 -p 12001 -b 64K -m TCP
# 2. Both ends SMC, loopback-ism refused in the namespace: both fall back.
ip netns exec $ns_a sysctl -qw net.smc.smcd_loopback=0 2>/dev/null
ip netns exec $ns_a "$SMC_LIB_XFER" server -p 12002 -w 30 -m TCP >/dev/null 2>&1 &
sleep 0.5
smc_lib_check "SMC both ends, no device: falls back" \
	ip netns exec $ns_a "$SMC_LIB_XFER" client 127.0.0.1 -p 12002 -b 64K -m TCP
wait %3 %4 2>/dev/null
# 3. The PNET table.
smc_lib_check "pnet add" ip netns exec $ns_a "$tools/smc_pnet" -a netev -I smcev0
smc_lib_check "pnet delete" ip netns exec $ns_a "$tools/smc_pnet" -d NETEV
# a flush announces each entry it removes (the series before session 15
# announced none)
smc_lib_check "pnet add two more" bash -c "ip netns exec $ns_a '$tools/smc_pnet' -a netfa -I smcfa0 &&
	ip netns exec $ns_a '$tools/smc_pnet' -a netfb -I smcfb0"
smc_lib_check "pnet flush" ip netns exec $ns_a "$tools/smc_pnet" -f
sleep 1
kill $mon_a $mon_b 2>/dev/null
wait $mon_a $mon_b 2>/dev/null

smc_lib_check_output "namespace A: the exact sequence of events" "^match$" python3 -c "
import json, sys
evs = [json.loads(l) for l in open('$tmp/a.json') if l.strip()]
seq = [(e['event'], e.get('reason'), e.get('peer', '').split(':')[-1], e.get('pnetid')) for e in evs]
want = [('FALLBACK', '03010000', '12001', None)]
# the refused handshake: the client falls back and declines, the server
# falls back on the decline (the two ends' events may interleave); the
# decline has no event of its own since session 16
refused = sorted(s[0] for s in seq[1:3])
flushed = sorted(s[3] for s in seq[7:9] if s[0] == 'PNET_REMOVED')
ok = seq[:1] == want and len(seq) == 9 and refused == ['FALLBACK', 'FALLBACK'] \\
     and seq[3] == ('PNET_ADDED', None, '', 'NETEV') and seq[4] == ('PNET_REMOVED', None, '', 'NETEV') \\
     and [s[0] for s in seq[5:7]] == ['PNET_ADDED'] * 2 and flushed == ['NETFA', 'NETFB']
print('match' if ok else seq)"
smc_lib_check_output "the fallback on a peer's decline carries the peer's diagnosis" "^ok\$" python3 -c "
import json
e = [json.loads(l) for l in open('$tmp/a.json') if l.strip()][1:3]
d = [x for x in e if x.get('reason') == '05000000']
o = [x for x in e if x.get('reason') != '05000000']
print('ok' if len(d) == 1 and len(o) == 1 and d[0].get('peer_diagnosis') == o[0].get('reason') else e)"
smc_lib_check_output "fallback events carry the decline and both addresses" "^ok$" python3 -c "
import json
e = [json.loads(l) for l in open('$tmp/a.json') if l.strip()][0]
print('ok' if e['local'].startswith('127.0.0.1:') and e['peer'] == '127.0.0.1:12001' and
      e['reason_text'] == 'peer did not indicate SMC' else e)"
smc_lib_check "namespace B saw nothing" test ! -s "$tmp/b.json"

# Devices: an RDMA device coming and going, seen in its namespace (the
# initial one) and nowhere else.
"$smcd" -j monitor > "$tmp/init.json" 2>/dev/null &
mon_i=$!
ip netns exec $ns_b "$smcd" -j monitor > "$tmp/b2.json" 2>/dev/null &
mon_b=$!
sleep 1
if ip link add smcev0 type veth peer name smcev1 && ip link set smcev0 up &&
   rdma link add smcevrxe type rxe netdev smcev0; then
	sleep 1
	rdma link del smcevrxe
	sleep 1
	smc_lib_check_output "RDMA device added and removed: two events" "^ok$" python3 -c "
import json
e = [json.loads(l) for l in open('$tmp/init.json') if l.strip()]
d = [(x['event'], x.get('type'), x.get('ibdev')) for x in e if x['event'].startswith('DEV_')]
print('ok' if d == [('DEV_ADDED', 'SMC-R', 'smcevrxe'), ('DEV_REMOVED', 'SMC-R', 'smcevrxe')] else e)"
	smc_lib_check "namespace B saw no device event" test ! -s "$tmp/b2.json"
else
	smc_lib_result_skip "RDMA device added and removed: two events" "cannot create an rxe device"
fi
ip link del smcev0 2>/dev/null
kill $mon_i $mon_b 2>/dev/null
wait $mon_i $mon_b 2>/dev/null
smc_lib_check_output "text: one line per event" "^\[FALLBACK\] 127\.0\.0\.1:[0-9]+ -> 127\.0\.0\.1:12003 reason 0x03010000 \(peer did not indicate SMC\)$" \
	bash -c "ip netns exec $ns_a bash -c '\"$smcd\" monitor & m=\$!; sleep 0.5; \"$SMC_LIB_XFER\" server -p 12003 -f tcp -w 10 >/dev/null 2>&1 & sleep 0.3; \"$SMC_LIB_XFER\" client 127.0.0.1 -p 12003 -b 1K -m TCP >/dev/null 2>&1; sleep 0.5; kill \$m'"
smc_lib_exit
