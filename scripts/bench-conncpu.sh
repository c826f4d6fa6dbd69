#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Where a short connection's CPU goes (issue 16), by perf's callchains,
# rendered by scripts/conncpu-report.py:
# - SMC-D loopback against TCP on the stock kernel and on the series, one
#   boot each (scripts/conncpu-guest.sh in one guest of one vCPU): the CPU
#   per connection by system call and work item, the SMC functions
#   inclusive, and what a small TCP message and the CLC messages cost
#   against what SMC-D's targets allow;
# - SMC-R over rxe between two guests on the series (scripts/profile-guest.sh's
#   short phases with callchains): each guest's CPU per request, the CLC
#   messages' and rxe's share, against SMC-R's targets.
# usage: bench-conncpu.sh [-r|-s] [ROUNDS (3)] [CONNS (3000)] [DOC] [SMCR_DOC]
#   -r        write the documents from the last run's results again
#   -s        run (and write) the SMC-R part only
#   DOC       default Documentation/benchmarks/connection-cpu.md
#   SMCR_DOC  default Documentation/benchmarks/connection-cpu-smcr.md
set -euo pipefail
. "$(dirname "$0")/lib.sh"

render_only=0 smcr_only=0
case ${1:-} in
-r) render_only=1; shift ;;
-s) smcr_only=1; shift ;;
esac
rounds=${1:-3}
conns=${2:-3000}
doc=${3:-$SMC_NEXT_TOP/Documentation/benchmarks/connection-cpu.md}
smcr_doc=${4:-$SMC_NEXT_TOP/Documentation/benchmarks/connection-cpu-smcr.md}
scripts=$SMC_NEXT_TOP/scripts
out=$SMC_NEXT_CACHE/bench-conncpu
series=$(smc_next_series_patches | wc -l)
base=$(smc_next_base_version)

if [ $render_only = 1 ]; then
	read -r rounds conns < "$out/args" || smc_next_die "conncpu: no last run in $out"
elif [ $smcr_only = 0 ]; then
	rm -rf "$out"
	mkdir -p "$out"
	echo "$rounds $conns" > "$out/args"
	for k in pristine patched; do
		image=$("$scripts/kernel-build.sh" $k)
		mkdir -p "$out/$k"
		# one vCPU: the report reads the guest's CPU as the connections' time
		"$scripts/vm-run.sh" -k "$image" -n "conncpu-$k" --cpus 1 -t 1800 -q -o "$out/$k" -- \
			"$scripts/lab-guest.sh" single "$scripts/conncpu-guest.sh" "$rounds" "$conns" ||
			smc_next_die "conncpu: the $k guest failed (log in $out/$k)"
	done
fi
if [ $render_only = 0 ]; then
	image=$("$scripts/kernel-build.sh" patched)
	rm -rf "$out/pair"
	mkdir -p "$out/pair"
	SMC_LAB_CPUS=1 "$scripts/lab-pair.sh" --out "$out/pair" --client-kernel "$image" \
		--server-kernel "$image" \
		--timeout 900 --env SMC_PROFILE_PHASES=short --env SMC_PROFILE_CALLCHAINS=1 -- \
		"$scripts/profile-guest.sh" > "$out/pair.log" 2>&1 ||
		smc_next_die "conncpu: the pair failed (log in $out/pair.log)"
fi
if [ $smcr_only = 0 ]; then
	python3 "$scripts/conncpu-report.py" "$out" "$doc" "bench-conncpu.sh $rounds $conns" \
		"$base" "$series"
	smc_next_log "wrote $doc"
fi
python3 "$scripts/conncpu-report.py" --pair "$out/pair" "$smcr_doc" "bench-conncpu.sh" \
	"$base" "$series"
smc_next_log "wrote $smcr_doc"
