#!/usr/bin/env bash
# The announcers side by side, in one run, each in its lab against its
# real routing daemon and a BIRD peer:
#  - withdraw latency: interval 0.2 s, check_fail = 1, from the moment the
#    check starts failing to the withdrawal in the peer's own log, over
#    trials whose failures are spread evenly over the check's phase;
#  - CPU per apply: everything a change costs on the host (the routing
#    daemon's processes, and the commands the daemon runs: birdc, vtysh,
#    gobgp), while a maintenance file flips a service 40 times, less an
#    idle window of the same length; the service's check_tcp to a closed
#    port runs no process.
# Prints one markdown row per announcer.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../tests/e2e/lab.bash
source "$here/../tests/e2e/lab.bash"
# shellcheck source=../tests/e2e/announce.bash
source "$here/../tests/e2e/announce.bash"

TRIALS=${BENCH_TRIALS:-20}
FLIPS=${BENCH_FLIPS:-40}

now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }
log_ms() { date -d "${1/,/.}" +%s%3N; }

# CPU ticks of every process in the host namespace, with what each has
# reaped (the daemon's birdc, vtysh and gobgp runs).
host_ticks() {
	local p sum=0 t
	for p in $(ip netns pids "$LAB_H"); do
		t=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$p/stat" \
		    2>/dev/null) || continue
		sum=$((sum + t))
	done
	echo "$sum"
}

# "frr-socket" is frr with frr_socket: bgpd's socket instead of vtysh.
lab_for() {	# announcer
	case $1 in
	frr-socket) alab_up; frr_start ;;
	bird)	lab_up >/dev/null ;;
	frr)	alab_up; frr_start ;;
	gobgp)	alab_up; gobgp_start ;;
	exabgp)	alab_up ;;
	esac
	[ "$1" = exabgp ] || lab_wait 30 lab_established
}

daemon_conf() {	# announcer
	case $1 in
	bird)	echo "loglevel = info" ;;
	frr)	frr_daemon_conf | sed 's/^resync_interval = .*/resync_interval = 60/'
		echo "loglevel = info" ;;
	frr-socket)
		FRR_VIA=socket frr_daemon_conf |
		    sed 's/^resync_interval = .*/resync_interval = 60/'
		echo "loglevel = info" ;;
	gobgp)	gobgp_daemon_conf | sed 's/^resync_interval = .*/resync_interval = 60/'
		echo "loglevel = info" ;;
	exabgp)	exabgp_daemon_conf; echo "loglevel = info" ;;
	esac
}

start_daemon() {	# announcer
	if [ "$1" = exabgp ]; then exabgp_start; else lab_daemon_start; fi
}

stop_all() {	# announcer
	lab_daemon_stop
	case $1 in
	frr|frr-socket) frr_stop ;;
	gobgp)	gobgp_stop ;;
	exabgp)	exabgp_stop ;;
	esac
	lab_down
}

latency() {	# announcer: the mean, in ms
	local a=$1 last phase total=0 t now at t0 gone
	lab_assign 10.52.12.1/32
	touch "$LAB/healthy"
	daemon_conf "$a" | lab_config
	lab_service w 10.52.12.1/32 "/usr/bin/test -e $LAB/healthy" </dev/null
	start_daemon "$a"
	lab_wait 30 lab_learned 10.52.12.1/32
	sleep 1
	last=$(grep "running /usr/bin/test" "$LAB/daemon.log" | tail -n 1 |
	    cut -c1-23)
	phase=$(( $(log_ms "$last") % 200 ))
	for t in $(seq 0 $((TRIALS - 1))); do
		touch "$LAB/healthy"
		lab_wait 30 lab_learned 10.52.12.1/32
		now=$(now_ms)
		at=$(( now + 1000 ))
		at=$(( at - (at - phase) % 200 + (t * 200 + 100) / TRIALS ))
		sleep "$(printf '%d.%03d' $(( (at - now) / 1000 )) $(( (at - now) % 1000 )))"
		t0=$(now_ms)
		rm "$LAB/healthy"
		lab_wait 30 lab_not_learned 10.52.12.1/32
		gone=$(grep "h4.ipv4 > removed .* 10.52.12.1/32" \
		    "$LAB/bird/r.log" | tail -n 1 | cut -c1-23)
		total=$(( total + $(log_ms "$gone") - t0 ))
	done
	echo $((total / TRIALS))
}

# CPU per apply, in µs
apply_cpu() {	# announcer
	local a=$1 i w0 w1 i0 i1 n0 n1 secs
	lab_assign 10.52.12.2/32
	daemon_conf "$a" | lab_config
	rm -f "$LAB"/d/*.conf
	lab_service m 10.52.12.2/32 /bin/true <<-EOF
	check_tcp = 127.0.0.1:9
	check_interval = 0.1
	on_disabled = advertise
	maintenance_file = $LAB/maintenance
	EOF
	sed -i '/^check_cmd = /d' "$LAB/d/m.conf"
	start_daemon "$a"
	sleep 2
	n0=$(grep -c "announcing\|withdrawing" "$LAB/daemon.log")
	i0=$(host_ticks)
	t0=$(now_ms)
	for i in $(seq 1 "$FLIPS"); do
		if [ $((i % 2)) -eq 1 ]; then
			touch "$LAB/maintenance"
			lab_wait 30 lab_learned 10.52.12.2/32
		else
			rm -f "$LAB/maintenance"
			lab_wait 30 lab_not_learned 10.52.12.2/32
		fi
	done
	secs=$(( $(now_ms) - t0 ))
	# let the last apply's read-back finish
	sleep 1
	i1=$(host_ticks)
	n1=$(grep -c "announcing\|withdrawing" "$LAB/daemon.log")
	w0=$(host_ticks)
	sleep "$(printf '%d.%03d' $((secs / 1000)) $((secs % 1000)))"
	w1=$(host_ticks)
	awk -v busy=$((i1 - i0)) -v idle=$((w1 - w0)) -v n=$((n1 - n0)) \
	    -v hz="$(getconf CLK_TCK)" 'BEGIN {
		d = busy - idle; if (d < 0) d = 0
		printf "%.0f", n ? d / hz / n * 1e6 : 0 }'
}

declare -A lat cpu
for a in bird frr frr-socket gobgp exabgp; do
	lab_for "$a"
	lat[$a]=$(latency "$a")
	stop_all "$a"
	lab_for "$a"
	cpu[$a]=$(apply_cpu "$a")
	stop_all "$a"
	echo "$a: withdraw latency ${lat[$a]} ms, CPU per apply ${cpu[$a]} µs" >&2
done
for a in bird frr frr-socket gobgp exabgp; do
	awk -v a="$a" -v l="${lat[$a]}" -v c="${cpu[$a]}" -v b="${cpu[bird]}" \
	    'BEGIN { printf "| %s | %d | %s | %d | %.2f |\n", a, l,
	    l <= 200 ? "met" : "missed", c, b ? c / b : 0 }'
done
