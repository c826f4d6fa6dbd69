#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every patch of patches/series builds on its own: applied one at a time
# with git am onto tag "base" in a work tree of its own (the patched tree
# is left alone), and after each one net/smc is built in three
# configurations, each in a build directory of its own, through ccache:
#   smc-y      the lab's config (SMC=y), W=1 and sparse (C=2: every file)
#   smc-m      SMC=m, SMC_DIAG=m, W=1
#   no-lo      SMC=y without SMC_LO (loopback-ism), W=1
# A patch fails when a build fails or prints a warning (compiler or
# sparse) that the same configuration does not print on base; base's own
# sparse warnings are stock's and are not the series' to fix.
# Prints TAP, one line per patch and configuration with its time, and ends
# with "N passed, N failed".
# usage: check-series.sh [CONFIG...]   (default: smc-y smc-m no-lo)
set -uo pipefail
. "$(dirname "$0")/lib.sh"

configs=("$@")
[ ${#configs[@]} = 0 ] && configs=(smc-y smc-m no-lo)
wt=$SMC_NEXT_CACHE/series/src
[ -f "$SMC_NEXT_CACHE/patched/build/.config" ] ||
	smc_next_die "no lab kernel config yet: run make kernel first"
command -v sparse >/dev/null || smc_next_die "sparse is missing (apt-get install sparse)"

git -C "$SMC_NEXT_KREPO" worktree prune
if [ ! -d "$wt" ]; then
	mkdir -p "$(dirname "$wt")"
	git -C "$SMC_NEXT_KREPO" worktree add -q --detach "$wt" base ||
		smc_next_die "cannot make a work tree at $wt"
fi
g()
{
	git -C "$wt" -c user.name="smc-next check-series" \
		-c user.email="check-series@localhost" "$@"
}
g am --abort >/dev/null 2>&1
g checkout -q --detach base && g reset -q --hard base ||
	smc_next_die "cannot reset $wt to base"

# build NAME: builds net/smc of the work tree's state in configuration
# NAME; prints its warnings (file:line stripped, so that moved lines
# compare equal) and returns make's status
build()
{
	local out flags=(W=1) log rc

	out=$SMC_NEXT_CACHE/series/build-$1
	smc_next_variant_config "$wt" "$out" "$1"
	[ "$1" = smc-y ] && flags+=(C=2)
	log=$(make -s -C "$wt" O="$out" CC="ccache gcc" "${flags[@]}" -j"$(nproc)" net/smc/ 2>&1)
	rc=$?
	grep -E 'warning:|error:' <<< "$log" |
		sed -E 's/^([^:]*):[0-9]+:[0-9]+:/\1:/' | sort -u
	return $rc
}

passed=0 failed=0 n=0
echo "TAP version 13"
declare -A stock
for c in "${configs[@]}"; do
	stock[$c]=$(build "$c") || smc_next_die "base does not build in $c"
done
while read -r p; do
	n=$((n + 1))
	if ! out=$(g am -q --keep-cr "$SMC_NEXT_PATCHES/$p" 2>&1); then
		g am --abort >/dev/null 2>&1
		echo "not ok $n - $p: does not apply: $(head -1 <<< "$out")"
		failed=$((failed + 1))
		break
	fi
	for c in "${configs[@]}"; do
		start=$SECONDS
		warnings=$(build "$c")
		rc=$?
		new=$(comm -13 <(echo "${stock[$c]}") <(echo "$warnings") | grep .)
		if [ $rc = 0 ] && [ -z "$new" ]; then
			echo "ok - $p: $c ($((SECONDS - start)) s)"
			passed=$((passed + 1))
		else
			echo "not ok - $p: $c ($((SECONDS - start)) s): exit $rc"
			sed 's/^/#   /' <<< "$new"
			failed=$((failed + 1))
		fi
	done
done < <(smc_next_series_patches)
echo "1..$((passed + failed))"
echo "$passed passed, $failed failed"
[ $failed = 0 ]
