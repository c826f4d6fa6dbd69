#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Apply patches/series with git am onto tag "base" in the patched work tree
# (branch smc-next). A patch that does not apply stops everything with its
# name and git's reason.
#
# The tree is only rebuilt from the series when patches/ changed since the
# last apply or export; commits a developer made on top in the meantime are
# kept and built. "--reset" throws them away.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

reset=0
[ "${1:-}" = "--reset" ] && reset=1

series=$SMC_NEXT_PATCHES/series
[ -d "$SMC_NEXT_KREPO/.git" ] || smc_next_die "no kernel tree in $SMC_NEXT_KREPO: run scripts/kernel-fetch.sh"

g()
{
	git -C "$SMC_NEXT_KTREE" "$@"
}

if [ ! -e "$SMC_NEXT_KTREE/.git" ]; then
	git -C "$SMC_NEXT_KREPO" worktree prune
	git -C "$SMC_NEXT_KREPO" worktree add -q -B smc-next "$SMC_NEXT_KTREE" base
	reset=1
fi

while read -r p; do
	[ -f "$SMC_NEXT_PATCHES/$p" ] || smc_next_die "patches/series lists $p, which does not exist"
done < <(smc_next_series_patches)
want=$(smc_next_series_stamp)
have=$(g config --get smc-next.applied-stamp || true)
applied_head=$(g config --get smc-next.applied-head || true)

if [ $reset = 0 ] && [ "$want" = "$have" ]; then
	smc_next_log "series unchanged; building $SMC_NEXT_KTREE at $(g rev-parse --short HEAD)"
	exit 0
fi
if [ $reset = 0 ]; then
	if [ -n "$(g status --porcelain --untracked-files=no)" ] ||
	   [ "$(g rev-parse HEAD)" != "$applied_head" ]; then
		smc_next_die "patches/ changed, but $SMC_NEXT_KTREE has work not in patches/: export it (make export-patches) or drop it (make kernel-reset)"
	fi
fi

# git am needs a committer; a fresh machine may have none configured.
ident=()
g config user.email >/dev/null || ident=(-c "user.name=smc-next lab" -c user.email=smc-next@localhost)
g am --abort >/dev/null 2>&1 || true
g checkout -q -B smc-next base
g reset -q --hard base
# Until the whole series is in, the tree counts as base with nothing applied.
g config --unset smc-next.applied-stamp || true
g config smc-next.applied-head "$(g rev-parse base)"
n=0
while read -r p; do
	file=$SMC_NEXT_PATCHES/$p
	if ! out=$(g "${ident[@]}" am -q --3way --committer-date-is-author-date "$file" 2>&1); then
		g am --abort >/dev/null 2>&1 || true
		g reset -q --hard base
		echo "$out" | sed 's/^/    /' >&2
		smc_next_die "patch $p does not apply to $(smc_next_base_version): $(echo "$out" | grep -m1 -E '^(error|fatal):' || echo "$out" | head -1)"
	fi
	n=$((n + 1))
done < <(smc_next_series_patches)

g config smc-next.applied-stamp "$want"
g config smc-next.applied-head "$(g rev-parse HEAD)"
smc_next_log "applied $n patch(es) from $series onto base"
