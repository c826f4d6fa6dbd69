#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The Debian package of the patched iproute2 (scripts/iproute2-deb.sh)
# installs and works: dpkg -i of its iproute2_*.deb succeeds, dpkg records
# version 6.1.0-3+smcnext1 as installed and configured, every file it
# shipped is in place (dpkg --verify), the installed /bin/ip is not the
# stock one and runs "ip smc info" against the live kernel, the installed
# /bin/ss lists an SMC listener with ss --smc -a, and ip-smc(8) is
# installed, owned by the package and found by man -w.
#
# The install is private to the script (smc_deb_lib.sh): the host and the
# other tests never see it.
# SMC_LIB_IPROUTE2_DEB: the directory of the .deb files; _VERSION: the
# version to expect.

. "$(dirname "$0")/smc_lib.sh"
. "$(dirname "$0")/smc_deb_lib.sh"

debdir=${SMC_LIB_IPROUTE2_DEB:-${SMC_NEXT_CACHE:-$HOME/.cache/smc-next}/iproute2-deb/out}
want=${SMC_LIB_IPROUTE2_DEB_VERSION:-6.1.0-3+smcnext1}
deb=$(ls "$debdir"/iproute2_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || smc_lib_skip_all "no built iproute2 .deb in $debdir (scripts/iproute2-deb.sh)"
smc_lib_check_smc
smc_lib_check_tools smc_xfer dpkg dpkg-deb dpkg-query unshare man

smc_deb_enter_ns "$@"
pid=
cleanup()
{
	[ -z "$pid" ] || kill "$pid" 2>/dev/null
	smc_deb_cleanup
}
trap cleanup EXIT
if ! smc_deb_prepare; then
	smc_lib_result_fail "the host's root bound to a work directory"
	smc_lib_exit
fi
# (not in a check's subshell: the mounts are recorded for the cleanup)
if smc_deb_writable_for "$deb"; then
	smc_lib_result_pass "the package's directories and dpkg's database writable"
else
	smc_lib_result_fail "the package's directories and dpkg's database writable"
	smc_lib_exit
fi

export DEBIAN_FRONTEND=noninteractive
smc_lib_check "dpkg -i $(basename "$deb")" dpkg -i "$deb"
smc_lib_check_output "dpkg-query: iproute2 $want installed and configured" \
	"^$(sed 's/[.+]/\\&/g' <<< "$want") install ok installed$" \
	dpkg-query -W -f '${Version} ${Status}\n' iproute2
smc_lib_check_output "dpkg --verify iproute2: every file is the package's" "^$" \
	dpkg --verify iproute2
smc_lib_check "/bin/ip is the package's, not the host's" bash -c "! cmp -s /bin/ip '$smc_deb_lower/usr/bin/ip'"
smc_lib_check_output "/bin/ip smc info against the live kernel" "^smc version [0-9]+\.[0-9]+ " \
	/bin/ip smc info

"$SMC_LIB_XFER" server -p 5621 -w 60 >/dev/null 2>&1 &
pid=$!
smc_lib_wait_listen 5621
smc_lib_check_output "/bin/ss --smc -a: an SMC listener" "^LISTEN .*:5621 " /bin/ss --smc -a -n -H

smc_lib_check_output "ip-smc(8) owned by iproute2" "^iproute2: /usr/share/man/man8/ip-smc\.8\.gz$" \
	dpkg -S /usr/share/man/man8/ip-smc.8.gz
smc_lib_check_output "man -w ip-smc: the installed page" "^/usr/share/man/man8/ip-smc\.8\.gz$" \
	man -w ip-smc
smc_lib_exit
