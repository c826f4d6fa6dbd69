# SPDX-License-Identifier: GPL-2.0
"""One test connection between the two hosts of the lab.

The two-host tests (smcr_*.sh) drive a connection from a small Python
program run under smc_run on both hosts; this module is what those
programs share. The tests put this directory on PYTHONPATH.
"""
import os
import socket
import time


def wait_for(path, poll=0.05):
    """Return once PATH exists: the test's shell side signals with files."""
    while not os.path.exists(path):
        time.sleep(poll)


def accept_one(port, timeout=300):
    """Listen on PORT (any address) and return the first connection,
    with TIMEOUT seconds on the accept and on the connection."""
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", port))
    s.listen(1)
    s.settimeout(timeout)
    c, _ = s.accept()
    c.settimeout(timeout)
    s.close()
    return c


def connect_retry(peer, port, within=90, timeout=300):
    """Connect to PEER:PORT, trying again for WITHIN seconds while nothing
    listens there yet (the peer's server may still finish an earlier
    test); the connection gets TIMEOUT seconds."""
    deadline = time.time() + within
    while True:
        try:
            c = socket.create_connection((peer, port), timeout=60)
            break
        except OSError:
            if time.time() > deadline:
                raise
            time.sleep(0.2)
    c.settimeout(timeout)
    return c
