#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Established SMC-R connections, the stock kernel against the patched one:
# iperf3 throughput, sockperf ping-pong and nginx + wrk over connections
# kept alive between two guests, each against TCP in the same boot. The
# series changes the handshake and rkey handling, not the data path; this
# shows that it costs nothing once connected.
# The figure compared is SMC/TCP of each boot (TCP in the same boot takes
# out how fast the emulation ran); the median over the boots is reported.
# Writes established.md and established.csv.
# usage: bench-established.sh [OUTDIR]
#   SMC_BENCH_BOOTS per kernel (default 5), SMC_BENCH_SECS per sample (5)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

dest=${1:-$SMC_NEXT_TOP/Documentation/benchmarks}
work=$SMC_NEXT_CACHE/bench-established
boots=${SMC_BENCH_BOOTS:-5}
kernels=(pristine patched)
scripts=$SMC_NEXT_TOP/scripts
start=$(date +%s)
rm -rf "$work"
mkdir -p "$work" "$dest"

# The kernels take turns, so that a slower spell of the host hits both.
for b in $(seq "$boots"); do
	for k in "${kernels[@]}"; do
		smc_next_log "established connections, $k kernel, boot $b of $boots"
		"$scripts/lab-pair.sh" --out "$work/$k-$b" --timeout 900 \
			--client-kernel "$k" --server-kernel "$k" \
			--env SMC_BENCH_SECS="${SMC_BENCH_SECS:-5}" \
			-- "$scripts/bench-guest.sh" pair stream pingpong keepalive
		awk -F'\t' -v k="$k" -v b="$b" 'BEGIN { OFS = FS } { print k, b, $0 }' \
			"$work/$k-$b/client/bench.tsv" >> "$work/all.tsv"
	done
done

# all.tsv: kernel boot transport test unit tcp smc sock_diag. Per kernel and
# test: median TCP, median SMC, and SMC/TCP as median, lowest and highest;
# the verdict says whether the two kernels' ranges of SMC/TCP overlap.
awk -F'\t' '
	{
		key = $4 FS $5
		if (!(key in seen)) { seen[key] = 1; order[++n] = key }
		i = ++cnt[$1, key]
		tcp[$1, key, i] = $6; smc[$1, key, i] = $7
		ratio[$1, key, i] = ($6 > 0) ? $7 / $6 : 0
		if (!(($1, key, $8) in diagseen)) {
			diagseen[$1, key, $8] = 1
			diag[$1, key] = diag[$1, key] (diag[$1, key] == "" ? "" : ", ") $8
		}
	}
	function sorted(arr, k, key, m, v,    i, j, t) {
		for (i = 1; i <= m; i++) v[i] = arr[k, key, i]
		for (i = 2; i <= m; i++)
			for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
	}
	function median(arr, k, key, m,    v) {
		sorted(arr, k, key, m, v)
		return (m % 2) ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
	}
	function lo(k, key, m,    v) { sorted(ratio, k, key, m, v); return v[1] }
	function hi(k, key, m,    v) { sorted(ratio, k, key, m, v); return v[m] }
	END {
		for (x = 1; x <= n; x++) {
			key = order[x]
			ms = cnt["pristine", key]; mp = cnt["patched", key]
			rs = median(ratio, "pristine", key, ms); rp = median(ratio, "patched", key, mp)
			ls = lo("pristine", key, ms); hs = hi("pristine", key, ms)
			lp = lo("patched", key, mp); hp = hi("patched", key, mp)
			verdict = (lp > hs || hp < ls) ? "apart" : "within the spread"
			printf "%s\t%.1f\t%.1f\t%.2f (%.2f-%.2f)\t%.1f\t%.1f\t%.2f (%.2f-%.2f)\t%.2f\t%s\t%s / %s\n", key,
				median(tcp, "pristine", key, ms), median(smc, "pristine", key, ms), rs, ls, hs,
				median(tcp, "patched", key, mp), median(smc, "patched", key, mp), rp, lp, hp,
				(rs > 0) ? rp / rs : 0, verdict, diag["pristine", key], diag["patched", key]
		}
	}' "$work/all.tsv" > "$work/rows.tsv"

series=$(smc_next_series_patches | wc -l)
{
	echo '<!-- SPDX-License-Identifier: GPL-2.0 -->'
	echo "# Established SMC-R connections: stock against patched"
	echo
	echo "- command: \`scripts/bench-established.sh\` (part of \`make bench\`; $(( ($(date +%s) - start) / 60 )) min)"
	echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "- stock: linux-source-6.12 $(smc_next_base_version), pristine; patched: the same + $series patch(es) (smc-next $(git -C "$SMC_NEXT_TOP" rev-parse --short HEAD)), every feature on"
	echo "- lab: two QEMU TCG guests, SMC-R over soft-RoCE (rxe), dgram netdev, no added delay; ${boots} boots per kernel, taking turns; ${SMC_BENCH_SECS:-5} s per sample"
	echo "- figure: SMC/TCP within each boot (TCP in the same boot is the yardstick for the emulation's speed), median and range over the boots; patched/stock compares the medians (1.00 = no change; above 1 is better for throughput, worse for latency and CPU); ranges: whether the two kernels' ranges overlap (within the spread) or not (apart)"
	echo
	echo "| test | unit | stock TCP | stock SMC-R | stock SMC/TCP (range) | patched TCP | patched SMC-R | patched SMC/TCP (range) | patched/stock | ranges | sock_diag stock / patched |"
	echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|"
	awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 }' \
		"$work/rows.tsv"
	cat <<'TEXT'

The series touches the CLC handshake, rkey registration and the end of a
link group; the CDC and RDMA write path of an established connection is
the stock one. A difference counts only where the ranges are apart: TCG
spreads figures from boot to boot (about 15 %, see link-counters.md), which
the per-boot ratio reduces but does not remove.
TEXT
} > "$dest/established.md"

{
	echo "test,unit,stock_tcp,stock_smc,stock_ratio,patched_tcp,patched_smc,patched_ratio,patched_over_stock,ranges,date"
	now=$(date -u '+%Y-%m-%dT%H:%MZ')
	awk -F'\t' -v now="$now" '{ printf "\"%s\",\"%s\",%s,%s,\"%s\",%s,%s,\"%s\",%s,\"%s\",%s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now }' \
		"$work/rows.tsv"
} > "$dest/established.csv"

cat "$dest/established.md"
smc_next_warn_not_smc "$work/rows.tsv"
