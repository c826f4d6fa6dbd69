# SPDX-License-Identifier: GPL-2.0
# smc-next top level.
#   make          the patched and the pristine lab kernels, and user space
#   make demo     ... then the two-host demo: unchanged TCP programs over SMC
#   make check    ... then every test; ends with "N passed, N failed"
#   make check-debug  the debug flavour of the patched kernel (lockdep,
#                 KASAN, UBSAN, kmemleak): its reports fire, and every lab
#                 phase passes on it
#   make bench    ... then SMC against TCP, into Documentation/benchmarks/
#   make profile  ... then where SMC-R's time goes, into the same folder
#   make kernel   fetch linux-source-6.12, apply patches/series, build
#   make export-patches   regenerate patches/ from the kernel git tree
#   make iproute2 the patched ss and ip (iproute2-ext/), in the cache
#   make iproute2-deb  the patched iproute2 as Debian packages (source and
#                 binaries, lintian clean), in $(SMC_NEXT_CACHE)/iproute2-deb/out
#   make dkms-deb the series' net/smc as the DKMS package smc-next-dkms
#                 (lintian clean), in $(SMC_NEXT_CACHE)/dkms-deb/out
#   make kernel-reset     drop kernel tree work that is not in patches/
#   make install  the tools, smc_run's preload library, libsmcnl (shared,
#                 its header and libsmcnl.pc), man pages, bash completion;
#                 PREFIX (/usr/local), DESTDIR, BINDIR, LIBDIR, MANDIR ...
#   make uninstall        removes what install put there
# Kernel source, builds and ccache live in $(SMC_NEXT_CACHE), outside the clone.

SMC_NEXT_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/smc-next
export SMC_NEXT_CACHE
KHDR := $(SMC_NEXT_CACHE)/patched/headers
export KHDR_INCLUDES := -isystem $(KHDR)/include

all: kernel tools iproute2 iproute2-deb dkms-deb tools-deb

deps:
	@scripts/install-deps.sh

kernel: deps
	scripts/kernel-fetch.sh
	scripts/kernel-apply.sh
	scripts/kernel-build.sh pristine >/dev/null
	scripts/kernel-build.sh patched >/dev/null
	scripts/kernel-headers.sh

kernel-debug: kernel
	scripts/kernel-build.sh patched-debug >/dev/null

# iproute2-ext/ on Debian's iproute2: ss and ip with SMC, in the cache
iproute2: deps
	scripts/iproute2-build.sh >/dev/null

# iproute2-ext/ as Debian packages of bookworm's iproute2 (6.1.0-3+smcnext1),
# dpkg-buildpackage and lintian; skipped when the series did not change
iproute2-deb: iproute2
	scripts/iproute2-deb.sh >/dev/null

# net/smc of the patched tree as smc-next-dkms; skipped when nothing changed
dkms-deb: kernel
	scripts/dkms-build.sh >/dev/null

# libsmcnl and the tools as Debian packages (smc-next-tools, libsmcnl0,
# libsmcnl-dev), from the committed netlink/ and smc-tools/; skipped when
# they did not change
tools-deb: deps
	scripts/tools-deb.sh >/dev/null

kernel-reset: deps
	scripts/kernel-fetch.sh
	scripts/kernel-apply.sh --reset

export-patches:
	scripts/export-patches.sh

# User space needs the uapi headers of the patched tree.
tools: deps $(KHDR)/include/linux/smc.h
	$(MAKE) -C netlink
	$(MAKE) -C selftests
	$(MAKE) -C smc-tools
	$(MAKE) -C tests/unit

$(KHDR)/include/linux/smc.h:
	scripts/kernel-fetch.sh
	scripts/kernel-apply.sh
	scripts/kernel-headers.sh

check: all
	scripts/check.sh all

check-debug: all kernel-debug
	scripts/check.sh debug

# every patch on its own: SMC=y (W=1, sparse), SMC=m, without SMC_LO
check-series: kernel
	scripts/check-series.sh

check-host: tools
	scripts/check.sh host

# User space only: no kernel tree needed (libsmcnl carries its uapi copy).
# PREFIX is passed, not exported: an exported PREFIX would reach every
# make below this one, such as iproute2's in make iproute2-deb.
PREFIX ?= /usr/local
install:
	$(MAKE) -C netlink install PREFIX=$(PREFIX)
	$(MAKE) -C smc-tools install PREFIX=$(PREFIX)

uninstall:
	$(MAKE) -C netlink uninstall PREFIX=$(PREFIX)
	$(MAKE) -C smc-tools uninstall PREFIX=$(PREFIX)

demo: all
	scripts/demo.sh

bench: all
	scripts/bench.sh

profile: all
	scripts/profile.sh

clean:
	$(MAKE) -C netlink clean
	$(MAKE) -C selftests clean
	$(MAKE) -C smc-tools clean
	$(MAKE) -C netlink/examples clean
	$(MAKE) -C tests/unit clean

.PHONY: check-series all deps kernel kernel-debug check-debug kernel-reset export-patches tools check check-host demo bench profile clean install uninstall iproute2 iproute2-deb dkms-deb tools-deb
