#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The tools' text output for one recorded state (fake_smcnl.c: the lab
# state of IBM's recorded outputs) against golden files, column by column;
# their JSON parsed; "stats json" in IBM's layout; "stats reset" through
# a per-user baseline. No kernel needed.
# usage: test_golden.sh [--update]   (--update rewrites golden/ from the tools)

. "$(dirname "$0")/../../selftests/smc_lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
fake=$here/fake
golden=$here/golden
update=false
[ "$1" = --update ] && update=true

smc_lib_check_tools python3
state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT
export XDG_STATE_HOME=$state HOME=$state

# golden NAME CMD...: CMD's stdout equals golden/NAME.txt
golden()
{
	local name=$1 out
	shift

	out=$("$fake/$@" 2>&1)
	if $update; then
		printf '%s\n' "$out" >"$golden/$name.txt"
	fi
	if [ "$out" = "$(cat "$golden/$name.txt" 2>/dev/null)" ]; then
		smc_lib_result_pass "$name: $*"
	else
		diff -u "$golden/$name.txt" <(printf '%s\n' "$out") | sed 's/^/# /'
		smc_lib_result_fail "$name: $*"
	fi
}

# json_ok NAME CMD...: CMD's stdout parses as JSON
json_ok()
{
	local name=$1
	shift

	if "$fake/$@" | python3 -m json.tool >/dev/null; then
		smc_lib_result_pass "$name: JSON parses"
	else
		smc_lib_result_fail "$name: JSON parses"
	fi
}

golden smcr_info smcr info
golden smcr_linkgroup smcr linkgroup
golden smcr_linkgroup_id smcr linkgroup show 100
golden smcr_link_show smcr linkgroup link-show
golden smcr_d_linkgroup smcr -d linkgroup show
golden smcr_d_link_show smcr -d linkgroup link-show
golden smcr_dd_link_show smcr -dd linkgroup link-show all
golden smcr_device smcr device
golden smcr_d_device smcr -d device
golden smcr_s_link_show smcr -s linkgroup link-show
golden smcd_s_linkgroup smcd -s linkgroup 200
golden smcr_stats smcr stats
golden smcr_d_stats smcr -d stats
golden smcd_linkgroup smcd linkgroup
golden smcd_d_linkgroup smcd -d linkgroup
golden smcd_device smcd device
golden smcd_stats smcd stats
golden smcss smcss
golden smcss_a smcss -a
golden smcss_l smcss -l
golden smcss_v smcss --verbose
golden smcss_d smcss -d
golden smcss_D smcss -D
golden smcss_R smcss -R
golden smcr_monitor smcr monitor
golden smc_pnet smc_pnet
golden smc_pnet_s smc_pnet -s net1

for cmd in "smcr -j info" "smcr -j linkgroup" "smcr -j -dd linkgroup link-show" "smcr -j -s linkgroup link-show" "smcd -j -s linkgroup" \
	   "smcr -j -d device" "smcd -j -d linkgroup" "smcr -j -d stats" "smcd -p stats" \
	   "smcss -j -a -d -R" "smcss -j -D --verbose" "smc_pnet -j"; do
	# shellcheck disable=SC2086
	json_ok "$cmd" $cmd
done

smc_lib_check_output "monitor -j: one JSON object per line" "^2 events$" \
	python3 -c "
import json, subprocess
out = subprocess.run(['$fake/smcd', '-j', 'monitor'], capture_output=True, text=True).stdout
print('%d events' % len([json.loads(l) for l in out.splitlines()]))"

smc_lib_check_output "monitor: an overrun shows as LOST_EVENTS" \
	"^\[LOST_EVENTS\] the kernel dropped events" env FAKE_SMCNL_LOST=1 "$fake/smcd" monitor
smc_lib_check_output "monitor: and the events after it still show" "^\[PNET_ADDED\] NET1 eth0$" \
	env FAKE_SMCNL_LOST=1 "$fake/smcd" monitor

# IBM's "stats json": the same object, key for key, as smc-tools 1.8.5.
smc_lib_check_output "smcr stats json: IBM's keys and values" "^same$" \
	python3 -c "
import json, subprocess
ours = json.loads(subprocess.run(['$fake/smcr', 'stats', 'json'], capture_output=True).stdout)
ibm = json.load(open('$golden/smcr_stats_json.json'))
print('same' if ours == ibm and list(ours['SMCR']) == list(ibm['SMCR']) else 'differs')"

# stats reset: prints the figures, then counts from there, per user and
# variant, in the user's own state directory.
smc_lib_check_output "smcr stats reset prints the figures" "Data transmitted \(Bytes\) +10420715" \
	"$fake/smcr" stats reset
smc_lib_check_output "after the reset smcr counts from zero" "^  SMC connections +0$" \
	"$fake/smcr" stats
smc_lib_check_output "and counts what came since" "Data transmitted \(Bytes\) +1000 \(1.000K\)" \
	env FAKE_SMCNL_MORE=1000 "$fake/smcr" stats
smc_lib_check_output "smcd's figures are not reset by smcr" "^  SMC connections +2$" \
	"$fake/smcd" stats
smc_lib_check_output "the baseline is the user's, mode 600" "^600 .*/smc-tools/stats-smcr-net[0-9]+$" \
	bash -c "stat -c '%a %n' '$state'/smc-tools/*"
smc_lib_check_exit "no place for a baseline: exit 1, says why" 1 "set HOME or XDG_STATE_HOME" \
	env -u HOME -u XDG_STATE_HOME "$fake/smcr" stats reset

# errors name the object and the cause
smc_lib_check_exit "unknown LG-ID: exit 1" 1 "^Error: link group 00000999: no such SMC-R link group" \
	"$fake/smcr" linkgroup 999
smc_lib_check_exit "pnet add refused: exit 1, names the ID and the privilege" 1 \
	"^Error: cannot add PNET ID \"NET9\": Operation not permitted \(this needs CAP_NET_ADMIN\)" \
	"$fake/smc_pnet" -a NET9 -I lo
smc_lib_check_exit "pnet delete of an unknown ID: exit 1" 1 "^Error: PNET ID \"NET9\": not in the PNET table" \
	"$fake/smc_pnet" -d NET9
smc_lib_exit
