#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# smc-tools against the running kernel: smcr/smcd ueid, seid and
# hs-limitation round trips, text and JSON output of the same state,
# refusals that name the object and the cause, and exit codes 0/1/2.

. "$(dirname "$0")/smc_lib.sh"

tools=$(cd "$SMC_LIB_DIR/../smc-tools" && pwd)
smcr=$tools/smcr
smcd=$tools/smcd

smc_lib_check_smc
[ -x "$smcr" ] && [ -x "$smcd" ] || smc_lib_skip_all "smc-tools not built (make -C smc-tools)"
smc_lib_check_tools python3 setpriv

ueid=SMCNEXT-TOOLS.1

# json_of EXPR CMD...: CMD's output parsed as JSON (d), EXPR printed.
json_of()
{
	local expr=$1
	shift

	"$@" | python3 -c "import json, sys; d = json.load(sys.stdin); print($expr)"
}

"$smcd" ueid del "$ueid" >/dev/null 2>&1
smc_lib_check "smcd ueid add" "$smcd" ueid add "$ueid"
smc_lib_check_output "smcr ueid lists it (text)" "^$ueid\$" "$smcr" ueid
smc_lib_check_output "smcr -j ueid lists it (JSON)" "^True\$" \
	json_of "'$ueid' in d['ueid']" "$smcr" -j ueid
smc_lib_check_exit "UEID added twice: exit 1, names UEID and cause" 1 \
	"^Error: cannot add UEID \"$ueid\": (UEID is already defined|File exists)" \
	"$smcd" ueid add "$ueid"
smc_lib_check_exit "lower-case UEID: exit 1, the kernel's reason" 1 \
	"^Error: cannot add UEID \"lower\": (UEID must start|Invalid argument)" \
	"$smcd" ueid add lower
smc_lib_check_exit "over-long UEID: usage error, exit 2" 2 "must have 1 to 32 characters" \
	"$smcd" ueid add "$(printf 'X%.0s' $(seq 33))"
smc_lib_check_exit "unprivileged ueid add: exit 1, says CAP_NET_ADMIN" 1 \
	"Operation not permitted \(this needs CAP_NET_ADMIN\)" \
	setpriv --reuid=65534 --regid=65534 --clear-groups "$smcd" ueid add SMCNEXT-NOBODY
smc_lib_check_exit "unprivileged ueid show works" 0 "^$ueid\$" \
	setpriv --reuid=65534 --regid=65534 --clear-groups "$smcd" ueid show
smc_lib_check "smcr ueid del" "$smcr" ueid del "$ueid"
smc_lib_check_exit "deleting an unknown UEID: exit 1" 1 "^Error: cannot delete UEID \"$ueid\": " \
	"$smcr" ueid del "$ueid"
smc_lib_check_exit "unknown ueid command: exit 2" 2 "unknown or incomplete command \"frob\"" \
	"$smcr" ueid frob

# SEID: s390 only; elsewhere none, and disabled.
smc_lib_check_exit "smcd seid (text)" 0 "^ ?\[(enabled|disabled)\]$| \[(enabled|disabled)\]$" "$smcd" seid
smc_lib_check_output "smcd -j seid (JSON)" "^(True|False)$" \
	json_of "d['enabled']" "$smcd" -j seid
smc_lib_check_exit "smcr has no seid object: exit 2" 2 "unknown object \"seid\"" "$smcr" seid

# Handshake limitation: per netns, so a test netns keeps the host's alone.
ip netns add smc-tools-hs 2>/dev/null
smc_lib_check_exit "hs-limitation enable" 0 "" ip netns exec smc-tools-hs "$smcr" hs-limitation enable
smc_lib_check_exit "hs-limitation shows enabled" 0 "^enabled$" ip netns exec smc-tools-hs "$smcd" hs-limitation
smc_lib_check_output "hs-limitation JSON agrees" "^True$" \
	json_of "d['enabled']" ip netns exec smc-tools-hs "$smcd" -j hs-limitation
smc_lib_check_exit "hs-limitation disable" 0 "" ip netns exec smc-tools-hs "$smcr" hs-limitation disable
smc_lib_check_exit "hs-limitation shows disabled" 0 "^disabled$" ip netns exec smc-tools-hs "$smcd" hs-limitation
ip netns del smc-tools-hs

smc_lib_check_exit "--help: exit 0" 0 "^Usage: smcd " "$smcd" --help
smc_lib_check_exit "no object: exit 2" 2 "no object given" "$smcd"

smc_lib_ueid_setup
smc_lib_exit
