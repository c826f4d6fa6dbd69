#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs the selftests in the lab's guests and writes one TAP file per phase:
#   single          one guest of two vCPUs, patched kernel: SMC-D loopback,
#                   fallback
#   kselftest       one guest, patched kernel: the series' own selftests
#                   (tools/testing/selftests/net/smc), built and installed
#                   from the patched tree as kselftest does, run by its
#                   run_kselftest.sh
#   pair            two guests, patched kernels: SMC-R over rxe
#   peerkill        two guests, patched kernels: the server guest killed
#                   (its QEMU) during first contact, mid-transfer and under
#                   an idle reader, one lab run per case
#   interop-srv     patched client against a pristine (unpatched) server
#   interop-clnt    pristine client against a patched server
#   debian-dkms     Debian's binary kernel with smc-next-dkms's modules (and
#                   the lab's rdma_rxe, as every lab kernel has it): the
#                   single-host suite, then the two-host suite as client of
#                   a patched server
#   debian-interop  Debian's kernel, stock modules, against a patched
#                   kernel in both directions
#   debian-packages Debian's kernel, stock modules: smc-next's packages
#                   installed (DKMS builds in the guest), used and removed
# usage: lab-test.sh OUTDIR [PHASE...]
#        lab-test.sh --list-phases   (every phase, in the default order)
# Environment: SMC_LAB_FLAVOUR=debug runs the phases on the debug flavour of
# the patched kernel (patched-debug: lockdep, KASAN, UBSAN, kmemleak after
# every script, hung tasks), with more memory and time per guest; the
# pristine side of the interop phases stays the plain pristine kernel.
# Exit status: 0 when every phase ran and passed.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

all_phases=(single kselftest pair peerkill interop-srv interop-clnt debian-dkms debian-interop debian-packages)
if [ "${1:-}" = --list-phases ]; then
	echo "${all_phases[*]}"
	exit 0
fi
out=${1:?usage: lab-test.sh OUTDIR [PHASE...]}
shift
phases=("$@")
[ ${#phases[@]} -gt 0 ] || phases=("${all_phases[@]}")
mkdir -p "$out"
scripts=$SMC_NEXT_TOP/scripts
run_tests=$SMC_NEXT_TOP/selftests/run_tests.sh
rc=0
patched=patched
# The single-host and the two-host suites: the patched lab kernel runs
# them, and so does Debian's kernel with smc-next-dkms's modules.
single_scripts=(smc_loopback.sh smc_fallback.sh smc_netlink.sh smc_tools.sh smcss.sh
	smcd_tools.sh smc_pnet.sh smc_run.sh smc_netns.sh smcd_loopback_ctl.sh
	smc_ynl.sh smc_events.sh smc_clc_malformed.sh smc_churn.sh smcd_tcp_failed.sh smc_peer_abort.sh
	smc_close_order.sh
	smc_next.sh smc_chk.sh smc_monitor_overrun.sh ss_smc.sh ip_smc.sh)
pair_scripts=(smcr_features.sh smcr_rxe.sh smcr_tools.sh smcr_link_stats.sh
	smcr_second_link.sh smcr_events.sh smcr_faults.sh smcr_rtoken_churn.sh smcr_churn_cycles.sh
	smcr_failover.sh smcr_failover_close.sh smcr_first_contact_links.sh smcr_chk.sh
	smcr_iproute2.sh smcr_handshake_concurrency.sh smcr_join_link_down.sh
	smcr_close_nowait.sh)
# and what the two-host suite runs with: every feature expected
pair_env=(--env SELFTESTS_SMC_LIB_EXPECT_ALL_FEATURES=1)
vmopts=()
slow=1
# What the slowest single-host script may take (session 26: iproute2_deb.sh
# 52 s on the lab kernel, smc_clc_malformed.sh 112 s on the debug one): a
# single-host run bounded by CI's deadline starts a script only while that
# fits (run_tests.sh, SMC_RUN_TESTS_BUDGET).
single_reserve=120
if [ "${SMC_LAB_FLAVOUR:-}" = debug ]; then
	# KASAN's shadow and kmemleak's metadata need the memory, and the
	# instrumented kernel runs three to six times slower under TCG.
	# The debug run is there for the reports, not for volume: the normal
	# run does smc_churn.sh's 3000 cycles, the debug one 600, and
	# smcr_rtoken_churn.sh's 1000 concurrent connections 510.
	patched=patched-debug
	slow=5
	single_reserve=150
	vmopts=(--mem 2048 --env SMC_LIB_SLOW=$slow --env SMC_CHURN_CYCLES=600 --env SMC_RTOKEN_CHURN_MANY=510)
fi

# phase_timeout SECONDS: a phase's bound, cut to end 120 s before
# SMC_CHECK_DEADLINE (epoch seconds, set by CI) when that comes first: a
# phase stopped at the deadline still reports what it ran, where one
# killed with the whole check would leave no results at all.
phase_timeout()
{
	local bound=$1 left

	if [ -n "${SMC_CHECK_DEADLINE:-}" ]; then
		left=$((SMC_CHECK_DEADLINE - $(date +%s) - 120))
		[ "$left" -lt "$bound" ] && bound=$((left > 60 ? left : 60))
	fi
	echo "$bound"
}

# single_budget SECONDS: vm-run.sh's options for a single-host run bounded
# by SECONDS: the timeout, and the budget run_tests.sh keeps to (less a
# minute for the guest's boot and shutdown).
single_budget()
{
	local bound

	bound=$(phase_timeout "$1")
	echo "-t $bound --env SMC_RUN_TESTS_BUDGET=$((bound - 60)) --env SMC_RUN_TESTS_RESERVE=$single_reserve"
}

# collect PHASE RC: turns a phase's results into OUTDIR/PHASE.tap, with
# each line tagged by the phase and the guest it ran in.
collect()
{
	local phase=$1 prc=$2 f guest

	: > "$out/$phase.tap"
	for f in "$out/$phase"/results.tap "$out/$phase"/*/results.tap "$out/$phase"/*/*/results.tap; do
		[ -f "$f" ] || continue
		guest=${f#"$out/$phase"}
		guest=${guest#/}
		guest=${guest%results.tap}
		guest=${guest%/}
		grep -E '^(not )?ok ' "$f" |
			sed -E "s|^((not )?ok [0-9]+ - )|\1[$phase${guest:+/$guest}] |" >> "$out/$phase.tap"
	done
	# No result at all, or a failed run that no result explains, fails.
	if [ ! -s "$out/$phase.tap" ] ||
	   { [ "$prc" != 0 ] && ! grep -q '^not ok' "$out/$phase.tap"; }; then
		echo "not ok 1 - [$phase] the lab ran the phase to its end (exit $prc)" >> "$out/$phase.tap"
	fi
	grep -q '^not ok' "$out/$phase.tap" && rc=1
	smc_next_log "phase $phase: $(grep -c '^ok' "$out/$phase.tap") ok, $(grep -c '^not ok' "$out/$phase.tap") not ok"
	# What each script took (run_tests.sh), slowest first: what to cut
	# when a phase does not fit (the debug lab in CI).
	: > "$out/$phase.durations"
	for f in "$out/$phase".console.log "$out/$phase"/*.console.log "$out/$phase"/*/*.console.log; do
		[ -f "$f" ] || continue
		guest=${f#"$out/"}
		guest=${guest%.console.log}
		sed -n "s|^# \([^ ]*\) took \([0-9]*\) s\(.*\)|\2 s \1 [$guest]\3|p" "$f" >> "$out/$phase.durations"
	done
	sort -rn -o "$out/$phase.durations" "$out/$phase.durations"
	[ -s "$out/$phase.durations" ] &&
		smc_next_log "phase $phase, slowest scripts: $(head -n 5 "$out/$phase.durations" | paste -sd ';' -)"
	return 0
}

for phase in "${phases[@]}"; do
	rm -rf "${out:?}/$phase"
	smc_next_log "lab phase $phase"
	case $phase in
	single)
		# The patched kernel must have every feature the tests probe for.
		# iproute2_deb.sh tests a package's install, not the kernel: the
		# debug kernel's time goes to the rest. Two vCPUs: the lab's SMP
		# run (one guest of two fits the host's two CPUs; see vm-run.sh),
		# where handshakes, closes and CDC run on both at once.
		single_extra=()
		[ "$slow" = 1 ] && single_extra=(iproute2_deb.sh)
		# shellcheck disable=SC2046 # single_budget's words are options
		"$scripts/vm-run.sh" -n single --cpus 2 $(single_budget $((1500 * slow))) -k "$patched" "${vmopts[@]}" \
			-o "$out/single" -l "$out/single.console.log" \
			--env SELFTESTS_SMC_LIB_EXPECT_ALL_FEATURES=1 \
			-- "$scripts/lab-guest.sh" single "$run_tests" \
			"${single_scripts[@]}" "${single_extra[@]}"
		;;
	kselftest)
		# The tree's kselftests, as a kernel CI would run them: make
		# install on the host, run_kselftest.sh in the guest. A script
		# that ends before its TAP counts as failed.
		ksft=$out/kselftest/install	# the guest's $SMC_NEXT_OUT/install
		mkdir -p "$out/kselftest"
		make -s -C "$SMC_NEXT_KTREE/tools/testing/selftests" TARGETS=net/smc \
			KHDR_INCLUDES="-isystem $SMC_NEXT_CACHE/patched/headers/include" \
			O="$out/kselftest/build" INSTALL_PATH="$ksft" install \
			> "$out/kselftest/install.log" 2>&1 &&
		"$scripts/vm-run.sh" -n kselftest -t "$(phase_timeout $((600 * slow)))" -k "$patched" "${vmopts[@]}" \
			-o "$out/kselftest" -l "$out/kselftest.console.log" \
			--env SELFTESTS_SMC_LIB_EXPECT_ALL_FEATURES=1 \
			-- "$scripts/kselftest-guest.sh"
		;;
	pair)
		"$scripts/lab-pair.sh" --out "$out/pair" --timeout "$(phase_timeout $((1800 * slow)))" "${vmopts[@]}" \
			--client-kernel "$patched" --server-kernel "$patched" "${pair_env[@]}" \
			-- "$run_tests" "${pair_scripts[@]}"
		;;
	peerkill)
		prc=0
		for c in first established idle; do
			"$scripts/lab-pair.sh" --out "$out/peerkill/$c" --timeout "$(phase_timeout $((600 * slow)))" "${vmopts[@]}" \
				--client-kernel "$patched" --server-kernel "$patched" --kill-on-request \
				--env SMC_PEER_KILLED_CASE=$c -- "$run_tests" smcr_peer_killed.sh || prc=1
		done
		(exit $prc)
		;;
	interop-srv)
		"$scripts/lab-pair.sh" --out "$out/interop-srv" --timeout "$(phase_timeout $((900 * slow)))" "${vmopts[@]}" \
			--client-kernel "$patched" --server-kernel pristine \
			--env SELFTESTS_SMC_LIB_INTEROP=1 \
			-- "$run_tests" smcr_features.sh smcr_rxe.sh smcr_tools.sh smcr_link_stats.sh smcr_events.sh \
			smcr_iproute2.sh smcr_handshake_concurrency.sh smcr_close_nowait.sh
		;;
	interop-clnt)
		"$scripts/lab-pair.sh" --out "$out/interop-clnt" --timeout "$(phase_timeout $((900 * slow)))" "${vmopts[@]}" \
			--client-kernel pristine --server-kernel "$patched" \
			--env SELFTESTS_SMC_LIB_INTEROP=1 \
			-- "$run_tests" smcr_features.sh smcr_rxe.sh smcr_tools.sh smcr_link_stats.sh smcr_events.sh \
			smcr_iproute2.sh smcr_handshake_concurrency.sh
		;;
	debian-dkms)
		# Debian's own binary kernel with smc-next-dkms's modules
		# (scripts/debian-kernel.sh, debian-dkms-modules.sh): the single-host
		# suite on it, then the two-host one as the client of the patched
		# lab kernel.
		prc=0
		# shellcheck disable=SC2046 # single_budget's words are options
		"$scripts/vm-run.sh" -n debian-dkms $(single_budget $((1500 * slow))) -k debian-dkms "${vmopts[@]}" \
			-o "$out/debian-dkms/single" -l "$out/debian-dkms/single.console.log" \
			--env SELFTESTS_SMC_LIB_EXPECT_ALL_FEATURES=1 \
			-- "$scripts/lab-guest.sh" single "$run_tests" "${single_scripts[@]}" || prc=1
		"$scripts/lab-pair.sh" --out "$out/debian-dkms/pair" --timeout "$(phase_timeout $((1800 * slow)))" "${vmopts[@]}" \
			--client-kernel debian-dkms --server-kernel "$patched" "${pair_env[@]}" \
			-- "$run_tests" "${pair_scripts[@]}" || prc=1
		(exit $prc)
		;;
	debian-interop)
		# Debian's kernel with its stock modules against the patched lab
		# kernel, both ways: SMC-R used, nothing agreed, no error.
		prc=0
		for dir in clnt srv; do
			ck=debian sk=$patched
			[ $dir = srv ] && ck=$patched sk=debian
			"$scripts/lab-pair.sh" --out "$out/debian-interop/$dir" --timeout "$(phase_timeout $((600 * slow)))" "${vmopts[@]}" \
				--client-kernel "$ck" --server-kernel "$sk" \
				--env SELFTESTS_SMC_LIB_INTEROP=1 \
				-- "$run_tests" smcr_rxe.sh smcr_features.sh smcr_iproute2.sh || prc=1
		done
		(exit $prc)
		;;
	debian-packages)
		# smc-next-tools, libsmcnl0, libsmcnl-dev (scripts/tools-deb.sh)
		# and smc-next-dkms installed with dpkg on Debian's kernel; DKMS
		# builds smc.ko there, under emulation: about 6 minutes.
		"$scripts/vm-run.sh" -n debian-packages -t "$(phase_timeout $((1200 * slow)))" -k debian "${vmopts[@]}" \
			-o "$out/debian-packages" -l "$out/debian-packages.console.log" \
			-- "$scripts/lab-guest.sh" single "$run_tests" debian_packages.sh
		;;
	*) echo "lab-test: unknown phase $phase" >&2; exit 2 ;;
	esac
	collect "$phase" $?
done
exit $rc
