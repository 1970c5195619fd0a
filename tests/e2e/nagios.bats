#!/usr/bin/env bats
# The Nagios plugin against a running daemon in the lab.

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load lab

PLUGIN=$LAB_TOP/contrib/nagios/check_anycast_healthchecker

setup() {
	lab_setup
	lab_config </dev/null
	lab_assign 10.52.12.21/32
	lab_assign 10.52.12.22/32
	lab_service one 10.52.12.21/32 /bin/true </dev/null
	lab_service two 10.52.12.22/32 /bin/true </dev/null
	lab_service off 10.52.12.23/32 /bin/true <<<"check_disabled = true"
}

teardown() {
	lab_teardown
}

plugin() {
	run "$PLUGIN" -f "$LAB/main.conf" -d "$LAB/d" "$@"
}

@test "OK when every enabled check has its thread" {
	lab_daemon_start
	lab_wait 15 lab_learned 10.52.12.22/32
	plugin
	assert_success
	assert_output "OK: UP (pid=$LAB_DAEMON_PID) and all threads (2) are running"
}

@test "-v reports the pidfile, the process and each thread" {
	lab_daemon_start
	lab_wait 15 lab_learned 10.52.12.22/32
	plugin -v
	assert_success
	assert_line "pidfile $LAB/ahc.pid"
	assert_line --partial "/proc/$LAB_DAEMON_PID/exe -> "
	assert_line --regexp "^  thread [0-9]+ one$"
	assert_line --regexp "^  thread [0-9]+ two$"
	# the status line comes last
	[ "${lines[${#lines[@]}-1]}" = "OK: UP (pid=$LAB_DAEMON_PID) and all threads (2) are running" ]
}

@test "CRITICAL (2) when the pidfile is missing" {
	plugin
	assert_failure 2
	assert_output "CRITICAL: anycast-healthchecker could be down as pid file $LAB/ahc.pid doesn't exist"
}

@test "a stale pid: CRITICAL text with exit 3, as upstream" {
	sh -c 'echo $$ >"$1"' sh "$LAB/ahc.pid"
	plugin
	assert_failure 3
	assert_output "CRITICAL: anycast-healthchecker with pid ($(cat "$LAB/ahc.pid")) isn't running"
}

@test "UNKNOWN (3) for a pidfile that holds no pid" {
	echo garbage >"$LAB/ahc.pid"
	plugin
	assert_failure 3
	assert_output "UNKNOWN: stale pid file with invalid data:garbage"
	echo 1 >"$LAB/ahc.pid"
	plugin
	assert_failure 3
	assert_output "UNKNOWN: invalid PID (1)"
}

@test "CRITICAL when the config lists more enabled checks than run" {
	lab_daemon_start
	lab_wait 15 lab_learned 10.52.12.22/32
	# a check added after the daemon started has no thread
	lab_service three 10.52.12.24/32 /bin/true </dev/null
	plugin
	assert_failure 2
	assert_output "CRITICAL: Found 2 running threads while configured number of threads is 3 OpDocs ANYCAST-03"
}

@test "OK with no enabled check" {
	rm "$LAB/d/one.conf" "$LAB/d/two.conf"
	lab_daemon_start
	plugin
	assert_success
	assert_output "OK: Number of service checks is zero, no threads are running"
}

@test "an unprivileged user can check a daemon it does not own" {
	lab_daemon_start
	lab_wait 15 lab_learned 10.52.12.22/32
	chmod 755 "$LAB" "$LAB/d"
	chmod 644 "$LAB/main.conf" "$LAB"/d/*.conf "$LAB/ahc.pid"
	run setpriv --reuid=nobody --regid=nogroup --clear-groups \
	    "$PLUGIN" -f "$LAB/main.conf" -d "$LAB/d"
	assert_success
	assert_output "OK: UP (pid=$LAB_DAEMON_PID) and all threads (2) are running"
}

@test "the daemon runs as an unprivileged user" {
	chown -R nobody:nogroup "$LAB/d" "$LAB/main.conf" "$LAB/bird"
	chmod 755 "$LAB"
	chmod 666 "$LAB/bird/h.ctl"
	mkdir "$LAB/run" && chown nobody:nogroup "$LAB/run"
	sed -i "s|^pidfile = .*|pidfile = $LAB/run/ahc.pid|" "$LAB/main.conf"
	ip netns exec "$LAB_H" setpriv --reuid=nobody --regid=nogroup \
	    --clear-groups "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" \
	    >>"$LAB/daemon.log" 2>&1 &
	LAB_DAEMON_PID=$!
	lab_wait 15 lab_learned 10.52.12.21/32
	[ "$(stat -c %U "$LAB/bird/prefixes4.conf")" = nobody ]
	[ "$(awk '/^Uid:/ { print $2 }' "/proc/$LAB_DAEMON_PID/status")" = \
	    "$(id -u nobody)" ]
	run "$PLUGIN" -f "$LAB/main.conf" -d "$LAB/d"
	assert_success
}

@test "CRITICAL while BIRD does not take the files, OK again soon after it does" {
	mkdir "$LAB/prom"
	touch "$LAB/healthy"
	# a reconfigure that fails while $LAB/broken exists
	cat >"$LAB/reconf" <<-EOF
	#!/bin/sh
	[ -e "$LAB/broken" ] && { echo "BIRD is not there"; exit 1; }
	exec /usr/sbin/birdc -s "$LAB/bird/h.ctl" configure
	EOF
	chmod 755 "$LAB/reconf"
	lab_config <<-EOF
	bird_reconfigure_cmd = $LAB/reconf
	prometheus_exporter = true
	prometheus_collector_textfile_dir = $LAB/prom
	prometheus_exporter_interval = 1
	EOF
	lab_service one 10.52.12.21/32 "/usr/bin/test -e $LAB/healthy" </dev/null
	lab_daemon_start
	lab_wait 15 lab_learned 10.52.12.21/32
	lab_wait 15 grep -q "^4 0 0.000 [1-9]" "$LAB/ahc.bird"
	plugin -t 5
	assert_success
	touch "$LAB/broken"
	rm "$LAB/healthy"
	start=$SECONDS
	lab_wait 20 eval '"$PLUGIN" -f "$LAB/main.conf" -d "$LAB/d" -t 5 >/dev/null; [ $? -eq 2 ]'
	echo "CRITICAL after $((SECONDS - start)) s"
	[ $((SECONDS - start)) -le 15 ]
	plugin -t 5
	assert_failure 2
	assert_output --regexp "^CRITICAL: BIRD has not taken the IPv4 prefix file for [0-9]+ seconds \(1 changes waiting\)$"
	# the router still has it: BIRD never heard
	lab_learned 10.52.12.21/32
	grep -q 'anycast_healthchecker_bird_changes_waiting{ip_version="4"} 1.0' "$LAB/prom/anycast_healthchecker.prom"
	# a higher threshold: not yet
	plugin -t 3600
	assert_success
	rm "$LAB/broken"
	start=$SECONDS
	lab_wait 20 eval '"$PLUGIN" -f "$LAB/main.conf" -d "$LAB/d" -t 5 >/dev/null'
	echo "OK again after $((SECONDS - start)) s"
	[ $((SECONDS - start)) -le 10 ]
	lab_wait 15 lab_not_learned 10.52.12.21/32
	lab_wait 5 grep -q 'anycast_healthchecker_bird_changes_waiting{ip_version="4"} 0.0' "$LAB/prom/anycast_healthchecker.prom"
	# removed with the pidfile at exit
	lab_daemon_stop
	[ ! -e "$LAB/ahc.bird" ]
}

# A state line for IPv4: one write waiting since WALL_AGO seconds by the
# wall clock and BOOT_AGO seconds by the boot clock.
lag_line() {	# WALL_AGO BOOT_AGO
	python3 - "$1" "$2" <<-'EOF'
	import sys, time
	w, b = float(sys.argv[1]), float(sys.argv[2])
	print("4 1 %.3f 0.000 %.3f" % (time.time() - w,
	    time.clock_gettime(time.CLOCK_BOOTTIME) - b))
	EOF
}

@test "a clock step does not make a waiting write look old; the boot clock decides" {
	lab_daemon_start
	lab_wait 15 grep -q "^4 0 " "$LAB/ahc.bird"
	plugin -t 30
	assert_success
	# the daemon rewrites the file only when its state changes
	lag_line 3600 1 >"$LAB/ahc.bird"
	plugin -t 30
	assert_success
	lag_line 1 3600 >"$LAB/ahc.bird"
	plugin -t 30
	assert_failure 2
	assert_output --regexp "^CRITICAL: BIRD has not taken the IPv4 prefix file for 3[56][0-9][0-9] seconds \(1 changes waiting\)$"
	# a line of a daemon before this field: the wall clock, as before
	printf '4 1 %s 0.000\n' "$(date +%s)" >"$LAB/ahc.bird"
	plugin -t 30
	assert_success
}
