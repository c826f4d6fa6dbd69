#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The Debian packages of smc-next's user space (scripts/tools-deb.sh), on
# the host:
# - the script builds smc-next-tools, libsmcnl0 and libsmcnl-dev; lintian
#   finds no error and no warning; a second run is skipped by its stamp;
# - smc-next-tools provides, replaces and conflicts with smc-tools, holds
#   every tool, its man page and completion in the usual places, and its
#   dependencies (from dpkg-shlibdeps) name libsmcnl0: the tools link the
#   shared library;
# - libsmcnl0 holds libsmcnl.so.0 with soname libsmcnl.so.0 and a symbols
#   file; libsmcnl-dev the header, the .so link and libsmcnl.pc, and
#   depends on libsmcnl0 of its own version;
# - the source package has the committed netlink/ and smc-tools/ and no
#   build product.
# The install and use of the packages is tested in a guest on Debian's
# kernel (selftests/debian_packages.sh, lab phase debian-packages).

. "$(dirname "$0")/../../selftests/smc_lib.sh"
. "$(dirname "$0")/../../scripts/lib.sh"

unset MAKEFLAGS MFLAGS MAKEOVERRIDES MAKELEVEL MAKEFILES
command -v dpkg-buildpackage >/dev/null || smc_lib_skip_all "dpkg-dev not installed"
[ "$(id -u)" = 0 ] || command -v lintian >/dev/null || smc_lib_skip_all "needs root (apt-get) or lintian"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if "$SMC_NEXT_TOP/scripts/tools-deb.sh" > "$tmp/debs" 2> "$tmp/build.err" &&
	[ "$(grep -c '\.deb$' "$tmp/debs")" -ge 3 ]; then
	smc_lib_result_pass "scripts/tools-deb.sh builds the packages"
else
	sed 's/^/    /' "$tmp/build.err" "$tmp/debs"
	smc_lib_result_fail "scripts/tools-deb.sh builds the packages" "see its output above"
	smc_lib_exit
fi
s=$(date +%s)
smc_lib_check "scripts/tools-deb.sh again: skipped by its stamp" \
	bash -c 'cmp -s <("$1" 2>/dev/null) "$2" && [ $(( $(date +%s) - $3 )) -lt 10 ]' \
	_ "$SMC_NEXT_TOP/scripts/tools-deb.sh" "$tmp/debs" "$s"

out=$(dirname "$(head -n 1 "$tmp/debs")")
deb()	# PACKAGE: its .deb
{
	grep "/$1_[^/]*\.deb$" "$tmp/debs"
}
tools=$(deb smc-next-tools)
lib=$(deb libsmcnl0)
dev=$(deb libsmcnl-dev)
version=$(dpkg-deb -f "$tools" Version)

lintian --fail-on error,warning "$out"/*.changes > "$tmp/lintian.txt" 2>&1
rc=$?
if [ $rc = 0 ] && ! grep -q '^[EW]: ' "$tmp/lintian.txt"; then
	smc_lib_result_pass "lintian: no error, no warning (source and binaries)"
else
	sed 's/^/    /' "$tmp/lintian.txt"
	smc_lib_result_fail "lintian: no error, no warning (source and binaries)" "exit $rc"
fi
versions=$(for d in "$tools" "$lib" "$dev"; do dpkg-deb -f "$d" Version; done | sort -u)
smc_lib_check_output "one version 0.<n> for the three" "^0\.[0-9]+$" \
	bash -c '[ "$(wc -l <<< "$1")" = 1 ] && echo "$1"' _ "$versions"

files()	# DEB: the paths it installs, files and links
{
	dpkg-deb -c "$1" | awk '$1 !~ /^d/ { sub(/^\./, "", $6); print $6 }'
}
tools_contents()
{
	local f
	for f in /usr/bin/smc_pnet /usr/bin/smcr /usr/bin/smcd /usr/bin/smcss /usr/bin/smc_run \
		/usr/bin/smc_chk /usr/lib/x86_64-linux-gnu/smc-next/libsmc-preload.so \
		/usr/share/man/man8/smcr.8.gz /usr/share/man/man8/smcd.8.gz \
		/usr/share/man/man8/smc_pnet.8.gz /usr/share/man/man8/smcss.8.gz \
		/usr/share/man/man8/smc_run.8.gz /usr/share/man/man8/smc_chk.8.gz \
		/usr/share/bash-completion/completions/smcr; do
		files "$tools" | grep -qx "$f" || { echo "no $f"; return 1; }
	done
	! files "$tools" | grep -q libsmcnl || { echo "holds libsmcnl"; return 1; }
}
smc_lib_check "smc-next-tools: the tools, preload, man pages, completion" tools_contents
for field in Provides Conflicts Replaces; do
	smc_lib_check_output "smc-next-tools $field: smc-tools" "^smc-tools$" dpkg-deb -f "$tools" $field
done
# the symbols file's oldest version for what smcr uses
minver=$(dpkg-deb -I "$lib" symbols 2>/dev/null | awk '$1 == "smcnl_open@SMCNL_0.1" { print $2 }')
smc_lib_check_output "smc-next-tools depends on libsmcnl0 (>= ${minver:-?}), from the symbols file" \
	"(^|, )libsmcnl0 \(>= ${minver:-none}\)(,|$)" dpkg-deb -f "$tools" Depends
dpkg-deb -x "$tools" "$tmp/tools"
dpkg-deb -x "$lib" "$tmp/lib"
smc_lib_check_output "smcr needs libsmcnl.so.0" "NEEDED +libsmcnl\.so\.0$" \
	objdump -p "$tmp/tools/usr/bin/smcr"
smc_lib_check_output "smc_run looks for the preload in /usr/lib/<triplet>/smc-next" \
	"/usr/lib/x86_64-linux-gnu/smc-next" cat "$tmp/tools/usr/bin/smc_run"
smc_lib_check_output "libsmcnl0: libsmcnl.so.0 -> libsmcnl.so.0.1.0" \
	"/usr/lib/x86_64-linux-gnu/libsmcnl\.so\.0 -> libsmcnl\.so\.0\.1\.0$" dpkg-deb -c "$lib"
smc_lib_check_output "libsmcnl0: soname libsmcnl.so.0" "SONAME +libsmcnl\.so\.0$" \
	objdump -p "$tmp/lib/usr/lib/x86_64-linux-gnu/libsmcnl.so.0.1.0"
smc_lib_check_output "libsmcnl0: a symbols file (smcnl_open in SMCNL_0.1)" "^ smcnl_open@SMCNL_0\.1 0\.[0-9]+$" \
	dpkg-deb -I "$lib" symbols
dev_contents()
{
	local f
	for f in /usr/include/smcnl/smcnl.h /usr/lib/x86_64-linux-gnu/libsmcnl.so \
		/usr/lib/x86_64-linux-gnu/pkgconfig/libsmcnl.pc; do
		files "$dev" | grep -qx "$f" || { echo "no $f"; return 1; }
	done
}
smc_lib_check "libsmcnl-dev: header, .so link, libsmcnl.pc" dev_contents
smc_lib_check_output "libsmcnl-dev depends on libsmcnl0 (= $version)" \
	"(^|, )libsmcnl0 \(= $version\)(,|$)" dpkg-deb -f "$dev" Depends

dsc=$(ls "$out"/smc-next_*.dsc)
dpkg-source -x "$dsc" "$tmp/src" >/dev/null 2>&1
source_ok()
{
	[ -f "$tmp/src/netlink/src/genl.c" ] && [ -f "$tmp/src/smc-tools/smcr.c" ] &&
		[ -x "$tmp/src/debian/rules" ] || { echo "not the tree"; return 1; }
	find "$tmp/src" \( -name '*.o' -o -name '*.a' -o -name '*.so*' \) | grep . && return 1
	return 0
}
smc_lib_check "source package: netlink/, smc-tools/, debian/, no build products" source_ok
smc_lib_exit
