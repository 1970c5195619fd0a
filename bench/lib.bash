# What bench/run.sh and bench/checks.sh share.

hz=$(getconf CLK_TCK)

# The daemon runs as the shipped unit runs it (see Environment= there).
export GLIBC_TUNABLES=glibc.malloc.tcache_count=0

# CPU seconds of a process and its reaped children, from /proc/PID/stat
cpu_of() {
	awk -v hz="$hz" '{ print ($14 + $15 + $16 + $17) / hz }' "/proc/$1/stat"
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
