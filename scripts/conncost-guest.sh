#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside one lab guest (after lab-guest.sh single): what a whole short
# connection costs, SMC-D loopback against TCP and against TCP that carries
# a CLC-sized exchange of its own (issue 16). One connection at a time
# (selftests/smc_crr -q: connect, request and response of one byte,
# close), so on one vCPU the time per connection is its CPU. Variants:
#   tcp, tcp-nb           plain TCP; -nb: connect() without blocking + poll()
#   tcp-clc, tcp-clc-nb   TCP that first exchanges the byte counts the SMC-D
#                         handshake puts on its TCP connection (proposal,
#                         accept, confirm), both ends taking turns as the
#                         CLC exchange does
#   smc, smc-nb           AF_SMC over loopback-ism; -nb connects as wrk does
#                         (the handshake then runs in smc_hs_wq's worker)
#   tcp-0, smc-0          the same moving no byte (smc_crr -0: connect and
#                         close only): what a connection costs before its data
#   smc-cli-0, smc-srv-0  AF_SMC at one end only, TCP at the other, no byte: the
#                         connection falls back at the TCP handshake (no SMC
#                         option in the peer's SYN), no CLC message; what an
#                         AF_SMC socket costs each end by itself, the server's
#                         listen and handshake works included
#   tcp-off-0, smc-off-0  in a namespace kept off loopback-ism
#                         (net.smc.smcd_loopback=0, the series' sysctl, so not
#                         on stock), no byte: TCP, and AF_SMC sockets whose
#                         client finds no device, sends its DECLINE and falls
#                         back, as the server does: both ends AF_SMC, one CLC
#                         message
#   http-cN, http-smc-cN  the benchmarks' own workload: nginx (lab-nginx.sh)
#                         and wrk "Connection: Close" at N = 1, 10, 100
#                         connections, 4 s, over TCP and moved by smc_run;
#                         time per request (on one vCPU, its CPU)
# Rounds rotate the order, so that the host's drift falls on every variant.
# Results in $SMC_NEXT_OUT: conncost.tsv (round variant usec_per_conn
# busy_ticks total_ticks conns smc fallback) and clc-bytes.txt.
# With "pair" (in the two-host lab, lab-pair.sh): SMC-R over rxe instead,
# the server guest serving and the client guest running tcp, tcp-0, smc,
# smc-0, smc-cli-0 and smc-srv-0 against it; the time per connection then
# spans both guests and the wire between them.
# usage: conncost-guest.sh [pair] [ROUNDS (5)] [CONNS per figure (400)]
# $CONNCOST_VARIANTS (space-separated) runs only those, for a closer look.
set -u
. "$(dirname "$0")/lab-nginx.sh"
pair=
if [ "${1:-}" = pair ]; then
	pair=${SMC_LIB_ROLE:?pair needs the two-host lab}
	shift
fi
rounds=${1:-5}
conns=${2:-400}
top=$SMC_NEXT_TOP
tools=$top/smc-tools
nlctl=$top/selftests/smc_nlctl
crr=$top/selftests/smc_crr
out=$SMC_NEXT_OUT
mode=SMCD
readonly PORT=5310 HTTP_TCP=8080 HTTP_SMC=8081 WRK_SECS=4

[ -w /proc/sys/net/smc/features ] && echo 4294967295 > /proc/sys/net/smc/features

# The two-host variants: each its own port on the server, served for every
# round; the guests meet as lab-nginx.sh's lab_pair_* have them.
readonly PAIR_VARIANTS="tcp tcp-0 smc smc-0 smc-cli-0 smc-srv-0" PAIR_PORT0=5330
readonly SERVER=10.9.0.2
xfer=$top/selftests/smc_xfer

# pair_port VARIANT: its port on the server
pair_port()
{
	local v i=0

	for v in $PAIR_VARIANTS; do
		[ "$v" = "$1" ] && { echo $((PAIR_PORT0 + i)); return; }
		i=$((i + 1))
	done
	return 1
}

# crr_kinds VARIANT: "CLIENT_KIND SERVER_KIND" of smc_crr's ends
crr_kinds()
{
	local kind=tcp skind

	case $1 in smc*) kind=smc ;; esac
	skind=$kind
	case $1 in smc-cli-0) skind=tcp ;; smc-srv-0) kind=tcp ;; esac
	echo "$kind $skind"
}

if [ "$pair" = server ]; then
	mode=SMCR
	for v in $PAIR_VARIANTS; do
		read -r _ skind < <(crr_kinds $v)
		zero=
		case $v in *-0) zero=-0 ;; esac
		"$crr" server -f $skind -p "$(pair_port $v)" -n $((rounds * conns)) -w 900 $zero \
			>/dev/null 2>&1 &
	done
	for v in $PAIR_VARIANTS; do wait_listen "$(pair_port $v)" || exit 1; done
	lab_pair_serve 1800
	exit $?
fi
if [ "$pair" = client ]; then
	mode=SMCR
	lab_pair_ready $SERVER || exit 1
	# the server serves until done, also when this side fails
	trap 'lab_pair_done $SERVER' EXIT
	read -ra variants <<< "$PAIR_VARIANTS"
fi

# clc_bytes: the bytes an SMC-D connection's handshake put on its TCP
# connection, "SENT RECEIVED" of the client's side (proposal + confirm,
# accept), read from ss while the connection is up; of the second
# connection, which joins the link group as all the measured ones do (a
# first contact's ACCEPT and CONFIRM are longer).
clc_bytes()
{
	local line

	"$crr" server -f smc -p $PORT -n 2 -w 30 &
	wait_listen $PORT || return 1
	python3 - "$PORT" <<'EOF' > "$out/clc-ss.txt"
import socket, subprocess, sys
port = sys.argv[1]
for i in range(2):
	s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 256)	# IPPROTO_SMC
	s.connect(("127.0.0.1", int(port)))
	if i:
		print(subprocess.run(["ss", "-tinH", "state", "established", "dport = :" + port],
				     capture_output=True, text=True).stdout)
	s.send(b"x")
	s.recv(1)
	s.close()
EOF
	wait
	line=$(tr ' \t' '\n\n' < "$out/clc-ss.txt" | awk -F: '
		$1 == "bytes_sent" { s = $2 } $1 == "bytes_received" { r = $2 }
		END { if (s && r) print s, r }')
	[ -n "$line" ] || { echo "conncost: no byte counts in ss's output" >&2; return 1; }
	echo "$line"
}

if [ "$pair" != client ]; then
	read -r sent received < <(clc_bytes) || exit 1
	# An SMC-D confirm is as long as the accept (the same message layout).
	exchange="$((sent - received)),$received,$received"
	echo "proposal $((sent - received)) accept $received confirm $received" | tee "$out/clc-bytes.txt"

	variants=(tcp tcp-nb tcp-clc tcp-clc-nb smc smc-nb tcp-0 smc-0 smc-cli-0 smc-srv-0)
	for c in 1 10 100; do variants+=(http-c$c http-smc-c$c); done
	lab_nginx_start $HTTP_TCP $HTTP_SMC "$tools/smc_run"
	wait_listen $HTTP_TCP $HTTP_SMC || exit 1
	readonly NS_OFF=conncost-off
	if [ -f /proc/sys/net/smc/smcd_loopback ]; then
		ip netns del $NS_OFF 2>/dev/null
		ip netns add $NS_OFF && ip -n $NS_OFF link set lo up &&
			ip netns exec $NS_OFF sysctl -qw net.smc.smcd_loopback=0 || exit 1
		variants+=(tcp-off-0 smc-off-0)
	fi
fi

# http_figure VARIANT: "USEC REQUESTS" of one wrk run, VARIANT http[-smc]-cN
http_figure()
{
	local v=$1 port=$HTTP_TCP pre=() c=${1##*-c} n

	case $v in
	http-smc-*) port=$HTTP_SMC pre=("$tools/smc_run") ;;
	esac
	n=$(lab_wrk_close 127.0.0.1 $port "$c" $WRK_SECS "${pre[@]}")
	[ "${n:-0}" -gt 0 ] || return 1
	echo "$((WRK_SECS * 1000000 / n)) $n"
}

# in_ns PREFIX... -- FUNCTION ARGS...: one of lab-nginx.sh's helpers, run
# under PREFIX (ip netns exec NS, or nothing)
in_ns()
{
	local prefix=()

	while [ "$1" != -- ]; do prefix+=("$1"); shift; done
	shift
	"${prefix[@]}" bash -c ". $top/scripts/lab-nginx.sh; tools=$tools nlctl=$nlctl mode=$mode; $*"
}

# figure ROUND VARIANT: one smc_crr run, appended to conncost.tsv
figure()
{
	local round=$1 v=$2 kind skind args=() srv=() in=() line usec n b0 t0 b1 t1 s0 f0 s1 f1
	local srv_pid= host=127.0.0.1 port=$PORT limit=300

	read -r kind skind < <(crr_kinds $v)
	case $v in *-off-0) in=(ip netns exec $NS_OFF) ;; esac
	case $v in *-0) args+=(-0) srv+=(-0) ;; esac
	case $v in *-clc*) args+=(-x "$exchange") srv+=(-x "$exchange") ;; esac
	case $v in *-nb) args+=(-N) ;; esac
	if [ "$pair" = client ]; then
		# the server guest serves every round on the variant's port
		host=$SERVER port=$(pair_port $v) limit=600
	elif [ "${v#http}" = "$v" ]; then
		"${in[@]}" "$crr" server -f $skind -p $PORT -n "$conns" -w 60 "${srv[@]}" &
		srv_pid=$!
		in_ns "${in[@]}" -- wait_listen $PORT || return 1
	fi
	read -r s0 f0 < <(in_ns "${in[@]}" -- smc_counts)
	read -r b0 t0 < <(cpu_ticks)
	if [ "${v#http}" = "$v" ]; then
		line=$(timeout -k 5 $limit "${in[@]}" "$crr" client $host -f $kind -p $port -n "$conns" -w 60 -q \
			"${args[@]}")
		usec=$(awk '$2 == "cycle" { print $3 }' <<< "$line")
		n=$conns
	else
		read -r usec n < <(http_figure "$v")
		line="wrk failed"
	fi
	read -r b1 t1 < <(cpu_ticks)
	# the server's end of the last connection is counted once it is done
	if [ -n "$srv_pid" ] && ! wait $srv_pid; then
		echo "conncost: $v: the smc_crr server failed" >&2
		return 1
	fi
	read -r s1 f1 < <(in_ns "${in[@]}" -- smc_counts)
	[ -n "$usec" ] || { echo "conncost: $v: no time per connection: $line" >&2; return 1; }
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$v" "$usec" $((b1 - b0)) $((t1 - t0)) \
		"$n" $((s1 - s0)) $((f1 - f0)) | tee -a "$out/conncost.tsv"
}

[ -n "${CONNCOST_VARIANTS:-}" ] && read -ra variants <<< "$CONNCOST_VARIANTS"
: > "$out/conncost.tsv"
lab_rounds "$rounds" figure "${variants[@]}" || exit 1
