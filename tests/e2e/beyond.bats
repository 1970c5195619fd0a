#!/usr/bin/env bats
# What we do beyond upstream (each option is one upstream ignores or
# refuses), against real BIRD 2 daemons: the router's view is the truth.

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load lab

@test "ip_prefix list: IPv4 and IPv6 announced and withdrawn together, one reconfigure" {
	local all="10.52.12.1/32 10.52.12.2/32 2001:db8:5::5/128"
	lab_assign 10.52.12.1/32
	lab_assign 10.52.12.2/32
	lab_assign 2001:db8:5::5/128
	touch "$LAB/healthy"
	mkdir "$LAB/prom"
	# purge keeps what a list names: 10.52.12.2/32 is a configured prefix
	printf 'define ACAST_PS_ADVERTISE =\n    [\n        10.189.200.255/32,\n        10.52.12.2/32,\n        10.99.0.1/32\n    ];\n' \
	    >"$LAB/bird/prefixes4.conf"
	lab_config <<-EOF
	ipv6 = true
	purge_ip_prefixes = true
	prometheus_exporter = true
	prometheus_collector_textfile_dir = $LAB/prom
	prometheus_exporter_interval = 1
	EOF
	lab_service multi "10.52.12.1/32 ,10.52.12.2, 2001:db8:5::5/128" \
	    "/usr/bin/test -e $LAB/healthy" </dev/null
	lab_daemon_start
	# shellcheck disable=SC2086
	lab_wait 15 lab_all_learned $all
	grep -q "removing IP prefix(es) 10.99.0.1/32 from" "$LAB/daemon.log"
	! grep -q "removing IP prefix(es).*10.52.12.2" "$LAB/daemon.log" || false
	# the metrics label the service with the list as written
	lab_wait 15 grep -q 'service_state{ip_prefix="10.52.12.1/32 ,10.52.12.2, 2001:db8:5::5/128",service_name="multi"} 0.0' \
	    "$LAB/prom/anycast_healthchecker.prom"
	grep -q "        10.52.12.2/32" "$LAB/bird/prefixes4.conf"
	grep -q "        2001:db8:5::5/128" "$LAB/bird/prefixes6.conf"
	before=$(grep -c "reconfiguring BIRD by running" "$LAB/daemon.log")
	rm "$LAB/healthy"
	# shellcheck disable=SC2086
	lab_wait 15 lab_none_learned $all
	sleep 1
	# both files written, BIRD told once: one BIRD serves both
	[ "$(grep -c "reconfiguring BIRD by running" "$LAB/daemon.log")" -eq $((before + 1)) ]
	grep -q "withdrawing 10.52.12.1/32 for multi" "$LAB/daemon.log"
	grep -q "withdrawing 2001:db8:5::5/128 for multi" "$LAB/daemon.log"
	# one missing address takes the whole list down
	touch "$LAB/healthy"
	# shellcheck disable=SC2086
	lab_wait 15 lab_all_learned $all
	lab_unassign 10.52.12.2/32
	# shellcheck disable=SC2086
	lab_wait 15 lab_none_learned $all
	grep -q "status DOWN because 10.52.12.2/32 isn't assigned to lo" "$LAB/daemon.log"
}

@test "ip_prefix list: -c names the bad item, -P prints the list as written" {
	lab_config <<<"ipv6 = true"
	lab_service multi "10.52.12.1/32, 10.52.12.300" /bin/true </dev/null
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c
	assert_failure 1
	assert_output "Invalid configuration: invalid value (10.52.12.300) for 'ip_prefix' option in service check multi. It should be an IP PREFIX in form of ip/prefixlen."
	lab_service multi "10.52.12.1/32,, 10.52.12.3" /bin/true </dev/null
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c
	assert_output --partial "item 2 of the list is empty"
	lab_service multi "10.52.12.1/32, 10.52.12.1" /bin/true </dev/null
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c
	assert_output --partial "10.52.12.1/32 is listed twice"
	lab_service multi "10.52.12.1/32, 10.52.12.3" /bin/true </dev/null
	lab_service other "10.52.12.3" /bin/true </dev/null
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c
	assert_output "Invalid configuration: 10.52.12.3 is used by 2 service checks"
	rm "$LAB/d/other.conf"
	lab_config <<<"ipv6 = false"
	lab_service multi "10.52.12.1/32, 2001:db8::9" /bin/true </dev/null
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c
	assert_output --partial "IPv6 support is disabled"
	lab_service multi "10.52.12.1/32, 10.52.12.3" /bin/true </dev/null
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -P
	assert_success
	assert_line "ip_prefix = 10.52.12.1/32, 10.52.12.3"
}

@test "on_exit = withdraw: the prefix leaves the router at SIGTERM; keep stays" {
	lab_assign 10.52.12.1/32
	lab_assign 10.52.12.2/32
	lab_config </dev/null
	lab_service go 10.52.12.1/32 /bin/true <<<"on_exit = withdraw"
	lab_service stay 10.52.12.2/32 /bin/true <<<"on_exit = keep"
	lab_daemon_start
	lab_wait 15 lab_all_learned 10.52.12.1/32 10.52.12.2/32
	lab_daemon_stop
	[ "$LAB_DAEMON_EXIT" -eq 0 ]
	lab_wait 15 lab_not_learned 10.52.12.1/32
	lab_learned 10.52.12.2/32
	! grep -q "10.52.12.1/32" "$LAB/bird/prefixes4.conf" || false
	grep -q "withdrawing the prefixes of 1 services with on_exit = withdraw" "$LAB/daemon.log"
	# said before the end, and BIRD took it
	run sed -n '/received 15/,$p' "$LAB/daemon.log"
	assert_line --partial "withdrawing 10.52.12.1/32 for go"
	assert_line --partial "reconfiguring BIRD by running"
	assert_line --partial "shutdown is complete"
}

@test "on_exit: -c refuses a value other than keep or withdraw" {
	lab_config </dev/null
	lab_service go 10.52.12.1/32 /bin/true <<<"on_exit = drop"
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c
	assert_failure 1
	assert_output "Invalid configuration: 'on_exit' option has invalid value (drop) for service check go, 'on_exit' option should be set either to 'keep' or to 'withdraw'"
	lab_service go 10.52.12.1/32 /bin/true <<<"on_exit = withdraw"
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -P
	assert_success
	assert_line "on_exit = withdraw"
}

@test "maintenance_file in DEFAULT drains the host, at once on SIGURG; rise brings it back" {
	lab_assign 10.52.12.1/32
	lab_assign 10.52.12.2/32
	lab_config </dev/null
	printf '[DEFAULT]\nmaintenance_file = %s/maintenance\n' "$LAB" >>"$LAB/main.conf"
	lab_service a 10.52.12.1/32 /bin/true <<-EOF
	check_interval = 3600
	check_rise = 2
	EOF
	lab_service b 10.52.12.2/32 /bin/true <<-EOF
	check_interval = 3600
	on_disabled = advertise
	EOF
	lab_daemon_start
	lab_wait 15 lab_learned 10.52.12.2/32
	kill -URG "$LAB_DAEMON_PID"
	lab_wait 15 lab_learned 10.52.12.1/32
	touch "$LAB/maintenance"
	kill -URG "$LAB_DAEMON_PID"
	lab_wait 15 lab_not_learned 10.52.12.1/32
	# on_disabled = advertise keeps b announced
	lab_learned 10.52.12.2/32
	grep -q "Check is disabled and ip_prefix will be withdrawn: maintenance file $LAB/maintenance exists" "$LAB/daemon.log"
	grep -q "check is disabled, ip_prefix wont be withdrawn: maintenance file $LAB/maintenance exists" "$LAB/daemon.log"
	rm "$LAB/maintenance"
	kill -URG "$LAB_DAEMON_PID"
	lab_wait 15 grep -q "maintenance file $LAB/maintenance is gone" "$LAB/daemon.log"
	lab_wait 15 grep -q "going up 1/2" "$LAB/daemon.log"
	sleep 1
	lab_not_learned 10.52.12.1/32
	kill -URG "$LAB_DAEMON_PID"
	lab_wait 15 lab_learned 10.52.12.1/32
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -P
	assert_line "maintenance_file = $LAB/maintenance"
	lab_service b 10.52.12.2/32 /bin/true <<<"maintenance_file = maint"
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c
	assert_output "Invalid configuration: invalid value (maint) for 'maintenance_file' option in service check b: it must be an absolute path"
}

@test "dummy_ip_prefix = none: BIRD takes an empty list, and no dummy rides along" {
	lab_assign 10.52.12.1/32
	lab_assign 2001:db8:5::5/128
	touch "$LAB/healthy"
	lab_config <<-EOF
	ipv6 = true
	dummy_ip_prefix = none
	dummy_ip6_prefix = none
	purge_ip_prefixes = true
	EOF
	lab_service four 10.52.12.1/32 "/usr/bin/test -e $LAB/healthy" </dev/null
	lab_service six 2001:db8:5::5/128 "/usr/bin/test -e $LAB/healthy" </dev/null
	lab_daemon_start
	lab_wait 15 lab_all_learned 10.52.12.1/32 2001:db8:5::5/128
	# start-up purge took the lab's dummies out
	! grep -q "10.189.200.255" "$LAB/bird/prefixes4.conf" || false
	! grep -q "2001:db8::1/128" "$LAB/bird/prefixes6.conf" || false
	rm "$LAB/healthy"
	lab_wait 15 lab_none_learned 10.52.12.1/32 2001:db8:5::5/128
	grep -qx "define ACAST_PS_ADVERTISE = \[\];" "$LAB/bird/prefixes4.conf"
	grep -qx "define ACAST6_PS_ADVERTISE = \[\];" "$LAB/bird/prefixes6.conf"
	# BIRD took the empty sets: the router learned none of the host's routes
	[ "$(lab_learned_count 4)" -eq 0 ]
	[ "$(lab_learned_count 6)" -eq 0 ]
	! grep -q "failed\|error" <(lab_birdc h configure check) || false
	# no repair of a dummy: "dummy IP prefix ... is missing" and the like
	run grep -i "dummy IP prefix" "$LAB/daemon.log"
	assert_failure
	touch "$LAB/healthy"
	lab_wait 15 lab_all_learned 10.52.12.1/32 2001:db8:5::5/128
	[ "$(lab_learned_count 4)" -eq 1 ]
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -P
	assert_line "dummy_ip_prefix = none"
}

# A stand-in for systemd's end of NOTIFY_SOCKET: each datagram becomes a
# line of $LAB/notify.log, with "pidfile" when the pidfile existed then.
notify_listen() {
	cat >"$LAB/notify.py" <<-'EOF'
	import os, socket, sys
	s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
	s.bind(sys.argv[1])
	open(sys.argv[1] + ".ready", "w").close()
	with open(sys.argv[2], "a", buffering=1) as log:
	    while True:
	        msg = s.recv(4096).decode()
	        there = "pidfile" if os.path.exists(sys.argv[3]) else "none"
	        for line in msg.split("\n"):
	            log.write("%s %s\n" % (there, line))
	EOF
	# in the lab's namespace, so that lab_down ends it whatever happens
	lab_h /usr/bin/python3 "$LAB/notify.py" "$LAB/notify.sock" \
	    "$LAB/notify.log" "$LAB/ahc.pid" </dev/null >/dev/null 2>&1 3>&- &
	lab_wait 10 test -e "$LAB/notify.sock.ready"
}

@test "sd_notify: READY=1 once the pidfile is held and the threads run, STATUS=, WATCHDOG=1" {
	lab_assign 10.52.12.1/32
	lab_config </dev/null
	lab_service up 10.52.12.1/32 /bin/true </dev/null
	lab_service down 10.52.12.2/32 /bin/false </dev/null
	notify_listen
	NOTIFY_SOCKET=$LAB/notify.sock WATCHDOG_USEC=200000 lab_daemon_start
	lab_wait 15 lab_learned 10.52.12.1/32
	lab_wait 15 grep -q "STATUS=2 services, 1 announced" "$LAB/notify.log"
	sleep 1
	grep -qx "pidfile READY=1" "$LAB/notify.log"
	! grep -q "^none" "$LAB/notify.log" || false
	# READY=1 comes once, after both threads started
	[ "$(grep -c "READY=1" "$LAB/notify.log")" -eq 1 ]
	[ "$(grep -c "loading check for" "$LAB/daemon.log")" -eq 2 ]
	# every 0.1 s: a second holds many
	[ "$(grep -c "WATCHDOG=1" "$LAB/notify.log")" -ge 5 ]
	# the checks do not see the socket
	lab_service env 10.52.12.3/32 "/bin/sh -c 'env >$LAB/check.env'" \
	    <<<"ip_check_disabled = true"
	lab_daemon_stop
	NOTIFY_SOCKET=$LAB/notify.sock lab_daemon_start
	lab_wait 15 test -s "$LAB/check.env"
	! grep -q NOTIFY_SOCKET "$LAB/check.env" || false
}

@test "prometheus_listen: /metrics serves the textfile's text, no thread added, hostile clients hold nothing up" {
	lab_assign 10.52.12.1/32
	touch "$LAB/healthy"
	mkdir "$LAB/prom"
	lab_config <<-EOF
	prometheus_exporter = true
	prometheus_collector_textfile_dir = $LAB/prom
	prometheus_exporter_interval = 3600
	prometheus_listen = [::1]:9177
	EOF
	lab_service web 10.52.12.1/32 "/usr/bin/test -e $LAB/healthy" </dev/null
	lab_daemon_start
	lab_wait 15 lab_learned 10.52.12.1/32
	lab_wait 15 test -s "$LAB/prom/anycast_healthchecker.prom"
	lab_h curl -sS -D "$LAB/headers" -o "$LAB/body" 'http://[::1]:9177/metrics'
	# one rendering an hour: the same text as the file
	cmp "$LAB/body" "$LAB/prom/anycast_healthchecker.prom"
	grep -qi "^Content-Type: text/plain; version=0.0.4" "$LAB/headers"
	grep -q 'anycast_healthchecker_service{ip_prefix="10.52.12.1/32",service_name="web"} 1.0' "$LAB/body"
	run lab_h curl -s -o /dev/null -w '%{http_code}' 'http://[::1]:9177/'
	assert_output 404
	run lab_h curl -s -o /dev/null -w '%{http_code}' -X POST --data x 'http://[::1]:9177/metrics'
	assert_output 405
	# the server lives in the main thread: one thread per service, plus main
	[ "$(ls "/proc/$LAB_DAEMON_PID/task" | wc -l)" -eq 2 ]
	# slow clients that never finish their request, and one with 1 MB of
	# headers: checks and BIRD updates go on
	cat >"$LAB/slow.py" <<-'EOF'
	import socket, sys, time
	held = []
	for i in range(20):
	    try:
	        s = socket.create_connection(("::1", 9177))
	        s.send(b"GET /metrics HTTP/1.1\r\nHost: x\r\n")
	        held.append(s)
	    except OSError:
	        pass
	try:
	    s = socket.create_connection(("::1", 9177))
	    s.sendall(b"GET /metrics HTTP/1.1\r\nX: " + b"a" * (1 << 20) + b"\r\n\r\n")
	except OSError:
	    pass
	open(sys.argv[1], "w").close()
	time.sleep(30)
	EOF
	lab_h /usr/bin/python3 "$LAB/slow.py" "$LAB/slow.started" </dev/null >/dev/null 2>&1 3>&- &
	lab_wait 15 test -e "$LAB/slow.started"
	rm "$LAB/healthy"
	lab_wait 15 lab_not_learned 10.52.12.1/32
	touch "$LAB/healthy"
	lab_wait 15 lab_learned 10.52.12.1/32
	# idle connections are dropped after 5 s; then it serves again
	lab_wait 20 lab_h curl -sf -o /dev/null 'http://[::1]:9177/metrics'
	[ "$(ls "/proc/$LAB_DAEMON_PID/task" | wc -l)" -eq 2 ]
	# -c: an address and a port, or a clear error
	lab_config <<<"prometheus_listen = localhost:9177"
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c
	assert_failure 1
	assert_output "Invalid configuration: invalid value (localhost:9177) for 'prometheus_listen' option in daemon section: it should be ADDRESS:PORT with a numeric address, as 127.0.0.1:9177 or [::1]:9177"
	lab_config <<<"prometheus_listen = 127.0.0.1:9177"
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -P
	assert_success
	assert_line "prometheus_listen = 127.0.0.1:9177"
}

# Does FILE get no new line matching PATTERN within a second?
quiet() {	# pattern file
	local n
	n=$(grep -c "$1" "$2")
	sleep 1
	[ "$(grep -c "$1" "$2")" -eq "$n" ]
}

# When the router learned this prefix, in ms since midnight: it changes only
# if the route went away and came back.
learned_at() {
	lab_birdc r show route "$1" |
	    sed -n "s|^$1 .*\[h4 \([0-9]*\):\([0-9]*\):\([0-9]*\)\.\([0-9]*\)\].*|\1 \2 \3 \4|p" |
	    { read -r h m s ms && echo $(( (10#$h * 3600 + 10#$m * 60 + 10#$s) * 1000 + 10#$ms )); }
}

# Was PREFIX still learned at T (learned_at's)? BIRD keeps a route's time on
# the monotonic clock and shows it as wall time at each query, so the same
# route can show a few ms apart as the wall clock is slewed. A route that came
# back after the reload shows a time at least 1 s after T, which is what this
# tells apart.
learned_still() {	# prefix t
	local now
	now=$(learned_at "$1")
	echo "$1: learned at $2 ms, now shows $now ms"
	[ -n "$now" ] && [ "$now" -ge $(($2 - 300)) ] && [ "$now" -le $(($2 + 300)) ]
}

@test "SIGHUP: added and removed services change the router's view, changed and unchanged do not flap" {
	for n in 1 2 3 4; do lab_assign "10.52.12.$n/32"; done
	lab_config </dev/null
	lab_service same 10.52.12.1/32 /bin/true </dev/null
	lab_service changed 10.52.12.2/32 /bin/true </dev/null
	lab_service removed 10.52.12.3/32 /bin/true </dev/null
	lab_daemon_start
	lab_wait 15 lab_all_learned 10.52.12.1/32 10.52.12.2/32 10.52.12.3/32
	sleep 1
	t1=$(learned_at 10.52.12.1/32)
	t2=$(learned_at 10.52.12.2/32)
	[ -n "$t1" ] && [ -n "$t2" ]
	same_tid=$(grep -l "^same" /proc/"$LAB_DAEMON_PID"/task/*/comm)
	rm "$LAB/d/removed.conf"
	lab_service changed 10.52.12.2/32 /bin/true <<<"check_interval = 0.3"
	lab_service added 10.52.12.4/32 /bin/true </dev/null
	kill -HUP "$LAB_DAEMON_PID"
	lab_wait 15 grep -q "reload: 1 services added, 1 removed, 1 changed, 1 unchanged" "$LAB/daemon.log"
	lab_wait 15 lab_learned 10.52.12.4/32
	lab_wait 15 lab_not_learned 10.52.12.3/32
	sleep 2
	# the router never lost the unchanged and the changed service's routes
	learned_still 10.52.12.1/32 "$t1"
	learned_still 10.52.12.2/32 "$t2"
	! grep -q "withdrawing 10.52.12.[12]/32" "$LAB/daemon.log" || false
	# the unchanged service kept its thread
	[ "$(grep -l "^same" /proc/"$LAB_DAEMON_PID"/task/*/comm)" = "$same_tid" ]
	# one thread per service, and the plugin agrees
	[ "$(ls "/proc/$LAB_DAEMON_PID/task" | wc -l)" -eq 4 ]
	run "$LAB_TOP/contrib/nagios/check_anycast_healthchecker" -f "$LAB/main.conf" -d "$LAB/d"
	assert_success

	# an invalid configuration: said, and nothing changes
	lab_service broken 10.52.12.9/32 /bin/true <<<"check_rise = many"
	kill -HUP "$LAB_DAEMON_PID"
	lab_wait 15 grep -q "reload: Invalid configuration: invalid data for 'check_rise' option in service check broken" "$LAB/daemon.log"
	sleep 1
	kill -0 "$LAB_DAEMON_PID"
	lab_all_learned 10.52.12.1/32 10.52.12.2/32 10.52.12.4/32
	learned_still 10.52.12.1/32 "$t1"
	rm "$LAB/d/broken.conf"

	# an IPv6 service while the daemon runs IPv4 only: refused, not dropped
	lab_config <<<"ipv6 = true"
	lab_service six 2001:db8:5::5/128 /bin/true </dev/null
	kill -HUP "$LAB_DAEMON_PID"
	lab_wait 15 grep -q "reload: service check six has an IPv6 prefix while IPv6 is not running, which needs a restart; keeping the running configuration" "$LAB/daemon.log"
	rm "$LAB/d/six.conf"
	lab_config </dev/null

	# loglevel at once; a BIRD setting needs a restart and is said so
	lab_config <<-EOF
	loglevel = info
	bird_variable = OTHER
	EOF
	kill -HUP "$LAB_DAEMON_PID"
	lab_wait 15 grep -q "reload: loglevel applies at once" "$LAB/daemon.log"
	grep -q "a BIRD setting .* changed, which needs a restart" "$LAB/daemon.log"
	quiet DEBUG "$LAB/daemon.log"
	grep -q "define ACAST_PS_ADVERTISE" "$LAB/bird/prefixes4.conf"
}

@test "SIGHUP: log destinations change at once, for every thread" {
	lab_assign 10.52.12.1/32
	lab_config </dev/null
	lab_service web 10.52.12.1/32 /bin/true </dev/null
	lab_daemon_start
	lab_wait 15 lab_learned 10.52.12.1/32
	# stdout -> a JSON log file
	lab_config <<-EOF
	log_file = $LAB/new.log
	json_log_file = true
	EOF
	kill -HUP "$LAB_DAEMON_PID"
	lab_wait 15 grep -q '"message": "running /bin/true"' "$LAB/new.log"
	grep -q '"message": "reload: loglevel and log destinations applied"' "$LAB/new.log"
	quiet "running /bin/true" "$LAB/daemon.log"
	# the file -> UDP syslog, by a numeric address
	cat >"$LAB/udp.py" <<-'EOF'
	import socket, sys
	s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
	s.bind(("127.0.0.1", 0))
	open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1]))
	import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
	with open(sys.argv[2], "ab", buffering=0) as out:
	    while True:
	        out.write(s.recv(65536) + b"\n")
	EOF
	lab_h /usr/bin/python3 "$LAB/udp.py" "$LAB/udp.port" "$LAB/udp.log" </dev/null >/dev/null 2>&1 3>&- &
	lab_wait 10 test -s "$LAB/udp.port"
	lab_config <<-EOF
	log_server = 127.0.0.1
	log_server_port = $(cat "$LAB/udp.port")
	EOF
	kill -HUP "$LAB_DAEMON_PID"
	lab_wait 15 grep -qa "running /bin/true" "$LAB/udp.log"
	grep -qa "^<14>.*web .*running /bin/true" "$LAB/udp.log"
	quiet "running /bin/true" "$LAB/new.log"
	# no thread keeps the old log file open
	! ls -l /proc/"$LAB_DAEMON_PID"/task/*/fd 2>/dev/null | grep -q new.log || false
	# back to stdout
	lab_config </dev/null
	kill -HUP "$LAB_DAEMON_PID"
	n=$(grep -c "running /bin/true" "$LAB/daemon.log")
	lab_wait 15 eval '[ "$(grep -c "running /bin/true" "$LAB/daemon.log")" -gt '"$n"' ]'
}

@test "prometheus_listen without prometheus_exporter: served, and no textfile written" {
	lab_assign 10.52.12.1/32
	mkdir "$LAB/prom"
	lab_config <<-EOF
	prometheus_collector_textfile_dir = $LAB/prom
	prometheus_listen = 127.0.0.1:9177
	EOF
	lab_service web 10.52.12.1/32 /bin/true </dev/null
	lab_daemon_start
	lab_wait 15 lab_learned 10.52.12.1/32
	lab_wait 15 eval 'lab_h curl -sf http://127.0.0.1:9177/metrics | grep -q "service_state{ip_prefix=\"10.52.12.1/32\",service_name=\"web\"} 0.0"'
	[ -z "$(ls -A "$LAB/prom")" ]
}
