#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Regenerates the smc_next family's code from its spec in a kernel tree, as
# tools/net/ynl/ynl-regen.sh would: the uapi header and net/smc's policy and
# ops files. Run at each patch of the series that changes the spec.
# Usage: scripts/smc-next-ynl-gen.sh [KERNEL_TREE]
set -euo pipefail
tree=$(cd "${1:-$HOME/.cache/smc-next/patched/src}" && pwd)
# ynl-gen-c names the spec by its path relative to the tree: give it an
# absolute path inside the tree (a path outside loops for ever in 6.12).
spec=$tree/Documentation/netlink/specs/smc_next.yaml
gen=$tree/tools/net/ynl/ynl-gen-c.py
cd "$tree"
timeout 120 python3 "$gen" --mode uapi --header --spec "$spec" \
	-o include/uapi/linux/smc_next.h
timeout 120 python3 "$gen" --mode kernel --header --spec "$spec" \
	-o net/smc/smc_next_nl_gen.h
timeout 120 python3 "$gen" --mode kernel --source --spec "$spec" \
	-o net/smc/smc_next_nl_gen.c
