#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# selftests/run_tests.sh with SMC_RUN_TESTS_BUDGET: scripts start while the
# reserve fits in the budget; the rest are skipped with the reason, in its
# own TAP and in $SMC_LIB_TAP, and the run passes; without a budget, and in
# the two-host lab (SMC_LIB_ROLE), every script runs.

. "$(dirname "$0")/../../selftests/smc_lib.sh"
src=$(cd "$(dirname "$0")/../../selftests" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cp "$src/run_tests.sh" "$src/smc_lib.sh" "$src/settings" "$tmp/"
for t in one two three; do
	printf '#!/bin/bash\nsleep 2\n' > "$tmp/$t.sh"
	chmod +x "$tmp/$t.sh"
done

# run OUT TAP ENV...: run_tests.sh over the three scripts
run()
{
	local out=$1 tap=$2
	shift 2
	: > "$tap"
	env SMC_LIB_TAP="$tap" "$@" "$tmp/run_tests.sh" one.sh two.sh three.sh > "$out" 2>&1
}

# the first starts at 0 s (0 + 99 fits in 100), the others after its 2 s
run "$tmp/out" "$tmp/tap" SMC_RUN_TESTS_BUDGET=100 SMC_RUN_TESTS_RESERVE=99
rc=$?
sed 's/^/    /' "$tmp/out"
smc_lib_check "a budget: the run passes" test "$rc" = 0
smc_lib_check_output "the script that fit ran" "^ok 1 selftests: smc: one.sh$" cat "$tmp/out"
smc_lib_check_output "the next is skipped, with what was left" \
	"^ok 2 selftests: smc: two.sh # SKIP not started: 9[0-8] s of the run's 100 s left, a script may need 99 s$" cat "$tmp/out"
smc_lib_check_output "... and the one after it" "^ok 3 selftests: smc: three.sh # SKIP not started" cat "$tmp/out"
smc_lib_check_output "... and its skip is in SMC_LIB_TAP" \
	"^ok 1 - two: all # SKIP not started" cat "$tmp/tap"

run "$tmp/out" "$tmp/tap"
smc_lib_check_output "no budget: every script runs" "^ok 3 selftests: smc: three.sh$" cat "$tmp/out"

run "$tmp/out" "$tmp/tap" SMC_RUN_TESTS_BUDGET=1 SMC_LIB_ROLE=client
smc_lib_check_output "two-host lab: the budget is ignored, said so" \
	"^# SMC_RUN_TESTS_BUDGET is for one host: ignored$" cat "$tmp/out"
smc_lib_check_output "... and every script runs" "^ok 3 selftests: smc: three.sh$" cat "$tmp/out"
smc_lib_exit
