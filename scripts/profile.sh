#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Where SMC-R's time goes in the lab: runs scripts/profile-guest.sh in the
# two-host lab and writes Documentation/benchmarks/smcr-profile.md: the
# figure, frames and virtio kicks of each phase, CPU samples grouped by
# subsystem on both guests, and the RoCEv2 packets per ping-pong message.
# With -s (short connections: nginx + wrk "Connection: Close", c1 and
# c100, TCP and SMC-R), Documentation/benchmarks/short-connections-profile.md;
# with -d, the same short connections over TCP and SMC-D loopback in one
# guest, Documentation/benchmarks/short-connections-profile-smcd.md.
# usage: profile.sh [-s|-d] [-k KERNEL] [OUTFILE]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

set_=stream
kernel=patched
# roles: the guests profile-guest.sh runs as; sides: the directories
# their results are in (the single guest's are the client's)
roles="client server" sides="client server"
while getopts sdk: opt; do
	case $opt in
	s) set_=short ;;
	d) set_=short roles=loopback sides=client ;;
	k) kernel=$OPTARG ;;
	*) smc_next_die "usage: profile.sh [-s|-d] [-k KERNEL] [OUTFILE]" ;;
	esac
done
shift $((OPTIND - 1))
if [ "$roles" = loopback ]; then
	dest=${1:-$SMC_NEXT_TOP/Documentation/benchmarks/short-connections-profile-smcd.md}
elif [ $set_ = short ]; then
	dest=${1:-$SMC_NEXT_TOP/Documentation/benchmarks/short-connections-profile.md}
else
	dest=${1:-$SMC_NEXT_TOP/Documentation/benchmarks/smcr-profile.md}
fi
work=$SMC_NEXT_CACHE/profile
rm -rf "$work"

# host_cpu_sampler OUT: the host's share of the work, which the guests'
# profiles cannot see (a halted vCPU is idle to the guest, and QEMU's
# device emulation runs outside it). Every 0.2 s one line of cumulative
# clock ticks into OUT/client/host-cpu.txt: the host's busy and total
# (all CPUs), then, for each guest of the lab in OUT (its QEMU found by
# its console log OUT/ROLE.console.log), the ticks of its vCPU threads
# (TCG: the guest's own code) and of its other threads (main loop and
# I/O: virtio-net and the dgram sockets); with one guest (-d) it is the
# "client" and the server's ticks are 0. The client guest reads the
# last line at the start and end of each phase (the file is in its
# output directory, which the guest sees uncached).
host_cpu_sampler()
{
	local out=$1 line role t tid f vcpu other comm u n s i w irq sirq st
	local -A pid vcpus

	# No process is forked per sample but sleep: the sampler's own CPU
	# is the host's too. A QEMU and its vCPU threads are looked up once.
	set +e +o pipefail
	while sleep 0.2; do
		read -r _ u n s i w irq sirq st _ < /proc/stat
		line="$((u + n + s + irq + sirq + st)) $((u + n + s + i + w + irq + sirq + st))"
		for role in $roles; do
			if [ ! -d "/proc/${pid[$role]:-0}" ]; then
				pid[$role]=$(pgrep -f "file:$out/$role.console.log" | while read -r p; do
					[ "$(cat "/proc/$p/comm" 2>/dev/null)" = qemu-system-x86 ] &&
						echo "$p"; done | head -n 1)
				vcpus[$role]=
			fi
			if [ -z "${vcpus[$role]}" ] && [ -n "${pid[$role]}" ]; then
				for t in /proc/"${pid[$role]}"/task/*; do
					read -r comm 2>/dev/null < "$t/comm" || continue
					case $comm in CPU*/TCG) vcpus[$role]+=" ${t##*/}" ;; esac
				done
			fi
			# utime and stime: fields 14 and 15, the 12th and 13th
			# after "(comm)". The process's ticks include its ended
			# threads (QEMU's thread pool comes and goes).
			other=0 vcpu=0
			if [ -n "${pid[$role]}" ] && read -r t 2>/dev/null < "/proc/${pid[$role]}/stat"; then
				read -ra f <<< "${t##*) }"
				other=$((f[11] + f[12]))
			fi
			for tid in ${vcpus[$role]}; do
				read -r t 2>/dev/null < "/proc/${pid[$role]}/task/$tid/stat" || continue
				read -ra f <<< "${t##*) }"
				vcpu=$((vcpu + f[11] + f[12]))
			done
			line="$line $vcpu $((other - vcpu))"
		done
		[ "$roles" = loopback ] && line="$line 0 0"
		echo "$line" >> "$out/client/host-cpu.txt"
	done
}

# profile_lab OUT [LAB-PAIR OPTION...]: profile-guest.sh in the two-host
# lab, results in OUT, the host sampled meanwhile
sampler=
trap '[ -n "$sampler" ] && kill $sampler 2>/dev/null; true' EXIT
profile_lab()
{
	local out=$1
	shift

	mkdir -p "$out/client"
	host_cpu_sampler "$out" &
	sampler=$!
	if [ "$roles" = loopback ]; then
		# SMC_PROFILE_PERF=0 given as --env: vm-run.sh takes the same.
		"$SMC_NEXT_TOP/scripts/vm-run.sh" -k "$kernel" -n profile-smcd -t 900 -o "$out" \
			-l "$out/loopback.console.log" --env SMC_PROFILE_HOST_CPU=host-cpu.txt "$@" -- \
			"$SMC_NEXT_TOP/scripts/lab-guest.sh" single "$SMC_NEXT_TOP/scripts/profile-guest.sh" loopback
	else
		"$SMC_NEXT_TOP/scripts/lab-pair.sh" --out "$out" --client-kernel "$kernel" \
			--server-kernel "$kernel" --env SMC_PROFILE_PHASES=$set_ \
			--env SMC_PROFILE_HOST_CPU=host-cpu.txt "$@" -- "$SMC_NEXT_TOP/scripts/profile-guest.sh"
	fi
	kill $sampler 2>/dev/null || true
	sampler=
}
profile_lab "$work"
# Short connections once more without perf: the rates and the host's CPU
# per request as the benchmarks see them.
if [ $set_ = short ]; then
	profile_lab "$work/unprofiled" --env SMC_PROFILE_PERF=0
fi

# Shares of all CPU samples (both vCPUs) by subsystem.
categorize()
{
	awk '
	{
		pct = $1; sub(/%/, "", pct); sym = $NF
		if ($2 == "[.]") cat = "user space"
		else if (sym ~ /cpuidle|default_idle|poll_idle/) cat = "idle"
		else if (sym ~ /rxe|crc32|^rdma_|^ib_/) cat = "rxe and RDMA core (incl. ICRC crc32)"
		else if (sym ~ /^smc|^__smc/) cat = "net/smc"
		else if (sym ~ /^tcp_|^__tcp|^inet|^ip_|^__ip|gro|csum|checksum|^skb|^__skb|^udp|^__udp|^dev_|^__dev|^net_|^napi/) cat = "TCP/IP, UDP, skb"
		else if (sym ~ /vp_notify|virtqueue|virtio|receive_buf|start_xmit|try_fill_recv|page_to_skb/) cat = "virtio-net (vp_notify: exit to QEMU)"
		else if (sym ~ /rep_movs|copy|memcpy|memset|clear_page/) cat = "copies and page clearing"
		else cat = "other kernel"
		share[cat] += pct
	}
	END { for (c in share) printf "%s\t%.1f\n", c, share[c] }' "$1"
}

phase_row()
{
	awk -F'\t' -v p="$1" '$1 == p' "$work/client/phases.tsv"
}

{
	echo '<!-- SPDX-License-Identifier: GPL-2.0 -->'
	if [ "$roles" = loopback ]; then
		echo "# Where short SMC-D loopback connections spend the CPU in the lab"
	elif [ $set_ = short ]; then
		echo "# Where short SMC-R connections spend the CPU in the lab"
	else
		echo "# Where SMC-R's time goes in the lab"
	fi
	echo
	cmd="scripts/profile.sh"
	[ -n "${SMC_LAB_CPUS:-}" ] && cmd="SMC_LAB_CPUS=$SMC_LAB_CPUS $cmd"
	guests="two guests of ${SMC_LAB_CPUS:-1} vCPU(s)" where="on both guests" frames="the client's eth0"
	if [ "$roles" = loopback ]; then
		cmd="$cmd -d" guests="one guest of ${SMC_LAB_CPUS:-1} vCPU(s), nginx and wrk in it" where="in the guest"
		frames="lo's (no kicks)"
	elif [ $set_ = short ]; then
		cmd="$cmd -s"
	fi
	[ "$kernel" != patched ] && cmd="$cmd -k $kernel"
	echo "- command: \`$cmd\` ($guests, kernel $kernel: $(smc_next_base_version) + $(smc_next_series_patches | wc -l) patch(es), $(date -u '+%Y-%m-%d %H:%M UTC'))"
	echo "- each phase runs ${SMC_PROFILE_SECS:-6} s with \`perf record -a -e cpu-clock\` $where (no PMU under TCG); frames and kicks are $frames"
	echo "- every CLC feature extension of the series on (net.smc.features), as in the benchmarks"
	[ $set_ = short ] && echo "- then the same phases once more without perf, for the rates and the host's CPU as the benchmarks see them"
	echo
	echo "## Phases"
	echo
	echo "| phase | figure | frames sent | frames received | virtio TX kicks | bytes or messages | per MB or message: frames sent, kicks | client guest busy, unprofiled | per unit, unprofiled: context switches, IPIs |"
	echo "|---|---:|---:|---:|---:|---:|---|---:|---|"
	unprofiled=
	[ -f "$work/unprofiled/client/phases.tsv" ] && unprofiled=$work/unprofiled/client/phases.tsv
	awk -F'\t' -v unprofiled="$unprofiled" '
	BEGIN {
		while (unprofiled != "" && (getline line < unprofiled) > 0) {
			split(line, f, "\t")
			busy[f[1]] = f[11]
			per = (f[1] ~ /stream/) ? f[6] / 1048576 : f[6]
			if (per > 0 && f[12] != "")
				sw[f[1]] = sprintf("%.1f, %.1f", f[12] / per, f[13] / per)
		}
	}
	{
		unit = ($1 ~ /stream/) ? "Mbit/s" : ($1 ~ /wrk/) ? "req/s" : "us one-way (median)"
		per = ($1 ~ /stream/) ? $6 / 1048576 : $6
		printf "| %s | %s %s | %d | %d | %d | %d | %.1f, %.1f | %s | %s |\n", $1, $2, unit, $3, $4, $5, $6, $3 / per, $5 / per,
			($1 in busy) ? busy[$1] "%" : "-", ($1 in sw) ? sw[$1] : "-"
	}' "$work/client/phases.tsv"
	echo
	echo "## CPU samples by subsystem (% of all samples of the guest)"
	echo
	phases=$(cut -f1 "$work/client/phases.tsv")
	printf '| subsystem |'
	for p in $phases; do for side in $sides; do printf ' %s %s |' "$p" "$side"; done; done
	echo
	printf '|---|'; for p in $phases; do for side in $sides; do printf -- '---:|'; done; done; echo
	for p in $phases; do
		for side in $sides; do
			categorize "$work/$side/profile-$side-$p.txt" | sed "s/^/$p\t$side\t/"
		done
	done > "$work/categories.tsv"
	cut -f3 "$work/categories.tsv" | sort -u | while read -r cat; do
		printf '| %s |' "$cat"
		for p in $phases; do
			for side in $sides; do
				v=$(awk -F'\t' -v p="$p" -v s="$side" -v c="$cat" '$1 == p && $2 == s && $3 == c {print $4}' "$work/categories.tsv")
				printf ' %s |' "${v:-0}"
			done
		done
		echo
	done
	echo
	echo "## The host's CPU"
	echo
	echo "Sampled on the host every 0.2 s (\`/proc\`, clock ticks of each QEMU's threads), read by the client at each phase's start and end: what the guests' profiles cannot see. A halted vCPU is idle to its guest and costs the host nothing; QEMU's device emulation (virtio-net, the dgram sockets) runs in its other threads. Milliseconds of host CPU per request (wrk), per message (ping-pong) or per MB (stream); computed by \`scripts/profile-host-share.py\`, which says what is counted as rxe's."
	echo
	python3 "$SMC_NEXT_TOP/scripts/profile-host-share.py" "$work/client/phases.tsv" "$work/categories.tsv" "$(nproc)" \
		$([ -f "$work/unprofiled/client/phases.tsv" ] && echo "$work/unprofiled/client/phases.tsv")
	echo
	if [ $set_ = short ]; then
		for side in $sides; do
			if [ "$roles" = loopback ]; then
				echo "Top symbols of SMC-D at c100 (both ends in the guest):"
			else
				echo "Top symbols of SMC-R at c100, $side:"
			fi
			echo
			echo '```'
			head -n 25 "$work/$side/profile-$side-smc-wrk-c100.txt"
			echo '```'
			echo
		done
	else
		echo "## RoCEv2 packets per 14-byte ping-pong message (client's eth0)"
		echo
		echo '```'
		cat "$work/client/roce-opcodes.txt"
		echo '```'
		echo
		echo "Top symbols of the SMC-R stream, client (sender):"
		echo
		echo '```'
		head -n 20 "$work/client/profile-client-smc-stream.txt"
		echo '```'
	fi
} > "$dest"
cat "$dest"
