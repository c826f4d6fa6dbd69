#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The event monitor survives an overrun: while "smcd monitor" is stopped
# with a small socket buffer, 60 PNET events overflow it; when it goes on
# it reports LOST_EVENTS (the kernel's ENOBUFS) and still shows the events
# that come after. In a namespace of its own, so that no other test's
# events mix in.

. "$(dirname "$0")/smc_lib.sh"

tools=$SMC_LIB_DIR/../smc-tools
smc_lib_check_smc
[ -x "$tools/smcd" ] || smc_lib_skip_all "smc-tools not built (make -C smc-tools)"

ns=smcmon$$
out=$(mktemp)
pid=
cleanup()
{
	[ -n "$pid" ] && kill -CONT "$pid" 2>/dev/null && kill "$pid" 2>/dev/null
	ip netns del $ns 2>/dev/null
	rm -f "$out"
}
trap cleanup EXIT
ip netns add $ns || smc_lib_skip_all "cannot make a network namespace"
# The PNET table takes entries for devices that do not exist (yet): no
# device is needed for the events.

ip netns exec $ns env SMC_MONITOR_RCVBUF=1024 "$tools/smcd" monitor >"$out" 2>&1 &
pid=$!
# subscribed once an event of ours shows
if ! smc_lib_wait_for 20 bash -c "ip netns exec $ns '$tools/smc_pnet' -a -I smcmon0 PROBE >/dev/null 2>&1
		ip netns exec $ns '$tools/smc_pnet' -d PROBE >/dev/null 2>&1; grep -q PROBE '$out'"; then
	sed 's/^/    /' "$out"
	smc_lib_result_fail "the monitor sees the namespace's events" "no PROBE event in 20 s"
	smc_lib_exit
fi
smc_lib_result_pass "the monitor sees the namespace's events"

# 60 events overflow the 1024-byte buffer many times over; one namespace
# entry for all of them (each "ip netns exec" costs seconds on the debug
# kernel under TCG).
flood=60
kill -STOP $pid
smc_lib_check "the flood: $((flood / 2)) entries added and deleted" \
	ip netns exec $ns bash -c "for i in \$(seq $((flood / 2))); do
		'$tools/smc_pnet' -a -I smcmon0 FLOOD\$i >/dev/null 2>&1 &&
		'$tools/smc_pnet' -d FLOOD\$i >/dev/null 2>&1 || exit 1
	done"
kill -CONT $pid
smc_lib_check "after the flood, the events that come next still show" \
	smc_lib_wait_for 30 bash -c "ip netns exec $ns '$tools/smc_pnet' -a -I smcmon0 AFTER >/dev/null 2>&1
		ip netns exec $ns '$tools/smc_pnet' -d AFTER >/dev/null 2>&1; grep -q 'PNET_ADDED\] AFTER' '$out'"
smc_lib_check_output "the overrun is reported as LOST_EVENTS" \
	"^\[LOST_EVENTS\] the kernel dropped events" cat "$out"
smc_lib_check "fewer than the $flood flood events arrived (the buffer did overflow)" \
	bash -c "[ \$(grep -c FLOOD '$out') -lt $flood ]"
smc_lib_check "the monitor is still running" kill -0 $pid
smc_lib_exit
