#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# iproute2-ext on the host, no SMC in the kernel needed:
# - iproute2's own testsuite runs the series' tests/ss/smc.t (ss reading a
#   recorded SMC sock_diag dump through $SMCDIAG_FILE) in its own way
#   (make -C testsuite, under unshare -n), and it passes;
# - ip smc's command line: usage, bad PNET IDs, UEIDs, ports, objects and
#   missing arguments give an error that names them and exit 255 before
#   the kernel is asked, so with or without SMC in the host's kernel.

. "$(dirname "$0")/../../selftests/smc_lib.sh"
src=${SMC_NEXT_CACHE:-$HOME/.cache/smc-next}/iproute2/src
ipbin=$src/ip/ip

[ -x "$ipbin" ] && [ -x "$src/misc/ss" ] ||
	smc_lib_skip_all "no patched ip and ss in $src (make iproute2)"
command -v unshare >/dev/null || smc_lib_skip_all "unshare not installed (util-linux)"
command -v perl >/dev/null || smc_lib_skip_all "perl not installed"

# The testsuite runs each test as "sudo -E unshare -n tests/X.t" and
# "sudo dmesg" after it: we are root, sudo need not exist.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '#!/bin/sh\n[ "$1" = -E ] && shift\nexec "$@"\n' > "$tmp/sudo"
chmod +x "$tmp/sudo"
ts()
{
	PATH=$tmp:$PATH make -s -C "$src/testsuite" PREFIX="unshare -n" "$@"
}
if ts configure >"$tmp/configure.log" 2>&1; then
	ts ss/smc.t > "$tmp/smc.t.log" 2>&1
	results=$(ls "$src"/testsuite/results/ss/smc.t.*.out 2>/dev/null | head -n 1)
	if grep -q 'ss/smc.t .*PASS' "$tmp/smc.t.log" && [ -n "$results" ] &&
	   ! grep -q FAILED "$results"; then
		smc_lib_result_pass "testsuite ss/smc.t: $(grep -c 'SUCCESS' "$results") checks"
	else
		sed 's/^/    /' "$tmp/smc.t.log" ${results:+"$results"}
		cat "$src"/testsuite/results/ss/smc.t.*.err 2>/dev/null | sed 's/^/    /'
		smc_lib_result_fail "testsuite ss/smc.t" "see the output above"
	fi
else
	sed 's/^/    /' "$tmp/configure.log"
	smc_lib_result_fail "testsuite ss/smc.t" "make -C testsuite configure failed"
fi

# ip smc: errors found before the kernel is asked
check_usage()	# NAME PATTERN ARGS...: exit 255, an error matching PATTERN
{
	local name=$1 pattern=$2
	shift 2
	smc_lib_check_exit "ip smc $name: exit 255" 255 "$pattern" "$ipbin" smc "$@"
}
check_usage "help" '^Usage:	ip smc pnet' help
check_usage "(no object)" '^Usage:	ip smc pnet' 
check_usage "unknown object" '^Object "bogus" is unknown, try "ip smc help"\.$' bogus
check_usage "pnet: bad PNET ID" \
	'^Error: argument "NET_1" is wrong: PNET ID is 1 to 16 letters and digits$' \
	pnet add NET_1 dev lo
check_usage "pnet: PNET ID too long" 'argument "ABCDEFGHIJKLMNOPQ" is wrong' \
	pnet add ABCDEFGHIJKLMNOPQ dev lo
check_usage "pnet add: no device" '^Error: "dev" or "ib" is required\.$' pnet add NET1
check_usage "pnet add: port without ib" '^Error: "port" belongs to an "ib" device\.$' \
	pnet add NET1 dev lo port 1
check_usage "pnet add: port 3" '^Error: argument "3" is wrong: an RDMA port is 1 or 2$' \
	pnet add NET1 ib mlx5_0 port 3
check_usage "pnet add: dev twice" 'duplicate "dev"' pnet add NET1 dev lo dev lo
check_usage "pnet add: unknown keyword" 'argument "color" is wrong: unknown argument' \
	pnet add NET1 color blue
check_usage "pnet add: no PNET ID" 'argument "PNETID" is required' pnet add
check_usage "pnet: unknown command" '^Command "frob" is unknown' pnet frob
check_usage "ueid add: bad UEID" 'argument "-x" is wrong: a UEID is' ueid add -x
check_usage "ueid add: 33 characters" 'is wrong: a UEID is' ueid add ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456
check_usage "ueid delete: extra argument" 'argument "B" is wrong: unexpected argument' \
	ueid delete A B
check_usage "hs-limit: bad switch" '^Command "maybe" is unknown' hs-limit maybe
check_usage "linkgroup: bad type" 'argument "smcx" is wrong: type is smcr or smcd' \
	linkgroup show type smcx
check_usage "linkgroup: bad id" 'argument "zz" is wrong: a link group id is hexadecimal' \
	linkgroup id zz
check_usage "pnet: a PNET ID without show" '^Command "NET1" is unknown' pnet NET1
check_usage "link: incomplete" 'Command line is not complete' link linkgroup
check_usage "monitor: extra argument" 'argument "now" is wrong: unexpected argument' monitor now
# a complete command on a kernel without SMC says so (exit 2)
if ! grep -q '^SMC ' /proc/net/protocols 2>/dev/null &&
   ! modinfo smc >/dev/null 2>&1; then
	smc_lib_check_exit "ip smc info, kernel without SMC: exit 2, says so" 2 \
		'^Error: this kernel has no SMC \(generic netlink family "SMC_GEN_NETLINK" not found' \
		"$ipbin" smc info
	smc_lib_check_exit "ip smc pnet, kernel without SMC: exit 2, says so" 2 \
		'family "SMC_PNETID" not found' "$ipbin" smc pnet show
else
	smc_lib_result_skip "ip smc on a kernel without SMC" "this host's kernel has SMC"
fi
smc_lib_exit
