#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Where a short connection's CPU goes: renders scripts/conncpu-guest.sh's
profiles (stock and the series) as Markdown.

usage: conncpu-report.py OUT DOC COMMAND BASE SERIES
  OUT holds pristine/ and patched/, each a conncpu-guest.sh result.
       conncpu-report.py --pair PAIR DOC COMMAND BASE SERIES
  PAIR holds client/ and server/ of scripts/profile-guest.sh's short
  phases with SMC_PROFILE_CALLCHAINS=1 (SMC-R over rxe, two guests; perf
  at 499 Hz).

Every sample is one period of perf's cpu-clock (1/999 s) on the guest's one
vCPU; a variant's samples divided by its connections give its CPU per
connection. A sample is put under the entry the kernel was working for: a
system call (close() with the release it runs on the way out), a work item
(the work function), a softirq outside both, the idle loop, or user space;
and the SMC functions on its stack (inclusive: a function counts the
samples of everything it calls).
"""
import collections
import gzip
import os
import sys
import time

SAMPLE_USEC = 1e6 / 999
CONC = (1, 10, 100)
# issue 16's targets for SMC-D, nginx + wrk Connection: Close
TARGET = {1: 0.9, 10: 0.8, 100: 0.8}
VARIANTS = ('tcp-0', 'smc-0', 'tcp', 'smc') + tuple(
    v for c in CONC for v in (f'http-c{c}', f'http-smc-c{c}'))
WHAT = {
    'tcp-0': 'TCP, connect and close',
    'smc-0': 'SMC-D, connect and close',
    'tcp': 'TCP, 1-byte request and response',
    'smc': 'SMC-D, 1-byte request and response',
}
for c in CONC:
    WHAT[f'http-c{c}'] = f'nginx + wrk c{c}, TCP (per request)'
    WHAT[f'http-smc-c{c}'] = f'nginx + wrk c{c}, SMC-D (per request)'
CLC = ('smc_clc_send_proposal', 'smc_clc_send_accept', 'smc_clc_send_confirm',
       'smc_clc_wait_msg')
WORKERS = ('process_one_work', 'process_scheduled_works')
SOFTIRQ = ('handle_softirqs', 'run_ksoftirqd', '__do_softirq')


def samples(path):
    """[(comm, [frames, innermost first])] of a perf script output"""
    out, comm, stack = [], None, []
    with gzip.open(path, 'rt') as f:
        for line in f:
            if not line.strip():
                continue
            if not line[0].isspace():
                if comm is not None:
                    out.append((comm, stack))
                comm, stack = line.split()[0], []
            else:
                parts = line.split(None, 1)
                if len(parts) == 2:
                    stack.append(parts[1].strip())
    if comm is not None:
        out.append((comm, stack))
    return out


# Kernel threads; any other command is a process of the workload, except
# the harness's own, whose start falls inside perf's window.
KTHREADS = ('kworker', 'ksoftirqd', 'rcu_', 'swapper', 'migration', 'kthreadd')
HARNESS = ('perf', 'perf-exec', 'timeout', 'smc_run', 'dirname', 'bash', 'awk', 'sh', 'sleep',
           'profile-guest.s')


def entry(comm, stack):
    """(what the CPU worked for in this sample, how many of the stack's
    innermost frames ran for it); (None, 0) for the harness"""
    depth = len(stack)
    for w in WORKERS:
        if w in stack:
            i = stack.index(w)
            # the work function: the innermost SMC function named *_work
            # below the worker (the unwinder can show a stale caller
            # between the worker and it), else the frame below the worker
            for j, f in enumerate(stack[:i]):
                if f.startswith(('smc', '__smc')) and f.endswith('_work'):
                    return 'work item ' + f, j + 1
            return 'work item ' + (stack[i - 1] if i else '?'), i
    if comm in HARNESS:
        return None, 0
    for i, f in enumerate(stack):
        for prefix in ('__x64_sys_', '__do_sys_'):
            if f.startswith(prefix):
                name = f[len(prefix):]
                if '__fput' in stack[:i] or name == 'close':
                    return 'close()', i + 1
                return name + '()', i + 1
    if any(f in SOFTIRQ for f in stack):
        return 'softirq outside a system call', depth
    if any('idle' in f or 'safe_halt' in f for f in stack):
        return 'idle', depth
    if comm.startswith(KTHREADS):
        return 'other kernel threads', depth
    if not any(f.startswith(('entry_', 'asm_', 'exc_', 'do_syscall')) for f in stack):
        return 'user space', depth
    return 'user space: faults and interrupts', depth


def clc_kind(frames):
    """'all' when a CLC function is among FRAMES (innermost first), 'confirm'
    when the CONFIRM's sending is the only one, else None. An interrupt
    that came while a CLC function ran (an asm_ entry below it) is not the
    message's work; a softirq run inline when the sender enables bottom
    halves (loopback's receive) is."""
    for i, f in enumerate(frames):
        if f.startswith('asm_'):
            frames = frames[i + 1:]
            break
    found = {f for f in frames if f in CLC}
    if not found:
        return None
    return 'confirm' if found == {'smc_clc_send_confirm'} else 'all'


def load_tsv(path):
    rows = []
    with open(path) as f:
        for line in f:
            r, v, usec, conns, smc, fb = line.rstrip('\n').split('\t')
            rows.append((int(r), v, float(usec), int(conns), int(smc), int(fb)))
    return rows


def profile(d):
    """per variant: the least disturbed round's (usec, conns, entries,
    smc functions), and every round's time; checks the SMC statistics"""
    rows = load_tsv(os.path.join(d, 'conncpu.tsv'))
    res = {}
    for v in VARIANTS:
        mine = [r for r in rows if r[1] == v]
        if not mine:
            raise SystemExit(f'conncpu-report: {d}: no {v} figure')
        for r, _, usec, conns, smc, fb in mine:
            # both ends are counted, the client's and the server's; wrk's
            # connections still open at its end count without a request
            lo = 2 * conns if 'smc' in v else 0
            hi = lo + (2 * int(v.rsplit('-c', 1)[1]) + 20 if 'http-smc' in v else 0)
            if not lo <= smc <= hi or fb != 0:
                raise SystemExit(f'conncpu-report: {d}: {v} round {r}: {smc} SMC-D '
                                 f'connections and {fb} fallbacks, not {lo} to {hi} and 0')
        best = min(mine, key=lambda r: r[2])
        entries, funcs = collections.Counter(), collections.Counter()
        ss = samples(os.path.join(d, f'script-{v}-{best[0]}.txt.gz'))
        counted = clc_n = confirm_n = 0
        for comm, stack in ss:
            e, depth = entry(comm, stack)
            if e is None or e == 'idle':
                continue
            counted += 1
            entries[e] += 1
            # what ran for the entry: frames beyond it are stale
            for f in set(stack[:depth]):
                if f.startswith(('smc', '__smc')):
                    funcs[f] += 1
            kind = clc_kind(stack[:depth])
            clc_n += kind is not None
            confirm_n += kind == 'confirm'
        if not counted:
            raise SystemExit(f'conncpu-report: {d}: {v}: no samples')
        n = best[3]
        res[v] = {
            'usec': best[2], 'rounds': [r[2] for r in sorted(mine)], 'conns': n,
            'cpu': counted * SAMPLE_USEC / n,
            'clc': clc_n * SAMPLE_USEC / n,
            'clc_no_confirm': (clc_n - confirm_n) * SAMPLE_USEC / n,
            'entries': {k: c * SAMPLE_USEC / n for k, c in entries.items()},
            'funcs': {k: c * SAMPLE_USEC / n for k, c in funcs.items()},
        }
    return res


def entry_table(title, cols):
    """Markdown lines: the entries of the profiles COLS [(name, profile)]"""
    lines = ['', '## ' + title, '', '| entry | ' + ' | '.join(n for n, _ in cols) + ' |',
             '| --- |' + ' ---: |' * len(cols)]
    keys = set()
    for _, c in cols:
        keys |= set(c['entries'])
    for key in sorted(keys, key=lambda x: (-max(c['entries'].get(x, 0) for _, c in cols), x)):
        vals = [c['entries'].get(key, 0) for _, c in cols]
        if max(vals) < 10:
            continue
        lines.append(f'| {key} | ' + ' | '.join('%.0f' % x for x in vals) + ' |')
    lines.append('| all | ' + ' | '.join('%.0f' % c['cpu'] for _, c in cols) + ' |')
    return lines


SMCR_TARGET = {1: 0.9, 100: 0.6}


def pair_profile(path, units):
    """a guest's phase: (CPU, CLC messages' CPU, rxe's CPU) in µs per unit
    (perf at 499 Hz; the harness and the idle loop left out), and its CPU
    by entry as profile() has it"""
    cpu = clc_n = rxe_n = 0
    entries = collections.Counter()
    for comm, stack in samples(path):
        e, depth = entry(comm, stack)
        if e is None or e == 'idle':
            continue
        cpu += 1
        entries[e] += 1
        clc_n += clc_kind(stack[:depth]) is not None
        rxe_n += any(f.startswith('rxe_') for f in stack[:depth])
    per = 1e6 / 499 / units
    return (cpu * per, clc_n * per, rxe_n * per,
            {'cpu': cpu * per, 'entries': {k: c * per for k, c in entries.items()}})


def pair_main(pair, doc, command, base, series):
    phases = {}
    with open(os.path.join(pair, 'client', 'phases.tsv')) as f:
        for line in f:
            col = line.rstrip('\n').split('\t')
            phases[col[0]] = (float(col[1]), int(col[5]))
    res = {}
    for ph, (rate, units) in phases.items():
        res[ph] = {'rate': rate, 'units': units}
        for side in ('client', 'server'):
            res[ph][side] = pair_profile(
                os.path.join(pair, side, f'script-{side}-{ph}.txt.gz'), units)
    lines = [
        '<!-- SPDX-License-Identifier: GPL-2.0 -->',
        '# Where a short SMC-R connection\'s CPU goes over rxe, by profile',
        '',
        f'- command: `scripts/{command}` (`make bench` does not run it)',
        f'- date: {run_date(pair)}',
        f'- kernel: linux-source-6.12 {base} with the smc-next series ({series} patches), '
        'both guests',
        '- lab: two QEMU TCG guests of 1 vCPU, SMC-R over soft-RoCE (rxe) between them '
        '(dgram netdev); nginx (lab-nginx.sh) in the server guest, wrk "Connection: Close" '
        'in the client guest, moved by smc_run for SMC-R; every CLC feature on',
        '- method: `scripts/profile-guest.sh` with SMC_PROFILE_PHASES=short and '
        'SMC_PROFILE_CALLCHAINS=1: each phase under `perf record -a -g -e cpu-clock -F 499` '
        'on both guests at once, one run; the SMC-R phases checked by the client\'s SMC-R '
        'statistics (SMC-R, no fallback). CPU per request of each guest leaves out the idle '
        'loop and the harness. "CLC" counts the samples under `smc_clc_send_proposal`, '
        '`smc_clc_send_accept`, `smc_clc_send_confirm` or `smc_clc_wait_msg`, but not an '
        'interrupt that came meanwhile; "rxe" those with an `rxe_` function on the stack.',
        '',
        '| phase | requests/s | client CPU µs per request | of it CLC | of it rxe | '
        'server CPU µs | of it CLC | of it rxe |',
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ]
    for ph, r in res.items():
        c, sv = r['client'], r['server']
        lines.append(f'| {ph} | {r["rate"]:.0f} | {c[0]:.0f} | {c[1]:.0f} | {c[2]:.0f} | '
                     f'{sv[0]:.0f} | {sv[1]:.0f} | {sv[2]:.0f} |')
    for c in (1, 100):
        t, m = res.get(f'tcp-wrk-c{c}'), res.get(f'smc-wrk-c{c}')
        if t and m:
            lines += entry_table(f'c{c}, by what each guest\'s CPU worked for (µs per request)',
                                 [('TCP client', t['client'][3]), ('SMC-R client', m['client'][3]),
                                  ('TCP server', t['server'][3]), ('SMC-R server', m['server'][3])])
    lines += ['', '## Against issue 16\'s SMC-R targets', '',
              '| connections | target | TCP µs per request | SMC-R µs per request | SMC-R rate / '
              'TCP rate | SMC-R rate / TCP rate without rxe\'s CPU | SMC-R may take over TCP '
              '| CLC messages\' CPU, both guests |',
              '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |']
    for c, target in SMCR_TARGET.items():
        t, m = res.get(f'tcp-wrk-c{c}'), res.get(f'smc-wrk-c{c}')
        if not t or not m:
            continue
        tu, mu = 1e6 / t['rate'], 1e6 / m['rate']
        clc_us = m['client'][1] + m['server'][1]
        rxe_us = m['client'][2] + m['server'][2]
        # at c1 the two guests take turns, so rxe's CPU is on the
        # request's path; at c100 the busier guest sets the rate
        if c == 1:
            no_rxe = tu / (mu - rxe_us)
        else:
            busier = max(m['client'], m['server'])
            no_rxe = tu / (mu - busier[2])
        lines.append(f'| {c} | {target} | {tu:.0f} | {mu:.0f} | {tu / mu:.2f} | {no_rxe:.2f} | '
                     f'{tu / target - tu:.0f} | {clc_us:.0f} |')
    lines += [
        '',
        'Time per request is the inverse of the rate. At c1 the guests take turns (a request '
        'waits for the other end), so CPU on either side is on the request\'s path: the CLC '
        'messages\' CPU of both guests adds to its time, and "without rxe\'s CPU" takes rxe\'s '
        'samples off SMC-R\'s time. At c100 both guests work at once and the busier one sets '
        'the rate: "without rxe\'s CPU" takes the busier guest\'s rxe samples off SMC-R\'s time '
        'per request (that guest is not saturated, so this is an estimate). One run; neither counts what rxe costs the host outside the '
        'guests (QEMU\'s device threads: short-connections-profile.md).',
    ]
    with open(doc, 'w') as f:
        f.write('\n'.join(lines) + '\n')


def run_date(d):
    """when the results in D were taken (the newest file's time)"""
    newest = max(os.path.getmtime(os.path.join(r, f)) for r, _, fs in os.walk(d) for f in fs)
    return time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime(newest))


def main():
    if sys.argv[1] == '--pair':
        pair_main(*sys.argv[2:7])
        return
    out, doc, command, base, series = sys.argv[1:6]
    k = {name: profile(os.path.join(out, name)) for name in ('pristine', 'patched')}
    p, s = k['pristine'], k['patched']
    lines = [
        '<!-- SPDX-License-Identifier: GPL-2.0 -->',
        '# Where a short connection\'s CPU goes: SMC-D loopback and TCP, by profile',
        '',
        f'- command: `scripts/{command}` (`make bench` does not run it)',
        f'- date: {run_date(os.path.join(out, "patched"))}',
        f'- kernels: linux-source-6.12 {base}, stock and with the smc-next series '
        f'({series} patches), one boot each',
        '- lab: one QEMU TCG guest of 1 vCPU, client and server in it; every CLC feature on',
        '- method: `selftests/smc_crr -q`, one connection at a time, under `perf record -a -g '
        '-e cpu-clock -F 999` (no PMU under TCG): connect and close only (`-0`: connect, shut '
        'down writing, wait for the server\'s close, close), or with a 1-byte request and '
        'response. Each round runs every variant once, order rotated; the tables use each '
        'variant\'s least disturbed round (least time per connection). Every figure was '
        'checked by the SMC-D statistics (SMC-D for every connection of an SMC variant, no '
        'fallback). On one vCPU the guest\'s samples are the connections\' CPU, both ends.',
        '- reading: a sample is put under what the kernel worked for: the system call '
        '(`close()` includes the release it runs on the way back to user space), the work '
        'item, or a softirq outside both; the SMC functions count inclusively (a function '
        'counts what it calls; frames outside the entry, which the unwinder can show stale, '
        'do not count). The sampled CPU leaves out the idle loop and the harness '
        '(perf, smc_run\'s and timeout\'s start). Each breakdown is one round, at 999 Hz '
        'over a few seconds: figures under 10 µs are within its sampling noise, and the '
        'rounds\' times below show how far a round can drift on this host.',
        '',
        '## Time and CPU per connection',
        '',
        '| variant | stock: µs per connection, least | sampled CPU | each round '
        '| series: µs, least | sampled CPU | each round |',
        '| --- | ---: | ---: | --- | ---: | ---: | --- |',
    ]
    for v in VARIANTS:
        lines.append(f'| {WHAT[v]} | {p[v]["usec"]:.0f} | {p[v]["cpu"]:.0f} | '
                     f'{" ".join("%.0f" % x for x in p[v]["rounds"])} | {s[v]["usec"]:.0f} | '
                     f'{s[v]["cpu"]:.0f} | {" ".join("%.0f" % x for x in s[v]["rounds"])} |')
    lines += entry_table('Connect and close, by what the CPU worked for (µs per connection)',
                         [('TCP, stock', p['tcp-0']), ('TCP, series', s['tcp-0']),
                          ('SMC-D, stock', p['smc-0']), ('SMC-D, series', s['smc-0'])])
    lines += entry_table('nginx + wrk "Connection: Close", the series, by what the CPU '
                         'worked for (µs per request)',
                         [(f'{"SMC-D" if "smc" in v else "TCP"} c{v.rsplit("-c", 1)[1]}', s[v])
                          for c in (1, 100) for v in (f'http-c{c}', f'http-smc-c{c}')])
    lines += ['', '## SMC-D connect and close: SMC functions, inclusive (µs per connection)', '',
              '| function | stock | series |', '| --- | ---: | ---: |']
    fk = set(p['smc-0']['funcs']) | set(s['smc-0']['funcs'])
    for f in sorted(fk, key=lambda x: (-max(p['smc-0']['funcs'].get(x, 0),
                                            s['smc-0']['funcs'].get(x, 0)), x))[:30]:
        a, b = p['smc-0']['funcs'].get(f, 0), s['smc-0']['funcs'].get(f, 0)
        if max(a, b) < 5:
            continue
        lines.append(f'| `{f}` | {a:.0f} | {b:.0f} |')

    # what the figures say about issue 16's SMC-D target at one connection
    def clc(r, v='smc-0'):
        return r[v]['clc']
    t_whole = s['tcp']['cpu']
    tcp_msgs = s['tcp']['cpu'] - s['tcp-0']['cpu']
    smc_msgs = s['smc']['cpu'] - s['smc-0']['cpu']
    budget = t_whole / 0.9 - t_whole
    allowed = budget + (tcp_msgs - smc_msgs)
    extra = s['smc-0']['cpu'] - s['tcp-0']['cpu']
    clc_s = clc(s)
    lines += [
        '', '## What it says about SMC-D at 0.9 of TCP with one connection', '',
        'From the series\' sampled CPU above (one vCPU: CPU is time):', '',
        f'- TCP\'s 1-byte request and response cost {tcp_msgs:.0f} µs over its connect and '
        f'close: two small messages on a TCP connection, each sent, carried by loopback, '
        f'received and read, about {tcp_msgs / 2:.0f} µs each. SMC-D\'s cost {smc_msgs:.0f}.',
        f'- SMC-D\'s connect and close cost {extra:.0f} µs more than TCP\'s; of it, its three '
        f'CLC messages on the TCP connection (PROPOSAL, ACCEPT, CONFIRM: sending them, and '
        f'`smc_clc_wait_msg` reading them; a sample counts once, an interrupt that came '
        f'meanwhile not) {clc_s:.0f} µs (stock: '
        f'{clc(p):.0f}).',
        f'- For SMC-D at 0.9 of TCP on this workload ({t_whole:.0f} µs per TCP connection), '
        f'an SMC-D connection may take {budget:.0f} µs more than TCP\'s, and its data path '
        f'saves {tcp_msgs - smc_msgs:.0f}: its connect and close may cost {allowed:.0f} µs '
        f'over TCP\'s. The CLC messages alone take {clc_s:.0f} of that, and every SMC-D '
        f'handshake puts at least two on the TCP connection (PROPOSAL and ACCEPT: the '
        f'seed\'s 1-RTT handshake too), each costing what a small TCP message costs here.',
        '',
        'nginx and wrk "Connection: Close" (issue 16\'s workload) differ from smc_crr\'s in '
        'their data (a request of about 80 bytes, a 600-byte page) and in nginx\'s own work '
        'per request, which enlarges TCP\'s time and so the 10 % an SMC-D connection may add; '
        '`scripts/bench-conncost.sh` measures both in one run (connection-cost.md).',
    ]
    lines += ['', '## What it says about issue 16\'s SMC-D targets (nginx + wrk)', '',
              '| connections | TCP µs per request | SMC-D µs | SMC-D rate / TCP rate (stock) | target '
              '| SMC-D may take over TCP | SMC-D takes over TCP | of it, its CLC messages |',
              '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |']
    for c in CONC:
        t, m = s[f'http-c{c}'], s[f'http-smc-c{c}']
        pt, pm = p[f'http-c{c}'], p[f'http-smc-c{c}']
        lines.append(f'| {c} | {t["cpu"]:.0f} | {m["cpu"]:.0f} | {t["cpu"] / m["cpu"]:.2f} '
                     f'({pt["cpu"] / pm["cpu"]:.2f}) | {TARGET[c]} | '
                     f'{t["cpu"] / TARGET[c] - t["cpu"]:.0f} | {m["cpu"] - t["cpu"]:.0f} | '
                     f'{clc(s, f"http-smc-c{c}"):.0f} |')
    lines += [
        '',
        'CPU per request from the samples (one vCPU: nginx, wrk and both kernels\' ends '
        'share it, so CPU is time); "may take": what the target leaves, TCP\'s CPU per '
        'request divided by the target, less TCP\'s. SMC-D\'s extra is what its handshake and '
        'close cost, less what its data path saves; the CLC messages are part of every SMC '
        'handshake (at least PROPOSAL and ACCEPT), sent and read over the TCP connection.',
        '',
    ]
    for c in CONC:
        t, m = s[f'http-c{c}']['cpu'], s[f'http-smc-c{c}']['cpu']
        allow, extra, msgs = t / TARGET[c] - t, m - t, clc(s, f'http-smc-c{c}')
        two = s[f'http-smc-c{c}']['clc_no_confirm']
        lines.append(f'- c{c}: the target leaves {allow:.0f} µs per request; the three CLC '
                     f'messages take {msgs:.0f} ({msgs / allow:.1f} times that); without the '
                     f'CONFIRM\'s sending (a handshake without it, a change of the wire) '
                     f'{two:.0f}, at most, as the server\'s reading of it stays counted; the '
                     f'rest of SMC-D\'s extra, net of what its data path saves, is '
                     f'{extra - msgs:.0f}.')
    with open(doc, 'w') as f:
        f.write('\n'.join(lines) + '\n')


if __name__ == '__main__':
    main()
