#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Debian bookworm's iproute2 source (iproute2-ext/BASE), unpacked with its
# Debian patches into a git repository in the cache (tag "base"), and
# iproute2-ext/series applied on branch smc-next with git am. Checks the
# .dsc against the SHA-256 in BASE and the tarballs against the .dsc.
#   --reset   drop the work tree's changes that are not in iproute2-ext/
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ext=$SMC_NEXT_TOP/iproute2-ext
dir=$SMC_NEXT_CACHE/iproute2
src=$dir/src
field() { sed -n "s/^$1 //p" "$ext/BASE"; }
read -r pkg version < <(field debian-source)
dsc_sha=$(field debian-dsc-sha256)
pool=$(field debian-pool)
dsc=${pkg}_$version.dsc

mkdir -p "$dir/dl"
if [ ! -f "$dir/dl/$dsc" ] || ! echo "$dsc_sha  $dir/dl/$dsc" | sha256sum -c --quiet >/dev/null 2>&1; then
	smc_next_log "fetching $pool/$dsc"
	curl -sSfL -o "$dir/dl/$dsc.tmp" "$pool/$dsc"
	echo "$dsc_sha  $dir/dl/$dsc.tmp" | sha256sum -c --quiet ||
		smc_next_die "$dsc: SHA-256 is not the one in iproute2-ext/BASE"
	mv "$dir/dl/$dsc.tmp" "$dir/dl/$dsc"
fi
# the tarballs the .dsc names, with the SHA-256 it gives
sed -n '/^Checksums-Sha256:/,/^[^ ]/s/^ \([0-9a-f]\{64\}\) [0-9]* \(.*\)$/\1 \2/p' "$dir/dl/$dsc" |
while read -r sha file; do
	if ! echo "$sha  $dir/dl/$file" | sha256sum -c --quiet >/dev/null 2>&1; then
		smc_next_log "fetching $pool/$file"
		curl -sSfL -o "$dir/dl/$file" "$pool/$file"
		echo "$sha  $dir/dl/$file" | sha256sum -c --quiet ||
			smc_next_die "$file: SHA-256 is not the one in $dsc"
	fi
done

if [ ! -d "$src/.git" ]; then
	smc_next_log "unpacking $pkg $version into $src"
	rm -rf "$src" "$src.tmp"
	dpkg-source --no-check -x "$dir/dl/$dsc" "$src.tmp" >/dev/null
	rm -rf "$src.tmp/.pc"	# quilt's record of Debian's patches
	smc_next_git_base "$src.tmp" debian "$pkg $version (Debian source, its patches applied)"
	mv "$src.tmp" "$src"
fi

cd "$src"
if [ "${1:-}" = --reset ]; then
	git am --abort >/dev/null 2>&1 || true
	git checkout -q -f -B smc-next base
	git clean -q -fdx -e build-stamp
	rm -f .git/smc-next-series
fi
if ! git rev-parse -q --verify smc-next >/dev/null; then
	git checkout -q -b smc-next base
fi
# the series, unless the branch holds exactly it: the patches' contents
# (not only their subjects) as last applied, and no commit since
want=$(grep -v '^#' "$ext/series" | sed '/^$/d' || true)
sum=$(cd "$ext" && cat /dev/null $want | sha256sum | cut -d' ' -f1)
applied=$(cat .git/smc-next-series 2>/dev/null || true)
if [ "$applied" != "$sum $(git rev-parse smc-next)" ]; then
	[ -z "$(git status --porcelain --untracked-files=no)" ] ||
		smc_next_die "$src has changes that are not committed; commit them or run with --reset"
	# commits made in the tree since the last apply are never thrown away
	if [ -n "$applied" ] && [ "${applied#* }" != "$(git rev-parse smc-next)" ]; then
		smc_next_die "$src has commits that are not in iproute2-ext/: run scripts/iproute2-export.sh (or --reset to drop them)"
	fi
	git checkout -q smc-next
	git reset -q --hard base
	for p in $want; do
		git -c user.name="smc-next lab" -c user.email=smc-next@localhost am -q --keep-cr "$ext/$p" ||
			smc_next_die "iproute2-ext/$p does not apply; see $src (git am --abort)"
	done
	echo "$sum $(git rev-parse smc-next)" >.git/smc-next-series
	smc_next_log "iproute2-ext: $(echo "$want" | wc -w) patches applied on $pkg $version"
fi
