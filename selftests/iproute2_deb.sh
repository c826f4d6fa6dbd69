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
# The guest's root is the host's, read-only over 9p, and its kernel has no
# overlayfs: the whole script runs in a private mount namespace (unshare
# -m), where the directories dpkg writes to are tmpfs copies bound over
# the read-only ones: dpkg's database, debconf's and man-db's caches and
# the package's /etc directories as real copies, the package's other
# directories (/usr/bin, /usr/share/man/man8, ...) as trees of symbolic
# links to the host's files, which dpkg replaces with its own. The host
# and the other tests never see the install.
# SMC_LIB_IPROUTE2_DEB: the directory of the .deb files; _VERSION: the
# version to expect.

. "$(dirname "$0")/smc_lib.sh"

debdir=${SMC_LIB_IPROUTE2_DEB:-${SMC_NEXT_CACHE:-$HOME/.cache/smc-next}/iproute2-deb/out}
want=${SMC_LIB_IPROUTE2_DEB_VERSION:-6.1.0-3+smcnext1}
deb=$(ls "$debdir"/iproute2_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || smc_lib_skip_all "no built iproute2 .deb in $debdir (scripts/iproute2-deb.sh)"
smc_lib_check_smc
smc_lib_check_tools smc_xfer dpkg dpkg-deb dpkg-query unshare man

# Everything below in a private mount namespace: its mounts go with it.
if [ -z "${__IPROUTE2_DEB_NS:-}" ]; then
	if ! err=$(unshare -m --propagation private true 2>&1); then
		smc_lib_result_fail "a private mount namespace (unshare -m)" "$err"
		smc_lib_exit
	fi
	__IPROUTE2_DEB_NS=1 exec unshare -m --propagation private "$0" "$@"
fi

work=$(mktemp -d)
lower=$work/lower	# the host's root, as it is under the copies
pid=
mounted=()
cleanup()
{
	local i

	[ -z "$pid" ] || kill "$pid" 2>/dev/null
	# the copies are on the guest's /tmp, which outlives the namespace;
	# the host's directories back first, the links point into $lower
	for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
		umount "${mounted[i]}"
	done
	# (what stays mounted, the host's root, is another file system: kept)
	umount "$lower" 2>/dev/null
	rm -rf --one-file-system "$work" 2>/dev/null
}
trap cleanup EXIT
if ! mkdir "$lower" || ! mount --bind / "$lower"; then
	smc_lib_result_fail "the host's root bound to $lower"
	smc_lib_exit
fi

# writable DIR copy|symlinks: DIR becomes a tmpfs copy of itself (copy) or
# a tree of symbolic links to the host's files (symlinks), bound over DIR
writable()
{
	local dir=$1 how=$2 w=$work/w$1

	mkdir -p "$w" || return 1
	if [ "$how" = copy ]; then
		cp -a "$lower$dir/." "$w/"
	else
		cp -as "$lower$dir/." "$w/"
	fi || return 1
	mount --bind "$w" "$dir" && mounted+=("$dir")
}

# The directories dpkg writes the package's files into (/bin is /usr/bin
# on a merged /usr); one that does not exist is created in its parent.
dirs=$(dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { sub(/^\./, "", $6); print $6 }' |
	while read -r f; do
		d=$(dirname "$f")
		while [ ! -d "$d" ]; do d=$(dirname "$d"); done
		realpath "$d"
	done | sort -u)
# those below one that is already listed go with it
top=$(awk '{ for (i = 1; i <= n; i++) if (index($0 "/", kept[i] "/") == 1) next; kept[++n] = $0; print }' <<< "$dirs")
prepared=1
for d in /var/lib/dpkg /var/cache/debconf /var/cache/man $top; do
	case $d in
	/etc/*|/var/*) how=copy ;;
	*) how=symlinks ;;
	esac
	[ -d "$d" ] || continue
	writable "$d" $how || { prepared=0; echo "cannot make $d writable"; }
done
echo "writable: /var/lib/dpkg /var/cache/debconf /var/cache/man" "${top//$'\n'/ }"
smc_lib_check "the package's directories and dpkg's database writable" \
	test $prepared = 1 || smc_lib_exit

export DEBIAN_FRONTEND=noninteractive
smc_lib_check "dpkg -i $(basename "$deb")" dpkg -i "$deb"
smc_lib_check_output "dpkg-query: iproute2 $want installed and configured" \
	"^$(sed 's/[.+]/\\&/g' <<< "$want") install ok installed$" \
	dpkg-query -W -f '${Version} ${Status}\n' iproute2
smc_lib_check_output "dpkg --verify iproute2: every file is the package's" "^$" \
	dpkg --verify iproute2
smc_lib_check "/bin/ip is the package's, not the host's" bash -c "! cmp -s /bin/ip '$lower/usr/bin/ip'"
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
