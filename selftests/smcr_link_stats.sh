#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Per-link counters of SMC-R (smc-next): a known amount of data moves over
# a fresh link group, then each end checks its own counters against the
# data, and the client sends its counters to the server, which checks that
# what one end sent the other received (CDC and LLC by type).
# Runs on both hosts at once: SMC_LIB_ROLE=client|server, SMC_LIB_PEER.

. "$(dirname "$0")/smc_lib.sh"

tools=$(cd "$SMC_LIB_DIR/../smc-tools" && pwd)
smcr=$tools/smcr
role=${SMC_LIB_ROLE:?runs in the two-host lab (lab-pair.sh)}

smc_lib_check_smc
smc_lib_check_tools smc_xfer python3

# 4 MB from the client to the server, then a quiet link.
if [ "$role" = server ]; then
	smc_lib_check "4 MB received over SMC-R" "$SMC_LIB_XFER" server -p 11801 -w 120 -m SMCR
else
	smc_lib_check "4 MB sent over SMC-R" "$SMC_LIB_XFER" client "$SMC_LIB_PEER" -p 11801 -w 60 -b 4M -m SMCR
fi
sleep 2
stats=$("$smcr" -s -j linkgroup link-show)

# The client hands its counters to the server over plain TCP, whatever
# either kernel reports, so that neither end waits for the other in vain.
if [ "$role" = client ]; then
	for i in $(seq 50); do
		python3 -c "
import socket, sys
c = socket.create_connection(('$SMC_LIB_PEER', 11802), timeout=2)
c.sendall(sys.argv[1].encode()); c.close()" "$stats" 2>/dev/null && break
		sleep 0.2
	done
	smc_lib_check "counters handed to the server" test "$i" -lt 50
else
	peer=$(python3 -c "
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('0.0.0.0', 11802)); s.listen(1); s.settimeout(60)
c, _ = s.accept(); data = b''
while True:
    b = c.recv(65536)
    if not b: break
    data += b
print(data.decode())")
fi

has_stats()
{
	python3 -c 'import json, sys; l = json.loads(sys.argv[1])["links"]; sys.exit(not l or "stats" not in l[0])' "$1" 2>/dev/null
}
if ! has_stats "$stats"; then
	smc_lib_result_skip_feature "per-link counters" "GET_LINK_SMCR reports no counters"
	smc_lib_exit
fi

# check NAME EXPR: EXPR over s (this end's counters) must be true
check()
{
	smc_lib_check_output "$1" "^True$" \
		python3 -c "import json, sys; s = json.loads(sys.argv[1])['links'][0]['stats']; print(bool($2))" "$stats"
}

check "send WRs completed without errors" "s['wr_tx_completed'] > 0 and s['wr_tx_errors'] == 0 and s['wr_tx_completed'] <= s['wr_tx']"
check "receive WRs completed without errors" "0 < s['wr_rx_completed'] <= s['wr_rx'] and s['wr_rx_errors'] == 0"
check "the link was confirmed (CONFIRM_LINK both ways)" "s['llc_tx'].get('CONFIRM_LINK', 0) >= 1 and s['llc_rx'].get('CONFIRM_LINK', 0) >= 1"
check "state changes: ACTIVATING, ACTIVE" "s['state_changes'] >= 2 and s['timeouts'] == 0"
if [ "$role" = client ]; then
	check "RDMA writes carried at least the 4 MB" "s['rdma_write_bytes'] >= 4 << 20 and s['rdma_writes'] > 0"
	check "CDC messages announced the data" "s['cdc_tx'] > 0"
else
	check "CDC messages told the client what was consumed" "s['cdc_tx'] > 0 and s['cdc_rx'] > 0"
	if has_stats "$peer"; then
		# The peer's LLC/CDC tx is this end's rx, and the other way round.
		smc_lib_check_output "the two ends agree: CDC and LLC sent = received" "^agree$" \
			python3 -c "
import json, sys
me = json.loads(sys.argv[1])['links'][0]['stats']
peer = json.loads(sys.argv[2])['links'][0]['stats']
ok = peer['cdc_tx'] == me['cdc_rx'] and me['cdc_tx'] == peer['cdc_rx'] \\
     and peer['llc_tx'] == me['llc_rx'] and me['llc_tx'] == peer['llc_rx']
print('agree' if ok else (me, peer))" "$stats" "$peer"
	else
		smc_lib_result_skip "the two ends agree: CDC and LLC sent = received" "the peer reports no counters"
	fi
fi
smc_lib_check_output "text output: the counters under the link" "^    RDMA    writes [0-9]+  bytes [0-9]+$" \
	"$smcr" -s linkgroup link-show
smc_lib_exit
