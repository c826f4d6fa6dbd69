#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside a lab guest (after lab-guest.sh): unchanged programs over TCP
# and, moved by smc_run, over SMC, in the same run; the SMC statistics,
# read before and after each SMC run, record what the kernel really used,
# and a sock_diag snapshot during it shows what an operator would see.
#
# usage: bench-guest.sh loopback|pair SUITE...
#   rtt        connect + 1-byte request/response (smc_crr), first
#              connection and median of the rest, at each delay of
#              $SMC_BENCH_DELAYS (loopback: netem on lo; two hosts: the
#              delay lab-pair.sh set)
#   stream     iperf3 throughput, and the guest's CPU time per GB
#   pingpong   sockperf ping-pong, 14 B and 16 KB
#   wrk        nginx serving a small page, wrk with "Connection: Close"
#              at 1, 10 and 100 connections
#   keepalive  the same page over connections kept alive (wrk's default),
#              10 connections: an established connection's requests
#   seed       the same as the seed's table (issue 16): wrk with one thread
#              at 1, 2, 5, 10, 100 and 200 connections, and with 4
#              threads at 200
#   trace      the same, at each of $SMC_TRACE_CONNS connections (default
#              1 100), SMC under the function graph tracer (a -trace
#              kernel): $SMC_NEXT_OUT/trace-cN.txt; the server of two
#              hosts traces its whole run into trace.txt
# Results: $SMC_NEXT_OUT/bench.tsv, one line per figure, tab-separated:
#   transport test unit TCP SMC verdict
# and for rtt: rtt transport kind delay_ms first_us median_us verdict
set -u
. "$(dirname "$0")/lab-nginx.sh"
role=${1:?usage: bench-guest.sh loopback|pair SUITE...}
shift
# "pair": this guest's side of the two-host lab, as lab-guest.sh set it.
[ "$role" = pair ] && role=${SMC_LIB_ROLE:?pair needs the two-host lab}
suites=("$@")
top=$SMC_NEXT_TOP
smc_run=$top/smc-tools/smc_run
tools=$top/smc-tools
smcss=$tools/smcss
nlctl=$top/selftests/smc_nlctl
xfer=$top/selftests/smc_xfer
crr=$top/selftests/smc_crr
out=$SMC_NEXT_OUT
secs=${SMC_BENCH_SECS:-5}
crr_n=${SMC_BENCH_CRR_N:-10}
# No client may hang the run: each gets its duration and a margin.
limit=(timeout -k 5 $((secs * 3 + 30)))

# The patched kernel's CLC feature extensions are opt-in (net.smc.features
# is 0 by default): the benchmarks measure them all on.
[ -w /proc/sys/net/smc/features ] && echo 4294967295 > /proc/sys/net/smc/features

case $role in
loopback) host=127.0.0.1 transport="SMC-D loopback" mode=SMCD cpu_where="both ends" ;;
client|server) host=10.9.0.2 transport="SMC-R rxe" mode=SMCR cpu_where="sending guest" ;;
*) echo "bench-guest: unknown role $role" >&2; exit 2 ;;
esac

has_suite()
{
	local s

	for s in "${suites[@]}"; do [ "$s" = "$1" ] && return 0; done
	return 1
}

# Each figure: a TCP port and an SMC port (server moved by smc_run).
readonly IPERF_TCP=5201 IPERF_SMC=5202 SOCKPERF_TCP=11111 SOCKPERF_SMC=11112
readonly HTTP_TCP=8080 HTTP_SMC=8081 CRR_TCP=5301 CRR_SMC=5302

start_nginx()
{
	lab_nginx_start $HTTP_TCP $HTTP_SMC "$smc_run"
}

start_servers()
{
	local ports=()

	if has_suite stream; then
		iperf3 -s -p $IPERF_TCP >/dev/null 2>&1 &
		"$smc_run" iperf3 -s -p $IPERF_SMC >/dev/null 2>&1 &
		ports+=("$IPERF_TCP" "$IPERF_SMC")
	fi
	if has_suite pingpong; then
		sockperf sr --tcp -p $SOCKPERF_TCP >/dev/null 2>&1 &
		"$smc_run" sockperf sr --tcp -p $SOCKPERF_SMC >/dev/null 2>&1 &
		ports+=("$SOCKPERF_TCP" "$SOCKPERF_SMC")
	fi
	if has_suite wrk || has_suite seed || has_suite trace || has_suite keepalive; then
		start_nginx
		ports+=("$HTTP_TCP" "$HTTP_SMC")
	fi
	# On loopback the rtt suite starts its own servers, once per delay.
	if has_suite rtt && [ "$role" != loopback ]; then
		"$crr" server -f tcp -p $CRR_TCP -n $((crr_n + 1)) -w 300 &
		"$crr" server -f smc -p $CRR_SMC -n $((crr_n + 1)) -w 300 &
		ports+=("$CRR_TCP" "$CRR_SMC")
	fi
	wait_listen "${ports[@]}"
}

# sample NAME PORT: before an SMC run, the SMC statistics (verdict() tells
# what the run added to them); during it, in the background, what sock_diag
# and the tools show an operator. The snapshot is polled until a connection
# to PORT is past its handshake (bounded by the run's length), but it only
# illustrates: a busy emulated guest may not run the sampler at all while
# the run keeps its CPUs busy, whereas every handshake is counted.
sample()
{
	smc_counts > "$out/counts-$1.txt"
	(
		local end=$((SECONDS + secs + 10))

		while [ $SECONDS -lt $end ]; do
			"$nlctl" sockets | grep -E ":$2( |$)" | grep -vE 'state (LISTEN|INIT) ' > "$out/diag-$1.txt"
			[ -s "$out/diag-$1.txt" ] && break
			sleep 0.3
		done
		# What an operator would see at that moment.
		{
			"$smcss"
			echo "\$ smcr linkgroup link-show"
			"$tools/smcr" linkgroup link-show
			echo "\$ smcd linkgroup"
			"$tools/smcd" linkgroup
		} > "$out/smcss-$1.txt" 2>&1
	) &
	sampler=$!
}

# What the run added to the SMC statistics: any fallback spoils the
# figure, and a run with no SMC connection is not an SMC figure.
verdict()
{
	local smc0 fb0 smc1 fb1 n_smc n_tcp

	read -r smc0 fb0 < "$out/counts-$1.txt"
	read -r smc1 fb1 < <(smc_counts)
	n_smc=$((smc1 - smc0))
	n_tcp=$((fb1 - fb0))
	if [ "$n_tcp" -gt 0 ]; then
		echo "FALLBACK $n_tcp/$((n_tcp + n_smc))"
	elif [ "$n_smc" -gt 0 ]; then
		echo "$mode ($n_smc connection$([ "$n_smc" = 1 ] || echo s))"
	else
		echo "NOT SEEN"
	fi
}

emit()
{
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$transport" "$@" >> "$out/bench.tsv"
}

# iperf_run PORT [smc_run]: throughput in Mbit/s and this guest's CPU
# seconds per GB moved, "MBITS CPU_S_PER_GB".
iperf_run()
{
	local port=$1 b0 t0 b1 t1 json mbits
	shift

	read -r b0 t0 < <(cpu_ticks)
	json=$("${limit[@]}" "$@" iperf3 -J -c $host -p "$port" -t "$secs" 2>/dev/null)
	read -r b1 t1 < <(cpu_ticks)
	mbits=$(jq -r '.end.sum_received.bits_per_second / 1e6 | floor' <<< "$json")
	awk -v m="$mbits" -v b=$((b1 - b0)) -v hz="$(getconf CLK_TCK)" \
		-v bytes="$(jq -r '.end.sum_received.bytes' <<< "$json")" \
		'BEGIN { printf "%s %.2f\n", m, (bytes > 0 ? (b / hz) / (bytes / 1e9) : 0) }'
}

suite_stream()
{
	local tcp smc tcp_cpu smc_cpu

	read -r tcp tcp_cpu < <(iperf_run $IPERF_TCP)
	sample iperf3 $IPERF_SMC
	read -r smc smc_cpu < <(iperf_run $IPERF_SMC "$smc_run")
	wait $sampler
	emit "iperf3 throughput" "Mbit/s" "$tcp" "$smc" "$(verdict iperf3)"
	emit "iperf3 CPU per GB ($cpu_where, all vCPUs)" "CPU s/GB" "$tcp_cpu" "$smc_cpu" "$(verdict iperf3)"
}

sockperf_p50()
{
	sed -n 's/.*percentile 50.000 = *\([0-9.]*\).*/\1/p' | head -1
}

suite_pingpong()
{
	local size tcp smc

	for size in 14 16384; do
		tcp=$("${limit[@]}" sockperf pp --tcp -i $host -p $SOCKPERF_TCP -t "$secs" -m $size 2>/dev/null |
			sockperf_p50)
		sample sockperf-$size $SOCKPERF_SMC
		smc=$("${limit[@]}" "$smc_run" sockperf pp --tcp -i $host -p $SOCKPERF_SMC -t "$secs" -m $size 2>/dev/null |
			sockperf_p50)
		wait $sampler
		emit "sockperf ping-pong $size B, median one-way" "us" "$tcp" "$smc" \
			"$(verdict sockperf-$size)"
	done
}

wrk_rps()
{
	sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' | head -1
}

# wrk_rate PORT CONNS [WRAPPER...]: requests per second of one wrk run,
# with $wrk_threads threads (default: 1 for one connection, else 2), each
# request on a connection of its own ("Connection: Close") unless
# $wrk_keepalive is 1
wrk_rate()
{
	local port=$1 c=$2 t=${wrk_threads:-$(($2 < 2 ? 1 : 2))} close=(-H 'Connection: Close')

	[ "${wrk_keepalive:-0}" = 1 ] && close=()
	shift 2
	"${limit[@]}" "$@" wrk -t"$t" -c"$c" -d"${secs}s" "${close[@]}" \
		http://$host:$port/ 2>/dev/null | wrk_rps
}

# wrk_figure CONNS [THREADS]: TCP, then SMC, one figure; the TCP rate
# stays in $wrk_tcp. With THREADS, wrk runs that many threads, and the
# figure's name says so; with $wrk_keepalive 1, connections kept alive.
wrk_figure()
{
	local c=$1 smc name="nginx+wrk Connection: Close, c$1" tag=wrk-$1
	local wrk_threads=${2:-}

	[ "${wrk_keepalive:-0}" = 1 ] && name="nginx+wrk keep-alive, c$1" tag=keepalive-$1
	[ -n "$wrk_threads" ] && name="$name, t$wrk_threads"
	wrk_tcp=$(wrk_rate $HTTP_TCP $c)
	sample "$tag" $HTTP_SMC
	smc=$(wrk_rate $HTTP_SMC $c "$smc_run")
	wait $sampler
	emit "$name" "req/s" "$wrk_tcp" "$smc" "$(verdict "$tag")"
}

# suite_seed: the columns of the seed's table
suite_seed()
{
	local c

	for c in 1 2 5 10 100 200; do
		wrk_figure $c 1
	done
	wrk_figure 200 4
}

suite_keepalive()
{
	local wrk_keepalive=1

	wrk_figure 10
}

suite_wrk()
{
	local c

	for c in 1 10 100; do
		wrk_figure $c
	done
}

# The calls traced: net/smc's functions and what they wait in (locks,
# completions, sleeps), below the handshake, accept and close paths.
TRACE_ROOTS="__smc_connect smc_connect_work smc_tcp_listen_work smc_listen_work
	smc_accept __smc_release smc_close_passive_work smc_conn_free"
TRACE_CALLS="smc* __smc* mutex_lock down_read down_write wait_for_completion*
	schedule_timeout msleep kernel_connect kernel_accept tcp_v4_connect
	inet_stream_connect ib_* rxe_post_send"
TRACE=/sys/kernel/tracing

# trace_start: the function graph tracer on the calls above, with
# absolute times, the task, the function's name at its end, and the
# workqueue's queue and start events
trace_start()
{
	[ -d $TRACE/options ] || mount -t tracefs nodev $TRACE 2>/dev/null
	[ -w $TRACE/current_tracer ] || { echo "bench-guest: no tracefs (not a -trace kernel?)" >&2; return 1; }
	echo 0 > $TRACE/tracing_on
	echo nop > $TRACE/current_tracer
	echo > $TRACE/trace
	echo 32768 > $TRACE/buffer_size_kb
	# a pattern that matches nothing in this kernel is left out; the
	# patterns are ftrace's, not the shell's (set -f)
	: > $TRACE/set_ftrace_filter
	set -f
	for f in $TRACE_CALLS; do echo "$f" >> $TRACE/set_ftrace_filter 2>/dev/null; done
	set +f
	: > $TRACE/set_graph_function
	for f in $TRACE_ROOTS; do echo "$f" >> $TRACE/set_graph_function 2>/dev/null; done
	echo function_graph > $TRACE/current_tracer
	for o in funcgraph-abstime funcgraph-proc funcgraph-tail funcgraph-duration; do
		echo 1 > $TRACE/options/$o
	done
	echo 1 > $TRACE/events/workqueue/workqueue_queue_work/enable
	echo 1 > $TRACE/events/workqueue/workqueue_execute_start/enable
	echo 1 > $TRACE/tracing_on
}

# trace_stop FILE: the trace into FILE, the tracer off; says how many
# events the buffer lost
trace_stop()
{
	echo 0 > $TRACE/tracing_on
	cat $TRACE/trace > "$1"
	grep -h 'overrun' $TRACE/per_cpu/cpu*/stats | awk '{ s += $2 } END { print "trace overruns:", s + 0 }' >&2
	echo 0 > $TRACE/events/enable
	echo nop > $TRACE/current_tracer
}

# suite_trace: per connection count, wrk over TCP and over SMC untraced
# (the figures), then over SMC traced (the breakdown)
suite_trace()
{
	local c traced smc0 smc1

	for c in ${SMC_TRACE_CONNS:-1 100}; do
		wrk_figure $c
		smc_counts > "$out/counts-trace-$c.txt"
		trace_start || return 1
		traced=$(wrk_rate $HTTP_SMC $c "$smc_run")
		trace_stop "$out/trace-c$c.txt"
		# the connections the traced run made, for per-connection figures
		read -r smc0 _ < "$out/counts-trace-$c.txt"
		read -r smc1 _ < <(smc_counts)
		echo "$c $((smc1 - smc0)) $traced" >> "$out/trace-runs.txt"
		emit "nginx+wrk Connection: Close, c$c, SMC traced" "req/s" "$wrk_tcp" "$traced" "$(verdict trace-$c)"
	done
}

# crr_run DELAY: one smc_crr client run per kind; the servers run on the
# peer (two hosts) or here (loopback, started per delay).
crr_run()
{
	local delay=$1 kind port line first median v

	for kind in tcp smc; do
		if [ $kind = tcp ]; then port=$CRR_TCP; else port=$CRR_SMC; fi
		line=$("${limit[@]}" "$crr" client $host -f $kind -p $port -n $((crr_n + 1)) -w 120 |
			tee "$out/crr-$kind-$delay.txt" | tail -1)
		first=$(awk '{print $3}' <<< "$line")
		median=$(awk '{print $5}' <<< "$line")
		if [ $kind = tcp ]; then
			v=TCP
		else
			# every connection must have been SMC
			v="$mode ($((crr_n + 1)) conns)"
			grep -qvE "^crr (first|[0-9]+ [0-9]+ $mode$)" "$out/crr-$kind-$delay.txt" &&
				v="FALLBACK ($(awk '$1 == "crr" && $2 != "first" {print $4}' \
					"$out/crr-$kind-$delay.txt" | sort | uniq -c | xargs))"
		fi
		printf 'rtt\t%s\t%s\t%s\t%s\t%s\t%s\n' "$transport" $kind "$delay" \
			"$first" "$median" "$v" >> "$out/rtt.tsv"
	done
}

suite_rtt()
{
	local d

	if [ "$role" = loopback ]; then
		for d in ${SMC_BENCH_DELAYS:-0 20 40}; do
			tc qdisc del dev lo root 2>/dev/null
			[ "$d" = 0 ] || tc qdisc add dev lo root netem delay ${d}ms limit 100000
			"$crr" server -f tcp -p $CRR_TCP -n $((crr_n + 1)) -w 300 &
			tcp_server=$!
			"$crr" server -f smc -p $CRR_SMC -n $((crr_n + 1)) -w 300 &
			smc_server=$!
			wait_listen $CRR_TCP $CRR_SMC
			# netem on lo delays both directions: RTT grows by 2 d.
			crr_run $((2 * d))
			wait $tcp_server $smc_server
		done
		tc qdisc del dev lo root 2>/dev/null
	else
		crr_run $((2 * ${SMC_LAB_DELAY_MS:-0}))
	fi
}

run_client_suites()
{
	local s

	for s in rtt stream pingpong keepalive wrk seed trace; do
		has_suite $s && "suite_$s"
	done
	if [ -f "$out/smcss-iperf3.txt" ]; then
		echo "--- during the SMC iperf3 run: \$ smcss"
		cat "$out/smcss-iperf3.txt"
	fi
	echo "--- after the runs: what SMC counted (smcr/smcd stats, first lines)"
	"$tools/smcr" stats | head -6
	"$tools/smcd" stats | head -6
}

case $role in
loopback)
	start_servers || exit 1
	run_client_suites
	;;
server)
	start_servers || exit 1
	has_suite trace && { trace_start || exit 1; }
	lab_pair_serve 900
	rc=$?
	if has_suite trace; then
		trace_stop "$out/trace.txt"
	fi
	exit $rc
	;;
client)
	lab_pair_ready $host || exit 1
	run_client_suites
	lab_pair_done $host
	;;
esac
