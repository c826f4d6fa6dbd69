#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The series' last patch carries the single-host selftests as kselftests
# (tools/testing/selftests/net/smc); selftests/ is their source. The
# patched tree must hold exactly what scripts/export-kselftests.sh makes
# of selftests/ now: a change to a test without a new export fails here.

. "$(dirname "$0")/../../selftests/smc_lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
ktree=${SMC_NEXT_CACHE:-$HOME/.cache/smc-next}/patched/src
dir=tools/testing/selftests/net/smc

[ -d "$ktree/$dir" ] || smc_lib_skip_all "no patched kernel tree with $dir (make kernel)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/$(dirname $dir)"
"$top/scripts/export-kselftests.sh" "$tmp" >/dev/null 2>&1
smc_lib_check_output "the patched tree's $dir is selftests/ exported" "^same$" \
	bash -c "diff -r '$ktree/$dir' '$tmp/$dir' >&2 && echo same"
smc_lib_check "$dir is in the patches (the last one adds it)" \
	grep -q "^+++ b/$dir/Makefile" "$top"/patches/0*.patch
smc_lib_exit
