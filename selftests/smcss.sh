#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# smcss against live SMC-D and fallback connections: the columns of IBM's
# smcss, -a/-l filters, fallback reasons in words, JSON that parses, and
# the same sockets as the libnl-free reader (smc_nlctl) sees.

. "$(dirname "$0")/smc_lib.sh"

tools=$(cd "$SMC_LIB_DIR/../smc-tools" && pwd)
smcss=$tools/smcss

smc_lib_check_smc
[ -x "$smcss" ] || smc_lib_skip_all "smcss not built (make -C smc-tools)"
smc_lib_check_tools smc_xfer python3
smc_lib_ueid_setup || smc_lib_skip_all "cannot configure a UEID"

# While smcss looks, three connections are held open: SMC-D between
# AF_SMC sockets, SMC-D between IPPROTO_SMC sockets, and a fallback one
# (IPPROTO_SMC client, plain TCP server); the end kills them.
hold()
{
	local port=$1 skind=$2 ckind=$3

	"$SMC_LIB_XFER" server -p "$port" -f "$skind" -w 60 >/dev/null 2>&1 &
	servers+=($!)
	smc_lib_wait_listen "$port"
	"$SMC_LIB_XFER" client 127.0.0.1 -p "$port" -f "$ckind" -b 1K -H 3600 >/dev/null 2>&1 &
	clients+=($!)
}
servers=()
clients=()
hold 11201 smc smc
hold 11203 inet inet
hold 11202 tcp inet
# IPv6: both socket kinds over ::1
hold6()
{
	local port=$1 kind=$2

	"$SMC_LIB_XFER" server -6 -p "$port" -f "$kind" -w 60 >/dev/null 2>&1 &
	servers+=($!)
	smc_lib_wait_listen "$port"
	"$SMC_LIB_XFER" client ::1 -6 -p "$port" -f "$kind" -b 1K -H 3600 >/dev/null 2>&1 &
	clients+=($!)
}
hold6 11204 smc
hold6 11205 inet
for i in $(seq 60); do
	[ "$("$smcss" | grep -c '^ACTIVE')" -ge 9 ] && break
	sleep 0.5
done
echo "connections up after about $((i / 2)) s"

smc_lib_check_output "header has IBM's columns" \
	'^State          UID   Inode   Local Address           Peer Address            Intf Mode$' "$smcss"
smc_lib_check_output "SMC-D connection: ACTIVE ... SMCD" \
	'^ACTIVE         [0-9]{5} [0-9]{7} 127\.0\.0\.1:[0-9]+ +127\.0\.0\.1:11201 +[0-9]{4} SMCD$' "$smcss"
# Addresses of IPPROTO_SMC sockets: sock_diag reports them since the
# series' patch 0010; a stock 6.12 kernel reports 0.0.0.0.
if "$smcss" | grep -qE '^ACTIVE .* 127\.0\.0\.1:11203 +[0-9]{4} SMCD$'; then
	smc_lib_result_pass "IPPROTO_SMC connection shows its addresses"
else
	"$smcss" | sed 's/^/    /'
	smc_lib_result_skip_feature "IPPROTO_SMC connection shows its addresses" \
		"the kernel reports no addresses for IPPROTO_SMC sockets"
fi
smc_lib_check_output "IPv6 AF_SMC connection: [::1] addresses" \
	'^ACTIVE .* \[::1\]:[0-9]+ +\[::1\]:11204 +[0-9]{4} SMCD$' "$smcss" -W
# IPPROTO_SMC over IPv6: addresses since the series' patch 0010, as above.
if "$smcss" -W | grep -qE '^ACTIVE .* \[::1\]:[0-9]+ +\[::1\]:11205 +[0-9]{4} SMCD$'; then
	smc_lib_result_pass "IPv6 IPPROTO_SMC connection shows its addresses"
else
	"$smcss" -W | sed 's/^/    /'
	smc_lib_result_skip_feature "IPv6 IPPROTO_SMC connection shows its addresses" \
		"the kernel reports no addresses for IPPROTO_SMC sockets"
fi
smc_lib_check_output "fallback connection: TCP and its reason" \
	'127\.0\.0\.1:11202 +[0-9]{4} TCP 0x03010000$' "$smcss"
smc_lib_check_output "--verbose: the reason in words" \
	'TCP 0x03010000 \(peer did not indicate SMC\)' "$smcss" --verbose
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

# -d: connection internals; -D: SMC-D GIDs and tokens; -W: wide columns.
smc_lib_check_output "-d: IBM's columns" \
	' Mode Shutd Token    Sndbuf   Rcvbuf   Peerbuf  rxprod-Cursor rxcons-Cursor rxFlags txprod-Cursor txcons-Cursor txFlags txprep-Cursor txsent-Cursor txfin-Cursor( Features)?$' \
	"$smcss" -d
smc_lib_check_output "-d: an SMC-D connection, open both ways, cursors in hex" \
	':11201 +[0-9]{4} SMCD  <->  [0-9a-f]{8} [0-9a-f]{8} [0-9a-f]{8} [0-9a-f]{8} ([0-9a-f]{4}:[0-9a-f]{8} ){2}[0-9a-f]{2}:[0-9a-f]{2}   ' \
	"$smcss" -d
if "$smcss" -d | head -1 | grep -q ' Features$'; then
	# smc-next: no CLC feature extension concerns SMC-D
	smc_lib_check "-d: SMC-D connections agreed on no feature ('-')" \
		bash -c "'$smcss' -d | grep ' SMCD ' | grep -qv ' -\$' && exit 1 || exit 0"
fi
smc_lib_check_output "-D: IBM's columns" ' Mode GID +Token +Peer-GID +Peer-Token +Linkid$' "$smcss" -D
smc_lib_check_output "-D: GID, token, peer GID, peer token, link group" \
	':11201 +[0-9]{4} SMCD [0-9a-f]{16} [0-9a-f]{16} [0-9a-f]{16} [0-9a-f]{16} [0-9a-f]{8}$' "$smcss" -D
smc_lib_check "-D: no fallback connection" bash -c "! '$smcss' -D | grep -q ' TCP '"
smc_lib_check "-R: no SMC-R connection over loopback" bash -c "[ \$('$smcss' -R | wc -l) = 1 ]"
# One connection, two ends: each end's token is the other's peer token.
smc_lib_check_output "-D -j: the two ends name each other's DMB" "^crossed$" \
	bash -c "'$smcss' -D -j | python3 -c '
import json, sys
s = [x for x in json.load(sys.stdin)[\"sockets\"] if x[\"local\"].endswith(\":11201\") or x[\"peer\"].endswith(\":11201\")]
a, b = s[0][\"dmb\"], s[1][\"dmb\"]
print(\"crossed\" if len(s) == 2 and a[\"token\"] == b[\"peer_token\"] and b[\"token\"] == a[\"peer_token\"] else s)'"
# IBM's -W widens IPv6 rows only: IPv4 rows keep 23 columns.
smc_lib_check_output "-W: IPv4 rows keep 23 columns" \
	'^ACTIVE         [0-9]{5} [0-9]{7} 127\.0\.0\.1:[0-9]{5} {9}127\.0\.0\.1:11201 {9}[0-9]{4} SMCD$' "$smcss" -W
smc_lib_check_output "-W: IPv6 rows 47 columns" \
	'^ACTIVE         [0-9]{5} [0-9]{7} \[::1\]:[0-9]{5} {37}\[::1\]:11204 {37}[0-9]{4} SMCD$' "$smcss" -W

kill "${clients[@]}" "${servers[@]}" 2>/dev/null
wait 2>/dev/null

smc_lib_check_output "unknown option: exit 2" "Usage: smcss" bash -c "'$smcss' --frob 2>&1; [ \$? = 2 ]"
smc_lib_exit
