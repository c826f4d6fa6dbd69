#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs selftests one after another, kselftest style, each under the timeout
# of ./settings; prints a TAP summary of the scripts and appends every
# script's own TAP lines to $SMC_LIB_TAP when set.
# usage: run_tests.sh TEST.sh...

dir=$(cd "$(dirname "$0")" && pwd)
. "$dir/smc_lib.sh"
timeout=$(sed -n 's/^timeout=//p' "$dir/settings")
# Inside a lab guest, results go to the host through the output share.
export SMC_LIB_TAP=${SMC_LIB_TAP:-${SMC_NEXT_OUT:+$SMC_NEXT_OUT/results.tap}}
[ -n "$SMC_LIB_TAP" ] && touch "$SMC_LIB_TAP"
rc=0
n=0

# kmemleak, where the kernel has it (the lab's debug flavour): what is
# suspected at the start is cleared, then every script is followed by a
# scan, and a script that leaves a new suspect fails its own line.
kmemleak=/sys/kernel/debug/kmemleak
[ -e "$kmemleak" ] || mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
if [ -w "$kmemleak" ]; then
	echo scan > "$kmemleak"
	echo clear > "$kmemleak"
else
	kmemleak=
fi
kmemleak_check()
{
	local t=$1 leaks

	[ -n "$kmemleak" ] || return 0
	echo scan > "$kmemleak"
	leaks=$(cat "$kmemleak")
	if [ -z "$leaks" ]; then
		echo "ok 1 - kmemleak: nothing new after $t" >> "${SMC_LIB_TAP:-/dev/null}"
		return 0
	fi
	echo "# kmemleak after $t:"
	echo "$leaks" | head -n 60 | sed 's/^/# /'
	echo "not ok 1 - kmemleak: nothing new after $t ($(grep -c '^unreferenced object' <<< "$leaks") suspects)" \
		>> "${SMC_LIB_TAP:-/dev/null}"
	echo clear > "$kmemleak"
	return 1
}

# In the two-host lab (SMC_LIB_ROLE, SMC_LIB_PEER) both hosts run the same
# list, and a script can take far longer at one end (a bounded wait for a
# known issue, a slow kmemleak scan): the other end's next script would
# then meet nobody, and every script after it too. So both hosts start
# each script together, bounded by a script's timeout. A host that does
# not come is reported and the script runs anyway: its own meeting fails.
readonly BARRIER_PORT=11999
barrier()
{
	local start=$SECONDS theirs

	[ -n "${SMC_LIB_ROLE:-}" ] && [ -n "${SMC_LIB_PEER:-}" ] || return 0
	theirs=$(smc_lib_pair_exchange $BARRIER_PORT "$1" "${timeout:-600}" 2>/dev/null)
	if [ "$theirs" = "$1" ]; then
		echo "# both hosts at $1 after $((SECONDS - start)) s"
	elif [ -n "$theirs" ]; then
		echo "# before $1: the hosts did not meet, the peer is at $theirs"
	else
		echo "# before $1: the hosts did not meet within ${timeout:-600} s"
	fi
}

# SMC_RUN_TESTS_BUDGET: the seconds this run may take (a lab phase bounded
# by CI's deadline). A script starts only while SMC_RUN_TESTS_RESERVE
# (default 300: what the slowest script may need) still fits; the rest are
# reported skipped, with the reason, instead of a phase killed inside a
# script. One host only: the two-host lab's ends could not agree on it.
budget=${SMC_RUN_TESTS_BUDGET:-}
reserve=${SMC_RUN_TESTS_RESERVE:-300}
if [ -n "$budget" ] && [ -n "${SMC_LIB_ROLE:-}" ]; then
	echo "# SMC_RUN_TESTS_BUDGET is for one host: ignored"
	budget=
fi

echo "TAP version 13"
echo "1..$#"
for t in "$@"; do
	n=$((n + 1))
	if [ -n "$budget" ] && [ $((SECONDS + reserve)) -gt "$budget" ]; then
		why="not started: $((budget - SECONDS)) s of the run's $budget s left, a script may need $reserve s"
		echo "ok $n selftests: smc: $t # SKIP $why"
		[ -n "${SMC_LIB_TAP:-}" ] && echo "ok 1 - ${t%.sh}: all # SKIP $why" >> "$SMC_LIB_TAP"
		continue
	fi
	[ $n -gt 1 ] && barrier "$t"
	echo "# selftests: smc: $t"
	before=$(wc -l < "${SMC_LIB_TAP:-/dev/null}" 2>/dev/null || echo 0)
	start=$SECONDS
	output=$(mktemp)
	timeout --kill-after=10 "${timeout:-600}" "$dir/$t" 2>&1 | tee "$output" | sed 's/^/# /'
	r=${PIPESTATUS[0]}
	after=$(wc -l < "${SMC_LIB_TAP:-/dev/null}" 2>/dev/null || echo 0)
	# bash drops a command whose arithmetic or substitution does not
	# parse, says so, and goes on: a check on that line vanishes without
	# a result, and the script would pass. It fails instead.
	broken=$(grep -aE -m 1 '\.sh: line [0-9]+: .*(syntax error|bad substitution)' "$output")
	rm -f "$output"
	if [ -n "$broken" ]; then
		echo "# $t: a line of the script did not run: $broken"
		[ -n "${SMC_LIB_TAP:-}" ] &&
			echo "not ok 1 - ${t%.sh}: every line of the script ran ($broken)" >> "$SMC_LIB_TAP"
		[ "$r" = 0 ] || [ "$r" = 4 ] && r=1
	fi
	case $r in
	0) echo "ok $n selftests: smc: $t" ;;
	4) echo "ok $n selftests: smc: $t # SKIP" ;;
	124|137) echo "not ok $n selftests: smc: $t # TIMEOUT ${timeout}s"; rc=1 ;;
	*) echo "not ok $n selftests: smc: $t # exit=$r"; rc=1 ;;
	esac
	# A script that died before printing its results still counts.
	if [ -n "${SMC_LIB_TAP:-}" ] && [ "$before" = "$after" ] && [ "$r" != 0 ]; then
		if [ "$r" = 4 ]; then
			echo "ok 1 - ${t%.sh}: all # SKIP" >> "$SMC_LIB_TAP"
		else
			echo "not ok 1 - ${t%.sh}: ended with exit $r before reporting" >> "$SMC_LIB_TAP"
		fi
	fi
	# Durations, for fitting the slow (debug) lab into CI's time.
	scanned=$SECONDS
	kmemleak_check "$t" || rc=1
	echo "# $t took $((scanned - start)) s${kmemleak:+, its kmemleak scan $((SECONDS - scanned)) s}"
done
exit $rc
