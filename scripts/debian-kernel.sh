#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Debian's own binary kernel as a lab guest: linux-image-$SMC_NEXT_DEBIAN_KERNEL
# from apt, unpacked into $SMC_NEXT_CACHE/debian-kernel/VERSION/ (vmlinuz,
# lib/modules/VERSION with its modules.dep), and a small initramfs the lab
# builds: busybox-static, the modules that reach the root (9p over virtio;
# Debian builds them as modules), and an /init that mounts the host's root
# read-only over 9p, puts this kernel's modules at /lib/modules/VERSION
# there (a tmpfs over the host's /lib/modules, the unpacked tree bound in),
# and hands over to the lab's guest-init.sh as the lab kernel boots it.
#
# The guest runs with Debian's stock modules, but for the lab's rdma_rxe
# (scripts/debian-lab-rxe.sh: the lab kernels' rxe patches); smcnext_moddir=
# on the kernel command line names another modules tree (the DKMS-built one).
# Prints the directory. Does nothing when it is there already.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

version=$(smc_next_debian_kernel)
dir=$SMC_NEXT_CACHE/debian-kernel/$version
if [ -f "$dir/initrd.cpio.gz" ] && [ -f "$dir/vmlinuz" ]; then
	"$(dirname "$0")/debian-lab-rxe.sh" "$dir" >/dev/null
	echo "$dir"
	exit 0
fi

pkg=linux-image-$version
for tool in busybox:busybox-static cpio:cpio xz:xz-utils depmod:kmod; do
	command -v "${tool%%:*}" >/dev/null || [ -x "/bin/${tool%%:*}" ] ||
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${tool#*:}" >/dev/null ||
		smc_next_die "cannot install ${tool#*:}"
done
[ -x /bin/busybox ] && file -L /bin/busybox | grep -q 'statically linked' ||
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q busybox-static >/dev/null ||
	smc_next_die "cannot install busybox-static"

rm -rf "$dir.tmp"
mkdir -p "$dir.tmp/dl"
# the signed image when there is one, else the same kernel unsigned (a
# new point release is in the archive unsigned first)
fetch()
{
	(cd "$dir.tmp/dl" && { apt-get download -q "$pkg" || apt-get download -q "$pkg-unsigned"; } \
		>/dev/null 2>&1)
}
smc_next_log "fetching $pkg (apt-get download)"
fetch || { apt-get update -q >/dev/null 2>&1 && fetch; } ||
	smc_next_die "cannot download $pkg: is it still in bookworm? (SMC_NEXT_DEBIAN_KERNEL)"
dpkg-deb -x "$dir.tmp"/dl/*.deb "$dir.tmp/root"
cp "$dir.tmp/root/boot/vmlinuz-$version" "$dir.tmp/vmlinuz"
cp "$dir.tmp/root/boot/config-$version" "$dir.tmp/config"
mv "$dir.tmp/root/lib/modules/$version" "$dir.tmp/modules"
rm -rf "$dir.tmp/root" "$dir.tmp/dl"
# modules.dep for modprobe in the guest (the package leaves it to its
# postinst); depmod -b and modprobe -d want DIR/lib/modules/VERSION
mkdir -p "$dir.tmp/lib/modules"
ln -s ../../modules "$dir.tmp/lib/modules/$version"
depmod -b "$dir.tmp" "$version"

# The initramfs: the modules on the way to the root, in their order
# (modules.dep), unpacked from .ko.xz, which busybox's insmod cannot read.
ird=$dir.tmp/initrd
mkdir -p "$ird"/{bin,dev,proc,sys,root,lib}
cp /bin/busybox "$ird/bin/"
for app in sh mount umount insmod mkdir switch_root cat echo sleep; do
	ln -s busybox "$ird/bin/$app"
done
order=$(for m in 9pnet_virtio 9p; do
		modprobe -d "$dir.tmp" -S "$version" --show-depends "$m"
	done | awk '$1 == "insmod" && !seen[$2]++ { print $2 }')
[ -n "$order" ] || smc_next_die "no module order for 9p in $pkg"
n=0
for ko in $order; do
	ko=$dir.tmp/modules/${ko#*/lib/modules/$version/}
	n=$((n + 1))
	case $ko in
	*.xz) xz -dc "$ko" > "$ird/lib/$(printf %02d $n)-$(basename "${ko%.xz}")" ;;
	*) cp "$ko" "$ird/lib/$(printf %02d $n)-$(basename "$ko")" ;;
	esac
done
cat > "$ird/init" <<'EOF'
#!/bin/sh
# smc-next lab: Debian's kernel reaches the host's root over 9p
mount -t proc proc /proc
mount -t devtmpfs dev /dev
for ko in /lib/*.ko; do
	insmod "$ko" || echo "initramfs: insmod $ko failed"
done
version=$(cat /proc/sys/kernel/osrelease)
moddir=${smcnext_moddir:-}
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,cache=loose,ro /dev/root /root ||
	{ echo "initramfs: cannot mount the host's root"; sleep 5; exit 1; }
# this kernel's modules where modprobe looks, over the host's own
mount -t tmpfs modules /root/lib/modules
mkdir -p "/root/lib/modules/$version"
mount --bind "/root$moddir" "/root/lib/modules/$version"
umount /proc
umount /dev
exec switch_root /root "$smcnext_init" "$@"
EOF
chmod +x "$ird/init"
(cd "$ird" && find . | cpio -o -H newc --quiet | gzip -9) > "$dir.tmp/initrd.cpio.gz"
rm -rf "$ird"
rm -rf "$dir"
mv "$dir.tmp" "$dir"
"$(dirname "$0")/debian-lab-rxe.sh" "$dir" >/dev/null
smc_next_log "Debian kernel $version for the lab in $dir"
echo "$dir"
