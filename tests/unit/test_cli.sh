#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# smcr/smcd command lines on the host, where no SMC kernel is needed:
# help, usage errors and their exit codes. The kernel paths run in the
# lab (selftests/smc_tools.sh).

. "$(dirname "$0")/../../selftests/smc_lib.sh"
tools=$(cd "$(dirname "$0")/../../smc-tools" && pwd)

smc_lib_check_exit "smcr --help: exit 0" 0 "^usage: smcr " "$tools/smcr" --help
smc_lib_check_exit "smcd -h lists seid" 0 "smcd seid" "$tools/smcd" -h
smc_lib_check_exit "smcr help lists no seid" 0 "smcr ueid" "$tools/smcr" help
smc_lib_check_exit "smcr ueid help" 0 "^usage: smcr ueid \[show\]" "$tools/smcr" ueid help
smc_lib_check_exit "smcd --version" 0 "^smcd \(smc-next\) " "$tools/smcd" --version
smc_lib_check_exit "no object: exit 2" 2 "^Error: no object given" "$tools/smcr"
smc_lib_check_exit "unknown object: exit 2" 2 "^Error: unknown object \"linkgroupx\"" "$tools/smcr" linkgroupx
smc_lib_check_exit "unknown option: exit 2" 2 "usage: smcd" "$tools/smcd" --frobnicate
smc_lib_check_exit "smcr seid does not exist: exit 2" 2 "unknown object \"seid\"" "$tools/smcr" seid
smc_lib_check_exit "over-long UEID: exit 2 before any kernel call" 2 "must have 1 to 32 characters" \
	"$tools/smcd" ueid add ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456
smc_lib_check_exit "ueid add without UEID: exit 2" 2 "unknown or incomplete command \"add\"" \
	"$tools/smcd" ueid add
smc_lib_check_exit "hs-limitation with two verbs: exit 2" 2 "too many arguments" \
	"$tools/smcd" hs-limitation enable disable

smc_lib_exit
