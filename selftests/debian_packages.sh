#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# smc-next's Debian packages on Debian's own kernel, installed and removed
# as a user would:
# - dpkg -i of libsmcnl0, libsmcnl-dev and smc-next-tools
#   (scripts/tools-deb.sh), then of smc-next-dkms (scripts/dkms-build.sh),
#   whose postinst has DKMS build smc.ko and smc_diag.ko for the running
#   kernel in the guest; dpkg records each package as installed, every
#   file is in place (dpkg --verify), dkms status says installed;
# - modprobe then takes the DKMS modules from updates/dkms over the
#   stock ones: their version is the package's and they are smc-next's
#   (net.smc.features exists);
# - the installed tools run from /usr/bin, linked to the installed
#   libsmcnl: smcd and smcr -v name the package's version, smc_pnet adds,
#   shows and deletes an entry, smcd info reads the kernel; smc_run runs
#   iperf3 over SMC-D (loopback-ism), counted as SMC-D handshakes at both
#   ends by smcd stats; a program built with pkg-config against
#   libsmcnl-dev runs;
# - dpkg -r smc-next-dkms removes the modules (dkms status empty,
#   updates/dkms empty) and modprobe loads Debian's own smc.ko again;
#   dpkg -P of the others leaves none of their files behind.
#
# The installs are private to the script (smc_deb_lib.sh): the host and
# the other tests never see them. Where the linux-headers package would
# have put /lib/modules/VERSION/build (the lab's module tree comes from
# linux-image alone), the script adds that link.
# SMC_LIB_TOOLS_DEB, SMC_LIB_DKMS_DEB: the directories of the .deb files.

. "$(dirname "$0")/smc_lib.sh"
. "$(dirname "$0")/smc_deb_lib.sh"

cache=${SMC_NEXT_CACHE:-$HOME/.cache/smc-next}
toolsdir=${SMC_LIB_TOOLS_DEB:-$cache/tools-deb/out}
dkmsdir=${SMC_LIB_DKMS_DEB:-$cache/dkms-deb/out}
libdeb=$(ls "$toolsdir"/libsmcnl0_*.deb 2>/dev/null | head -n 1)
devdeb=$(ls "$toolsdir"/libsmcnl-dev_*.deb 2>/dev/null | head -n 1)
toolsdeb=$(ls "$toolsdir"/smc-next-tools_*.deb 2>/dev/null | head -n 1)
dkmsdeb=$(ls "$dkmsdir"/smc-next-dkms_*_all.deb 2>/dev/null | tail -n 1)
[ -n "$libdeb" ] && [ -n "$devdeb" ] && [ -n "$toolsdeb" ] ||
	smc_lib_skip_all "no smc-next-tools, libsmcnl0, libsmcnl-dev .deb in $toolsdir (scripts/tools-deb.sh)"
[ -n "$dkmsdeb" ] || smc_lib_skip_all "no smc-next-dkms .deb in $dkmsdir (scripts/dkms-build.sh)"
kver=$(uname -r)
case $kver in
*+deb*) ;;
*) smc_lib_skip_all "not Debian's kernel ($kver): smc-next-dkms builds for Debian's only" ;;
esac
smc_lib_check_smc
smc_lib_check_tools dpkg dpkg-deb dpkg-query unshare dkms modinfo modprobe iperf3 python3 cc pkg-config ldd ip
headers=/usr/src/linux-headers-$kver
[ -d "$headers" ] || smc_lib_skip_all "linux-headers-$kver is not installed on the host"

toolsver=$(dpkg-deb -f "$toolsdeb" Version)
dkmsver=$(dpkg-deb -f "$dkmsdeb" Version)
re()	# STRING: STRING as an extended regular expression that matches it
{
	sed 's/[][\\.*^$+?(){}|]/\\&/g' <<< "$1"
}

smc_deb_enter_ns "$@"
pid=
cleanup()
{
	[ -z "$pid" ] || kill "$pid" 2>/dev/null
	ip link del smcdeb0 2>/dev/null
	smc_deb_cleanup
}
trap cleanup EXIT
if ! smc_deb_prepare; then
	smc_lib_result_fail "the host's root bound to a work directory"
	smc_lib_exit
fi
# (not in a check's subshell: the mounts are recorded for the cleanup)
if smc_deb_writable_for "$libdeb" "$devdeb" "$toolsdeb" "$dkmsdeb" -- \
	/var/lib/dkms "/lib/modules/$kver"; then
	smc_lib_result_pass "the packages' directories, DKMS's and dpkg's database writable"
else
	smc_lib_result_fail "the packages' directories, DKMS's and dpkg's database writable"
	smc_lib_exit
fi
[ -e "/lib/modules/$kver/build" ] || ln -s "$headers" "/lib/modules/$kver/build"
tmp=$smc_deb_work/test
mkdir -p "$tmp"

smc_lib_check_output "before: modprobe finds Debian's own smc.ko" "^/lib/modules/$(re "$kver")/kernel/net/smc/smc\.ko" \
	modinfo -n smc

export DEBIAN_FRONTEND=noninteractive
smc_lib_check "dpkg -i libsmcnl0 libsmcnl-dev smc-next-tools" dpkg -i "$libdeb" "$devdeb" "$toolsdeb"
smc_lib_check "dpkg -i smc-next-dkms: DKMS builds and installs for $kver" dpkg -i "$dkmsdeb"
for p in libsmcnl0 libsmcnl-dev smc-next-tools smc-next-dkms; do
	v=$toolsver
	[ $p = smc-next-dkms ] && v=$dkmsver
	smc_lib_check_output "dpkg-query: $p $v installed" "^$(re "$v") install ok installed$" \
		dpkg-query -W -f '${Version} ${Status}\n' $p
	smc_lib_check_output "dpkg --verify $p: every file is the package's" "^$" dpkg --verify $p
done
smc_lib_check_output "dkms status: smc-next $dkmsver installed for $kver" \
	"^smc-next/$(re "$dkmsver"), $(re "$kver"), [^:]*: installed" dkms status smc-next
for m in smc smc_diag; do
	smc_lib_check_output "modprobe now finds $m.ko in updates/dkms" \
		"^/lib/modules/$(re "$kver")/updates/dkms/$m\.ko" modinfo -n $m
done

# the stock modules out, the DKMS ones in
modprobe -r smc_diag smc
smc_lib_check "modprobe smc smc_diag: the DKMS modules load" modprobe -a smc smc_diag
for m in smc smc_diag; do
	smc_lib_check_output "the loaded $m is version $dkmsver" "^$(re "$dkmsver")$" cat /sys/module/$m/version
done
smc_lib_check "the loaded smc is smc-next's (net.smc.features)" test -e /proc/sys/net/smc/features

# the tools from their installed paths, with the installed library
smc_lib_check_output "/usr/bin/smcr uses the installed libsmcnl.so.0" \
	"libsmcnl\.so\.0 => (/usr)?/lib/x86_64-linux-gnu/libsmcnl\.so\.0 " ldd /usr/bin/smcr
for t in smcd smcr; do
	smc_lib_check_output "/usr/bin/$t -v: smc-next $toolsver" "^$t utility, smc-next $(re "$toolsver") " \
		/usr/bin/$t -v
done
smc_lib_check_output "/usr/bin/smcd info reads the kernel" "^SMC-D Features:" /usr/bin/smcd info
if ip link add smcdeb0 type dummy 2>/dev/null; then
	smc_lib_check "/usr/bin/smc_pnet -a DEBPNET -I smcdeb0" /usr/bin/smc_pnet -a DEBPNET -I smcdeb0
	smc_lib_check_output "/usr/bin/smc_pnet -s shows it" "^DEBPNET smcdeb0 - -$" /usr/bin/smc_pnet -s
	smc_lib_check "/usr/bin/smc_pnet -d DEBPNET" /usr/bin/smc_pnet -d DEBPNET
	ip link del smcdeb0
else
	smc_lib_result_skip "/usr/bin/smc_pnet" "no dummy interface"
fi

# smcd_handshakes: SMC-D handshakes of this namespace, as client and server
smcd_handshakes()
{
	/usr/bin/smcd stats json | python3 -c '
import json, sys
d = json.load(sys.stdin)["SMCD"]
print(d["SMC_CLNT_V1_SUCC_CNT"] + d["SMC_CLNT_V2_SUCC_CNT"] +
      d["SMC_SRV_V1_SUCC_CNT"] + d["SMC_SRV_V2_SUCC_CNT"])' 2>/dev/null
}
smc_lib_ueid_setup >/dev/null || smc_lib_result_fail "a UEID for SMC-D v2"
before=$(smcd_handshakes)
/usr/bin/smc_run iperf3 -s -p 5631 -1 >/dev/null 2>&1 &
pid=$!
smc_lib_wait_listen 5631
smc_lib_check "/usr/bin/smc_run iperf3: a transfer" /usr/bin/smc_run iperf3 -c 127.0.0.1 -p 5631 -t 2
wait "$pid"
pid=
after=$(smcd_handshakes)
# iperf3's two connections (control, data), each counted at both ends
smc_lib_check "smcd stats: iperf3's two connections SMC-D at both ends ($before -> $after handshakes)" \
	test "${after:-0}" -ge $((${before:-0} + 4))
smc_lib_ueid_restore

smc_lib_check "libsmcnl-dev: a program builds with pkg-config libsmcnl" \
	bash -c "cc -std=c11 -Wall -Werror -o '$tmp/smcnl-info' '$SMC_LIB_DIR/../netlink/examples/smcnl-info.c' \$(pkg-config --cflags --libs libsmcnl)"
smc_lib_check_output "... and runs with the installed library" "." "$tmp/smcnl-info"

# removal
modprobe -r smc_diag smc
smc_lib_check "dpkg -r smc-next-dkms" dpkg -r smc-next-dkms
smc_lib_check_output "dkms status: no smc-next" "^$" dkms status smc-next
smc_lib_check "updates/dkms holds no SMC module" \
	bash -c "! compgen -G '/lib/modules/$kver/updates/dkms/smc*.ko*'"
smc_lib_check_output "modprobe finds Debian's own smc.ko again" "^/lib/modules/$(re "$kver")/kernel/net/smc/smc\.ko" \
	modinfo -n smc
smc_lib_check "modprobe smc smc_diag: Debian's modules load" modprobe -a smc smc_diag
smc_lib_check "the loaded smc is Debian's (no net.smc.features)" test ! -e /proc/sys/net/smc/features
smc_lib_check "dpkg -P smc-next-tools libsmcnl-dev libsmcnl0 smc-next-dkms" \
	dpkg -P smc-next-tools libsmcnl-dev libsmcnl0 smc-next-dkms
left=$(for deb in "$libdeb" "$devdeb" "$toolsdeb" "$dkmsdeb"; do
	dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { sub(/^\./, "", $6); print $6 }'
done | while read -r f; do [ -e "$f" ] || [ -L "$f" ] && echo "$f"; done)
smc_lib_check_output "none of their files is left" "^$" echo "$left"
smc_lib_check "no DKMS state or source left" \
	bash -c "! compgen -G '/var/lib/dkms/smc-next*' && ! compgen -G '/usr/src/smc-next-*'"
known()	# the packages dpkg still has any record of
{
	dpkg-query -W -f '${db:Status-Abbrev} ${Package}\n' smc-next-tools libsmcnl-dev \
		libsmcnl0 smc-next-dkms 2>/dev/null | grep -v '^un ' || true
}
smc_lib_check_output "dpkg knows none of them" "^$" known
smc_lib_exit
