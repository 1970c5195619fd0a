#!/usr/bin/env bats
# Defects an adversarial review found; each test failed before its fix.

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load lab

setup() {
	lab_setup
}

teardown() {
	lab_teardown
}

# A BIRD control socket that greets and then never answers: birdc hangs.
hang_socket() {
	python3 - "$LAB/hang.ctl" >/dev/null 2>&1 <<-'EOF' &
	import os, socket, sys
	s = socket.socket(socket.AF_UNIX)
	s.bind(sys.argv[1])
	os.chmod(sys.argv[1], 0o666)
	s.listen(256)
	held = []
	while True:
	    c, _ = s.accept()
	    c.sendall(b"0001 BIRD 2.0.12 ready.\n")
	    held.append(c)
	EOF
	HANG_PID=$!
	lab_wait 10 test -S "$LAB/hang.ctl"
}

# pids of the processes whose command line starts with $1
pids_with() {
	local p cmd
	for p in /proc/[0-9]*; do
		cmd=$(tr '\0' ' ' <"$p/cmdline" 2>/dev/null) || continue
		case "$cmd" in "$1"*) echo "${p#/proc/}" ;; esac
	done
	return 0
}

# The daemon as user nobody, with sudoers of the test's own bind-mounted
# over /etc/sudoers in a mount namespace of its own.
daemon_as_nobody() {
	chmod 755 "$LAB"
	mkdir -p "$LAB/run"
	chown nobody:nogroup "$LAB/run" "$LAB/bird" "$LAB"/bird/prefixes*.conf
	cat >"$LAB/sudoers" <<-EOF
	Defaults use_pty
	nobody ALL=(root) NOPASSWD: /usr/sbin/birdc
	EOF
	chmod 440 "$LAB/sudoers"
	ip netns exec "$LAB_H" unshare -m sh -c "
		mount --make-rprivate / &&
		mount --bind '$LAB/sudoers' /etc/sudoers &&
		exec setpriv --reuid=nobody --regid=nogroup --clear-groups \
		    '$LAB_BIN' -f '$LAB/main.conf' -d '$LAB/d'
	" >>"$LAB/daemon.log" 2>&1 &
	LAB_DAEMON_PID=$!
	lab_wait 10 test -s "$LAB/run/ahc.pid"
}

@test "a timed-out sudo birdc leaves no root-owned birdc behind" {
	hang_socket
	hang="/usr/bin/sudo -n /usr/sbin/birdc -s $LAB/hang.ctl configure"
	lab_config <<-EOF
	pidfile = $LAB/run/ahc.pid
	bird_reconfigure_cmd = $hang
	EOF
	lab_assign 10.52.12.40/32
	lab_assign 10.52.12.41/32
	lab_service hang 10.52.12.40/32 "$hang" <<-EOF
	check_interval = 0.1
	check_timeout = 0.3
	EOF
	lab_service up 10.52.12.41/32 /bin/true </dev/null
	daemon_as_nobody
	lab_wait 60 eval '[ "$(grep -c "check timed out" "$LAB/daemon.log")" -ge 20 ]'
	lab_wait 30 eval '[ "$(grep -c "reconfiguring bird timed out" "$LAB/daemon.log")" -ge 3 ]'
	# root's birdc: at most the check's and the reconfigure's in flight
	run pids_with "/usr/sbin/birdc -s $LAB/hang.ctl"
	echo "birdc left: $(echo "$output" | grep -c .)"
	[ "$(echo "$output" | grep -c .)" -le 2 ]
	lab_daemon_stop
	lab_wait 5 eval '[ -z "$(pids_with "/usr/sbin/birdc -s $LAB/hang.ctl")" ]'
	kill "$HANG_PID"
}

@test "SIGTERM at random moments leaves no check of 2,000 services running" {
	# a duration of its own, so that only this test's sleeps are counted
	dur="7.77$(date +%N)"
	lab_config <<-EOF
	bird_reconfigure_cmd = /bin/true
	EOF
	for i in $(seq 1 2000); do
		printf '[s%d]\ncheck_cmd = /bin/sleep %s\nip_prefix = 10.70.%d.%d/32\ncheck_interval = 1\ncheck_timeout = 20\ncheck_rise = 1\ncheck_fail = 1\ncheck_disabled = false\nip_check_disabled = true\n' \
		    "$i" "$dur" $((i / 250)) $((i % 250 + 1))
	done >"$LAB/d/many.conf"
	total=0
	for round in $(seq 1 20); do
		# from the exec on: thread launch is where the window is widest
		ip netns exec "$LAB_H" "$LAB_BIN" -f "$LAB/main.conf" \
		    -d "$LAB/d" >>"$LAB/daemon.log" 2>&1 &
		LAB_DAEMON_PID=$!
		ms=$((300 + RANDOM % 2000))
		sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"
		kill "$LAB_DAEMON_PID"
		# a SIGTERM before the signals are blocked ends it at once
		wait "$LAB_DAEMON_PID" || true
		LAB_DAEMON_PID=
		left=$(pids_with "/bin/sleep $dur")
		n=$(echo "$left" | grep -c . || true)
		total=$((total + n))
		# survivors are this test's own: end them by pid
		[ -z "$left" ] || kill -9 $left
	done
	echo "survivors over 20 stops: $total"
	[ "$total" -eq 0 ]
}

@test "a hanging custom command holds back neither other services nor SIGTERM" {
	cat >"$LAB/custom" <<-EOF
	#!/bin/sh
	echo "\$1" >>"$LAB/custom.log"
	exec sleep 30
	EOF
	chmod 755 "$LAB/custom"
	lab_assign 10.52.12.42/32
	lab_assign 10.52.12.43/32
	lab_config </dev/null
	lab_service slow 10.52.12.42/32 /bin/true <<-EOF
	custom_bird_reconfigure_cmd = $LAB/custom
	custom_bird_reconfigure_cmd_timeout = 20
	EOF
	lab_service plain 10.52.12.43/32 "/bin/test -e $LAB/plain-ok" </dev/null
	lab_daemon_start
	lab_wait 10 grep -q "^up" "$LAB/custom.log"
	touch "$LAB/plain-ok"
	# the custom command has 20 s to go; the other service does not wait
	lab_wait 5 lab_learned 10.52.12.43/32
	start=$SECONDS
	lab_daemon_stop
	echo "stopped in $((SECONDS - start)) s"
	[ $((SECONDS - start)) -le 3 ]
	[ "$LAB_DAEMON_EXIT" -eq 0 ]
	run pids_with "sleep 30"
	assert_output ""
}

@test "started with stdin, stdout and stderr closed, no log line goes into the pidfile" {
	lab_assign 10.52.12.44/32
	lab_config </dev/null
	lab_service one 10.52.12.44/32 /bin/true </dev/null
	ip netns exec "$LAB_H" "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" \
	    <&- >&- 2>&- &
	LAB_DAEMON_PID=$!
	lab_wait 10 test -s "$LAB/ahc.pid"
	lab_wait 15 lab_learned 10.52.12.44/32
	# a few rounds of log lines later
	sleep 1
	run cat "$LAB/ahc.pid"
	assert_output "$LAB_DAEMON_PID"
}

@test "after 20 log rotations no thread holds a deleted log file" {
	lab_config <<-EOF
	log_file = $LAB/ahc.log
	log_maxbytes = 10000
	log_backups = 2
	loglevel = info
	EOF
	for i in 1 2 3 4 5; do
		lab_assign "10.52.13.$i/32"
		lab_service "r$i" "10.52.13.$i/32" /bin/true <<<"check_interval = 0.05"
	done
	# one thread that logs nothing between its rare checks
	lab_assign 10.52.13.6/32
	lab_service idle 10.52.13.6/32 /bin/true <<<"check_interval = 3600"
	lab_daemon_start
	seen=$(stat -c %i "$LAB/ahc.log")
	n=0
	until [ "$n" -ge 20 ]; do
		ino=$(stat -c %i "$LAB/ahc.log" 2>/dev/null) || continue
		if [ "$ino" != "$seen" ]; then
			seen=$ino
			n=$((n + 1))
		fi
		sleep 0.01
	done
	# the busy threads log all the time: catch them between lines
	run lab_wait 5 eval '! ls -l /proc/$LAB_DAEMON_PID/task/*/fd/ | grep -q "ahc.log.*(deleted)"'
	ls -l /proc/$LAB_DAEMON_PID/task/*/fd/ | grep "(deleted)" || true
	assert_success
}
