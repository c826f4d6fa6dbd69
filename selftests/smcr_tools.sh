#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# smcr and smcss against a live SMC-R link group over rxe (two-host lab):
# linkgroup, link-show (-d, -dd), device, the ibdev/netdev selections,
# stats that count the connection, smcss -R; both ends must agree (their
# roles, link UIDs and GIDs mirror each other).
# Runs on both hosts at once: SMC_LIB_ROLE=client|server, SMC_LIB_PEER.

. "$(dirname "$0")/smc_lib.sh"

tools=$(cd "$SMC_LIB_DIR/../smc-tools" && pwd)
smcr=$tools/smcr
smcss=$tools/smcss
role=${SMC_LIB_ROLE:?runs in the two-host lab (lab-pair.sh)}
port=11401 sync_port=11402

smc_lib_check_smc
[ -x "$smcr" ] || smc_lib_skip_all "smc-tools not built (make -C smc-tools)"
smc_lib_check_tools smc_xfer python3
export XDG_STATE_HOME=$(mktemp -d)
"$smcr" stats reset >/dev/null

# json_of EXPR CMD...: CMD's output parsed as JSON (d), EXPR printed.
json_of()
{
	local expr=$1
	shift

	"$@" | python3 -c "import json, sys; d = json.load(sys.stdin); print($expr)"
}

# One SMC-R connection, held open while both hosts look: the client holds
# it until both are done (then SIGUSR1 ends its hold), at most 300 s.
if [ "$role" = server ]; then
	"$SMC_LIB_XFER" server -p $port -w 120 -m SMCR >/dev/null 2>&1 &
	lgr_role=SERV
	peer_gid_end=0001
else
	"$SMC_LIB_XFER" client "$SMC_LIB_PEER" -p $port -w 60 -b 2M -m SMCR -H $((300 * SMC_LIB_SLOW)) >/dev/null 2>&1 &
	lgr_role=CLNT
	peer_gid_end=0002
fi
xfer=$!
for i in $(seq 120); do
	"$smcr" linkgroup link-show | grep -q LINK_ACTIVE && "$smcss" -R | grep -q " $lgr_role " && break
	sleep 0.5
done

smc_lib_check_output "linkgroup: IBM's header" '^LG-ID    LG-Role  LG-Type  VLAN  #Conns  PNET-ID$' "$smcr" linkgroup
smc_lib_check_output "linkgroup: $lgr_role SINGLE with a connection" \
	"^[0-9a-f]{8} $lgr_role     SINGLE   +0 +[1-9][0-9]*\$" "$smcr" linkgroup show all
lgr=$("$smcr" -j linkgroup | python3 -c 'import json, sys; print(json.load(sys.stdin)["linkgroups"][0]["lgr_id"])')
smc_lib_check_output "link-show: eth0 LINK_ACTIVE" \
	"^$lgr $lgr_role     SINGLE   eth0            LINK_ACTIVE +[1-9][0-9]*\$" "$smcr" linkgroup link-show $lgr
smc_lib_check_output "-d link-show: link UIDs and rxe0 port 1" \
	"^$lgr .* LINK_ACTIVE +[0-9]+  [0-9a-f]{8}  [0-9a-f]{8}  rxe0         1\$" "$smcr" -d linkgroup link-show
smc_lib_check_output "-dd link-show: GIDs, the peer's ends in $peer_gid_end" \
	"  0000:0000:0000:0000:0000:ffff:0a09:[0-9a-f]{4}   0000:0000:0000:0000:0000:ffff:0a09:$peer_gid_end\$" \
	"$smcr" -dd linkgroup link-show
smc_lib_check_output "link-show ibdev rxe0 netdev eth0: the link" "LINK_ACTIVE" \
	"$smcr" linkgroup link-show ibdev rxe0 netdev eth0
smc_lib_check_exit "link-show netdev lo: no link, header only" 0 "^LG-ID " "$smcr" linkgroup link-show netdev lo
smc_lib_check "linkgroup netdev lo: no group" bash -c "[ \$('$smcr' linkgroup netdev lo | wc -l) = 1 ]"
smc_lib_check_output "-d linkgroup: the lab UEID, direct" "^EID      : $SMC_LIB_UEID\$" "$smcr" -d linkgroup
smc_lib_check_output "-d linkgroup: Direct yes" "^Direct   : Yes\$" "$smcr" -d linkgroup $lgr
smc_lib_check_output "-j link-show: state and device" "^LINK_ACTIVE eth0$" \
	json_of "d['links'][0]['state'], d['links'][0]['netdev']" "$smcr" -j linkgroup link-show

smc_lib_check_output "device: eth0 rxe0 port 1 ACTIVE, critical, one link" \
	'^eth0            rxe0        1    ACTIVE  -              Yes       1  ' "$smcr" device
smc_lib_check_output "device ibdev rxe0" '^eth0 +rxe0 ' "$smcr" device ibdev rxe0
smc_lib_check_output "-d device: PCI columns empty for rxe" \
	' Crit   FID   PCI-ID        PCHID  #Links  PNET-ID$' "$smcr" -d device
smc_lib_check_output "-j device: critical" "^True$" json_of "d['devices'][0]['critical']" "$smcr" -j device

smc_lib_check_output "smcss -R: $lgr_role on rxe0 port 01 link 01" \
	" SMCR $lgr_role rxe0            01   01     0000:0000:0000:0000:0000:ffff:0a09:[0-9a-f]{4}  0000:0000:0000:0000:0000:ffff:0a09:$peer_gid_end\$" \
	"$smcss" -R
smc_lib_check "smcss -D: no SMC-D connection" bash -c "! '$smcss' -D | grep -q ' SMCD '"
smc_lib_pair_sync looked $sync_port >/dev/null || echo "smcr_tools: the peer was not reached after looking"
[ "$role" = client ] && kill -USR1 $xfer

# Stats since this test's reset: this one connection.
smc_lib_check_output "stats: one SMC-R connection" "^  SMC connections +1$" "$smcr" stats
if [ "$role" = client ]; then
	smc_lib_check_output "stats: the 2 MB sent" "^True$" \
		json_of "d['smcr']['tx']['bytes'] >= 2 << 20" "$smcr" -j stats
else
	smc_lib_check_output "stats: the 2 MB received" "^True$" \
		json_of "d['smcr']['rx']['bytes'] >= 2 << 20" "$smcr" -j stats
fi

wait $xfer
smc_lib_check "the transfer itself succeeded over SMC-R" test $? = 0
rm -rf "$XDG_STATE_HOME"
smc_lib_exit
