#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# What a whole short connection costs (issue 16): SMC-D loopback against
# TCP, and against TCP that carries an exchange of the CLC handshake's
# sizes, one connection at a time in one guest (scripts/conncost-guest.sh),
# on the stock kernel and on the series, one boot each. The time per
# connection on one vCPU is its CPU: the figures take a connection apart
# (before its data and its data; AF_SMC at each end; one CLC message; the
# rest of the handshake) where rates of nginx + wrk swing too much to.
# Then the same for SMC-R over rxe between two guests (fewer variants).
# usage: bench-conncost.sh [-r] [ROUNDS (6)] [CONNS (500)] [DOC]
#   -r   write DOC from the last run's results again, without running
#   DOC  default Documentation/benchmarks/connection-cost.md
set -euo pipefail
. "$(dirname "$0")/lib.sh"

render_only=0
if [ "${1:-}" = -r ]; then
	render_only=1
	shift
fi
rounds=${1:-6}
conns=${2:-500}
doc=${3:-$SMC_NEXT_TOP/Documentation/benchmarks/connection-cost.md}
scripts=$SMC_NEXT_TOP/scripts
out=$SMC_NEXT_CACHE/bench-conncost

if [ $render_only = 1 ]; then
	read -r rounds conns < "$out/args" || smc_next_die "conncost: no last run in $out"
else
	rm -rf "$out"
	mkdir -p "$out"
	echo "$rounds $conns" > "$out/args"
	pristine=$("$scripts/kernel-build.sh" pristine)
	patched=$("$scripts/kernel-build.sh" patched)
	for k in pristine patched; do
		image=$pristine
		[ $k = patched ] && image=$patched
		"$scripts/vm-run.sh" -k "$image" -n "conncost-$k" -t 1800 -q -o "$out/$k" -- \
			"$scripts/lab-guest.sh" single "$scripts/conncost-guest.sh" "$rounds" "$conns" ||
			smc_next_die "conncost: the $k guest failed (log in $out/$k)"
		"$scripts/lab-pair.sh" --client-kernel "$image" --server-kernel "$image" \
			--out "$out/pair-$k" --timeout 1800 -- \
			"$scripts/conncost-guest.sh" pair "$rounds" "$conns" >"$out/pair-$k.log" 2>&1 ||
			smc_next_die "conncost: the $k pair failed (log in $out/pair-$k.log)"
	done
fi

series=$(smc_next_series_patches | wc -l)
python3 - "$out" "$doc" "bench-conncost.sh $rounds $conns" "$(smc_next_base_version)" \
	"$series" "${SMC_LAB_CPUS:-1}" <<'PY'
import statistics, sys, time
out, doc, command, base, series, cpus = sys.argv[1:7]
conc = [1, 10, 100]
what = {
    'tcp': 'TCP',
    'tcp-nb': 'TCP, non-blocking connect',
    'tcp-clc': 'TCP + CLC-sized exchange',
    'tcp-clc-nb': 'TCP + CLC-sized exchange, non-blocking connect',
    'smc': 'SMC-D',
    'smc-nb': 'SMC-D, non-blocking connect',
    'tcp-0': 'TCP, connect and close only',
    'smc-0': 'SMC-D, connect and close only',
    'smc-cli-0': 'AF_SMC client, TCP server, connect and close only (fallback at the TCP handshake, no CLC)',
    'smc-srv-0': 'TCP client, AF_SMC server, connect and close only (fallback at the TCP handshake, no CLC)',
    'tcp-off-0': 'namespace off loopback-ism: TCP, connect and close only',
    'smc-off-0': 'namespace off loopback-ism: AF_SMC both ends, connect and close only (one CLC message, fallback)',
}
for c in conc:
    what['http-c%d' % c] = 'nginx + wrk c%d, TCP (per request)' % c
    what['http-smc-c%d' % c] = 'nginx + wrk c%d, SMC-D (per request)' % c
variants = list(what)
kernels = {'pristine': 'stock 6.12', 'patched': 'the series (%s patches)' % series}

# load(DIR, EXPECT): each kernel's DIR/conncost.tsv (DIR a format of the
# kernel's name), every row checked: EXPECT(variant, n) gives the SMC
# connections (and the slack above them) and the fallbacks its statistics
# must have counted. {(kernel, variant): {'usec': [...], 'busy': [...]}}
def load(dir_fmt, expect):
    data = {}
    for k in kernels:
        for l in open('%s/%s/conncost.tsv' % (out, dir_fmt % k)):
            if not l.strip():
                continue
            rnd, v, usec, busy, total, n, smc, fb = l.rstrip('\n').split('\t')
            n, smc, fb = int(n), int(smc), int(fb)
            want, slack, want_fb = expect(v, n)
            if not want <= smc <= want + slack or fb != want_fb:
                sys.exit('conncost: %s %s %s round %s: %d SMC connections counted, %d fallbacks; '
                         'expected %d and %d' % (dir_fmt % k, k, v, rnd, smc, fb, want, want_fb))
            d = data.setdefault((k, v), {'usec': [], 'busy': []})
            d['usec'].append(float(usec))
            d['busy'].append(int(busy) / max(int(total), 1))
    return data

def expect_smcd(v, n):
    # Both ends are in this guest: an SMC-D connection counts twice, a
    # fallback once per AF_SMC end; wrk's connections still open at its
    # end count too, not in n.
    slack = 2 * int(v.rsplit('-c', 1)[1]) + 8 if v.startswith('http-smc') else 0
    want = 2 * n if v in ('smc', 'smc-nb', 'smc-0') or v.startswith('http-smc') else 0
    return want, slack, {'smc-off-0': 2 * n, 'smc-cli-0': n, 'smc-srv-0': n}.get(v, 0)

def expect_smcr(v, n):
    # the client guest counts its own end only
    return (n if v in ('smc', 'smc-0') else 0), 0, (n if v == 'smc-cli-0' else 0)

data = load('%s', expect_smcd)
clc = open('%s/patched/clc-bytes.txt' % out).read().split()
# The host is itself a virtual machine whose neighbours come and go: a
# round can take twice as long as the next. Noise only adds time, so a
# variant's least disturbed round (its minimum) is the nearest to its
# CPU cost; ratios are also given per round (variants of one round ran
# within a minute or two of each other), as the median of the rounds.
least = lambda k, v, d=data: min(d[(k, v)]['usec'])
def per_round(k, a, b):
    ra, rb = data[(k, a)]['usec'], data[(k, b)]['usec']
    return statistics.median(x / y for x, y in zip(ra, rb))
lines = ['<!-- SPDX-License-Identifier: GPL-2.0 -->',
         '# What a short connection costs: SMC-D loopback and TCP, taken apart',
         '',
         '- command: `scripts/%s` (`make bench` does not run it)' % command,
         '- date: %s' % time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime()),
         '- kernels: linux-source-6.12 %s, stock and with the smc-next series, one boot each' % base,
         '- lab: one QEMU TCG guest, %s vCPU(s); client and server in it; every CLC feature on' % cpus,
         '- method: `selftests/smc_crr -q`: one connection at a time: connect, 1-byte request and',
         '  response, close (or with `-0` connect, shut down writing, wait for the server\'s',
         '  close, close: each connection\'s work at both ends within its time); time per',
         '  connection from socket() to close(). Each round runs every variant once, %s' % command.split()[2],
         '  connections each, the' ,
         '  order rotated from round to round. Non-blocking: connect() with O_NONBLOCK and',
         '  poll(), as wrk connects. The CLC-sized exchange: before the request the client',
         '  sends %s bytes, the server %s, the client %s, each end waiting for the other: the' % (clc[1], clc[3], clc[5]),
         '  bytes an SMC-D handshake puts on its TCP connection when it joins a link group, as',
         '  all but the first here do (measured with `ss` on this kernel: proposal, accept,',
         '  confirm), TCP_NODELAY on. The namespace off loopback-ism',
         '  (net.smc.smcd_loopback=0, the series\' sysctl, so not on stock): AF_SMC sockets',
         '  whose client finds no device, sends its DECLINE and falls back, as the server does.',
         '  nginx + wrk: the benchmarks\' workload (lab-nginx.sh, wrk `Connection: Close`, one',
         '  thread at c1, two above), 4 s, time per request. Every figure was checked by the',
         '  SMC-D statistics: SMC-D where it should be, the fallbacks where they should be,',
         '  nothing else.',
         '- reading: the host is itself a virtual machine and its neighbours vary, so a round can',
         '  take twice as long as the next; noise only adds time, so the least disturbed round',
         '  (the minimum) is nearest to a variant\'s CPU cost. Ratios are given from the minima',
         '  and per round (the median of the rounds\' ratios).',
         '']
for k, name in kernels.items():
    lines += ['## %s' % name[0].upper() + name[1:], '',
              '| variant | µs per connection, least | median | each round | guest busy |',
              '| --- | ---: | ---: | --- | ---: |']
    for v in variants:
        if (k, v) not in data:
            lines.append('| %s | - | - | not on this kernel | - |' % what[v])
            continue
        d = data[(k, v)]
        lines.append('| %s | %.0f | %.0f | %s | %.0f%% |' % (
            what[v], min(d['usec']), statistics.median(d['usec']),
            ' '.join('%.0f' % u for u in d['usec']), 100 * statistics.median(d['busy'])))
    lines.append('')
lines += ['## Rates against TCP', '',
          '| rate of ... / rate of ... | stock, from minima | stock, per round | series, from minima | series, per round |',
          '| --- | ---: | ---: | ---: | ---: |']
def ratio(label, a, b):
    cells = []
    for k in kernels:
        if (k, a) not in data or (k, b) not in data:
            cells += ['-', '-']
            continue
        cells += ['%.2f' % (least(k, b) / least(k, a)), '%.2f' % per_round(k, b, a)]
    lines.append('| %s | %s |' % (label, ' | '.join(cells)))
ratio('SMC-D / TCP', 'smc', 'tcp')
ratio('SMC-D / TCP, non-blocking connect', 'smc-nb', 'tcp-nb')
for c in conc:
    ratio('SMC-D / TCP, nginx + wrk c%d' % c, 'http-smc-c%d' % c, 'http-c%d' % c)
ratio('TCP + CLC-sized exchange / TCP', 'tcp-clc', 'tcp')
ratio('SMC-D / TCP, connect and close only', 'smc-0', 'tcp-0')
ratio('AF_SMC client only / TCP, connect and close only', 'smc-cli-0', 'tcp-0')
ratio('AF_SMC server only / TCP, connect and close only', 'smc-srv-0', 'tcp-0')
ratio('AF_SMC both ends, one CLC message / TCP, connect and close only', 'smc-off-0', 'tcp-off-0')
lines += ['', '## A connection taken apart (µs per connection, from the minima)', '',
          '| part | stock | series |', '| --- | ---: | ---: |']
def part(label, f, fmt='%.0f'):
    cells = []
    for k in kernels:
        try:
            cells.append(fmt % f(k))
        except KeyError:
            cells.append('-')
    lines.append('| %s | %s |' % (label, ' | '.join(cells)))
# connection_parts(NAME, LEAST): the rows both transports' tables start with
def connection_parts(name, lk):
    part('TCP: connect and close', lambda k: lk(k, 'tcp-0'))
    part('TCP: the request and response', lambda k: lk(k, 'tcp') - lk(k, 'tcp-0'))
    part('%s: connect and close' % name, lambda k: lk(k, 'smc-0'))
    part('%s: the request and response' % name, lambda k: lk(k, 'smc') - lk(k, 'smc-0'))
    part('%s\'s connect and close over TCP\'s' % name, lambda k: lk(k, 'smc-0') - lk(k, 'tcp-0'))
connection_parts('SMC-D', least)
part('... of it: an AF_SMC client by itself (no CLC)', lambda k: least(k, 'smc-cli-0') - least(k, 'tcp-0'))
part('... of it: an AF_SMC server by itself, its works included (no CLC)',
     lambda k: least(k, 'smc-srv-0') - least(k, 'tcp-0'))
part('... of it: AF_SMC at both ends and one CLC message',
     lambda k: least(k, 'smc-off-0') - least(k, 'tcp-off-0'))
part('... of it: the rest (two more CLC messages, the SMC-D connection\'s setup and close)',
     lambda k: (least(k, 'smc-0') - least(k, 'tcp-0')) - (least(k, 'smc-off-0') - least(k, 'tcp-off-0')))
part('a CLC-sized exchange in user space over TCP (for scale)', lambda k: least(k, 'tcp-clc') - least(k, 'tcp'))
part('a non-blocking SMC-D connect over a blocking one (its handshake worker)',
     lambda k: least(k, 'smc-nb') - least(k, 'smc'))
part('what SMC-D\'s connect and close may cost over TCP\'s for SMC-D at 0.9 of TCP',
     lambda k: least(k, 'tcp') / 0.9 - least(k, 'tcp-0') - (least(k, 'smc') - least(k, 'smc-0')))
lines.append('')

# SMC-R between two guests: the client guest's figures
pv = {'tcp': 'TCP', 'tcp-0': 'TCP, connect and close only', 'smc': 'SMC-R',
      'smc-0': 'SMC-R, connect and close only',
      'smc-cli-0': 'AF_SMC client, TCP server, connect and close only (no CLC)',
      'smc-srv-0': 'TCP client, AF_SMC server, connect and close only (no CLC)'}
pdata = load('pair-%s/client', expect_smcr)
pl = lambda k, v: least(k, v, pdata)
lines += ['## SMC-R over rxe, two guests', '',
          'The same method between two guests of one vCPU each (`lab-pair.sh`, the client',
          'and server of smc_crr in different guests, the dgram netdev between them): the',
          'time per connection spans both guests and the emulated wire. The client guest\'s',
          'SMC-R statistics checked every figure (its own end: SMC-R, or the fallback).', '',
          '| variant | stock: µs, least | median | series: µs, least | median |',
          '| --- | ---: | ---: | ---: | ---: |']
for v, label in pv.items():
    cells = []
    for k in kernels:
        d = pdata.get((k, v), {}).get('usec')
        cells += ['%.0f' % min(d), '%.0f' % statistics.median(d)] if d else ['-', '-']
    lines.append('| %s | %s |' % (label, ' | '.join(cells)))
lines += ['', '| part (µs, from the minima) | stock | series |', '| --- | ---: | ---: |']
connection_parts('SMC-R', pl)
part('an AF_SMC client by itself (no CLC), over TCP', lambda k: pl(k, 'smc-cli-0') - pl(k, 'tcp-0'))
part('an AF_SMC server by itself (no CLC), over TCP', lambda k: pl(k, 'smc-srv-0') - pl(k, 'tcp-0'))
lines += ['', '| rate of ... / rate of ... | stock | series |', '| --- | ---: | ---: |']
part('SMC-R / TCP', lambda k: pl(k, 'tcp') / pl(k, 'smc'), '%.2f')
part('SMC-R / TCP, connect and close only', lambda k: pl(k, 'tcp-0') / pl(k, 'smc-0'), '%.2f')
lines.append('')
open(doc, 'w').write('\n'.join(lines))
print('\n'.join(lines))
PY
