#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Short SMC-R connections, the series against the series without its
# handshake-concurrency patches ("before": the kernel tree's HEAD up to
# the parent of "net/smc: give a link group's sync_err a byte of its own",
# 0021; in it a server holds smc_server_lgr_pending across every
# connection's CLC round trip, as stock does; "after": the whole series,
# where a joining connection of a PROMPT_CONFIRM client gives it up before
# its ACCEPT), boots interleaved: nginx + wrk "Connection: Close" at c1,
# c10 and c100 (scripts/bench-guest.sh pair wrk, every feature on), TCP
# and SMC-R in the same guests. The figure compared is SMC-R/TCP, which
# takes out the host's speed at the moment. Writes
# Documentation/benchmarks/handshake-concurrency.md.
# usage: bench-handshake.sh [ROUNDS (2)] [DOC]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

rounds=${1:-2}
doc=${2:-$SMC_NEXT_TOP/Documentation/benchmarks/handshake-concurrency.md}
scripts=$SMC_NEXT_TOP/scripts
variant=hsconc
out=$SMC_NEXT_CACHE/bench-handshake
rm -rf "$out"
mkdir -p "$out"

first=$(git -C "$SMC_NEXT_KTREE" log --format=%H -1 \
	--grep="^net/smc: give a link group's sync_err a byte of its own" HEAD)
[ -n "$first" ] ||
	smc_next_die "no handshake-concurrency patches in $SMC_NEXT_KTREE (make kernel first)"
smc_next_variant_tree $variant "$first~1"
before=$("$scripts/kernel-build.sh" $variant)
after=$("$scripts/kernel-build.sh" patched)

run()
{
	local name=$1 image=$2 round=$3 dir=$out/$1-$3

	"$scripts/lab-pair.sh" --client-kernel "$image" --server-kernel "$image" --out "$dir" \
		--timeout 900 -- "$scripts/bench-guest.sh" pair wrk >"$dir.log" 2>&1 || true
	awk -F'\t' -v name="$name" -v round="$round" '
		$2 ~ /^nginx\+wrk Connection: Close, c[0-9]+$/ {
			c = $2; sub(/.*, c/, "", c)
			printf "%s\t%s\t%s\t%s\t%s\t%s\n", name, round, c, $4, $5, $6 }' \
		"$dir/client/bench.tsv" 2>/dev/null >> "$out/runs.tsv"
}

smc_next_interleaved "$rounds" run after "$after" before "$before"

python3 - "$out/runs.tsv" "$doc" "$rounds" "$(smc_next_base_version)" <<'PY'
import statistics, sys, time
runs, doc, rounds, base = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
rows = [l.rstrip('\n').split('\t') for l in open(runs) if l.strip()]
conns = sorted({int(r[2]) for r in rows})
def cell(name, c):
    sel = [r for r in rows if r[0] == name and int(r[2]) == c]
    ratios = [float(r[4]) / float(r[3]) for r in sel if float(r[3]) > 0]
    smc = all(r[5].startswith('SMCR') for r in sel)
    return ratios, smc
out = ['<!-- SPDX-License-Identifier: GPL-2.0 -->',
       '# Handshake concurrency: short SMC-R connections before and after',
       '',
       '- command: `scripts/bench-handshake.sh %d`' % rounds,
       '- date: %s' % time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime()),
       '- kernels: linux-source-6.12 %s with the smc-next series ("before": the' % base,
       "  server's `smc_server_lgr_pending` held across every connection's CLC",
       '  round trip, as in stock SMC: the series up to 0020), and the whole',
       '  series ("after", 0021-0025: joining handshakes of a PROMPT_CONFIRM',
       '  client in parallel); boots interleaved, every feature on',
       '- lab: two QEMU TCG guests, 2 vCPUs each, SMC-R over soft-RoCE (rxe);',
       '  nginx (2 workers, 600-byte page), `wrk -H "Connection: Close"`, 5 s per',
       '  figure, TCP and SMC-R (`smc_run`) in the same guests; SMC/TCP requests',
       '  per second, higher is better; every SMC-R figure checked by sock_diag',
       '',
       '| connections | before: SMC-R/TCP, each run | before, median | after: SMC-R/TCP, each run | after, median | after/before |',
       '| --- | --- | --- | --- | --- | --- |']
for c in conns:
    b, bs = cell('before', c)
    a, as_ = cell('after', c)
    mb = statistics.median(b) if b else None
    ma = statistics.median(a) if a else None
    out.append('| c%d | %s%s | %s | %s%s | %s | %s |' % (
        c, ' '.join('%.2f' % x for x in b), '' if bs else ' (not all SMC-R)',
        '%.2f' % mb if mb else 'n/a', ' '.join('%.2f' % x for x in a),
        '' if as_ else ' (not all SMC-R)', '%.2f' % ma if ma else 'n/a',
        '%.2f' % (ma / mb) if ma and mb else 'n/a'))
open(doc, 'w').write('\n'.join(out) + '\n')
print('\n'.join(out))
PY
