#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Debian's kernel with smc-next-dkms's modules, for the lab: the package
# (scripts/dkms-build.sh) unpacked, its net/smc built with its own Makefile
# against linux-headers-VERSION (what DKMS runs on a user's machine), and
# the result put where DKMS puts it, updates/dkms/, in a copy of the
# kernel's module tree (hard links), with its own modules.dep. The guest
# boots it with "vm-run.sh -k debian --moddir DIR"; prints DIR.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

version=$(smc_next_debian_kernel)
dir=$("$SMC_NEXT_TOP/scripts/debian-kernel.sh")
deb=$(ls "$SMC_NEXT_CACHE"/dkms-deb/out/smc-next-dkms_*_all.deb 2>/dev/null | tail -n 1)
[ -n "$deb" ] || smc_next_die "no smc-next-dkms package (scripts/dkms-build.sh)"
out=$dir/modules-dkms
# the package and the lab's rdma_rxe (debian-lab-rxe.sh) in the stock tree
stamp="$(sha256sum "$deb" | cut -d' ' -f1) $(cat "$dir/modules/updates/lab/.stamp" 2>/dev/null)"
[ -f "$out/.smc-next-dkms" ] && [ "$(cat "$out/.smc-next-dkms")" = "$stamp" ] && { echo "$out"; exit 0; }

headers=/usr/src/linux-headers-$version
[ -d "$headers" ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	"linux-headers-$version" >/dev/null || smc_next_die "cannot install linux-headers-$version"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dpkg-deb -x "$deb" "$tmp/pkg"
src=$(ls -d "$tmp"/pkg/usr/src/smc-next-*)
smc_next_log "building smc-next-dkms's modules for $version"
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$src" -j"$(nproc)" \
	KERNELRELEASE="$version" KDIR="$headers" >"$tmp/build.log" 2>&1 ||
	{ tail -n 20 "$tmp/build.log" >&2; smc_next_die "the modules did not build"; }

rm -rf "$out.tmp"
cp -al "$dir/modules" "$out.tmp"
mkdir -p "$out.tmp/updates/dkms"
# new files, not writes through the hard links into the stock tree
rm -f "$out.tmp"/modules.*
cp "$dir"/modules/modules.order "$dir"/modules/modules.builtin \
	"$dir"/modules/modules.builtin.modinfo "$out.tmp/"
cp "$src"/net/smc/smc.ko "$src"/net/smc/smc_diag.ko "$out.tmp/updates/dkms/"
mkdir -p "$tmp/depmod/lib/modules"
ln -s "$out.tmp" "$tmp/depmod/lib/modules/$version"
depmod -b "$tmp/depmod" "$version"
echo "$stamp" > "$out.tmp/.smc-next-dkms"
rm -rf "$out"
mv "$out.tmp" "$out"
echo "$out"
