#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Short SMC connections, the series against the series without its
# last changes to them, boots interleaved: "before" is the kernel tree's
# HEAD up to the parent of the patch whose subject starts with FROM,
# "after" the whole series. nginx + wrk "Connection: Close"
# (scripts/bench-guest.sh SUITE, every feature on), TCP and SMC in the
# same guests: SMC-R between two guests, or with -d SMC-D loopback in
# one. The figure compared is SMC/TCP, which takes out the host's speed
# at the moment. Writes DOC.
# usage: bench-handshake.sh [-d] [-f FROM] [-s SUITE] [ROUNDS (2)] [DOC]
#   FROM   default "net/smc: give a link group's sync_err a byte of its own"
#          (0024: before it a server holds smc_server_lgr_pending across
#          every connection's CLC round trip, as stock does)
#   SUITE  wrk (c1, c10, c100; the default) or seed (the seed's columns)
#   DOC    default Documentation/benchmarks/handshake-concurrency.md
set -euo pipefail
. "$(dirname "$0")/lib.sh"

from="net/smc: give a link group's sync_err a byte of its own"
suite=wrk
transport=SMC-R
while getopts df:s: opt; do
	case $opt in
	d) transport=SMC-D ;;
	f) from=$OPTARG ;;
	s) suite=$OPTARG ;;
	*) smc_next_die "usage: bench-handshake.sh [-d] [-f FROM] [-s SUITE] [ROUNDS] [DOC]" ;;
	esac
done
shift $((OPTIND - 1))
rounds=${1:-2}
doc=${2:-$SMC_NEXT_TOP/Documentation/benchmarks/handshake-concurrency.md}
scripts=$SMC_NEXT_TOP/scripts
variant=hsconc
out=$SMC_NEXT_CACHE/bench-handshake
rm -rf "$out"
mkdir -p "$out"

first=$(git -C "$SMC_NEXT_KTREE" log --format=%H -1 --fixed-strings \
	--grep="$from" HEAD)
[ -n "$first" ] ||
	smc_next_die "no patch \"$from\" in $SMC_NEXT_KTREE (make kernel first)"
subject=$(git -C "$SMC_NEXT_KTREE" log --format=%s -1 "$first")
number=$(printf '%04d' "$(git -C "$SMC_NEXT_KTREE" rev-list --count "$first" --not base)")
total=$(printf '%04d' "$(git -C "$SMC_NEXT_KTREE" rev-list --count HEAD --not base)")
smc_next_variant_tree $variant "$first~1"
before=$("$scripts/kernel-build.sh" $variant)
after=$("$scripts/kernel-build.sh" patched)

run()
{
	local name=$1 image=$2 round=$3 dir=$out/$1-$3

	local tsv=$dir/client/bench.tsv

	if [ $transport = SMC-D ]; then
		tsv=$dir/bench.tsv
		"$scripts/vm-run.sh" -k "$image" -n "bench-$name" -t 900 -o "$dir" -- \
			"$scripts/lab-guest.sh" single "$scripts/bench-guest.sh" loopback "$suite" \
			>"$dir.log" 2>&1 || true
	else
		"$scripts/lab-pair.sh" --client-kernel "$image" --server-kernel "$image" --out "$dir" \
			--timeout 900 -- "$scripts/bench-guest.sh" pair "$suite" >"$dir.log" 2>&1 || true
	fi
	awk -F'\t' -v name="$name" -v round="$round" '
		$2 ~ /^nginx\+wrk Connection: Close, c[0-9]+(, t[0-9]+)?$/ {
			c = $2; sub(/^nginx\+wrk Connection: Close, /, "", c)
			printf "%s\t%s\t%s\t%s\t%s\t%s\n", name, round, c, $4, $5, $6 }' \
		"$tsv" 2>/dev/null >> "$out/runs.tsv"
}

smc_next_interleaved "$rounds" run after "$after" before "$before"

command="scripts/bench-handshake.sh"
[ $transport = SMC-D ] && command="$command -d"
[ "$from" != "net/smc: give a link group's sync_err a byte of its own" ] &&
	command="$command -f '$from'"
[ "$suite" != wrk ] && command="$command -s $suite"
command="$command $rounds"
python3 - "$out/runs.tsv" "$doc" "$command" "$(smc_next_base_version)" \
	"$number" "$subject" "$total" "$transport" <<'PY'
import os, re, statistics, sys, time
runs, doc, command, base, number, subject, total, transport = sys.argv[1:9]
mode = transport.replace('-', '')
if transport == 'SMC-D':
    lab = ['- lab: one QEMU TCG guest, %s vCPU(s), SMC-D over loopback-ism, wrk and' % os.environ.get('SMC_LAB_CPUS', '1'),
           '  nginx in the same guest;']
else:
    lab = ['- lab: two QEMU TCG guests, %s vCPU(s) each, SMC-R over soft-RoCE (rxe);' % os.environ.get('SMC_LAB_CPUS', '1')]
rows = [l.rstrip('\n').split('\t') for l in open(runs) if l.strip()]
def order(key):
    m = re.match(r'c(\d+)(?:, t(\d+))?$', key)
    return (int(m.group(1)), int(m.group(2) or 0)) if m else (1 << 30, 0)
figures = sorted({r[2] for r in rows}, key=order)
def cell(name, fig):
    sel = [r for r in rows if r[0] == name and r[2] == fig]
    ratios = [float(r[4]) / float(r[3]) for r in sel if float(r[3]) > 0]
    smc = all(r[5].startswith(mode) for r in sel)
    tcp = [float(r[3]) for r in sel]
    smcr = [float(r[4]) for r in sel]
    return ratios, smc, tcp, smcr
med = lambda v: statistics.median(v) if v else None
out = ['<!-- SPDX-License-Identifier: GPL-2.0 -->',
       '# Short %s connections before and after %s' % (transport, number),
       '',
       '- command: `%s`' % command,
       '- date: %s' % time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime()),
       '- kernels: linux-source-6.12 %s with the smc-next series: "before" up' % base,
       '  to the parent of %s ("%s"), "after" the whole series' % (number, subject),
       '  (0001-%s); boots interleaved, every feature on' % total,
       ] + lab + [
       '  nginx (2 workers, 600-byte page), `wrk -H "Connection: Close"` (cN:',
       '  N connections; tN: N wrk threads, else 1 at c1 and 2 above, or as',
       '  the seed at 1 in suite seed), 5 s per figure, TCP and %s' % transport,
       '  (`smc_run`) in the same guests; requests per second, higher is',
       '  better; every %s figure checked by sock_diag' % transport,
       '',
       '| connections | before: {0}/TCP, each run | before, median | after: {0}/TCP, each run | after, median | after/before | after: TCP req/s | after: {0} req/s |'.format(transport),
       '| --- | --- | --- | --- | --- | --- | ---: | ---: |']
for fig in figures:
    b, bs, _, _ = cell('before', fig)
    a, as_, tcp, smcr = cell('after', fig)
    mb, ma = med(b), med(a)
    out.append('| %s | %s%s | %s | %s%s | %s | %s | %s | %s |' % (
        fig, ' '.join('%.2f' % x for x in b), '' if bs else ' (not all %s)' % transport,
        '%.2f' % mb if mb else 'n/a', ' '.join('%.2f' % x for x in a),
        '' if as_ else ' (not all %s)' % transport, '%.2f' % ma if ma else 'n/a',
        '%.2f' % (ma / mb) if ma and mb else 'n/a',
        '%.0f' % med(tcp) if tcp else 'n/a', '%.0f' % med(smcr) if smcr else 'n/a'))
open(doc, 'w').write('\n'.join(out) + '\n')
print('\n'.join(out))
PY
