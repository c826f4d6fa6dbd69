#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# iproute2-ext/ from the cache's iproute2 repository (branch smc-next, on
# tag base): git format-patch, and the series file in that order. Never
# edit a patch by hand: change the tree, then export.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ext=$SMC_NEXT_TOP/iproute2-ext
src=$SMC_NEXT_CACHE/iproute2/src
[ -d "$src/.git" ] || smc_next_die "no $src: run scripts/iproute2-fetch.sh"
git -C "$src" rev-parse -q --verify smc-next >/dev/null || smc_next_die "no branch smc-next in $src"

rm -f "$ext"/[0-9][0-9][0-9][0-9]-*.patch
git -C "$src" format-patch -q --zero-commit --no-signature -o "$ext" base..smc-next
{
	sed -n '/^#/p' "$ext/series"
	(cd "$ext" && ls [0-9][0-9][0-9][0-9]-*.patch)
} >"$ext/series.new"
mv "$ext/series.new" "$ext/series"
# the tree now holds exactly the exported series (iproute2-fetch.sh's record)
want=$(grep -v '^#' "$ext/series" | sed '/^$/d')
sum=$(cd "$ext" && cat /dev/null $want | sha256sum | cut -d' ' -f1)
echo "$sum $(git -C "$src" rev-parse smc-next)" >"$src/.git/smc-next-series"
smc_next_log "iproute2-ext: $(grep -vc '^#' "$ext/series") patches exported"
