#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Regenerates patches/ from the commits on top of "base" in the patched
# kernel tree: git format-patch with a cover letter and the base recorded;
# patches/series follows. Never edit a patch file by hand.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

g()
{
	git -C "$SMC_NEXT_KTREE" "$@"
}

[ -e "$SMC_NEXT_KTREE/.git" ] || smc_next_die "no patched kernel tree at $SMC_NEXT_KTREE (make kernel)"
[ -z "$(g status --porcelain --untracked-files=no)" ] ||
	smc_next_die "$SMC_NEXT_KTREE has uncommitted changes: commit them first"

n=$(g rev-list --count base..HEAD)
rm -f "$SMC_NEXT_PATCHES"/*.patch
if [ "$n" -gt 0 ]; then
	# The cover letter comes from patches/COVER: subject, blank line, body.
	g config branch.smc-next.description "$(cat "$SMC_NEXT_PATCHES/COVER")"
	g format-patch -q --cover-letter --cover-from-description=subject \
		--base=base --no-signature --zero-commit \
		--subject-prefix="PATCH smc-next" -o "$SMC_NEXT_PATCHES" base..HEAD
fi
(
	cd "$SMC_NEXT_PATCHES"
	echo "# smc-next series for linux-source-6.12 $(smc_next_base_version); applied with git am in this order"
	ls -- *.patch 2>/dev/null | grep -v '^0000-cover-letter.patch$' || true
) > "$SMC_NEXT_PATCHES/series"
# The tree now is what patches/ says: record that, so kernel-apply.sh keeps it.
g config smc-next.applied-stamp "$(smc_next_series_stamp)"
g config smc-next.applied-head "$(g rev-parse HEAD)"
smc_next_log "exported $n patch(es) to $SMC_NEXT_PATCHES"
