#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# libsmcnl's copy of the SMC uapi headers (netlink/uapi) is the patched
# tree's: a change to the series' uapi must be copied (scripts/libsmcnl-uapi.sh).
# Skipped where the kernel tree was not built.

. "$(dirname "$0")/../../selftests/smc_lib.sh"
here=$(cd "$(dirname "$0")/../.." && pwd)

"$here/scripts/libsmcnl-uapi.sh" --check >/dev/null 2>&1
case $? in
0) smc_lib_result_pass "netlink/uapi is the patched tree's uapi" ;;
4) smc_lib_result_skip "netlink/uapi is the patched tree's uapi" "no patched headers (make kernel)" ;;
*) "$here/scripts/libsmcnl-uapi.sh" --check 2>&1 | head -20 | sed 's/^/    /'
   smc_lib_result_fail "netlink/uapi is the patched tree's uapi" "run scripts/libsmcnl-uapi.sh" ;;
esac
smc_lib_exit
