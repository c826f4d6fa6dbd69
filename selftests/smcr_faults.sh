#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Faults on the RDMA path only, TCP left alone: RoCEv2 (UDP 4791) delayed,
# lost, reordered and duplicated by netem behind a u32 filter, and the RDMA
# device removed mid-transfer. In every case both ends must report the same
# mode (both SMC-R or both TCP, by sock_diag), the application must get all
# its bytes in order or an error within a stated bound, and no link group
# may be left behind. Runs on both hosts at once (SMC_LIB_ROLE,
# SMC_LIB_PEER), on stock and patched kernels alike: a difference from
# stock is what the series owns.

. "$(dirname "$0")/smc_lib.sh"

role=${SMC_LIB_ROLE:-}
peer=${SMC_LIB_PEER:-}
[ -n "$role" ] && [ -n "$peer" ] ||
	smc_lib_skip_all "needs the two-host lab (SMC_LIB_ROLE and SMC_LIB_PEER)"
smc_lib_check_smc
smc_lib_check_tools smc_xfer python3 rdma tc
tc qdisc add dev lo root handle 1: prio bands 4 2>/dev/null &&
	tc filter add dev lo parent 1: protocol ip prio 1 u32 match ip dport 4791 0xffff flowid 1:4 \
		2>/dev/null
ok=$?
tc qdisc del dev lo root 2>/dev/null
[ $ok = 0 ] || smc_lib_skip_all "no prio qdisc or u32 classifier (NET_SCH_PRIO, NET_CLS_U32)"

readonly SYNC_PORT=11990 XFER_PORT=11991
# Bounds: a transfer or its failure ends within XFER_BOUND seconds; a link
# group whose peer is gone ends within LGR_BOUND seconds (the link's
# keepalive: TEST_LINK after net.smc.smcr_testlink_time, 30 s, unanswered
# for 2 s).
readonly XFER_BOUND=90 LGR_BOUND=60
step=0

# xfer_mode OUTPUT: the mode smc_xfer reported for its connection, "none"
# when it never got one
xfer_mode()
{
	sed -n 's/.* conn [0-9]*: mode \([A-Z]*\).*/\1/p' <<< "$1" | head -1 | grep . || echo none
}

# bounded_xfer OUTFILE ARGS...: smc_xfer ARGS, its output in OUTFILE,
# given XFER_BOUND seconds. Returns its exit status, or 124 when it was
# still running then (smc_lib_await: what it does in the kernel goes to
# OUTFILE; a task in state D cannot be killed, it is left behind).
bounded_xfer()
{
	local outfile=$1
	shift

	"$SMC_LIB_XFER" "$@" > "$outfile" 2>&1 &
	smc_lib_await $! $XFER_BOUND "$outfile" "smc_xfer $*"
}

# fault_xfer NAME BYTES [CLIENT-NETEM] [SERVER-NETEM]: one connection of
# BYTES, each host's RoCE egress under its netem arguments ("" for none;
# "clc:TYPE NETEM..." puts them on the CLC messages of TYPE instead).
# Both ends report their mode to each other: a split fails. Each end's
# result is its data verified or an error, within XFER_BOUND.
fault_xfer()
{
	local name=$1 bytes=$2 cnetem=${3:-} snetem=${4:-}
	local mine out rc mode outcome other other_mode other_outcome

	step=$((step + 1))
	if [ "$role" = client ]; then mine=$cnetem; else mine=$snetem; fi
	smc_lib_pair_sync "fault-$step" $SYNC_PORT || smc_lib_result_fail "$name: hosts met" "no peer"
	# shellcheck disable=SC2086
	case $mine in
	"") ;;
	clc:*)	# "clc:TYPE NETEM...": on CLC messages of TYPE alone
		set -- ${mine#clc:}
		smc_lib_clc_netem eth0 "$@" ||
			smc_lib_result_fail "$name: netem on CLC type $*" "tc failed" ;;
	*)	smc_lib_roce_netem eth0 $mine ||
			smc_lib_result_fail "$name: netem on RoCE ($mine)" "tc failed" ;;
	esac
	if [ "$role" = server ]; then
		bounded_xfer /tmp/fault.out server -p $((XFER_PORT + step)) -w 60
	else
		bounded_xfer /tmp/fault.out client "$peer" -p $((XFER_PORT + step)) -w 30 -b "$bytes"
	fi
	rc=$?
	out=$(cat /tmp/fault.out)
	smc_lib_roce_netem eth0 clear
	mode=$(xfer_mode "$out")
	case $rc in
	0) outcome=data ;;
	124) outcome=hang ;;
	5) outcome=short ;;
	*) outcome=error ;;
	esac
	other=$(smc_lib_pair_exchange $SYNC_PORT "$mode/$outcome")
	other_mode=${other%/*} other_outcome=${other#*/}
	# Agreement: both ends in the same mode, or a connection that failed
	# at both: one end never got it (no accept), the other got an error.
	# (A dead RoCE path during first contact: a queue pair gives up after
	# its retries, about a second, and neither end falls back.)
	if [ "$mode" = "$other_mode" ] && [ "$mode" != none ]; then
		smc_lib_result_pass "$name: both ends $mode"
	elif { [ "$mode" = none ] && [ "$other_outcome" = error ]; } ||
	     { [ "$other_mode" = none ] && [ "$outcome" = error ]; }; then
		echo "    this end $mode/$outcome, the peer $other"
		smc_lib_result_pass "$name: both ends failed"
	else
		echo "$out" | sed 's/^/    /'
		smc_lib_result_fail "$name: both ends the same mode" "this end $mode/$outcome, the peer $other"
	fi
	if [ $rc = 124 ]; then
		echo "$out" | sed 's/^/    /'
		smc_lib_result_fail "$name: $role ends within ${XFER_BOUND}s" "still running: a silent hang"
	elif [ $rc = 0 ]; then
		smc_lib_result_pass "$name: $role ends within ${XFER_BOUND}s, data verified"
	elif [ $rc = 5 ]; then
		echo "$out" | sed 's/^/    /'
		smc_lib_result_fail "$name: $role ends within ${XFER_BOUND}s with its data or an error" \
			"data corrupted or cut short without an error"
	else
		# An error is an acceptable end, but say which.
		smc_lib_result_pass "$name: $role ends within ${XFER_BOUND}s, with an error (exit $rc)"
		echo "$out" | tail -n 3 | sed 's/^/    /'
	fi
}

# wanted CASE: CASE is in SMC_FAULTS_CASES (default: all of them)
wanted()
{
	case " ${SMC_FAULTS_CASES:-first join established devgone} " in
	*" $1 "*) return 0 ;;
	esac
	return 1
}

# 1. First contact while the client's RoCE packets are 3 s late: the
# server's wait for the CONFIRM_LINK response (2 s) runs out while the
# client may already count the connection as SMC-R (hypothesis 1). With
# the lab's rxe giving up like an RNIC (tests/lab/kernel/), 3 s late is a
# dead path: both queue pairs give up after about a second.
if wanted first; then
	smc_lib_pair_sync fresh-1 $SYNC_PORT
	smc_lib_check "first contact: the RDMA device renewed" smc_lib_rxe_renew
	fault_xfer "first contact, client RoCE 3 s late" 1M "delay 3000ms" ""
fi

# 2. Joining an existing link group with the same delay.
if wanted join; then
	smc_lib_pair_sync fresh-2 $SYNC_PORT
	smc_lib_check "joining group: the RDMA device renewed" smc_lib_rxe_renew
	fault_xfer "first contact, no fault" 64K "" ""
	# The client's CLC CONFIRM later than the server waits for it
	# (CLC_WAIT_TIME, 6 s), everything else on time: the server gives up
	# on the connection after its ACCEPT while the client, once its
	# CONFIRM is sent, counts the connection as SMC-R.
	fault_xfer "joining, the client's CLC CONFIRM 7 s late" 1M "clc:3 delay 7000ms" ""
	# Stock falls back here (its CONFIRM_RKEY fails on the dying link); the
	# series joins without an LLC exchange (0021), so both ends are SMC-R and
	# get an error when the link dies: agreement, with an error, not data.
	fault_xfer "joining, client RoCE 3 s late" 1M "delay 3000ms" ""
fi

# 3. Established transfers over a lossy, reordering, duplicating path.
if wanted established; then
	fault_xfer "RoCE 1% loss both ways" 4M "loss 1%" "loss 1%"
	fault_xfer "RoCE reordered and duplicated both ways" 4M \
		"delay 2ms reorder 25% 50% duplicate 2%" "delay 2ms reorder 25% 50% duplicate 2%"
	fault_xfer "RoCE 200 ms late from the server" 1M "" "delay 200ms"
fi

# 4. The client's RDMA device removed mid-transfer: both ends end the
# connection (an error is fine) within the bound, and neither keeps a
# link group: the server learns of the loss through the link's keepalive.
if wanted devgone; then
	step=$((step + 1))
	smc_lib_pair_sync "fault-$step" $SYNC_PORT
	if [ "$role" = server ]; then
		bounded_xfer /tmp/devgone.out server -p $((XFER_PORT + step)) -w 60
		rc=$?
	else
		bounded_xfer /tmp/devgone.out client "$peer" -p $((XFER_PORT + step)) -w 30 -b 256M &
		xfer=$!
		# Once the connection carries data, the device goes.
		end=$((SECONDS + 30))
		while [ $SECONDS -lt $end ] && ! grep -q "mode SMCR" /tmp/devgone.out; do
			sleep 0.2
		done
		sleep 1	# mid-transfer, not readiness: 1 s of data on the wire
		rdma link delete rxe0 &
		del=$!
		end=$((SECONDS + 60))
		while [ $SECONDS -lt $end ] && kill -0 $del 2>/dev/null; do
			sleep 0.5
		done
		if kill -0 $del 2>/dev/null; then
			echo "    rdma link delete still runs after 60 s:"
			smc_lib_task_report $del
			smc_lib_result_fail "RDMA device removed mid-transfer: the removal ends" "blocked"
		fi
		wait $xfer
		rc=$?
	fi
	out=$(cat /tmp/devgone.out)
	if [ $rc = 124 ]; then
		echo "$out" | sed 's/^/    /'
		smc_lib_result_fail "RDMA device removed mid-transfer: $role ends within ${XFER_BOUND}s" \
			"still running: a silent hang"
	elif [ $rc = 5 ]; then
		echo "$out" | sed 's/^/    /'
		smc_lib_result_fail "RDMA device removed mid-transfer: $role ends within ${XFER_BOUND}s with its data or an error" \
			"data corrupted or cut short without an error"
	else
		smc_lib_result_pass "RDMA device removed mid-transfer: $role ends within ${XFER_BOUND}s (exit $rc)"
		echo "$out" | tail -n 2 | sed 's/^/    /'
	fi
	smc_lib_check "RDMA device removed mid-transfer: no link group left after ${LGR_BOUND}s" \
		smc_lib_wait_no_lgr $LGR_BOUND
	[ "$role" = client ] && rdma link add rxe0 type rxe netdev eth0
fi

smc_lib_pair_sync "fault-end" $SYNC_PORT
smc_lib_exit
