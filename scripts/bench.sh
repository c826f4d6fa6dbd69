#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: SMC against TCP in the same lab runs, written as markdown
# tables and CSVs into Documentation/benchmarks/ (nothing is committed).
#   1. round trips (scripts/bench-rtt.sh): connect + 1-byte request/response
#      at several netem delays, the stock kernel against the patched one;
#      the slope of time over added RTT counts round trips
#   2. short connections: nginx + wrk "Connection: Close", c1/c10/c100
#   3. steady state: sockperf ping-pong 14 B / 16 KB, iperf3 throughput
# over SMC-D loopback (one guest) and SMC-R on soft-RoCE (two guests);
#   4. established SMC-R connections (scripts/bench-established.sh), the
#      stock kernel against the patched one;
#   5. issue 16's target table (scripts/bench-handshake.sh -s seed): short
#      SMC-R connections at the seed's concurrencies, the series without
#      its handshake and close changes (up to 0023) against the whole
#      series, boots interleaved ($SMC_BENCH_SEED_ROUNDS rounds, 2);
#   6. the same for SMC-D loopback in one guest (bench-handshake.sh -d).
# Every SMC figure carries what sock_diag saw during its run; a figure
# whose connections fell back to TCP is marked, not silently kept.
# usage: bench.sh [OUTDIR]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

dest=${1:-$SMC_NEXT_TOP/Documentation/benchmarks}
work=$SMC_NEXT_CACHE/bench
rm -rf "$work"
mkdir -p "$work" "$dest"
scripts=$SMC_NEXT_TOP/scripts
start=$(date +%s)

smc_next_log "bench 1/6: round trips, stock against patched"
"$scripts/bench-rtt.sh" "$dest"
smc_next_log "bench 2/6: SMC-D loopback, one guest"
"$scripts/vm-run.sh" -n bench-lo -t 1500 -o "$work/loopback" \
	-- "$scripts/lab-guest.sh" single "$scripts/bench-guest.sh" loopback stream pingpong wrk
smc_next_log "bench 3/6: SMC-R, two guests, no added delay"
"$scripts/lab-pair.sh" --out "$work/pair-0" --timeout 1500 \
	-- "$scripts/bench-guest.sh" pair stream pingpong wrk

smc_next_log "bench 4/6: established SMC-R connections, stock against patched"
"$scripts/bench-established.sh" "$dest"
smc_next_log "bench 5/6: short SMC-R connections at the seed's concurrencies, before and after 0024"
"$scripts/bench-handshake.sh" -s seed "${SMC_BENCH_SEED_ROUNDS:-2}" "$dest/short-connections-seed.md"
smc_next_log "bench 6/6: short SMC-D connections at the seed's concurrencies, before and after 0024"
"$scripts/bench-handshake.sh" -d -s seed "${SMC_BENCH_SEED_ROUNDS:-2}" "$dest/short-connections-seed-smcd.md"

cat "$work"/loopback/bench.tsv "$work"/pair-0/client/bench.tsv > "$work/bench.tsv"

series=$(smc_next_series_patches | wc -l)
kernel="linux-source-6.12 $(smc_next_base_version) + $series patch(es) (smc-next $(git -C "$SMC_NEXT_TOP" rev-parse --short HEAD))"

{
	echo '<!-- SPDX-License-Identifier: GPL-2.0 -->'
	echo "# smc-next benchmarks"
	echo
	echo "- command: \`make bench\` ($(( ($(date +%s) - start) / 60 )) min)"
	echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "- kernel: $kernel"
	echo "- lab: QEMU TCG guests, ${SMC_LAB_CPUS:-1} vCPU(s) and 1 GB each; SMC-R over soft-RoCE (rxe) between two guests joined by the dgram netdev; SMC-D over loopback-ism in one guest"
	echo
	echo "Round trips of connect + 1-byte request/response, stock against patched: [round-trips.md](round-trips.md)."
	echo "Established SMC-R connections, stock against patched: [established.md](established.md)."
	echo "Short SMC-R connections at the seed's concurrencies, the series before and after its handshake and close changes: [short-connections-seed.md](short-connections-seed.md); SMC-D: [short-connections-seed-smcd.md](short-connections-seed-smcd.md)."
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
} > "$dest/results.csv"

cat "$dest/results.md"
smc_next_log "results in $dest/results.md and results.csv (not committed)"
smc_next_warn_not_smc "$work/bench.tsv"
