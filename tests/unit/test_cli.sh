#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# smcr/smcd command lines on the host, where no SMC kernel is needed:
# help, usage errors and their exit codes. The kernel paths run in the
# lab (selftests/smc_tools.sh).

. "$(dirname "$0")/../../selftests/smc_lib.sh"
tools=$(cd "$(dirname "$0")/../../smc-tools" && pwd)

smc_lib_check_exit "smcr --help: exit 0" 0 "^Usage: smcr " "$tools/smcr" --help
smc_lib_check_exit "smcd -h lists seid" 0 "smcd seid" "$tools/smcd" -h
smc_lib_check_exit "smcr help lists no seid" 0 "smcr ueid" "$tools/smcr" help
smc_lib_check_exit "smcr ueid help" 0 "^Usage: smcr ueid \[show\]" "$tools/smcr" ueid help
smc_lib_check_exit "smcd --version" 0 "^smcd utility, smc-next " "$tools/smcd" --version
smc_lib_check_exit "no object: exit 2" 2 "^Error: no object given" "$tools/smcr"
smc_lib_check_exit "unknown object: exit 2" 2 "^Error: unknown object \"linkgroupx\"" "$tools/smcr" linkgroupx
smc_lib_check_exit "unknown option: exit 2" 2 "^Error: unknown option \"--frobnicate\"" "$tools/smcd" --frobnicate
smc_lib_check_exit "smcr seid does not exist: exit 2" 2 "unknown object \"seid\"" "$tools/smcr" seid
smc_lib_check_exit "over-long UEID: exit 2 before any kernel call" 2 "must have 1 to 32 characters" \
	"$tools/smcd" ueid add ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456
smc_lib_check_exit "ueid add without UEID: exit 2" 2 "unknown or incomplete command \"add\"" \
	"$tools/smcd" ueid add
smc_lib_check_exit "hs-limitation with two verbs: exit 2" 2 "too many arguments" \
	"$tools/smcd" hs-limitation enable disable

# linkgroup, device, stats, info: selections are checked before any kernel call
smc_lib_check_exit "smcd linkgroup help has no link-show" 0 "^Usage: smcd linkgroup \[show\] \[all\|LG-ID\]$" \
	"$tools/smcd" linkgroup help
smc_lib_check_exit "LG-ID not hex: exit 2" 2 "\"zz\" is not a link group ID" "$tools/smcr" linkgroup show zz
smc_lib_check_exit "LG-ID of 9 digits: exit 2" 2 "is not a link group ID" "$tools/smcr" linkgroup 123456789
smc_lib_check_exit "smcd linkgroup link-show: exit 2" 2 "SMC-D link groups have no links" \
	"$tools/smcd" linkgroup link-show
smc_lib_check_exit "unknown netdev: exit 1, names it" 1 "^Error: network device \"nosuchdev0\": No such device" \
	"$tools/smcr" linkgroup link-show netdev nosuchdev0
smc_lib_check_exit "unknown ibdev: exit 1, names it" 1 "^Error: RDMA device \"nosuchib0\": no such device" \
	"$tools/smcr" device ibdev nosuchib0
smc_lib_check_exit "ibdev without a name: exit 2" 2 "ibdev needs a device name" "$tools/smcr" linkgroup ibdev
smc_lib_check_exit "device takes no LG-ID: exit 2" 2 "unexpected argument \"100\"" "$tools/smcr" device show 100
smc_lib_check_exit "smcd device takes no netdev: exit 2" 2 "unexpected argument \"netdev\"" "$tools/smcd" device netdev lo
smc_lib_check_exit "stats with an unknown verb: exit 2" 2 "unknown command \"clear\"" "$tools/smcr" stats clear
smc_lib_check_exit "stats with two verbs: exit 2" 2 "too many arguments" "$tools/smcd" stats show reset
smc_lib_check_exit "info with an argument: exit 2" 2 "unexpected argument \"x\"" "$tools/smcr" info x

# smc_pnet
smc_lib_check_exit "smc_pnet --help: exit 0" 0 "^Usage: smc_pnet " "$tools/smc_pnet" --help
smc_lib_check_exit "PNET ID with a dash: exit 2" 2 "PNET ID \"NET-1\" must have 1 to 16 letters and digits" \
	"$tools/smc_pnet" -a NET-1 -I eth0
smc_lib_check_exit "PNET ID of 17 characters: exit 2" 2 "must have 1 to 16 letters and digits" \
	"$tools/smc_pnet" -a ABCDEFGHIJKLMNOPQ -I eth0
smc_lib_check_exit "add without a device: exit 2" 2 "-a NET1 needs a device" "$tools/smc_pnet" -a NET1
smc_lib_check_exit "an option that needs a value, without one: exit 2" 2 "usage|Usage" "$tools/smcr" linkgroup show type
smc_lib_check_exit "add and delete at once: exit 2" 2 "only one of -a, -d, -s and -f" "$tools/smc_pnet" -a A -d B
smc_lib_check_exit "port 3: exit 2" 2 "an RDMA port is 1 or 2" "$tools/smc_pnet" -a NET1 -D mlx5_0 -P 3
smc_lib_check_exit "port without a device: exit 2" 2 "-P needs -D IBDEV" "$tools/smc_pnet" -a NET1 -I eth0 -P 1
smc_lib_check_exit "flush takes no PNET ID: exit 2" 2 "-f takes no PNET ID \(\"NET1\"\)" "$tools/smc_pnet" -f NET1
smc_lib_check_exit "over-long interface name: exit 2" 2 "interface name \"[a-z]+\" is too long" \
	"$tools/smc_pnet" -a NET1 -I abcdefghijklmnopq

# smcss
smc_lib_check_exit "smcss --help lists -D and -R" 0 "-R  SMC-R sockets only" "$tools/smcss" --help
smc_lib_check_exit "smcss -D -R: exit 2" 2 "-D and -R exclude each other" "$tools/smcss" -D -R

# bash completion: what TAB offers after a few command lines
complete_words()
{
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		case $1 in smcr|smcd) _smc_tools ;; smcss) _smcss ;; smc_pnet) _smc_pnet ;; smc_run) _smc_run ;; smc_chk) _smc_chk ;; esac
		printf "%s\n" "${COMPREPLY[@]}"' _ "$tools/completion/smc-tools" "$@"
}
smc_lib_check_output "completion: smcr linkgroup offers link-show" "^link-show$" complete_words smcr linkgroup ""
if complete_words smcd linkgroup "" | grep -qx show && ! complete_words smcd linkgroup "" | grep -q link-show; then
	smc_lib_result_pass "completion: smcd linkgroup offers show, no link-show"
else
	smc_lib_result_fail "completion: smcd linkgroup offers show, no link-show"
fi
smc_lib_check_output "completion: smcd offers seid" "^seid$" complete_words smcd ""
smc_lib_check_output "completion: smcr stats offers reset" "^reset$" complete_words smcr stats ""
smc_lib_check_output "completion: smc_pnet -P offers ports" "^2$" complete_words smc_pnet -a NET1 -D x -P ""
smc_lib_check_output "completion: smcss offers -R" "^-R$" complete_words smcss -
smc_lib_check_output "completion: smc_run -f offers inet" "^inet$" complete_words smc_run -f ""
smc_lib_check_output "completion: smc_chk -i offers lo" "^lo$" complete_words smc_chk -i ""
smc_lib_check_output "completion: smcr offers -absolute" "^-absolute$" complete_words smcr -
smc_lib_check_output "completion: smcss offers --version" "^--version$" complete_words smcss -

smc_lib_exit
