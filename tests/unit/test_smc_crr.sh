#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# selftests/smc_crr's options for the connection-cost benchmark
# (scripts/conncost-guest.sh), over TCP on the host: -N connects without
# blocking, -x exchanges the byte counts it is given (a server that waits
# for more than the client sends makes the client fail), -0 connects and
# closes only (a server that waits for a request gets none), -q prints
# the time per connection; bad input is refused.

. "$(dirname "$0")/../../selftests/smc_lib.sh"
sel=$(cd "$(dirname "$0")/../../selftests" && pwd)
make -s -C "$sel" smc_crr >/dev/null || { echo "not ok 1 smc_crr builds"; exit 1; }
crr=$sel/smc_crr
trap 'kill $(jobs -p) 2>/dev/null' EXIT

# A free port: the kernel's choice for a socket bound to port 0.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
SMC_LIB_NLCTL=true

# serve ARGS...: a TCP server in the background, listening once this returns
serve()
{
	"$crr" server -f tcp -p "$port" -w 5 "$@" >/dev/null 2>&1 &
	smc_lib_wait_listen "$port"
}

serve -n 20 -x 224,130,130
smc_lib_check_output "-N -x -q: 20 connections, each with a CLC-sized exchange, and the time per connection" \
	'^crr cycle [0-9]+\.[0-9]$' "$crr" client 127.0.0.1 -f tcp -p "$port" -n 20 -x 224,130,130 -N -q -w 5
wait
serve -n 5 -0
smc_lib_check_output "-0: 5 connections, connect and close only" \
	'^crr cycle [0-9]+\.[0-9]$' "$crr" client 127.0.0.1 -f tcp -p "$port" -n 5 -0 -q -w 5
wait
# A server that waits for one byte first: the -0 client closes without it.
log=$(mktemp)
"$crr" server -f tcp -p "$port" -n 1 -x 1,0,0 -w 5 > "$log" 2>&1 &
smc_lib_wait_listen "$port"
smc_lib_check "-0: the client sees the server's close" \
	"$crr" client 127.0.0.1 -f tcp -p "$port" -n 1 -0 -q -w 5
wait
smc_lib_check_output "-0 moves no byte: the server's read of one byte finds the end" \
	"server: conn 0: exchange: the peer closed the connection" cat "$log"
rm -f "$log"
serve -n 1 -x 300,130,130
smc_lib_check_exit "-x: a server that waits for more bytes than the client sends fails the client" \
	1 "conn 0: request/response: the peer closed the connection" "$crr" client 127.0.0.1 -f tcp -p "$port" -n 1 -x 224,130,130 -w 5
kill $(jobs -p) 2>/dev/null
wait
# -N: a connect that the server never completes (its accept queue full,
# so the SYN is dropped) ends after -w's seconds; a blocking connect
# would go on retrying its SYN past the timeout that guards this check.
ready=$(mktemp -u)
python3 -c '
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(0)
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
open(sys.argv[2], "w").close()
time.sleep(20)' "$port" "$ready" &
for _ in $(seq 100); do [ -e "$ready" ] && break; sleep 0.1; done
rm -f "$ready"
smc_lib_check_exit "-N: a connection never completed times out after -w" \
	1 "connect: Connection timed out" timeout 10 "$crr" client 127.0.0.1 -f tcp -p "$port" -n 1 -N -w 1
kill $(jobs -p) 2>/dev/null
wait
smc_lib_check_exit "-N: a refused connection is an error" \
	1 "connect: Connection refused" "$crr" client 127.0.0.1 -f tcp -p "$port" -n 1 -N -w 0
smc_lib_check_exit "-x wants three counts" 2 "-x wants P,A,C" "$crr" client 127.0.0.1 -x 1,2
smc_lib_check_exit "-x: at most 4096 bytes a step" 2 "-x wants P,A,C" "$crr" client 127.0.0.1 -x 1,2,5000
smc_lib_exit
