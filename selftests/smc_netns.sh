#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Network namespaces and SMC's link group dumps: a namespace sees the link
# groups that carry its connections, not another's (stock 6.12 shows every
# namespace all of them); the initial namespace sees all. Checked through
# the libnl-free reader and through smcd.

. "$(dirname "$0")/smc_lib.sh"

tools=$(cd "$SMC_LIB_DIR/../smc-tools" && pwd)
smc_lib_check_smc
smc_lib_check_tools smc_xfer smc_nlctl ip
smc_lib_ueid_setup || smc_lib_skip_all "cannot configure a UEID"

ns_a=smc-netns-a
ns_b=smc-netns-b
cleanup()
{
	ip netns pids $ns_a 2>/dev/null | xargs -r kill 2>/dev/null
	ip netns del $ns_a 2>/dev/null
	ip netns del $ns_b 2>/dev/null
}
trap cleanup EXIT
for ns in $ns_a $ns_b; do
	ip netns add $ns && ip -n $ns link set lo up || smc_lib_skip_all "cannot create namespaces"
done

# An SMC-D connection inside namespace A, held open.
ip netns exec $ns_a "$SMC_LIB_XFER" server -p 11601 -w 60 >/dev/null 2>&1 &
for i in $(seq 50); do
	ip netns exec $ns_a ss -Htln "sport = :11601" | grep -q . && break
	sleep 0.1
done
ip netns exec $ns_a "$SMC_LIB_XFER" client 127.0.0.1 -p 11601 -b 64K -m SMCD -H $((30 * SMC_LIB_SLOW)) >/dev/null 2>&1 &
for i in $(seq 60); do
	ip netns exec $ns_a "$tools/smcss" | grep -q ' SMCD$' && break
	sleep 0.5
done

smc_lib_check_output "namespace A: its SMC-D connection" ":11601 .* SMCD$" \
	ip netns exec $ns_a "$tools/smcss"
smc_lib_check_output "namespace A sees the link group of its connection" "^lgr [0-9a-f]{8} conns [1-9]" \
	ip netns exec $ns_a "$SMC_LIB_NLCTL" lgr-smcd
smc_lib_check_output "the initial namespace sees it too" "^lgr [0-9a-f]{8} conns [1-9]" \
	"$SMC_LIB_NLCTL" lgr-smcd
smc_lib_check_exit "namespace B: no socket of A" 0 "^State " ip netns exec $ns_b "$tools/smcss" -a
if [ -z "$(ip netns exec $ns_b "$SMC_LIB_NLCTL" lgr-smcd)" ]; then
	smc_lib_result_pass "namespace B does not see A's SMC-D link group"
	smc_lib_check "smcd linkgroup in B: header only" \
		bash -c "[ \$(ip netns exec $ns_b '$tools/smcd' linkgroup | wc -l) = 1 ]"
	smc_lib_check "smcr linkgroup in B: header only" \
		bash -c "[ \$(ip netns exec $ns_b '$tools/smcr' linkgroup | wc -l) = 1 ]"
else
	ip netns exec $ns_b "$SMC_LIB_NLCTL" lgr-smcd | sed 's/^/    /'
	smc_lib_result_skip_feature "namespace B does not see A's SMC-D link group" \
		"link group dumps are not per namespace"
fi
smc_lib_exit
