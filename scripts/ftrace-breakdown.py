#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Where the wall time of SMC's handshake and close paths goes, from a
function_graph trace (options funcgraph-abstime, -proc, -tail, -duration)
with the workqueue events.

usage: ftrace-breakdown.py TRACE ROOT... [--min-share PCT] [--conns N]

For each ROOT function: how often it ran and its mean wall time (on and
off CPU: a call that sleeps counts its sleep), then the calls below it as
a tree of call paths, each with calls per ROOT call, mean time per ROOT
call and share of ROOT's time; paths under --min-share (default 2%) are
left out. Below that, for each work function of net/smc queued in the
trace, the delay from queue_work to the start of its run (the workqueue
hop). --conns N adds each root's calls and time per connection.
Output: markdown.
"""

import argparse
import re
import statistics
import sys
from collections import defaultdict

LINE = re.compile(
    r'^\s*(?P<ts>\d+\.\d+)\s+\|\s+(?P<cpu>\d+)\)\s+(?P<proc>\S.*?)-(?P<pid>\d+)\s+\|'
    r'\s*(?:[+!#*@$]\s*)?(?:(?P<dur>[\d.]+)\s+us)?\s*\|\s+(?P<body>.*?)\s*$')
ENTRY = re.compile(r'^(?P<fn>[\w.]+)\(\)\s*\{$')
LEAF = re.compile(r'^(?P<fn>[\w.]+)\(\);$')
EXIT = re.compile(r'^\}(?:\s*/\*\s*(?P<fn>[\w.]+)\s*\*/)?$')
QUEUE = re.compile(r'workqueue_queue_work: work struct=(?P<work>\S+) function=(?P<fn>\S+)')
START = re.compile(r'workqueue_execute_start: work struct (?P<work>\S+): function (?P<fn>\S+)')


def parse(path, roots):
    """Returns per-root lists of call trees and the workqueue hops."""
    stacks = defaultdict(list)   # pid -> [[fn, children{}], ...]
    calls = defaultdict(list)    # root -> [duration]
    paths = defaultdict(lambda: [0, 0.0])  # (root, path...) -> [n, us]
    queued = {}
    hops = defaultdict(list)
    with open(path, errors='replace') as f:
        for raw in f:
            m = LINE.match(raw)
            if not m:
                continue
            body = m['body']
            pid = m['pid']
            ts = float(m['ts'])
            if body.startswith('/*'):
                q = QUEUE.search(body)
                if q:
                    queued[q['work']] = (q['fn'], ts)
                    continue
                s = START.search(body)
                if s and s['work'] in queued:
                    fn, t0 = queued.pop(s['work'])
                    hops[fn].append((ts - t0) * 1e6)
                continue
            stack = stacks[pid]
            e = ENTRY.match(body)
            if e:
                stack.append(e['fn'])
                continue
            lf = LEAF.match(body)
            if lf:
                fn, dur = lf['fn'], float(m['dur'] or 0)
                if stack:
                    record(roots, stack + [fn], dur, calls, paths)
                elif fn in roots:
                    calls[fn].append(dur)
                continue
            x = EXIT.match(body)
            if x and stack:
                dur = float(m['dur'] or 0)
                record(roots, stack, dur, calls, paths)
                stack.pop()
    return calls, paths, hops


def record(roots, stack, dur, calls, paths):
    # the outermost ROOT on the stack owns the call
    for i, fn in enumerate(stack):
        if fn in roots:
            path = tuple(stack[i:])
            if len(path) == 1:
                calls[fn].append(dur)
            else:
                p = paths[path]
                p[0] += 1
                p[1] += dur
            return


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('trace')
    ap.add_argument('roots', nargs='+')
    ap.add_argument('--min-share', type=float, default=2.0)
    ap.add_argument('--conns', type=int, default=0)
    ap.add_argument('--max-depth', type=int, default=4)
    a = ap.parse_args()
    calls, paths, hops = parse(a.trace, set(a.roots))
    for root in a.roots:
        durs = calls.get(root)
        if not durs:
            print(f'`{root}`: not in the trace\n')
            continue
        n = len(durs)
        total = sum(durs)
        per = total / n
        head = f'`{root}`: {n} calls, mean {per:.0f} us, median {statistics.median(durs):.0f} us'
        if a.conns:
            head += f'; {n / a.conns:.2f} calls and {total / a.conns:.0f} us per connection'
        print(head + '\n')
        print('| below it | calls per call | us per call | share |')
        print('|---|---:|---:|---:|')
        rows = [(p, v) for p, v in paths.items() if p[0] == root and len(p) <= a.max_depth + 1]
        rows.sort()
        for p, (cnt, us) in rows:
            share = 100 * us / total if total else 0
            if share < a.min_share:
                continue
            name = '&nbsp;&nbsp;' * (len(p) - 2) + p[-1]
            print(f'| {name} | {cnt / n:.2f} | {us / n:.0f} | {share:.0f}% |')
        print()
    smc_hops = {fn: v for fn, v in hops.items() if 'smc' in fn}
    if smc_hops:
        print('| work function | runs | queue to start, median us | p90 us |')
        print('|---|---:|---:|---:|')
        for fn, v in sorted(smc_hops.items()):
            v.sort()
            print(f'| {fn} | {len(v)} | {statistics.median(v):.0f} | {v[int(0.9 * (len(v) - 1))]:.0f} |')
        print()


if __name__ == '__main__':
    sys.exit(main())
