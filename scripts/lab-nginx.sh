# SPDX-License-Identifier: GPL-2.0
# Sourced by the lab's guest scripts (bench-guest.sh, profile-guest.sh,
# conncost-guest.sh): nginx serving a 600-byte page, two workers, once over
# TCP and once moved by smc_run, for wrk's short connections; what they ask
# of the guest around a run; and how the two guests of the two-host lab
# meet. The caller sets $nlctl (selftests/smc_nlctl), $tools (smc-tools/),
# $mode (SMCD or SMCR) and, to meet, $xfer (selftests/smc_xfer).

# Two hosts meet on two plain TCP ports: the server opens "ready" once its
# programs run, and serves until the client connects to "done".
readonly LAB_READY_PORT=5998 LAB_DONE_PORT=5999

# lab_pair_serve SECS: the server's side; returns once the client said
# done, or after SECS, with smc_xfer's status
lab_pair_serve()
{
	"$xfer" server -f tcp -p $LAB_READY_PORT -w 900 >/dev/null &
	"$xfer" server -f tcp -p $LAB_DONE_PORT -w "$1" >/dev/null
}

# lab_pair_ready SERVER: the client waits until the server is ready
lab_pair_ready()
{
	"$xfer" client "$1" -f tcp -p $LAB_READY_PORT -b 0 -w 300 >/dev/null && return 0
	echo "${0##*/}: the server never became ready" >&2
	return 1
}

# lab_pair_done SERVER: the client lets the server end
lab_pair_done()
{
	"$xfer" client "$1" -f tcp -p $LAB_DONE_PORT -b 0 -w 30 >/dev/null
}

# lab_nginx_start TCP_PORT SMC_PORT SMC_RUN: both servers started (each
# forks its workers and returns)
lab_nginx_start()
{
	local tcp_port=$1 smc_port=$2 smc_run=$3

	mkdir -p /tmp/www /tmp/nginx
	head -c 600 /dev/zero | tr '\0' 'x' > /tmp/www/index.html
	cat > /tmp/nginx/nginx.conf <<NGINX
worker_processes 2;
pid /tmp/nginx/nginx-\$port.pid;
error_log /tmp/nginx/error.log;
events { worker_connections 1024; }
http {
	access_log off;
	# a connection kept alive stays one (keep-alive figures), where
	# nginx's default closes it after 1000 requests
	keepalive_requests 1000000;
	client_body_temp_path /tmp/nginx/body;
	proxy_temp_path /tmp/nginx/proxy;
	fastcgi_temp_path /tmp/nginx/fastcgi;
	uwsgi_temp_path /tmp/nginx/uwsgi;
	scgi_temp_path /tmp/nginx/scgi;
	server { listen PORT reuseport; root /tmp/www; }
}
NGINX
	sed "s/PORT/$tcp_port/; s/-\$port/-tcp/" /tmp/nginx/nginx.conf > /tmp/nginx/tcp.conf
	sed "s/PORT/$smc_port/; s/-\$port/-smc/" /tmp/nginx/nginx.conf > /tmp/nginx/smc.conf
	nginx -e /tmp/nginx/error.log -c /tmp/nginx/tcp.conf
	"$smc_run" nginx -e /tmp/nginx/error.log -c /tmp/nginx/smc.conf
}

# lab_wrk_close HOST PORT CONNS SECS [COMMAND...]: one run of wrk
# "Connection: Close" (one thread for one connection, two above) against
# HOST:PORT for SECS s, under COMMAND when given (smc_run; perf record ...
# --), bounded by timeout; prints the requests it completed
lab_wrk_close()
{
	local host=$1 port=$2 conns=$3 secs=$4

	shift 4
	timeout -k 5 $((secs + 30)) "$@" wrk -t$((conns < 2 ? 1 : 2)) -c"$conns" -d"${secs}s" \
		-H 'Connection: Close' "http://$host:$port/" | awk '$2 == "requests" { print $1 }'
}

# lab_rounds ROUNDS FUNCTION VARIANT...: FUNCTION ROUND VARIANT for every
# variant in every round, the order rotated from round to round so that
# the host's drift falls on every variant; stops at the first failure
lab_rounds()
{
	local rounds=$1 fn=$2 r i
	shift 2
	local variants=("$@")

	for ((r = 0; r < rounds; r++)); do
		for ((i = 0; i < ${#variants[@]}; i++)); do
			"$fn" $r "${variants[(i + r) % ${#variants[@]}]}" || return 1
		done
	done
}

# wait_listen PORT...: polls until every PORT has a listening TCP or SMC
# socket (bound 60 s: a program's first start in a fresh guest reads it
# over 9p); names the ports that never listened.
wait_listen()
{
	local end=$((SECONDS + 60)) port missing

	while :; do
		missing=
		for port in "$@"; do
			ss -Htln "sport = :$port" | grep -q . ||
				"$nlctl" sockets | grep -qE "state LISTEN .*:$port( |$)" ||
				missing="$missing $port"
		done
		[ -z "$missing" ] && return 0
		[ $SECONDS -lt $end ] || break
		sleep 0.2
	done
	echo "${0##*/}: nothing listens on port(s)$missing after 60 s" >&2
	return 1
}

# smc_counts: "SMC FALLBACK" connections this host's SMC statistics have
# counted so far for the transport under test (fallbacks are counted for
# SMC-R and SMC-D together)
smc_counts()
{
	"$tools/${mode,,}" -j stats | jq -r '.[].connections | "\(.smc) \(.tcp_fallback)"'
}

# Busy and total CPU time of this guest in clock ticks, all vCPUs: the
# work rxe does in kernel threads counts too, which iperf3's own CPU
# figure leaves out.
cpu_ticks()
{
	awk '$1 == "cpu" { busy = $2 + $3 + $4 + $7 + $8; print busy, busy + $5 + $6 }' /proc/stat
}
