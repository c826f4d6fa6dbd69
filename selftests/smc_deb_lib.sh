#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Installing Debian packages in a lab guest without touching the host.
#
# The guest's root is the host's, read-only over 9p. A test that installs
# packages runs in a private mount namespace (smc_deb_enter_ns), where the
# directories dpkg and the packages' scripts write to are made writable
# (smc_deb_writable_for). Where the kernel has overlayfs (Debian's), /usr,
# /etc, /var/lib and /var/cache become overlays with their changes on the
# guest's tmpfs, and so do the mounts below them (the lab's module tree).
# Without it (the lab kernel), only the packages' own directories are
# made writable, as tmpfs copies bound over the read-only ones: dpkg's
# database, debconf's and man-db's caches and /etc and /var directories
# as real copies, the others (/usr/bin, /usr/share/man/man8, ...) as trees
# of symbolic links to the host's files, which dpkg replaces with its own.
# Either way the host and the other tests never see the install.
#
# Sourced after smc_lib.sh. The script calls smc_deb_cleanup from its
# EXIT trap.

smc_deb_work=
smc_deb_lower=	# the host's root, as it is under the copies
smc_deb_mounted=()

# smc_deb_enter_ns "$@": the calling script again, in a private mount
# namespace (its mounts go with it); returns at once when already there.
smc_deb_enter_ns()
{
	local err

	[ -z "${__SMC_DEB_NS:-}" ] || return 0
	if ! err=$(unshare -m --propagation private true 2>&1); then
		smc_lib_result_fail "a private mount namespace (unshare -m)" "$err"
		smc_lib_exit
	fi
	__SMC_DEB_NS=1 exec unshare -m --propagation private "$0" "$@"
}

# smc_deb_prepare: the work directory, with the host's root bound in it
smc_deb_prepare()
{
	smc_deb_work=$(mktemp -d) || return 1
	smc_deb_lower=$smc_deb_work/lower
	mkdir "$smc_deb_lower" && mount --bind / "$smc_deb_lower"
}

smc_deb_cleanup()
{
	local i

	[ -n "$smc_deb_work" ] || return 0
	# the copies are on the guest's /tmp, which outlives the namespace;
	# the host's directories back first, the links point into lower/
	# (lazily: umount itself runs from the overlay of /usr)
	for ((i = ${#smc_deb_mounted[@]} - 1; i >= 0; i--)); do
		umount -l "${smc_deb_mounted[i]}"
	done
	# (what stays mounted, the host's root, is another file system: kept)
	umount "$smc_deb_lower" 2>/dev/null
	rm -rf --one-file-system "$smc_deb_work" 2>/dev/null
	smc_deb_work=
}

# smc_deb_writable DIR copy|symlinks: DIR becomes a tmpfs copy of itself
# (copy) or a tree of symbolic links to the host's files (symlinks),
# bound over DIR
smc_deb_writable()
{
	local dir=$1 how=$2 w=$smc_deb_work/w$1

	mkdir -p "$w" || return 1
	if [ "$how" = copy ]; then
		cp -a "$smc_deb_lower$dir/." "$w/"
	else
		cp -as "$smc_deb_lower$dir/." "$w/"
	fi || return 1
	mount --bind "$w" "$dir" && smc_deb_mounted+=("$dir")
}

# smc_deb_overlay DIR: DIR and every mount below it become overlays whose
# changes go to the work directory
smc_deb_overlay()
{
	local dir=$1 subs=() sub i=0 w=$smc_deb_work/o$1

	mapfile -t subs < <(awk -v d="$dir/" 'index($2, d) == 1 { print $2 }' /proc/self/mounts)
	mkdir -p "$w" || return 1
	# the mounts below DIR, seen from outside the overlay that hides them
	for sub in "${subs[@]}"; do
		i=$((i + 1))
		mkdir -p "$w/sub$i" && mount --bind "$sub" "$w/sub$i" || return 1
		smc_deb_mounted+=("$w/sub$i")
	done
	smc_deb_overlay_one "$dir" "$dir" "$w/top" || return 1
	i=0
	for sub in "${subs[@]}"; do
		i=$((i + 1))
		smc_deb_overlay_one "$w/sub$i" "$sub" "$w/o$i" || return 1
	done
}

# smc_deb_overlay_one LOWER TARGET DIR: an overlay of LOWER on TARGET,
# its upper and work directories in DIR
smc_deb_overlay_one()
{
	mkdir -p "$3/upper" "$3/work" &&
		mount -t overlay overlay -o "lowerdir=$1,upperdir=$3/upper,workdir=$3/work" "$2" &&
		smc_deb_mounted+=("$2")
}

# smc_deb_has_overlay: whether the kernel has overlayfs (loaded if need be)
smc_deb_has_overlay()
{
	grep -qw overlay /proc/filesystems && return 0
	modprobe overlay 2>/dev/null && grep -qw overlay /proc/filesystems
}

# smc_deb_writable_for DEB... [-- DIR...]: dpkg's database and caches, the
# directories the packages write their files into (/bin is /usr/bin on a
# merged /usr; one that does not exist is taken in its parent) and DIR...
# made writable. Prints them; returns 1 when one could not be.
smc_deb_writable_for()
{
	local debs=() extra=() dirs top d how rc=0

	while [ $# -gt 0 ] && [ "$1" != -- ]; do debs+=("$1"); shift; done
	[ $# -gt 0 ] && shift
	extra=("$@")
	dirs=$(for deb in "${debs[@]}"; do
		dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { sub(/^\./, "", $6); print $6 }'
	done | while read -r f; do
		d=$(dirname "$f")
		while [ ! -d "$d" ]; do d=$(dirname "$d"); done
		realpath "$d"
	done
	for d in "${extra[@]}"; do realpath "$d"; done)
	dirs=$(sort -u <<< "$dirs")
	if smc_deb_has_overlay; then
		for d in /usr /etc /var/lib /var/cache; do
			smc_deb_overlay $d || { rc=1; echo "cannot overlay $d"; }
		done
		echo "overlays: /usr /etc /var/lib /var/cache"
		while read -r d; do
			case $d in
			/usr|/usr/*|/etc|/etc/*|/var/lib|/var/lib/*|/var/cache|/var/cache/*) ;;
			*) rc=1; echo "$d is outside the overlays" ;;
			esac
		done <<< "$dirs"
		return $rc
	fi
	# those below one that is already listed go with it
	top=$(awk '{ for (i = 1; i <= n; i++) if (index($0 "/", kept[i] "/") == 1) next; kept[++n] = $0; print }' <<< "$dirs")
	for d in /var/lib/dpkg /var/cache/debconf /var/cache/man $top; do
		case $d in
		/etc/*|/var/*) how=copy ;;
		*) how=symlinks ;;
		esac
		[ -d "$d" ] || continue
		smc_deb_writable "$d" $how || { rc=1; echo "cannot make $d writable"; }
	done
	echo "writable: /var/lib/dpkg /var/cache/debconf /var/cache/man" ${top//$'\n'/ }
	return $rc
}
