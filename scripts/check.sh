#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The test command: host unit tests, the lab's own tests, checkpatch on the
# series, then the selftests in the lab's guests. Ends with one line
# "N passed, N failed, N skipped" and exits non-zero on any failure.
# usage: check.sh [host|vm|all|debug]   (default all)
#   debug: the debug flavour of the patched kernel (make check-debug): its
#   reports are shown to fire, then every lab phase runs on it (CI: single
#   and pair)
#   with kmemleak scanned after every script; results in results-debug/.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

what=${1:-all}
results=$SMC_NEXT_CACHE/results
[ "$what" = debug ] && results=$SMC_NEXT_CACHE/results-debug
rm -rf "$results"
mkdir -p "$results"
cd "$SMC_NEXT_TOP" || exit 1

# suite NAME CMD...: runs CMD, keeps its TAP lines; a suite that exits
# non-zero without saying which test failed gets a failing line of its own.
suite()
{
	local name=$1 rc
	shift

	smc_next_log "suite $name"
	"$@" > "$results/$name.out" 2>&1
	rc=$?
	grep -aE '^(not )?ok ' "$results/$name.out" |
		sed -E -e "/^(not )?ok [0-9]+ - $name: /b" \
			-e "s/^((not )?ok [0-9]+ )(- )?/\1- $name: /" > "$results/$name.tap"
	if [ $rc != 0 ] && [ $rc != 4 ] && ! grep -q '^not ok' "$results/$name.tap"; then
		echo "not ok 1 - $name: exited $rc" >> "$results/$name.tap"
	fi
	if grep -q '^not ok' "$results/$name.tap"; then
		echo "    --- $name failed; its output ($results/$name.out):" >&2
		grep -vE '^(ok |TAP version|1\.\.)' "$results/$name.out" | tail -n 40 | sed 's/^/    /' >&2
	fi
}

if [ "$what" = host ] || [ "$what" = all ]; then
	suite unit make -s -C tests/unit run
	suite kernel_apply tests/lab/kernel_apply.sh
	suite checkpatch tests/lab/checkpatch.sh
	suite kselftest_export tests/lab/kselftest_export.sh
	suite iproute2 tests/lab/iproute2.sh
	suite dkms tests/lab/dkms.sh
	suite tools_deb tests/lab/tools_deb.sh
fi
# lab NAME [PHASE...]: lab-test.sh's phases into selftests.tap; a run that
# failed without saying which test failed gets a failing line of its own.
lab()
{
	local name=$1 lrc
	shift

	"$SMC_NEXT_TOP/scripts/lab-test.sh" "$results/lab" "$@" >> "$results/lab.out" 2>&1
	lrc=$?
	cat "$results"/lab/*.tap > "$results/selftests.tap" 2>/dev/null
	if [ $lrc != 0 ] && ! grep -q '^not ok' "$results/selftests.tap"; then
		echo "not ok 1 - $name: lab-test.sh exited $lrc" >> "$results/selftests.tap"
	fi
	if grep -q '^not ok' "$results/selftests.tap"; then
		echo "    --- $name failed; output in $results/lab.out, console logs in $results/lab:" >&2
		grep -E '^\[?.*(FAIL|not ok|vm-run|lab-guest|error|kmemleak)' "$results/lab.out" |
			tail -n 40 | sed 's/^/    /' >&2
	fi
}

if [ "$what" = vm ] || [ "$what" = all ]; then
	suite vm_runner tests/lab/vm_runner.sh
	lab "VM selftests"
fi
if [ "$what" = debug ]; then
	suite debug_kernel tests/lab/debug_kernel.sh
	# SMC_CHECK_DEBUG_PHASES: the phases to run, in order (default: all
	# of lab-test.sh's; CI runs single and pair). SMC_CHECK_DEADLINE
	# (epoch seconds): a phase starts only when it can end before then,
	# by its duration on the debug kernel (SMC_CHECK_DEBUG_NEED_single,
	# _pair, _peerkill, _interop_srv, _interop_clnt, in seconds). A phase
	# left out, or one that could not start in time, is counted as
	# skipped and says why.
	all_phases=$("$SMC_NEXT_TOP/scripts/lab-test.sh" --list-phases)
	phases=${SMC_CHECK_DEBUG_PHASES-$all_phases}
	for p in $all_phases; do
		case " $phases " in *" $p "*) ;; *)
			echo "ok 1 - [$p] debug kernel phase # SKIP left out (SMC_CHECK_DEBUG_PHASES)" \
				> "$results/skipped-$p.tap" ;;
		esac
	done
	rm -f "$results/lab.out"
	for p in $phases; do
		need_var=SMC_CHECK_DEBUG_NEED_${p//-/_}
		need=${!need_var:-0}
		if [ -n "${SMC_CHECK_DEADLINE:-}" ] && [ $(( $(date +%s) + need )) -gt "$SMC_CHECK_DEADLINE" ]; then
			echo "ok 1 - [$p] debug kernel phase # SKIP not started: it needs ${need} s, $(( SMC_CHECK_DEADLINE - $(date +%s) )) s were left" \
				> "$results/skipped-$p.tap"
			continue
		fi
		start=$SECONDS
		SMC_LAB_FLAVOUR=debug lab "VM selftests on the debug kernel" "$p"
		smc_next_log "debug phase $p took $((SECONDS - start)) s"
		echo "debug phase $p took $((SECONDS - start)) s" >> "$results/durations"
	done
fi

cat "$results"/*.tap > "$results/all.tap"
echo
grep -E '^not ok|# SKIP' "$results/all.tap"
skipped=$(grep -c '^ok .*# SKIP' "$results/all.tap")
passed=$(( $(grep -c '^ok ' "$results/all.tap") - skipped ))
failed=$(grep -c '^not ok' "$results/all.tap")
echo "TAP results: $results/all.tap"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
