#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The orderly ends of an SMC connection, in every order the two ends can
# take them, read as TCP reads them: each end sees the other's close or
# shutdown as the end of the stream (0 from recv(), POLLIN|POLLRDHUP from
# poll()), a reader or poller already waiting is woken, data sent after the
# peer's shutdown still arrives, and once both ends are closed the link
# groups count the connection no more. For SMC, also the state of each end
# not yet closed, after every step, as sock_diag shows it (the state
# machine of net/smc/smc_close.c, which a change of where the peer's close
# is taken must keep). TCP runs each case first, in the same way. SMC over
# loopback-ism, both ends in this kernel:
#
# - client: the client closes while the server waits in recv().
# - server: the server closes while the client waits in recv().
# - half: the client shuts down writing while the server waits in recv();
#   the server answers, then closes while the client waits in recv().
# - both: both shut down writing, then read the end, then close.
# - poll: the server closes while the client waits in poll().
# SMC_CLOSE_ORDER_CASES (space-separated) runs only those cases.

. "$(dirname "$0")/smc_lib.sh"

smc_lib_check_smc
smc_lib_check_tools python3 smc_nlctl
smc_lib_ueid_setup || smc_lib_skip_all "cannot configure a UEID"

readonly PORT0=5211
readonly WAIT=$((20 * SMC_LIB_SLOW))

# run_case NAME PROTO(tcp|smc) CASE PORT: exit 0 is a pass, 4 a skip; the
# Python's last line says why
run_case()
{
	local name=$1 out
	shift

	out=$(PYTHONPATH=$SMC_LIB_DIR python3 - "$SMC_LIB_NLCTL" "$@" "$WAIT" 2>&1 <<'PY'
import os, select, socket, subprocess, sys, time
import smc_blocked
from smc_blocked import fail

nlctl, proto, case = sys.argv[1], sys.argv[2], sys.argv[3]
port, wait = int(sys.argv[4]), int(sys.argv[5])
smc = proto == "smc"
ipproto = 256 if smc else socket.IPPROTO_TCP

def diag():
    """{inode: (state, mode)} of the SMC sockets (a released one is gone)"""
    out = subprocess.run([nlctl, "sockets"], capture_output=True, text=True).stdout
    socks = {}
    for line in out.splitlines():
        f = line.split()
        if f[:1] == ["inode"] and "state" in f and "mode" in f:
            socks[int(f[1])] = (f[f.index("state") + 1], f[f.index("mode") + 1])
    return socks

def lgr_conns():
    """the connections of this namespace's SMC-D link groups"""
    out = subprocess.run([nlctl, "lgr-smcd"], capture_output=True, text=True).stdout
    return sum(int(l.split()[3]) for l in out.splitlines() if l.startswith("lgr "))

conns0 = lgr_conns() if smc else 0
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM, ipproto)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", port))
srv.listen(1)
cli = socket.socket(socket.AF_INET, socket.SOCK_STREAM, ipproto)
cli.settimeout(wait)
srv.settimeout(wait)
cli.connect(("127.0.0.1", port))
acc, _ = srv.accept()
acc.settimeout(wait)
srv.close()
acc.sendall(b"x")
if cli.recv(1) != b"x":
    fail("no first byte")
ends = {"client": os.fstat(cli.fileno()).st_ino, "server": os.fstat(acc.fileno()).st_ino}

def states(**want):
    """the SMC states of the ends named, as want says"""
    if not smc:
        return
    def now():
        d = diag()
        return {end: d.get(ends[end], (None,))[0] for end in want}
    end = time.time() + wait
    while now() != want:
        if time.time() > end:
            raw = subprocess.run([nlctl, "sockets"], capture_output=True, text=True).stdout
            print(f"sock_diag:\n{raw}", end="")
            fail(f"states {now()}, not {want}")
        time.sleep(0.02)

if smc:
    d = diag()
    modes = {d.get(ino, (None, None))[1] for ino in ends.values()}
    if modes != {"SMCD"}:
        print(f"modes {modes}: not SMC-D at both ends")
        sys.exit(4)
states(client="ACTIVE", server="ACTIVE")
if smc and lgr_conns() <= conns0:
    fail(f"the link groups do not count the connection ({lgr_conns()} connections)")

def poll(what, cond):
    smc_blocked.poll(what, cond, wait)

def waiting(what, sock, call):
    return smc_blocked.waiting(what, sock, call, wait)

def woken(what, t, res, want):
    t.join(wait)
    if t.is_alive():
        fail(f"{what}: still waiting {wait} s after the peer's end")
    if "err" in res:
        fail(f"{what}: {res['err']}")
    if res["got"] != want:
        fail(f"{what}: {res['got']!r}, not {want!r}")

def recv(sock):
    return sock.recv(100)

RDHUP = getattr(select, "POLLRDHUP", 0x2000)

def poll_in(sock):
    p = select.poll()
    p.register(sock, select.POLLIN | RDHUP)
    return [ev & (select.POLLIN | RDHUP) for _, ev in p.poll(wait * 1000)]

if case == "client":
    t, res = waiting("the server's recv()", acc, recv)
    cli.close()
    woken("the server's recv()", t, res, b"")
    states(server="APPCLW1")
    acc.close()
elif case == "server":
    t, res = waiting("the client's recv()", cli, recv)
    acc.close()
    woken("the client's recv()", t, res, b"")
    states(client="APPCLW1")
    cli.close()
elif case == "half":
    t, res = waiting("the server's recv()", acc, recv)
    cli.shutdown(socket.SHUT_WR)
    woken("the server's recv()", t, res, b"")
    states(client="PEERCLW1", server="APPCLW1")
    acc.sendall(b"answer")
    if cli.recv(100) != b"answer":
        fail("the answer after the client's shutdown did not arrive")
    t, res = waiting("the client's recv()", cli, recv)
    acc.close()
    woken("the client's recv()", t, res, b"")
    states(client="APPFINCLW")
    cli.close()
elif case == "both":
    cli.shutdown(socket.SHUT_WR)
    # the server takes the client's shutdown before its own
    states(client="PEERCLW1", server="APPCLW1")
    acc.shutdown(socket.SHUT_WR)
    if cli.recv(100) != b"" or acc.recv(100) != b"":
        fail("an end did not read the end of the stream")
    states(client="PEERCLW2", server="APPCLW2")
    cli.close()
    acc.close()
elif case == "poll":
    t, res = waiting("the client's poll()", cli, poll_in)
    acc.close()
    woken("the client's poll()", t, res, [select.POLLIN | RDHUP])
    states(client="APPCLW1")
    cli.close()
else:
    fail(f"no case {case}")
# nothing of the connection stays behind
if smc:
    poll(f"the link groups' connections back to {conns0}", lambda: lgr_conns() == conns0)
print("ok")
PY
)
	smc_lib_result_of "$name" $? "$out"
}

port=$PORT0
for c in ${SMC_CLOSE_ORDER_CASES:-client server half both poll}; do
	for p in tcp smc; do
		case $c in
		client) what="the server's waiting recv() reads the client's close" ;;
		server) what="the client's waiting recv() reads the server's close" ;;
		half) what="data after a shutdown(SHUT_WR) arrives, then the close" ;;
		both) what="both ends shut down writing, then close" ;;
		poll) what="a waiting poll() reports the peer's close" ;;
		*) what="case $c" ;;
		esac
		run_case "$p: $what" "$p" "$c" "$port"
		port=$((port + 1))
	done
done

smc_lib_exit
