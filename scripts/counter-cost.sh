#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# What the per-link and per-group counters cost on the data path, counted
# in the disassembly (a figure that software emulation cannot blur): for
# each function of the send and completion paths, its instructions, its
# locked instructions (each a read-modify-write that owns a cache line
# shared between CPUs) and its %gs-relative (per-CPU) accesses, in each
# build directory given, in a Markdown table.
# usage: counter-cost.sh LABEL=BUILD_DIR...
#   e.g. counter-cost.sh stock=$CACHE/pristine/build series=$CACHE/patched/build
set -euo pipefail

[ $# -ge 1 ] || { echo "usage: counter-cost.sh LABEL=BUILD_DIR..." >&2; exit 2; }

# object:function, in the order a message takes
functions=(
	smc_tx:smc_tx_rdma_writes	# SMC-R RDMA write, SMC-D data bytes
	smc_tx:smcd_tx_ism_write	# SMC-D move or signal
	smc_wr:smc_wr_tx_get_free_slot
	smc_wr:smc_wr_tx_send
	smc_wr:smc_wr_tx_v2_send
	smc_wr:smc_wr_tx_count		# the series: a send WR by type
	smc_wr:smc_wr_tx_tasklet_fn	# send completions
	smc_wr:smc_wr_rx_tasklet_fn	# receive completions
	smc_wr:smc_wr_rx_post		# receive WR refilled
)

printf '| function |'
for b in "$@"; do printf ' %s: insns / locked / per-CPU |' "${b%%=*}"; done
printf '\n| --- |'
for _ in "$@"; do printf ' --- |'; done
printf '\n'
for of in "${functions[@]}"; do
	obj=${of%%:*}
	fn=${of#*:}
	printf '| `%s` |' "$fn"
	for b in "$@"; do
		dir=${b#*=}
		[ -f "$dir/net/smc/$obj.o" ] || { echo "counter-cost: no $dir/net/smc/$obj.o" >&2; exit 1; }
		objdump -d --no-show-raw-insn --disassemble="$fn" "$dir/net/smc/$obj.o" |
			awk '/^ +[0-9a-f]+:/ { n++ } /\tlock / { l++ } /%gs:/ { g++ }
			     END { if (n) printf " %d / %d / %d |", n, l, g; else printf " - |" }'
	done
	printf '\n'
done
