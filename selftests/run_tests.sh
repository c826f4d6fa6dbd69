#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs selftests one after another, kselftest style, each under the timeout
# of ./settings; prints a TAP summary of the scripts and appends every
# script's own TAP lines to $SMC_LIB_TAP when set.
# usage: run_tests.sh TEST.sh...

dir=$(cd "$(dirname "$0")" && pwd)
timeout=$(sed -n 's/^timeout=//p' "$dir/settings")
# Inside a lab guest, results go to the host through the output share.
export SMC_LIB_TAP=${SMC_LIB_TAP:-${SMC_NEXT_OUT:+$SMC_NEXT_OUT/results.tap}}
[ -n "$SMC_LIB_TAP" ] && touch "$SMC_LIB_TAP"
rc=0
n=0

echo "TAP version 13"
echo "1..$#"
for t in "$@"; do
	n=$((n + 1))
	echo "# selftests: smc: $t"
	before=$(wc -l < "${SMC_LIB_TAP:-/dev/null}" 2>/dev/null || echo 0)
	timeout --kill-after=10 "${timeout:-600}" "$dir/$t" 2>&1 | sed 's/^/# /'
	r=${PIPESTATUS[0]}
	after=$(wc -l < "${SMC_LIB_TAP:-/dev/null}" 2>/dev/null || echo 0)
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
done
exit $rc
