#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The Debian package smc-next-dkms (Architecture: all): net/smc and SMC's
# uapi headers of the patched kernel tree, as the series in patches/ left
# them, with packaging/dkms/ (dkms.conf, the kbuild files, the kernel
# check, debian/), built with dpkg-buildpackage -us -uc (source and
# binary) and checked with lintian, which must report no error and no
# warning. DKMS then builds smc.ko (loopback-ism on) and smc_diag.ko for
# the Debian kernel whose net/smc the package holds, into updates/dkms.
#
# Version 0.<n>+<linux>: n counts the commits of this repository that
# changed patches/, packaging/dkms/ or this script (git rev-list --count),
# so it grows with every change of what the package holds; linux is the
# upstream version of the linux-source-6.12 the patched tree was made
# from (6.12.118), the one kernel the package builds for. No commit id:
# the same commit gives the same version on every machine.
#
# The results go to $SMC_NEXT_CACHE/dkms-deb/out/: the .deb, the source
# package (.dsc, .tar.xz), .changes, .buildinfo, build.log and
# lintian.txt. The build is skipped when its inputs (the series as
# applied, the base kernel, packaging/dkms/, this script, the version and
# changelog date) are the ones out/ was built from. Prints the path of
# the .deb. Reads the patched tree (scripts/kernel-apply.sh's work) and
# never changes it. Installs debhelper, dh-dkms and lintian with apt-get
# when they are missing (root only).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

pkgsrc=$SMC_NEXT_TOP/packaging/dkms
dir=$SMC_NEXT_CACHE/dkms-deb
out=$dir/out
pkg=smc-next-dkms
maintainer="smc-next developers <smc-next@users.noreply.h-seed-b324f55e.example>"
# What the package carries of the kernel tree, besides net/smc/.
uapi="include/uapi/linux/smc.h include/uapi/linux/smc_diag.h include/uapi/linux/smc_next.h"
spec=Documentation/netlink/specs/smc_next.yaml
# The kernel's files that net/smc meets outside net/smc and that the
# series does not carry: the check compares them with the target's.
interface="include/net/smc.h include/linux/ism.h include/uapi/linux/smc.h include/uapi/linux/smc_diag.h"

kt()
{
	git -C "$SMC_NEXT_KTREE" "$@"
}

# The patched tree, with patches/ applied as it is now
[ -e "$SMC_NEXT_KTREE/.git" ] || smc_next_die "no patched tree at $SMC_NEXT_KTREE: run make kernel"
[ "$(kt config --get smc-next.applied-stamp || true)" = "$(smc_next_series_stamp)" ] ||
	smc_next_die "$SMC_NEXT_KTREE does not hold patches/ as it is now: run scripts/kernel-apply.sh (make kernel)"
head=$(kt config --get smc-next.applied-head)
if [ "$(kt rev-parse HEAD)" != "$head" ]; then
	smc_next_log "note: $SMC_NEXT_KTREE has commits after the series; the package holds patches/ ($(kt rev-parse --short "$head"))"
fi
# A patch outside net/smc and SMC's uapi headers cannot be in a module.
outside=$(kt diff --name-only base "$head" -- . ':!net/smc' ':!include/uapi/linux/smc.h' \
	':!include/uapi/linux/smc_diag.h' ':!include/uapi/linux/smc_next.h' \
	':!Documentation' ':!tools' ':!MAINTAINERS')
[ -z "$outside" ] || smc_next_die "the series changes files a DKMS module cannot carry: $(echo "$outside" | tr '\n' ' ')"
[ -z "$(kt ls-tree --name-only "$head" net/smc/Kbuild)" ] ||
	smc_next_die "the series has a net/smc/Kbuild; packaging/dkms/Kbuild would replace it"
! kt grep -q 'MODULE_VERSION(' "$head" -- net/smc ||
	smc_next_die "net/smc sets MODULE_VERSION; packaging/dkms/Kbuild adds the package's"

# The kernel the tree was made from: what kernel-fetch.sh unpacked, which
# is patches/BASE's version unless the archive no longer had it.
debver=$(git -C "$SMC_NEXT_KREPO" config --get smc-next.debian-version) ||
	smc_next_die "$SMC_NEXT_KREPO does not say which linux-source-6.12 it holds: run make kernel"
upstream=${debver%%-*}
case $upstream in
6.12.[0-9]*) ;;
*) smc_next_die "linux-source $debver is not a Linux 6.12.y" ;;
esac
if [ "$debver" != "$(smc_next_base_version)" ]; then
	smc_next_log "note: patches/BASE names $(smc_next_base_version), but the kernel tree was made from $debver: the package is for Linux $upstream"
fi
kernels=$upstream
while read -r b other _; do
	[ "$b" = "$upstream" ] && kernels="$kernels $other"
done < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$pkgsrc/same-net-smc")
regex="^($(echo "$kernels" | sed -e 's/\./\\./g' -e 's/ /|/g'))([^0-9]|\$)"

# Version and changelog date from git, so the same commit gives the same
# package (dpkg takes SOURCE_DATE_EPOCH from the changelog).
inputs=(patches packaging/dkms scripts/dkms-build.sh)
git -C "$SMC_NEXT_TOP" rev-parse --git-dir >/dev/null 2>&1 ||
	smc_next_die "$SMC_NEXT_TOP is not a git clone: the version counts its commits"
[ "$(git -C "$SMC_NEXT_TOP" rev-parse --is-shallow-repository)" = false ] ||
	smc_next_log "WARNING: shallow clone: the version's commit count is too small"
n=$(git -C "$SMC_NEXT_TOP" rev-list --count HEAD -- "${inputs[@]}")
version=0.$n+$upstream
epoch=$(git -C "$SMC_NEXT_TOP" log -1 --format=%at -- "${inputs[@]}")
date=$(LC_ALL=C date -u -R -d "@$epoch")
npatches=$(smc_next_series_patches | grep -c .)

sums=$(for f in $interface; do
	printf '%s  %s\n' "$(kt show "base:$f" | sha256sum | cut -d' ' -f1)" "$f"
done)
stamp=$(
	{
		echo "$version $debver $kernels $date $head"
		kt rev-parse "$head:net/smc" "$head:$spec"
		for f in $uapi; do kt rev-parse "$head:$f"; done
		echo "$sums"
		(cd "$SMC_NEXT_TOP" && find packaging/dkms -type f | LC_ALL=C sort | xargs sha256sum)
		cat "${BASH_SOURCE[0]}"
	} | sha256sum | cut -d' ' -f1
)
deb=$out/${pkg}_${version}_all.deb
if [ "$(cat "$out/stamp" 2>/dev/null)" = "$stamp" ] && [ -f "$deb" ]; then
	echo "$deb"
	exit 0
fi

start=$(date +%s)
build=$dir/build
srcdir=$build/$pkg-$version
log=$dir/build.log
rm -rf "$build" "$out.tmp"
mkdir -p "$srcdir/src/net/smc"
: > "$log"
smc_next_log "assembling $pkg $version in $srcdir"

# src/: what /usr/src/smc-next-<version>/ holds
kt archive --format=tar "$head" net/smc $uapi "$spec" | tar -x -C "$srcdir/src"
cp "$pkgsrc/Kbuild" "$srcdir/src/net/smc/Kbuild"
cp "$pkgsrc/Makefile" "$srcdir/src/Makefile"
install -m 755 "$pkgsrc/smc-next-kernel-check" "$srcdir/src/smc-next-kernel-check"
cat > "$srcdir/src/smc-next-kernel.conf" <<EOF
# SPDX-License-Identifier: GPL-2.0
# The kernel this smc-next-dkms was made from (scripts/dkms-build.sh):
# net/smc of Debian's linux-source-6.12 $debver with the
# smc-next series ($npatches patches) applied. Read by smc-next-kernel-check.
SMC_NEXT_VERSION='$version'
SMC_NEXT_BASE_UPSTREAM='$upstream'
SMC_NEXT_BASE_DEBIAN='$debver'
# the Linux versions it builds for: that one, and any whose net/smc is
# the same (smc-next's packaging/dkms/same-net-smc)
SMC_NEXT_KERNELS='$kernels'
EOF
cat > "$srcdir/src/net/smc/smc_next_dkms_version.h" <<EOF
/* SPDX-License-Identifier: GPL-2.0 */
/* smc-next-dkms $version (scripts/dkms-build.sh): the version of smc.ko
 * and smc_diag.ko, as MODULE_VERSION() would write it; net/smc/Kbuild
 * puts it first in af_smc.c and smc_diag.c.
 */
static const char __smc_next_dkms_version[] __used __section(".modinfo")
	__aligned(1) = "version=$version";
EOF
{
	echo "# SPDX-License-Identifier: GPL-2.0"
	echo "# SHA-256 of the SMC interface files of Linux $upstream ($debver);"
	echo "# a kernel's headers must have the same (smc-next-kernel-check)."
	echo "$sums"
} > "$srcdir/src/smc-next-headers.sha256"

# Every file's license must be one debian/copyright names for it.
while IFS= read -r -d '' f; do
	rel=${f#"$srcdir/src/"}
	id=$(sed -n 's/.*SPDX-License-Identifier: *\(.*[^ */]\)[ */]*$/\1/p;T;q' "$f")
	case "$rel:$id" in
	*:GPL-2.0|*:GPL-2.0-only) ;;
	include/uapi/linux/smc.h:"GPL-2.0 WITH Linux-syscall-note") ;;
	include/uapi/linux/smc_diag.h:"GPL-2.0 WITH Linux-syscall-note") ;;
	include/uapi/linux/smc_next.h:"((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)") ;;
	net/smc/smc_next_nl_gen.[ch]:"((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)") ;;
	"$spec":"((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)") ;;
	*) smc_next_die "$rel: license '${id:-none}' is not in packaging/dkms/debian/copyright" ;;
	esac
done < <(find "$srcdir/src" -type f -print0)

# debian/: packaging/dkms/debian, dkms.conf and the changelog
cp -R "$pkgsrc/debian" "$srcdir/debian"
sed -e "s/@BASE_UPSTREAM@/$upstream/g" -e "s/@BASE_DEBIAN@/$debver/g" \
	-e "s/@KERNELS@/$kernels/g" -e "s/@KERNEL_REGEX@/${regex//\\/\\\\}/g" \
	"$pkgsrc/dkms.conf.in" > "$srcdir/debian/$pkg.dkms"
cat > "$srcdir/debian/changelog" <<EOF
$pkg ($version) bookworm; urgency=medium

  * net/smc and SMC's uapi headers of Debian's linux-source-6.12
    $debver with the smc-next series ($npatches patches), as DKMS source
    for Linux $upstream.

 -- $maintainer  $date
EOF
# The same times in the source tarball on every machine
find "$srcdir" -exec touch -h -d "@$epoch" {} +

# debhelper, dh-dkms and lintian with apt-get when missing; lintian clean
smc_next_deb_native "$srcdir" "$pkg" "$version" "$out" "$stamp" "$log" "$start"
echo "$deb"
