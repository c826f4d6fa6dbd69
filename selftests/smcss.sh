#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# smcss against live SMC-D and fallback connections: the columns of IBM's
# smcss, -a/-l filters, fallback reasons in words, JSON that parses, and
# the same sockets as the libnl-free reader (smc_nlctl) sees.

. "$(dirname "$0")/smc_lib.sh"

tools=$(cd "$SMC_LIB_DIR/../smc-tools" && pwd)
smcss=$tools/smcss
smc_run=$tools/smc_run

smc_lib_check_smc
[ -x "$smcss" ] || smc_lib_skip_all "smcss not built (make -C smc-tools)"
smc_lib_check_tools sockperf python3
smc_lib_ueid_setup || smc_lib_skip_all "cannot configure a UEID"

# While smcss looks: an SMC-D connection of AF_SMC sockets, one of
# IPPROTO_SMC sockets, and a fallback one (SMC client, TCP server).
"$smc_run" -f smc sockperf sr --tcp -p 11201 >/dev/null 2>&1 &
smc_server=$!
"$smc_run" -f inet sockperf sr --tcp -p 11203 >/dev/null 2>&1 &
inet_server=$!
sockperf sr --tcp -p 11202 >/dev/null 2>&1 &
tcp_server=$!
smc_lib_wait_listen 11201
smc_lib_wait_listen 11203
sleep 0.5
"$smc_run" -f smc sockperf pp --tcp -i 127.0.0.1 -p 11201 -t 30 >/dev/null 2>&1 &
smc_client=$!
"$smc_run" -f inet sockperf pp --tcp -i 127.0.0.1 -p 11203 -t 30 >/dev/null 2>&1 &
inet_client=$!
"$smc_run" -f inet sockperf pp --tcp -i 127.0.0.1 -p 11202 -t 30 >/dev/null 2>&1 &
fb_client=$!
# Clients start slowly under emulation: wait until all three are connected.
for _ in $(seq 60); do
	[ "$("$smcss" | grep -c '^ACTIVE')" -ge 4 ] && break
	sleep 0.5
done

smc_lib_check_output "header has IBM's columns" \
	'^State          UID   Inode   Local Address           Peer Address            Intf Mode$' "$smcss"
smc_lib_check_output "SMC-D connection: ACTIVE ... SMCD" \
	'^ACTIVE         [0-9]{5} [0-9]{7} 127\.0\.0\.1:[0-9]+ +127\.0\.0\.1:11201 +[0-9]{4} SMCD$' "$smcss"
# Addresses of IPPROTO_SMC sockets: sock_diag reports them since the
# series' patch 0002; a stock 6.12 kernel reports 0.0.0.0.
if "$smcss" | grep -qE '^ACTIVE .* 127\.0\.0\.1:11203 +[0-9]{4} SMCD$'; then
	smc_lib_result_pass "IPPROTO_SMC connection shows its addresses"
else
	"$smcss" | sed 's/^/    /'
	smc_lib_result_skip_feature "IPPROTO_SMC connection shows its addresses" \
		"the kernel reports no addresses for IPPROTO_SMC sockets"
fi
smc_lib_check_output "fallback connection: TCP and its reason" \
	'127\.0\.0\.1:11202 +[0-9]{4} TCP 0x03010000$' "$smcss"
smc_lib_check_output "-v: the reason in words" \
	'TCP 0x03010000 \(peer did not indicate SMC\)' "$smcss" -v
smc_lib_check "default hides listening sockets" bash -c "! '$smcss' | grep -q '^LISTEN'"
smc_lib_check_output "-l: listening only" '^LISTEN         [0-9]{5} [0-9]{7} 0\.0\.0\.0:11201$' "$smcss" -l
smc_lib_check "-l: no connected socket" bash -c "! '$smcss' -l | grep -q '^ACTIVE'"
smc_lib_check_output "-a: both" '^LISTEN.*:11201$' "$smcss" -a

# The same sockets as the libnl-free sock_diag reader sees.
inodes_smcss=$("$smcss" -a -j | python3 -c 'import json, sys; print(" ".join(sorted(str(s["inode"]) for s in json.load(sys.stdin)["sockets"])))')
inodes_nlctl=$("$SMC_LIB_NLCTL" sockets | awk '{print $2}' | sort | xargs)
if [ -n "$inodes_smcss" ] && [ "$inodes_smcss" = "$inodes_nlctl" ]; then
	smc_lib_result_pass "-j -a: JSON parses, same sockets as smc_nlctl"
else
	echo "    smcss: $inodes_smcss"
	echo "    nlctl: $inodes_nlctl"
	smc_lib_result_fail "-j -a: JSON parses, same sockets as smc_nlctl"
fi
smc_lib_check_output "JSON carries the decoded reason" '^peer did not indicate SMC$' \
	bash -c "'$smcss' -j | python3 -c 'import json, sys; print(next(s[\"fallback_reason_text\"] for s in json.load(sys.stdin)[\"sockets\"] if s[\"mode\"] == \"TCP\"))'"

kill $smc_client $inet_client $fb_client $smc_server $inet_server $tcp_server 2>/dev/null
wait 2>/dev/null

smc_lib_check_output "unknown option: exit 2" "usage: smcss" bash -c "'$smcss' --frob 2>&1; [ \$? = 2 ]"
smc_lib_exit
