#!/usr/bin/env bats
# Defects an adversarial review found; each test failed before its fix.

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load lab

# A BIRD control socket that greets and then never answers: birdc hangs.
hang_socket() {
	python3 - "$LAB/hang.ctl" >/dev/null 2>&1 3>&- <<-'EOF' &
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

# The hanging socket lives outside the lab's namespaces: end it here, or
# a failed test leaves it behind.
teardown() {
	[ -z "${HANG_PID:-}" ] || kill "$HANG_PID" 2>/dev/null
	HANG_PID=
	lab_teardown
}

# pids of the processes whose command line starts with $1
pids_with() {
	local p cmd a
	# builtins only: a fork per process is seconds on a loaded machine
	for p in /proc/[0-9]*; do
		mapfile -d '' -t a 2>/dev/null <"$p/cmdline" || continue
		cmd="${a[*]}"
		case "$cmd" in "$1"*) echo "${p#/proc/}" ;; esac
	done
	return 0
}

# daemon_mntns SETUP [PREFIX...]: the daemon in a mount namespace of its
# own, after the shell commands SETUP ran there (bind mounts of the test's
# own files over /etc), started through PREFIX (setpriv, say).
daemon_mntns() {
	local pre=$1
	shift
	ip netns exec "$LAB_H" unshare -m sh -c "
		mount --make-rprivate / && $pre &&
		exec $* '$LAB_BIN' -f '$LAB/main.conf' -d '$LAB/d'
	" >>"$LAB/daemon.log" 2>&1 &
	LAB_DAEMON_PID=$!
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
	daemon_mntns "mount --bind '$LAB/sudoers' /etc/sudoers" \
	    setpriv --reuid=nobody --regid=nogroup --clear-groups
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
	# root's birdc: at most the check's and the reconfigure's in flight.
	# The least of several looks: under load a killed one may linger for
	# an instant beside its successor, while a leaked one stays in all.
	least=1000
	for i in $(seq 1 10); do
		n=$(pids_with "/usr/sbin/birdc -s $LAB/hang.ctl" | grep -c . ||
		    true)
		[ "$n" -lt "$least" ] && least=$n
		sleep 0.1
	done
	echo "birdc left: $least"
	[ "$least" -le 2 ]
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
	for round in $(seq 1 10); do
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
	echo "survivors over 10 stops: $total"
	[ "$total" -eq 0 ]
}

@test "a hanging custom command holds back neither other services nor SIGTERM" {
	# a sleep of the lab's own: the machine may run other "sleep 30"s
	cp /bin/sleep "$LAB/sleep"
	cat >"$LAB/custom" <<-EOF
	#!/bin/sh
	echo "\$1" >>"$LAB/custom.log"
	exec $LAB/sleep 30
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
	run pids_with "$LAB/sleep 30"
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

@test "every value the daemon writes into the BIRD files is one BIRD parses" {
	# variable names the lab's BIRD does not use: bird -p reads the files
	# through a configuration of their own
	lab_config <<-EOF
	ipv6 = true
	bird_variable = my_prefixes
	bird6_variable = Where6
	dummy_ip_prefix = 10.189.200.255
	dummy_ip6_prefix = 2001:DB8:0:0::1
	bird_reconfigure_cmd = /bin/true
	bird6_reconfigure_cmd = /bin/true
	EOF
	n=0
	for p in 10.80.0.1 10.80.1.0/24 10.80.2.0/255.255.255.0 \
	    10.80.3.0/0.0.0.255 010.80.4.1/32 2001:db8:80::/48 \
	    2001:DB8:81:0:0:0:0:1 ::ffff:10.80.5.1/128 fd00:80::/ffff:ffff:: \
	    2001:db8:82::1/0128; do
		n=$((n + 1))
		lab_service "p$n" "$p" /bin/true <<<"ip_check_disabled = true"
	done
	# not every form is valid: keep those -c takes, one at a time
	for f in "$LAB"/d/*.conf; do
		ip netns exec "$LAB_H" "$LAB_BIN" -c -f "$LAB/main.conf" -F "$f" \
		    >/dev/null 2>&1 || rm "$f"
	done
	kept=$(ls "$LAB"/d | wc -l)
	echo "forms -c takes: $kept of $n"
	[ "$kept" -ge 8 ]
	lab_daemon_start
	lab_wait 15 eval '[ "$(cat "$LAB"/bird/prefixes*.conf | grep -c "^        ")" -ge $((kept + 2)) ]'
	cat "$LAB"/bird/prefixes*.conf
	printf 'include "%s";\ninclude "%s";\nprotocol device {}\n' \
	    "$LAB/bird/prefixes4.conf" "$LAB/bird/prefixes6.conf" >"$LAB/p.conf"
	run bird -p -c "$LAB/p.conf"
	assert_success
}

@test "a FIFO put in place of bird_conf: a clear error at once, not a hang" {
	lab_assign 10.52.12.45/32
	lab_config </dev/null
	lab_service flip 10.52.12.45/32 "/bin/test -e $LAB/up" </dev/null
	lab_daemon_start
	lab_wait 10 grep -q "status DOWN" "$LAB/daemon.log"
	mkfifo "$LAB/fifo"
	mv "$LAB/fifo" "$LAB/bird/prefixes4.conf"
	touch "$LAB/up"
	# the next change reads the file: the daemon must not block on it
	lab_wait 10 eval '! kill -0 $LAB_DAEMON_PID 2>/dev/null'
	run grep "CRITICAL\|ERROR" "$LAB/daemon.log"
	assert_output --partial "failed to open Bird configuration $LAB/bird/prefixes4.conf: it is not a regular file"
	wait "$LAB_DAEMON_PID" || LAB_DAEMON_EXIT=$?
	LAB_DAEMON_PID=
	[ "$LAB_DAEMON_EXIT" -eq 1 ]
}

@test "a pidfile that is a symbolic link is neither read nor written" {
	printf 'root:secret:1:2:3\n' >"$LAB/secret"
	chmod 600 "$LAB/secret"
	ln -s "$LAB/secret" "$LAB/ahc.pid"
	lab_config </dev/null
	lab_service one 10.52.12.46/32 /bin/true </dev/null
	run timeout 10 ip netns exec "$LAB_H" "$LAB_BIN" -f "$LAB/main.conf" \
	    -d "$LAB/d"
	assert_failure 1
	assert_output --partial "failed to update pidfile:[Errno 40] Too many levels of symbolic links"
	refute_output --partial "secret"
	[ "$(cat "$LAB/secret")" = "root:secret:1:2:3" ]
}

@test "a history directory swapped for a symbolic link: nothing of its target is deleted" {
	lab_assign 10.52.12.47/32
	lab_config <<-EOF
	bird_keep_changes = true
	bird_changes_counter = 1
	EOF
	lab_service flip 10.52.12.47/32 "/bin/test -e $LAB/up" </dev/null
	lab_daemon_start
	lab_wait 10 grep -q "status DOWN" "$LAB/daemon.log"
	mkdir "$LAB/theirs"
	for f in 1700000000.000001 1700000000.000002 notes.txt; do
		echo keep >"$LAB/theirs/$f"
	done
	rm -rf "$LAB/bird/history"
	ln -s "$LAB/theirs" "$LAB/bird/history"
	touch "$LAB/up"
	lab_wait 15 lab_learned 10.52.12.47/32
	run ls "$LAB/theirs"
	assert_output "$(printf '1700000000.000001\n1700000000.000002\nnotes.txt')"
	grep -q "failed to read $LAB/bird/history" "$LAB/daemon.log"
}

@test "birdc output is logged escaped: no forged line, no terminal control" {
	cat >"$LAB/noisy" <<-'EOF'
	#!/bin/sh
	printf 'oops\n2026-01-01 00:00:00,000 anycast-healthchecker[1] CRITICAL MainThread forged\n\033[2J'
	exit 1
	EOF
	chmod 755 "$LAB/noisy"
	lab_assign 10.52.12.48/32
	lab_config <<<"bird_reconfigure_cmd = $LAB/noisy"
	lab_service one 10.52.12.48/32 /bin/true </dev/null
	lab_daemon_start
	lab_wait 10 grep -q "sudo problems?)" "$LAB/daemon.log"
	run grep -c "MainThread forged" "$LAB/daemon.log"
	assert_output 1
	run grep "^2026-01-01" "$LAB/daemon.log"
	assert_output ""
	run grep -c $'\033' "$LAB/daemon.log"
	assert_output 0
}

@test "a pid that merely mentions the name is stale; upstream's Python daemon is not" {
	lab_config </dev/null
	lab_assign 10.52.12.49/32
	lab_service one 10.52.12.49/32 /bin/true </dev/null
	mkdir "$LAB/anycast-healthchecker"
	touch "$LAB/anycast-healthchecker/x"
	# not through lab_h, a function: $! must be the process itself
	ip netns exec "$LAB_H" tail -f "$LAB/anycast-healthchecker/x" \
	    </dev/null >/dev/null 2>&1 &
	decoy=$!
	lab_wait 10 eval 'readlink /proc/$decoy/exe | grep -q tail'
	echo "$decoy" >"$LAB/ahc.pid"
	run "$LAB_TOP/contrib/nagios/check_anycast_healthchecker" \
	    -f "$LAB/main.conf" -d "$LAB/d"
	assert_output "CRITICAL: anycast-healthchecker with pid ($decoy) isn't running"
	lab_daemon_start
	lab_wait 10 grep -q "updating stale processID($decoy) in pidfile" "$LAB/daemon.log"
	lab_daemon_stop
	kill "$decoy"
	# upstream, as its packages install it: python3 running a script of
	# that name (Debian's python3, not a wrapper script in PATH)
	mkdir "$LAB/bin"
	# it says when Python runs it: a migration finds upstream long started
	printf 'import sys, time\nopen(sys.argv[2], "w").close()\ntime.sleep(300)\n' \
	    >"$LAB/bin/anycast-healthchecker"
	ip netns exec "$LAB_H" /usr/bin/python3 -u "$LAB/bin/anycast-healthchecker" \
	    -f "$LAB/py-ready" </dev/null >/dev/null 2>&1 &
	py=$!
	lab_wait 10 test -e "$LAB/py-ready"
	echo "$py" >"$LAB/ahc.pid"
	run timeout 10 ip netns exec "$LAB_H" "$LAB_BIN" -f "$LAB/main.conf" \
	    -d "$LAB/d"
	assert_failure 1
	assert_output --partial "process $py is already running"
	kill "$py"
}

# A resolver of the test's own in the daemon's mount namespace: hosts
# from $LAB/hosts, and a name server in the router namespace that takes
# queries and never answers (glibc waits timeout x attempts for it).
slow_dns() {
	cp /etc/hosts "$LAB/hosts"
	printf 'nameserver 10.255.0.2\noptions timeout:15 attempts:2\n' \
	    >"$LAB/resolv.conf"
	ip netns exec "$LAB_R" python3 -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.255.0.2", 53))
while True:
    s.recvfrom(4096)
' </dev/null >/dev/null 2>&1 &
	DNS_PID=$!
	DNS_MOUNTS="mount --bind '$LAB/hosts' /etc/hosts && mount --bind '$LAB/resolv.conf' /etc/resolv.conf"
}

@test "JSON over HTTP to a name DNS does not answer: start-up not held, no extra thread" {
	slow_dns
	lab_config <<-EOF
	json_logging = true
	http_server = slow.example
	http_server_port = 8080
	http_server_protocol = http
	http_server_timeout = 2
	EOF
	lab_assign 10.52.12.50/32
	lab_service one 10.52.12.50/32 /bin/true </dev/null
	start=$SECONDS
	daemon_mntns "$DNS_MOUNTS"
	lab_wait 15 grep -q "starting anycast-healthchecker" "$LAB/daemon.log"
	echo "started after $((SECONDS - start)) s"
	[ $((SECONDS - start)) -le 6 ]
	lab_wait 10 lab_learned 10.52.12.50/32
	for i in 1 2 3 4 5 6; do
		run "$LAB_TOP/contrib/nagios/check_anycast_healthchecker" \
		    -f "$LAB/main.conf" -d "$LAB/d"
		assert_output --partial "OK: UP"
		sleep 1
	done
	kill "$DNS_PID"
}

@test "an unresolvable log_server: the daemon runs, says so, and sends once the name resolves" {
	slow_dns
	kill "$DNS_PID"	# fail fast: nobody listens
	ip netns exec "$LAB_H" python3 "$LAB_TOP/tests/e2e/sink.py" udp \
	    "$LAB/port" "$LAB/udp.out" </dev/null >/dev/null 2>&1 &
	SINK_PID=$!
	lab_wait 10 test -s "$LAB/port"
	lab_config <<-EOF
	log_server = syslog.test
	log_server_port = $(cat "$LAB/port")
	EOF
	lab_assign 10.52.12.51/32
	lab_service one 10.52.12.51/32 /bin/true </dev/null
	daemon_mntns "$DNS_MOUNTS"
	lab_wait 10 test -s "$LAB/ahc.pid"
	lab_wait 15 lab_learned 10.52.12.51/32
	grep -q "failed to resolve log_server syslog.test" "$LAB/daemon.log"
	kill -0 "$LAB_DAEMON_PID"
	# the name appears: within a retry the lines go to syslog
	echo "127.0.0.1 syslog.test" >>"$LAB/hosts"
	lab_wait 30 grep -q "resolved log_server syslog.test" "$LAB/udp.out"
	kill "$SINK_PID"
}

@test "SIGTERM: no service thread runs on once the exit begins" {
	# a server that takes requests and never answers: check_http waits
	lab_deaf_http 18097
	# run by the main thread as the exit begins: how many threads then?
	cat >"$LAB/count" <<-EOF
	#!/bin/sh
	echo "\$1 \$(ls /proc/\$PPID/task | wc -l)" >>"$LAB/threads"
	EOF
	chmod 755 "$LAB/count"
	lab_config </dev/null
	lab_assign 10.64.2.1/32
	lab_service go 10.64.2.1/32 /bin/true <<-EOF
	on_exit = withdraw
	custom_bird_reconfigure_cmd = $LAB/count
	EOF
	for i in $(seq 1 10); do
		lab_service "busy$i" "10.64.0.$i/32" /bin/true <<-EOF
		check_interval = 0.01
		ip_check_disabled = true
		EOF
		lab_service "web$i" "10.64.1.$i/32" /bin/true <<-EOF
		check_http = http://127.0.0.1:18097/
		check_timeout = 30
		ip_check_disabled = true
		EOF
		sed -i '/^check_cmd = /d' "$LAB/d/web$i.conf"
	done
	lab_daemon_start
	lab_wait 15 grep -q "^up" "$LAB/threads"
	lab_wait 15 eval '[ "$(grep -c "running check_http" "$LAB/daemon.log")" -ge 10 ]'
	lab_daemon_stop
	[ "$LAB_DAEMON_EXIT" -eq 0 ]
	# the main thread alone, from the withdrawal on
	run grep "^down" "$LAB/threads"
	assert_output "down 1"
	run sed -n '/withdrawing the prefixes of 1 services/,$p' "$LAB/daemon.log"
	refute_output --regexp " (busy|web)[0-9]+ "
	assert_line --index -1 --partial "MainThread shutdown is complete"
}
