#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The smc_next generic netlink family over SMC-D loopback-ism:
# - FEATURES_GET: what the kernel supports, and net.smc.features (0 by
#   default, opt-in) masked by it;
# - LGR_GET: the SMC-D link groups count the bytes a connection sent;
# - net.smc.smcd_loopback=0 keeps a namespace's connections off
#   loopback-ism (they fall back), 1 lets them use it;
# - the events group refuses a listener without CAP_NET_ADMIN.

. "$(dirname "$0")/smc_lib.sh"

smc_lib_check_smc
smc_lib_check_tools smc_xfer smc_nlctl unshare setpriv
nl=$SMC_LIB_NLCTL
"$nl" next features >/dev/null 2>&1 || smc_lib_skip_all "no smc_next family in this kernel"
smc_lib_ueid_setup || smc_lib_skip_all "cannot configure a UEID"
readonly PORT=5191 NS_PORT=5192

# enabled_ok: FEATURES_GET's enabled is the sysctl masked by supported
enabled_ok()
{
	local out sup en sys

	out=$("$nl" next features) || return 1
	read -r _ _ sup _ en <<< "$out"
	sys=$(cat /proc/sys/net/smc/features)
	[ "$en" = "$(printf '0x%x' $((sys & sup)))" ] || { echo "$out, sysctl $sys"; return 1; }
}

smc_lib_check_output "a new namespace offers no feature (net.smc.features 0)" "^0$" \
	unshare -n cat /proc/sys/net/smc/features
smc_lib_check "features-get: enabled is net.smc.features masked" enabled_ok
smc_lib_features_on
smc_lib_check_output "features-get: all on, enabled is supported" \
	"^features supported (0x[0-9a-f]+) enabled \1$" "$nl" next features
smc_lib_features_restore
smc_lib_check "features-get: back to the sysctl's value" enabled_ok

# data_tx_sum: the bytes the SMC-D link groups' LGR_GET reports sent
data_tx_sum()
{
	"$nl" next lgr | awk '$3 == "smcd" { s += $5 } END { printf "%.0f\n", s }'
}

before=$(data_tx_sum)
"$SMC_LIB_XFER" server -p $PORT -w 30 -m SMCD >/dev/null 2>&1 &
smc_lib_wait_listen $PORT
smc_lib_check "1 MB over loopback-ism" "$SMC_LIB_XFER" client 127.0.0.1 -p $PORT -b 1M -m SMCD
wait
after=$(data_tx_sum)
smc_lib_check "lgr-get: the SMC-D groups counted the 1 MB ($before -> $after bytes)" \
	test $((after - before)) -ge $((1 << 20))

# ns_xfer LOOPBACK MODE: a connection in a new namespace whose
# net.smc.smcd_loopback is LOOPBACK, expected to use MODE
ns_xfer()
{
	unshare -n bash -c "ip link set lo up && sysctl -qw net.smc.smcd_loopback=$1 &&
		{ '$SMC_LIB_XFER' server -p $NS_PORT -n 1 -w 30 >/dev/null 2>&1 &
		  for _ in \$(seq 300); do
			ss -Htln 'sport = :$NS_PORT' | grep -q . && break; sleep 0.1
		  done
		  '$SMC_LIB_XFER' client 127.0.0.1 -p $NS_PORT -b 64K -m $2; }"
}
if [ -f /proc/sys/net/smc/smcd_loopback ]; then
	smc_lib_check "smcd_loopback=0: the namespace's connection falls back" ns_xfer 0 TCP
	smc_lib_check "smcd_loopback=1: the namespace's connection uses SMC-D" ns_xfer 1 SMCD
else
	smc_lib_result_skip_feature "smcd_loopback" "no net.smc.smcd_loopback in this kernel"
fi

smc_lib_check_output "events group: CAP_NET_ADMIN joins" "^events joined$" "$nl" next events
smc_lib_check_exit "events group: refused without CAP_NET_ADMIN" 1 "Operation not permitted" \
	setpriv --reuid=65534 --regid=65534 --clear-groups "$nl" next events
smc_lib_exit
