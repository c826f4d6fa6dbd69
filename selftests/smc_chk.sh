#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# smc_chk in one kernel: against its own probe server (-S) over
# loopback-ism it reports SMC-D; against a plain TCP service, without a UEID
# and in a namespace without any SMC device it reports TCP, the reason in
# words and what to do, with exit 1; nothing listening is exit 3; -i prints
# a net device's PNET ID with the "*" of smc_pnet.

. "$(dirname "$0")/smc_lib.sh"

tools=$SMC_LIB_DIR/../smc-tools
chk=$tools/smc_chk
smc_lib_check_smc
[ -x "$chk" ] || smc_lib_skip_all "smc_chk not built (make -C smc-tools)"
smc_lib_check_tools python3
smc_lib_ueid_setup || smc_lib_skip_all "cannot configure a UEID"

ns=smcchk$$
pids=()
cleanup()
{
	kill "${pids[@]}" 2>/dev/null
	ip netns del $ns 2>/dev/null
	"$tools/smc_pnet" -d SMCCHK >/dev/null 2>&1
	smc_lib_ueid_restore
}
trap cleanup EXIT

# server PORT [NS]: a probe server for one connection, ready when it listens
server()
{
	local port=$1 netns=${2:+ip netns exec $2}

	$netns "$chk" -S -p "$port" -n 1 >/dev/null &
	pids+=($!)
	if [ -n "$2" ]; then
		smc_lib_wait_for 10 bash -c "ip netns exec $2 ss -Hltn sport = :$port | grep -q ." ||
			smc_lib_result_fail "probe server on port $port" "never listened"
	else
		smc_lib_wait_listen "$port" || smc_lib_result_fail "probe server on port $port" "never listened"
	fi
}

# working: the probe server over loopback-ism
server 5301
smc_lib_check_exit "SMC-D to its own probe server: exit 0" 0 "^  Result: SMCD used$" \
	"$chk" -C 127.0.0.1 -p 5301
server 5302
smc_lib_check_output "-j: mode SMCD, the local setup" "^SMCD [0-9]+$" \
	bash -c "'$chk' -j -C 127.0.0.1 -p 5302 | python3 -c 'import json, sys; d = json.load(sys.stdin); print(d[\"mode\"], d[\"local\"][\"smcd_devices\"])'"
server 5303
smc_lib_check_exit "IPv6 (-6 ::1): exit 0" 0 "^  Result: SMCD used$" "$chk" -6 -C ::1 -p 5303

# broken: the service is plain TCP
python3 -c '
import socket
s = socket.socket(socket.AF_INET6); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("::", 5304)); s.listen(2)
for _ in range(2):
    c, _ = s.accept(); c.recv(1); c.close()' &
pids+=($!)
smc_lib_wait_listen 5304
smc_lib_check_exit "plain TCP service: exit 1, the reason and the advice" 1 \
	"^  Why: 0x03010000 \(peer did not indicate SMC\)$" "$chk" -C 127.0.0.1 -p 5304
smc_lib_check_exit "... says to start it with smc_run" 1 "What to do: the service does not use SMC: start it with smc_run" \
	"$chk" -C 127.0.0.1 -p 5304

# broken: no UEID (SMC-Dv2 over loopback-ism needs one)
"$tools/smcd" ueid flush
server 5305
smc_lib_check_exit "no UEID: exit 1, says SMC was not used" 1 "^  Result: TCP \(SMC not used\)$" \
	"$chk" -C 127.0.0.1 -p 5305
server 5306
smc_lib_check_exit "no UEID: explains the missing UEID" 1 "this host has no UEID \(smcr ueid add" \
	"$chk" -C 127.0.0.1 -p 5306
smc_lib_ueid_setup

# broken: no SMC device at all (loopback-ism off in a namespace)
if [ -f /proc/sys/net/smc/smcd_loopback ] && ip netns add $ns; then
	ip -n $ns link set lo up
	ip netns exec $ns sysctl -qw net.smc.smcd_loopback=0
	server 5307 $ns
	smc_lib_check_exit "no SMC device: exit 1" 1 "^  Why: 0x0303000[0-7] \(no SMC(-D|-R|-Dv2)? device found\)$" \
		ip netns exec $ns "$chk" -C 127.0.0.1 -p 5307
	server 5308 $ns
	smc_lib_check_exit "no SMC device: says how to get one" 1 "this host has no SMC device" \
		ip netns exec $ns "$chk" -C 127.0.0.1 -p 5308
else
	smc_lib_result_skip_feature "no SMC device: exit 1" "no net.smc.smcd_loopback"
	smc_lib_result_skip_feature "no SMC device: says how to get one" "no net.smc.smcd_loopback"
fi

smc_lib_check_exit "nobody listening: exit 3" 3 "^Error: cannot connect to 127.0.0.1:5399" \
	"$chk" -C 127.0.0.1 -p 5399
smc_lib_check_exit "not an address: exit 2" 2 "not an IP address" "$chk" -C 300.1.1.1

# -i: the PNET ID of a net device
smc_lib_check_exit "-i lo without a PNET ID: n/a" 0 "^lo n/a$" "$chk" -i lo
"$tools/smc_pnet" -a -I lo SMCCHK
smc_lib_check_exit "-i lo after smc_pnet: *SMCCHK" 0 "^lo \*SMCCHK$" "$chk" -i lo
smc_lib_check_exit "-i of an unknown device: exit 3" 3 "network device \"nosuchdev0\"" "$chk" -i nosuchdev0
smc_lib_exit
