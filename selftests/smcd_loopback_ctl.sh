#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# loopback-ism under control: smcd device lists it (from the smc_next
# family's LOOPBACK_GET), a 6.12-era reader of GET_DEV_SMCD never meets it,
# and net.smc.smcd_loopback=0 keeps a namespace's connections off it, as
# client and as server, without touching other namespaces. Stock 6.12 lists
# it nowhere and has no such sysctl (features of the smc-next series).

. "$(dirname "$0")/smc_lib.sh"

tools=$(cd "$SMC_LIB_DIR/../smc-tools" && pwd)
smc_lib_check_smc
smc_lib_check_tools smc_xfer ip python3
smc_lib_ueid_setup || smc_lib_skip_all "cannot configure a UEID"

if "$tools/smcd" -j device | python3 -c 'import json, sys; sys.exit(not any(d["type"] == "loopback" for d in json.load(sys.stdin)["devices"]))'; then
	smc_lib_result_pass "smcd device lists loopback-ism"
	smc_lib_check_output "smcd device: loopback, in use" "^- +loopback +- +- +(Yes|No) +[0-9]+ " "$tools/smcd" device
else
	"$tools/smcd" device | sed 's/^/    /'
	smc_lib_result_skip_feature "smcd device lists loopback-ism" "no smc_next family to list it"
fi
# IBM's smc-tools 1.8 read every device of GET_DEV_SMCD as an ISM device
# with its PCI attributes, and print what their buffer held for those
# missing (a different FID on every run): loopback-ism has none, so that
# dump must leave it out, as 6.12 does. "fid missing" is what the series
# printed when its device dump listed loopback-ism.
smc_lib_check_output "a 6.12-era reader of GET_DEV_SMCD gets every PCI attribute" "^(dev-smcd|no ISM device)" \
	bash -c "out=\$('$SMC_LIB_NLCTL' dev-smcd) || exit 1; echo \"\${out:-no ISM device}\"; ! grep -q missing <<< \"\$out\""

[ -f /proc/sys/net/smc/smcd_loopback ] || {
	smc_lib_result_skip_feature "net.smc.smcd_loopback" "no such sysctl"
	smc_lib_exit
}

ns_off=smc-lo-off
ns_on=smc-lo-on
cleanup()
{
	for ns in $ns_off $ns_on; do
		ip netns pids $ns 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del $ns 2>/dev/null
	done
}
trap cleanup EXIT
ip netns add $ns_off && ip netns add $ns_on || smc_lib_skip_all "cannot create namespaces"
ip link add smclo0 netns $ns_off type veth peer name smclo1 netns $ns_on
ip -n $ns_off addr add 10.10.0.1/24 dev smclo0
ip -n $ns_on addr add 10.10.0.2/24 dev smclo1
for ns in $ns_off $ns_on; do
	ip -n $ns link set lo up
done
ip -n $ns_off link set smclo0 up
ip -n $ns_on link set smclo1 up
ip netns exec $ns_off sysctl -qw net.smc.smcd_loopback=0

smc_lib_check_output "default is 1 in a new namespace" "^1$" \
	ip netns exec $ns_on cat /proc/sys/net/smc/smcd_loopback
smc_lib_check_output "set to 0 in one namespace" "^0$" \
	ip netns exec $ns_off cat /proc/sys/net/smc/smcd_loopback
smc_lib_check_output "the initial namespace keeps 1" "^1$" cat /proc/sys/net/smc/smcd_loopback
smc_lib_check "2 is refused" bash -c "! ip netns exec $ns_off sysctl -qw net.smc.smcd_loopback=2 2>/dev/null"
smc_lib_check_output "and changes nothing" "^0$" ip netns exec $ns_off cat /proc/sys/net/smc/smcd_loopback

# xfer NAME SERVER_NS CLIENT_NS ADDR PORT MODE: a verified 256 KB transfer
# whose two ends report MODE.
xfer()
{
	local name=$1 sns=$2 cns=$3 addr=$4 port=$5 mode=$6 spid

	ip netns exec "$sns" "$SMC_LIB_XFER" server -p "$port" -w 30 -m "$mode" >/dev/null 2>&1 &
	spid=$!
	for i in $(seq 50); do
		ip netns exec "$sns" ss -Htln "sport = :$port" | grep -q . && break
		sleep 0.1
	done
	smc_lib_check "$name: client sees $mode" \
		ip netns exec "$cns" "$SMC_LIB_XFER" client "$addr" -p "$port" -b 256K -m "$mode"
	smc_lib_check "$name: server sees $mode" wait $spid
}

xfer "off, within the namespace" $ns_off $ns_off 127.0.0.1 11701 TCP
xfer "on, within the namespace" $ns_on $ns_on 127.0.0.1 11702 SMCD
xfer "on client, off server" $ns_off $ns_on 10.10.0.1 11703 TCP
xfer "off client, on server" $ns_on $ns_off 10.10.0.2 11704 TCP
ip netns exec $ns_off sysctl -qw net.smc.smcd_loopback=1
xfer "both on again, across namespaces" $ns_off $ns_on 10.10.0.1 11705 SMCD
smc_lib_exit
