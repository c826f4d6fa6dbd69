#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install Debian's linux-source-6.12 and turn it, once, into a git
# repository whose first commit (tag "base") is the pristine tree.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

want=$(smc_next_base_version)
tarball=/usr/src/linux-source-6.12.tar.xz

installed=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || true)
if [ "$installed" != "$want" ]; then
	[ "$(id -u)" = 0 ] || smc_next_die "linux-source-6.12 $want is not installed and we are not root"
	if apt-cache madison linux-source-6.12 | grep -qF " $want "; then
		smc_next_log "installing linux-source-6.12=$want"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends "linux-source-6.12=$want" >&2
	else
		smc_next_log "WARNING: linux-source-6.12 $want is not in the archive; using the newest"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends linux-source-6.12 >&2
	fi
	installed=$(dpkg-query -W -f='${Version}' linux-source-6.12)
fi
[ -f "$tarball" ] || smc_next_die "$tarball missing after installing linux-source-6.12"

if [ -d "$SMC_NEXT_KREPO/.git" ] && git -C "$SMC_NEXT_KREPO" rev-parse -q --verify base >/dev/null; then
	have=$(git -C "$SMC_NEXT_KREPO" config smc-next.debian-version || true)
	if [ "$have" = "$installed" ]; then
		exit 0
	fi
	smc_next_die "$SMC_NEXT_KREPO holds linux-source $have, not $installed; remove $SMC_NEXT_CACHE/pristine and $SMC_NEXT_CACHE/patched to start over"
fi

smc_next_log "unpacking linux-source-6.12 $installed into $SMC_NEXT_KREPO"
mkdir -p "$(dirname "$SMC_NEXT_KREPO")"
rm -rf "$SMC_NEXT_KREPO.tmp"
mkdir -p "$SMC_NEXT_KREPO.tmp"
tar -xJf "$tarball" -C "$SMC_NEXT_KREPO.tmp" --strip-components=1
smc_next_git_base "$SMC_NEXT_KREPO.tmp" pristine "linux-source-6.12 $installed (Debian, pristine)"
git -C "$SMC_NEXT_KREPO.tmp" config smc-next.debian-version "$installed"
mv "$SMC_NEXT_KREPO.tmp" "$SMC_NEXT_KREPO"
smc_next_log "pristine tree ready: $(git -C "$SMC_NEXT_KREPO" rev-parse --short base)"
