#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Installs, with apt-get, the Debian 12 packages the lab needs; does nothing
# when all are there. "--list" prints them.
set -euo pipefail

packages=(
	# kernel build
	make gcc bc flex bison libelf-dev libssl-dev ccache git xz-utils perl python3 rsync
	# make check-series: sparse over net/smc after every patch
	sparse
	# lab guests: QEMU, and the programs the guests run from the host's root
	qemu-system-x86 iproute2 rdma-core iputils-ping kmod procps ethtool tcpdump
	# user space and host unit tests
	pkg-config libnl-3-dev libnl-genl-3-dev libjson-c-dev libcmocka-dev valgrind util-linux
	# make install's test: the man pages rendered, the library's symbols
	man-db binutils
	# iproute2-ext: the patched ss and ip (libmnl for extack messages)
	libmnl-dev libcap-dev
	# the netlink specs, checked with the kernel's ynl client
	python3-yaml python3-jsonschema
	# demo and benchmarks
	iperf3 sockperf nginx-light wrk jq linux-perf
)

if [ "${1:-}" = --list ]; then
	printf '%s\n' "${packages[@]}"
	exit 0
fi

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} = 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "error: missing Debian packages: ${missing[*]}; install them as root (apt-get install ${missing[*]})" >&2
	exit 1
fi
echo "==> installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2 || echo "warning: apt-get update failed; trying the lists we have" >&2
apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
