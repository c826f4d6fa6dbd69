#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside both guests of the two-host lab (after lab-guest.sh): where do
# the CPUs go while SMC-R and TCP move data? With the argument "loopback",
# in one guest (lab-guest.sh single): short connections over TCP and SMC-D
# loopback, nginx and wrk in the same guest. Each phase is profiled with
# perf's cpu-clock sampling (no PMU under TCG) on both guests at once.
# Phases: TCP stream, SMC-R stream (iperf3) with the default 64 KB and with
# 1 MB SMC buffers, TCP and SMC-R 14-byte ping-pong (sockperf); or, with
# SMC_PROFILE_PHASES=short, short connections: nginx and wrk "Connection:
# Close" over TCP and SMC-R at 1 and 100 connections.
# Results: $SMC_NEXT_OUT/profile-ROLE-PHASE.txt (loopback: as the client's,
# in $SMC_NEXT_OUT/client) (symbols by share of all
# samples, every symbol: the subsystems add up to 100%) and, on the
# client, phases.tsv: phase, figure, Ethernet frames
# sent and received during the phase, virtio TX kicks, messages
# (ping-pong), bytes sent (stream) or requests (wrk), TCP segments sent
# and received, and, when the host samples its own CPU into
# $SMC_NEXT_OUT/$SMC_PROFILE_HOST_CPU (scripts/profile.sh), its last line
# at the start and at the end of the phase; then the share of the phase
# this guest's vCPUs were busy (%, /proc/stat), its context switches and
# its IPIs during the phase. With SMC_PROFILE_CALLCHAINS=1 perf records
# callchains too, kept as script-ROLE-PHASE.txt.gz (perf script) for
# scripts/conncpu-report.py --pair (scripts/bench-conncpu.sh).
set -u
. "$(dirname "$0")/lab-nginx.sh"
top=$SMC_NEXT_TOP
tools=$top/smc-tools
smc_run=$tools/smc_run
nlctl=$top/selftests/smc_nlctl
xfer=$top/selftests/smc_xfer
out=$SMC_NEXT_OUT
secs=${SMC_PROFILE_SECS:-6}
if [ "${1:-}" = loopback ]; then
	# The one guest writes as the pair's client does: profile.sh reads both
	# alike.
	role=loopback host=127.0.0.1 dev=lo mode=SMCD side=client
	out=$out/client
	mkdir -p "$out"
	SMC_PROFILE_PHASES=short
else
	role=${SMC_LIB_ROLE:?run in the two-host lab, or give "loopback"}
	host=10.9.0.2 dev=eth0 mode=SMCR side=$role
fi
# The capture phase repeats the SMC ping-pong under tcpdump, so that the
# capture's own cost stays out of the other figures.
phases=(tcp-stream smc-stream smc-stream-1M tcp-pingpong smc-pingpong smc-pingpong-capture)
[ "${SMC_PROFILE_PHASES:-}" = short ] &&
	phases=(tcp-wrk-c1 smc-wrk-c1 tcp-wrk-c100 smc-wrk-c100)
readonly HTTP_TCP=8080 HTTP_SMC=8081

# SMC sizes its buffers from net.smc.wmem/rmem when a socket is created.
smc_bufs()
{
	sysctl -qw net.smc.wmem="$1" net.smc.rmem="$1"
}

# Frames sent and received on the lab's interface, and virtio-net TX
# kicks (none on lo): under TCG every kick is an exit into QEMU, the
# dearest thing a frame can cost. Then TCP's segments out and in (all
# interfaces; the lab's TCP goes over $dev): the rest of the frames are
# RoCEv2's.
frames()
{
	echo "$(cat /sys/class/net/$dev/statistics/tx_packets)" \
	     "$(cat /sys/class/net/$dev/statistics/rx_packets)" \
	     "$(ethtool -S $dev 2>/dev/null | awk '$1 == "tx_kicks:" {print $2}' | grep . || echo 0)" \
	     "$(awk '$1 == "Tcp:" { if (!n++) { for (i = 2; i <= NF; i++) col[$i] = i }
			else print $col["OutSegs"], $col["InSegs"] }' /proc/net/snmp)"
}

sysctl -qw kernel.perf_event_paranoid=-1 kernel.kptr_restrict=0
# As the benchmarks: every CLC feature extension of the series on (they
# are opt-in, net.smc.features is 0 by default).
[ -w /proc/sys/net/smc/features ] && echo 4294967295 > /proc/sys/net/smc/features

# Context switches and inter-processor interrupts (rescheduling, function
# call and TLB shootdown IPIs, all CPUs) so far: under TCG each switch
# and each IPI costs the host far more than on hardware.
switches()
{
	echo "$(awk '$1 == "ctxt" {print $2}' /proc/stat)" \
	     "$(awk '$1 ~ /^(RES|CAL|TLB):$/ { for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) n += $i }
		END { print n + 0 }' /proc/interrupts)"
}

# The host's CPU ticks as its sampler last wrote them ("-" without one).
host_cpu()
{
	local line=

	[ -n "${SMC_PROFILE_HOST_CPU:-}" ] && line=$(tail -n 1 "$out/$SMC_PROFILE_HOST_CPU" 2>/dev/null)
	echo "${line:--}"
}

profile()
{
	local phase=$1

	# SMC_PROFILE_PERF=0: the same phases unprofiled (perf's sampling
	# interrupts cost much under TCG, and not alike for TCP and SMC-R).
	if [ "${SMC_PROFILE_PERF:-1}" = 0 ]; then
		sleep "$secs"
		return
	fi

	# SMC_PROFILE_CALLCHAINS=1: callchains too, kept as perf script's
	# output for scripts/conncpu-report.py --pair
	# (recording 2 s longer, as the two guests' windows start apart and
	# the report reads CPU per request, leaving the idle loop out)
	local chains=() flat=() len=$secs
	[ "${SMC_PROFILE_CALLCHAINS:-0}" = 1 ] && chains=(-g) flat=(-g none --no-children) len=$((secs + 2))
	perf record -q -a "${chains[@]}" -e cpu-clock -F 499 -o "/tmp/perf-$phase.data" -- \
		sleep "$len" 2>/dev/null
	perf report -q -i "/tmp/perf-$phase.data" --stdio --sort sym --percent-limit 0 "${flat[@]}" \
		2>/dev/null | sed '/^$/d' > "$out/profile-$side-$phase.txt"
	[ ${#chains[@]} = 0 ] ||
		perf script -i "/tmp/perf-$phase.data" -F comm,tid,time,ip,sym 2>/dev/null |
		gzip > "$out/script-$side-$phase.txt.gz"
}

# roce_opcodes PCAP MESSAGES: RoCEv2 packets per ping-pong message, by
# direction and InfiniBand BTH opcode (the first byte after the UDP header).
roce_opcodes()
{
	tcpdump -r "$1" -n -x 2>/dev/null | awk -v msgs="$2" '
	function flush() {
		if (dir == "") return
		op = substr(hex, 57, 2)	# IP 20 + UDP 8 bytes, 2 hex digits each
		name = names[op] ? names[op] : "opcode 0x" op
		count[dir " " name]++
	}
	BEGIN {
		names["04"] = "RC SEND ONLY (CDC or LLC message)"
		names["0a"] = "RC RDMA WRITE ONLY (data)"
		names["06"] = "RC RDMA WRITE FIRST"; names["07"] = "RC RDMA WRITE MIDDLE"
		names["08"] = "RC RDMA WRITE LAST"
		names["11"] = "RC ACKNOWLEDGE"
	}
	/^[0-9]/ { flush(); hex = ""; dir = ($3 ~ /^10\.9\.0\.1\./) ? "sent" : "received" }
	/^\t0x/ { for (i = 2; i <= NF; i++) hex = hex $i }
	END {
		flush()
		for (k in count)
			printf "%-60s %7d  %.2f per message\n", k, count[k], count[k] / msgs
	}' | sort
}

i=0
if [ "$role" = loopback ]; then
	lab_nginx_start $HTTP_TCP $HTTP_SMC "$smc_run"
	wait_listen $HTTP_TCP $HTTP_SMC || exit 1
elif [ "$role" = server ]; then
	iperf3 -s -p 5201 >/dev/null 2>&1 &
	"$smc_run" iperf3 -s -p 5202 >/dev/null 2>&1 &
	sockperf sr --tcp -p 11111 >/dev/null 2>&1 &
	"$smc_run" sockperf sr --tcp -p 11112 >/dev/null 2>&1 &
	lab_nginx_start $HTTP_TCP $HTTP_SMC "$smc_run"
	sleep 1
	for phase in "${phases[@]}"; do
		# The client starts each phase with one connection to 5990+i.
		"$xfer" server -f tcp -p $((5990 + i)) -w 300 >/dev/null || exit 1
		if [ "$phase" = smc-stream-1M ]; then smc_bufs 1048576; else smc_bufs 65536; fi
		profile "$phase"
		i=$((i + 1))
	done
	# Stay until the client's last phase is over: it connects once more.
	"$xfer" server -f tcp -p $((5990 + i)) -w 300 >/dev/null
	exit 0
fi

for phase in "${phases[@]}"; do
	if [ "$role" != loopback ]; then
		"$xfer" client $host -f tcp -p $((5990 + i)) -b 0 -w 120 >/dev/null || exit 1
	fi
	i=$((i + 1))
	read -r smc0 fallback0 < <(smc_counts)
	if [ "$phase" = smc-stream-1M ]; then smc_bufs 1048576; else smc_bufs 65536; fi
	sleep 0.5
	profile "$phase" &
	prof=$!
	# What the SMC ping-pong puts on the wire: RoCEv2 packets by BTH opcode.
	if [ "$phase" = smc-pingpong-capture ]; then
		tcpdump -i $dev -s 64 -w /tmp/roce.pcap udp port 4791 2>/dev/null &
		dump=$!
		sleep 0.5
	fi
	read -r tx0 rx0 kick0 tcpo0 tcpi0 < <(frames)
	host0=$(host_cpu)
	read -r gbusy0 gall0 < <(cpu_ticks)
	read -r ctxt0 ipi0 < <(switches)
	case $phase in
	*-stream*)
		port=5201; run=()
		case $phase in smc-*) port=5202; run=("$smc_run") ;; esac
		json=$("${run[@]}" iperf3 -J -c $host -p $port -t "$secs")
		fig=$(jq '.end.sum_received.bits_per_second / 1e6 | floor' <<< "$json")
		units=$(jq '.end.sum_sent.bytes' <<< "$json") ;;
	*-pingpong*)
		port=11111; run=()
		case $phase in smc-*) port=11112; run=("$smc_run") ;; esac
		res=$("${run[@]}" sockperf pp --tcp -i $host -p $port -t "$secs" -m 14 2>&1)
		fig=$(sed -n 's/.*percentile 50.000 = *\([0-9.]*\).*/\1/p' <<< "$res")
		units=$(sed -n 's/.*SentMessages=\([0-9]*\).*/\1/p' <<< "$res" | tail -n 1) ;;
	*-wrk-c*)
		conns=${phase##*-c}
		port=$HTTP_TCP; run=()
		case $phase in smc-*) port=$HTTP_SMC; run=("$smc_run") ;; esac
		res=$("${run[@]}" wrk -t$((conns < 2 ? 1 : 2)) -c"$conns" -d"${secs}s" \
			-H 'Connection: Close' http://$host:$port/ 2>&1)
		fig=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' <<< "$res")
		units=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' <<< "$res") ;;
	esac
	host1=$(host_cpu)
	read -r gbusy1 gall1 < <(cpu_ticks)
	read -r ctxt1 ipi1 < <(switches)
	read -r tx1 rx1 kick1 tcpo1 tcpi1 < <(frames)
	wait $prof
	if [ "$phase" = smc-pingpong-capture ]; then
		kill -INT $dump
		wait $dump
		roce_opcodes /tmp/roce.pcap "$units" > "$out/roce-opcodes.txt"
	fi
	read -r smc1 fallback1 < <(smc_counts)
	# A phase of SMC that SMC did not carry, or that fell back, is not
	# SMC's figure.
	case $phase in smc-*)
		if [ $((fallback1 - fallback0)) -gt 0 ] || [ $((smc1 - smc0)) -le 0 ]; then
			echo "profile-guest: $phase: $((smc1 - smc0)) SMC connection(s), $((fallback1 - fallback0)) fallback(s) to TCP" >&2
			exit 1
		fi ;;
	esac
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$phase" "$fig" $((tx1 - tx0)) \
		$((rx1 - rx0)) $((kick1 - kick0)) "$units" $((tcpo1 - tcpo0)) $((tcpi1 - tcpi0)) \
		"$host0" "$host1" "$(((gbusy1 - gbusy0) * 100 / (gall1 - gall0 + 1)))" \
		$((ctxt1 - ctxt0)) $((ipi1 - ipi0)) >> "$out/phases.tsv"
done
[ "$role" = loopback ] ||
	"$xfer" client $host -f tcp -p $((5990 + i)) -b 0 -w 120 >/dev/null
