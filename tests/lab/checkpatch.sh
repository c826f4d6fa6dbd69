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
# The lab's tree is Debian's source package, without upstream history, so
# checkpatch cannot look up the commits that Fixes: tags name
# (UNKNOWN_COMMIT_ID). They are checked here instead, against
# upstream-commits.txt: the id and the subject must be a listed pair.
# Fixes also come first, so that they can go to stable alone: once a
# patch without a Fixes: tag has come, none with one may follow.
fix_after=
seen_feature=
for p in $listed; do
	# --no-tree would skip the tree's spelling and compat checks; run in it.
	smc_lib_check "checkpatch --strict $p" \
		bash -c "cd '$SMC_NEXT_KREPO' && ./scripts/checkpatch.pl --strict --quiet --no-summary --ignore UNKNOWN_COMMIT_ID '$SMC_NEXT_PATCHES/$p'"
	while read -r _ id subject; do
		subject=${subject#(\"}
		subject=${subject%\")}
		if grep -qxF "$id $subject" "$top/tests/lab/upstream-commits.txt"; then
			smc_lib_result_pass "$p: Fixes: $id is a known upstream commit"
		else
			smc_lib_result_fail "$p: Fixes: $id is a known upstream commit" \
				"not in tests/lab/upstream-commits.txt as '$id $subject'"
		fi
	done < <(grep '^Fixes: ' "$SMC_NEXT_PATCHES/$p")
	if grep -q '^Fixes: ' "$SMC_NEXT_PATCHES/$p"; then
		[ -n "$seen_feature" ] && fix_after="$fix_after $p (after $seen_feature)"
	else
		[ -n "$seen_feature" ] || seen_feature=$p
	fi
done
if [ -z "$fix_after" ]; then
	smc_lib_result_pass "the fixes (Fixes: tags) come first in the series"
else
	smc_lib_result_fail "the fixes (Fixes: tags) come first in the series" "out of place:$fix_after"
fi

# iproute2-ext: the same checkpatch, as iproute2's maintainers run it on
# its patches (--no-tree: an iproute2 patch is not a kernel tree's; the
# kernel's MAINTAINERS heuristic does not apply; EXECUTE_PERMISSIONS:
# iproute2's testsuite runs each tests/**/*.t as a program, and every
# upstream .t is mode 755), and series lists them all.
ip_ext=$top/iproute2-ext
ip_listed=$(sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$ip_ext/series")
ip_present=$(cd "$ip_ext" && ls -- [0-9][0-9][0-9][0-9]-*.patch 2>/dev/null)
if [ "$ip_listed" = "$ip_present" ]; then
	smc_lib_result_pass "iproute2-ext/series lists every patch, in order"
else
	diff <(echo "$ip_listed") <(echo "$ip_present") | sed 's/^/    /'
	smc_lib_result_fail "iproute2-ext/series lists every patch, in order"
fi
for p in $ip_listed; do
	smc_lib_check "checkpatch --strict iproute2-ext/$p" \
		"$checkpatch" --no-tree --strict --quiet --no-summary \
		--ignore FILE_PATH_CHANGES,EXECUTE_PERMISSIONS "$ip_ext/$p"
	smc_lib_check "iproute2-ext/$p is signed off" grep -q '^Signed-off-by: ' "$ip_ext/$p"
done

# W=1 over net/smc in both trees: the series adds no warning. Objects go
# to a build directory of their own, so the lab kernels keep theirs.
w1_warnings()
{
	local tree=$1 out=$SMC_NEXT_CACHE/$1/build-w1

	mkdir -p "$out"
	[ -f "$out/.config" ] || cp "$SMC_NEXT_CACHE/$tree/build/.config" "$out/.config"
	make -s -C "$SMC_NEXT_CACHE/$tree/src" O="$out" CC="ccache gcc" W=1 \
		olddefconfig >/dev/null 2>&1
	# Compile every file each time (ccache replays the warnings of a hit).
	rm -f "$out"/net/smc/*.o
	make -C "$SMC_NEXT_CACHE/$tree/src" O="$out" CC="ccache gcc" W=1 \
		-j"$(nproc)" net/smc/ 2>&1 | grep -E 'warning:' | sed -E 's/:[0-9]+:[0-9]+:/:/' | sort -u
}
if [ -f "$SMC_NEXT_CACHE/pristine/build/.config" ] && [ -f "$SMC_NEXT_CACHE/patched/build/.config" ]; then
	new=$(comm -13 <(w1_warnings pristine) <(w1_warnings patched))
	if [ -z "$new" ]; then
		smc_lib_result_pass "W=1: no new warnings in net/smc"
	else
		echo "$new" | sed 's/^/    /'
		smc_lib_result_fail "W=1: no new warnings in net/smc"
	fi
else
	smc_lib_result_skip "W=1: no new warnings in net/smc" "kernels not configured (make kernel)"
fi

smc_lib_exit
