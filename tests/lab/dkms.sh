#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# smc-next-dkms on the host, with nothing installed system-wide but
# Debian's packages (dkms and the headers of the package's kernel, with
# apt-get, once):
# - scripts/dkms-build.sh builds the package (dpkg-buildpackage), lintian
#   finds no error and no warning, a second run is skipped by its stamp;
# - DKMS, in a tree of its own (--dkmstree, --sourcetree, --installtree;
#   its signing key in the same place), builds smc.ko and smc_diag.ko from
#   the package's files for the kernel the package names: vermagic is that
#   kernel's, smc.ko has the series' "smc_next" family and loopback-ism
#   (Debian's own has neither), kbuild read the series' uapi headers, not
#   the kernel's, and the modules are signed with DKMS's MOK key;
# - dkms install puts them in updates/dkms, where depmod prefers them to
#   the stock modules (a copy of the kernel's), and dkms remove gives the
#   stock ones back;
# - another 6.12.y, another Linux version, a 6.12.y whose SMC headers
#   differ and a kernel with SMC built in are refused, with the reason.
# Prints how long each step took. KEEP=1 keeps its temporary directory
# (the DKMS trees and logs) for a look after a failure.

. "$(dirname "$0")/../../selftests/smc_lib.sh"
. "$(dirname "$0")/../../scripts/lib.sh"

t0=$(date +%s)
# Run from make check: DKMS's make and kbuild must not see the top
# make's flags (its jobserver, its command line variables).
unset MAKEFLAGS MFLAGS MAKEOVERRIDES MAKELEVEL MAKEFILES
[ "$(id -u)" = 0 ] || smc_lib_skip_all "needs root (apt-get, dkms)"
[ -e "$SMC_NEXT_KTREE/.git" ] || smc_lib_skip_all "no patched kernel tree (make kernel)"
command -v dpkg-buildpackage >/dev/null || smc_lib_skip_all "dpkg-dev not installed"
[ "$(dpkg --print-architecture)" = amd64 ] || smc_lib_skip_all "Debian's -amd64 kernels only"

tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
times=()
re()	# STRING: STRING as an extended regular expression that matches it
{
	sed 's/[][\\.*^$+?(){}|]/\\&/g' <<< "$1"
}
took()	# NAME START: remembers how long NAME took
{
	times+=("$1 $(( $(date +%s) - $2 )) s")
}

# --- the package
s=$(date +%s)
if deb=$("$SMC_NEXT_TOP/scripts/dkms-build.sh" 2>"$tmp/build.err" | tail -n 1) && [ -f "$deb" ]; then
	took "package" "$s"
	smc_lib_result_pass "scripts/dkms-build.sh builds $(basename "$deb")"
else
	sed 's/^/    /' "$tmp/build.err"
	smc_lib_result_fail "scripts/dkms-build.sh builds the package" "see its output above"
	smc_lib_exit
fi
out=$(dirname "$deb")
s=$(date +%s)
smc_lib_check "scripts/dkms-build.sh again: skipped by its stamp" \
	bash -c '[ "$("$1" 2>/dev/null | tail -n 1)" = "$2" ] && [ $(( $(date +%s) - $3 )) -lt 15 ]' \
	_ "$SMC_NEXT_TOP/scripts/dkms-build.sh" "$deb" "$s"

s=$(date +%s)
lintian --fail-on error,warning "$out"/*.changes > "$tmp/lintian.txt" 2>&1
rc=$?
took "lintian" "$s"
if [ $rc = 0 ] && ! grep -q '^[EW]: ' "$tmp/lintian.txt"; then
	smc_lib_result_pass "lintian: no error, no warning (source and binary)"
else
	sed 's/^/    /' "$tmp/lintian.txt"
	smc_lib_result_fail "lintian: no error, no warning (source and binary)" "exit $rc"
fi

version=$(dpkg-deb -f "$deb" Version)
src=/usr/src/smc-next-$version
dpkg-deb -x "$deb" "$tmp/root"
pkgsrc=$tmp/root$src
contents()
{
	local f
	[ "$(dpkg-deb -f "$deb" Architecture)" = all ] || { echo "not Architecture: all"; return 1; }
	dpkg-deb -f "$deb" Depends | grep -q '\bdkms\b' || { echo "no Depends: dkms"; return 1; }
	for f in dkms.conf Makefile net/smc/Kbuild net/smc/Makefile net/smc/af_smc.c \
		net/smc/smc_loopback.c net/smc/smc_next_nl_gen.c smc-next-kernel-check \
		smc-next-kernel.conf smc-next-headers.sha256 include/uapi/linux/smc.h \
		include/uapi/linux/smc_diag.h include/uapi/linux/smc_next.h; do
		[ -f "$pkgsrc/$f" ] || { echo "no $src/$f"; return 1; }
	done
	[ -x "$pkgsrc/smc-next-kernel-check" ] || { echo "smc-next-kernel-check not executable"; return 1; }
	grep -qx "PACKAGE_VERSION=\"$version\"" "$pkgsrc/dkms.conf" || { echo "dkms.conf: no PACKAGE_VERSION=\"$version\""; return 1; }
	zgrep -q mokutil "$tmp/root/usr/share/doc/smc-next-dkms/README.Debian.gz" ||
		{ echo "README.Debian says nothing of mokutil"; return 1; }
}
smc_lib_check "package: arch all, Depends dkms, sources in $src, README.Debian" contents

(. "$pkgsrc/smc-next-kernel.conf" && echo "$SMC_NEXT_BASE_UPSTREAM $SMC_NEXT_BASE_DEBIAN") > "$tmp/base"
read -r base base_debian < "$tmp/base"
[ -n "$base" ] || smc_lib_skip_all "$src/smc-next-kernel.conf names no kernel"
check=$pkgsrc/smc-next-kernel-check

# --- Debian's dkms and the headers of the package's kernel, once
hdrpkg=$(apt-cache pkgnames "linux-headers-$base+" 2>/dev/null |
	grep -E "^linux-headers-${base//./\\.}\+deb[0-9]+-amd64\$" | sort | tail -n 1)
[ -n "$hdrpkg" ] || hdrpkg=$(dpkg-query -W -f '${Package}\n' "linux-headers-$base+*-amd64" 2>/dev/null |
	grep -E -- '-amd64$' | grep -v -e -rt- -e -cloud- | tail -n 1)
[ -n "$hdrpkg" ] || smc_lib_skip_all "no linux-headers-$base+debNN-amd64 in apt's lists"
kver=${hdrpkg#linux-headers-}
newest=$(apt-cache pkgnames linux-headers-6.12. 2>/dev/null |
	grep -E '^linux-headers-6\.12\.[0-9]+\+deb[0-9]+-amd64$' | sort -V | tail -n 1)
missing=()
dpkg-query -W -f '${Status}\n' "$hdrpkg" 2>/dev/null | grep -qx 'install ok installed' || missing+=("$hdrpkg")
command -v dkms >/dev/null || missing+=(dkms)
if [ ${#missing[@]} -gt 0 ]; then
	s=$(date +%s)
	echo "# apt-get install ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		"${missing[@]}" > "$tmp/apt.log" 2>&1 ||
		{ tail -n 20 "$tmp/apt.log"; smc_lib_skip_all "apt-get install ${missing[*]} failed"; }
	took "apt-get install ${missing[*]}" "$s"
fi
kdir=/usr/src/linux-headers-$kver
[ -f "$kdir/.config" ] || smc_lib_skip_all "no headers in $kdir"
echo "# the package's kernel: $kver ($base_debian); the newest 6.12 headers in apt: ${newest#linux-headers-}"

# --- DKMS in a tree of its own; its MOK key too (never /var/lib/dkms)
export mok_signing_key=$tmp/mok.key mok_certificate=$tmp/mok.pub
sys=$tmp/sys
D=(--dkmstree "$tmp/dkms" --sourcetree "$tmp/root/usr/src" --installtree "$sys/lib/modules")
mkdir -p "$tmp/dkms" "$sys/lib/modules/$kver/kernel/net/smc"
dkms add -m smc-next -v "$version" "${D[@]}" > "$tmp/add.log" 2>&1
smc_lib_check_output "dkms add: POST_ADD names $kver accepted" \
	"kernel $(re "$kver") accepted" cat "$tmp/add.log"

s=$(date +%s)
if dkms build -m smc-next -v "$version" -k "$kver" --kernelsourcedir "$kdir" "${D[@]}" \
	> "$tmp/dkms-build.log" 2>&1; then
	took "dkms build" "$s"
	smc_lib_result_pass "dkms build for $kver"
else
	tail -n 20 "$tmp/dkms-build.log" | sed 's/^/    /'
	find "$tmp/dkms" -name make.log -exec tail -n 30 {} \; | sed 's/^/    /'
	smc_lib_result_fail "dkms build for $kver" "see the output above"
	smc_lib_exit
fi
moddir=$tmp/dkms/smc-next/$version/$kver/$(uname -m)/module
smc=$(ls "$moddir"/smc.ko* 2>/dev/null)
diag=$(ls "$moddir"/smc_diag.ko* 2>/dev/null)
smc_lib_check "smc.ko and smc_diag.ko built" test -f "$smc" -a -f "$diag"
uts=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' "$kdir/include/generated/utsrelease.h")
vermagic()
{
	local m v
	for m in "$smc" "$diag"; do
		v=$(modinfo -F vermagic "$m")
		[ "${v%% *}" = "$kver" ] && [ "$kver" = "$uts" ] ||
			{ echo "$m: vermagic '$v', headers' UTS_RELEASE '$uts'"; return 1; }
	done
}
smc_lib_check "vermagic of both is $kver, the headers' release" vermagic
smc_lib_check_output "smc_diag.ko depends on smc" '^smc$' modinfo -F depends "$diag"
versions()
{
	local m
	for m in "$smc" "$diag"; do
		[ "$(modinfo -F version "$m")" = "$version" ] ||
			{ echo "$m: version '$(modinfo -F version "$m")'"; return 1; }
	done
}
smc_lib_check "version of both is the package's, $version" versions

# decompressed copies for strings and nm
plain()	# MODULE OUT
{
	case $1 in
	*.xz) xz -dc "$1" > "$2" ;;
	*.zst) zstd -qdc "$1" > "$2" ;;
	*.gz) gzip -dc "$1" > "$2" ;;
	*) cp "$1" "$2" ;;
	esac
}
plain "$smc" "$tmp/smc.ko"
stock=$(ls /lib/modules/"$kver"/kernel/net/smc/smc.ko* 2>/dev/null | head -n 1)
[ -z "$stock" ] || plain "$stock" "$tmp/stock.ko"
smc_lib_check "smc.ko has the series' generic netlink family \"smc_next\"" \
	grep -qx smc_next <(strings -a "$tmp/smc.ko")
smc_lib_check "smc.ko has loopback-ism (smc_loopback.c: smc_lo_register_dmb)" \
	grep -qw smc_lo_register_dmb <(nm "$tmp/smc.ko")
if [ -n "$stock" ]; then
	smc_lib_check "Debian's own smc.ko has neither, nor a version" \
		bash -c '! strings -a "$1" | grep -qx smc_next && ! nm "$1" | grep -qw smc_lo_register_dmb &&
			[ -z "$(modinfo -F version "$1")" ]' _ "$tmp/stock.ko"
else
	smc_lib_result_skip "Debian's own smc.ko has neither, nor a version" "linux-image-$kver not installed"
fi
if [ -f "$tmp/mok.pub" ]; then
	smc_lib_check_output "signed with DKMS's MOK key (its Secure Boot path)" \
		'^DKMS module signing key$' modinfo -F signer "$smc"
else
	smc_lib_result_skip "signed with DKMS's MOK key (its Secure Boot path)" "DKMS made no key (openssl?)"
fi

# Which uapi headers kbuild read: preprocess with the package's Kbuild
# and look at the line markers.
cp -a "$pkgsrc" "$tmp/pp"
make -s -C "$kdir" M="$tmp/pp/net/smc" smc_diag.i smc_netlink.i smc_next_nl_gen.i \
	> "$tmp/pp.log" 2>&1
uapi_first()
{
	local h i
	for h in smc_diag.h:smc_diag.i smc.h:smc_netlink.i smc_next.h:smc_next_nl_gen.i; do
		i=$tmp/pp/net/smc/${h#*:}
		[ -f "$i" ] || { cat "$tmp/pp.log"; echo "no ${h#*:}"; return 1; }
		grep -oE "^# [0-9]+ \"[^\"]*/linux/${h%%:*}\"" "$i" | sort -u | grep -q . ||
			{ echo "${h#*:} includes no linux/${h%%:*}"; return 1; }
		if grep -oE "^# [0-9]+ \"[^\"]*/linux/${h%%:*}\"" "$i" | grep -v "\"$tmp/pp/include/uapi/linux/"; then
			echo "${h#*:} read a linux/${h%%:*} other than the package's"
			return 1
		fi
	done
}
smc_lib_check "kbuild reads the series' smc.h, smc_diag.h, smc_next.h, not the kernel's" uapi_first

# --- updates/dkms over the stock modules, and back
if [ -n "$stock" ]; then
	cp /lib/modules/"$kver"/kernel/net/smc/smc*.ko* "$sys/lib/modules/$kver/kernel/net/smc/"
	dkms install -m smc-next -v "$version" -k "$kver" --no-depmod "${D[@]}" > "$tmp/install.log" 2>&1
	smc_lib_check "dkms install: updates/dkms/smc.ko and smc_diag.ko" \
		bash -c 'ls "$1"/smc.ko* && ls "$1"/smc_diag.ko*' _ "$sys/lib/modules/$kver/updates/dkms"
	depmod -b "$sys" "$kver" 2>>"$tmp/depmod.log"
	smc_lib_check_output "depmod: modprobe smc takes updates/dkms/, not kernel/net/smc/" \
		'/updates/dkms/smc\.ko' modinfo -b "$sys" -k "$kver" -n smc
	dkms remove -m smc-next -v "$version" -k "$kver" --no-depmod "${D[@]}" > "$tmp/remove.log" 2>&1
	depmod -b "$sys" "$kver" 2>>"$tmp/depmod.log"
	smc_lib_check_output "dkms remove: modprobe smc takes the stock kernel/net/smc/ again" \
		'/kernel/net/smc/smc\.ko' modinfo -b "$sys" -k "$kver" -n smc
else
	smc_lib_result_skip "dkms install and remove against the stock modules" "linux-image-$kver not installed"
fi

# --- refusals
prev=6.12.$(( ${base##*.} - 1 ))+deb12-amd64
refused_77()	# NAME KERNELRELEASE
{
	local rc=0
	dkms build -m smc-next -v "$version" -k "$2" --kernelsourcedir "$kdir" "${D[@]}" \
		> "$tmp/refused.log" 2>&1 || rc=$?
	if [ $rc = 77 ] && grep -q 'BUILD_EXCLUSIVE directive which does not match this kernel' "$tmp/refused.log"; then
		smc_lib_result_pass "$1"
	else
		sed 's/^/    /' "$tmp/refused.log"
		smc_lib_result_fail "$1" "exit $rc, wanted 77 and DKMS's BUILD_EXCLUSIVE message"
	fi
}
refused_77 "dkms build refuses Linux $prev: exit 77" "$prev"
refused_77 "dkms build refuses Linux 6.13: exit 77" 6.13.1+deb13-amd64
smc_lib_check_exit "smc-next-kernel-check $prev: refused, says why" 1 \
	"refusing kernel $(re "$prev"): its net/smc is the one of Linux $(re "${prev%%+*}");" "$check" "$prev" "$kdir"
smc_lib_check_exit "smc-next-kernel-check 6.13.1: refused, another Linux" 1 \
	'refusing kernel 6.13.1-amd64: it is Linux 6.13;' "$check" 6.13.1-amd64 "$kdir"
smc_lib_check_exit "smc-next-kernel-check $kver: accepted" 0 \
	"kernel $(re "$kver") accepted: Linux $(re "$base"), Debian $(re "$base_debian")" "$check" "$kver" "$kdir"
if [ -n "$newest" ] && [ "$newest" != "$hdrpkg" ]; then
	smc_lib_check_exit "smc-next-kernel-check ${newest#linux-headers-} (apt's newest): refused" 1 \
		"refusing kernel $(re "${newest#linux-headers-}"): its net/smc" "$check" "${newest#linux-headers-}" "$kdir"
else
	smc_lib_result_skip "smc-next-kernel-check of apt's newest 6.12" "it is the package's own ($kver)"
fi

# headers of the right version whose include/net/smc.h differs: DKMS
# gets past BUILD_EXCLUSIVE, the Makefile's check stops the build
common=$(sed -n 's|^include[[:space:]]\{1,\}\(/.*\)/Makefile$|\1|p' "$kdir/Makefile" | head -n 1)
[ -n "$common" ] || common=$kdir
fake=$tmp/fake-headers
mkdir -p "$fake/include/generated"
cp "$kdir/.config" "$fake/"
cp "$kdir/include/generated/package.h" "$fake/include/generated/" 2>/dev/null
for f in include/net/smc.h include/linux/ism.h include/uapi/linux/smc.h include/uapi/linux/smc_diag.h; do
	mkdir -p "$fake/$(dirname "$f")"
	cp "$common/$f" "$fake/$f"
done
echo '/* changed */' >> "$fake/include/net/smc.h"
rc=0
mkdir "$tmp/dkms2"
dkms build -m smc-next -v "$version" -k "$kver" --kernelsourcedir "$fake" \
	--dkmstree "$tmp/dkms2" --sourcetree "$tmp/root/usr/src" > "$tmp/fake.log" 2>&1 || rc=$?
makelog=$tmp/dkms2/smc-next/$version/build/make.log
if [ $rc = 10 ] && grep -q 'include/net/smc.h differs' "$tmp/fake.log" &&
   grep -q 'include/net/smc.h differs' "$makelog"; then
	smc_lib_result_pass "dkms build, $kver with another include/net/smc.h: exit 10, says why"
else
	sed 's/^/    /' "$tmp/fake.log" "$makelog" 2>/dev/null
	smc_lib_result_fail "dkms build, $kver with another include/net/smc.h: exit 10, says why" "exit $rc"
fi
sed -i 's/^CONFIG_SMC=m$/CONFIG_SMC=y/' "$fake/.config"
smc_lib_check_exit "smc-next-kernel-check, SMC built in: refused" 1 \
	'its SMC is not a module \(CONFIG_SMC=y\)' "$check" "$kver" "$fake"

took "all" "$t0"
for t in "${times[@]}"; do echo "# took: $t"; done
smc_lib_exit
