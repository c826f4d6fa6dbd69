#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# smcr/smcd command lines on the host, where no SMC kernel is needed:
# help, usage errors and their exit codes. The kernel paths run in the
# lab (selftests/smc_tools.sh).

. "$(dirname "$0")/../../selftests/smc_lib.sh"
tools=$(cd "$(dirname "$0")/../../smc-tools" && pwd)

# expect NAME RC PATTERN CMD...
expect()
{
	local name=$1 want=$2 pattern=$3 out rc
	shift 3

	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" = "$want" ] && grep -qE -- "$pattern" <<< "$out"; then
		smc_lib_result_pass "$name"
	else
		echo "$out" | sed 's/^/    /'
		smc_lib_result_fail "$name" "exit $rc (wanted $want)"
	fi
}

expect "smcr --help: exit 0" 0 "^usage: smcr " "$tools/smcr" --help
expect "smcd -h lists seid" 0 "smcd seid" "$tools/smcd" -h
expect "smcr help lists no seid" 0 "smcr ueid" "$tools/smcr" help
expect "smcr ueid help" 0 "^usage: smcr ueid \[show\]" "$tools/smcr" ueid help
expect "smcd --version" 0 "^smcd \(smc-next\) " "$tools/smcd" --version
expect "no object: exit 2" 2 "^Error: no object given" "$tools/smcr"
expect "unknown object: exit 2" 2 "^Error: unknown object \"linkgroupx\"" "$tools/smcr" linkgroupx
expect "unknown option: exit 2" 2 "usage: smcd" "$tools/smcd" --frobnicate
expect "smcr seid does not exist: exit 2" 2 "unknown object \"seid\"" "$tools/smcr" seid
expect "over-long UEID: exit 2 before any kernel call" 2 "must have 1 to 32 characters" \
	"$tools/smcd" ueid add ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456
expect "ueid add without UEID: exit 2" 2 "unknown or incomplete command \"add\"" \
	"$tools/smcd" ueid add
expect "hs-limitation with two verbs: exit 2" 2 "too many arguments" \
	"$tools/smcd" hs-limitation enable disable

smc_lib_exit
