#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The patched ss and ip (iproute2-ext/ on Debian's iproute2), built in the
# cache's tree: $SMC_NEXT_CACHE/iproute2/src/misc/ss and .../ip/ip. The
# lab guests run them from there. Prints the tree's path.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

src=$SMC_NEXT_CACHE/iproute2/src
"$(dirname "$0")/iproute2-fetch.sh"
cd "$src"
# configure once per tree state: it probes the libraries (libmnl for the
# kernel's extack messages, libelf, libcap)
stamp=$(git rev-parse HEAD)
if [ ! -f config.mk ] || [ "$(cat .git/smc-next-configured 2>/dev/null)" != "$stamp" ]; then
	./configure >/dev/null
	# objects do not depend on config.mk: build them again
	make -s clean >/dev/null
	echo "$stamp" >.git/smc-next-configured
fi
make -s -j"$(nproc)" SUBDIRS="lib ip misc" >/dev/null
[ -x misc/ss ] && [ -x ip/ip ] || smc_next_die "iproute2 build in $src made no ss or ip"
echo "$src"
