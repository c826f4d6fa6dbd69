#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# iproute2-ext against a live SMC-R connection (two-host lab), at each end:
# "ss -A smc" lists the connection as smc-r with the addresses the
# libnl-free reader (smc_nlctl) reports; "ip smc linkgroup" and "ip smc
# link" show its link groups and links as smc_nlctl does; on an smc-next
# kernel the link group's agreed features are smc_nlctl's and "ip -s smc
# link" gives the counters smcr gives (read between two readings of
# smcr), and "ss -i" shows each socket's link group features; on a stock
# kernel (the interop phases) ip smc and ss show what the kernel has, no
# features, no counters, without an error, and "ip smc monitor" says the
# kernel sends no events.
# Runs on both hosts at once: SMC_LIB_ROLE=client|server, SMC_LIB_PEER.

. "$(dirname "$0")/smc_lib.sh"

iproute2=${SMC_LIB_IPROUTE2:-${SMC_NEXT_CACHE:-$HOME/.cache/smc-next}/iproute2/src}
ipbin=$iproute2/ip/ip
ss=$iproute2/misc/ss
tools=$(cd "$SMC_LIB_DIR/../smc-tools" && pwd)
role=${SMC_LIB_ROLE:?runs in the two-host lab (lab-pair.sh)}
port=11901 sync_port=11902

smc_lib_check_smc
smc_lib_check_tools smc_xfer smc_nlctl python3
[ -x "$ipbin" ] && [ -x "$ss" ] ||
	smc_lib_skip_all "no patched ip and ss in $iproute2 (scripts/iproute2-build.sh)"

# features offered, so that a link group this script creates agrees some
smc_lib_features_on
pids=()
trap 'kill "${pids[@]}" 2>/dev/null' EXIT
if [ "$role" = server ]; then
	"$SMC_LIB_XFER" server -p $port -w 120 >/dev/null 2>&1 &
	pids+=($!)
	smc_lib_wait_listen $port
	smc_lib_pair_sync ready $sync_port
else
	smc_lib_pair_sync ready $sync_port
	"$SMC_LIB_XFER" client "$SMC_LIB_PEER" -p $port -w 60 -b 1M -H 90 -m SMCR >/dev/null 2>&1 &
	pids+=($!)
fi
smc_lib_check "the SMC-R connection is up" smc_lib_wait_for $((60 * SMC_LIB_SLOW)) \
	bash -c "'$SMC_LIB_NLCTL' sockets | grep -q 'state ACTIVE mode SMCR'"

# ss: the ESTABLISHED SMC-R sockets and their addresses, as smc_nlctl's
smc_lib_check "ss -A smc: the smc-r sockets and addresses of smc_nlctl" python3 - "$ss" "$SMC_LIB_NLCTL" <<'PY'
import re, subprocess, sys
ss, nlctl = sys.argv[1:3]
want = sorted((m.group(1), m.group(2)) for m in
              (re.search(r"state ACTIVE mode SMCR local (\S+) peer (\S+)", l)
               for l in subprocess.run([nlctl, "sockets"], capture_output=True,
                                       text=True).stdout.splitlines()) if m)
got = sorted((f[3], f[4]) for f in
             (l.split() for l in subprocess.run([ss, "-A", "smc", "-a", "-n", "-H"],
                                                capture_output=True, text=True).stdout.splitlines())
             if f[0] == "ESTAB" and f[5] == "smc-r")
print("smc_nlctl:", want, "ss:", got)
sys.exit(0 if want and want == got else 1)
PY

# link groups and links, as smc_nlctl reports them
smc_lib_check "ip smc linkgroup type smcr: smc_nlctl's groups and roles" python3 - "$ipbin" "$SMC_LIB_NLCTL" <<'PY'
import json, re, subprocess, sys
ip, nlctl = sys.argv[1:3]
want = sorted((int(m.group(1), 16), {"CLNT": "client", "SERV": "server"}[m.group(2)], int(m.group(3)))
              for m in (re.match(r"lgr (\S+) role (\S+) type \S+ conns (\d+)", l)
                        for l in subprocess.run([nlctl, "lgr"], capture_output=True,
                                                text=True).stdout.splitlines()) if m)
got = sorted((int(g["id"], 16), g["role"], g["conns"]) for g in
             json.loads(subprocess.run([ip, "-j", "smc", "linkgroup", "show", "type", "smcr"],
                                       capture_output=True, text=True, check=True).stdout))
print("smc_nlctl:", want, "ip:", got)
sys.exit(0 if want and want == got else 1)
PY
smc_lib_check "ip smc link: smc_nlctl's links, states, devices" python3 - "$ipbin" "$SMC_LIB_NLCTL" <<'PY'
import json, re, subprocess, sys
ip, nlctl = sys.argv[1:3]
want = sorted((int(m.group(1)), m.group(2).lower(), m.group(3), int(m.group(4)))
              for m in (re.match(r"link (\d+) state LINK_(\S+) ibdev (\S+) conns (\d+)", l)
                        for l in subprocess.run([nlctl, "links"], capture_output=True,
                                                text=True).stdout.splitlines()) if m)
got = sorted((l["link"], l["state"], l["ib"], l["conns"]) for l in
             json.loads(subprocess.run([ip, "-j", "smc", "link"], capture_output=True,
                                       text=True, check=True).stdout))
print("smc_nlctl:", want, "ip:", got)
sys.exit(0 if want and want == got else 1)
PY

if next_lgr=$("$SMC_LIB_NLCTL" next lgr 2>/dev/null); then
	smc_lib_check "ip smc linkgroup: the agreed features of smc_nlctl" \
		python3 - "$ipbin" "$next_lgr" <<'PY'
import json, re, subprocess, sys
ip, nlctl = sys.argv[1:3]
bits = {"rkey-single-link": 1, "rkey-persist": 2, "async-add-link": 4, "prompt-confirm": 8}
want = sorted((int(m.group(1), 16), int(m.group(2), 16)) for m in
              (re.match(r"lgr (\S+) smcr data-tx \d+ features (\S+)", l)
               for l in nlctl.splitlines()) if m)
got = sorted((int(g["id"], 16), sum(bits[f] for f in g["features"])) for g in
             json.loads(subprocess.run([ip, "-j", "smc", "linkgroup", "show", "type", "smcr"],
                                       capture_output=True, text=True, check=True).stdout))
print("smc_nlctl:", want, "ip:", got)
sys.exit(0 if want and want == got else 1)
PY
	smc_lib_check "ss -i: each smc-r socket shows its link group's features" \
		python3 - "$ss" "$next_lgr" <<'PY'
import re, subprocess, sys
ss, nlctl = sys.argv[1:3]
bits = {"rkey-single-link": 1, "rkey-persist": 2, "async-add-link": 4, "prompt-confirm": 8,
        "none": 0}
want = {int(m.group(1), 16) for m in
        (re.match(r"lgr \S+ smcr data-tx \d+ features (\S+)", l) for l in nlctl.splitlines()) if m}
# -i puts the details on a line of their own, after a tab
out = subprocess.run([ss, "-A", "smc", "-i", "-n", "-H"], capture_output=True, text=True).stdout
rows = [r for r in out.replace("\n\t", " ").splitlines() if " smc-r" in r]
got = set()
for r in rows:
    m = re.search(r" features:(\S+)", r)
    if not m:
        print("no features:", r)
        sys.exit(1)
    got.add(sum(bits[f] for f in m.group(1).split(",")))
print("smc_nlctl:", want, "ss:", got, "rows:", len(rows))
print("features:", sorted(f for f, b in bits.items() if b and b & max(got | {0})))
sys.exit(0 if rows and len(want) == 1 and got == want else 1)
PY
	# the client's 1 MB has gone out before the counters are compared
	if [ "$role" = client ]; then
		smc_lib_wait_for $((30 * SMC_LIB_SLOW)) bash -c \
			"'$ipbin' -s -j smc link | python3 -c 'import json,sys; sys.exit(not any(l[\"stats\"][\"rdma_write_bytes\"] >= 1 << 20 for l in json.load(sys.stdin)))'"
	fi
	smc_lib_check "ip -s smc link: smcr's counters" python3 - "$ipbin" "$tools/smcr" <<'PY'
import json, subprocess, sys
ip, smcr = sys.argv[1:3]
def smcr_links():
    out = subprocess.run([smcr, "-s", "-j", "linkgroup", "link-show"], capture_output=True,
                         text=True, check=True).stdout
    return {(int(l["lgr_id"], 16), l["link_id"]): l["stats"] for l in json.loads(out)["links"]}
names = {"wr_tx": "wr_tx", "wr_tx_compl": "wr_tx_completed", "wr_tx_err": "wr_tx_errors",
         "wr_rx": "wr_rx", "wr_rx_compl": "wr_rx_completed", "wr_rx_err": "wr_rx_errors",
         "rdma_write": "rdma_writes", "rdma_write_bytes": "rdma_write_bytes",
         "cdc_tx": "cdc_tx", "cdc_rx": "cdc_rx", "rkey_confirm": "rkey_confirms",
         "rkey_delete": "rkey_deletes", "state_change": "state_changes",
         "failover": "failovers", "timeout": "timeouts"}
before = smcr_links()
ip_links = json.loads(subprocess.run([ip, "-s", "-j", "smc", "link"], capture_output=True,
                                     text=True, check=True).stdout)
after = smcr_links()
ok = bool(ip_links)
for l in ip_links:
    key = (int(l["linkgroup"], 16), l["link"])
    s = l.get("stats")
    if s is None or key not in before or key not in after:
        print("link", key, "missing:", s is None, key not in before, key not in after)
        ok = False
        continue
    for mine, theirs in names.items():
        if not before[key][theirs] <= s[mine] <= after[key][theirs]:
            print("link", key, mine, before[key][theirs], s[mine], after[key][theirs])
            ok = False
    if sum(s["llc_tx"].values()) < 1 or s["wr_tx"] < 1:
        print("link", key, "no LLC or WR sent:", s)
        ok = False
sys.exit(0 if ok else 1)
PY
else
	# a stock kernel: what it has, without an error
	smc_lib_check "stock kernel: ip smc info works, shows no features" \
		bash -c "out=\$('$ipbin' smc info) && grep -q '^smc version' <<< \"\$out\" && ! grep -q features <<< \"\$out\""
	smc_lib_check "stock kernel: ip -s smc link works, no counters" \
		bash -c "'$ipbin' -s -j smc link | python3 -c 'import json,sys; l = json.load(sys.stdin); sys.exit(not l or any(\"stats\" in x for x in l))'"
	smc_lib_check "stock kernel: ip smc stats works" "$ipbin" smc stats
	smc_lib_check "stock kernel: ss -i shows the link, no features" \
		bash -c "out=\$('$ss' -A smc -i -n -H | sed -z 's/\n\t/ /g') && grep -q ' smc-r .*ibdev:' <<< \"\$out\" && ! grep -q features: <<< \"\$out\""
	smc_lib_check_exit "stock kernel: ip smc monitor says there are no events, exit 2" 2 \
		"this kernel sends no SMC events" timeout 10 "$ipbin" smc monitor
fi

smc_lib_pair_sync done $sync_port
smc_lib_exit
