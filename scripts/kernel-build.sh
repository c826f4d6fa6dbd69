#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build a guest kernel (bzImage, everything built in) from the pristine or
# the patched tree, in an O= directory outside the clone, through ccache.
# usage: kernel-build.sh pristine|patched|NAME[-debug]
#   NAME: any other tree at ~/.cache/smc-next/NAME/src (a benchmark's variant)
#   NAME-debug: the tree of NAME with selftests/config.debug on top (lockdep,
#     KASAN, UBSAN, kmemleak, hung tasks, debug objects, LKDTM and the
#     kmemleak sample module to prove the reports fire), built in its own
#     directory ~/.cache/smc-next/NAME-debug/build through the same ccache
#   NAME-trace: the tree of NAME with selftests/config.trace on top (the
#     function graph tracer, kprobe events, scheduler statistics), likewise
# Prints the path of the bzImage on stdout.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

which=${1:-patched}
case $which in
*[!a-z0-9-]*|"") echo "usage: $0 pristine|patched|NAME" >&2; exit 2 ;;
esac
fragments=("$SMC_NEXT_TOP/selftests/config")
tree=$which
case $which in
*-debug)
	tree=${which%-debug}
	fragments+=("$SMC_NEXT_TOP/selftests/config.debug") ;;
*-trace)
	tree=${which%-trace}
	fragments+=("$SMC_NEXT_TOP/selftests/config.trace") ;;
esac
src=$SMC_NEXT_CACHE/$tree/src
[ -d "$src" ] || smc_next_die "no $tree kernel tree at $src: run make kernel"

out=$SMC_NEXT_CACHE/$which/build

# The lab's own kernel changes (tests/lab/kernel/*.patch, never part of
# patches/): in every tree built here, pristine included, so stock and the
# series meet the same lab. Applied once and kept; the files are marked
# skip-worktree so that git status, am, rebase and export see a clean tree
# (the series never touches them). A tree reset to base gets them again.
for p in "$SMC_NEXT_TOP"/tests/lab/kernel/*.patch; do
	[ -f "$p" ] || continue
	if git -C "$src" apply --check "$p" 2>/dev/null; then
		smc_next_log "lab patch ${p##*/} into the $tree tree"
		git -C "$src" apply "$p"
	elif ! git -C "$src" apply --check -R "$p" 2>/dev/null; then
		smc_next_die "lab patch ${p##*/} neither applies to the $tree tree nor is in it"
	fi
	git -C "$src" apply --numstat "$p" | cut -f3 |
		xargs git -C "$src" update-index --skip-worktree --
done
jobs=${SMC_NEXT_JOBS:-$(($(nproc) + 1))}
mkdir -p "$out" "$CCACHE_DIR"

kmake()
{
	make -s -C "$src" O="$out" CC="ccache gcc" HOSTCC="ccache gcc" \
		KBUILD_BUILD_USER=smc-next KBUILD_BUILD_HOST=lab \
		KBUILD_BUILD_TIMESTAMP="smc-next" LOCALVERSION="-$which" "$@"
}

# Regenerate .config only when the fragment changed: a rewritten but
# identical .config costs nothing, a changed one rebuilds what it must.
stamp=$( (cat "${fragments[@]}"; echo "$src") | sha256sum | cut -d' ' -f1)
if [ "$(cat "$out/.smc-next-config" 2>/dev/null)" != "$stamp" ]; then
	smc_next_log "configuring $which kernel in $out"
	kmake tinyconfig >/dev/null
	KCONFIG_CONFIG="$out/.config" "$src/scripts/kconfig/merge_config.sh" \
		-m -O "$out" "$out/.config" "${fragments[@]}" >/dev/null
	kmake olddefconfig >/dev/null
	# olddefconfig silently drops options whose dependencies are missing.
	missing=0
	while IFS= read -r line; do
		case $line in CONFIG_*=*) ;; *) continue ;; esac
		opt=${line%%=*} val=${line#*=}
		if [ "$val" = n ]; then
			grep -qx "$opt=[ym]" "$out/.config" && { echo "  $opt is set, fragment wants n" >&2; missing=1; }
		elif ! grep -qxF "$line" "$out/.config"; then
			echo "  $line requested, .config has: $(grep -E "^(# )?$opt[= ]" "$out/.config" || echo nothing)" >&2
			missing=1
		fi
	done < <(cat "${fragments[@]}")
	[ $missing = 0 ] || smc_next_die "${fragments[*]##*/} options were dropped by olddefconfig (missing dependencies?)"
	echo "$stamp" > "$out/.smc-next-config"
fi

smc_next_log "building $which kernel ($(git -C "$src" describe --always --tags HEAD)) with -j$jobs"
start=$(date +%s)
kmake -j"$jobs" bzImage >&2 || smc_next_die "$which kernel build failed"
# The debug flavour's only modules are the samples that prove its reports fire.
if grep -qx CONFIG_MODULES=y "$out/.config"; then
	kmake -j"$jobs" modules >&2 || smc_next_die "$which kernel modules failed"
fi
smc_next_log "$which kernel built in $(( $(date +%s) - start )) s"
echo "$out/arch/x86/boot/bzImage"
