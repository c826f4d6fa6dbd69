#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Round trips of connect + 1-byte request/response, the stock kernel
# against the patched one in the same run: TCP, SMC-D loopback (one
# guest), SMC-R first contact and SMC-R joining a link group (two guests).
# Each kernel runs at every netem delay; the slope of time over added RTT
# counts round trips whatever the emulation costs, and TCP measured in the
# same boots is the yardstick. Writes round-trips.md and round-trips.csv.
# usage: bench-rtt.sh [OUTDIR]
#   SMC_BENCH_DELAYS (default "0 25 50 100"), SMC_BENCH_BOOTS per delay (2)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

dest=${1:-$SMC_NEXT_TOP/Documentation/benchmarks}
work=$SMC_NEXT_CACHE/bench-rtt
delays=(${SMC_BENCH_DELAYS:-0 25 50 100})
boots=${SMC_BENCH_BOOTS:-2}
kernels=(pristine patched)
scripts=$SMC_NEXT_TOP/scripts
start=$(date +%s)
rm -rf "$work"
mkdir -p "$work" "$dest"

for k in "${kernels[@]}"; do
	bz=$SMC_NEXT_CACHE/$k/build/arch/x86/boot/bzImage
	[ -f "$bz" ] || smc_next_die "no $k kernel at $bz: run make kernel"
	smc_next_log "round trips, $k kernel: SMC-D loopback, one guest (netem on lo: ${delays[*]} ms)"
	"$scripts/vm-run.sh" -n "rtt-lo-$k" -k "$bz" -t 900 -o "$work/$k/loopback" \
		--env SMC_LAB_EXPECT_KERNEL="-$k" --env SMC_BENCH_DELAYS="${delays[*]}" \
		-- "$scripts/lab-guest.sh" single "$scripts/bench-guest.sh" loopback rtt
	# Each boot gives one first contact: several boots per delay.
	for d in "${delays[@]}"; do
		for b in $(seq "$boots"); do
			smc_next_log "round trips, $k kernel: SMC-R, two guests, ${d} ms netem each, boot $b"
			"$scripts/lab-pair.sh" --out "$work/$k/pair-$d-$b" --delay "$d" --timeout 600 \
				--client-kernel "$k" --server-kernel "$k" \
				-- "$scripts/bench-guest.sh" pair rtt
		done
	done
	cat "$work/$k"/loopback/rtt.tsv "$work/$k"/pair-*/client/rtt.tsv > "$work/$k/rtt.tsv"
	smc_next_rtt_rows "$work/$k/rtt.tsv" > "$work/$k/rows.tsv"
done

series=$(smc_next_series_patches | wc -l)
base="linux-source-6.12 $(smc_next_base_version)"
rtts=$(printf '%s ' "${delays[@]:1}" | awk '{for (i = 1; i <= NF; i++) printf "%s%d", (i > 1 ? ", " : ""), 2 * $i}')

# rows: where what stock_verdict stock_ms stock_rtts patched_verdict
# patched_ms patched_rtts, joined on where + what.
awk -F'\t' '
	NR == FNR { key = $1 FS $2; sv[key] = $3; sms[key] = $4; sr[key] = $5; next }
	{ key = $1 FS $2; printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", $1, $2, sv[key], sms[key], sr[key], $3, $4, $5 }
' "$work/pristine/rows.tsv" "$work/patched/rows.tsv" > "$work/rows.tsv"

# The targets of issue #5, against TCP measured in the same boots.
tcp_rtts=$(awk -F'\t' '$1 == "2 VMs" && $2 ~ /^TCP/ { print $8 }' "$work/rows.tsv")
target()
{
	awk -F'\t' -v tcp="$tcp_rtts" '
	function verdict(rtts, want) {
		return (rtts <= want + 0.5) ? "met" : sprintf("missed by %.1f", rtts - want)
	}
	$2 ~ /joining/ { print "= TCP (" tcp "): " verdict($8, tcp); next }
	$2 ~ /first contact/ { print "<= TCP + 1 (" tcp + 1 "): " verdict($8, tcp + 1); next }
	{ print "" }' <<< "$1"
}

{
	echo '<!-- SPDX-License-Identifier: GPL-2.0 -->'
	echo "# Round trips: stock against patched"
	echo
	echo "- command: \`scripts/bench-rtt.sh\` (part of \`make bench\`; $(( ($(date +%s) - start) / 60 )) min)"
	echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "- stock: $base, pristine; patched: the same + $series patch(es) (smc-next $(git -C "$SMC_NEXT_TOP" rev-parse --short HEAD)), every feature on (net.smc.features=4294967295 on both guests; the default is 0)"
	echo "- lab: QEMU TCG guests; SMC-R over soft-RoCE between two guests (dgram netdev), SMC-D over loopback-ism in one guest"
	echo "- method: connect + 1-byte request/response + close (selftests/smc_crr), 11 connections per boot; netem delays of ${delays[*]} ms one way on each guest (added RTT ${rtts} ms); round trips = least-squares slope of time over added RTT. SMC-R first contact is the first connection of a boot (${boots} boots per delay), joining the median of the other ten."
	echo
	echo "| where | what | stock ms (no delay) | stock RTTs | patched ms (no delay) | patched RTTs | saved | target (issue #5) | sock_diag stock / patched |"
	echo "|---|---|---:|---:|---:|---:|---:|---|---|"
	while IFS= read -r row; do
		IFS=$'\t' read -r where what sv sms sr pv pms pr <<< "$row"
		printf '| %s | %s | %s | %s | %s | %s | %.2f | %s | %s / %s |\n' "$where" "$what" \
			"$sms" "$sr" "$pms" "$pr" "$(awk -v a="$sr" -v b="$pr" 'BEGIN { print a - b }')" \
			"$(target "$row")" "$sv" "$pv"
	done < "$work/rows.tsv"
	cat <<'TEXT'

What the patched kernel saves, and what it cannot: joining a link group
skips the two CONFIRM_RKEY exchanges (RKEY_SINGLE_LINK, RKEY_PERSIST) and
first contact the wait for the second-link attempt (ASYNC_ADD_LINK). What
is left above TCP is the CLC round trip (PROPOSAL/ACCEPT) after the TCP
handshake, one RTT for joining and for first contact alike (first contact
also confirms its link, CONFIRM_LINK). Taking it out would mean carrying
the PROPOSAL in the SYN (TCP Fast Open), which is not safe without a change
to TCP itself: see section 7 of `Documentation/protocol/clc-extensions.md`.
TEXT
} > "$dest/round-trips.md"

{
	echo "where,what,stock_ms,stock_rtts,patched_ms,patched_rtts,stock_verdict,patched_verdict,date"
	now=$(date -u '+%Y-%m-%dT%H:%MZ')
	awk -F'\t' -v now="$now" '{ printf "\"%s\",\"%s\",%s,%s,%s,%s,\"%s\",\"%s\",%s\n", $1, $2, $4, $5, $7, $8, $3, $6, now }' \
		"$work/rows.tsv"
} > "$dest/round-trips.csv"

cat "$dest/round-trips.md"
smc_next_warn_not_smc "$work/rows.tsv"
