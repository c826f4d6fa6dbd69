#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The YAML specs of the SMC generic netlink families (patches/specs/):
# valid against the kernel's genetlink-legacy schema, and numbered as the
# uapi header the lab installs from the patched tree (every attribute and
# command the spec names is the C constant of that value).

. "$(dirname "$0")/../../selftests/smc_lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${SMC_NEXT_CACHE:-$HOME/.cache/smc-next}
schema=$cache/patched/src/Documentation/netlink/genetlink-legacy.yaml
headers=$cache/patched/headers/include
py=/usr/bin/python3	# Debian's, with python3-yaml and python3-jsonschema

[ -f "$schema" ] && [ -f "$headers/linux/smc.h" ] || smc_lib_skip_all "no patched kernel tree (make kernel)"
$py -c 'import yaml, jsonschema' 2>/dev/null || smc_lib_skip_all "python3-yaml or python3-jsonschema missing"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for spec in "$top"/patches/specs/*.yaml; do
	name=$(basename "$spec")
	smc_lib_check "$name: valid against genetlink-legacy.yaml" $py -c "
import sys, yaml, jsonschema
jsonschema.validate(yaml.safe_load(open(sys.argv[1])), yaml.safe_load(open(sys.argv[2])))" "$spec" "$schema"

	# A C program that prints NAME VALUE for every constant the spec implies.
	$py - "$spec" > "$tmp/check.c" <<'PY'
import sys, yaml
spec = yaml.safe_load(open(sys.argv[1]))
print('#include <stdio.h>\n#include <linux/smc.h>\nint main(void)\n{')
for s in spec['attribute-sets']:
    if s['name'] == 'llc-types':        # numbered by LLC type, no C enum
        continue
    v = None
    for a in s['attributes']:
        v = a.get('value', 1 if v is None else v + 1)
        c = (s['name-prefix'] + a['name']).upper().replace('-', '_')
        print('\tprintf("%%s %%d %%d\\n", "%s", %s, %d);' % (c, c, v))
prefix = 'SMC_NETLINK_' if spec['name'] == 'SMC_GEN_NETLINK' else 'SMC_PNETID_'
v = None
for o in spec['operations']['list']:
    v = o.get('value', 1 if v is None else v + 1)
    c = (prefix + o['name']).upper().replace('-', '_')
    print('\tprintf("%%s %%d %%d\\n", "%s", %s, %d);' % (c, c, v))
print('\treturn 0;\n}')
PY
	if cc -isystem "$headers" -o "$tmp/check" "$tmp/check.c" 2>"$tmp/cc.err"; then
		bad=$("$tmp/check" | awk '$2 != $3')
		if [ -z "$bad" ]; then
			smc_lib_result_pass "$name: numbered as linux/smc.h"
		else
			echo "$bad" | sed 's/^/    /'
			smc_lib_result_fail "$name: numbered as linux/smc.h" "constant, header value, spec value"
		fi
	else
		grep error "$tmp/cc.err" | head -5 | sed 's/^/    /'
		smc_lib_result_fail "$name: numbered as linux/smc.h" "a name of the spec is not in the header"
	fi
done
smc_lib_exit
