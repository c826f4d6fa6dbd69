#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside a lab guest: the installed kselftests of the patched tree
# (tools/testing/selftests/net/smc) with kselftest's own run_kselftest.sh.
# Each script's TAP goes to $SMC_NEXT_OUT/results.tap (smc_lib.sh); a
# script the runner reports as failed without a failed result of its own
# (killed by the runner's timeout, say) is added there as a failure.
# usage: kselftest-guest.sh [INSTALL_DIR]   (default: $SMC_NEXT_OUT/install,
#        as the host's /tmp is not the guest's)
set -u
ksft=${1:-$SMC_NEXT_OUT/install}
export SMC_LIB_TAP=$SMC_NEXT_OUT/results.tap
: > "$SMC_LIB_TAP"
"$ksft/run_kselftest.sh" > "$SMC_NEXT_OUT/run_kselftest.out" 2>&1
rc=$?
sed -n 's/^not ok [0-9]* selftests: \(.*\)/not ok 1 - kselftest: \1/p' \
	"$SMC_NEXT_OUT/run_kselftest.out" >> "$SMC_LIB_TAP"
grep -E '^(not )?ok [0-9]+ selftests:' "$SMC_NEXT_OUT/run_kselftest.out"
exit $rc
