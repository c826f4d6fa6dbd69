#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Connections that join an SMC-R link group of two links while one link
# goes down (issue 16; review of session 21, finding 5). With
# PROMPT_CONFIRM agreed a server lets joining handshakes wait for their
# CLC CONFIRMs in parallel, without smc_server_lgr_pending; a connection
# in the handshake (SMC_INIT) is passed over when a link's connections
# are moved to another, so each joining connection whose link died before
# its CONFIRM came must move itself (smcr_conn_join_activate()), or it
# sits on the dead link and its data stops. Stock has the window for the
# one connection that holds the mutex.
# The client holds its CONFIRMs CONFIRM_LATE s (netem on its CLC
# CONFIRMs), starts JOINERS connections, and removes its first RDMA device
# while their CONFIRMs are held: the first link, on which the server put
# them all (in this lab a group's second link is an asymmetric one, which
# takes no new connection while the first lives), goes down, the server
# deletes it, and each connection must then carry its bytes intact over
# SMC-R on the second link, or end with an error (the server resets a
# connection it cannot move: its rkey for the second link can be gone
# with the first), within XFER_BOUND s: none may hang. Runs on both hosts
# at once (SMC_LIB_ROLE, SMC_LIB_PEER). SMC_JLD_DEBUG=1 prints the link
# events and the server's links every half second.

. "$(dirname "$0")/smc_lib.sh"

role=${SMC_LIB_ROLE:-}
peer=${SMC_LIB_PEER:-}
[ -n "$role" ] && [ -n "$peer" ] ||
	smc_lib_skip_all "needs the two-host lab (SMC_LIB_ROLE and SMC_LIB_PEER)"
readonly SYNC_PORT=11990 WARM_PORT=11991 JOIN_PORT=11992 JOINERS=8
# 2 s less than the server waits for a CONFIRM (CLC_WAIT_TIME, 6 s)
readonly CONFIRM_LATE=4
readonly XFER_BOUND=$((90 * SMC_LIB_SLOW))
smc_lib_check_smc
smc_lib_check_tools smc_xfer python3 rdma tc
ip link show eth1 >/dev/null 2>&1 || smc_lib_skip_all "the lab has no second segment (eth1)"
[ "$role" = client ] && addr=10.9.0.1 || addr=10.9.0.2
xfer=$SMC_LIB_DIR/smc_xfer
tmp=$(mktemp -d)
pids=
monitor=
cleanup()
{
	kill $pids $monitor 2>/dev/null
	smc_lib_clc_netem eth0 clear
	smc_lib_features_restore
	smc_lib_del_second_device $addr
	rdma link show rxe0/1 >/dev/null 2>&1 || rdma link add rxe0 type rxe netdev eth0
	rm -rf "$tmp"
}
trap cleanup EXIT

fresh_device()
{
	smc_lib_del_second_device $addr
	smc_lib_rxe_renew
}

confirm_held()
{
	[ "$(smc_lib_clc_netem_held eth0)" -gt 0 ]
}

# every feature: the server drops its lock only for PROMPT_CONFIRM clients
smc_lib_features_on
smc_lib_pair_sync start $SYNC_PORT || smc_lib_result_fail "hosts met" "no peer"
smc_lib_check "the RDMA device renewed, no link group left" fresh_device
smc_lib_pair_sync go $SYNC_PORT
if [ "$role" = server ]; then
	smc_lib_check "first contact served over SMC-R" \
		"$xfer" server -p $WARM_PORT -n 1 -w 60 -m SMCR
else
	smc_lib_check "first contact over SMC-R" \
		"$xfer" client "$peer" -p $WARM_PORT -b 1K -m SMCR -w 60
fi
[ "$role" = client ] &&
	smc_lib_check "the client's second RDMA device is up" smc_lib_add_second_device $addr
smc_lib_pair_sync second-device $SYNC_PORT
[ "$role" = server ] &&
	smc_lib_check "the server's second RDMA device is up" smc_lib_add_second_device $addr
smc_lib_check "the link group has two links" smc_lib_second_link_up
smc_lib_pair_sync links $SYNC_PORT
# the link events with their time, printed when a check fails
"$SMC_LIB_DIR/../smc-tools/smcr" monitor 2>&1 |
	while IFS= read -r l; do echo "t=$SECONDS $l"; done > "$tmp/monitor.log" &
monitor=$!

if [ "$role" = server ]; then
	echo "#   t=$SECONDS: serving"
	# what the client's connections carry is checked by the client: a
	# connection the server could not move to a live link is reset and
	# never accepted here
	"$xfer" server -p $JOIN_PORT -n $JOINERS -w 120 -m SMCR > "$tmp/server.out" 2>&1 &
	server_pid=$!
	pids="$pids $server_pid"
	# SMC_JLD_DEBUG=1: the links and their connections, every half second
	if [ -n "${SMC_JLD_DEBUG:-}" ]; then
		while sleep 0.5; do
			echo "t=$SECONDS"
			"$SMC_LIB_DIR/../smc-tools/smcr" linkgroup link-show 2>&1
		done > "$tmp/links.log" &
		monitor="$monitor $!"
	fi
	smc_lib_pair_sync joined $SYNC_PORT
	kill $server_pid 2>/dev/null
	wait $server_pid 2>/dev/null
	sed 's/^/#   /' "$tmp/server.out"
	if [ -n "${SMC_JLD_DEBUG:-}" ]; then
		sed 's/^/#   /' "$tmp/monitor.log" "$tmp/links.log"
	fi
else
	smc_lib_clc_netem eth0 3 delay ${CONFIRM_LATE}s
	for i in $(seq $JOINERS); do
		timeout $XFER_BOUND "$xfer" client "$peer" -p $JOIN_PORT -b 4M \
			-m SMCR -w 60 > "$tmp/join$i.out" 2>&1 &
		pids="$pids $!"
	done
	smc_lib_check "the joining connections' CLC CONFIRMs are held" \
		smc_lib_wait_for 30 confirm_held
	echo "#   t=$SECONDS: CONFIRMs held"
	smc_lib_check "the first RDMA device removed while they are held" \
		rdma link delete rxe0
	echo "#   t=$SECONDS: rxe0 removed, $(smc_lib_clc_netem_held eth0) CONFIRMs still held"
	intact=0 ended=0 bad=0 hung=0
	for p in $pids; do
		wait "$p"
		case $? in
		0) intact=$((intact + 1)) ;;
		1) ended=$((ended + 1)) ;;
		124) hung=$((hung + 1)) ;;
		*) bad=$((bad + 1)) ;;
		esac
	done
	pids=
	echo "#   t=$SECONDS: $intact intact, $ended ended with an error, $bad corrupted or not SMC-R, $hung hung"
	[ -n "${SMC_JLD_DEBUG:-}" ] &&
		for i in $(seq $JOINERS); do sed "s/^/#   join $i: /" "$tmp/join$i.out"; done
	smc_lib_check "no joining connection hangs (each done within $XFER_BOUND s)" test $hung = 0
	smc_lib_check "each joining connection intact over SMC-R or ended with an error" \
		test $((intact + ended)) = $JOINERS ||
		{ for i in $(seq $JOINERS); do sed "s/^/#   join $i: /" "$tmp/join$i.out"; done
		  sed 's/^/#   /' "$tmp/monitor.log"; }
	smc_lib_clc_netem eth0 clear
	smc_lib_pair_sync joined $SYNC_PORT
fi
smc_lib_check_output "one link group" "^1$" smc_lib_lgr_count
smc_lib_pair_sync end $SYNC_PORT
smc_lib_exit
