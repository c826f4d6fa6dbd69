#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The YAML specs of both SMC generic netlink families (patches/specs/),
# and of the series' own smc_next (in the patched tree), driven by the
# kernel's own ynl client, as a check independent of libsmcnl: every dump
# of the spec decodes, and what it says agrees with smcr/smcd/smc_pnet for
# the same state (system info, an SMC-D link group and its counters,
# statistics, loopback-ism, the features, a PNET entry added through ynl).

. "$(dirname "$0")/smc_lib.sh"

top=$(cd "$SMC_LIB_DIR/.." && pwd)
tools=$top/smc-tools
specs=$top/patches/specs
ktree=${SMC_NEXT_CACHE:-$HOME/.cache/smc-next}/patched/src
ynl_cli=$ktree/tools/net/ynl/cli.py
schema=$ktree/Documentation/netlink/genetlink-legacy.yaml

smc_lib_check_smc
smc_lib_check_tools python3 smc_xfer
[ -f "$ynl_cli" ] || smc_lib_skip_all "no ynl client at $ynl_cli"
python3 -c 'import yaml, jsonschema' 2>/dev/null || smc_lib_skip_all "python3-yaml or python3-jsonschema missing"
smc_lib_ueid_setup || smc_lib_skip_all "cannot configure a UEID"

# spec_valid SPEC SCHEMA: the spec validates against the schema. Once per
# spec: the validation is most of a call's time under TCG, so the calls
# after it skip it (--no-schema).
spec_valid()
{
	python3 -c "
import sys
sys.path.insert(0, '${ynl_cli%/cli.py}')
from lib.nlspec import SpecFamily
SpecFamily('$1', '$2')"
}

# ynl SPEC ARGS...: the ynl client's output, as JSON
ynl()
{
	local spec=$1
	shift
	python3 "$ynl_cli" --spec "$specs/$spec.yaml" --no-schema --output-json "$@"
}

for spec in smc_gen_netlink smc_pnetid; do
	smc_lib_check "the $spec spec validates against genetlink-legacy" \
		spec_valid "$specs/$spec.yaml" "$schema"
done
# ynl_dumps SPEC OP...: "OP ok" for each dump the ynl library decodes, "OP
# error ..." else; one Python for all (a start costs seconds under TCG)
ynl_dumps()
{
	local spec=$1
	shift
	python3 - "$spec" "$@" <<-EOF
	import sys
	sys.path.insert(0, '${ynl_cli%/cli.py}')
	from lib import YnlFamily
	ynl = YnlFamily(sys.argv[1], '')
	for op in sys.argv[2:]:
	    try:
	        ynl.dump(op, {})
	        print(op, 'ok')
	    except Exception as e:
	        print(op, 'error', e)
	EOF
}

ops="get-sys-info get-lgr-smcr get-link-smcr get-lgr-smcd get-dev-smcd get-dev-smcr
     get-stats get-fback-stats dump-ueid dump-seid dump-hs-limitation"
# shellcheck disable=SC2086 # one word per op
dumps=$(ynl_dumps "$specs/smc_gen_netlink.yaml" $ops)
for op in $ops; do
	smc_lib_check_output "ynl dumps $op" "^$op ok$" echo "$dumps"
done

smc_lib_check_output "sys-info: the version smcr info reports" "^same$" python3 -c "
import json, subprocess
y = json.loads(subprocess.run(['python3', '$ynl_cli', '--spec', '$specs/smc_gen_netlink.yaml',
    '--no-schema', '--output-json', '--dump', 'get-sys-info'], capture_output=True, text=True).stdout)
t = json.loads(subprocess.run(['$tools/smcr', '-j', 'info'], capture_output=True, text=True).stdout)
s = y[0]['sys-info']
print('same' if '%d.%d' % (s['ver'], s['rel']) == t['version'] else (s, t))"

# An SMC-D connection, held open, and what both see of its link group.
"$SMC_LIB_XFER" server -p 11901 -w 60 >/dev/null 2>&1 &
smc_lib_wait_listen 11901
"$SMC_LIB_XFER" client 127.0.0.1 -p 11901 -b 1M -m SMCD -H 3600 >/dev/null 2>&1 &
holder=$!	# holds until the checks are done (SIGUSR1)
for i in $(seq 40); do
	"$tools/smcd" linkgroup | grep -qE '^[0-9a-f]{8} +0 +[1-9]' && break
	sleep 0.5
done
sleep 1
smc_lib_check_output "lgr-smcd: the same groups and connections as smcd linkgroup" "^same$" python3 -c "
import json, subprocess
ynl = json.loads(subprocess.run(['python3', '$ynl_cli', '--spec', '$specs/smc_gen_netlink.yaml',
    '--no-schema', '--output-json', '--dump', 'get-lgr-smcd'], capture_output=True, text=True).stdout)
ours = json.loads(subprocess.run(['$tools/smcd', '-j', 'linkgroup'], capture_output=True, text=True).stdout)
a = sorted(('%08x' % m['lgr-smcd']['id'], m['lgr-smcd']['conns-num']) for m in ynl)
b = sorted((g['lgr_id'], g['conns']) for g in ours['linkgroups'])
print('same' if a == b and a else (a, b))"
smc_lib_check_output "stats: SMC-D bytes sent as smcd stats json says" "^same$" python3 -c "
import json, subprocess
ynl = json.loads(subprocess.run(['python3', '$ynl_cli', '--spec', '$specs/smc_gen_netlink.yaml',
    '--no-schema', '--output-json', '--dump', 'get-stats'], capture_output=True, text=True).stdout)
ours = json.loads(subprocess.run(['$tools/smcd', 'stats', 'json'], capture_output=True, text=True).stdout)
y = ynl[0]['stats']['smcd-tech']['tx-bytes']
print('same' if y == ours['SMCD']['SMC_TX_BYTES'] and y >= 1 << 20 else (y, ours['SMCD']['SMC_TX_BYTES']))"
# The smc_next family, from its own spec in the patched tree: loopback-ism,
# the SMC-D group's counters, the features.
next_spec=$ktree/Documentation/netlink/specs/smc_next.yaml
next_schema=$ktree/Documentation/netlink/genetlink-c.yaml
if genl ctrl get name smc_next >/dev/null 2>&1; then
	smc_lib_check "the smc_next spec validates against genetlink-c" \
		spec_valid "$next_spec" "$next_schema"
	dumps=$(ynl_dumps "$next_spec" loopback-get link-get lgr-get)
	for op in loopback-get link-get lgr-get; do
		smc_lib_check_output "ynl dumps smc_next $op" "^$op ok$" echo "$dumps"
	done
	smc_lib_check_output "smc_next lgr-get: the SMC-D group, with the bytes sent" "^same$" python3 -c "
import json, subprocess
ynl = json.loads(subprocess.run(['python3', '$ynl_cli', '--spec', '$next_spec',
    '--no-schema', '--output-json', '--dump', 'lgr-get'], capture_output=True, text=True).stdout)
ours = json.loads(subprocess.run(['$tools/smcd', '-j', 'linkgroup'], capture_output=True, text=True).stdout)
a = sorted('%08x' % g['id'] for g in ynl if 'smcd' in g)
b = sorted(g['lgr_id'] for g in ours['linkgroups'])
sent = [g for g in ynl if 'smcd' in g and g.get('data-tx', 0) >= 1 << 20]
print('same' if a == b and sent else (ynl, b))"
	smc_lib_check_output "net.smc.features: 0 in a new namespace (opt-in)" "^0$" \
		unshare -n cat /proc/sys/net/smc/features
	smc_lib_check_output "smc_next features-get: supported and enabled, as the sysctl says" "^same$" python3 -c "
import json, subprocess
y = json.loads(subprocess.run(['python3', '$ynl_cli', '--spec', '$next_spec',
    '--no-schema', '--output-json', '--do', 'features-get', '--json', '{}'],
    capture_output=True, text=True).stdout)
names = ['rkey-single-link', 'rkey-persist', 'async-add-link', 'prompt-confirm']
mask = int(open('/proc/sys/net/smc/features').read())
want = sorted(n for i, n in enumerate(names) if mask >> i & 1)
print('same' if sorted(y['supported']) == sorted(names) and sorted(y['enabled']) == want else (y, mask))"
	smc_lib_check_output "smc_next loopback-get: loopback-ism as smcd device shows it" "^same$" python3 -c "
import json, subprocess
ynl = json.loads(subprocess.run(['python3', '$ynl_cli', '--spec', '$next_spec',
    '--no-schema', '--output-json', '--dump', 'loopback-get'],
    capture_output=True, text=True).stdout)
ours = json.loads(subprocess.run(['$tools/smcd', '-j', 'device'], capture_output=True, text=True).stdout)
lo = [d for d in ours['devices'] if d['type'] == 'loopback']
y = ynl[0] if len(ynl) == 1 else {}
print('same' if lo and y.get('name') == 'loopback-ism' and y.get('chid') == 0xffff and
      y.get('use-cnt') == lo[0]['linkgroups'] >= 1 else (ynl, lo))"
else
	smc_lib_result_skip_feature "smc_next loopback-get: loopback-ism as smcd device shows it" \
		"no smc_next family in this kernel"
fi
kill -USR1 $holder
wait

# PNET table: an entry added through ynl is the one smc_pnet shows.
"$tools/smc_pnet" -f
smc_lib_check "pnet: ynl adds NETY for smcynl0" \
	ynl smc_pnetid --do add --json '{"name": "NETY", "ethname": "smcynl0"}'
smc_lib_check_output "pnet: smc_pnet shows it" "^NETY smcynl0 - -$" "$tools/smc_pnet"
smc_lib_check_output "pnet: ynl dumps it" "NETY" ynl smc_pnetid --dump get
smc_lib_check "pnet: ynl flushes" ynl smc_pnetid --do flush --json '{}'
smc_lib_check_exit "pnet: table empty" 0 "^$" "$tools/smc_pnet"
smc_lib_exit
