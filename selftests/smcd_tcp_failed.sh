#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# SMC-D (loopback-ism) when the TCP connection under an established SMC
# connection fails, at one end only. Three cases, both ends in this kernel:
#
# - keepalive: the server's TCP packets to the client are dropped (tc on
#   lo) until the client's keepalive gives up (ETIMEDOUT). The server's TCP
#   lives on, and so does the peer's SMC-D connection: ISM tells it
#   nothing, and nothing is sent to a DMB the peer may have given away. The
#   connection must go on carrying data both ways, as on stock SMC; ending
#   it at one end alone leaves the other end's reader waiting for ever.
# - half-close: TCP is dropped both ways until the server's keepalive gives
#   up; then the client sends a request and shuts its side down. Its FIN
#   meets no TCP socket at the server, whose host answers with a reset: a
#   failure after the handshake, which must not end the client's end. The
#   server reads the request to its end, answers 1 MB and closes; the
#   client must get all of it, then the end of the stream.
# - late CONFIRM: the client's CLC CONFIRM is held 7 s, past the server's
#   CLC_WAIT_TIME; the server gives the connection up without a DECLINE,
#   and its TCP resets the CONFIRM when it comes. The client, established
#   once its CONFIRM is sent, must learn of it: an error within the bound,
#   where stock SMC waits for ever.

# lo's qdisc below drops TCP: the script runs in a network namespace of its
# own, so the host's lo is never touched, even by a run that is killed
if [ -z "${SMCD_TCP_FAILED_NETNS:-}" ] && command -v unshare >/dev/null; then
	SMCD_TCP_FAILED_NETNS=1 exec unshare -n "$0" "$@"
fi

. "$(dirname "$0")/smc_lib.sh"

[ -n "${SMCD_TCP_FAILED_NETNS:-}" ] || smc_lib_skip_all "unshare is missing"
ip link set lo up || smc_lib_skip_all "cannot set lo up in a namespace of its own"
smc_lib_check_smc
smc_lib_check_tools python3 tc ss smc_nlctl
smc_lib_ueid_setup || smc_lib_skip_all "cannot configure a UEID"

readonly KEEPALIVE_PORT=5181 LATE_PORT=5182 HALFCLOSE_PORT=5183
# the client's keepalive gives up 1 s idle + 2 probes 1 s apart after the
# drop starts; 30 s is for an emulated guest's timers
readonly TCP_GONE_WAIT=$((30 * SMC_LIB_SLOW))
# the server gives up after CLC_WAIT_TIME (6 s); the reset follows the
# CONFIRM held 7 s
readonly ERROR_WAIT=$((40 * SMC_LIB_SLOW))

# drop_tcp clear | drop_tcp PORT [both]: lo drops TCP segments from port
# PORT (the server's side), with "both" those to it as well; SMC-D's own
# traffic does not pass lo
drop_tcp()
{
	tc qdisc del dev lo root 2>/dev/null
	[ "$1" = clear ] && return 0
	tc qdisc add dev lo root handle 1: prio bands 4 \
		priomap 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 &&
		tc qdisc add dev lo parent 1:4 handle 40: netem loss 100% &&
		tc filter add dev lo parent 1: protocol ip prio 1 u32 \
			match ip protocol 6 0xff match ip sport "$1" 0xffff flowid 1:4 || return 1
	[ "$2" = both ] || return 0
	tc filter add dev lo parent 1: protocol ip prio 2 u32 \
		match ip protocol 6 0xff match ip dport "$1" 0xffff flowid 1:4
}

# run_case NAME PY_ARGS...: runs the case's Python; its last line says why
# it failed, exit 0 is a pass, 4 a skip
run_case()
{
	local name=$1 out
	shift

	out=$(python3 - "$SMC_LIB_NLCTL" "$@" 2>&1 <<'PY'
import errno, os, socket, subprocess, sys, threading, time

nlctl, case, port, wait = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
SMCPROTO_IPPROTO = 256

def mode(sock):
    ino = os.fstat(sock.fileno()).st_ino
    out = subprocess.run([nlctl, "sockets"], capture_output=True, text=True).stdout
    for line in out.splitlines():
        f = line.split()
        if f[:2] == ["inode", str(ino)] and "mode" in f:
            return f[f.index("mode") + 1]
    return "none"

def fail(msg):
    print(msg)
    sys.exit(1)

# tcp_up("dport"): the client's TCP connection is up; "sport": the server's
def tcp_up(end):
    out = subprocess.run(["ss", "-Htn", "state", "connected", f"{end} = :{port}"],
                         capture_output=True, text=True).stdout
    return bool(out.strip())

def keepalive(sock):
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, 2)

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM, SMCPROTO_IPPROTO)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", port))
if case == "halfclose":
    # on the listening socket, whose TCP socket the accepted one's is
    # cloned from: SMC copies SO_KEEPALIVE to its TCP socket only at
    # connect() and listen()
    keepalive(srv)
srv.listen(4)
cli = socket.socket(socket.AF_INET, socket.SOCK_STREAM, SMCPROTO_IPPROTO)

def connected_pair():
    cli.settimeout(wait); srv.settimeout(wait)
    cli.connect(("127.0.0.1", port))
    acc, _ = srv.accept(); acc.settimeout(wait)
    cli.sendall(b"x"); assert acc.recv(1) == b"x"
    modes = (mode(cli), mode(acc))
    if modes != ("SMCD", "SMCD"):
        print(f"modes {modes}: not SMC-D at both ends"); sys.exit(4)
    return acc

# drop: the drop_tcp command; until: a test of the TCP connections
def drop_until(drop, until, what):
    subprocess.run(drop, check=True)
    end = time.time() + wait
    while not until() and time.time() < end:
        time.sleep(0.2)
    subprocess.run(sys.argv[5:] + ["clear"], check=True)
    if not until():
        print(f"{what}: not within {wait} s"); sys.exit(4)
    print(what, flush=True)

# read_all: up to limit bytes or the end of the stream; an error says how
# many came before it
def read_all(sock, limit):
    got = b""
    try:
        while len(got) < limit:
            chunk = sock.recv(min(65536, limit - len(got)))
            if not chunk:
                break
            got += chunk
    except OSError as e:
        raise OSError(e.errno, f"{e!r} after {len(got)} bytes") from e
    return got

if case == "halfclose":
    acc = connected_pair()
    drop_until(sys.argv[5:] + [str(port), "both"], lambda: not tcp_up("sport"),
               "both ends SMCD; the server's keepalive gave up, TCP dropped both ways")
    answer = os.urandom(1 << 20)
    result = []
    def serve():
        try:
            request = read_all(acc, 1 << 20)
            acc.sendall(answer)
            acc.close()
            result.append(request)
        except OSError as e:
            result.append(e)
    server = threading.Thread(target=serve)
    server.start()
    try:
        cli.sendall(b"request")
        cli.shutdown(socket.SHUT_WR)
        got = read_all(cli, 2 << 20)
    except OSError as e:
        server.join()
        fail(f"client: {e!r} after its shutdown; the server: {result[0]!r}")
    server.join()
    if isinstance(result[0], OSError):
        fail(f"server: {result[0]!r}")
    if result[0] != b"request":
        fail(f"server: the request was {result[0]!r}")
    if got != answer:
        fail(f"client: {len(got)} of {len(answer)} bytes before the end, or not the same")
    print("the request to its end, then the whole answer and the end of the stream")
    sys.exit(0)

if case == "keepalive":
    keepalive(cli)
    acc = connected_pair()
    drop_until(sys.argv[5:] + [str(port)], lambda: not tcp_up("dport"),
               "both ends SMCD; the client's TCP connection timed out, the server's lives")
    data = os.urandom(1 << 20)
    # one end writes while the other reads: 1 MB is more than both buffers
    def echo(sock, n, result):
        try:
            result.append(read_all(sock, n))
        except OSError as e:
            result.append(e)
    for name, tx, rx in (("client to server", cli, acc), ("server to client", acc, cli)):
        result = []
        reader = threading.Thread(target=echo, args=(rx, len(data), result))
        reader.start()
        try:
            tx.sendall(data)
        except OSError as e:
            reader.join()
            fail(f"{name}: the writer: {e!r}; the reader: {result[0]!r}")
        reader.join()
        if isinstance(result[0], OSError):
            fail(f"{name}: the reader: {result[0]!r}")
        if result[0] != data:
            fail(f"{name}: {len(result[0])} of {len(data)} bytes, or not the same")
    cli.close()
    try:
        if acc.recv(1) != b"":
            fail("server: data after the client's close")
    except OSError as e:
        fail(f"server: {e!r} where the client closed in order")
    print("1 MB each way after the client's TCP timed out, then an orderly close")
    sys.exit(0)

# late CONFIRM: the caller holds CLC CONFIRMs on lo. The server accepts
# all along, as a server application does: a connection the kernel gave up
# waits in the accept queue, and its TCP socket is released only when
# accept() meets it.
accepted = []
def serve():
    srv.settimeout(0.2)
    while not accepted:
        try:
            accepted.append(srv.accept()[0])
        except socket.timeout:
            pass
        except OSError:
            return
threading.Thread(target=serve, daemon=True).start()
cli.settimeout(10)
cli.connect(("127.0.0.1", port))
print(f"client connected, mode {mode(cli)}", flush=True)
if mode(cli) != "SMCD":
    print("the client is not SMC-D"); sys.exit(4)
cli.settimeout(wait)
start = time.time()
# what the client's TCP connection went through, for the failure's report
states = []
def watch_tcp():
    last = None
    while time.time() < start + wait:
        out = subprocess.run(["ss", "-Htna", f"dport = :{port}"],
                             capture_output=True, text=True).stdout.split()
        now = out[0] if out else "gone"
        if now != last:
            states.append(f"{time.time() - start:.1f}s {now}")
            last = now
        time.sleep(0.2)
threading.Thread(target=watch_tcp, daemon=True).start()
try:
    got = cli.recv(1)
except socket.timeout:
    if accepted:
        fail("server: accepted the connection (the CONFIRM was not held)")
    print("the client's TCP:", ", ".join(states))
    print(subprocess.run(["nstat", "-az", "TcpEstabResets", "TcpOutRsts",
                          "TcpExtTCPAbortOnData", "TcpExtTCPAbortOnClose"],
                         capture_output=True, text=True).stdout)
    print(subprocess.run(["ss", "-tnai", f"( sport = :{port} or dport = :{port} )"],
                         capture_output=True, text=True).stdout)
    print(subprocess.run(["tc", "-s", "qdisc", "show", "dev", "lo"],
                         capture_output=True, text=True).stdout)
    fail(f"client: no error within {wait} s: it waits for ever")
except OSError as e:
    print(f"client: {errno.errorcode.get(e.errno, e.errno)} after {time.time() - start:.1f} s")
else:
    fail(f"client: recv returned {got!r}, not an error")
if accepted:
    fail("server: accepted the connection (the CONFIRM was not held)")
print("server: never had the connection")
sys.exit(0)
PY
)
	smc_lib_result_of "$name" $? "$out"
}

export -f drop_tcp
run_case "keepalive: the client's TCP times out, SMC-D goes on" \
	keepalive $KEEPALIVE_PORT $TCP_GONE_WAIT bash -c 'drop_tcp "$@"' drop_tcp
drop_tcp clear
run_case "half-close: a reset to the client's FIN, the answer arrives" \
	halfclose $HALFCLOSE_PORT $TCP_GONE_WAIT bash -c 'drop_tcp "$@"' drop_tcp
drop_tcp clear

smc_lib_clc_netem lo 3 delay 7s ||
	smc_lib_result_fail "late CONFIRM: the client learns of it" "cannot hold CLC CONFIRMs on lo"
run_case "late CONFIRM: the client learns of it" late $LATE_PORT $ERROR_WAIT true
smc_lib_clc_netem lo clear

smc_lib_exit
