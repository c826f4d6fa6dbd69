# SPDX-License-Identifier: GPL-2.0
"""A socket call asleep in a thread of its own, for the single-host
selftests that check a waiting reader is woken (smc_close_order.sh,
smc_peer_abort.sh). They put this directory on PYTHONPATH.

A test fails by printing its reason as its last line and exiting 1, as
smc_lib.sh's results expect; the helpers here fail the same way.
"""
import socket
import struct
import sys
import threading
import time


def fail(why):
    print(why)
    sys.exit(1)


def poll(what, cond, wait):
    """return once cond() holds; fail after WAIT seconds"""
    end = time.time() + wait
    while not cond():
        if time.time() > end:
            fail(f"{what}: not within {wait} s")
        time.sleep(0.02)


def task_state(tid):
    """(state letter, system call number) of one of this process's
    threads; None once it has ended"""
    try:
        with open(f"/proc/self/task/{tid}/stat") as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
        with open(f"/proc/self/task/{tid}/syscall") as f:
            return state, f.read().split()[0]
    except OSError:
        return None


def start(call, sock):
    """call(sock) in a thread of its own: (thread, its result: "tid", then
    "got" or "err")"""
    res = {}

    def run():
        res["tid"] = threading.get_native_id()
        try:
            res["got"] = call(sock)
        except OSError as e:
            res["err"] = e
    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t, res


def syscall_of(call, wait):
    """the number of the system call CALL(socket) sleeps in, on this
    machine (not only x86_64): learnt from a socket pair nobody writes to"""
    a, b = socket.socketpair()
    t, res = start(call, a)
    poll("a call on a socket pair asleep", lambda: "tid" in res and
         (task_state(res["tid"]) or ("", ""))[0] == "S", wait)
    nr = task_state(res["tid"])[1]
    b.send(b"x")
    t.join(wait)
    a.close()
    b.close()
    return nr


def waiting(what, sock, call, wait):
    """call(sock) in a thread that is asleep in its system call when this
    returns: (thread, result) as start() has them. The socket blocks (a
    timeout would make Python poll first and read without waiting);
    SO_RCVTIMEO (struct timeval: two C longs) bounds a read that is never
    woken, past the wait for it."""
    nr = syscall_of(call, wait)
    sock.settimeout(None)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, struct.pack("ll", 2 * wait, 0))
    t, res = start(call, sock)

    def asleep():
        if "got" in res or "err" in res:
            fail(f"{what}: returned before it waited: {res}")
        return "tid" in res and task_state(res["tid"]) == ("S", nr)
    poll(f"{what} waiting", asleep, wait)
    return t, res
