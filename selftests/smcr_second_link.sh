#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A second link comes up under a connection that used the single-link rkey
# fast path (smc-next): the connection goes on intact over the grown link
# group, and connections made afterwards with new RMBs confirm their rkeys
# on both links through the normal LLC flow.
# The lab's eth1 (a second segment) gets the host's lab address as /32,
# which SMC-Rv2 needs: an alternate RoCE device must have a GID of the link
# group's IP address. Runs on both hosts at once (SMC_LIB_ROLE, SMC_LIB_PEER).

. "$(dirname "$0")/smc_lib.sh"

tools=$(cd "$SMC_LIB_DIR/../smc-tools" && pwd)
smcr=$tools/smcr
role=${SMC_LIB_ROLE:?runs in the two-host lab (lab-pair.sh)}
peer=$SMC_LIB_PEER
readonly LONG_PORT=11970 CRR_PORT=11971 XFER_PORT=11972 SYNC_PORT=11973

smc_lib_check_smc
smc_lib_check_tools smc_xfer smc_crr python3 rdma
[ -f /proc/sys/net/smc/features ] ||
	smc_lib_skip_all "no CLC feature extensions in this kernel (net.smc.features)"
smc_lib_features_on
ip link show eth1 >/dev/null 2>&1 || smc_lib_skip_all "the lab has no second segment (eth1)"
[ "$role" = client ] && addr=10.9.0.1 || addr=10.9.0.2

# One long connection: 1 MB, a pause while the second link comes up, 8 MB
# more; the server answers with the SHA-256 of all it got.
long_connection()
{
	PYTHONPATH=$SMC_LIB_DIR "$tools/smc_run" python3 -c '
import hashlib, random, socket, sys, time
from smc_pair_conn import accept_one, connect_retry
role, peer, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
if role == "server":
    c = accept_one(port); h = hashlib.sha256()
    while True:
        d = c.recv(65536)
        if not d: break
        h.update(d)
    c.sendall(h.hexdigest().encode()); c.close()
    sys.exit(0)
data = random.Random(7).randbytes(9 << 20)
c = connect_retry(peer, port)
c.sendall(data[:1 << 20])
open("/tmp/long-started", "w").close()
time.sleep(8)
c.sendall(data[1 << 20:]); c.shutdown(socket.SHUT_WR)
got = c.recv(64).decode()
sys.exit(0 if got == hashlib.sha256(data).hexdigest() else 1)' "$role" "$peer" $LONG_PORT
}

# A fresh link group, made with every feature on.
smc_lib_pair_sync second-link $SYNC_PORT || smc_lib_result_fail "hosts met" "no peer"
smc_lib_check "a fresh start: the RDMA device renewed" smc_lib_rxe_renew
rm -f /tmp/long-started
long_connection &
long=$!
# Each host checks before it adds its own second device: a second link
# needs both, so neither can see one yet.
end=$((SECONDS + 60))
while [ $SECONDS -lt $end ]; do
	[ "$(smc_lib_link_count LINK_ACTIVE)" = 1 ] && { [ "$role" = server ] || [ -f /tmp/long-started ]; } &&
		break
	sleep 0.2
done
smc_lib_check_output "the long connection runs over one link, no CONFIRM_RKEY" "^1 0$" \
	echo "$(smc_lib_link_count LINK_ACTIVE) $(smc_lib_llc_count tx CONFIRM_RKEY)"

# The client's second device first, then the server's: the server, which
# adds links, then finds both ends ready.
if [ "$role" = client ]; then
	smc_lib_check "the client's second RDMA device is up" smc_lib_add_second_device $addr
	smc_lib_pair_sync second-device $SYNC_PORT
else
	smc_lib_pair_sync second-device $SYNC_PORT
	smc_lib_check "the server's second RDMA device is up" smc_lib_add_second_device $addr
fi
smc_lib_second_link_up
smc_lib_check_output "a second link came up under it" "^2$" smc_lib_link_count LINK_ACTIVE ||
	{ "$smcr" -s -d linkgroup link-show; rdma link; ip -br addr show eth1; }

wait $long
smc_lib_check "the long connection's 9 MB arrived intact (SHA-256)" test $? = 0

# With RKEY_PERSIST a closed connection's RMB keeps its rkey, on both links,
# and a later connection reusing it sends no CONFIRM_RKEY: the long
# connection's RMB, once released, would serve all the connections below.
# A buffer size this group has not used yet makes each end take new RMBs.
orig_rmem=$(sysctl -n net.smc.rmem)
trap 'sysctl -qw net.smc.rmem=$orig_rmem' EXIT
sysctl -qw net.smc.rmem=$((orig_rmem * 4))

if [ "$role" = server ]; then
	smc_lib_check "3 new connections served" "$SMC_LIB_DIR/smc_crr" server -p $CRR_PORT -n 3 -w 60
	smc_lib_check "3 x 4 MB received intact over two links" \
		"$SMC_LIB_XFER" server -p $XFER_PORT -n 3 -w 60 -m SMCR
else
	smc_lib_check "3 new connections over SMC-R" \
		"$SMC_LIB_DIR/smc_crr" client "$peer" -p $CRR_PORT -n 3 -m SMCR -w 30
	smc_lib_check "3 x 4 MB sent intact over two links" \
		"$SMC_LIB_XFER" client "$peer" -p $XFER_PORT -n 3 -b 4M -m SMCR -w 30
fi
# Each end confirmed its new RMBs before its side of the connections
# was established: the count is final here, no wait needed.
smc_lib_check_output "with two links, new RMBs are confirmed (CONFIRM_RKEY)" "^[1-9][0-9]*$" \
	smc_lib_llc_count tx CONFIRM_RKEY ||
	"$smcr" -s -d linkgroup link-show | sed 's/^/# /'
smc_lib_check_output "both links still up" "^2$" smc_lib_link_count LINK_ACTIVE ||
	"$smcr" -d linkgroup link-show | sed 's/^/# /'
# Removing this end's second device takes the link down at the other end
# too: wait until both ends have counted (CI, session 12: the client was
# first, and the server then counted 1 link).
smc_lib_pair_sync links-counted $SYNC_PORT
rdma link delete rxe1
ip addr del $addr/32 dev eth1
ip link set eth1 down
smc_lib_exit
