#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The reliability table: the RDMA-path faults, the rtoken churn, the
# two-link failover and the failover of closing connections
# (selftests/smcr_faults.sh, smcr_rtoken_churn.sh, smcr_churn_cycles.sh,
# smcr_failover.sh, smcr_failover_close.sh with both of its cases), the peer killed
# (smcr_peer_killed.sh, one lab run per case) and SMC-D's churn and TCP
# failures in one guest (smc_churn.sh, smcd_tcp_failed.sh) run on two stock guests
# and on two patched guests, the same way, one after the other; each
# case's outcome on both, from the last run, into
# Documentation/reliability.md (between its table markers).
# usage: reliability.sh [OUTDIR]   (default ~/.cache/smc-next/reliability)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=${1:-$SMC_NEXT_CACHE/reliability}
doc=$SMC_NEXT_TOP/Documentation/reliability.md
rm -rf "$out"
mkdir -p "$out"
for k in pristine patched; do
	smc_next_log "reliability: $k <-> $k"
	"$SMC_NEXT_TOP/scripts/lab-pair.sh" --out "$out/$k" --timeout 1500 \
		--client-kernel "$k" --server-kernel "$k" \
		-- "$SMC_NEXT_TOP/selftests/run_tests.sh" smcr_faults.sh smcr_rtoken_churn.sh smcr_churn_cycles.sh smcr_failover.sh \
		smcr_failover_close.sh \
		> "$out/$k.log" 2>&1 || true
	for c in first established idle; do
		"$SMC_NEXT_TOP/scripts/lab-pair.sh" --out "$out/$k-peerkill/$c" --timeout 600 \
			--client-kernel "$k" --server-kernel "$k" --kill-on-request \
			--env SMC_PEER_KILLED_CASE=$c -- "$SMC_NEXT_TOP/selftests/run_tests.sh" smcr_peer_killed.sh \
			> "$out/$k-peerkill-$c.log" 2>&1 || true
	done
	# SMC-D: loopback-ism, both ends in one guest
	"$SMC_NEXT_TOP/scripts/vm-run.sh" -n single -k "$k" -t 900 -o "$out/$k-single" \
		-- "$SMC_NEXT_TOP/scripts/lab-guest.sh" single \
		"$SMC_NEXT_TOP/selftests/run_tests.sh" smc_churn.sh smcd_tcp_failed.sh \
		> "$out/$k-single.log" 2>&1 || true
done

table=$(python3 - "$out" <<'PY'
import re, sys
out = sys.argv[1]
# case -> kernel -> list of (ok, check, where)
cases, order = {}, []
for k in ("pristine", "patched"):
    runs = [f"{k}/client", f"{k}/server"] + [f"{k}-peerkill/{c}/client" for c in ("first", "established", "idle")] + [f"{k}-single"]
    for run in runs:
        role = "single" if run.endswith("-single") else run.split("/")[-1]
        try:
            lines = open(f"{out}/{run}/results.tap").read().splitlines()
        except OSError:
            continue
        for line in lines:
            # a known issue (a skip with that reason) counts as a failure here
            known = re.search(r" # SKIP (known issue: .*)$", line)
            if known:
                line = "not ok" + line[2:line.index(" # SKIP")] if line.startswith("ok") else line
            m = re.match(r"(not ok|ok) \d+ - (smcr_faults|smcr_rtoken_churn|smcr_churn_cycles|smcr_failover|smcr_failover_close|smcr_peer_killed|smc_churn|smcd_tcp_failed): (.*?)(: (.*))?$", line)
            if not m or "renewed" in line or "# SKIP" in line:
                continue
            case, check = m.group(3), m.group(5) or ""
            if known:
                check += " (" + known.group(1) + ")"
            if m.group(2) == "smcr_failover":
                case = "two links: " + case
            if m.group(2) == "smcr_churn_cycles":
                case = "cycles: " + case
            if m.group(2) == "smcr_failover_close":
                case = "closing, " + case
            if m.group(2) in ("smc_churn", "smcd_tcp_failed"):
                case = "SMC-D: " + case
            if case not in cases:
                cases[case] = {}
                order.append(case)
            cases[case].setdefault(k, []).append((m.group(1) == "ok", check, role))
bounds = {"RDMA device removed mid-transfer": "90 s per end; link group gone 60 s after (TEST_LINK after 30 s)"}
def outcome(results):
    if not results:
        return "not run"
    bad = [f"{role}: {check}" for ok, check, role in results if not ok]
    if bad:
        return "FAIL: " + "; ".join(bad)
    # "both ends SMCR" / "both ends TCP" / "both ends failed" (one end
    # never got the connection, the other got an error)
    ends = sorted({c.replace("both ends ", "") for ok, c, r in results if c.startswith("both ends")})
    words = {"failed": "failed (one end never got the connection, the other an error)"}
    return "pass" + (f" (both ends {' / '.join(words.get(e, e) for e in ends)})" if ends else "")
print("| case | stock (pristine) | patched | bound |")
print("|---|---|---|---|")
for case in order:
    if case.startswith("closing, "):
        b = "the answer or an error within 120 s"
    elif case.startswith("server killed "):
        b = "an error within 90 s (TCP: tcp_retries2=5; an idle link: TEST_LINK after 30 s); link group gone 60 s after"
    elif case.startswith("cycles: "):
        b = "none (counts; slab within 8 MB)"
    elif case.startswith("SMC-D: keepalive"):
        b = "the client's TCP gone within 30 s; 1 MB each way within 30 s"
    elif case.startswith("SMC-D: half-close"):
        b = "the server's TCP gone within 30 s; the answer within 30 s"
    elif case.startswith("SMC-D: late CONFIRM"):
        b = "an error within 40 s"
    elif case.startswith("SMC-D: "):
        b = "none (counts; slab within 4 MB)"
    elif case.startswith("two links: "):
        b = "120 s after the link went down; the link back within 60 s"
    else:
        b = bounds.get(case, "90 s per transfer" if "connections" not in case else "none (counts)")
    print(f"| {case} | {outcome(cases[case].get('pristine'))} | {outcome(cases[case].get('patched'))} | {b} |")
PY
)
python3 - "$doc" "$table" "$(date -u '+%Y-%m-%d %H:%M UTC')" <<'PY'
import sys
doc, table, when = sys.argv[1:4]
s = open(doc).read()
begin, end = "<!-- table: scripts/reliability.sh -->", "<!-- end of table -->"
head, rest = s.split(begin, 1)
tail = rest.split(end, 1)[1]
open(doc, "w").write(f"{head}{begin}\nLast run: {when}, `scripts/reliability.sh`.\n\n{table}\n{end}{tail}")
PY
smc_next_log "table written to $doc"
echo "$table"
