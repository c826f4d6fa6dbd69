#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside a lab guest: prepares the host's part of the lab topology,
# then runs the given command.
# usage: lab-guest.sh single|client|server COMMAND [ARG...]
#   single   one host: SMC-D over loopback-ism only
#   client   two-host lab, 10.9.0.1 on eth0 with soft-RoCE rxe0
#   server   two-host lab, 10.9.0.2 on eth0 with soft-RoCE rxe0
# Environment: SMC_LAB_DELAY_MS adds a netem delay on eth0 (one way).
set -u
role=$1
shift

ueid=${SMC_LIB_UEID:-SMCNEXT-LAB-UEID}
nlctl=$SMC_NEXT_TOP/selftests/smc_nlctl

fail()
{
	echo "lab-guest: $*" >&2
	exit 1
}

case $role in
single) ;;
client|server)
	if [ "$role" = client ]; then me=1 peer=2; else me=2 peer=1; fi
	ip link set eth0 up || fail "no eth0 in the guest"
	ip addr add 10.9.0.$me/24 dev eth0 || fail "cannot address eth0"
	if [ -n "${SMC_LAB_DELAY_MS:-}" ] && [ "${SMC_LAB_DELAY_MS}" != 0 ]; then
		tc qdisc add dev eth0 root netem delay "${SMC_LAB_DELAY_MS}ms" limit 100000 ||
			fail "cannot add a netem delay"
	fi
	rdma link add rxe0 type rxe netdev eth0 || fail "cannot create the soft-RoCE device rxe0"
	export SMC_LIB_ROLE=$role SMC_LIB_PEER=10.9.0.$peer
	# The peer may still be booting: wait until it answers ARP.
	for _ in $(seq 100); do
		ping -c1 -W1 "$SMC_LIB_PEER" >/dev/null 2>&1 && break
	done
	;;
*) fail "unknown role $role" ;;
esac

if [ -x "$nlctl" ]; then
	"$nlctl" ueid add "$ueid" >/dev/null 2>&1
fi
export SMC_LIB_UEID=$ueid
echo "lab-guest: $(uname -r) as $role${SMC_LIB_PEER:+, peer $SMC_LIB_PEER}"
# The lab asserts which kernel each guest runs: interop results mean
# nothing if the "pristine" side is not.
if [ -n "${SMC_LAB_EXPECT_KERNEL:-}" ]; then
	tap=${SMC_NEXT_OUT:+$SMC_NEXT_OUT/results.tap}
	case $(uname -r) in
	*"$SMC_LAB_EXPECT_KERNEL")
		[ -n "$tap" ] && echo "ok 0 - lab: $role runs the $SMC_LAB_EXPECT_KERNEL kernel" >> "$tap" ;;
	*)
		[ -n "$tap" ] && echo "not ok 0 - lab: $role runs the $SMC_LAB_EXPECT_KERNEL kernel (it runs $(uname -r))" >> "$tap"
		fail "expected a *$SMC_LAB_EXPECT_KERNEL kernel, running $(uname -r)" ;;
	esac
fi
"$@"
