#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The demo: unchanged TCP programs (iperf3, sockperf) moved onto SMC by
# smc_run, over SMC-D loopback in one guest and over SMC-R between the two
# guests of the lab, each against plain TCP in the same run; the SMC
# statistics (connections and fallbacks the kernel counted during each SMC
# run) show what the kernel really used.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=${1:-$SMC_NEXT_CACHE/demo}
rm -rf "$out"
mkdir -p "$out"
scripts=$SMC_NEXT_TOP/scripts
rc=0

smc_next_log "demo 1/2: SMC-D loopback in one guest (patched kernel)"
"$scripts/vm-run.sh" -n demo-lo -t 600 -o "$out/loopback" \
	-- "$scripts/lab-guest.sh" single "$scripts/bench-guest.sh" loopback stream pingpong || rc=1
smc_next_log "demo 2/2: SMC-R over soft-RoCE between two guests"
"$scripts/lab-pair.sh" --out "$out/pair" -- "$scripts/bench-guest.sh" pair stream pingpong || rc=1

cat "$out"/loopback/bench.tsv "$out"/pair/client/bench.tsv > "$out/demo.tsv" 2>/dev/null || true
echo
echo "smc-next demo, $(date -u '+%Y-%m-%d %H:%M UTC'), kernel $(smc_next_base_version) + patches/series, QEMU TCG guests"
echo
smc_next_with_ratio "$out/demo.tsv" 2 | awk -F'\t' '
	BEGIN {
		printf "| %-18s | %-46s | %-8s | %9s | %9s | %7s | %-20s |\n", "transport", "test", "unit", "TCP", "SMC", "SMC/TCP", "SMC statistics"
		printf "|%s|%s|%s|%s|%s|%s|%s|\n", "--------------------", "------------------------------------------------", "----------", "-----------", "-----------", "---------", "----------------------"
	}
	{
		printf "| %-18s | %-46s | %-8s | %9s | %9s | %7s | %-20s |\n", $1, $2, $3, $4, $5, $6, $7
	}'
echo
echo "SMC/TCP: above 1 is better for throughput, below 1 better for latency."
rows=$(grep -c . "$out/demo.tsv" || true)
if [ "$rows" -lt 6 ]; then
	echo "demo: only $rows of 6 figures were measured; logs in $out" >&2
	rc=1
fi
if grep -qvP '\t(SMCD|SMCR) \(' "$out/demo.tsv"; then
	echo "demo: some SMC runs were not SMC (see the last column); logs in $out" >&2
	rc=1
fi
exit $rc
