#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Both hosts have two RDMA devices before the first connection: the link
# group that first contact makes must have two links soon after, with
# every feature offered and with none (net.smc.features=0, the default).
# smc-next's ASYNC_ADD_LINK moves the server's ADD_LINK after the
# handshake; the client must take it whenever it comes, not drop it with
# the first contact's LLC flow (review of session 13, finding 1). Runs on
# both hosts at once (SMC_LIB_ROLE, SMC_LIB_PEER).

. "$(dirname "$0")/smc_lib.sh"

role=${SMC_LIB_ROLE:?runs in the two-host lab (lab-pair.sh)}
peer=$SMC_LIB_PEER
readonly CRR_PORT=11975 SYNC_PORT=11976
# the server tries the second link right after first contact; its LLC
# exchange takes well under a second in the lab
readonly LINK_BOUND=$((30 * SMC_LIB_SLOW))

smc_lib_check_smc
smc_lib_check_tools smc_crr python3 rdma
ip link show eth1 >/dev/null 2>&1 || smc_lib_skip_all "the lab has no second segment (eth1)"
[ "$role" = client ] && addr=10.9.0.1 || addr=10.9.0.2
crr=$SMC_LIB_DIR/smc_crr
features=
[ -f /proc/sys/net/smc/features ] && features=1
cleanup()
{
	smc_lib_features_restore
	smc_lib_del_second_device $addr
}
trap cleanup EXIT

# fresh_devices: no link group left (both RDMA devices renewed), and two
# devices up
fresh_devices()
{
	smc_lib_del_second_device $addr
	smc_lib_rxe_renew && smc_lib_add_second_device $addr
}

smc_lib_pair_sync start $SYNC_PORT || smc_lib_result_fail "hosts met" "no peer"
cases=default
[ -n "$features" ] && cases="all masked"
port=$CRR_PORT
for c in $cases; do
	[ $c = all ] && smc_lib_features_on
	[ $c = masked ] && echo 0 > /proc/sys/net/smc/features
	smc_lib_pair_sync "$c" $SYNC_PORT || smc_lib_result_fail "$c: hosts met" "no peer"
	smc_lib_check "$c: both RDMA devices renewed, no link group left" fresh_devices
	smc_lib_pair_sync "$c-go" $SYNC_PORT
	if [ "$role" = server ]; then
		smc_lib_check "$c: first contact served over SMC-R" "$crr" server -p $port -n 1 -w 60
	else
		smc_lib_check "$c: first contact over SMC-R" "$crr" client "$peer" -p $port -n 1 -m SMCR -w 60
	fi
	smc_lib_check "$c: the link group has two links within $LINK_BOUND s" \
		smc_lib_wait_links 2 $LINK_BOUND ||
		"$SMC_LIB_DIR/../smc-tools/smcr" linkgroup link-show | sed 's/^/#   /'
	port=$((port + 2))
done
smc_lib_pair_sync end $SYNC_PORT
smc_lib_exit
