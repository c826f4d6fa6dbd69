#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# smc_pnet against the kernel's PNET table: add, show, delete and flush
# round trips for net and RDMA devices, IBM's output columns, JSON, and
# refusals (duplicate, unknown ID, bad names, no privilege) that change
# nothing.

. "$(dirname "$0")/smc_lib.sh"

tools=$(cd "$SMC_LIB_DIR/../smc-tools" && pwd)
pnet=$tools/smc_pnet

smc_lib_check_smc
[ -x "$pnet" ] || smc_lib_skip_all "smc_pnet not built (make -C smc-tools)"
smc_lib_check_tools python3 setpriv rdma

# RDMA entries exist only in the initial namespace, so this test uses it:
# start from an empty table and leave one.
smc_lib_check "flush" "$pnet" -f
smc_lib_check_exit "empty table: nothing shown" 0 "^$" "$pnet"

# Entries for devices that do not exist (yet) are kept by the kernel.
smc_lib_check_exit "add a net device (not there yet): a warning" 0 \
	"^Warning: network device \"smcpnet0\" does not exist" "$pnet" -a netA -I smcpnet0
smc_lib_check_exit "add an RDMA device port 2" 0 "" "$pnet" -a NETA -D smcib0 -P 2
smc_lib_check_output "show: upper case ID, net device" "^NETA smcpnet0 - -$" "$pnet"
smc_lib_check_output "show: RDMA device and port" "^NETA - smcib0 2$" "$pnet" -s
smc_lib_check_output "show one ID, any case" "^NETA - smcib0 2$" "$pnet" -s neta
smc_lib_check_exit "show an ID with no entry: nothing" 0 "^$" "$pnet" -s NETB
smc_lib_check_output "JSON: both entries" "^smcpnet0 smcib0 2$" \
	bash -c "'$pnet' -j | python3 -c 'import json, sys; e = json.load(sys.stdin)[\"pnet\"]; print(e[0][\"netdev\"], e[1][\"ibdev\"], e[1][\"ibport\"])'"

smc_lib_check_exit "a device in a second ID: exit 1, says why" 1 \
	"^Error: cannot add PNET ID \"NETB\": the device already has an entry" "$pnet" -a NETB -I smcpnet0
smc_lib_check_exit "over-long ID: exit 2" 2 "must have 1 to 16 letters and digits" \
	"$pnet" -a ABCDEFGHIJKLMNOPQ -I smcpnet1
smc_lib_check_exit "unprivileged add: exit 1, CAP_NET_ADMIN" 1 "this needs CAP_NET_ADMIN" \
	setpriv --reuid=65534 --regid=65534 --clear-groups "$pnet" -a NETC -I smcpnet2
smc_lib_check_exit "unprivileged show works" 0 "^NETA smcpnet0 - -$" \
	setpriv --reuid=65534 --regid=65534 --clear-groups "$pnet"
smc_lib_check "refusals changed nothing" bash -c "[ \$('$pnet' | wc -l) = 2 ]"

smc_lib_check "delete" "$pnet" -d NETA
smc_lib_check_exit "deleted: table empty" 0 "^$" "$pnet"
smc_lib_check_exit "delete it again: exit 1, not in the table" 1 "^Error: PNET ID \"NETA\": not in the PNET table" \
	"$pnet" -d NETA

# A real device: the PNET ID shows up on it ("*": set by the user).
ib=$(ls /sys/class/infiniband 2>/dev/null | head -1)
if [ -z "$ib" ] && ip link add smcpnet0 type veth peer name smcpnet1 2>/dev/null &&
   ip link set smcpnet0 up && rdma link add smcpnetrxe type rxe netdev smcpnet0 2>/dev/null; then
	ib=smcpnetrxe
fi
if [ -n "$ib" ]; then
	smc_lib_check "add $ib" "$pnet" -a NETR -D "$ib"
	smc_lib_check_output "smcr device shows *NETR on $ib" " $ib .*\*NETR$" "$tools/smcr" device ibdev "$ib"
	smc_lib_check "flush with a device entry" "$pnet" -f
	smc_lib_check "smcr device: the ID is gone" bash -c "! '$tools/smcr' device | grep -q NETR"
	rdma link del smcpnetrxe 2>/dev/null
	ip link del smcpnet0 2>/dev/null
else
	smc_lib_result_skip "PNET ID on a real RDMA device" "no RDMA device and no rxe"
fi
smc_lib_check "flush at the end" "$pnet" -f
smc_lib_exit
