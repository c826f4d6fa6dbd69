#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The debug flavour of the lab kernel (patched-debug) reports what the VM
# runner scans for: a clean boot passes, and a use-after-free (KASAN), an
# out-of-bounds index (UBSAN), a lock still held on return to user space
# (lockdep), a hung task and a leaked allocation (kmemleak) each fail the
# run with the report named. LKDTM and the kmemleak sample module provoke
# them; nothing here depends on SMC.

. "$(dirname "$0")/../../selftests/smc_lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
vm=$top/scripts/vm-run.sh
kernel=${SMC_LAB_DEBUG_KERNEL:-patched-debug}
cache=${SMC_NEXT_CACHE:-$HOME/.cache/smc-next}
image=$cache/$kernel/build/arch/x86/boot/bzImage
sample=$cache/$kernel/build/samples/kmemleak/kmemleak-test.ko
[ -f "$image" ] || smc_lib_skip_all "no debug lab kernel at $image (make kernel-debug)"

# expect NAME RC PATTERN -- GUEST-SHELL-COMMAND: vm-run exits RC and a line
# of its output matches PATTERN.
expect()
{
	local name=$1 want_rc=$2 pattern=$3 out rc
	shift 4

	# A debug guest took 120 s to boot on a machine loaded by four more
	# guests (session 7), and a kmemleak scan of 2 GB then takes tens of
	# seconds: the 240 s of before timed out. The bound is for a hung
	# guest, not a speed target.
	out=$(timeout 660 "$vm" -k "$image" --mem 2048 -t 600 -- sh -c "$1" 2>&1)
	rc=$?
	grep -qE -- "$pattern" <<< "$out" || rc="$rc, no line matches '$pattern'"
	if [ "$rc" = "$want_rc" ]; then
		smc_lib_result_pass "$name"
	else
		echo "$out" | tail -n 15 | sed 's/^/    /'
		smc_lib_result_fail "$name" "exit $rc (wanted $want_rc)"
	fi
}

crash='mount -t debugfs none /sys/kernel/debug 2>/dev/null; echo'
direct=/sys/kernel/debug/provoke-crash/DIRECT

# Guest commands stay on one line: vm-run hands them to sh.
expect "a clean boot of the debug kernel passes, kmemleak active" 0 "^kmemleak ready" -- \
	"mount -t debugfs none /sys/kernel/debug && echo scan > /sys/kernel/debug/kmemleak && echo kmemleak ready"
expect "KASAN: a use-after-free fails the run" 1 "vm-run: .*BUG: KASAN: .*use-after-free" -- \
	"$crash WRITE_AFTER_FREE > $direct"
expect "UBSAN: an out-of-bounds index fails the run" 1 "vm-run: .*UBSAN: array-index-out-of-bounds" -- \
	"$crash ARRAY_BOUNDS > $direct"
expect "lockdep: a spinlock held on return to user space fails the run" 1 \
	"vm-run: .*(lock held when returning to user space|BUG: scheduling while atomic)" -- \
	"$crash SPINLOCKUP > $direct"
# The hung task detector runs every timeout period: 5 s here, so the
# report comes within 10 s; the guest polls the log for it (bound 60 s).
expect "hung task detection: a task stuck in D state fails the run" 1 \
	"vm-run: .*INFO: task .* blocked for more than" -- \
	"$crash 5 > /proc/sys/kernel/hung_task_timeout_secs; (echo HUNG_TASK > $direct &); for i in \$(seq 60); do dmesg | grep -q 'blocked for more than' && break; sleep 1; done"
# kmemleak reports an object only once it is older than 5 s: scan until
# the sample's leaks show (bound 60 scans).
if [ -f "$sample" ]; then
	expect "kmemleak: a leaked allocation fails the run" 1 "vm-run: .*suspected memory leak" -- \
		"mount -t debugfs none /sys/kernel/debug; insmod $sample || exit 9; for i in \$(seq 60); do echo scan > /sys/kernel/debug/kmemleak; grep -q unreferenced /sys/kernel/debug/kmemleak && break; sleep 1; done"
else
	smc_lib_result_fail "kmemleak: a leaked allocation fails the run" "no $sample"
fi

smc_lib_exit
