#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# PID 1 of a lab guest. The host's root is our read-only root over 9p; every
# place a program writes is tmpfs. $1 is the run directory the host prepared:
# $1/cmd (the command), $1/env; $1/out is a writable share for results.
run=$1
mount -t proc proc /proc
mount -t sysfs sys /sys
. "$run/env"
# Debian's kernel (scripts/debian-kernel.sh): what the lab kernels build
# in is modules here, and nothing loads them but us. rdma_rxe fails
# "rdma link add" with ENOENT unless crc32_generic is loaded first.
if [ -n "${smcnext_moddir:-}" ]; then
	for m in virtio_net crc32_generic rdma_rxe smc smc_diag; do
		modprobe "$m" || echo "guest-init: modprobe $m failed" >/dev/console
	done
	echo "guest-init: rdma_rxe $(modinfo -n rdma_rxe), smc $(modinfo -n smc)" >/dev/console
fi

# /tmp becomes a tmpfs, which would hide a clone or a cache (with its
# kernel tree, which tests read, and the run directory) that lives under
# the host's /tmp: keep such paths visible at the same place.
mount -t tmpfs keep /mnt
n=0
for path in "$SMC_NEXT_TOP" "$SMC_NEXT_CACHE" "$run"; do
	case $path in /tmp/*)
		n=$((n + 1))
		mkdir /mnt/$n && mount --bind "$path" /mnt/$n ;;
	esac
done
mount -t tmpfs tmp /tmp
n=0
for path in "$SMC_NEXT_TOP" "$SMC_NEXT_CACHE" "$run"; do
	case $path in /tmp/*)
		n=$((n + 1))
		mkdir -p "$path" && mount --move /mnt/$n "$path" ;;
	esac
done

mount -t tmpfs run /run
mount -t tmpfs vartmp /var/tmp
mount -t tmpfs varlog /var/log
mkdir -p /dev/pts /dev/shm
# devtmpfs has no /dev/fd: bash's process substitution needs it.
ln -sf /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr
mount -t devpts devpts /dev/pts
mount -t tmpfs shm /dev/shm
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/tmp TMPDIR=/tmp LC_ALL=C.UTF-8

mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 out "$run/out" ||
	echo "SMC-NEXT-GUEST: cannot mount the output share" >/dev/console
hostname "$SMC_NEXT_VM_NAME"
ip link set lo up
echo "SMC-NEXT-GUEST-UP $(cut -d' ' -f1 /proc/uptime)"

cd "$SMC_NEXT_TOP" && sh "$run/cmd"
rc=$?

dmesg > "$run/out/dmesg" 2>/dev/null
echo "SMC-NEXT-GUEST-DONE rc=$rc uptime=$(cut -d' ' -f1 /proc/uptime)"
sync
umount "$run/out" 2>/dev/null
# Reboot at once; QEMU runs with -no-reboot, so that ends it. PID 1 must
# never exit: the kernel would panic.
echo b > /proc/sysrq-trigger
sleep 60
