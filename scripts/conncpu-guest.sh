#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside one lab guest (after lab-guest.sh single): where a short
# connection's CPU goes, TCP against SMC-D over loopback-ism (issue 16).
# selftests/smc_crr runs one connection at a time, so on one vCPU the
# guest's CPU is the connection's; perf samples it (cpu-clock, every
# CPU, callchains) while smc_crr runs, for each variant:
#   tcp-0, smc-0   connect, shut down writing, wait for the server's
#                  close, close (smc_crr -0): no byte of data
#   tcp, smc       connect, a 1-byte request and response, close
#   http-cN, http-smc-cN   nginx (lab-nginx.sh) and wrk "Connection: Close",
#                  N = 1, 10, 100 connections, WRK_SECS s, over TCP and
#                  moved by smc_run: issue 16's workload, per request
# Each round runs every variant once, the order rotated. Results in
# $SMC_NEXT_OUT: conncpu.tsv (round variant usec_per_conn conns smc
# fallback; for wrk: per request, requests) and
# script-VARIANT-ROUND.txt.gz (perf script -F comm,tid,time,ip,sym: each
# sample's command and callchain), read by scripts/conncpu-report.py.
# usage: conncpu-guest.sh [ROUNDS (3)] [CONNS (3000)]
set -u
. "$(dirname "$0")/lab-nginx.sh"
rounds=${1:-3}
conns=${2:-3000}
top=$SMC_NEXT_TOP
# tools, nlctl and mode are lab-nginx.sh's (smc_counts, wait_listen)
# shellcheck disable=SC2034
tools=$top/smc-tools nlctl=$top/selftests/smc_nlctl mode=SMCD
crr=$top/selftests/smc_crr
out=$SMC_NEXT_OUT
readonly PORT=5320 WARM=50 HZ_SAMPLES=999 HTTP_TCP=8080 HTTP_SMC=8081 WRK_SECS=4

[ -w /proc/sys/net/smc/features ] && echo 4294967295 > /proc/sys/net/smc/features
command -v perf >/dev/null || { echo "conncpu: no perf" >&2; exit 1; }

# profile_http ROUND VARIANT: one wrk run under perf, a line of conncpu.tsv
# (the requests as the connections: each is one)
profile_http()
{
	local round=$1 v=$2 port=$HTTP_TCP pre=() c=${2##*-c} n s0 f0 s1 f1

	case $v in http-smc-*) port=$HTTP_SMC pre=("$tools/smc_run") ;; esac
	read -r s0 f0 < <(smc_counts)
	n=$(lab_wrk_close 127.0.0.1 $port "$c" $WRK_SECS \
		perf record -q -a -g -F $HZ_SAMPLES -e cpu-clock -o /tmp/conncpu.data -- "${pre[@]}")
	read -r s1 f1 < <(smc_counts)
	[ "${n:-0}" -gt 0 ] || { echo "conncpu: $v: wrk failed" >&2; return 1; }
	perf script -i /tmp/conncpu.data -F comm,tid,time,ip,sym 2>/dev/null |
		gzip > "$out/script-$v-$round.txt.gz"
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$v" $((WRK_SECS * 1000000 / n)) "$n" \
		$((s1 - s0)) $((f1 - f0)) | tee -a "$out/conncpu.tsv"
}

# profile ROUND VARIANT: one smc_crr run under perf, a line of conncpu.tsv
profile()
{
	local round=$1 v=$2 kind=${2%-0} zero=() line usec s0 f0 s1 f1 srv

	case $v in http-*) profile_http "$@"; return ;; esac

	[ "$v" != "$kind" ] && zero=(-0)
	"$crr" server -f "$kind" -p $PORT -n $((conns + WARM)) -w 120 "${zero[@]}" >/dev/null &
	srv=$!
	wait_listen $PORT || return 1
	# the first connections of a run read programs and build caches
	"$crr" client 127.0.0.1 -f "$kind" -p $PORT -n $WARM -w 60 -q "${zero[@]}" >/dev/null || return 1
	read -r s0 f0 < <(smc_counts)
	line=$(perf record -q -a -g -F $HZ_SAMPLES -e cpu-clock -o /tmp/conncpu.data -- \
		"$crr" client 127.0.0.1 -f "$kind" -p $PORT -n "$conns" -w 120 -q "${zero[@]}")
	if ! wait $srv; then
		echo "conncpu: $v: the smc_crr server failed" >&2
		return 1
	fi
	read -r s1 f1 < <(smc_counts)
	usec=$(awk '$2 == "cycle" { print $3 }' <<< "$line")
	[ -n "$usec" ] || { echo "conncpu: $v: no time per connection: $line" >&2; return 1; }
	perf script -i /tmp/conncpu.data -F comm,tid,time,ip,sym 2>/dev/null |
		gzip > "$out/script-$v-$round.txt.gz"
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$v" "$usec" "$conns" $((s1 - s0)) $((f1 - f0)) |
		tee -a "$out/conncpu.tsv"
}

variants=(tcp-0 smc-0 tcp smc)
for c in 1 10 100; do variants+=("http-c$c" "http-smc-c$c"); done
lab_nginx_start $HTTP_TCP $HTTP_SMC "$tools/smc_run"
wait_listen $HTTP_TCP $HTTP_SMC || exit 1
: > "$out/conncpu.tsv"
lab_rounds "$rounds" profile "${variants[@]}" || exit 1
