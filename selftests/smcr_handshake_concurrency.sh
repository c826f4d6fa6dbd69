#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Two SMC-R handshakes with one peer must not wait for each other when
# both join an existing link group (issue 16): stock SMC holds one global
# mutex (smc_server_lgr_pending) on the server from the lookup of a link
# group until the CLC CONFIRM has arrived, so every handshake on the host
# waits for the slowest client's CONFIRM. The client's CONFIRM of one
# connection ("held") is held back a few seconds by netem; another
# connection ("free") to the same server must complete meanwhile when
# the link group agreed PROMPT_CONFIRM (smc-next with every feature on,
# at both ends), and waits, as on stock, otherwise: a server sends no
# ACCEPT before the last CONFIRM to a client that may confirm late. A
# first contact still holds the lock until its link is confirmed: a
# connection that comes while a first contact's CONFIRM is held waits
# for it, then joins its link group rather than making a second one.
# With SMC_HS_LATE_CONFIRM=1 (a client kernel with
# tests/lab/hooks/late-confirm.patch, which sleeps 4 s between the
# ACCEPT and the CONFIRM of connections to port 11984) a joining
# connection whose client is late ends in TCP at both ends when
# PROMPT_CONFIRM was agreed (the client declines: 3 s is its limit), and
# in SMC-R otherwise (the server waits 6 s).
# Runs on both hosts at once (SMC_LIB_ROLE, SMC_LIB_PEER).

. "$(dirname "$0")/smc_lib.sh"

role=${SMC_LIB_ROLE:-}
peer=${SMC_LIB_PEER:-}
[ -n "$role" ] && [ -n "$peer" ] ||
	smc_lib_skip_all "needs the two-host lab (SMC_LIB_ROLE and SMC_LIB_PEER)"
readonly SYNC_PORT=11980 WARM_PORT=11981 HELD_PORT=11982 FREE_PORT=11983
readonly LATE_PORT=11984	# the hook's
# How long netem holds the held connection's CONFIRM. A joining one: 2 s
# less than the server waits for a CONFIRM (CLC_WAIT_TIME, 6 s). A first
# contact: half of what its client waits, after sending the CONFIRM, for
# the server's LLC CONFIRM_LINK (2 * SMC_LLC_WAIT_TIME, 4 s); 4 s there
# raced that wait, and the client fell back (SMC_CLC_DECL_TIMEOUT_CL).
readonly CONFIRM_LATE_JOIN=4 CONFIRM_LATE_FIRST=2
smc_lib_check_smc
smc_lib_check_tools smc_xfer tc python3
xfer=$SMC_LIB_DIR/smc_xfer
tmp=$(mktemp -d)
pids=
cleanup()
{
	kill $pids 2>/dev/null
	smc_lib_clc_netem eth0 clear
	smc_lib_features_restore
	rm -rf "$tmp"
}
trap cleanup EXIT

confirm_held()
{
	[ "$(smc_lib_clc_netem_held eth0)" -gt 0 ]
}

# lgr_prompt_confirm: "yes" when this host's (only) link group agreed
# PROMPT_CONFIRM, "no" otherwise
lgr_prompt_confirm()
{
	"$SMC_LIB_DIR/../smc-tools/smcr" -j -d linkgroup | python3 -c '
import json, sys
l = json.load(sys.stdin)["linkgroups"]
print("yes" if l and "prompt-confirm" in l[0].get("features", []) else "no")'
}

late=${SMC_HS_LATE_CONFIRM:-0}
# a no-op on a kernel without feature extensions (stock)
smc_lib_features_on
smc_lib_pair_sync start $SYNC_PORT || smc_lib_result_fail "hosts met" "no peer"

# run_case NAME FIRST: starts with no link group; FIRST=yes makes the held
# connection the first contact, otherwise one connection makes the link
# group before.
run_case()
{
	local name=$1 first=$2 rc held_now held_pid server_pid concurrent
	local confirm_late=$CONFIRM_LATE_JOIN

	[ "$first" = yes ] && confirm_late=$CONFIRM_LATE_FIRST

	smc_lib_pair_sync "$name" $SYNC_PORT || smc_lib_result_fail "$name: hosts met" "no peer"
	smc_lib_check "$name: no link group left (rxe0 renewed)" smc_lib_rxe_renew
	smc_lib_pair_sync "$name-go" $SYNC_PORT
	if [ "$role" = server ]; then
		if [ "$first" = no ]; then
			smc_lib_check "$name: the link group's first connection served over SMC-R" \
				"$xfer" server -p $WARM_PORT -n 1 -w 60 -m SMCR
		fi
		"$xfer" server -p $HELD_PORT -n 1 -w 60 -m SMCR > "$tmp/held.out" 2>&1 &
		server_pid=$!
		pids="$pids $server_pid"
		smc_lib_check "$name: the free connection served over SMC-R" \
			"$xfer" server -p $FREE_PORT -n 1 -w 60 -m SMCR
		wait $server_pid
		smc_lib_check "$name: the held connection served over SMC-R" test $? = 0 ||
			sed 's/^/    /' "$tmp/held.out"
	else
		if [ "$first" = no ]; then
			smc_lib_check "$name: the link group's first connection over SMC-R" \
				"$xfer" client "$peer" -p $WARM_PORT -b 1K -m SMCR -w 60
		fi
		concurrent=$(lgr_prompt_confirm)
		smc_lib_clc_netem_port eth0 3 $HELD_PORT delay ${confirm_late}s
		"$xfer" client "$peer" -p $HELD_PORT -b 1K -m SMCR -w 60 > "$tmp/held.out" 2>&1 &
		held_pid=$!
		pids="$pids $held_pid"
		smc_lib_check "$name: the held connection's CLC CONFIRM is held" \
			smc_lib_wait_for 30 confirm_held
		"$xfer" client "$peer" -p $FREE_PORT -b 1K -m SMCR -w 60
		rc=$?
		held_now=$(smc_lib_clc_netem_held eth0)
		smc_lib_check "$name: the free connection over SMC-R" test $rc = 0
		if [ "$first" = yes ]; then
			smc_lib_check "$name: the free connection waited for the first contact's CONFIRM" \
				test "$held_now" = 0
		elif [ "$concurrent" = yes ]; then
			smc_lib_check "$name: the free connection done while the held CONFIRM is still held" \
				test "$held_now" -gt 0
		else
			smc_lib_check "$name: the free connection waited for the held CONFIRM (stock's global lock)" \
				test "$held_now" = 0
		fi
		wait $held_pid
		smc_lib_check "$name: the held connection over SMC-R" test $? = 0 ||
			sed 's/^/    /' "$tmp/held.out"
		smc_lib_clc_netem eth0 clear
	fi
	smc_lib_pair_sync "$name-done" $SYNC_PORT
	smc_lib_check_output "$name: one link group" "^1$" smc_lib_lgr_count
}

# late_case: a joining connection whose client sends its CONFIRM 4 s
# after the ACCEPT (the hook): the server waits 6 s, a PROMPT_CONFIRM
# client gives up at 3 s. Either way both ends agree: never a split.
late_case()
{
	local agreed mode reason_srv=() reason_cli=()

	smc_lib_pair_sync late $SYNC_PORT || smc_lib_result_fail "late: hosts met" "no peer"
	smc_lib_check "late: no link group left (rxe0 renewed)" smc_lib_rxe_renew
	smc_lib_pair_sync late-go $SYNC_PORT
	if [ "$role" = server ]; then
		smc_lib_check "late: the link group's first connection served over SMC-R" \
			"$xfer" server -p $WARM_PORT -n 1 -w 60 -m SMCR
	else
		smc_lib_check "late: the link group's first connection over SMC-R" \
			"$xfer" client "$peer" -p $WARM_PORT -b 1K -m SMCR -w 60
	fi
	agreed=$(lgr_prompt_confirm)
	mode=SMCR
	if [ "$agreed" = yes ]; then
		mode=TCP
		# the client declines (SMC_CLC_DECL_CONFIRM_LATE); the server falls
		# back on the peer's decline (SMC_CLC_DECL_PEERDECL)
		reason_cli=(-r 0x03110000)
		reason_srv=(-r 0x05000000)
	fi
	if [ "$role" = server ]; then
		smc_lib_check "late: the late client's connection served over $mode (PROMPT_CONFIRM: $agreed)" \
			"$xfer" server -p $LATE_PORT -n 1 -w 60 -m $mode "${reason_srv[@]}"
	else
		smc_lib_check "late: the late client's connection over $mode (PROMPT_CONFIRM: $agreed)" \
			"$xfer" client "$peer" -p $LATE_PORT -b 64K -m $mode "${reason_cli[@]}" -w 60
	fi
	smc_lib_pair_sync late-done $SYNC_PORT
	smc_lib_check_output "late: one link group" "^1$" smc_lib_lgr_count
}

run_case join no
run_case first yes
[ "$late" = 1 ] && late_case
smc_lib_pair_sync end $SYNC_PORT
smc_lib_exit
