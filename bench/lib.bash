# What bench/run.sh and bench/checks.sh share.

hz=$(getconf CLK_TCK)

# The daemon runs as the shipped unit runs it (see Environment= there).
export GLIBC_TUNABLES=glibc.malloc.tcache_count=0

# CPU seconds of a process and its reaped children, from /proc/PID/stat
cpu_of() {
	awk -v hz="$hz" '{ print ($14 + $15 + $16 + $17) / hz }' "/proc/$1/stat"
}

# bench_window NS DIR SECS PATTERN: start $bin on DIR (see bench_config)
# in namespace NS, let every thread start and settle into its schedule,
# then measure for SECS seconds.  Checks run in rounds, one per second from
# the start: the window opens half-way between two rounds.  Sets BW_PID
# (still running, for bench_stop), BW_CPU (seconds), BW_RUNS (log lines
# matching PATTERN, a grep regex) and BW_RSS (peak, kB).
bench_window() {
	local ns=$1 dir=$2 secs=$3 pattern=$4 started c0 r0 r1

	started=$EPOCHREALTIME
	ip netns exec "$ns" "$bin" -f "$dir/main.conf" -d "$dir/d" \
	    >/dev/null 2>&1 &
	BW_PID=$!
	sleep "$(awk -v s="$started" -v now="$EPOCHREALTIME" \
	    'BEGIN { printf "%.3f", s + 3.5 - now }')"
	c0=$(cpu_of "$BW_PID")
	r0=$(grep -c "$pattern" "$dir/ahc.log" || true)
	sleep "$secs"
	BW_CPU=$(awk -v a="$c0" -v b="$(cpu_of "$BW_PID")" \
	    'BEGIN { print b - a }')
	r1=$(grep -c "$pattern" "$dir/ahc.log" || true)
	BW_RUNS=$((r1 - r0))
	BW_RSS=$(awk '/^VmHWM/ { print $2 }' "/proc/$BW_PID/status")
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
