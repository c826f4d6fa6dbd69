#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# smcd and smcr objects against live SMC-D loopback link groups: info,
# linkgroup (all, one LG-ID, an unknown one), device, stats that move with
# the data sent, and stats reset through the user's baseline; text in IBM's
# columns, JSON that parses and says the same.

. "$(dirname "$0")/smc_lib.sh"

tools=$(cd "$SMC_LIB_DIR/../smc-tools" && pwd)
smcd=$tools/smcd
smcr=$tools/smcr

smc_lib_check_smc
[ -x "$smcd" ] || smc_lib_skip_all "smc-tools not built (make -C smc-tools)"
smc_lib_check_tools smc_xfer python3
smc_lib_ueid_setup || smc_lib_skip_all "cannot configure a UEID"
export XDG_STATE_HOME=$(mktemp -d)

# json_of EXPR CMD...: CMD's output parsed as JSON (d), EXPR printed.
json_of()
{
	local expr=$1
	shift

	"$@" | python3 -c "import json, sys; d = json.load(sys.stdin); print($expr)"
}

smc_lib_check_output "smcr info: version and features" "^SMC Version: +2\\.1$" "$smcr" info
smc_lib_check_output "smcd -j info agrees" "^2\\.1 True$" \
	json_of "d['version'], 'v2' in d['smcd_features']" "$smcd" -j info

# Start from a known point: the statistics baseline.
smc_lib_check_output "stats reset prints the figures" "^SMC-D Connections Summary$" "$smcd" stats reset
smc_lib_check_output "after reset: no SMC-D connection counted" "^  SMC connections +0$" "$smcd" stats

# Hold one SMC-D connection that moved 1 MB while the tools look.
"$SMC_LIB_XFER" server -p 11301 -w 60 >/dev/null 2>&1 &
server=$!
smc_lib_wait_listen 11301
"$SMC_LIB_XFER" client 127.0.0.1 -p 11301 -b 1M -m SMCD -H 3600 >/dev/null 2>&1 &
client=$!
for i in $(seq 60); do
	"$smcd" linkgroup | grep -qE '^[0-9a-f]{8} +[0-9]+ +[1-9]' && break
	sleep 0.5
done

smc_lib_check_output "linkgroup: IBM's header" '^LG-ID    VLAN  #Conns  PNET-ID$' "$smcd" linkgroup
smc_lib_check_output "linkgroup: a group with connections" '^[0-9a-f]{8} +0 +[1-9][0-9]*$' "$smcd" linkgroup show
# The client's link group: over loopback-ism each end has its own in this
# kernel (the server's is made first), and only the client's sent the 1 MB.
lgr=$("$tools/smcss" -j -D | python3 -c 'import json, sys; print(next(s["dmb"]["linkid"] for s in json.load(sys.stdin)["sockets"] if s["peer"].endswith(":11301")))')
smc_lib_check_output "linkgroup LG-ID: that group only" "^$lgr " bash -c "'$smcd' linkgroup $lgr | tail -n +2"
smc_lib_check "linkgroup LG-ID: one row" bash -c "[ \$('$smcd' linkgroup $lgr | wc -l) = 2 ]"
smc_lib_check_exit "unknown LG-ID: exit 1, names it" 1 "^Error: link group fffffff0: no such SMC-D link group" \
	"$smcd" linkgroup fffffff0
smc_lib_check_output "-d linkgroup: the negotiated EID" "^EID      : $SMC_LIB_UEID$" "$smcd" -d linkgroup $lgr
smc_lib_check_output "-d linkgroup: version 2, peer LINUX" "^Peer-OS  : LINUX$" "$smcd" -d linkgroup $lgr
smc_lib_check_output "-d linkgroup: a 64 KB DMB" "^DMB      : [1-9][0-9]* B$" "$smcd" -d linkgroup $lgr
if "$smcd" -s -j linkgroup $lgr | python3 -c 'import json, sys; sys.exit("stats" not in json.load(sys.stdin)["linkgroups"][0])'; then
	smc_lib_check_output "-s linkgroup: at least the 1 MB sent, with signals" "^True$" \
		json_of "d['linkgroups'][0]['stats']['data_tx_bytes'] >= 1 << 20 and d['linkgroups'][0]['stats']['signals'] > 0" \
		"$smcd" -s -j linkgroup $lgr
	smc_lib_check_output "-s linkgroup (text): the counters under the group" "^    data sent [0-9]+ bytes  moves [0-9]+  signals [0-9]+$" \
		"$smcd" -s linkgroup $lgr
else
	smc_lib_result_skip_feature "-s linkgroup: SMC-D link group counters" "GET_LGR_SMCD reports no counters"
fi
smc_lib_check_output "smcss -D names this link group" " ${lgr}\$" "$tools/smcss" -D
smc_lib_check_exit "smcd device: exit 0" 0 "" "$smcd" device
smc_lib_check_output "smcd -j device parses" "^<class 'list'>$" json_of "type(d['devices'])" "$smcd" -j device

smc_lib_check_output "stats: the two ends counted" "^  SMC connections +2$" "$smcd" stats
smc_lib_check_output "stats: at least 1 MB sent" "^1$" \
	json_of "int(d['smcd']['tx']['bytes'] >= 1 << 20)" "$smcd" -j stats
smc_lib_check_output "stats: as much received as sent" "^True$" \
	json_of "d['smcd']['rx']['bytes'] == d['smcd']['tx']['bytes']" "$smcd" -j stats
smc_lib_check_output "stats json: IBM's object" "^True$" \
	json_of "d['SMCD']['SMC_TX_BYTES'] >= 1 << 20" "$smcd" stats json
smc_lib_check_output "-d stats: v2 client and server" "^  SMC connections +2 \(client 1, server 1\)$" "$smcd" -d stats
smc_lib_check_output "smcr stats: SMC-R saw none of it" "^  SMC connections +0$" "$smcr" stats
smc_lib_check_output "the baseline is private to the user" "^600$" \
	bash -c "stat -c %a '$XDG_STATE_HOME'/smc-tools/stats-smcd-net*"
smc_lib_check_output "another user's reset leaves ours alone" "^  SMC connections +2$" \
	bash -c "HOME=/tmp XDG_STATE_HOME=\$(mktemp -d) '$smcd' stats reset >/dev/null && '$smcd' stats"

kill $client $server 2>/dev/null
wait 2>/dev/null
rm -rf "$XDG_STATE_HOME"
smc_lib_exit
