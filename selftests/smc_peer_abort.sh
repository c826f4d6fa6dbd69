#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A peer's abort must reach the reader as an error, as a TCP reset does,
# never as an orderly end of the stream: an application that reads 0 takes
# what it got for the whole answer. The peer aborts when it closes with
# data it did not read (smc_close_final()), as TCP resets; TCP is run in
# the same way first, so each case compares with it. SMC over
# loopback-ism, both ends in this kernel:
#
# - blocked: the client's recv() waits when the server closes without
#   reading the client's request: ECONNRESET, not 0.
# - later: the client reads only after the abort came: ECONNRESET, not 0.
# - shutdown: as later, but the client shut down writing after its
#   request, so that the abort ends its socket (CLOSED): ECONNRESET, not 0.

. "$(dirname "$0")/smc_lib.sh"

smc_lib_check_smc
smc_lib_check_tools python3 smc_nlctl
smc_lib_ueid_setup || smc_lib_skip_all "cannot configure a UEID"

readonly BLOCKED_PORT=5191 LATER_PORT=5192 SHUTDOWN_PORT=5193
readonly WAIT=$((20 * SMC_LIB_SLOW))

# run_case NAME PROTO(tcp|smc) CASE PORT: exit 0 is a pass, 4 a skip; the
# Python's last line says why
run_case()
{
	local name=$1 out
	shift

	out=$(PYTHONPATH=$SMC_LIB_DIR python3 - "$SMC_LIB_NLCTL" "$@" "$WAIT" 2>&1 <<'PY'
import errno, os, select, socket, subprocess, sys
import smc_blocked

nlctl, proto, case = sys.argv[1], sys.argv[2], sys.argv[3]
port, wait = int(sys.argv[4]), int(sys.argv[5])
ipproto = 256 if proto == "smc" else socket.IPPROTO_TCP

def mode(sock):
    ino = os.fstat(sock.fileno()).st_ino
    out = subprocess.run([nlctl, "sockets"], capture_output=True, text=True).stdout
    for line in out.splitlines():
        f = line.split()
        if f[:2] == ["inode", str(ino)] and "mode" in f:
            return f[f.index("mode") + 1]
    return "none"

def poll(what, cond):
    smc_blocked.poll(what, cond, wait)

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM, ipproto)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", port))
srv.listen(1)
cli = socket.socket(socket.AF_INET, socket.SOCK_STREAM, ipproto)
cli.settimeout(wait); srv.settimeout(wait)
cli.connect(("127.0.0.1", port))
acc, _ = srv.accept()
acc.sendall(b"x"); assert cli.recv(1) == b"x"
if proto == "smc" and (mode(cli), mode(acc)) != ("SMCD", "SMCD"):
    print(f"modes {(mode(cli), mode(acc))}: not SMC-D at both ends"); sys.exit(4)
cli.sendall(b"request")     # the server never reads it: its close aborts
if case == "shutdown":
    cli.shutdown(socket.SHUT_WR)
result = {}

def read(sock):
    return sock.recv(100)

if case == "blocked":
    t, result = smc_blocked.waiting("the client's recv()", cli, read, wait)
    acc.close()
    t.join(wait)
else:
    acc.close()
    # the reset or the abort is on its way: until the socket says so
    poll("the client's socket readable", lambda: select.select([cli], [], [], 0)[0])
    try:
        result["got"] = read(cli)
    except OSError as e:
        result["err"] = e
if "err" in result:
    e = result["err"]
    name = errno.errorcode.get(e.errno, str(e))
    print(f"client: {name}")
    sys.exit(0 if e.errno == errno.ECONNRESET else 1)
if "got" in result:
    print(f"client: recv() returned {result['got']!r}: an orderly end, not an error")
else:
    print(f"client: recv() still waits after {wait} s")
sys.exit(1)
PY
)
	smc_lib_result_of "$name" $? "$out"
}

for p in tcp smc; do
	run_case "$p: a reader waiting when the peer aborts gets ECONNRESET" \
		$p blocked $BLOCKED_PORT
	run_case "$p: a reader coming after the peer's abort gets ECONNRESET" \
		$p later $LATER_PORT
	run_case "$p: a reader after its shutdown(SHUT_WR) and the peer's abort gets ECONNRESET" \
		$p shutdown $SHUTDOWN_PORT
done

smc_lib_exit
