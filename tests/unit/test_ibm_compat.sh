#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A drop-in for IBM's smc-tools 1.8.5, checked against what IBM's tools
# accept and print (the recorded facts: ibm/*.txt, and the command lines
# of its man pages and -h output). No kernel needed: the tools run over
# the recorded state (fake_smcnl.c).
#  1. every IBM command line: its exit status and the shape of its output;
#  2. our output against IBM's recorded output, where the state is the
#     same: hex digits masked (the recordings were taken a moment apart),
#     our additions and IBM's known defects named one by one below.

. "$(dirname "$0")/../../selftests/smc_lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
fake=$here/fake
tools=$(cd "$here/../../smc-tools" && pwd)
smc_lib_check_tools python3

state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT
export XDG_STATE_HOME=$state HOME=$state
# admin commands succeed and say what they were asked ("fake: ...")
export FAKE_SMCNL_ADMIN=1
sysctl_dir=$state/sysctl
mkdir -p "$sysctl_dir"
echo 212992 >"$sysctl_dir/rmem_max"
echo 212992 >"$sysctl_dir/wmem_max"

# 1. The command lines. EXIT~REGEX (stdout and stderr)~COMMAND LINE
declare -A seen
while IFS='~' read -r want regex cmdline; do
	case $want in ''|'#'*) continue ;; esac
	name="IBM command line: $cmdline"
	[ -z "${seen[$cmdline]:-}" ] || name+=" (${seen[$cmdline]})"
	seen[$cmdline]+=x
	read -r -a argv <<<"$cmdline"
	case ${argv[0]} in
	smc_run|smc_chk) argv[0]=$tools/${argv[0]} ;;
	*) argv[0]=$fake/${argv[0]} ;;
	esac
	smc_lib_check_exit "$name" "$want" "$regex" \
		env SMC_RUN_SYSCTL_DIR="$sysctl_dir" "${argv[@]}"
done <<'TABLE'
# smcr / smcd: options, single dash, any prefix of the long name
0~^smcr utility, smc-next .*smc-tools 1\.8\.5~smcr -v
0~^smcr utility, ~smcr -version
0~^smcd utility, ~smcd -v
0~^smcd utility, ~smcd -vers
0~^LG-ID    : 00000100~smcr -d linkgroup show
0~^LG-ID    : 00000100~smcr -details linkgroup
0~^LG-ID    : 00000100~smcr -det linkgroup
0~Local-GID +Peer-GID~smcr -dd linkgroup link-show
0~Local-GID +Peer-GID~smcr -ddetails linkgroup link-show
0~Local-GID +Peer-GID~smcr -ddet linkgroup link-show
0~^SMC-R Connections Summary~smcr -a stats
0~^SMC-R Connections Summary~smcr -absolute stats
0~^SMC-D Connections Summary~smcd -abs stats
0~Buffer reuses~smcd -d stats
0~Buffer reuses~smcd -details stats
# objects and commands abbreviated to any prefix
0~^LG-ID +LG-Role +LG-Type +VLAN~smcr l
0~^LG-ID +LG-Role +LG-Type +VLAN~smcr linkg show
0~^LG-ID +LG-Role +LG-Type +VLAN~smcr linkg sh
0~^LG-ID +LG-Role +LG-Type +Net-Dev +Link-State~smcr linkgroup l
0~^LG-ID +LG-Role +LG-Type +Net-Dev +Link-State~smcr link link-show
0~^SMC-R Connections Summary~smcr s
0~^SMC-D Connections Summary~smcd st res
0~^SMC-D Connections Summary~smcd stats sh
0~"SMCD":~smcd stats j
0~^Net-Dev +IB-Dev~smcr d
0~^Net-Dev +IB-Dev~smcr dev sh
0~^Kernel Capabilities~smcr i
0~^SMCTESTUEID0001~smcr u
0~^ \[disabled\]~smcd se
0~^LG-ID +VLAN~smcd l
# every object and command of the man pages
0~^Kernel Capabilities~smcr info
0~^Kernel Capabilities~smcr info show
0~^Kernel Capabilities~smcd info show
0~^LG-ID +LG-Role~smcr linkgroup
0~^LG-ID +LG-Role~smcr linkgroup show
0~^LG-ID +LG-Role~smcr linkgroup show all
0~^00000100 CLNT~smcr linkgroup show 100
0~^00000100 CLNT~smcr linkgroup show all type smcr
0~^00000100 CLNT~smcr linkgroup show netdev lo
0~LINK_ACTIVE~smcr linkgroup link-show
0~LINK_ACTIVE~smcr linkgroup link-show all
0~LINK_ACTIVE~smcr linkgroup link-show 100
0~LINK_ACTIVE~smcr linkgroup link-show netdev lo
2~type smcd: smcr shows SMC-R only; use smcd~smcr linkgroup show type smcd
0~^00000200 +0~smcd linkgroup
0~^00000200 +0~smcd linkgroup show
0~^00000300 +0~smcd linkgroup show 300
0~^00000200 +0~smcd linkgroup show all type smcd
0~^Net-Dev~smcr device
0~^Net-Dev~smcr device show
0~^Net-Dev~smcr device show all
0~^lo +rxe0~smcr device netdev lo
0~^$~smcd device
0~^$~smcd device show all
0~^SMC-R Connections Summary~smcr stats
0~^SMC-R Connections Summary~smcr stats show
0~^SMC-R Connections Summary~smcr stats reset
0~^\{"SMCR":~smcr stats json
0~^SMCTESTUEID0001~smcr ueid
0~^SMCTESTUEID0001~smcr ueid show
0~^fake: ueid add SMCTEST2~smcr ueid add SMCTEST2
0~^fake: ueid del SMCTEST2~smcd ueid del SMCTEST2
0~^fake: ueid flush~smcr ueid flush
0~^ \[disabled\]~smcd seid
0~^ \[disabled\]~smcd seid show
0~^fake: seid enable~smcd seid enable
0~^fake: seid disable~smcd seid disable
# help after the tool, the object or the command
0~^Usage: smcd \[ OPTIONS \] OBJECT \{COMMAND \| help\}~smcd help
0~^Usage: smcr \[ OPTIONS \] OBJECT~smcr -h
0~^Usage: smcd linkgroup \[show\] \[all\|LG-ID\]~smcd linkgroup help
0~^Usage: smcr linkgroup \[show\|link-show\]~smcr linkgroup show help
0~^Usage: smcd stats \[show\|reset\|json\]~smcd stats help
0~^Usage: smcd ueid \[show\] \| add UEID~smcd ueid help
0~^Usage: smcd device~smcd device help
2~unknown object "seid"~smcr seid
# smcss
0~^smcss utility, smc-next .*smc-tools 1\.8\.5~smcss -v
0~^smcss utility, ~smcss --version
0~^Usage: smcss ~smcss -h
0~^Usage: smcss ~smcss --help
0~^State +UID +Inode +Local Address +Peer Address +Intf Mode$~smcss
0~^LISTEN +00000 0000051 0\.0\.0\.0:11113$~smcss -a
0~^LISTEN ~smcss --all
0~^LISTEN +00000 0000051 0\.0\.0\.0:11113$~smcss -l
0~^LISTEN ~smcss --listening
0~txfin-Cursor~smcss -d
0~txfin-Cursor~smcss --debug
0~Peer-Token +Linkid$~smcss -D
0~Peer-Token +Linkid$~smcss --smcd
0~Port Linkid GID~smcss -R
0~Port Linkid GID~smcss --smcr
0~^State +UID +Inode +Local Address           Peer Address +Intf Mode$~smcss -W
0~^State ~smcss --wide
0~^LISTEN +00000 0000051 0\.0\.0\.0:11113$~smcss -a -d -W
0~^State .*Linkid$~smcss -l -D
# smc_pnet: flags, the PNET ID positional, before or after the options
0~^NET1 eth0 ~smc_pnet
0~^NET1 eth0 ~smc_pnet -s
0~^NET1 eth0 ~smc_pnet --show
0~^NET1 eth0 ~smc_pnet -s NET1
0~^NET1 eth0 ~smc_pnet NET1
0~^fake: pnet add NET1 netdev=eth0 ibdev= ~smc_pnet -a NET1 -I eth0
0~^fake: pnet add NET1 netdev=eth0 ibdev= ~smc_pnet -a -I eth0 NET1
0~^fake: pnet add NET1 netdev=eth0 ibdev= ~smc_pnet --add --interface eth0 NET1
0~^fake: pnet add NET1 netdev= ibdev=rxe0 ibport=0~smc_pnet -a -D rxe0 NET1
0~^fake: pnet add NET1 netdev= ibdev=rxe0 ibport=2~smc_pnet -a -D rxe0 -P 2 NET1
0~^fake: pnet add NET1 netdev= ibdev=rxe0 ibport=1~smc_pnet --add NET1 --ibdevice rxe0 --ibport 1
0~^fake: pnet del NET1~smc_pnet -d NET1
0~^fake: pnet del NET1~smc_pnet --delete NET1
0~^Warning: -I, -D and -P belong to -a; ignored with -d~smc_pnet -d -I eth0 NET1
0~^fake: pnet del NET1~smc_pnet -d -I eth0 NET1
0~^Warning: .*ignored with -s~smc_pnet -s -I eth0 NET1
0~^fake: pnet flush~smc_pnet -f
0~^fake: pnet flush~smc_pnet --flush
0~^smc_pnet utility, ~smc_pnet -v
0~^smc_pnet utility, ~smc_pnet --version
0~^Usage: smc_pnet ~smc_pnet -h
0~^Usage: smc_pnet ~smc_pnet --help
2~-d needs a PNET ID~smc_pnet -d
# smc_run
0~^smc_run utility, smc-next .*smc-tools 1\.8\.5~smc_run -v
0~^smc_run utility, ~smc_run --version
0~^Usage: smc_run ~smc_run -h
0~^Usage: smc_run ~smc_run --help
0~^SMC_RCVBUF=1048576$~smc_run -d -r 1M -t 64K env
0~^SMC_SNDBUF=65536$~smc_run -t 64K env
0~^SMC_DEBUG=1$~smc_run -d env
0~^$~smc_run true
2~-r '1X': a size in bytes~smc_run -r 1X true
# smc_chk: what runs without a kernel (the lab runs the rest, selftests/smc_chk.sh)
0~^smc_chk utility, smc-next .*smc-tools 1\.8\.5~smc_chk -v
0~^Usage: smc_chk .*-C IP \[-p PORT\] \[-6\]~smc_chk -h
0~^       smc_chk \[-d\] -S \[-p PORT\]~smc_chk --help
2~^Error: one of -C IP, -S and -i IFACE~smc_chk
2~^Error: one of -C IP, -S and -i IFACE~smc_chk -C 10.0.0.1 -S
2~^Error: -p "0": a port is 1 to 65535~smc_chk -C 10.0.0.1 -p 0
2~^Error: -C "10.0.0": not an IP address~smc_chk -C 10.0.0
2~^Error: -C "10.0.0.1": not an IPv6 address~smc_chk -6 -C 10.0.0.1
TABLE

# smc_run -r raises net.core.rmem_max so that the size takes effect
smc_lib_check_output "smc_run -r 1M raised rmem_max to 1048576" "^1048576$" \
	cat "$sysctl_dir/rmem_max"
smc_lib_check_output "smc_run -t 64K left wmem_max, already larger" "^212992$" \
	cat "$sysctl_dir/wmem_max"

# 2. Our output against IBM's recorded output.
# mask: each digit of a number (and of a hex number that starts with a
# digit) becomes 9: the recordings were taken moments apart (a counter
# moved); the words and the layout must not differ. Trailing blanks and
# blank lines at the end do not count.
mask()
{
	python3 -c '
import re, sys
lines = [re.sub(r"(?<![0-9A-Za-z])[0-9][0-9a-fA-F]*", lambda m: "9" * len(m.group()), l).rstrip()
	 for l in sys.stdin.read().split("\n")]
while lines and not lines[-1]:
	lines.pop()
print("\n".join(lines))'
}

# compare IBMFILE SED CMD...: CMD's output, less our additions (SED, run on
# ours), equals IBM's recorded output (ibm/IBMFILE.txt, eth0 renamed to the
# fake's lo), both masked.
compare()
{
	local file=$1 edit=$2 diffs
	shift 2

	diffs=$(diff <("$fake/$@" 2>&1 | sed -E "$edit" | mask) \
		<(sed -E 's/(^| )eth0  /\1lo    /' "$here/ibm/$file.txt" |
		  mask))
	if [ -z "$diffs" ]; then
		smc_lib_result_pass "as IBM prints it ($file): $*"
	else
		sed 's/^/# /' <<<"$diffs"
		smc_lib_result_fail "as IBM prints it ($file): $*"
	fi
}

rm -rf "$state/smc-tools"	# the stats baselines "stats reset" left above
export FAKE_SMCNL_STATE=ibm
compare stock__smcss '' smcss
compare stock__smcss_a '' smcss -a
compare stock__smcss_l '' smcss -l
compare stock__smcss_R '' smcss -R
compare stock__smcss_D '' smcss -D
compare stock__smcss_W '' smcss -W
# ours: the Features column of the series' CLC extensions
compare stock__smcss_d 's/ Features$//' smcss -d
compare stock__smcr_linkgroup_show '' smcr linkgroup show
compare stock__smcr_linkgroup_link_show '' smcr linkgroup link-show
# ours: the Features line
compare stock__smcr_d_linkgroup_show '/^Features :/d' smcr -d linkgroup show
compare stock__smcr_d_linkgroup_link_show '' smcr -d linkgroup link-show
compare stock__smcr_dd_linkgroup_link_show '' smcr -dd linkgroup link-show
compare stock__smcd_linkgroup '' smcd linkgroup
compare stock__smcd_d_linkgroup_show '' smcd -d linkgroup show
compare stock__smcd_device '' smcd device
compare stock__smcr_ueid '' smcr ueid
compare stock__smcd_seid '' smcd seid
# IBM's smc_pnet echoes the kernel's placeholders "n/a" and 255: ours "-"
compare stock__smc_pnet 's/^(NET1 eth0) - -$/\1 n\/a 255/; s/^(NET1) - (rxe0 1)$/\1 n\/a \2/' smc_pnet
compare stock__smc_pnet_s 's/^(NET1 eth0) - -$/\1 n\/a 255/; s/^(NET1) - (rxe0 1)$/\1 n\/a \2/' smc_pnet -s
compare stock__smcr_stats '' smcr stats
compare stock__smcd_stats '' smcd stats
# IBM's smcr device prints a Type of 0 for rxe (which has no PCI type):
# ours prints "-"; its -d FID and PCHID are uninitialised: ours "-".
compare stock__smcr_device 's/ACTIVE  -   /ACTIVE  0   /' smcr device
compare stock__smcr_d_device 's/ACTIVE  -   /ACTIVE  0   /; s/Yes     -   -                 -   /Yes   7fd9                002f    /' \
	smcr -d device
# IBM prints RoCE "n/a" beside a soft-RoCE device; ours its versions
compare stock__smcr_info 's/^RoCE:( +)v1 v2$/RoCE:\1n\/a/' smcr info

export FAKE_SMCNL_STATE=smcd64m
compare smcd64m__smcd_info 's/^RoCE:( +)v1 v2$/RoCE:\1n\/a/' smcd info
compare smcd64m__smcd_stats '' smcd stats
# ours: the fallback reasons after IBM's -d layout
compare smcd64m__smcd_d_stats '/^TCP Fallback Reasons/,$d' smcd -d stats
# IBM shows loopback-ism with an uninitialised FID, type 0 and PCHID 0000:
# ours says "-" and "loopback".
compare smcd64m__smcd_device 's/^-    loopback  -             -      /7fd5 0                   0000   /' \
	smcd device
unset FAKE_SMCNL_STATE

# -W widens IPv6 rows only; IPv4 rows and the header stay as without it
smc_lib_check_output "smcss -W: an IPv6 row in 47 columns" \
	"^ACTIVE +00000 0000062 \[fd00:9::1\]:11113 {31}\[fd00:9::2\]:60522 {31}0000 SMCD$" \
	env FAKE_SMCNL_IPV6=1 "$fake/smcss" -W
smc_lib_check "smcss -W: IPv4 rows as without -W" \
	bash -c "diff <('$fake/smcss' -W | grep -v fd00) <('$fake/smcss')"
smc_lib_exit
