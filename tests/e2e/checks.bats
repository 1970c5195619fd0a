#!/usr/bin/env bats
# Built-in checks (check_tcp, ...) against real servers in the lab's host
# namespace; the router's view is the truth.

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load lab

# A TCP listener in the host namespace on 127.0.0.1:PORT; its pid in
# LISTENER.
listen_tcp() {
	# not through lab_h: $! must be python itself (ip netns exec execs)
	ip netns exec "$LAB_H" python3 -c '
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(64)
while True:
    c, _ = s.accept()
    c.close()
' "$1" </dev/null >/dev/null 2>&1 3>&- &
	LISTENER=$!
	lab_wait 10 lab_h python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$1"
}

threads() {
	ls /proc/"$LAB_DAEMON_PID"/task | wc -l
}

@test "check_tcp alone: the prefix follows the port, the log says why, and no thread is added" {
	lab_config </dev/null
	printf '[tcp]\ncheck_tcp = 127.0.0.1:18080\nip_prefix = 10.52.13.1/32\n' \
	    >"$LAB/d/tcp.conf"
	lab_defaults "" "check_interval = 0.2" "check_timeout = 1" \
	    "check_rise = 1" "check_fail = 1" "check_disabled = false" \
	    >>"$LAB/d/tcp.conf"
	lab_assign 10.52.13.1/32
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c
	assert_output OK
	lab_daemon_start
	lab_wait 10 grep -q "check_tcp failed: connect to 127.0.0.1:18080: Connection refused" "$LAB/daemon.log"
	lab_not_learned 10.52.13.1/32
	listen_tcp 18080
	lab_wait 15 lab_learned 10.52.13.1/32
	[ "$(threads)" -eq 2 ]
	kill "$LISTENER"
	lab_wait 15 lab_not_learned 10.52.13.1/32
	run grep -c "running check_tcp 127.0.0.1:18080" "$LAB/daemon.log"
	[ "$output" -ge 3 ]
}

@test "check_tcp and check_cmd together: either one failing withdraws, both passing announce" {
	lab_config </dev/null
	lab_service both 10.52.13.2/32 "/usr/bin/test -e $LAB/ok" <<-EOF
	check_tcp = 127.0.0.1:18081
	check_rise = 2
	EOF
	lab_assign 10.52.13.2/32
	listen_tcp 18081
	touch "$LAB/ok"
	lab_daemon_start
	lab_wait 15 lab_learned 10.52.13.2/32
	# the command fails: withdrawn
	rm "$LAB/ok"
	lab_wait 15 lab_not_learned 10.52.13.2/32
	touch "$LAB/ok"
	lab_wait 15 lab_learned 10.52.13.2/32
	# the port closes: withdrawn, and the command is not run meanwhile
	kill "$LISTENER"
	lab_wait 15 lab_not_learned 10.52.13.2/32
	n=$(grep -c "running /usr/bin/test" "$LAB/daemon.log")
	sleep 1
	[ "$(grep -c "running /usr/bin/test" "$LAB/daemon.log")" -eq "$n" ]
	listen_tcp 18081
	lab_wait 15 lab_learned 10.52.13.2/32
	grep -q "going up 1/2" "$LAB/daemon.log"
}

@test "-c refuses a bad check_tcp, naming the service and the option; -P shows it" {
	lab_config </dev/null
	printf '[tcp]\ncheck_tcp = www.example.net:80\nip_prefix = 10.52.13.1/32\n' \
	    >"$LAB/d/tcp.conf"
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c
	assert_failure
	assert_output "Invalid configuration: invalid value (www.example.net:80) for 'check_tcp' option in service check tcp: www.example.net:80: www.example.net is not an IP address (names are not resolved)"
	printf '[tcp]\ncheck_tcp = [::1]:80\nip_prefix = 10.52.13.1/32\n' \
	    >"$LAB/d/tcp.conf"
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -P
	assert_success
	assert_line "check_tcp = [::1]:80"
	refute_line --partial "check_cmd"
}
