#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kernel series is clean for scripts/checkpatch.pl --strict, one result
# per patch, and patches/ holds exactly what patches/series lists.

. "$(dirname "$0")/../../selftests/smc_lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/lib.sh"

checkpatch=$SMC_NEXT_KREPO/scripts/checkpatch.pl
[ -x "$checkpatch" ] || smc_lib_skip_all "no kernel tree at $SMC_NEXT_KREPO (make kernel)"

listed=$(sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$SMC_NEXT_PATCHES/series" 2>/dev/null)
present=$(cd "$SMC_NEXT_PATCHES" && ls -- *.patch 2>/dev/null | grep -v '^0000-cover-letter.patch$')
if [ "$(sort <<< "$listed")" = "$(sort <<< "$present")" ]; then
	smc_lib_result_pass "patches/series lists every patch in patches/"
else
	diff <(sort <<< "$listed") <(sort <<< "$present") | sed 's/^/    /'
	smc_lib_result_fail "patches/series lists every patch in patches/"
fi

[ -n "$listed" ] || smc_lib_result_skip "checkpatch --strict" "the series is empty"
for p in $listed; do
	# --no-tree would skip the tree's spelling and compat checks; run in it.
	smc_lib_check "checkpatch --strict $p" \
		bash -c "cd '$SMC_NEXT_KREPO' && ./scripts/checkpatch.pl --strict --quiet --no-summary '$SMC_NEXT_PATCHES/$p'"
done

smc_lib_exit
