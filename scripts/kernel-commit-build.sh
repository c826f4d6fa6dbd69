#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Builds net/smc of the kernel tree's current commit with W=1, built in
# and as modules, each in a build directory of its own under the cache
# (bisect: the lab's config; bisect-m: the same with SMC=m); fails on any
# warning or error. Every commit of the series, from the kernel tree:
#   git -C ~/.cache/smc-next/patched/src rebase -x "$PWD/scripts/kernel-commit-build.sh" base
# (a rebase that changes nothing keeps the commits as they are).
set -uo pipefail
. "$(dirname "$(readlink -f "$0")")/lib.sh"

commit=$(git log --oneline -1 | cut -c1-70)
for d in bisect bisect-m; do
	out=$SMC_NEXT_CACHE/$d/build
	smc_next_variant_config . "$out" "$([ $d = bisect-m ] && echo smc-m || echo smc-y)"
	log=$(make -s O="$out" CC="ccache gcc" W=1 -j"$(nproc)" net/smc/ 2>&1)
	rc=$?
	if [ $rc != 0 ] || grep -qE 'warning:|error:' <<< "$log"; then
		echo "FAIL $d: $commit"
		grep -E 'warning:|error:' <<< "$log" | head -20
		exit 1
	fi
	echo "ok $d: $commit"
done
