#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The host's CPU per request of each profiled phase, and what is rxe's.

usage: profile-host-share.py PHASES_TSV CATEGORIES_TSV HOST_CPUS [UNPROFILED_TSV]

PHASES_TSV is profile-guest.sh's phases.tsv with the host sampler's lines
(scripts/profile.sh): phase, figure, frames sent, frames received, kicks,
units, TCP segments sent, TCP segments received, host line at the start,
host line at the end. A host line is cumulative clock ticks: host busy,
host total, then vCPU and other ticks of the client's QEMU, then of the
server's. CATEGORIES_TSV: phase, side, subsystem, % of the guest's samples.
HOST_CPUS: the host's CPUs, to turn its total ticks into the window's
wall time. The window is a little longer than the run it brackets (the
program's start and end): the CPU per unit is the window's CPU per second
divided by the phase's figure (units per second).

UNPROFILED_TSV: the same phases run again without perf; its rates and
host CPU are then the ones rxe's share is taken from (the shares of the
guests' CPU still come from the profiled run).

Prints Markdown tables. The first: per phase, the host's busy share,
and host CPU milliseconds per unit (request, message or MB), split into
each guest's vCPU threads and its QEMU's other threads. The second, for
each SMC phase with a TCP phase of the same name (not ping-pong, which
is bound by latency, one message at a time): the part of that CPU
that is rxe's, and the SMC/TCP ratio with it taken out.

What counts as rxe's, per guest:
  - of the vCPU threads' ticks, the share the guest's profile gives rxe
    and the RDMA core, of its non-idle samples (a halted vCPU costs the
    host nothing, so the vCPU threads' time is the guest's busy time);
  - of the virtio-net and the network stack's shares of the same (the
    kicks: exits into QEMU; UDP, IP and skbs), and of the QEMU's other
    threads (virtio-net's backend and the dgram sockets), the part of the
    frames that are RoCEv2's: every frame but TCP's segments, on the
    client's eth0 (the server's are the same frames the other way).
An RNIC does all of that without the host's CPU. The ratio without it
assumes the host's CPU is what limits the rate (see its busy share): the
rate scales with the host CPU per request.
"""
import sys


def ticks(line):
    """A host line's six counters, or None ("-": no sampler)."""
    try:
        v = [int(x) for x in line.split()]
    except ValueError:
        return None
    return v if len(v) == 6 else None


def read_rows(phases_tsv, host_cpus):
    rows = []
    for line in open(phases_tsv):
        f = line.rstrip('\n').split('\t')
        if len(f) < 10:
            continue
        start, end = ticks(f[8]), ticks(f[9])
        if not start or not end:
            continue
        d = [b - a for a, b in zip(start, end)]
        if min(d) < 0:
            continue           # a QEMU ended within the phase
        window = d[1] / 100.0 / host_cpus
        rate = float(f[1] or 0)
        if 'stream' in f[0]:
            rate /= 8          # Mbit/s to MB/s
        elif 'pingpong' in f[0]:
            rate = float(f[5]) / window if window > 0 else 0
        # units done in the window
        units = rate * window
        if units <= 0:
            continue
        frames = int(f[2]) + int(f[3])
        r = {
            'phase': f[0], 'fig': float(f[1] or 0),
            'busy': 100.0 * d[0] / d[1],
            # ticks are 10 ms: ms per unit
            'client': (d[2] * 10 / units, d[3] * 10 / units),
            'server': (d[4] * 10 / units, d[5] * 10 / units),
            'roce': max(frames - int(f[6]) - int(f[7]), 0) / frames if frames else 0.0,
        }
        r['total'] = sum(r['client']) + sum(r['server'])
        rows.append(r)
    return rows


def print_host_cpu(title, rows):
    print(title)
    print()
    print('| phase | host busy | client vCPUs | client QEMU other | server vCPUs | server QEMU other | host CPU per unit | RoCEv2 frames of all |')
    print('|---|---:|---:|---:|---:|---:|---:|---:|')
    for r in rows:
        print('| %s | %.0f%% | %.2f | %.2f | %.2f | %.2f | %.2f ms | %.0f%% |' % (
            r['phase'], r['busy'], r['client'][0], r['client'][1],
            r['server'][0], r['server'][1], r['total'], 100 * r['roce']))
    print()


def main():
    phases_tsv, cats_tsv, host_cpus = sys.argv[1], sys.argv[2], int(sys.argv[3])
    cats = {}
    for line in open(cats_tsv):
        f = line.rstrip('\n').split('\t')
        if len(f) == 4:
            cats[(f[0], f[1], f[2])] = float(f[3])
    rows = read_rows(phases_tsv, host_cpus)
    if not rows:
        print('No host samples were taken.')
        return 0
    print_host_cpu('Profiled run (perf on both guests):', rows)
    if len(sys.argv) > 4:
        rows = read_rows(sys.argv[4], host_cpus)
        print_host_cpu('The same phases unprofiled:', rows)
    by_name = {r['phase']: r for r in rows}
    pairs = [(r, by_name.get('tcp-' + r['phase'][4:])) for r in rows
             if r['phase'].startswith('smc-')]
    # ping-pong is bound by latency, one message at a time: no rate to scale
    pairs = [(s, t) for s, t in pairs
             if t and t['fig'] > 0 and 'pingpong' not in s['phase']]
    if not pairs:
        return 0
    print('| phase | host CPU per unit | of it rxe\'s | SMC/TCP | SMC/TCP without rxe\'s share |')
    print('|---|---:|---:|---:|---:|')
    for s, t in pairs:
        rxe = 0.0
        for side in ('client', 'server'):
            key = lambda c: cats.get((s['phase'], side, c), 0.0)
            busy = 100.0 - key('idle')
            if busy <= 0:
                continue
            vcpu, other = s[side]
            rxe += vcpu * key('rxe and RDMA core (incl. ICRC crc32)') / busy
            rxe += vcpu * (key('virtio-net (vp_notify: exit to QEMU)') +
                           key('TCP/IP, UDP, skb')) / busy * s['roce']
            rxe += other * s['roce']
        ratio = s['fig'] / t['fig']
        without = ratio * s['total'] / (s['total'] - rxe)
        print('| %s | %.2f ms | %.2f ms (%.0f%%) | %.2f | %.2f |' % (
            s['phase'], s['total'], rxe, 100 * rxe / s['total'], ratio, without))
    return 0


if __name__ == '__main__':
    sys.exit(main())
