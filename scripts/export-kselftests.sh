#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Exports the single-host selftests that need nothing outside the kernel
# tree into a tree's tools/testing/selftests/net/smc, the directory the
# series' last patch adds (make -C tools/testing/selftests TARGETS=net/smc).
# selftests/ stays their source; selftests/kselftest/ has the files that
# exist only there (Makefile on lib.mk, config, settings).
# Usage: scripts/export-kselftests.sh [KERNEL_TREE]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree=${1:-$SMC_NEXT_KTREE}
src=$SMC_NEXT_TOP/selftests
dest=$tree/tools/testing/selftests/net/smc
progs=$(sed -n 's/^TEST_PROGS := //p' "$src/kselftest/Makefile")
mkdir -p "$dest"
cp "$src/kselftest/Makefile" "$src/kselftest/config" "$src/kselftest/settings" "$dest/"
for f in $progs smc_blocked.py smc_xfer.c smc_nlctl.c smc_sockdiag.c smc_sockdiag.h \
	 smc_socket.c smc_socket.h; do
	cp "$src/$f" "$dest/"
done
# smc_lib.sh up to the helpers only the lab's other scripts use
sed '/^# ---- Below: the helpers of the two-host lab/,$d' "$src/smc_lib.sh" > "$dest/smc_lib.sh"
grep -q '^smc_lib_exit()' "$dest/smc_lib.sh" || { echo "export-kselftests: smc_lib.sh cut wrongly" >&2; exit 1; }
chmod +x "$dest"/*.sh
smc_next_log "exported $(ls "$dest" | wc -l) files to $dest"
