#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# scripts/kernel-apply.sh against a small stand-in kernel tree: the series
# applies with git am, a patch that does not apply fails naming the patch,
# and work not yet exported to patches/ is never thrown away.

. "$(dirname "$0")/../../selftests/smc_lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SMC_NEXT_CACHE=$tmp/cache SMC_NEXT_PATCHES=$tmp/patches
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@localhost GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@localhost
repo=$SMC_NEXT_CACHE/pristine/src
tree=$SMC_NEXT_CACHE/patched/src
mkdir -p "$repo" "$SMC_NEXT_PATCHES"
cp "$top/patches/BASE" "$SMC_NEXT_PATCHES/"
(
	cd "$repo" && git init -q -b pristine &&
	mkdir -p net/smc && printf 'line one\nline two\n' > net/smc/af_smc.c &&
	git add -A && git commit -qm base && git tag base &&
	git checkout -qb work &&
	sed -i 's/line two/line two, patched/' net/smc/af_smc.c &&
	git commit -qam "net/smc: good change" &&
	git format-patch -q -1 -o "$SMC_NEXT_PATCHES" &&
	git checkout -q pristine && git branch -qD work
) || { smc_lib_result_fail "stand-in tree" "setup failed"; smc_lib_exit; }
good=$(cd "$SMC_NEXT_PATCHES" && ls 0001-*.patch)
apply=$top/scripts/kernel-apply.sh

echo "$good" > "$SMC_NEXT_PATCHES/series"
smc_lib_check "a good series applies" "$apply"
smc_lib_check_output "the patched tree has the change" "line two, patched" cat "$tree/net/smc/af_smc.c"
smc_lib_check_output "an unchanged series is not applied again" "series unchanged" "$apply"

# A patch whose context is not in the tree.
sed 's/line two/line zwei/' "$SMC_NEXT_PATCHES/$good" > "$SMC_NEXT_PATCHES/0002-net-smc-bad.patch"
sed -i 's/good change/bad change/' "$SMC_NEXT_PATCHES/0002-net-smc-bad.patch"
printf '%s\n0002-net-smc-bad.patch\n' "$good" > "$SMC_NEXT_PATCHES/series"
out=$("$apply" 2>&1)
rc=$?
if [ $rc != 0 ] && grep -q "patch 0002-net-smc-bad.patch does not apply" <<< "$out"; then
	smc_lib_result_pass "a patch that does not apply fails, named"
else
	echo "$out" | sed 's/^/    /'
	smc_lib_result_fail "a patch that does not apply fails, named" "exit $rc"
fi
smc_lib_check_output "a failed apply leaves no git am in progress" "^$" \
	bash -c "ls '$repo/.git/worktrees/src/rebase-apply' 2>/dev/null; true"

printf '0003-missing.patch\n' > "$SMC_NEXT_PATCHES/series"
out=$("$apply" 2>&1)
if [ $? != 0 ] && grep -q "lists 0003-missing.patch, which does not exist" <<< "$out"; then
	smc_lib_result_pass "a missing patch file fails, named"
else
	smc_lib_result_fail "a missing patch file fails, named"
fi

# Unexported work in the kernel tree survives a changed series.
echo "$good" > "$SMC_NEXT_PATCHES/series"
"$apply" >/dev/null 2>&1
(cd "$tree" && echo "line three" >> net/smc/af_smc.c && git commit -qam "net/smc: work in progress")
echo "# comment" >> "$SMC_NEXT_PATCHES/series"
out=$("$apply" 2>&1)
if [ $? != 0 ] && grep -q "has work not in patches/" <<< "$out" &&
   grep -q "line three" "$tree/net/smc/af_smc.c"; then
	smc_lib_result_pass "unexported kernel work is kept, not overwritten"
else
	echo "$out" | sed 's/^/    /'
	smc_lib_result_fail "unexported kernel work is kept, not overwritten"
fi
smc_lib_check "--reset applies the series over it" "$apply" --reset

smc_lib_exit
