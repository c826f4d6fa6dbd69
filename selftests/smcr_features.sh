#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# CLC feature extensions between two hosts (smc-next): what both peers
# offer is agreed, shown (smcr linkgroup, smcss -d) and used: with the
# single-link rkey fast path and persistent rkeys no CONFIRM_RKEY or
# DELETE_RKEY crosses the link. Against a stock peer (SELFTESTS_SMC_LIB_
# INTEROP=1) SMC-R is still used, nothing is agreed, the stock LLC flow
# runs, and first contact does not wait. The features are opt-in
# (net.smc.features is 0 by default): each host turns them all on; with
# net.smc.features=0 on both hosts a fresh link group behaves as stock does.
# Runs on both hosts at once: SMC_LIB_ROLE=client|server, SMC_LIB_PEER.
# Both hosts always carry the traffic; a kernel without the extensions
# (the stock side of an interop run) checks nothing of its own.

. "$(dirname "$0")/smc_lib.sh"

tools=$(cd "$SMC_LIB_DIR/../smc-tools" && pwd)
smcr=$tools/smcr
smcss=$tools/smcss
crr=$SMC_LIB_DIR/smc_crr
role=${SMC_LIB_ROLE:?runs in the two-host lab (lab-pair.sh)}
peer=$SMC_LIB_PEER
interop=${SELFTESTS_SMC_LIB_INTEROP:-0}
all_features="rkey-single-link,rkey-persist,async-add-link,prompt-confirm"
readonly CRR_PORT=11901 XFER_PORT=11902 SYNC_PORT=11903 MASKED_PORT=11904

smc_lib_check_smc
smc_lib_check_tools smc_xfer python3 rdma

local_features=0
[ -f /proc/sys/net/smc/features ] && local_features=1
smc_lib_features_on

# lgr_features: the agreed features of the (only) link group, comma list
lgr_features()
{
	"$smcr" -j -d linkgroup | python3 -c '
import json, sys
l = json.load(sys.stdin)["linkgroups"]
print(",".join(l[0].get("features", ["(not reported)"])) if l else "(no link group)")'
}

# live_features PORT: the features smcss -d shows on the SMC-R connection
# to or from PORT while a transfer runs
live_features()
{
	local out

	for _ in $(seq 40); do
		out=$("$smcss" -j -d | python3 -c '
import json, sys
for s in json.load(sys.stdin)["sockets"]:
    if s["mode"] == "SMCR" and s["state"] == "ACTIVE" and (
            s["local"].endswith(":'"$1"'") or s["peer"].endswith(":'"$1"'")):
        print(",".join(s.get("features", ["(not reported)"])) or "-"); break')
		[ -n "$out" ] && { echo "$out"; return 0; }
		sleep 0.2
	done
	echo "(no live SMC-R connection on port $1)"
	"$smcss" -a -d | sed 's/^/    /' >&2
}

expect_agreed=$all_features
[ "$interop" = 1 ] && expect_agreed=

# 1. first contact + five joining connections, then three 16 MB transfers
if [ "$role" = server ]; then
	smc_lib_check "6 connect/request/response served over SMC-R" \
		"$crr" server -p $CRR_PORT -n 6 -w 120
	"$SMC_LIB_XFER" server -p $XFER_PORT -n 3 -w 120 -m SMCR > /tmp/xfer-srv.out 2>&1 &
	xfer=$!
	[ $local_features = 1 ] && live=$(live_features $XFER_PORT)
	wait $xfer
	smc_lib_check "3 x 16 MB received intact over SMC-R" test $? = 0 ||
		cat /tmp/xfer-srv.out
else
	out=$("$crr" client "$peer" -p $CRR_PORT -n 6 -m SMCR -w 60 2>&1)
	smc_lib_check "6 connect/request/response over SMC-R" test $? = 0 || echo "$out"
	first=$(awk '$2 == "first" { print $3 }' <<< "$out")
	# SMC_LLC_WAIT_TIME (2 s) is what a side waiting in vain would cost
	smc_lib_check "first contact did not wait for a timeout (${first} us)" \
		test "${first:-9999999}" -lt 1500000
	# each connection held 2 s after its transfer: the server sees it live
	"$SMC_LIB_XFER" client "$peer" -p $XFER_PORT -n 3 -b 16M -m SMCR -w 60 -H 2 \
		> /tmp/xfer-cl.out 2>&1 &
	xfer=$!
	[ $local_features = 1 ] && live=$(live_features $XFER_PORT)
	wait $xfer
	smc_lib_check "3 x 16 MB sent intact over SMC-R" test $? = 0 ||
		cat /tmp/xfer-cl.out
fi
sleep 1

if [ $local_features = 1 ]; then
	smc_lib_check_output "link group: features agreed '${expect_agreed:--}'" \
		"^${expect_agreed:-}\$" lgr_features
	smc_lib_check_output "smcss -d: the connection's features '${expect_agreed:--}'" \
		"^${expect_agreed:--}\$" echo "$live"
	if [ "$interop" = 1 ]; then
		smc_lib_check_output "stock peer: CONFIRM_RKEY flows as before" "^[1-9][0-9]*$" smc_lib_llc_count tx CONFIRM_RKEY
		smc_lib_check_output "stock peer: DELETE_RKEY flows as before" "^[1-9][0-9]*$" smc_lib_llc_count rx DELETE_RKEY
	else
		smc_lib_check_output "no CONFIRM_RKEY sent" "^0$" smc_lib_llc_count tx CONFIRM_RKEY
		smc_lib_check_output "no CONFIRM_RKEY received" "^0$" smc_lib_llc_count rx CONFIRM_RKEY
		smc_lib_check_output "no DELETE_RKEY either way" "^0 0$" \
			echo "$(smc_lib_llc_count tx DELETE_RKEY) $(smc_lib_llc_count rx DELETE_RKEY)"
		smc_lib_check_output "the second link was still tried, after the handshake" \
			"^[1-9][0-9]*$" smc_lib_llc_count tx ADD_LINK
	fi
	smc_lib_check_output "text: Features line of the link group" "^Features : ${expect_agreed:--}$" \
		"$smcr" -d linkgroup
fi

# 2. every feature masked on both hosts: a fresh link group as stock makes
# it. The old group goes with the RDMA device, which comes back at once.
if [ "$interop" != 1 ] && [ $local_features = 1 ]; then
	smc_lib_pair_sync masked $SYNC_PORT || smc_lib_result_fail "hosts met before masking" "no peer"
	saved=$(cat /proc/sys/net/smc/features)
	echo 0 > /proc/sys/net/smc/features
	smc_lib_check "masked: the old link group went with the RDMA device" smc_lib_rxe_renew
	if [ "$role" = server ]; then
		smc_lib_check "masked: 6 connections served over SMC-R" \
			"$crr" server -p $MASKED_PORT -n 6 -w 120
	else
		smc_lib_check "masked: 6 connections over SMC-R" \
			"$crr" client "$peer" -p $MASKED_PORT -n 6 -m SMCR -w 60
	fi
	sleep 1
	smc_lib_check_output "masked: nothing agreed" "^\$" lgr_features
	smc_lib_check_output "masked: CONFIRM_RKEY as on a stock kernel" "^[1-9][0-9]*$" smc_lib_llc_count tx CONFIRM_RKEY
	smc_lib_check_output "masked: DELETE_RKEY as on a stock kernel" "^[1-9][0-9]*$" smc_lib_llc_count tx DELETE_RKEY
	echo "$saved" > /proc/sys/net/smc/features
fi
smc_lib_exit
