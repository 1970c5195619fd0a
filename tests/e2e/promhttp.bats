#!/usr/bin/env bats
# prometheus_listen against clients that mean harm: the scraper must get
# its /metrics within seconds, and the daemon must not spin.

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load lab

metrics_daemon() {
	lab_assign 10.52.12.1/32
	lab_config <<<"prometheus_listen = 127.0.0.1:9179"
	lab_service web 10.52.12.1/32 /bin/true </dev/null
	lab_daemon_start
	lab_wait 15 lab_h curl -sf -o /dev/null http://127.0.0.1:9179/metrics
}

# The daemon's CPU time so far, in clock ticks.
cpu_ticks() {
	awk '{ print $14 + $15 }' "/proc/$LAB_DAEMON_PID/stat"
}

@test "/metrics: clients that trickle their headers from four addresses keep a scraper out for a few seconds at most" {
	metrics_daemon
	# four connections from each of 127.0.0.2-5, each sending a byte of
	# its headers every second, for as long as the test runs
	cat >"$LAB/trickle.py" <<-'EOF'
	import socket, sys, time
	held = []
	for a in range(2, 6):
	    for i in range(4):
	        s = socket.socket()
	        s.bind(("127.0.0.%d" % a, 0))
	        s.connect(("127.0.0.1", 9179))
	        s.send(b"GET /metrics HTTP/1.1\r\n")
	        held.append(s)
	open(sys.argv[1], "w").close()
	for n in range(60):
	    for s in held:
	        try:
	            s.send(b"X")
	        except OSError:
	            pass
	    time.sleep(1)
	EOF
	lab_h python3 "$LAB/trickle.py" "$LAB/trickle.started" </dev/null >/dev/null 2>&1 3>&- &
	lab_wait 10 test -e "$LAB/trickle.started"
	# one request, as Prometheus makes it (its scrape_timeout is 10 s)
	run lab_h curl -sf -m 15 -o /dev/null -w '%{time_total}' \
	    http://127.0.0.1:9179/metrics
	assert_success
	echo "the scraper got in after $output s" >&3
	python3 -c "import sys; sys.exit(0 if $output < 6 else 1)"
}

@test "/metrics: a GET with an endless body is refused at once and closed; the daemon does not spin" {
	metrics_daemon
	before=$(cpu_ticks)
	start=$SECONDS
	# a chunked upload of zeros for as long as the server reads it
	run lab_h timeout 10 curl -s -m 8 -o "$LAB/reply" -w '%{http_code}' \
	    -X GET -H 'Transfer-Encoding: chunked' -T /dev/zero \
	    http://127.0.0.1:9179/metrics
	echo "curl took $((SECONDS - start)) s, said $output" >&3
	[ $((SECONDS - start)) -le 3 ]
	assert_output 400
	# and so with a length
	run lab_h curl -s -m 5 -o /dev/null -w '%{http_code}' -X GET \
	    --data-binary @/etc/services http://127.0.0.1:9179/metrics
	assert_output 400
	# a tick is 10 ms: a spinning daemon would have used hundreds
	[ $(($(cpu_ticks) - before)) -le 50 ]
	lab_h curl -sf -o /dev/null http://127.0.0.1:9179/metrics
}
