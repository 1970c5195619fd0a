# What bench/run.sh and bench/checks.sh share.

hz=$(getconf CLK_TCK)

# The daemon runs as the shipped unit runs it (see Environment= there).
export GLIBC_TUNABLES=glibc.malloc.tcache_count=0

# snap PID FILE: "wall-clock-s cpu-s bytes" of process PID (with its
# reaped children) and FILE, read together by one process, so that the
# three describe the same instant even on a machine the load saturates.
# A real-time priority, where there is one, keeps a machine that the load
# saturates from starving the snapshot (3000 services did, for minutes).
snap() {
	local rt=
	chrt -f 10 true 2>/dev/null && rt="chrt -f 10"
	$rt python3 - "$1" "$2" "$hz" <<-'EOF'
	import os, sys, time
	t = time.time()
	f = open("/proc/%s/stat" % sys.argv[1]).read().rsplit(")", 1)[1].split()
	cpu = sum(int(x) for x in f[11:15]) / float(sys.argv[3])
	print("%.6f %.6f %d" % (t, cpu, os.stat(sys.argv[2]).st_size))
	EOF
}

# How many lines of FILE's first BYTES bytes match PATTERN (a grep regex)
count_in() {	# file bytes pattern
	head -c "$2" "$1" | grep -c "$3" || true
}

# bench_window NS DIR SECS PATTERN: start $bin on DIR (see bench_config)
# in namespace NS, let every thread start and settle into its schedule,
# then measure for SECS seconds.  Checks run in rounds, one per second
# from the start: the window opens and closes half-way between two rounds,
# so it holds SECS rounds (BW_ROUNDS; 0 and a warning when a snapshot came
# so late that the count is not known).
# The window's two ends are snapshots (snap); the log's lines are counted
# afterwards, up to the sizes the snapshots saw, since counting a large
# log while the load runs would stretch the window.  Sets BW_PID (still
# running, for bench_stop), BW_SECS (the window's length), BW_ROUNDS, BW_CPU
# (seconds), BW_RUNS (log lines matching PATTERN) and BW_RSS (peak, kB).
bench_window() {
	local ns=$1 dir=$2 secs=$3 pattern=$4 started a b

	started=$EPOCHREALTIME
	ip netns exec "$ns" "$bin" -f "$dir/main.conf" -d "$dir/d" \
	    >/dev/null 2>&1 &
	BW_PID=$!
	bench_sleep_until "$started" 3.5
	a=$(snap "$BW_PID" "$dir/ahc.log")
	bench_sleep_until "$started" "$(awk -v s="$secs" 'BEGIN { print s + 3.5 }')"
	b=$(snap "$BW_PID" "$dir/ahc.log")
	set -- $a $b
	BW_SECS=$(awk -v a="$1" -v b="$4" 'BEGIN { print b - a }')
	BW_ROUNDS=$secs
	# each end within half a second of its mark, or rounds were lost
	if ! awk -v s="$started" -v a="$1" -v b="$4" -v w="$secs" 'BEGIN {
		exit !(a - s - 3.5 < 0.5 && b - s - 3.5 - w < 0.5) }'; then
		echo "bench: a snapshot came late; checks run ÷ expected not known" >&2
		BW_ROUNDS=0
	fi
	BW_CPU=$(awk -v a="$2" -v b="$5" 'BEGIN { print b - a }')
	BW_RUNS=$(( $(count_in "$dir/ahc.log" "$6" "$pattern") -
	    $(count_in "$dir/ahc.log" "$3" "$pattern") ))
	BW_RSS=$(awk '/^VmHWM/ { print $2 }' "/proc/$BW_PID/status")
}

# The rounds the last window held, or its length when that is not known
bench_rounds() {
	if [ "$BW_ROUNDS" -gt 0 ]; then
		echo "$BW_ROUNDS"
	else
		echo "$BW_SECS"
	fi
}

# bench_sleep_until T0 S: sleep until S seconds after the time T0
# ($EPOCHREALTIME), or not at all if that is past
bench_sleep_until() {
	local d
	d=$(awk -v t="$1" -v s="$2" -v now="$EPOCHREALTIME" \
	    'BEGIN { d = t + s - now; printf "%.3f", (d > 0 ? d : 0) }')
	sleep "$d"
}

bench_stop() {
	kill "$BW_PID"
	wait "$BW_PID" 2>/dev/null || true
}

# bench_config DIR N LINE...: DIR/main.conf, and N services checked every
# second in DIR/d/all.conf, each with these lines; service i has the
# address 10.(i/65536+100).(i/256%256).(i%256)/32
bench_config() {
	local dir=$1 n=$2 i
	shift 2
	rm -rf "$dir" && mkdir -p "$dir/d"
	cat >"$dir/main.conf" <<-CONF
	[daemon]
	pidfile = $dir/ahc.pid
	bird_conf = $dir/prefixes.conf
	bird_reconfigure_cmd = /bin/true
	loglevel = info
	log_file = $dir/ahc.log
	log_maxbytes = 0
	CONF
	for i in $(seq 1 "$n"); do
		printf '[s%d]\nip_prefix = 10.%d.%d.%d/32\n' "$i" \
		    $((i / 65536 + 100)) $((i / 256 % 256)) $((i % 256))
		printf 'check_interval = 1\ncheck_disabled = false\n'
		printf '%s\n' "$@"
	done >"$dir/d/all.conf"
}
