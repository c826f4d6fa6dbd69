#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The lab's soft-RoCE for Debian's kernel: rdma_rxe.ko built from Debian's
# own source of that kernel (the base of the kernel tree) with the lab's
# rxe patches (tests/lab/kernel/rxe-*.patch: a queue pair gives up after
# retry_cnt retries, as an RNIC does), against linux-headers-VERSION, and
# put into the modules tree of scripts/debian-kernel.sh as
# updates/lab/rdma_rxe.ko, where modprobe takes it over Debian's.
#
# Every other lab kernel carries the same patches built in: without them
# a test that cuts the RoCE path would meet rxe's endless retries, a quirk
# no RNIC has, on Debian's kernel only. Lab only: nothing of this is in a
# package. Prints the module's path; does nothing when it is up to date.
# usage: debian-lab-rxe.sh DIR   (DIR: scripts/debian-kernel.sh's)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

dir=${1:?usage: debian-lab-rxe.sh DIR}
version=$(smc_next_debian_kernel)
mods=$dir/modules
ko=$mods/updates/lab/rdma_rxe.ko
src=drivers/infiniband/sw/rxe
patches=("$SMC_NEXT_TOP"/tests/lab/kernel/rxe-*.patch)
[ -f "${patches[0]}" ] || smc_next_die "no tests/lab/kernel/rxe-*.patch"
[ -e "$SMC_NEXT_KTREE/.git" ] || smc_next_die "no kernel tree at $SMC_NEXT_KTREE: run make kernel"
stamp=$( { git -C "$SMC_NEXT_KTREE" rev-parse "base:$src"; cat "${patches[@]}" "${BASH_SOURCE[0]}"; } |
	sha256sum | cut -d' ' -f1)
[ -f "$ko" ] && [ "$(cat "$mods/updates/lab/.stamp" 2>/dev/null)" = "$stamp" ] && { echo "$ko"; exit 0; }

headers=/usr/src/linux-headers-$version
[ -d "$headers" ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	"linux-headers-$version" >/dev/null || smc_next_die "cannot install linux-headers-$version"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git -C "$SMC_NEXT_KTREE" archive base "$src" | tar -x -C "$tmp"
for p in "${patches[@]}"; do
	patch -d "$tmp" -p1 -s --no-backup-if-mismatch < "$p" ||
		smc_next_die "${p##*/} does not apply to Debian's $src"
done
smc_next_log "building the lab's rdma_rxe for $version"
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$headers" M="$tmp/$src" -j"$(nproc)" \
	modules >"$tmp/build.log" 2>&1 ||
	{ tail -n 20 "$tmp/build.log" >&2; smc_next_die "the lab's rdma_rxe did not build"; }
[ "$(modinfo -F vermagic "$tmp/$src/rdma_rxe.ko" | cut -d' ' -f1)" = "$version" ] ||
	smc_next_die "the lab's rdma_rxe is not for $version"

mkdir -p "$mods/updates/lab"
cp "$tmp/$src/rdma_rxe.ko" "$ko"
echo "$stamp" > "$mods/updates/lab/.stamp"
# depmod -b wants DIR/lib/modules/VERSION (debian-kernel.sh's link)
depmod -b "$dir" "$version"
echo "$ko"
