#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# "ip smc" of iproute2-ext against the live kernel (single host, SMC-D
# loopback): each command does what smc_pnet, smcd and the libnl-free
# reader (smc_nlctl) see it do, and shows what they show: the PNET table,
# the UEID table, the handshake limitation, info and features, link
# groups, statistics and fallback reasons; "ip smc monitor" sees the
# event sequence "smcd monitor" sees; bad input and kernel refusals give
# an error that names the cause, and exit 255 (command line) or 2 (the
# kernel refused).

. "$(dirname "$0")/smc_lib.sh"

iproute2=${SMC_LIB_IPROUTE2:-${SMC_NEXT_CACHE:-$HOME/.cache/smc-next}/iproute2/src}
ipbin=$iproute2/ip/ip
tools=$(cd "$SMC_LIB_DIR/../smc-tools" && pwd)
smc_lib_check_smc
smc_lib_check_tools smc_xfer smc_nlctl python3 ip
[ -x "$ipbin" ] || smc_lib_skip_all "no patched ip in $iproute2 (scripts/iproute2-build.sh)"
[ -x "$tools/smc_pnet" ] || smc_lib_skip_all "smc-tools not built (make tools)"
smc_lib_ueid_setup || smc_lib_skip_all "cannot configure a UEID"

ns=smc-ipsmc
dummy=smcipveth0
tmp=$(mktemp -d)
pids=()
hs_saved=$("$tools/smcd" -j hs-limitation show 2>/dev/null)
cleanup()
{
	kill "${pids[@]}" 2>/dev/null
	ip netns pids $ns 2>/dev/null | xargs -r kill 2>/dev/null
	ip netns del $ns 2>/dev/null
	ip link del $dummy 2>/dev/null
	"$tools/smc_pnet" -f >/dev/null 2>&1
	case $hs_saved in
	*true*) "$tools/smcd" hs-limitation enable >/dev/null 2>&1 ;;
	*false*) "$tools/smcd" hs-limitation disable >/dev/null 2>&1 ;;
	esac
	smc_lib_ueid_restore
	rm -rf "$tmp"
}
trap cleanup EXIT
ip link add $dummy type veth peer name $dummy-p || smc_lib_skip_all "cannot add a veth pair"

json()	# json PYTHON-EXPR CMD...: evaluates EXPR on CMD's JSON output (j)
{
	local expr=$1
	shift
	"$@" | python3 -c "import json, sys; j = json.load(sys.stdin); sys.exit(0 if ($expr) else 1)"
}

# ---- the PNET table: ip smc and smc_pnet see each other's entries
"$tools/smc_pnet" -f >/dev/null 2>&1
smc_lib_check "ip smc pnet add IPNET1 dev $dummy" "$ipbin" smc pnet add IPNET1 dev $dummy
smc_lib_check_output "smc_pnet -s shows it" "^IPNET1 +$dummy " "$tools/smc_pnet" -s
"$tools/smc_pnet" -a IPNET2 -I lo >/dev/null 2>&1
smc_lib_check_output "ip smc pnet show: smc_pnet's entry too" \
	"^pnetid IPNET2 dev lo$" "$ipbin" smc pnet show
smc_lib_check "ip -j smc pnet show IPNET1: one entry, its device" \
	json 'len(j) == 1 and j[0] == {"pnetid": "IPNET1", "dev": "'$dummy'"}' \
	"$ipbin" -j smc pnet show ipnet1
smc_lib_check "ip smc pnet delete IPNET1" "$ipbin" smc pnet delete IPNET1
smc_lib_check "smc_pnet no longer shows it" \
	bash -c "! '$tools/smc_pnet' -s | grep -q IPNET1"
smc_lib_check "ip smc pnet flush empties the table" \
	bash -c "'$ipbin' smc pnet flush && [ -z \"\$('$tools/smc_pnet' -s)\" ]"
# the kernel keeps an entry for an interface that is still to come
smc_lib_check "pnet add for an interface to come: taken" \
	"$ipbin" smc pnet add IPNET3 dev nosuchdev0
smc_lib_check_output "... and listed by smc_pnet" "^IPNET3 +nosuchdev0 " "$tools/smc_pnet" -s
"$ipbin" smc pnet delete IPNET3
smc_lib_check_exit "pnet add, bad PNET ID: exit 255, named" 255 \
	'argument "BAD_ID!" is wrong: PNET ID is 1 to 16 letters and digits' \
	"$ipbin" smc pnet add 'BAD_ID!' dev lo
smc_lib_check_exit "pnet add without a device: exit 255" 255 \
	'"dev" or "ib" is required' "$ipbin" smc pnet add IPNET3
smc_lib_check_exit "pnet delete of an absent ID: exit 2, not Success" 2 \
	'^(Error|RTNETLINK answers): [A-Z]' "$ipbin" smc pnet delete IPNET9
if "$ipbin" smc pnet delete IPNET9 2>&1 | grep -q Success; then
	smc_lib_result_fail "no error says Success" "pnet delete printed Success"
fi

# ---- the UEID table: ip smc and smc_nlctl
smc_lib_check "ip smc ueid add ip-smc.test1" "$ipbin" smc ueid add ip-smc.test1
smc_lib_check_output "smc_nlctl sees IP-SMC.TEST1" "^IP-SMC.TEST1 *$" "$SMC_LIB_NLCTL" ueid show
smc_lib_check "ip -j smc ueid show: the lab's UEID and the new one" \
	json '{"IP-SMC.TEST1", "'"$SMC_LIB_UEID"'"} <= {e["ueid"] for e in j}' \
	"$ipbin" -j smc ueid show
smc_lib_check "ip smc ueid delete IP-SMC.TEST1" "$ipbin" smc ueid delete IP-SMC.TEST1
smc_lib_check "smc_nlctl no longer sees it" \
	bash -c "! '$SMC_LIB_NLCTL' ueid show | grep -q IP-SMC.TEST1"
smc_lib_check_exit "ueid add, bad UEID: exit 255, named" 255 \
	'argument ".bad" is wrong' "$ipbin" smc ueid add .bad
smc_lib_check_exit "ueid delete of an absent UEID: exit 2, an error" 2 \
	'^(Error|RTNETLINK answers): [A-Z]' "$ipbin" smc ueid delete NOSUCH-UEID

# ---- seid and hs-limit
smc_lib_check "ip smc seid show" "$ipbin" smc seid show
for state in on off; do
	want=$([ $state = on ] && echo true || echo false)
	smc_lib_check "ip smc hs-limit $state: smcd shows it" \
		bash -c "'$ipbin' smc hs-limit $state && '$tools/smcd' -j hs-limitation show | grep -q $want"
	smc_lib_check_output "ip smc hs-limit show: $state" "^hs-limit $state$" \
		"$ipbin" smc hs-limit show
done

# ---- info: the version, and the features smc_nlctl reads
smc_lib_check_output "ip smc info: the SMC version" "^smc version [0-9]+\.[0-9]+ " \
	"$ipbin" smc info
if feat=$("$SMC_LIB_NLCTL" next features 2>/dev/null); then
	sup=$(sed -n 's/.*supported \(0x[0-9a-f]*\).*/\1/p' <<< "$feat")
	smc_lib_check "ip -j smc info: features as the kernel reports ($sup)" \
		json "sum({'rkey-single-link': 1, 'rkey-persist': 2, 'async-add-link': 4, 'prompt-confirm': 8}[f]
		     for f in j[0]['features_supported']) == $sup" \
		"$ipbin" -j smc info
else
	smc_lib_check "ip smc info: no features on a kernel without smc_next" \
		bash -c "! '$ipbin' smc info | grep -q features"
fi

# ---- a live SMC-D connection: link group and statistics
before=$("$ipbin" -j smc stats)
"$SMC_LIB_XFER" server -p 5701 -w 60 >/dev/null 2>&1 &
pids+=($!)
smc_lib_wait_listen 5701
"$SMC_LIB_XFER" client 127.0.0.1 -p 5701 -w 10 -H 60 -m SMCD >/dev/null 2>&1 &
pids+=($!)
smc_lib_check "the SMC-D connection is up" smc_lib_wait_for 30 bash -c \
	"'$SMC_LIB_NLCTL' sockets | grep -q 'state ACTIVE mode SMCD'"
want_ids=$("$SMC_LIB_NLCTL" lgr-smcd | awk '/^lgr/ {print $2}' | sort)
got_ids=$("$ipbin" -j smc linkgroup show type smcd | python3 -c '
import json, sys
for g in json.load(sys.stdin):
    print("%08x" % int(g["id"], 16))' | sort)
if [ -n "$want_ids" ] && [ "$want_ids" = "$got_ids" ]; then
	smc_lib_result_pass "ip smc linkgroup type smcd: smc_nlctl's link groups"
else
	smc_lib_result_fail "ip smc linkgroup type smcd: smc_nlctl's link groups" \
		"smc_nlctl: ${want_ids//$'\n'/ }; ip smc: ${got_ids//$'\n'/ }"
fi
smc_lib_check "ip smc linkgroup: the SMC-D group has connections" \
	json 'any(g["type"] == "smcd" and g["conns"] >= 1 for g in j)' \
	"$ipbin" -j smc linkgroup
if "$SMC_LIB_NLCTL" next lgr >/dev/null 2>&1; then
	smc_lib_check "ip -s smc linkgroup: the data an SMC-D group moved" \
		json 'any(g["type"] == "smcd" and "data_tx" in g for g in j)' \
		"$ipbin" -s -j smc linkgroup show type smcd
fi
smc_lib_check "ip smc linkgroup id: only that group" \
	bash -c "id=\$('$ipbin' -j smc linkgroup show type smcd | python3 -c 'import json,sys; print(json.load(sys.stdin)[0][\"id\"])'); \
		'$ipbin' smc linkgroup show id \$id | grep -c linkgroup | grep -qx 1"
smc_lib_check "ip smc stats: the SMC-D client count grew" \
	python3 -c "
import json, subprocess, sys
b = json.loads(sys.argv[1])[0]['smcd']
a = json.loads(subprocess.run(['$ipbin', '-j', 'smc', 'stats'], capture_output=True,
                              text=True).stdout)[0]['smcd']
sys.exit(0 if a['client_v1'] + a['client_v2'] > b['client_v1'] + b['client_v2'] else 1)" "$before"

# ---- a fallback: counted with its reason in words, and an event
ip netns add $ns && ip -n $ns link set lo up || smc_lib_skip_all "cannot create a namespace"
ip netns exec $ns "$ipbin" -j smc monitor > "$tmp/ip.json" 2>"$tmp/ip.err" &
monitors=($!)
ip netns exec $ns "$tools/smcd" -j monitor > "$tmp/smcd.json" 2>"$tmp/smcd.err" &
monitors+=($!)
pids+=("${monitors[@]}")
ip netns exec $ns "$ipbin" link add $dummy-n type veth peer name $dummy-m
# Both monitors listen once each has seen a PNET event of the sentinel
# IPSYNC (events reach a socket's queue before the command returns); the
# sentinel's events are left out of the comparison.
monitors_ready()
{
	ip netns exec $ns "$ipbin" smc pnet add IPSYNC dev $dummy-n &&
		ip netns exec $ns "$ipbin" smc pnet delete IPSYNC &&
		smc_lib_wait_for 1 bash -c "grep -q IPSYNC '$tmp/ip.json' && grep -q IPSYNC '$tmp/smcd.json'"
}
smc_lib_check "both monitors listen" smc_lib_wait_for 30 monitors_ready
ip netns exec $ns "$SMC_LIB_XFER" server -p 5702 -f tcp -w 30 >/dev/null 2>&1 &
pids+=($!)
ip netns exec $ns bash -c "$(declare -f smc_lib_wait_listen); SMC_LIB_NLCTL=$SMC_LIB_NLCTL smc_lib_wait_listen 5702"
smc_lib_check "SMC client, TCP server: falls back" \
	ip netns exec $ns "$SMC_LIB_XFER" client 127.0.0.1 -p 5702 -b 64K -m TCP
ip netns exec $ns "$ipbin" smc pnet add IPEV dev $dummy-n
ip netns exec $ns "$ipbin" smc pnet delete IPEV
smc_lib_wait_for 20 bash -c "grep -q 'REMOVED.*IPEV' '$tmp/ip.json' && grep -q 'REMOVED.*IPEV' '$tmp/smcd.json'"
kill "${monitors[@]}" 2>/dev/null
wait "${monitors[@]}" 2>/dev/null
python3 - "$tmp/ip.json" "$tmp/smcd.json" > "$tmp/cmp" <<'PY'
import json, sys
def events(path):
    evs = [json.loads(l) for l in open(path) if l.strip()]
    return [e for e in evs if e.get("pnetid", "").strip() != "IPSYNC"]
ip = events(sys.argv[1])
smcd = [e["event"] for e in events(sys.argv[2])]
print("ip:", " ".join(e["event"] for e in ip))
print("smcd:", " ".join(str(e) for e in smcd))
fb = [e for e in ip if e["event"] == "FALLBACK"]
ok = (len(fb) == 1 and fb[0]["cause"] == "peer did not indicate SMC"
      and fb[0].get("dport") == 5702
      and [e["event"] for e in ip] == ["FALLBACK", "PNET_ADDED", "PNET_REMOVED"]
      and [e["event"] for e in ip] == smcd)
sys.exit(0 if ok else 1)
PY
if [ $? = 0 ]; then
	smc_lib_result_pass "ip smc monitor: smcd monitor's event sequence, reasons, ports"
else
	sed 's/^/    /' "$tmp/cmp" "$tmp/ip.err"
	smc_lib_result_fail "ip smc monitor: smcd monitor's event sequence, reasons, ports"
fi
smc_lib_check_output "ip smc stats: the fallback's reason in words" \
	'^fallback (client|server) reason 0x[0-9a-f]{8} count [0-9]+ "peer did not indicate SMC"' \
	ip netns exec $ns "$ipbin" smc stats

smc_lib_exit
