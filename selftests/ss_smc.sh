#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ss with iproute2-ext's SMC family against live SMC-D connections: AF_SMC
# and IPPROTO_SMC, IPv4 and IPv6, a fallback. ss -A smc lists the same
# sockets, states, modes and addresses as the libnl-free sock_diag reader
# (smc_nlctl); -4/-6, state and port filters, -l, -e, -i and -p do what
# they do for TCP; -s counts them by mode.

. "$(dirname "$0")/smc_lib.sh"

iproute2=${SMC_LIB_IPROUTE2:-${SMC_NEXT_CACHE:-$HOME/.cache/smc-next}/iproute2/src}
ss=$iproute2/misc/ss
smc_lib_check_smc
smc_lib_check_tools smc_xfer smc_nlctl python3
[ -x "$ss" ] || smc_lib_skip_all "no patched ss in $iproute2 (scripts/iproute2-build.sh)"
smc_lib_ueid_setup || smc_lib_skip_all "cannot configure a UEID"

pids=()
cleanup()
{
	kill "${pids[@]}" 2>/dev/null
	smc_lib_ueid_restore
}
trap cleanup EXIT

# server PORT ARGS...: an smc_xfer server; client HOST PORT ARGS...: a
# client that holds its connection open
server()
{
	local port=$1
	shift
	"$SMC_LIB_XFER" server -p "$port" -w 60 "$@" >/dev/null 2>&1 &
	pids+=($!)
	smc_lib_wait_listen "$port"
}
client()
{
	local host=$1 port=$2
	shift 2
	"$SMC_LIB_XFER" client "$host" -p "$port" -w 10 -H 120 "$@" >/dev/null 2>&1 &
	pids+=($!)
}

server 5601 && client 127.0.0.1 5601
server 5602 -6 -f inet && client ::1 5602 -6 -f inet
# AF_SMC over IPv6: the kernel reports no family, and a listener on [::]
# has no address to tell it by
server 5604 -6 && client ::1 5604 -6
python3 -c '
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 5603)); s.listen(1); c, _ = s.accept(); time.sleep(120)' &
pids+=($!)
smc_lib_wait_listen 5603
client 127.0.0.1 5603
# all three client connections ACTIVE before looking
smc_lib_check "the connections are up" smc_lib_wait_for 30 bash -c \
	"[ \$('$SMC_LIB_NLCTL' sockets | grep -c 'state ACTIVE') -ge 7 ]"

# ss -A smc -a against the sock_diag reader: inode -> state, mode, addresses
compare()
{
	python3 - "$@" <<'PY'
import re, subprocess, sys
ss, nlctl = sys.argv[1], sys.argv[2]
want = {}
for line in subprocess.run([nlctl, "sockets"], capture_output=True, text=True).stdout.splitlines():
    m = re.match(r"inode (\d+) state (\S+) mode (\S+) local (\S+) peer (\S+)", line)
    if m:
        ino, state, mode, local, peer = m.groups()
        listen = state == "LISTEN"
        mode = {"SMCD": "smc-d", "SMCR": "smc-r", "TCP": "fallback"}[mode]
        port = local.rsplit(":", 1)[1]
        want[ino] = ("LISTEN", None, port, None) if listen else ("ESTAB", mode, local, peer)
got = {}
for line in subprocess.run([ss, "-A", "smc", "-a", "-n", "-e", "-H"], capture_output=True,
                           text=True).stdout.splitlines():
    f = line.split()
    ino = re.search(r" ino:(\d+)", line).group(1)
    if f[0] == "LISTEN":
        got[ino] = ("LISTEN", None, f[3].rsplit(":", 1)[1], None)
    else:
        got[ino] = (f[0], f[5].split(":")[0], f[3], f[4])
if got == want:
    print("same %d sockets" % len(got))
else:
    print("ss:    ", sorted(got.items()))
    print("nlctl: ", sorted(want.items()))
PY
}
smc_lib_check_output "ss -A smc -a: the sockets, states, modes and addresses of sock_diag" \
	"^same [0-9]+ sockets$" compare "$ss" "$SMC_LIB_NLCTL"
smc_lib_check_output "IPv6 addresses as IPv6: [::1]:5602" "^ESTAB .* \[::1\]:5602 +\[::1\]:[0-9]+ +smc-d" \
	"$ss" -A smc -n
smc_lib_check_output "a fallback: the reason in words" \
	'fallback:"peer did not indicate SMC"\(0x03010000\)' "$ss" -A smc -n
smc_lib_check_output "-6: the IPv6 sockets only" "^4 IPv6, 0 other$" \
	bash -c "'$ss' -A smc -6 -n -H | awk '{ if (\$4 ~ /^\\[/) v6++; else o++ } END { print v6 + 0 \" IPv6, \" o + 0 \" other\" }'"
smc_lib_check_output "-4 state established dport = :5601: the client's socket" \
	"^1 ESTAB 127\.0\.0\.1:5601$" \
	bash -c "'$ss' -A smc -4 -n -H state established dport = :5601 | awk '{ n++; a = \$4 } END { print n \" ESTAB \" a }'"
smc_lib_check_output "AF_SMC listener on [::]: IPv6 (-6 -l lists it, -4 -l not)" "^v6 1 v4 0$" \
	bash -c "echo v6 \$('$ss' -A smc -6 -l -n -H | grep -c ':5604 ') v4 \$('$ss' -A smc -4 -l -n -H | grep -c ':5604 ')"
smc_lib_check_output "-l: the three SMC listeners only" "^3 listeners, 0 connections$" \
	bash -c "'$ss' -A smc -l -n -H | awk '{ if (/smc-|fallback/) c++; else l++ } END { print l + 0 \" listeners, \" c + 0 \" connections\" }'"
smc_lib_check_output "-p: the process" 'users:\(\("smc_xfer",pid=[0-9]+' "$ss" -A smc -p -n
smc_lib_check_output "-i: the connection and its DMBs, on a line of their own" "^	 token:[0-9a-f]{8} sndbuf:[0-9]+ .* linkid:[0-9a-f]{8} gid:[0-9a-f]{16}" \
	"$ss" -A smc -i -n
smc_lib_check_output "-e: uid, inode, cookie, shutdown state" " ino:[0-9]+ sk:[0-9a-f]+ <->" "$ss" -A smc -e -n
smc_lib_check_output "the SMC listeners are not TCP's: -A tcp shows their internal socket as tcp" \
	"^tcp" "$ss" -A tcp,smc -l -n -H
smc_lib_check_output "-s: the SMC sockets by mode" \
	"^SMC: +10 \(smc-r 0, smc-d 6, fallback 1, listening 3, other 0\)$" "$ss" -s
smc_lib_exit
