# SPDX-License-Identifier: GPL-2.0
# Common settings for the smc-next lab scripts; sourced, never run.
#
# Everything large (kernel source, build directories, ccache) lives under
# SMC_NEXT_CACHE, outside the clone, so a fresh clone or a CI run rebuilds
# incrementally.

SMC_NEXT_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SMC_NEXT_CACHE=${SMC_NEXT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/smc-next}
# One git repository: its main work tree stays at the pristine Debian
# source (tag "base"); a second work tree holds the series (branch
# smc-next). Each kernel builds into build/ beside its src/, so both builds
# see the source at the same relative path and share ccache hits.
SMC_NEXT_KREPO=$SMC_NEXT_CACHE/pristine/src
SMC_NEXT_KTREE=$SMC_NEXT_CACHE/patched/src
SMC_NEXT_PATCHES=${SMC_NEXT_PATCHES:-$SMC_NEXT_TOP/patches}

export CCACHE_DIR=${CCACHE_DIR:-$SMC_NEXT_CACHE/ccache}
# Paths under the base directory are hashed relative to the build
# directory, and the source prefix map differs only in the tree's name.
export CCACHE_BASEDIR=$SMC_NEXT_CACHE
export CCACHE_NOHASHDIR=1
export CCACHE_IGNOREOPTIONS='-fmacro-prefix-map=*'
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}

smc_next_die()
{
	echo "error: $*" >&2
	exit 1
}

smc_next_log()
{
	echo "==> $*" >&2
}

# smc_next_git_base DIR BRANCH MESSAGE: DIR's files as the first commit of
# a new git repository on BRANCH, tagged "base". A fixed author and date
# make it the same commit on every machine, so the base-commit lines of
# exported patches are stable.
smc_next_git_base()
{
	(
		cd "$1"
		git init -q -b "$2"
		git config gc.auto 0
		git add -A -f .
		GIT_AUTHOR_NAME="smc-next lab" GIT_AUTHOR_EMAIL=smc-next@localhost \
		GIT_COMMITTER_NAME="smc-next lab" GIT_COMMITTER_EMAIL=smc-next@localhost \
		GIT_AUTHOR_DATE=2000-01-01T00:00:00Z GIT_COMMITTER_DATE=2000-01-01T00:00:00Z \
			git commit -q -m "$3"
		git tag base
	)
}

# smc_next_kernel_image KERNEL: the bzImage of a lab kernel named pristine,
# patched, NAME-debug, NAME-trace or NAME (see kernel-build.sh); a KERNEL
# with a slash, or no such kernel, is a path.
smc_next_kernel_image()
{
	case $1 in
	*/*) echo "$1" ;;	# a path, even one ending in -debug
	pristine|patched|*-debug|*-trace) echo "$SMC_NEXT_CACHE/$1/build/arch/x86/boot/bzImage" ;;
	debian|debian-dkms) echo "$SMC_NEXT_CACHE/debian-kernel/$(smc_next_debian_kernel)/vmlinuz" ;;
	*)	# a benchmark's variant tree (kernel-build.sh NAME), else a file
		if [ -f "$SMC_NEXT_CACHE/$1/build/arch/x86/boot/bzImage" ]; then
			echo "$SMC_NEXT_CACHE/$1/build/arch/x86/boot/bzImage"
		else
			echo "$1"
		fi ;;
	esac
}

# Debian's binary kernel the lab boots as "debian" (scripts/debian-kernel.sh):
# the linux-image-VERSION package of bookworm for the 6.12.y the kernel
# tree is (smc-next-dkms builds for that one only), or
# $SMC_NEXT_DEBIAN_KERNEL.
smc_next_debian_kernel()
{
	local mk=$SMC_NEXT_KREPO/Makefile v

	if [ -n "${SMC_NEXT_DEBIAN_KERNEL:-}" ]; then
		echo "$SMC_NEXT_DEBIAN_KERNEL"
		return
	fi
	if [ -f "$mk" ]; then
		v=$(awk '$1 == "VERSION" { a = $3 } $1 == "PATCHLEVEL" { b = $3 }
			 $1 == "SUBLEVEL" { c = $3 } END { print a "." b "." c }' "$mk")
	else
		v=$(smc_next_base_version)
		v=${v%%-*}
	fi
	echo "$v+deb12-amd64"
}

# Debian version of linux-source-6.12 the series is based on.
smc_next_base_version()
{
	sed -n 's/^debian-version: *//p' "$SMC_NEXT_PATCHES/BASE"
}

# The patch file names patches/series lists, in order.
smc_next_series_patches()
{
	[ -f "$SMC_NEXT_PATCHES/series" ] || return 0
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$SMC_NEXT_PATCHES/series"
}

# The identity of the series: the series file plus every patch it lists.
smc_next_series_stamp()
{
	{
		cat "$SMC_NEXT_PATCHES/series" 2>/dev/null
		smc_next_series_patches | while read -r p; do cat "$SMC_NEXT_PATCHES/$p"; done
	} | sha256sum | cut -d' ' -f1
}

# smc_next_warn_not_smc FILE: says so when a benchmark's figures include
# runs whose connections sock_diag did not see as SMC (marked in FILE)
smc_next_warn_not_smc()
{
	if grep -qE 'FALLBACK|NOT SEEN' "$1"; then
		smc_next_log "WARNING: some SMC figures were not SMC (see the sock_diag column)"
	fi
}

# smc_next_with_ratio TSV DIGITS: the figures of bench-guest.sh (transport,
# test, unit, TCP, SMC, verdict) with SMC/TCP inserted after SMC. A figure
# whose SMC connections were not all SMC gets "invalid", never a number.
smc_next_with_ratio()
{
	awk -F'\t' -v OFS='\t' -v digits="$2" '{
		ratio = ($4 + 0 > 0 && $5 != "") ? sprintf("%." digits "f", $5 / $4) : "n/a"
		if ($6 !~ /^SMC[RD] /) ratio = "invalid"
		print $1, $2, $3, $4, $5, ratio, $6
	}' "$1"
}

# smc_next_guest_output LOG: what the guest's command printed, from its
# console log (carriage returns of the serial line removed).
smc_next_guest_output()
{
	tr -d '\r' < "$1" |
		sed -n '/^SMC-NEXT-GUEST-UP/,/^SMC-NEXT-GUEST-DONE/{/^SMC-NEXT-GUEST-/d;p}'
}

# smc_next_rtt_rows RTT_TSV: rows of bench-guest.sh's rtt.tsv ("rtt
# transport kind rtt_ms first_us median_us verdict") reduced to one line
# per measured quantity: where, what, verdict, ms at no added delay (mean),
# the least-squares slope of time over added RTT (in RTTs), and the number
# of points. SMC-R gives two quantities: the first connection of a boot
# (first contact) and the median of the others (joining the link group).
smc_next_rtt_rows()
{
	awk -F'\t' '
	function add(key, x, y) {
		n[key]++; sx[key] += x; sy[key] += y; sxx[key] += x * x; sxy[key] += x * y
		if (x == 0) { zero[key] += y; nzero[key]++ }
		if (!(key in order)) { order[key] = ++nkeys; keys[nkeys] = key }
	}
	{
		name = ($3 == "tcp") ? "TCP" : ($2 ~ /SMC-D/ ? "SMC-D" : "SMC-R")
		where = ($2 ~ /SMC-D/) ? "loopback" : "2 VMs"
		if ($3 == "smc" && name == "SMC-R") {
			add(where "\tSMC-R first contact\t" $7, $4, $5 / 1000)
			add(where "\tSMC-R joining the link group\t" $7, $4, $6 / 1000)
		} else {
			add(where "\t" name " connect + 1 B request/response\t" $7, $4, $6 / 1000)
		}
	}
	END {
		for (i = 1; i <= nkeys; i++) {
			k = keys[i]
			d = n[k] * sxx[k] - sx[k] * sx[k]
			slope = d ? (n[k] * sxy[k] - sx[k] * sy[k]) / d : 0
			printf "%s\t%.2f\t%.2f\t%d\n", k, nzero[k] ? zero[k] / nzero[k] : 0, slope, n[k]
		}
	}' "$1"
}

# smc_next_variant_config SRC OUT VARIANT: OUT/.config, made on first use
# from the lab kernel's config: smc-y as it is, smc-m with SMC and
# SMC_DIAG as modules, no-lo without SMC_LO
smc_next_variant_config()
{
	local src=$1 out=$2

	[ -f "$out/.config" ] && return 0
	mkdir -p "$out"
	cp "$SMC_NEXT_CACHE/patched/build/.config" "$out/.config"
	case $3 in
	smc-m) printf 'CONFIG_MODULES=y\nCONFIG_SMC=m\nCONFIG_SMC_DIAG=m\n' >> "$out/.config" ;;
	no-lo) printf '# CONFIG_SMC_LO is not set\n' >> "$out/.config" ;;
	esac
	make -s -C "$src" O="$out" olddefconfig >/dev/null 2>&1
}

# smc_next_variant_tree NAME REF: a detached work tree of the kernel tree
# at REF in $SMC_NEXT_CACHE/NAME/src, which "scripts/kernel-build.sh NAME"
# builds. An existing one is moved to REF (local changes dropped), so that
# only the files that differ are rebuilt; otherwise it is made afresh.
smc_next_variant_tree()
{
	local src=$SMC_NEXT_CACHE/$1/src

	if [ -e "$src/.git" ] &&
		git -C "$src" checkout -q -f --detach "$2" 2>/dev/null; then
		return 0
	fi
	rm -rf "$src"
	git -C "$SMC_NEXT_KTREE" worktree prune
	git -C "$SMC_NEXT_KTREE" worktree add -q --detach "$src" "$2"
}

# smc_next_interleaved ROUNDS FN NAME1 IMAGE1 NAME2 IMAGE2: "FN NAME IMAGE
# ROUND" for both kernels in each round, the first one first in odd rounds,
# so that a drift of the host's speed does not favour one
smc_next_interleaved()
{
	local rounds=$1 fn=$2 r

	for r in $(seq "$rounds"); do
		smc_next_log "round $r of $rounds"
		if [ $((r % 2)) = 1 ]; then
			"$fn" "$3" "$4" "$r"; "$fn" "$5" "$6" "$r"
		else
			"$fn" "$5" "$6" "$r"; "$fn" "$3" "$4" "$r"
		fi
	done
}

# smc_next_deb_deps PKG LOG: in an unpacked Debian source (the current
# directory), its build dependencies and lintian, with apt-get when
# missing (root only).
smc_next_deb_deps()
{
	local pkg=$1 log=$2

	dpkg-checkbuilddeps >/dev/null 2>&1 && command -v lintian >/dev/null && return 0
	[ "$(id -u)" = 0 ] ||
		smc_next_die "missing build dependencies of $pkg or lintian; as root: apt-get build-dep $PWD; apt-get install lintian"
	smc_next_log "installing the build dependencies of $pkg and lintian"
	smc_next_deb_deps_install()
	{
		DEBIAN_FRONTEND=noninteractive apt-get build-dep -y -q "$PWD" &&
			DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends lintian
	}
	if ! smc_next_deb_deps_install >>"$log" 2>&1; then
		apt-get update -q >>"$log" 2>&1 || smc_next_log "warning: apt-get update failed; trying the lists we have"
		smc_next_deb_deps_install >>"$log" 2>&1 ||
			smc_next_die "cannot install the build dependencies (see $log)"
	fi
}

# smc_next_dpkg_build LOG [VAR=VALUE...]: dpkg-buildpackage -us -uc in the
# current directory, into LOG. Run from make, the environment carries
# make's MAKEFLAGS and whatever a Makefile exported (our KHDR_INCLUDES,
# the lab's kernel headers); Debian's build sees none of it (a PREFIX of /usr/local, say, installs nothing where dh
# looks). VAR=VALUE are set for it.
smc_next_dpkg_build()
{
	local log=$1
	shift

	env -u MAKEFLAGS -u MFLAGS -u MAKEOVERRIDES -u MAKELEVEL -u MAKEFILES \
		-u PREFIX -u DESTDIR -u BINDIR -u SBINDIR -u LIBDIR -u MANDIR -u CONFDIR \
		-u KDIR -u KERNELRELEASE -u DEB_BUILD_OPTIONS -u KHDR_INCLUDES \
		"$@" dpkg-buildpackage -us -uc >>"$log" 2>&1 || {
		tail -n 30 "$log" >&2
		smc_next_die "dpkg-buildpackage failed (see $log)"
	}
}

# smc_next_deb_native SRCDIR PKG VERSION OUT STAMP LOG START: a native
# Debian source (SRCDIR, in a build directory of its own) built, source
# and binaries, with its build dependencies installed when missing,
# checked by lintian and published to OUT; the build directory is removed.
# START: when the build began (epoch seconds), for the log.
smc_next_deb_native()
{
	local srcdir=$1 pkg=$2 version=$3 out=$4 stamp=$5 log=$6 start=$7
	local build changes

	build=$(dirname "$srcdir")
	cd "$srcdir"
	smc_next_deb_deps "$pkg" "$log"
	smc_next_log "building $pkg $version (dpkg-buildpackage, log $log)"
	smc_next_dpkg_build "$log"
	changes=${pkg}_${version}_$(dpkg-architecture -qDEB_HOST_ARCH).changes
	[ -f "$build/$changes" ] || smc_next_die "dpkg-buildpackage made no $changes"
	cd "$build"
	smc_next_lintian "$changes" -I
	# out/: the packages, the source package and the reports, or nothing
	smc_next_deb_publish "$out" "$stamp" "$log" "$changes"
	cd /
	rm -rf "$build"
	smc_next_log "$pkg $version built in $(( $(date +%s) - start )) s, lintian clean: $out"
}

# smc_next_lintian CHANGES [LINTIAN-OPTION...]: lintian on a build's
# .changes (current directory), its report in lintian.txt; dies on any
# error or warning.
smc_next_lintian()
{
	local changes=$1 rc=0
	shift

	smc_next_log "lintian $changes"
	lintian "$@" --fail-on error,warning "$changes" >lintian.txt 2>lintian.err || rc=$?
	grep -v '^running with root privileges' lintian.err >>lintian.txt || true
	if [ $rc != 0 ] || grep -q '^[EW]: ' lintian.txt; then
		cat lintian.txt >&2
		smc_next_die "lintian found errors or warnings in $PWD/$changes"
	fi
}

# smc_next_changes_files CHANGES: the files a .changes lists
smc_next_changes_files()
{
	sed -n '/^Files:/,/^[^ ]/s/^ [0-9a-f]\{32\} [0-9]* [^ ]* [^ ]* \(.*\)$/\1/p' "$1"
}

# smc_next_deb_publish OUT STAMP LOG CHANGES [FILE...]: a build's results
# (the files CHANGES lists, CHANGES itself, FILE..., lintian.txt, LOG and
# STAMP) replace OUT at once, from the current directory
smc_next_deb_publish()
{
	local out=$1 stamp=$2 log=$3 changes=$4 f
	shift 4

	rm -rf "$out.tmp"
	mkdir "$out.tmp"
	for f in "$changes" $(smc_next_changes_files "$changes") "$@"; do
		cp "$f" "$out.tmp/"
	done
	cp lintian.txt "$log" "$out.tmp/"
	echo "$stamp" > "$out.tmp/stamp"
	rm -rf "$out"
	mv "$out.tmp" "$out"
}
