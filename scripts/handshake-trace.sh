#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Where a short connection's time goes: nginx and wrk "Connection: Close"
# (scripts/bench-guest.sh, suite trace) on the trace flavour of a lab
# kernel (kernel-build.sh NAME-trace: the function graph tracer), SMC-D
# loopback in one guest and SMC-R between two, at 1 and 100 connections.
# The untraced SMC/TCP figures come from the same run; the traced run
# gives, per handshake, accept and close function, its wall time (on and
# off CPU) split over what it calls, and the workqueue hops.
# Writes Documentation/benchmarks/handshake-breakdown.md (or OUTFILE).
# usage: handshake-trace.sh [-k KERNEL] [OUTFILE]   (KERNEL: patched)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree=patched
if [ "${1:-}" = -k ]; then
	tree=$2
	shift 2
fi
dest=${1:-$SMC_NEXT_TOP/Documentation/benchmarks/handshake-breakdown.md}
kernel=$tree-trace
scripts=$SMC_NEXT_TOP/scripts
work=$SMC_NEXT_CACHE/handshake-trace/$tree
rm -rf "$work"
mkdir -p "$work"
start=$(date +%s)

"$scripts/kernel-build.sh" "$kernel" >/dev/null
smc_next_log "SMC-D loopback, one guest, c1 and c100"
"$scripts/vm-run.sh" -n trace-lo -k "$kernel" -t 1500 -o "$work/loopback" \
	--env SMC_TRACE_CONNS="1 100" --env SMC_BENCH_SECS=5 \
	-- "$scripts/lab-guest.sh" single "$scripts/bench-guest.sh" loopback trace
for c in 1 100; do
	smc_next_log "SMC-R, two guests, c$c"
	"$scripts/lab-pair.sh" --out "$work/pair-c$c" --timeout 1500 \
		--client-kernel "$kernel" --server-kernel "$kernel" \
		--env SMC_TRACE_CONNS=$c --env SMC_BENCH_SECS=5 \
		-- "$scripts/bench-guest.sh" pair trace
done

# the outermost of these owns a call: smc_conn_free is a root of its own
# only where no other root called it
client_roots="__smc_connect smc_connect_work __smc_release smc_close_passive_work smc_conn_free"
server_roots="smc_tcp_listen_work smc_listen_work smc_accept __smc_release smc_close_passive_work smc_conn_free"
loopback_roots="__smc_connect smc_connect_work smc_tcp_listen_work smc_listen_work smc_accept
	__smc_release smc_close_passive_work smc_conn_free"
breakdown()	# TRACE CONNS ROOT...
{
	local trace=$1 conns=$2
	shift 2
	python3 "$scripts/ftrace-breakdown.py" "$trace" "$@" --conns "$conns"
}
conns_of()	# DIR C [ENDS]: the SMC connections of the traced run at C; the
{		# statistics count each end, and loopback's has both (ENDS 2)
	awk -v c="$2" -v e="${3:-1}" '$1 == c { print int($2 / e) }' "$1/trace-runs.txt"
}
figures()	# TSV: the rows of bench.tsv as a markdown table
{
	awk -F'\t' '{ r = ($4 > 0 ? sprintf("%.2f", $5 / $4) : "-");
		printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $4, $5, r, $6 }' "$1"
}

{
	echo '<!-- SPDX-License-Identifier: GPL-2.0 -->'
	echo "# Where a short connection's time goes"
	echo
	echo "- command: \`scripts/handshake-trace.sh -k $tree\` ($(( ($(date +%s) - start) / 60 )) min)"
	echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "- kernel: $kernel: the $tree lab kernel ($(smc_next_series_patches | wc -l) patches, smc-next $(git -C "$SMC_NEXT_TOP" rev-parse --short HEAD)) with selftests/config.trace"
	echo "- load: nginx (2 workers, 600-byte page) and wrk \`-H 'Connection: Close'\`, 5 s per figure, both moved by smc_run; QEMU TCG guests with ${SMC_LAB_CPUS:-1} vCPU(s)"
	echo
	echo "## Requests per second, untraced and traced, TCP in the same run"
	echo
	echo "| transport | run | TCP | SMC | SMC/TCP | SMC statistics |"
	echo "|---|---|---:|---:|---:|---|"
	cat "$work"/loopback/bench.tsv "$work"/pair-c*/client/bench.tsv > "$work/bench.tsv"
	figures "$work/bench.tsv"
	echo
	echo "## How to read the breakdowns"
	echo
	echo "Times are wall time, as the function graph tracer measures from a function's"
	echo "entry to its return: a call that sleeps (a mutex, a CLC message, a completion)"
	echo "counts its sleep. The tracer's own cost inflates short calls under emulation;"
	echo "compare shares, and the traced rate with the untraced one above. Rows under"
	echo "2% of their root are left out. The workqueue table gives the delay from"
	echo "queue_work to the work's start."
	for c in 1 100; do
		echo
		echo "## SMC-D loopback, c$c (client and server in one guest)"
		echo
		n=$(conns_of "$work/loopback" $c 2)
		echo "$n SMC connections in the traced run."
		echo
		breakdown "$work/loopback/trace-c$c.txt" "$n" $loopback_roots
	done
	for c in 1 100; do
		d=$work/pair-c$c
		n=$(conns_of "$d/client" $c)
		echo
		echo "## SMC-R, c$c: client"
		echo
		echo "$n SMC connections in the traced run."
		echo
		breakdown "$d/client/trace-c$c.txt" "$n" $client_roots
		echo
		echo "## SMC-R, c$c: server (its trace covers the untraced and the traced SMC run; connections: its smc_listen_work runs)"
		echo
		breakdown "$d/server/trace.txt" "$(grep -c 'workqueue_execute_start: .* function smc_listen_work \*/' "$d/server/trace.txt")" $server_roots
	done
} > "$dest.tmp"
mv "$dest.tmp" "$dest"
smc_next_log "wrote $dest"
