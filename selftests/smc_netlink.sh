#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# SMC_GEN_NETLINK administration: UEID add, show, delete and flush round
# trips, and refused requests that say why (extack) where the kernel can.

. "$(dirname "$0")/smc_lib.sh"

smc_lib_check_smc
smc_lib_check_tools smc_nlctl
nl=$SMC_LIB_NLCTL
test_ueid=SMCNEXT-SELFTEST.1
smc_lib_ueid_save	# the flushes below: smc_lib_exit restores the table
# what strerror() says for the errnos a refusal without extack gives
errno_text='Invalid argument$|File exists$|No such file or directory$'
errno_text+='|Numerical result out of range$'

# refused NAME EXPECTED_MESSAGE UEID-ARGS...: the kernel must refuse; the
# extack message, if the kernel sends one, must say EXPECTED_MESSAGE.
refused()
{
	local name=$1 msg=$2 out rc
	shift 2

	out=$("$nl" ueid "$@" 2>&1)
	rc=$?
	if [ $rc != 1 ]; then
		smc_lib_result_fail "$name: refused" "exit $rc: $out"
		return
	fi
	smc_lib_result_pass "$name: refused"
	if grep -q "$msg" <<< "$out"; then
		smc_lib_result_pass "$name: kernel says why"
	elif grep -qE "$errno_text" <<< "$out"; then
		smc_lib_result_skip_feature "$name: kernel says why" "no extack message: $out"
	else
		smc_lib_result_fail "$name: kernel says why" "unexpected: $out"
	fi
}

"$nl" ueid del "$test_ueid" >/dev/null 2>&1
smc_lib_check "UEID add" "$nl" ueid add "$test_ueid"
smc_lib_check_output "UEID show lists it" "^$test_ueid *\$" "$nl" ueid show
refused "UEID added twice" "already defined" add "$test_ueid"
refused "lower-case UEID" "must start with A-Z or 0-9" add "smcnext-lower"
refused "UEID starting with '-'" "must start with A-Z or 0-9" add "-SMCNEXT"
smc_lib_check "UEID delete" "$nl" ueid del "$test_ueid"
smc_lib_check "UEID show no longer lists it" \
	bash -c "! '$nl' ueid show | grep -q '^$test_ueid'"
refused "deleting an unknown UEID" "not defined" del "$test_ueid"

# Fill the table (4 entries at most), then one more.
"$nl" ueid flush
for i in 1 2 3 4; do "$nl" ueid add "SMCNEXT-FULL.$i" >/dev/null; done
refused "fifth UEID" "table is full" add "SMCNEXT-FULL.5"
smc_lib_check "UEID flush" "$nl" ueid flush
smc_lib_check_output "UEID table empty after flush" '^$' "$nl" ueid show
smc_lib_ueid_setup

smc_lib_exit
