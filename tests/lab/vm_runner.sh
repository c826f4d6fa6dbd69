#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# scripts/vm-run.sh: the guest command's exit status comes back; the guest
# has the CPUs it is given; a kernel panic, a BUG/WARN report in the kernel
# log and a hung guest each fail the run with a message that names the
# cause, and none of them hangs.

. "$(dirname "$0")/../../selftests/smc_lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
vm=$top/scripts/vm-run.sh
kernel=${SMC_LAB_KERNEL:-patched}
kernel_image=${SMC_NEXT_CACHE:-$HOME/.cache/smc-next}/$kernel/build/arch/x86/boot/bzImage
[ -f "$kernel_image" ] || smc_lib_skip_all "no lab kernel at $kernel_image (make kernel)"

# expect NAME RC PATTERN... -- VM-ARGS...: vm-run exits RC, and each
# PATTERN matches a line of what it printed.
expect()
{
	local name=$1 want_rc=$2 patterns=() out rc p
	shift 2
	while [ "$1" != -- ]; do patterns+=("$1"); shift; done
	shift

	out=$(timeout 120 "$vm" -k "$kernel_image" "$@" 2>&1)
	rc=$?
	for p in "${patterns[@]}"; do
		grep -qE -- "$p" <<< "$out" || rc="$rc, no line matches '$p'"
	done
	if [ "$rc" = "$want_rc" ]; then
		smc_lib_result_pass "$name"
	else
		echo "$out" | tail -n 15 | sed 's/^/    /'
		smc_lib_result_fail "$name" "exit $rc (wanted $want_rc)"
	fi
}

expect "command output and exit 0 come back" 0 "^hello from $(uname -m)" \
	-- -t 60 -- sh -c 'echo "hello from $(uname -m)"'
expect "a failing command's exit status comes back" 7 "^failing" \
	-- -t 60 -- sh -c 'echo failing; exit 7'
expect "the guest runs the lab kernel, not the host's" 0 "-(patched|pristine)$" \
	-- -t 60 -- uname -r
# A KASAN kernel on 5-level paging can report a wild access during boot
# (see vm-run.sh): the guest CPU must not offer LA57.
expect "the guest CPU has no 5-level paging (LA57)" 0 "^la57 flags: 0$" \
	-- -t 60 -- sh -c 'echo "la57 flags: $(grep -c "^flags.* la57" /proc/cpuinfo)"'
# The lab kernels need ACPI to see more than QEMU's first CPU: without it
# every guest ran on one whatever -smp said (until session 29).
expect "a guest has one CPU by default" 0 "^cpus: 1$" \
	-- -t 60 -- sh -c 'echo "cpus: $(nproc)"'
expect "--cpus 2: the guest has two CPUs online" 0 "^cpus: 2, online 0-1$" \
	-- -t 60 --cpus 2 -- sh -c 'echo "cpus: $(nproc), online $(cat /sys/devices/system/cpu/online)"'
expect "a kernel panic fails the run" 1 "vm-run: vm: kernel report" "Kernel panic" \
	-- -t 60 -- sh -c 'echo c > /proc/sysrq-trigger; sleep 30'
expect "a BUG: line in the kernel log fails a successful run" 1 \
	"vm-run: vm: kernel report" "vm-run: .*BUG: smc-next" \
	-- -t 60 -- sh -c 'echo "BUG: smc-next lab self-test" > /dev/kmsg; exit 0'
expect "a WARNING: line in the kernel log fails the run" 1 \
	"vm-run: vm: kernel report" "vm-run: .*WARNING: CPU: 0 PID: 1 at net/smc" \
	-- -t 60 -- sh -c 'echo "WARNING: CPU: 0 PID: 1 at net/smc/af_smc.c:1 smc-next self-test" > /dev/kmsg'
expect "a hung guest is stopped at the timeout" 1 "vm-run: vm: timed out after 20 s" \
	-- -t 20 -- sleep 600

smc_lib_exit
