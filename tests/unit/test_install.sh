#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# "make install" into a DESTDIR: every file where it belongs, nothing
# setuid, the tools run from there, smc_run finds its installed preload
# library, the man pages and the completion load, libsmcnl exports only
# its API, an example program builds against it through pkg-config and
# runs; "make uninstall" leaves no file behind.

. "$(dirname "$0")/../../selftests/smc_lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
smc_lib_check_tools pkg-config man

dest=$(mktemp -d)
build=$(mktemp -d)
trap 'rm -rf "$dest" "$build"' EXIT
usr=$dest/usr

smc_lib_check "make install DESTDIR PREFIX=/usr" \
	make -s -C "$top" install DESTDIR="$dest" PREFIX=/usr
for f in bin/smcr bin/smcd bin/smcss bin/smc_pnet bin/smc_chk bin/smc_run \
	 lib/smc-next/libsmc-preload.so lib/libsmcnl.so.0.1.0 include/smcnl/smcnl.h \
	 lib/pkgconfig/libsmcnl.pc share/man/man8/smcr.8 share/man/man8/smc_chk.8 \
	 share/bash-completion/completions/smc-tools; do
	smc_lib_check "installed: /usr/$f" test -f "$usr/$f"
done
smc_lib_check_output "libsmcnl.so.0 is a link to the library" "^libsmcnl.so.0.1.0$" \
	readlink "$usr/lib/libsmcnl.so.0"
smc_lib_check_output "nothing setuid or setgid" "^0$" \
	bash -c "find '$dest' -perm /6000 | wc -l"
smc_lib_check_output "the preload library is mode 644" "^644$" \
	stat -c %a "$usr/lib/smc-next/libsmc-preload.so"

# the tools from their installed place
smc_lib_check_exit "installed smcr -v" 0 "^smcr utility, smc-next " "$usr/bin/smcr" -v
smc_lib_check_exit "installed smc_chk -h" 0 "^Usage: smc_chk " "$usr/bin/smc_chk" -h
smc_lib_check_exit "installed smc_run -v: the version written in" 0 \
	"^smc_run utility, smc-next [^@ ]+ " "$usr/bin/smc_run" -v
smc_lib_check_output "installed smc_run preloads the installed library" \
	"^LD_PRELOAD=$usr/lib/smc-next/libsmc-preload.so$" "$usr/bin/smc_run" env
for page in smcr smcd smcss smc_pnet smc_run smc_chk; do
	smc_lib_check "man page $page.8 renders" \
		bash -c "cd '$usr/share/man' && MANWIDTH=80 man -l man8/$page.8 2>&1 >/dev/null | \
			 { ! grep -q .; } && man -l man8/$page.8 | grep -q NAME"
done
smc_lib_check_output "the completion is there for each command" "^complete -F _smc_chk smc_chk$" \
	bash -c ". '$usr/share/bash-completion/completions/smc_chk'; complete -p smc_chk"

# libsmcnl: the API only, and a soname
smc_lib_check_output "libsmcnl's soname" "SONAME.*\[libsmcnl\.so\.0\]" \
	readelf -d "$usr/lib/libsmcnl.so.0.1.0"
smc_lib_check_output "it exports smcnl_* only, all in version SMCNL_0.1" "^0$" \
	bash -c "nm -D --defined-only '$usr/lib/libsmcnl.so.0.1.0' | awk '{print \$3}' |
		 grep -v '^SMCNL_0.1$' | grep -vc '^smcnl_[a-z0-9_]*@@SMCNL_0.1$' || true"
smc_lib_check_output "and as many as libsmcnl.map lists" \
	"^$(grep -c '^	smcnl_' "$top/netlink/libsmcnl.map")$" \
	bash -c "nm -D --defined-only '$usr/lib/libsmcnl.so.0.1.0' | grep -c ' smcnl_'"
smc_lib_check_output "no internal parser leaks out" "^0$" \
	bash -c "nm -D '$usr/lib/libsmcnl.so.0.1.0' | grep -c 'smcnl_parse_' || true"

# an example program through pkg-config, against the DESTDIR install
export PKG_CONFIG_PATH=$usr/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$dest
smc_lib_check_output "pkg-config finds libsmcnl" "^-I$usr/include -L$usr/lib -lsmcnl" \
	pkg-config --cflags --libs libsmcnl
cp "$top/netlink/examples/smcnl-info.c" "$top/netlink/examples/Makefile" "$build/"
smc_lib_check "the example builds through pkg-config" make -s -C "$build"
smc_lib_check_output "it links the installed libsmcnl.so.0" "libsmcnl\.so\.0 => $usr/lib/libsmcnl\.so\.0" \
	env LD_LIBRARY_PATH="$usr/lib" ldd "$build/smcnl-info"
smc_lib_check_output "and runs" "^smcnl-info: (SMC [0-9]+\.[0-9]+|this kernel offers no SMC)" \
	env LD_LIBRARY_PATH="$usr/lib" "$build/smcnl-info"

# another LIBDIR: smc_run and libsmcnl.pc learn it
dest64=$build/lib64
smc_lib_check "make install LIBDIR=/usr/lib64" \
	make -s -C "$top" install DESTDIR="$dest64" PREFIX=/usr LIBDIR=/usr/lib64
smc_lib_check "the preload library in /usr/lib64/smc-next" \
	test -f "$dest64/usr/lib64/smc-next/libsmc-preload.so"
smc_lib_check_output "smc_run looks there first" "'/usr/lib64/smc-next'" \
	grep -o "'/usr/lib64/smc-next'" "$dest64/usr/bin/smc_run"
smc_lib_check_output "libsmcnl.pc says libdir=/usr/lib64" "^libdir=/usr/lib64$" \
	grep "^libdir=" "$dest64/usr/lib64/pkgconfig/libsmcnl.pc"

smc_lib_check "make uninstall" make -s -C "$top" uninstall DESTDIR="$dest" PREFIX=/usr
smc_lib_check_output "no file left behind" "^0$" bash -c "find '$dest' ! -type d | wc -l"
smc_lib_exit
