#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The Debian packages of smc-next's user space, from one source package
# "smc-next": smc-next-tools (smc_pnet, smcr, smcd, smcss, smc_run,
# smc_chk; it provides, replaces and conflicts with smc-tools), libsmcnl0
# (the shared library, soname libsmcnl.so.0) and libsmcnl-dev (header,
# pkg-config file, link). Built with dpkg-buildpackage -us -uc (source
# and binaries) and checked with lintian, which must report no error and
# no warning.
#
# Version 0.<n>: n counts the commits of this repository that changed
# netlink/, smc-tools/, packaging/tools/ or this script, so the same
# commit gives the same version on every machine; the changelog date is
# the newest of those commits, so a rebuild is byte-identical.
#
# The source is git's: the committed netlink/, smc-tools/ and
# packaging/tools/debian/ of HEAD (git archive), never the work tree's
# build products. The results go to
# $SMC_NEXT_CACHE/tools-deb/out/: the .deb files, the source package
# (.dsc, .tar.xz), .changes, .buildinfo, build.log and lintian.txt. The
# build is skipped when its inputs are the ones out/ was built from.
# Prints the paths of the .deb files. Installs the build dependencies and
# lintian with apt-get when they are missing (root only).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

pkgsrc=$SMC_NEXT_TOP/packaging/tools
dir=$SMC_NEXT_CACHE/tools-deb
out=$dir/out
pkg=smc-next
maintainer="smc-next developers <smc-next@users.noreply.h-seed-b324f55e.example>"
inputs=(netlink smc-tools packaging/tools scripts/tools-deb.sh)

top()
{
	git -C "$SMC_NEXT_TOP" "$@"
}

top rev-parse --git-dir >/dev/null 2>&1 ||
	smc_next_die "$SMC_NEXT_TOP is not a git clone: the version counts its commits"
[ "$(top rev-parse --is-shallow-repository)" = false ] ||
	smc_next_log "WARNING: shallow clone: the version's commit count is too small"
if [ -n "$(top status --porcelain -- "${inputs[@]}")" ]; then
	smc_next_log "note: ${inputs[*]} have uncommitted changes; the packages hold HEAD's"
fi
n=$(top rev-list --count HEAD -- "${inputs[@]}")
version=0.$n
epoch=$(top log -1 --format=%at -- "${inputs[@]}")
date=$(LC_ALL=C date -u -R -d "@$epoch")
head=$(top rev-parse HEAD)
last=$(top log -1 --format=%h --abbrev=12 -- "${inputs[@]}")

stamp=$(
	{
		echo "$version $date"
		for i in "${inputs[@]}"; do top rev-parse "HEAD:$i"; done
	} | sha256sum | cut -d' ' -f1
)
debs()
{
	ls "$out"/*.deb 2>/dev/null
}
if [ "$(cat "$out/stamp" 2>/dev/null)" = "$stamp" ] && [ -n "$(debs)" ]; then
	debs
	exit 0
fi

start=$(date +%s)
build=$dir/build
srcdir=$build/$pkg-$version
log=$dir/build.log
rm -rf "$build" "$out.tmp"
mkdir -p "$srcdir"
: > "$log"
smc_next_log "assembling $pkg $version in $srcdir"
top archive --format=tar "$head" netlink smc-tools | tar -x -C "$srcdir"

# Every file's license must be one debian/copyright names for it; a man
# page that only includes another (.so) carries none.
while IFS= read -r -d '' f; do
	rel=${f#"$srcdir/"}
	id=$(sed -n 's/.*SPDX-License-Identifier: *\(.*[^ */>-]\)[ */>-]*$/\1/p;T;q' "$f")
	case "$rel:$id" in
	netlink/uapi/linux/smc.h:"GPL-2.0 WITH Linux-syscall-note") ;;
	netlink/uapi/linux/smc_diag.h:"GPL-2.0 WITH Linux-syscall-note") ;;
	netlink/uapi/linux/smc_next.h:"((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)") ;;
	netlink/*:LGPL-2.1-or-later) ;;
	smc-tools/*:GPL-2.0) ;;
	smc-tools/man/*.8:)
		[ "$(head -c 4 "$f")" = ".so " ] ||
			smc_next_die "$rel: no SPDX line"
		;;
	*) smc_next_die "$rel: license '${id:-none}' is not in packaging/tools/debian/copyright" ;;
	esac
done < <(find "$srcdir" -type f -print0)

top archive --format=tar "$head" packaging/tools/debian | tar -x -C "$build"
mv "$build/packaging/tools/debian" "$srcdir/debian"
rm -r "$build/packaging"
cat > "$srcdir/debian/changelog" <<EOF
$pkg ($version) bookworm; urgency=medium

  * libsmcnl and the tools of smc-next, commit $last.

 -- $maintainer  $date
EOF
find "$srcdir" -exec touch -h -d "@$epoch" {} +

smc_next_deb_native "$srcdir" "$pkg" "$version" "$out" "$stamp" "$log" "$start"
debs
