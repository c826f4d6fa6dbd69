#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Where a short connection's CPU goes (issue 16): SMC-D loopback against
# TCP, by perf's callchains, on the stock kernel and on the series, one
# boot each (scripts/conncpu-guest.sh in one guest of one vCPU), rendered
# by scripts/conncpu-report.py: the CPU per connection by system call and
# work item, the SMC functions inclusive, and what a small TCP message and
# the CLC messages cost against what SMC-D at 0.9 of TCP allows.
# usage: bench-conncpu.sh [-r] [ROUNDS (3)] [CONNS (3000)] [DOC]
#   -r   write DOC from the last run's results again, without running
#   DOC  default Documentation/benchmarks/connection-cpu.md
set -euo pipefail
. "$(dirname "$0")/lib.sh"

render_only=0
if [ "${1:-}" = -r ]; then
	render_only=1
	shift
fi
rounds=${1:-3}
conns=${2:-3000}
doc=${3:-$SMC_NEXT_TOP/Documentation/benchmarks/connection-cpu.md}
scripts=$SMC_NEXT_TOP/scripts
out=$SMC_NEXT_CACHE/bench-conncpu

if [ $render_only = 1 ]; then
	read -r rounds conns < "$out/args" || smc_next_die "conncpu: no last run in $out"
else
	rm -rf "$out"
	mkdir -p "$out"
	echo "$rounds $conns" > "$out/args"
	for k in pristine patched; do
		image=$("$scripts/kernel-build.sh" $k)
		mkdir -p "$out/$k"
		"$scripts/vm-run.sh" -k "$image" -n "conncpu-$k" -t 1800 -q -o "$out/$k" -- \
			"$scripts/lab-guest.sh" single "$scripts/conncpu-guest.sh" "$rounds" "$conns" ||
			smc_next_die "conncpu: the $k guest failed (log in $out/$k)"
	done
fi
python3 "$scripts/conncpu-report.py" "$out" "$doc" "bench-conncpu.sh $rounds $conns" \
	"$(smc_next_base_version)" "$(smc_next_series_patches | wc -l)"
smc_next_log "wrote $doc"
