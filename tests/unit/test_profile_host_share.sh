#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# scripts/profile-host-share.py on phases with host samples: host CPU per
# request from the QEMU threads' ticks (10 ms each) over the requests the
# phase's rate gives in the window (two host CPUs: 1000 ticks are 5 s),
# the RoCEv2 frames as
# all frames but TCP's segments, rxe's share from the guest's profile (of
# its non-idle samples) and from the QEMU's other threads by the RoCEv2
# frames, the SMC/TCP ratio scaled by the host CPU left without it;
# phases without host samples and ping-pong get no rate to scale.

. "$(dirname "$0")/../../selftests/smc_lib.sh"
py=$(cd "$(dirname "$0")/../.." && pwd)/scripts/profile-host-share.py
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

tab=$'\t'
{
	echo "tcp-wrk-c100${tab}1000${tab}5000${tab}5000${tab}2000${tab}5000${tab}5000${tab}5000${tab}0 0 0 0 0 0${tab}900 1000 200 50 250 60"
	echo "smc-wrk-c100${tab}300${tab}3000${tab}3000${tab}1000${tab}1500${tab}800${tab}800${tab}0 0 0 0 0 0${tab}950 1000 300 100 300 100"
	echo "tcp-pingpong${tab}100${tab}10${tab}10${tab}10${tab}10${tab}10${tab}10${tab}0 0 0 0 0 0${tab}10 20 1 1 1 1"
	echo "smc-pingpong${tab}200${tab}30${tab}30${tab}10${tab}10${tab}10${tab}10${tab}0 0 0 0 0 0${tab}10 20 2 2 2 2"
	echo "smc-wrk-c1${tab}100${tab}10${tab}10${tab}10${tab}10${tab}10${tab}10${tab}-${tab}-"
} > "$tmp/phases.tsv"
{
	echo "smc-wrk-c100${tab}client${tab}idle${tab}40"
	echo "smc-wrk-c100${tab}client${tab}rxe and RDMA core (incl. ICRC crc32)${tab}6"
	echo "smc-wrk-c100${tab}client${tab}virtio-net (vp_notify: exit to QEMU)${tab}6"
	echo "smc-wrk-c100${tab}server${tab}idle${tab}50"
} > "$tmp/categories.tsv"
out=$(python3 "$py" "$tmp/phases.tsv" "$tmp/categories.tsv" 2)
echo "$out" | sed 's/^/    /'
smc_lib_check_output "host busy share and ms per request by thread kind" \
	'^\| tcp-wrk-c100 \| 90% \| 0\.40 \| 0\.10 \| 0\.50 \| 0\.12 \| 1\.12 ms \| 0% \|$' echo "$out"
smc_lib_check_output "RoCEv2 frames: all but TCP's segments" \
	'^\| smc-wrk-c100 \| 95% \| 2\.00 \| 0\.67 \| 2\.00 \| 0\.67 \| 5\.33 ms \| 73% \|$' echo "$out"
# client: 2.00 * 6/60 + 2.00 * 6/60 * 0.733 + 0.667 * 0.733; server: 0.667 * 0.733
smc_lib_check_output "rxe's share and the ratio without it" \
	'^\| smc-wrk-c100 \| 5\.33 ms \| 1\.32 ms \(25%\) \| 0\.30 \| 0\.40 \|$' echo "$out"
smc_lib_check "ping-pong gets no ratio without rxe's share" \
	bash -c '! grep -qE "^\| smc-pingpong \| [0-9.]+ ms \| [0-9.]+ ms \(" <<< "$1"' _ "$out"
smc_lib_check "a phase without host samples is left out" \
	bash -c '! grep -q "^| smc-wrk-c1 |" <<< "$1"' _ "$out"
# Unprofiled: SMC at twice the rate on the same ticks, half the CPU per
# request; the guests' shares still from the profiled phases.
sed 's/^smc-wrk-c100\t300\t/smc-wrk-c100\t600\t/' "$tmp/phases.tsv" > "$tmp/unprofiled.tsv"
out=$(python3 "$py" "$tmp/phases.tsv" "$tmp/categories.tsv" 2 "$tmp/unprofiled.tsv")
echo "$out" | sed 's/^/    /'
smc_lib_check_output "unprofiled rates and CPU, profiled shares" \
	'^\| smc-wrk-c100 \| 2\.67 ms \| 0\.66 ms \(25%\) \| 0\.60 \| 0\.80 \|$' echo "$out"
smc_lib_exit
