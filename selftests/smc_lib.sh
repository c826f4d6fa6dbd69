#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Shared helpers of the SMC selftests, modelled on selftests/net/mptcp's
# mptcp_lib.sh: results collected per test, printed as TAP 13; skip is
# exit 4 (KSFT_SKIP); features are probed, versions never compared.

readonly KSFT_PASS=0
readonly KSFT_FAIL=1
readonly KSFT_SKIP=4

SMC_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SMC_LIB_XFER=${SMC_LIB_XFER:-$SMC_LIB_DIR/smc_xfer}
SMC_LIB_NLCTL=${SMC_LIB_NLCTL:-$SMC_LIB_DIR/smc_nlctl}
# How much longer than usual a test holds connections open for others to
# look at: the lab's debug kernel (lockdep, KASAN) runs several times
# more slowly (lab-test.sh sets 5 for it).
SMC_LIB_SLOW=${SMC_LIB_SLOW:-1}
# The UEID both lab hosts share: SMC-Dv2 and SMC-Rv2 need one on x86.
SMC_LIB_UEID=${SMC_LIB_UEID:-SMCNEXT-LAB-UEID}
# SMC_LIB_ROLE (client or server) and SMC_LIB_PEER are set by the two-host
# lab; SMC_LIB_TAP, if set, is a file that receives a copy of the TAP lines.

declare -a __SMC_LIB_RESULTS=()
declare -A __SMC_LIB_NAMES=()

# SELFTESTS_SMC_LIB_EXPECT_ALL_FEATURES=1 turns a missing feature into a failure.
smc_lib_expect_all_features()
{
	[ "${SELFTESTS_SMC_LIB_EXPECT_ALL_FEATURES:-}" = 1 ]
}

__smc_lib_result_add()
{
	local status=$1 name=$2

	if [ -n "${__SMC_LIB_NAMES[$name]:-}" ]; then
		echo "smc_lib: duplicate test name '$name'" >&2
		status="not ok"
		name="$name (duplicate)"
	fi
	__SMC_LIB_NAMES[$name]=1
	__SMC_LIB_RESULTS+=("$status - $(basename "$0" .sh): $name")
}

smc_lib_result_pass()
{
	__smc_lib_result_add "ok" "$1"
	echo "PASS: $1"
}

smc_lib_result_fail()
{
	__smc_lib_result_add "not ok" "$1"
	echo "FAIL: $1${2:+: $2}"
}

smc_lib_result_skip()
{
	__smc_lib_result_add "ok" "$1 # SKIP ${2:-}"
	echo "SKIP: $1${2:+: $2}"
}

# smc_lib_result_of NAME RC OUTPUT: the result of a case whose program
# exited with RC (0 pass, 4 skip, else fail) and printed OUTPUT, shown
# indented; OUTPUT's last line is the reason of a skip or a failure
smc_lib_result_of()
{
	local name=$1 rc=$2 out=$3

	echo "$out" | sed 's/^/    /'
	case $rc in
	0) smc_lib_result_pass "$name" ;;
	4) smc_lib_result_skip "$name" "$(tail -1 <<< "$out")" ;;
	*) smc_lib_result_fail "$name" "$(tail -1 <<< "$out")" ;;
	esac
}

# A test that cannot run because the kernel lacks a feature: a skip, or a
# failure under SELFTESTS_SMC_LIB_EXPECT_ALL_FEATURES=1.
smc_lib_result_skip_feature()
{
	if smc_lib_expect_all_features; then
		smc_lib_result_fail "$1" "missing feature: ${2:-}"
	else
		smc_lib_result_skip "$1" "${2:-}"
	fi
}

smc_lib_result_count_failed()
{
	local r n=0

	for r in "${__SMC_LIB_RESULTS[@]}"; do
		[[ $r == "not ok"* ]] && n=$((n + 1))
	done
	echo $n
}

smc_lib_print_all_tap()
{
	local i=0 r

	{
		echo "TAP version 13"
		echo "1..${#__SMC_LIB_RESULTS[@]}"
		for r in "${__SMC_LIB_RESULTS[@]}"; do
			i=$((i + 1))
			echo "${r/ - / $i - }"
		done
	} | if [ -n "${SMC_LIB_TAP:-}" ]; then tee -a "$SMC_LIB_TAP"; else cat; fi
}

# net.smc.features (smc-next) is 0 by default: the CLC feature extensions
# are opt-in. smc_lib_features_on offers every one this kernel has (bits it
# lacks are ignored) until smc_lib_exit or smc_lib_features_restore; on a
# kernel without them it does nothing.
SMC_LIB_FEATURES_SAVED=
smc_lib_features_on()
{
	[ -w /proc/sys/net/smc/features ] || return 0
	[ -n "$SMC_LIB_FEATURES_SAVED" ] ||
		SMC_LIB_FEATURES_SAVED=$(cat /proc/sys/net/smc/features)
	echo 4294967295 > /proc/sys/net/smc/features
}

smc_lib_features_restore()
{
	[ -n "$SMC_LIB_FEATURES_SAVED" ] || return 0
	echo "$SMC_LIB_FEATURES_SAVED" > /proc/sys/net/smc/features
	SMC_LIB_FEATURES_SAVED=
}

# Exit status of a test script: failure if any result failed.
smc_lib_exit()
{
	smc_lib_features_restore
	smc_lib_ueid_restore
	smc_lib_print_all_tap
	[ "$(smc_lib_result_count_failed)" = 0 ] && exit $KSFT_PASS
	exit $KSFT_FAIL
}

smc_lib_skip_all()
{
	local why=$1

	if smc_lib_expect_all_features; then
		smc_lib_result_fail "feature check" "$why"
		smc_lib_exit
	fi
	smc_lib_result_skip "all" "$why"
	smc_lib_features_restore
	smc_lib_ueid_restore
	smc_lib_print_all_tap
	exit $KSFT_SKIP
}

# Skips the whole script unless the kernel has SMC and SMC sock_diag.
smc_lib_check_smc()
{
	if ! grep -q '^SMC ' /proc/net/protocols 2>/dev/null; then
		smc_lib_skip_all "no SMC in this kernel (CONFIG_SMC)"
	fi
	if ! "$SMC_LIB_NLCTL" sockets >/dev/null 2>&1; then
		smc_lib_skip_all "no SMC sock_diag (CONFIG_SMC_DIAG)"
	fi
}

smc_lib_check_tools()
{
	local tool

	for tool in "$@"; do
		case $tool in
		smc_xfer|smc_nlctl|smc_crr|smc_clc_peer)
			[ -x "$SMC_LIB_DIR/$tool" ] ||
				smc_lib_skip_all "$tool not built (make -C selftests)" ;;
		*)
			command -v "$tool" >/dev/null ||
				smc_lib_skip_all "$tool not installed" ;;
		esac
	done
}

# Feature probe: a symbol in the running kernel or one of its modules
# (whose lines end in a tab and "[module]").
smc_lib_kallsyms_has()
{
	grep -qE " $1(\s\[[^]]*\])?\$" /proc/kallsyms 2>/dev/null
}

# Makes sure the lab UEID is configured (the table is global, not per netns).
# The UEID table is the host's, not a namespace's: smc_lib_ueid_save keeps
# it as the script found it, and smc_lib_exit puts it back, so that the
# selftests' own UEIDs and flushes leave an administrator's in place.
SMC_LIB_UEIDS_SAVED=
smc_lib_ueid_save()
{
	[ -n "$SMC_LIB_UEIDS_SAVED" ] && return 0
	local ueids

	ueids=$("$SMC_LIB_NLCTL" ueid show 2>/dev/null | tr -d ' ' | tr '\n' ' ')
	SMC_LIB_UEIDS_SAVED="saved $ueids"
}

smc_lib_ueid_restore()
{
	local u

	[ -n "$SMC_LIB_UEIDS_SAVED" ] || return 0
	"$SMC_LIB_NLCTL" ueid flush >/dev/null 2>&1
	for u in ${SMC_LIB_UEIDS_SAVED#saved }; do
		"$SMC_LIB_NLCTL" ueid add "$u" >/dev/null 2>&1
	done
	SMC_LIB_UEIDS_SAVED=
}

smc_lib_ueid_setup()
{
	smc_lib_ueid_save
	"$SMC_LIB_NLCTL" ueid show | grep -q "^$SMC_LIB_UEID *\$" && return 0
	"$SMC_LIB_NLCTL" ueid add "$SMC_LIB_UEID"
}

smc_lib_print_title()
{
	printf '%02u %-56s' "$((${#__SMC_LIB_RESULTS[@]} + 1))" "$1"
}

# smc_lib_check NAME CMD...: one result from a command's exit status; its
# output is shown when it fails.
smc_lib_check()
{
	local name=$1 out rc
	shift

	out=$("$@" 2>&1)
	rc=$?
	if [ $rc = 0 ]; then
		smc_lib_result_pass "$name"
	else
		echo "$out" | sed 's/^/    /'
		smc_lib_result_fail "$name" "exit $rc: $*"
	fi
	return $rc
}

# smc_lib_check_output NAME EXPECTED_REGEX CMD...: the output must match.
smc_lib_check_output()
{
	local name=$1 expect=$2 out rc
	shift 2

	out=$("$@" 2>&1)
	rc=$?
	if [ $rc != 0 ]; then
		echo "$out" | sed 's/^/    /'
		smc_lib_result_fail "$name" "command failed (exit $rc): $*"
		return 2
	fi
	if ! grep -qE "$expect" <<< "$out"; then
		echo "$out" | sed 's/^/    /'
		smc_lib_result_fail "$name" "output does not match '$expect'"
		return 1
	fi
	smc_lib_result_pass "$name"
}

# smc_lib_check_exit NAME RC PATTERN CMD...: CMD exits RC and its output
# (both streams) has a line matching PATTERN.
smc_lib_check_exit()
{
	local name=$1 want=$2 pattern=$3 out rc
	shift 3

	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" = "$want" ] && grep -qE -- "$pattern" <<< "$out"; then
		smc_lib_result_pass "$name"
	else
		echo "$out" | sed 's/^/    /'
		smc_lib_result_fail "$name" "exit $rc (wanted $want), output must match '$pattern'"
	fi
}

# smc_lib_clc_netem DEV TYPE NETEM...: CLC messages of TYPE (1 PROPOSAL,
# 2 ACCEPT, 3 CONFIRM, 4 DECLINE) that DEV sends get netem NETEM...;
# everything else, RoCE and the rest of TCP, is left alone. Matches the
# CLC header at the start of a TCP segment's payload: its eyecatcher
# ("SMC" in EBCDIC, v1 and v2 alike) and type, behind a 20-byte IP header
# and a 32-byte TCP header (Linux sends timestamps on every segment of a
# connection that agreed them, and SMC's CLC connections do).
# "smc_lib_clc_netem DEV clear" ends it.
smc_lib_clc_netem()
{
	smc_lib_clc_netem_port "$1" "$2" 0 "${@:3}"
}

# smc_lib_clc_netem_port DEV TYPE PORT NETEM...: as smc_lib_clc_netem, for
# the CLC messages to TCP port PORT only (0: to any port)
smc_lib_clc_netem_port()
{
	local dev=$1 type=$2 port=$3 dport=()
	shift 3

	tc qdisc del dev "$dev" root 2>/dev/null
	[ "$type" = clear ] && return 0
	[ "$port" != 0 ] && dport=(match u16 "$port" 0xffff at 22)
	tc qdisc add dev "$dev" root handle 1: prio bands 4 \
		priomap 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 &&
		tc qdisc add dev "$dev" parent 1:4 handle 40: netem "$@" limit 100000 &&
		tc filter add dev "$dev" parent 1: protocol ip prio 1 u32 \
			match ip protocol 6 0xff "${dport[@]}" match u8 0x80 0xf0 at 32 \
			match u32 0xe2d4c300 0xffffff00 at 52 match u8 "$type" 0xff at 56 flowid 1:4
}

# smc_lib_clc_netem_held DEV: how many packets smc_lib_clc_netem's delay
# on DEV holds now (0 without it)
smc_lib_clc_netem_held()
{
	tc -s qdisc show dev "$1" | awk '
		/^qdisc netem 40:/ { n = 1 }
		n && /backlog/ { print $3 + 0; found = 1; exit }
		END { if (!found) print 0 }'
}

# smc_lib_wait_listen PORT: waits until a TCP or SMC socket listens on
# PORT locally (a background server is ready). Polled, bounded by
# SMC_LIB_LISTEN_WAIT seconds (30): a program's first start in a fresh
# emulated guest reads it over 9p and can take several seconds. On
# timeout it says so on stderr and returns 1.
smc_lib_wait_listen()
{
	local port=$1 end=$((SECONDS + ${SMC_LIB_LISTEN_WAIT:-30}))

	while [ $SECONDS -lt $end ]; do
		"$SMC_LIB_NLCTL" sockets | grep -q "state LISTEN .*:$port " && return 0
		ss -Htln "sport = :$port" 2>/dev/null | grep -q . && return 0
		sleep 0.1
	done
	echo "smc_lib: nothing listens on port $port after ${SMC_LIB_LISTEN_WAIT:-30} s" >&2
	return 1
}

# ---- Below: the helpers of the two-host lab and of the smc-tools tests.
# ---- scripts/export-kselftests.sh leaves them out of the kernel tree's
# ---- copy (tools/testing/selftests/net/smc), whose scripts use none.

# smc_lib_pair_sync NAME PORT: in the two-host lab, the client and the
# server wait for each other at the point NAME, over plain TCP on PORT.
smc_lib_pair_sync()
{
	local name=$1 port=$2

	if [ "${SMC_LIB_ROLE:?}" = server ]; then
		python3 -c "
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('0.0.0.0', $port)); s.listen(1); s.settimeout(180)
c, _ = s.accept(); assert c.recv(64) == b'$name'; c.close()"
	else
		for _ in $(seq 600); do
			python3 -c "
import socket
c = socket.create_connection(('${SMC_LIB_PEER:?}', $port), timeout=2); c.sendall(b'$name')" \
				2>/dev/null && return 0
			sleep 0.2
		done
		return 1
	fi
}

# smc_lib_pair_exchange PORT WORD [BOUND]: in the two-host lab, each host
# sends WORD (one line, no spaces needed) to the other over plain TCP on
# PORT and prints the other's; bounded by BOUND seconds (default 180).
smc_lib_pair_exchange()
{
	local port=$1 word=$2 bound=${3:-180}

	python3 - "${SMC_LIB_ROLE:?}" "${SMC_LIB_PEER:?}" "$port" "$word" "$bound" <<'PY'
import socket, sys, time
role, peer, port, word = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
bound = int(sys.argv[5])
if role == "server":
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", port)); s.listen(1); s.settimeout(bound)
    c, _ = s.accept()
else:
    deadline = time.time() + bound
    while True:
        try:
            c = socket.create_connection((peer, port), timeout=2); break
        except OSError:
            if time.time() > deadline: raise
            time.sleep(0.2)
c.settimeout(bound)
c.sendall(word.encode() + b"\n"); c.shutdown(socket.SHUT_WR)
got = b""
while not got.endswith(b"\n"):
    d = c.recv(256)
    if not d: break
    got += d
print(got.decode().strip())
PY
}

# smc_lib_kill_peer: in a two-host lab started with --kill-on-request
# (SMC_LAB_KILL=1), has the lab kill the peer guest's QEMU, a host that
# dies at once without a word on the wire, and waits until it no longer
# answers a ping (bounded, 30 s). Returns 1 when it still answers then.
smc_lib_kill_peer()
{
	local end=$((SECONDS + 30))

	[ "${SMC_LAB_KILL:-}" = 1 ] || return 1
	: > "${SMC_NEXT_OUT:?}/kill-peer"
	while [ $SECONDS -lt $end ]; do
		ping -c1 -W1 "${SMC_LIB_PEER:?}" >/dev/null 2>&1 || return 0
	done
	return 1
}

# smc_lib_wait_for SECS CMD...: until CMD succeeds, polled, for at most
# SECS seconds; 1 when it never did
smc_lib_wait_for()
{
	local end=$((SECONDS + $1))

	shift
	while [ $SECONDS -lt $end ]; do
		"$@" && return 0
		sleep 0.2
	done
	return 1
}

# smc_lib_lgr_count: this host's SMC-R link groups
smc_lib_lgr_count()
{
	"$SMC_LIB_NLCTL" lgr | grep -c '^lgr '
}

smc_lib_no_lgr()
{
	[ "$(smc_lib_lgr_count)" = 0 ]
}

# smc_lib_wait_no_lgr SECS: until this host has no SMC-R link group, for
# at most SECS seconds
smc_lib_wait_no_lgr()
{
	smc_lib_wait_for "$1" smc_lib_no_lgr
}

# smc_lib_slab_kb: the kernel's slab memory in kB, after freeing what can
# be freed
smc_lib_slab_kb()
{
	sync
	echo 3 > /proc/sys/vm/drop_caches
	awk '/^Slab:/ { print $2 }' /proc/meminfo
}

# smc_lib_dump_blocked: the stacks of tasks blocked in the kernel (state
# D), from SysRq w, indented; for a check that found something stuck.
smc_lib_dump_blocked()
{
	[ -w /proc/sysrq-trigger ] || return 0
	echo w > /proc/sysrq-trigger
	# the last dump only; the ring buffer is left as it is for others
	dmesg | tac | sed '/Show Blocked State/q' | tac | sed 's/^/    /'
}

# smc_lib_wait_links N SECS: until this host's link groups have N active
# links together, for at most SECS seconds
smc_lib_wait_links()
{
	local end=$((SECONDS + $2))

	while [ $SECONDS -lt $end ]; do
		[ "$(smc_lib_link_count LINK_ACTIVE)" = "$1" ] && return 0
		sleep 0.2
	done
	return 1
}

# smc_lib_rxe_wait_active DEV SECS: until port 1 of RDMA device DEV is
# ACTIVE, for at most SECS seconds
smc_lib_rxe_wait_active()
{
	local end=$((SECONDS + $2))

	while [ $SECONDS -lt $end ]; do
		rdma link show "$1/1" 2>/dev/null | grep -q "state ACTIVE" && return 0
		sleep 0.1
	done
	return 1
}

# smc_lib_add_second_device ADDR: eth1 up with ADDR (the host's own
# address again, /32) and a second soft-RoCE device, rxe1, over it
smc_lib_add_second_device()
{
	ip addr add "$1/32" dev eth1
	ip link set eth1 up
	rdma link add rxe1 type rxe netdev eth1
	smc_lib_rxe_wait_active rxe1 20
}

# smc_lib_del_second_device ADDR: what smc_lib_add_second_device ADDR set
# up is gone again (rxe1, ADDR on eth1, eth1 down); quiet where it is not
smc_lib_del_second_device()
{
	rdma link delete rxe1 2>/dev/null
	ip addr del "$1/32" dev eth1 2>/dev/null
	ip link set eth1 down 2>/dev/null
}

# smc_lib_conn_counts smcr|smcd: the connections of that kind this
# kernel counted so far, over SMC and fallen back to TCP
# (SMC_NETLINK_GET_STATS, in stock 6.12 too)
smc_lib_conn_counts()
{
	"$SMC_LIB_DIR/../smc-tools/$1" -j stats | python3 -c "
import json, sys
c = json.load(sys.stdin)[sys.argv[1]]['connections']
print(c['smc'], c['tcp_fallback'])" "$1"
}

# smc_lib_second_link_up: after both hosts' second devices are up, until
# the link groups have two active links (30 s). A first attempt can pair
# one host's new device with the other's old one (an asymmetric link),
# which this lab cannot carry: both devices have the same IP address and
# the old one's packets arrive on the other NIC. The attempt fails and
# the link is deleted; so the server, which adds links, offers its new
# device once more when no second link came within 15 s.
smc_lib_second_link_up()
{
	if [ "${SMC_LIB_ROLE:?}" = server ] && ! smc_lib_wait_links 2 15; then
		rdma link delete rxe1
		sleep 1
		rdma link add rxe1 type rxe netdev eth1
	fi
	smc_lib_wait_links 2 30
}

# smc_lib_task_report PID: what PID and its descendants are doing in the
# kernel, for a check that found a program still running: one line each
# (pid, name, state, wait channel, system call), then the stacks of those
# blocked in state D. The lab kernel has no /proc/PID/stack (no
# CONFIG_STACKTRACE); wchan and SysRq w need none.
smc_lib_task_report()
{
	local pids=$1 next p blocked

	next=$1
	while [ -n "$next" ]; do
		next=$(for p in $next; do pgrep -P "$p"; done)
		pids="$pids $next"
	done
	blocked=
	for p in $pids; do
		[ -r "/proc/$p/stat" ] || continue
		grep -q '^State:[[:space:]]*D' "/proc/$p/status" 2>/dev/null && blocked=1
		printf '    pid %s %s state %s wchan %s syscall %s\n' "$p" \
			"$(cat "/proc/$p/comm" 2>/dev/null)" \
			"$(awk '{ print $3 }' "/proc/$p/stat" 2>/dev/null)" \
			"$(cat "/proc/$p/wchan" 2>/dev/null)" \
			"$(cut -d' ' -f1 "/proc/$p/syscall" 2>/dev/null)"
	done
	[ -z "$blocked" ] || smc_lib_dump_blocked
	return 0
}

# smc_lib_await PID SECS OUTFILE NAME: waits SECS seconds for the program
# PID, a child of this shell; returns its exit status, or 124 when it
# still runs then: what it and its children do in the kernel, the
# connections' cursors and the links' counters go to OUTFILE, and it is
# killed.
smc_lib_await()
{
	local pid=$1 secs=$2 outfile=$3 name=$4 end
	local tools=$SMC_LIB_DIR/../smc-tools

	end=$((SECONDS + secs))
	while [ $SECONDS -lt $end ] && kill -0 "$pid" 2>/dev/null; do
		sleep 0.2
	done
	if kill -0 "$pid" 2>/dev/null; then
		{
			echo "$name: still running after $secs s:"
			smc_lib_task_report "$pid"
			"$tools/smcss" -a -d
			"$tools/smcr" -s -d linkgroup link-show
			dmesg | tail -n 20
		} >> "$outfile" 2>&1
		pkill -9 -P "$pid" 2>/dev/null
		kill -9 "$pid" 2>/dev/null
		return 124
	fi
	wait "$pid"
}

# smc_lib_rxe_renew: the lab's RDMA device goes and comes back, and with it
# every SMC-R link group over it: the next connection makes a fresh one.
# Removing the device waits in the kernel until its links are gone; that
# wait is bounded here by SMC_LIB_RXE_DELETE_WAIT seconds (60), and a
# delete still blocked then is reported with the blocked tasks' stacks.
smc_lib_rxe_renew()
{
	local smcr=$SMC_LIB_DIR/../smc-tools/smcr start=$SECONDS end del rc

	rdma link delete rxe0 &
	del=$!
	end=$((SECONDS + ${SMC_LIB_RXE_DELETE_WAIT:-60} * SMC_LIB_SLOW))
	while kill -0 $del 2>/dev/null && [ $SECONDS -lt $end ]; do
		sleep 0.2
	done
	if kill -0 $del 2>/dev/null; then
		echo "rdma link delete rxe0 still blocked after $((SECONDS - start)) s"
		smc_lib_dump_blocked
		"$smcr" -d linkgroup link-show 2>&1 | sed 's/^/    /'
		return 1
	fi
	wait $del
	rc=$?
	[ $rc = 0 ] || { echo "rdma link delete rxe0: exit $rc"; return 1; }
	echo "rdma link delete rxe0 took $((SECONDS - start)) s"
	rdma link add rxe0 type rxe netdev eth0 || return 1
	end=$((SECONDS + 30))
	while [ $SECONDS -lt $end ]; do
		"$smcr" -j device | grep -q '"rxe0"' &&
			[ "$("$smcr" -j linkgroup | grep -c lgr_id)" = 0 ] && return 0
		sleep 0.2
	done
	echo "rxe0 back or its link groups gone: not within 30 s"
	"$smcr" -d linkgroup link-show 2>&1 | sed 's/^/    /'
	return 1
}

# smc_lib_roce_netem DEV NETEM-ARGS...: RoCEv2 traffic (UDP port 4791)
# leaving DEV goes through netem with NETEM-ARGS (delay, loss, reorder,
# duplicate); everything else, TCP included, is left alone. A prio qdisc
# at the root sends all traffic to band 1 and a u32 filter sends RoCE to
# band 4, where netem sits. smc_lib_roce_netem DEV clear removes it.
smc_lib_roce_netem()
{
	local dev=$1
	shift

	tc qdisc del dev "$dev" root 2>/dev/null
	[ "$1" = clear ] && return 0
	tc qdisc add dev "$dev" root handle 1: prio bands 4 \
		priomap 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 &&
		tc qdisc add dev "$dev" parent 1:4 handle 40: netem "$@" limit 100000 &&
		tc filter add dev "$dev" parent 1: protocol ip prio 1 u32 \
			match ip protocol 17 0xff match ip dport 4791 0xffff flowid 1:4
}

# smc_lib_llc_count DIR TYPE: LLC messages of TYPE this host sent (DIR tx)
# or received (rx), summed over the links of its link groups; -1 when there
# is no link, so that a check for "none sent" cannot pass on nothing.
smc_lib_llc_count()
{
	"$SMC_LIB_DIR/../smc-tools/smcr" -s -j linkgroup link-show | python3 -c '
import json, sys
links = json.load(sys.stdin)["links"]
print(sum(l["stats"]["llc_" + sys.argv[1]].get(sys.argv[2], 0) for l in links)
      if links else -1)' "$1" "$2"
}

# smc_lib_link_count STATE: links of this host's link groups in STATE
smc_lib_link_count()
{
	"$SMC_LIB_DIR/../smc-tools/smcr" -j linkgroup link-show | python3 -c '
import json, sys
print(sum(1 for l in json.load(sys.stdin)["links"] if l["state"] == sys.argv[1]))' "$1"
}

# smc_lib_no_lgr_conns: this host's SMC-R link groups hold no connection
# (a closed socket that waits for its peer's close still counts)
smc_lib_no_lgr_conns()
{
	[ "$("$SMC_LIB_DIR/../smc-tools/smcr" -j linkgroup show | python3 -c '
import json, sys
print(sum(g["conns"] for g in json.load(sys.stdin)["linkgroups"]))')" = 0 ]
}

# smc_lib_port_mode PORT: the mode sock_diag reports (smcss -j -a: SMCR,
# SMCD, TCP) for this host's connection whose local or peer port is PORT;
# "none" when it has none
smc_lib_port_mode()
{
	"$SMC_LIB_DIR/../smc-tools/smcss" -j -a | python3 -c '
import json, sys
port = ":" + sys.argv[1]
m = [s["mode"] for s in json.load(sys.stdin)["sockets"]
     if s.get("mode") and (s["local"].endswith(port) or s["peer"].endswith(port))]
print(m[0] if m else "none")' "$1"
}
