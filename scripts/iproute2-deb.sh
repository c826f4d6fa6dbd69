#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Debian packages of the patched iproute2: Debian bookworm's source
# (iproute2-ext/BASE) with iproute2-ext/series added to its quilt series
# and a changelog entry 6.1.0-3+smcnext1, built with dpkg-buildpackage
# (source and binaries) and checked with lintian, which must report no
# error and no warning. What a Debian host installs with dpkg -i to get
# "ss --smc" and "ip smc" in place of the stock ones, and what the lab's
# selftests/iproute2_deb.sh installs in a guest.
#
# The results go to $SMC_NEXT_CACHE/iproute2-deb/out/: the .deb files, the
# source package (.dsc and tarballs), .changes, .buildinfo, build.log and
# lintian.txt. The build is skipped when its inputs (the series and its
# patches, BASE, this script, the changelog date) are the ones out/ was
# built from. Prints the paths of the .deb files.
#
# It reads the Debian source that scripts/iproute2-fetch.sh downloaded and
# never runs that script where a tree exists: fetch.sh also applies the
# series to $SMC_NEXT_CACHE/iproute2/src (git reset and git am), a tree
# that is worked in. Installs the build dependencies and lintian with
# apt-get when they are missing (root only).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ext=$SMC_NEXT_TOP/iproute2-ext
dl=$SMC_NEXT_CACHE/iproute2/dl
dir=$SMC_NEXT_CACHE/iproute2-deb
out=$dir/out
debversion_suffix=+smcnext1
maintainer="smc-next developers <smc-next@users.noreply.h-seed-b324f55e.example>"

field() { sed -n "s/^$1 //p" "$ext/BASE"; }
read -r pkg version < <(field debian-source)
dsc_sha=$(field debian-dsc-sha256)
dsc=${pkg}_$version.dsc
debversion=$version$debversion_suffix
patches=$(sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$ext/series")
[ -n "$patches" ] || smc_next_die "iproute2-ext/series lists no patch"
for p in $patches; do
	[ -f "$ext/$p" ] || smc_next_die "iproute2-ext/series names $p, which is not there"
done

# the Debian source, as iproute2-fetch.sh left it in dl/
if [ ! -f "$dl/$dsc" ]; then
	[ ! -e "$SMC_NEXT_CACHE/iproute2/src" ] ||
		smc_next_die "no $dl/$dsc: run make iproute2 (scripts/iproute2-fetch.sh) first"
	# no tree yet that fetch.sh could reset: it only downloads and creates one
	"$SMC_NEXT_TOP/scripts/iproute2-fetch.sh"
fi
echo "$dsc_sha  $dl/$dsc" | sha256sum -c --quiet >/dev/null 2>&1 ||
	smc_next_die "$dl/$dsc: SHA-256 is not the one in iproute2-ext/BASE; run make iproute2"

# The changelog date: the last commit of iproute2-ext/, so that the same
# inputs give the same packages (dpkg takes SOURCE_DATE_EPOCH from it).
epoch=$(git -C "$SMC_NEXT_TOP" log -1 --format=%at -- iproute2-ext 2>/dev/null || true)
[ -n "$epoch" ] || epoch=$(stat -c %Y "$ext/series")
date=$(LC_ALL=C date -u -R -d "@$epoch")

stamp=$(
	{
		cat "$ext/series" "$ext/BASE" "${BASH_SOURCE[0]}"
		for p in $patches; do cat "$ext/$p"; done
		echo "$date"
	} | sha256sum | cut -d' ' -f1
)
if [ "$(cat "$out/stamp" 2>/dev/null)" = "$stamp" ] && ls "$out"/*.deb >/dev/null 2>&1; then
	ls "$out"/*.deb
	exit 0
fi

start=$(date +%s)
build=$dir/build
log=$dir/build.log
rm -rf "$build" "$out.tmp"
mkdir -p "$build"
: > "$log"
smc_next_log "unpacking $pkg $version into $build"
# checks the tarballs against the .dsc; copies the orig tarball beside it
dpkg-source -x "$dl/$dsc" "$build/src" >>"$log" 2>&1 ||
	smc_next_die "dpkg-source -x $dl/$dsc failed (see $log)"
cd "$build/src"

# iproute2-ext/ after Debian's own patches; dpkg-buildpackage applies them
for p in $patches; do
	cp "$ext/$p" debian/patches/
	echo "$p" >> debian/patches/series
done

# The changelog entry: ours, so the package is no longer Debian's. Its
# maintainer becomes smc-next too: lintian takes an upload whose
# Changed-By is neither Maintainer nor an Uploader for a non-maintainer
# upload, which wants an NMU version (6.1.0-3.1) and says so. Debian's
# maintainer is kept as a comment (lintian's Debian profile knows no
# Original-Maintainer field).
{
	cat <<EOF
$pkg ($debversion) bookworm; urgency=medium

  * Add SMC (AF_SMC, Shared Memory Communications) to ss (ss --smc) and
    an "ip smc" object (PNET and EID tables, info, link groups, links,
    statistics, monitor), with the ip-smc(8) man page: the patches of
    smc-next's iproute2-ext/, added to debian/patches.

 -- $maintainer  $date

EOF
	cat debian/changelog
} > debian/changelog.new
mv debian/changelog.new debian/changelog
sed -i -e "s/^Maintainer: \(.*\)/# Debian's maintainer: \1\nMaintainer: $maintainer/" \
	-e '/^Uploaders:/d' debian/control

# Debian's own lintian findings, not ours: each override says why.
cat >> debian/source/lintian-overrides <<'EOF'
# Debian's 6.1.0-3 ships debian/upstream/signing-key.asc but its source
# package (.dsc) has no upstream .asc for the orig tarball; stock 6.1.0-3
# built here gives the same warning (smc-next's iproute2-deb.sh).
iproute2 source: orig-tarball-missing-upstream-signature iproute2_6.1.0.orig.tar.xz
EOF

smc_next_deb_deps "$pkg" "$log"

# Debian's rules skip the upstream test suite itself (it needs root and
# a kernel), so no nocheck is needed.
smc_next_log "building $pkg $debversion (dpkg-buildpackage, log $log)"
smc_next_dpkg_build "$log" DEB_BUILD_OPTIONS="parallel=$(nproc)"
changes=${pkg}_${debversion}_$(dpkg-architecture -qDEB_HOST_ARCH).changes
[ -f "$build/$changes" ] || smc_next_die "dpkg-buildpackage made no $changes"

cd "$build"
smc_next_lintian "$changes"

# out/: the packages, the source package and the reports, or nothing
smc_next_deb_publish "$out" "$stamp" "$log" "$changes" "${pkg}_${version%-*}".orig.tar.*
rm -rf "$build"
smc_next_log "$pkg $debversion built in $(( $(date +%s) - start )) s, lintian clean: $out"
ls "$out"/*.deb
