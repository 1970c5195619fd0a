#!/usr/bin/env bash
# make bench: the daemon's cost against the floor of spawning /bin/true,
# measured in one run on this machine, and written to bench/results.md
# with a plot in bench/results.png.  Needs root (network namespaces).
#
#   BENCH_SECONDS   how long each load runs (default 10)
#   BENCH_NS        the service counts (default "100 300 500 1000 3000")
#   BENCH_LAB=0     skip withdraw latency and the burst (the BGP lab)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
bin=$top/src/anycast-healthchecker
secs=${BENCH_SECONDS:-10}
counts=${BENCH_NS:-100 300 500 1000 3000}
work=$(mktemp -d /tmp/ahc-bench.XXXXXX)
ns=ahc-bench-${work##*.}
trap 'ip netns del "$ns" 2>/dev/null; rm -rf "$work"' EXIT

# shellcheck source=bench/lib.bash
source "$here/lib.bash"
# The floor drifts with the machine (a virtual one most of all), so each
# load is compared with the mean of a floor taken just before and just
# after it.
floor() { "$top/build/spawnfloor" 3000; }

ip netns add "$ns"
ip netns exec "$ns" ip link set lo up


# The machine, as the results depend on it: CPU, cores, virtualization.
machine() {
	local cpu vm ctr
	cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
	vm=$(systemd-detect-virt --vm 2>/dev/null || true)
	ctr=$(systemd-detect-virt --container 2>/dev/null || true)
	printf '%s cores of %s, %s%s, Linux %s' "$(nproc)" \
	    "${cpu:-an unnamed CPU}" \
	    "$([ "${vm:-none}" = none ] && echo "no virtual machine seen" ||
	    echo "a $vm virtual machine")" \
	    "$([ "${ctr:-none}" = none ] || echo " in a $ctr container")" \
	    "$(uname -r)"
}

results=()
assigned=0
for n in $counts; do
	# lo holds every service address, as on a real anycast host
	if [ "$assigned" -lt "$n" ]; then
		for i in $(seq $((assigned + 1)) "$n"); do
			echo "address add 10.$((i / 65536 + 100)).$((i / 256 % 256)).$((i % 256))/32 dev lo"
		done | ip netns exec "$ns" ip -batch -
		assigned=$n
	fi
	# the same schedule run by a program that only spawns: what a check
	# costs when N start in the same instant
	set -- $("$top/build/spawnfloor" -s "$n" "$secs")
	sched_us=$1 sched_runs=$2
	for ipcheck in on off; do
		if [ "$ipcheck" = off ]; then
			bench_config "$work/run" "$n" "check_cmd = /bin/true" \
			    "ip_check_disabled = true"
		else
			bench_config "$work/run" "$n" "check_cmd = /bin/true"
		fi
		f0=$(floor)
		bench_window "$ns" "$work/run" "$secs" "check duration"
		rfloor=$("$top/build/threadfloor" "$n")
		bench_stop
		floor_us=$(awk -v a="$f0" -v b="$(floor)" \
		    'BEGIN { printf "%.1f", (a + b) / 2 }')
		row=$(awk -v n="$n" -v ip="$ipcheck" -v cpu="$BW_CPU" \
		    -v runs="$BW_RUNS" -v secs="$(bench_rounds)" -v floor="$floor_us" \
		    -v rss="$BW_RSS" -v rfloor="$rfloor" -v sus="$sched_us" \
		    -v sruns="$sched_runs" -v cores="$(nproc)" 'BEGIN {
			per = runs ? cpu / runs * 1e6 : 0
			# the share of the schedule the floor leaves room for
			allows = cores * 1e6 / floor / n
			if (allows > 1)
				allows = 1
			printf "%d %s %.1f %.2f %.1f %.3f %d %.1f %.2f %.1f %.1f %.2f %.3f %.3f",
			    n, ip, per, per / floor, rss / 1024, runs / (n * secs),
			    runs, rfloor / 1024, rss / rfloor, floor, sus,
			    sus ? per / sus : 0, sruns,
			    runs / (n * secs) / allows
		}')
		echo "N=$n ip check $ipcheck: $row"
		results+=("$row")
	done
done

# Withdraw latency and the burst, against a real BGP peer.
lat="withdraw latency and burst: not measured (BENCH_LAB=0)"
[ "${BENCH_LAB:-1}" = 0 ] || lat=$(bash "$here/withdraw.sh")
echo "$lat"

# Built-in checks against the programs they replace, in the same run.
checks=$(bash "$here/checks.sh")
echo "$checks"

# Where a check's CPU goes, at 100 services.
prof=$(bash "$here/profile.sh" 100 "$secs" 2>&1) || prof="not measured: $prof"
echo "$prof"

# The announcers side by side, each against its real routing daemon.
ann="| (not measured: BENCH_LAB=0) | | | | |"
[ "${BENCH_LAB:-1}" = 0 ] || ann=$(bash "$here/announce.sh")
echo "$ann"

{
	echo "# Benchmark results"
	echo
	echo "One run of \`make bench\` ($(date -u +%Y-%m-%d)) on $(machine)."
	echo "Each load ran ${secs} s; services check \`/bin/true\` every 1 s."
	echo "CPU counts the daemon and its children; the floor is the CPU of"
	echo "\`posix_spawn\` + \`waitpid\` of \`/bin/true\`, measured by"
	echo "\`bench/spawnfloor\` just before and just after each load (the mean"
	echo "of the two is the row's floor).  The RSS floor is"
	echo "the peak RSS of \`bench/threadfloor\`: a process linked as the daemon"
	echo "is, with one thread of the daemon's stack size per service, each of"
	echo "which only waits.  The schedule floor is \`bench/spawnfloor -s\`: N"
	echo "threads that each spawn \`/bin/true\` once a second, all in the same"
	echo "instant, as services started together do, for as long as the load"
	echo "ran; its last column is the share of that schedule it kept."
	echo "The daemon runs as the unit runs it, with"
	echo "GLIBC_TUNABLES=glibc.malloc.tcache_count=0."
	echo
	echo "| services | IP check | CPU per check (µs) | floor (µs) | ÷ floor | schedule floor (µs) | ÷ schedule floor | peak RSS (MB) | RSS floor (MB) | ÷ RSS floor | checks run ÷ expected | ÷ what the floor allows | schedule floor's checks run ÷ expected |"
	echo "|---:|:---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	for r in "${results[@]}"; do
		set -- $r
		echo "| $1 | $2 | $3 | ${10} | $4 | ${11} | ${12} | $5 | $8 | $9 | $6 | ${14} | ${13} |"
	done
	echo
	echo "$lat" | sed 's/^/    /'
	echo
	echo "Where a check's CPU goes (\`bench/profile.sh 100 $secs\`: 100 services,"
	echo "the IP check on):"
	echo
	echo "$prof" | sed 's/^/    /'
	echo
	echo "Built-in checks (100 services, every 1 s, against one local"
	echo "server, Debian's nginx), CPU per check of the daemon and its"
	echo "children, side by side:"
	echo
	echo "| built-in | CPU per check (µs) | as a program | CPU per check (µs) | ratio | target |"
	echo "|:---|---:|:---|---:|---:|---:|"
	echo "$checks"
	echo
	echo "Announcers, side by side against their real routing daemons and a"
	echo "BIRD peer: withdraw latency at the peer (interval 0.2 s,"
	echo "check_fail = 1, target ≤ interval/2 + 100 ms), and the CPU a change"
	echo "costs on the host (the routing daemon's processes and the commands"
	echo "the daemon runs), against one birdc configure's:"
	echo
	echo "| announcer | withdraw latency (ms) | target | CPU per apply (µs) | ÷ bird's |"
	echo "|:---|---:|:---:|---:|---:|"
	echo "$ann"
	echo
	echo "Targets: CPU per check ≤ 1.15 × floor at 100 and 1000 services;"
	echo "at 1000, ≥ 90 % of the checks the floor allows (cores ÷ floor per"
	echo "second), and all of them at 500; peak RSS no worse than 3.8 MB at"
	echo "100; withdraw latency ≤ interval/2 + 20 ms; a burst of 40 ≤ 3"
	echo "reconfigures."
} >"$here/results.md"

printf '%s\n' "${results[@]}" >"$work/data"
if command -v gnuplot >/dev/null; then
	gnuplot <<-PLOT
	set terminal pngcairo size 900,420
	set output "$here/results.png"
	set multiplot layout 1,2
	set logscale x
	set xlabel "services"
	set key top left
	set title "CPU per check / floor"
	plot "< grep ' on ' $work/data" using 1:4 with linespoints title "IP check on", \
	     "< grep ' off ' $work/data" using 1:4 with linespoints title "IP check off", \
	     "< grep ' on ' $work/data" using 1:12 with linespoints title "IP check on, ÷ schedule floor", \
	     1.15 with lines dashtype 2 title "target"
	set title "peak RSS (MB)"
	plot "< grep ' on ' $work/data" using 1:5 with linespoints title "IP check on", \
	     "< grep ' off ' $work/data" using 1:5 with linespoints title "IP check off", \
	     "< grep ' on ' $work/data" using 1:8 with linespoints dashtype 2 title "floor: idle threads"
	unset multiplot
	PLOT
fi
echo "wrote bench/results.md and bench/results.png"
