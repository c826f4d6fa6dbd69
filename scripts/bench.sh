#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: SMC against TCP in the same lab runs, written as a markdown
# table and a CSV into Documentation/benchmarks/ (nothing is committed).
#   1. round trips: connect + 1-byte request/response at several netem
#      delays; the slope of time over added RTT counts round trips
#   2. short connections: nginx + wrk "Connection: Close", c1/c10/c100
#   3. steady state: sockperf ping-pong 14 B / 16 KB, iperf3 throughput
# over SMC-D loopback (one guest) and SMC-R on soft-RoCE (two guests).
# Every SMC figure carries what sock_diag saw during its run; a figure
# whose connections fell back to TCP is marked, not silently kept.
# usage: bench.sh [OUTDIR]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

dest=${1:-$SMC_NEXT_TOP/Documentation/benchmarks}
work=$SMC_NEXT_CACHE/bench
delays=(${SMC_BENCH_DELAYS:-0 20 40})
rm -rf "$work"
mkdir -p "$work" "$dest"
scripts=$SMC_NEXT_TOP/scripts
start=$(date +%s)

smc_next_log "bench 1/3: SMC-D loopback, one guest (netem on lo: ${delays[*]} ms)"
"$scripts/vm-run.sh" -n bench-lo -t 1500 -o "$work/loopback" \
	--env SMC_BENCH_DELAYS="${delays[*]}" \
	-- "$scripts/lab-guest.sh" single "$scripts/bench-guest.sh" loopback rtt stream pingpong wrk
smc_next_log "bench 2/3: SMC-R, two guests, no added delay"
"$scripts/lab-pair.sh" --out "$work/pair-0" --timeout 1500 \
	-- "$scripts/bench-guest.sh" pair rtt stream pingpong wrk
for d in "${delays[@]}"; do
	[ "$d" = 0 ] && continue
	smc_next_log "bench 3/3: SMC-R round trips, ${d} ms netem on each guest"
	"$scripts/lab-pair.sh" --out "$work/pair-$d" --delay "$d" --timeout 600 \
		-- "$scripts/bench-guest.sh" pair rtt
done

cat "$work"/loopback/bench.tsv "$work"/pair-0/client/bench.tsv > "$work/bench.tsv"
cat "$work"/loopback/rtt.tsv "$work"/pair-*/client/rtt.tsv > "$work/rtt.tsv"

series=$(smc_next_series_patches | wc -l)
kernel="linux-source-6.12 $(smc_next_base_version) + $series patch(es) (smc-next $(git -C "$SMC_NEXT_TOP" rev-parse --short HEAD))"

# rtt.tsv: rtt transport kind rtt_ms first_us median_us verdict. One row
# per measured quantity: time at no delay, and the least-squares slope of
# time over added RTT, in RTTs.
rtt_rows()
{
	awk -F'\t' '
	function add(key, x, y) {
		n[key]++; sx[key] += x; sy[key] += y; sxx[key] += x * x; sxy[key] += x * y
		if (x == 0) zero[key] = y
		if (!(key in order)) { order[key] = ++nkeys; keys[nkeys] = key }
	}
	{
		name = ($3 == "tcp") ? "TCP" : ($2 ~ /SMC-D/ ? "SMC-D" : "SMC-R")
		where = ($2 ~ /SMC-D/) ? "loopback" : "2 VMs"
		if ($3 == "smc" && name == "SMC-R") {
			add(where "\tSMC-R first contact\t" $7, $4, $5 / 1000)
			add(where "\tSMC-R joining the link group\t" $7, $4, $6 / 1000)
		} else {
			add(where "\t" name " connect + 1 B request/response\t" $7, $4, $6 / 1000)
		}
	}
	END {
		for (i = 1; i <= nkeys; i++) {
			k = keys[i]
			d = n[k] * sxx[k] - sx[k] * sx[k]
			slope = d ? (n[k] * sxy[k] - sx[k] * sy[k]) / d : 0
			printf "%s\t%.2f\t%.2f\t%d\n", k, zero[k], slope, n[k]
		}
	}' "$work/rtt.tsv"
}

{
	echo "# smc-next benchmarks"
	echo
	echo "- command: \`make bench\` ($(( ($(date +%s) - start) / 60 )) min)"
	echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "- kernel: $kernel"
	echo "- lab: QEMU TCG guests, 2 vCPUs and 1 GB each; SMC-R over soft-RoCE (rxe) between two guests joined by the dgram netdev; SMC-D over loopback-ism in one guest"
	echo
	echo "## Round trips: connect + 1-byte request/response"
	echo
	echo "Time at no added delay, and the slope of time over added RTT (netem delays of ${delays[*]} ms one way, so RTT + 0, $(printf '%s ' "${delays[@]:1}" | awk '{for(i=1;i<=NF;i++) printf "%s%d", (i>1?", ":""), 2*$i}') ms), which counts round trips whatever emulation costs. SMC-R first contact is the first connection of each boot; joining is the median of the next ${SMC_BENCH_CRR_N:-10}."
	echo
	echo "| where | what | sock_diag | ms at no delay | round trips (slope) | delays |"
	echo "|---|---|---|---:|---:|---:|"
	rtt_rows | awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }'
	echo
	echo "## Short connections and steady state, SMC against TCP in the same run"
	echo
	echo "SMC/TCP above 1 is better for throughput and requests, below 1 better for latency and CPU."
	echo
	echo "| transport | test | unit | TCP | SMC | SMC/TCP | sock_diag during the SMC run |"
	echo "|---|---|---|---:|---:|---:|---|"
	smc_next_with_ratio "$work/bench.tsv" 2 |
		awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7 }'
} > "$dest/results.md"

{
	echo "section,where,test,unit,tcp,smc,ratio_or_rtts,verdict,date,kernel"
	now=$(date -u '+%Y-%m-%dT%H:%MZ')
	smc_next_with_ratio "$work/bench.tsv" 3 | awk -F'\t' -v now="$now" -v k="$kernel" '{
		printf "steady,\"%s\",\"%s\",%s,%s,%s,%s,\"%s\",%s,\"%s\"\n", $1, $2, $3, $4, $5, $6, $7, now, k }'
	rtt_rows | awk -F'\t' -v now="$now" -v k="$kernel" '{
		printf "rtt,\"%s\",\"%s\",ms,,%s,%s,\"%s\",%s,\"%s\"\n", $1, $2, $4, $5, $3, now, k }'
} > "$dest/results.csv"

cat "$dest/results.md"
smc_next_log "results in $dest/results.md and results.csv (not committed)"
if grep -qE 'FALLBACK|NOT SEEN' "$work/bench.tsv" "$work/rtt.tsv"; then
	smc_next_log "WARNING: some SMC figures were not SMC (see the sock_diag column)"
fi
