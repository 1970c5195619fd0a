#!/usr/bin/env bats
# SIGHUP under stress: what a reload withdraws, whom it tells, and that
# the main loop keeps serving while services stop.  The router's view and
# the daemon's own log are the truth.

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load lab

# Do the prefixes stay learned for SECONDS, looked at every 0.1 s?
stays_learned() {	# SECONDS PREFIX...
	local until=$((SECONDS + $1))
	shift
	while [ "$SECONDS" -lt "$until" ]; do
		lab_all_learned "$@" || return 1
		sleep 0.1
	done
}

# Seconds between the daemon's log lines matching $1 and $2 (the last of
# each), from the daemon's own timestamps.
log_gap() {
	local a b
	a=$(grep "$1" "$LAB/daemon.log" | tail -n 1 | awk '{ print $2 }')
	b=$(grep "$2" "$LAB/daemon.log" | tail -n 1 | awk '{ print $2 }')
	python3 - "$a" "$b" <<-'EOF'
	import sys
	def s(t):
	    h, m, rest = t.split(":")
	    return int(h) * 3600 + int(m) * 60 + float(rest.replace(",", "."))
	print("%.3f" % (s(sys.argv[2]) - s(sys.argv[1])))
	EOF
}

@test "SIGHUP: a formatting-only ip_prefix edit keeps the routes; the service counts as changed" {
	lab_assign 10.52.12.1/32
	lab_assign 10.52.12.2/32
	lab_config </dev/null
	lab_service pair "10.52.12.1/32,10.52.12.2/32" /bin/true <<-EOF
	check_interval = 0.5
	check_rise = 4
	EOF
	lab_daemon_start
	lab_wait 15 lab_all_learned 10.52.12.1/32 10.52.12.2/32
	lab_service pair "10.52.12.1/32, 10.52.12.2" /bin/true <<-EOF
	check_interval = 0.5
	check_rise = 4
	EOF
	kill -HUP "$LAB_DAEMON_PID"
	lab_wait 15 grep -q "reload: 0 services added, 0 removed, 1 changed, 0 unchanged" "$LAB/daemon.log"
	# a withdrawal would last check_rise rounds: 2 s
	stays_learned 3 10.52.12.1/32 10.52.12.2/32
	run grep "withdrawing" "$LAB/daemon.log"
	assert_failure
}

@test "SIGHUP: a change of check_http_expect, check_http_status or check_http_host applies" {
	echo 200 >"$LAB/http.mode"
	ip netns exec "$LAB_H" python3 "$LAB_TOP/tests/e2e/httpd.py" \
	    127.0.0.1 18095 "$LAB/http.mode" </dev/null >/dev/null 2>&1 3>&- &
	lab_wait 10 lab_h python3 -c 'import socket; socket.create_connection(("127.0.0.1", 18095), 1)'
	lab_assign 10.52.15.5/32
	lab_config </dev/null
	web() {	# EXPECT STATUS
		lab_service web 10.52.15.5/32 /bin/true <<-EOF
		check_http = http://127.0.0.1:18095/
		check_http_expect = $1
		check_http_status = $2
		EOF
		sed -i '/^check_cmd = /d' "$LAB/d/web.conf"
	}
	web "not in the page" 200
	lab_daemon_start
	lab_wait 10 grep -q "do not hold the expected text" "$LAB/daemon.log"
	web "all is well" 200
	kill -HUP "$LAB_DAEMON_PID"
	lab_wait 15 grep -q "reload: 0 services added, 0 removed, 1 changed, 0 unchanged" "$LAB/daemon.log"
	lab_wait 15 lab_learned 10.52.15.5/32
	web "all is well" 500
	kill -HUP "$LAB_DAEMON_PID"
	lab_wait 15 lab_not_learned 10.52.15.5/32
	grep -q "check_http failed: GET http://127.0.0.1:18095/: status 200" "$LAB/daemon.log"
}

@test "SIGHUP: a removed service's custom command gets down, behind the one in flight; the default birdc is not run" {
	# "up" takes 2 s, so the removal comes while it runs
	cat >"$LAB/custom" <<-EOF
	#!/bin/sh
	echo "\$1 \$(date +%s.%N)" >>"$LAB/custom.log"
	[ "\$1" = up ] && sleep 2
	exec /usr/sbin/birdc -s "$LAB/bird/h.ctl" configure
	EOF
	chmod 755 "$LAB/custom"
	lab_assign 10.52.12.5/32
	lab_assign 10.52.12.6/32
	lab_config </dev/null
	lab_service c1 10.52.12.5/32 /bin/true <<-EOF
	custom_bird_reconfigure_cmd = $LAB/custom
	custom_bird_reconfigure_cmd_timeout = 10
	EOF
	lab_service plain 10.52.12.6/32 /bin/true </dev/null
	lab_daemon_start
	lab_wait 15 grep -q "^up" "$LAB/custom.log"
	lab_wait 15 lab_learned 10.52.12.6/32
	birdcs=$(grep -c "reconfiguring BIRD by running /usr/sbin/birdc" "$LAB/daemon.log")
	rm "$LAB/d/c1.conf"
	kill -HUP "$LAB_DAEMON_PID"
	lab_wait 15 grep -q "reload: 0 services added, 1 removed, 0 changed, 1 unchanged" "$LAB/daemon.log"
	grep -q "withdrawing 10.52.12.5/32 for c1" "$LAB/daemon.log"
	lab_wait 15 grep -q "^down" "$LAB/custom.log"
	lab_wait 15 lab_not_learned 10.52.12.5/32
	# up, then down: one after the other, not at once
	run cut -d' ' -f1 "$LAB/custom.log"
	assert_output "$(printf 'up\ndown')"
	[ "$(grep -c "reconfiguring BIRD by running /usr/sbin/birdc" "$LAB/daemon.log")" -eq "$birdcs" ]
	lab_learned 10.52.12.6/32
}

@test "SIGHUP with hanging checks: the reload answers within 2 s, and the main loop serves meanwhile" {
	# an HTTP server that takes every request and never answers
	lab_deaf_http 18096
	cat >"$LAB/deaf" <<-'EOF'
	#!/bin/sh
	# ignores SIGTERM, as a careless check might
	trap '' TERM
	sleep 30 &
	wait
	EOF
	chmod 755 "$LAB/deaf"
	lab_config <<<"prometheus_listen = 127.0.0.1:9178"
	for i in $(seq 1 20); do
		lab_service "h$i" "10.63.0.$i/32" /bin/true <<-EOF
		check_http = http://127.0.0.1:18096/
		check_timeout = 60
		ip_check_disabled = true
		EOF
		sed -i '/^check_cmd = /d' "$LAB/d/h$i.conf"
	done
	for i in 1 2 3; do
		lab_service "deaf$i" "10.63.1.$i/32" "$LAB/deaf" <<-EOF
		check_timeout = 60
		ip_check_disabled = true
		EOF
	done
	lab_daemon_start
	lab_wait 15 eval '[ "$(grep -c "running check_http" "$LAB/daemon.log")" -ge 20 ]'
	lab_wait 15 eval '[ "$(grep -c "running $LAB/deaf" "$LAB/daemon.log")" -ge 3 ]'
	sleep 0.5
	# every service changes: each must stop, in the middle of its check
	sed -i 's/^check_timeout = 60/check_timeout = 59/' "$LAB"/d/*.conf
	kill -HUP "$LAB_DAEMON_PID"
	# /metrics answers while the services stop
	lab_h curl -sf -m 2 -o /dev/null http://127.0.0.1:9178/metrics
	lab_wait 15 grep -q "reload: 0 services added, 0 removed, 23 changed, 0 unchanged" "$LAB/daemon.log"
	gap=$(log_gap "received 1 (Hangup)" "reload: 0 services added")
	echo "reload took $gap s" >&3
	python3 -c "import sys; sys.exit(0 if $gap < 2 else 1)"
	# the new threads run their checks
	lab_wait 15 eval '[ "$(sed -n "/received 1 (Hangup)/,\$p" "$LAB/daemon.log" | grep -c "running check_http")" -ge 20 ]'
	[ "$(ls "/proc/$LAB_DAEMON_PID/task" | wc -l)" -eq 24 ]
}

@test "SIGHUP: validating the new configuration runs no check program" {
	cat >"$LAB/probe" <<-EOF
	#!/bin/sh
	echo ran >>"$LAB/probe.log"
	EOF
	chmod 755 "$LAB/probe"
	lab_config </dev/null
	# disabled: no thread ever runs it
	lab_service idle 10.52.12.7/32 "$LAB/probe" <<<"check_disabled = true"
	lab_daemon_start
	lab_wait 15 grep -q "Check is now permanently disabled" "$LAB/daemon.log"
	kill -HUP "$LAB_DAEMON_PID"
	lab_wait 15 grep -q "reload: 0 services added, 0 removed, 0 changed, 1 unchanged" "$LAB/daemon.log"
	# -c looks at the program without running it, and so does a reload
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c
	assert_success
	[ ! -e "$LAB/probe.log" ]
}

@test "SIGHUP: a check cut short by the reload counts for nothing; the route stays" {
	# passes, but takes a second, and dies of SIGTERM
	cat >"$LAB/slow" <<-'EOF'
	#!/bin/sh
	sleep 1
	EOF
	chmod 755 "$LAB/slow"
	lab_assign 10.52.12.8/32
	lab_config </dev/null
	lab_service slow 10.52.12.8/32 "$LAB/slow" <<-EOF
	check_timeout = 5
	check_interval = 1
	EOF
	lab_daemon_start
	lab_wait 15 lab_learned 10.52.12.8/32
	for i in 1 2 3; do
		# in the middle of a check
		lab_wait 15 eval '[ "$(tail -n 1 "$LAB/daemon.log" | grep -c "running $LAB/slow")" -eq 1 ]'
		sed -i "s/^check_timeout = .*/check_timeout = $((5 + i))/" "$LAB/d/slow.conf"
		kill -HUP "$LAB_DAEMON_PID"
		lab_wait 15 eval '[ "$(grep -c "reload: 0 services added, 0 removed, 1 changed" "$LAB/daemon.log")" -eq '"$i"' ]'
	done
	run grep -E "changed to DOWN|withdrawing" "$LAB/daemon.log"
	assert_failure
	lab_learned 10.52.12.8/32
}
