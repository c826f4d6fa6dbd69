#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Installs the patched tree's uapi headers (make headers_install) for user
# space: ABI numbers come from the kernel, never from a copy of ours.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

dest=$SMC_NEXT_CACHE/patched/headers
stamp=$(git -C "$SMC_NEXT_KTREE" rev-parse 'HEAD^{tree}')
[ "$(cat "$dest/.stamp" 2>/dev/null)" = "$stamp" ] &&
	[ -z "$(git -C "$SMC_NEXT_KTREE" status --porcelain --untracked-files=no -- include/uapi)" ] && exit 0
smc_next_log "installing uapi headers of the patched tree into $dest"
make -s -C "$SMC_NEXT_KTREE" O="$SMC_NEXT_CACHE/patched/hdr-build" \
	INSTALL_HDR_PATH="$dest" headers_install
echo "$stamp" > "$dest/.stamp"
