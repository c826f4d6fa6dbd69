#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside a lab guest (after lab-guest.sh): unchanged TCP programs
# (iperf3, sockperf) once over TCP and once moved onto SMC by smc_run, with
# sock_diag sampled during each SMC run to prove what the kernel used.
# usage: demo-guest.sh loopback|client|server
# Results: $SMC_NEXT_OUT/demo.tsv, one line per figure:
#   transport, test, unit, TCP value, SMC value, what sock_diag saw
set -u
role=${1:-${SMC_LIB_ROLE:-}}
top=$SMC_NEXT_TOP
smc_run=$top/smc-tools/smc_run
nlctl=$top/selftests/smc_nlctl
xfer=$top/selftests/smc_xfer
out=$SMC_NEXT_OUT
secs=${SMC_DEMO_SECS:-4}

case $role in
loopback) host=127.0.0.1 transport="SMC-D loopback" mode=SMCD ;;
client|server) host=10.9.0.2 transport="SMC-R rxe (2 VMs)" mode=SMCR ;;
*) echo "demo-guest: unknown role $role" >&2; exit 2 ;;
esac

start_servers()
{
	iperf3 -s -p 5201 >/dev/null 2>&1 &
	"$smc_run" iperf3 -s -p 5202 >/dev/null 2>&1 &
	sockperf sr --tcp -p 11111 >/dev/null 2>&1 &
	"$smc_run" sockperf sr --tcp -p 11112 >/dev/null 2>&1 &
	sleep 1
}

# sample NAME PORT: in the background, what sock_diag says about the
# connections to PORT while the SMC run is under way.
sample()
{
	(sleep 1.5; "$nlctl" sockets | grep -E ":$2( |$)" | grep -v LISTEN > "$out/diag-$1.txt") &
	sampler=$!
}

verdict()
{
	local f=$out/diag-$1.txt n_smc n_all

	n_all=$(grep -c . "$f" 2>/dev/null || echo 0)
	n_smc=$(grep -c "mode $mode " "$f" 2>/dev/null || echo 0)
	if [ "$n_all" -gt 0 ] && [ "$n_smc" = "$n_all" ]; then
		echo "$mode ($n_smc sockets)"
	elif [ "$n_all" = 0 ]; then
		echo "NOT SEEN"
	else
		echo "FALLBACK ($(grep -v "mode $mode " "$f" | grep -o 'reason 0x[0-9a-f]*' | head -1))"
	fi
}

iperf_mbits()
{
	iperf3 -J "$@" 2>/dev/null | jq -r '.end.sum_received.bits_per_second / 1e6 | floor'
}

sockperf_p50()
{
	sockperf pp --tcp "$@" 2>/dev/null |
		sed -n 's/.*percentile 50.000 = *\([0-9.]*\).*/\1/p' | head -1
}

run_clients()
{
	local tcp smc

	tcp=$(iperf_mbits -c $host -p 5201 -t "$secs")
	sample iperf3 5202
	smc=$("$smc_run" iperf3 -J -c $host -p 5202 -t "$secs" 2>/dev/null |
		jq -r '.end.sum_received.bits_per_second / 1e6 | floor')
	wait $sampler
	printf '%s\tiperf3 throughput\tMbit/s\t%s\t%s\t%s\n' "$transport" "$tcp" "$smc" \
		"$(verdict iperf3)" >> "$out/demo.tsv"

	for size in 14 16384; do
		tcp=$(sockperf_p50 -i $host -p 11111 -t "$secs" -m $size)
		sample sockperf-$size 11112
		smc=$("$smc_run" sockperf pp --tcp -i $host -p 11112 -t "$secs" -m $size 2>/dev/null |
			sed -n 's/.*percentile 50.000 = *\([0-9.]*\).*/\1/p' | head -1)
		wait $sampler
		printf '%s\tsockperf ping-pong %s B, median one-way\tus\t%s\t%s\t%s\n' \
			"$transport" $size "$tcp" "$smc" "$(verdict sockperf-$size)" >> "$out/demo.tsv"
	done
	echo "--- SMC sockets and link groups, as the kernel reports them"
	"$nlctl" sockets
	"$nlctl" lgr 2>/dev/null
	"$nlctl" links 2>/dev/null
	"$nlctl" lgr-smcd 2>/dev/null
}

case $role in
loopback)
	start_servers
	run_clients
	;;
server)
	start_servers
	# Serve until the client says it is done (one plain TCP connection).
	"$xfer" server -f tcp -p 5999 -b 0 -w 600 >/dev/null
	;;
client)
	# The server's programs are up once its last one, the SMC sockperf
	# server, accepts a connection (a plain TCP probe falls back, harmless).
	for _ in $(seq 300); do
		(exec 3<>/dev/tcp/$host/11112) 2>/dev/null && break
		sleep 0.5
	done
	run_clients
	"$xfer" client $host -f tcp -p 5999 -b 0 -w 30 >/dev/null
	;;
esac
