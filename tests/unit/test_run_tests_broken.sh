#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# selftests/run_tests.sh against a script one of whose lines does not
# parse (an arithmetic on a float, as an awk sum past 2^31 printed): bash
# drops that line, its check with it, and goes on to exit 0. The run must
# fail that script, in its own TAP and in $SMC_LIB_TAP; a clean script
# still passes.

. "$(dirname "$0")/../../selftests/smc_lib.sh"
src=$(cd "$(dirname "$0")/../../selftests" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cp "$src/run_tests.sh" "$src/smc_lib.sh" "$src/settings" "$tmp/"
cat > "$tmp/broken.sh" <<'SCRIPT'
#!/bin/bash
. "$(dirname "$0")/smc_lib.sh"
after=2.42306e+09
smc_lib_check "counted" test $((after - 1)) -ge 1
smc_lib_check "a check that runs" true
smc_lib_exit
SCRIPT
cat > "$tmp/clean.sh" <<'SCRIPT'
#!/bin/bash
. "$(dirname "$0")/smc_lib.sh"
after=2423060000
smc_lib_check "counted" test $((after - 1)) -ge 1
smc_lib_exit
SCRIPT
chmod +x "$tmp/broken.sh" "$tmp/clean.sh"

: > "$tmp/tap"
SMC_LIB_TAP="$tmp/tap" "$tmp/run_tests.sh" broken.sh clean.sh > "$tmp/out" 2>&1
rc=$?
sed 's/^/    /' "$tmp/out"
smc_lib_check "the run fails" test "$rc" != 0
smc_lib_check_output "the script whose line did not parse fails" \
	"^not ok 1 selftests: smc: broken.sh # exit=1$" cat "$tmp/out"
smc_lib_check_output "... saying which line" \
	"^# broken.sh: a line of the script did not run: .*broken.sh: line 4: .*syntax error" cat "$tmp/out"
smc_lib_check_output "... and SMC_LIB_TAP has the failure" \
	"^not ok 1 - broken: every line of the script ran" cat "$tmp/tap"
smc_lib_check_output "the clean script passes" "^ok 2 selftests: smc: clean.sh$" cat "$tmp/out"
smc_lib_exit
