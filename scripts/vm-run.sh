#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot a lab guest under QEMU (software emulation), run one command in it and
# return the command's exit status.
#
# usage: vm-run.sh [options] -- COMMAND [ARG...]
#   -k, --kernel BZIMAGE   guest kernel: a path, or pristine, patched,
#                          NAME-debug, or debian: Debian's binary kernel with
#                          its stock modules and the lab's initramfs
#                          (scripts/debian-kernel.sh), or debian-dkms: the
#                          same with smc-next-dkms's modules
#                          (scripts/debian-dkms-modules.sh; default: the
#                          patched lab kernel)
#   --moddir DIR           with -k debian: the modules tree to use instead
#   -n, --name NAME        guest host name and log name (default: vm)
#   -t, --timeout SECS     hard limit for the whole guest (default: 300)
#   -l, --log FILE         console log (default: in the run directory)
#   -o, --out DIR          guest-writable directory, $SMC_NEXT_OUT inside
#   --net dgram:LPORT:RPORT  virtio NIC joined to another guest over UDP
#   --mac MAC              MAC address of that NIC
#   --net2 dgram:LPORT:RPORT, --mac2 MAC   a second one (eth1)
#   --env NAME=VALUE       pass a variable to the guest command (repeatable)
#   --cpus N, --mem MB     guest size (default: $SMC_LAB_CPUS or 1, Debian's
#                          kernel 1; 1024)
#   --append ARGS          more kernel command line (repeatable)
#   -q, --quiet            do not copy the command's output to stdout
#
# The host's root is the guest's root, read-only over 9p, so the guest sees
# this clone and the host's programs at the same paths.
#
# Exit status: the command's; 1 with "vm-run: ..." on stderr when the lab
# itself failed: timeout, a kernel oops/BUG/WARN/KASAN/lockdep report, a
# panic, or a guest that never reported the command's end; 0 for a guest
# killed on purpose (a file killed-by-lab in its --out directory).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kernel=$SMC_NEXT_CACHE/patched/build/arch/x86/boot/bzImage
name=vm
timeout=300
log=
out=
net=
mac=52:54:00:12:34:56
net2=
mac2=52:54:00:12:34:57
cpus=
mem=1024
quiet=0
envs=()
append=
debian=0
dkms=0
moddir=

while [ $# -gt 0 ]; do
	case $1 in
	-k|--kernel)
		# debian-dkms: Debian's kernel with smc-next-dkms's modules
		[ "$2" = debian-dkms ] && dkms=1
		kernel=$(smc_next_kernel_image "$2"); shift 2 ;;
	--moddir) moddir=$2; shift 2 ;;
	-n|--name) name=$2; shift 2 ;;
	-t|--timeout) timeout=$2; shift 2 ;;
	-l|--log) log=$2; shift 2 ;;
	-o|--out) out=$2; shift 2 ;;
	--net) net=$2; shift 2 ;;
	--mac) mac=$2; shift 2 ;;
	--net2) net2=$2; shift 2 ;;
	--mac2) mac2=$2; shift 2 ;;
	--env) envs+=("$2"); shift 2 ;;
	--cpus) cpus=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--append) append+=" $2"; shift 2 ;;
	-q|--quiet) quiet=1; shift ;;
	--) shift; break ;;
	*) echo "vm-run: unknown option $1 (see the head of $0)" >&2; exit 2 ;;
	esac
done
[ $# -gt 0 ] || { echo "vm-run: no command given" >&2; exit 2; }
# Debian's kernel reaches the root through the lab's initramfs, which
# mounts it and starts guest-init.sh as the lab kernels' command line does
bootargs="root=/dev/root rootfstype=9p rootflags=trans=virtio,version=9p2000.L,msize=262144,cache=loose ro init=$SMC_NEXT_TOP/scripts/guest-init.sh"
initrd=()
case $kernel in "$SMC_NEXT_CACHE"/debian-kernel/*/vmlinuz) debian=1 ;; esac
# One vCPU unless --cpus or SMC_LAB_CPUS says otherwise. The lab kernels
# had no ACPI before session 29 and so saw one CPU whatever -smp said:
# every test's timing and CI's budget were measured on one. Two guests of
# two vCPUs each overcommit the host's two CPUs (smcr_churn_cycles.sh
# took 95 s where it took 43). One guest of two is the SMP lab: the
# single-host suite's smp phase and the SMC-D benchmarks. Debian's kernel
# keeps one (SMC_LAB_CPUS does not apply): with two vCPUs under TCG it
# once died at boot of an int3 in enqueue_timer (a text_poke breakpoint
# another vCPU ran into, nothing of SMC's).
[ -n "$cpus" ] || { [ $debian = 1 ] && cpus=1 || cpus=${SMC_LAB_CPUS:-1}; }
if [ $debian = 1 ]; then
	ddir=$("$(dirname "$0")/debian-kernel.sh") || exit 1
	if [ $dkms = 1 ] && [ -z "$moddir" ]; then
		moddir=$("$(dirname "$0")/debian-dkms-modules.sh") || exit 1
	fi
	initrd=(-initrd "$ddir/initrd.cpio.gz")
	bootargs="smcnext_init=$SMC_NEXT_TOP/scripts/guest-init.sh smcnext_moddir=${moddir:-$ddir/modules}"
fi
[ -f "$kernel" ] || smc_next_die "vm-run: no kernel at $kernel (run make kernel)"
command -v qemu-system-x86_64 >/dev/null || smc_next_die "vm-run: qemu-system-x86_64 not installed"

# The run directory must be visible to the guest, so not under /tmp (the
# guest mounts a tmpfs there).
mkdir -p "$SMC_NEXT_CACHE/runs"
run=$(mktemp -d "$SMC_NEXT_CACHE/runs/$name.XXXXXX")
trap 'rm -rf "$run"' EXIT
if [ -n "$out" ]; then
	mkdir -p "$out"
	out=$(cd "$out" && pwd)
	ln -s "$out" "$run/out.host"
else
	mkdir "$run/out.host"
fi
mkdir "$run/out"
[ -n "$log" ] || log=$run/console.log
: > "$log"

{
	# The cache is at the same path in the guest (the host's root, read-only).
	printf 'export SMC_NEXT_TOP=%q SMC_NEXT_CACHE=%q SMC_NEXT_VM_NAME=%q SMC_NEXT_OUT=%q\n' \
		"$SMC_NEXT_TOP" "$SMC_NEXT_CACHE" "$name" "$run/out"
	for e in "${envs[@]}"; do
		printf 'export %s=%q\n' "${e%%=*}" "${e#*=}"
	done
} > "$run/env"
{
	printf 'cd %q || exit 125\n' "$PWD"
	printf '%q ' "$@"
	printf '2>&1\n'
} > "$run/cmd"

# dgram_nic ID dgram:LPORT:RPORT MAC: QEMU arguments of a NIC joined to
# another guest's over UDP
dgram_nic()
{
	local kind lport rport

	IFS=: read -r kind lport rport <<< "$2"
	[ "$kind" = dgram ] || smc_next_die "vm-run: --net supports dgram:LPORT:RPORT only"
	netargs+=(-netdev "dgram,id=$1,local.type=inet,local.host=127.0.0.1,local.port=$lport,remote.type=inet,remote.host=127.0.0.1,remote.port=$rport"
		  -device "virtio-net-pci,netdev=$1,mac=$3")
}

netargs=()
if [ -n "$net" ]; then
	dgram_nic n0 "$net" "$mac"
	[ -z "$net2" ] || dgram_nic n1 "$net2" "$mac2"
else
	netargs=(-nic none)
fi

start=$(date +%s)
set +e
# The root share: cache=loose keeps what the guest read of the host's
# root in its page and dentry caches, as nothing changes it during a
# run (the guest reads it only; results and the lab's requests go
# through the out share, uncached). Without it every exec and every
# Python import went to the host: in a debug guest 20 Python starts
# took 146 s, with it 22 s (normal kernel 27 s, 5 s). multidevs=remap
# gives files of different host filesystems different inode numbers:
# cached inodes are found by them, and the guest's /proc and /sys mount
# points, both inode 1 on the host, were otherwise one inode.
# la57=off: with 5-level paging, 6.12's identify_cpu() clears the CPU
# feature words for a moment while interrupts are on; KASAN then takes
# the 5-level direct map for a wild address, and a debug guest failed
# its boot with "BUG: KASAN: wild-memory-access" (CI, stop 21). SMC does
# not care how many paging levels the guest has.
# debug-threads: QEMU names its threads ("CPU 0/TCG" for a vCPU), so that
# scripts/profile.sh can tell the guest's own CPU time from the device
# emulation's.
# In braces with stderr closed: a guest the lab kills (lab-pair.sh
# --kill-on-request) would make bash print its whole command line.
{ timeout --kill-after=5 "$timeout" qemu-system-x86_64 \
	-name "$name,debug-threads=on" \
	-machine q35 -cpu max,la57=off -smp "$cpus" -m "$mem" \
	-display none -no-reboot -monitor none -serial "file:$log" \
	-kernel "$kernel" "${initrd[@]}" \
	-fsdev local,id=root,path=/,security_model=none,readonly=on,multidevs=remap \
	-device virtio-9p-pci,fsdev=root,mount_tag=/dev/root \
	-fsdev "local,id=out,path=$(readlink -f "$run/out.host"),security_model=none" \
	-device virtio-9p-pci,fsdev=out,mount_tag=out \
	"${netargs[@]}" \
	-append "$bootargs console=ttyS0 panic=-1 oops=panic loglevel=4$append -- $run" \
	</dev/null >"$run/qemu.out" 2>&1; } 2>/dev/null
qrc=$?
set -e
elapsed=$(( $(date +%s) - start ))

if [ $quiet = 0 ]; then
	smc_next_guest_output "$log"
fi

# The console log outlives a failed run: where it is kept.
keep_log()
{
	local kept=$log

	if [ "$log" = "$run/console.log" ]; then
		mkdir -p "$SMC_NEXT_CACHE/failed"
		kept=$SMC_NEXT_CACHE/failed/$name-$(date +%Y%m%d-%H%M%S)-$$.log
		cp "$log" "$kept"
	fi
	echo "$kept"
}

# A kernel report fails the run whatever the command returned. The console
# catches what happened before a panic, the guest's dmesg what was logged at
# a quieter level.
report_re='(Oops|BUG:|kernel BUG at|WARNING:|Kernel panic|KASAN:|UBSAN:|general protection fault|possible circular locking|possible recursive locking|inconsistent lock state|INFO: task .* blocked|rcu: INFO|RCU detected stall|Call Trace:|suspected memory leak|ODEBUG:)'
reports=$( (cat "$log"; cat "$run/out.host/dmesg" 2>/dev/null) | grep -E "$report_re" | sort -u | head -20 || true)
rm -f "$run/out.host/dmesg"
if [ -n "$reports" ]; then
	echo "vm-run: $name: kernel report in the guest log (kept as $(keep_log)):" >&2
	echo "$reports" | sed 's/^/vm-run:   /' >&2
	exit 1
fi
# A guest the lab killed on purpose (lab-pair.sh --kill-on-request, a
# peer dying mid-transfer) ends without its command's end: that is its
# expected end, once its console showed no kernel report.
if [ -f "$run/out.host/killed-by-lab" ]; then
	echo "vm-run: $name: killed by the lab, as a test asked ($(cat "$run/out.host/killed-by-lab"))" >&2
	exit 0
fi
if [ $qrc = 124 ] || [ $qrc = 137 ]; then
	echo "vm-run: $name: timed out after $timeout s; console log $(keep_log) ends:" >&2
	tail -n 20 "$log" | sed 's/^/vm-run:   /' >&2
	exit 1
fi
done_line=$(grep -a '^SMC-NEXT-GUEST-DONE' "$log" || true)
if [ -z "$done_line" ]; then
	echo "vm-run: $name: guest ended without finishing the command (qemu exit $qrc, $elapsed s, log $(keep_log)):" >&2
	tail -n 20 "$log" "$run/qemu.out" | sed 's/^/vm-run:   /' >&2
	exit 1
fi
rc=$(echo "$done_line" | sed 's/.*rc=\([0-9]*\).*/\1/')
exit "$rc"
