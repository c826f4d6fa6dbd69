#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# libsmcnl's copy of the SMC uapi headers (netlink/uapi/linux) from the
# patched tree's installed headers; --check only compares (exit 1 on drift,
# 4 when the patched headers are not there).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cache=${SMC_NEXT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/smc-next}
src=$cache/patched/headers/include/linux
dst=$here/netlink/uapi/linux
files="smc.h smc_diag.h smc_next.h"

[ -f "$src/smc_next.h" ] || { echo "libsmcnl-uapi: no patched headers in $src (make kernel)" >&2; exit 4; }
if [ "${1:-}" = --check ]; then
	rc=0
	for f in $files; do
		diff -u "$dst/$f" "$src/$f" || { echo "libsmcnl-uapi: $f differs from the patched tree" >&2; rc=1; }
	done
	exit $rc
fi
for f in $files; do
	install -m 0644 "$src/$f" "$dst/$f"
done
echo "libsmcnl-uapi: copied $files from $src"
