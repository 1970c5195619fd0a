#!/usr/bin/env bats
# Log formats and destinations, JSON over HTTP, and the Prometheus
# textfile, against real listeners on 127.0.0.1.  No BIRD needed: the
# reconfigure command only has to say "Reconfigured".

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
BIN=${BIN:-${LAB_BIN:-$TOP/src/anycast-healthchecker}}
load san
SINK=$BATS_TEST_DIRNAME/sink.py
PREFIX='anycast-healthchecker: '

setup() {
	W=$(mktemp -d /tmp/ahc-log.XXXXXX)
	mkdir -p "$W/d" "$W/prom"
	PIDS=()
	touch "$W/healthy"
	san_setup "$W"
}

teardown() {
	local p rc=0
	for p in "${PIDS[@]}"; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	san_check "$W" || rc=1
	rm -rf "$W"
	return $rc
}

# config [daemon lines on stdin]: one service, "svc", checking $W/healthy
config() {
	{
		cat <<-EOF
		[daemon]
		pidfile = $W/ahc.pid
		bird_conf = $W/prefixes.conf
		bird_reconfigure_cmd = /bin/echo Reconfigured
		loglevel = debug
		EOF
		cat
	} >"$W/main.conf"
	cat >"$W/d/svc.conf" <<-EOF
	[svc]
	check_cmd = /usr/bin/test -e $W/healthy
	ip_prefix = 10.52.12.1/32
	ip_check_disabled = true
	check_disabled = false
	check_interval = 0.2
	check_rise = 1
	check_fail = 1
	EOF
}

http_config() {	# timeout: log_file plus JSON over HTTP to the sink at $PORT
	config <<-EOF
	log_file = $W/ahc.log
	json_logging = true
	http_server = 127.0.0.1
	http_server_port = $PORT
	http_server_protocol = http
	http_server_timeout = $1
	EOF
}

start() {
	"$BIN" -f "$W/main.conf" -d "$W/d" >"$W/stdout" 2>"$W/stderr" &
	PIDS+=($!)
	DAEMON=$!
}

sink() {	# mode [outfile]: starts a listener, sets PORT
	python3 "$SINK" "$1" "$W/$1.port" ${2:+"$W/$2"} &
	PIDS+=($!)
	wait_for test -s "$W/$1.port"
	PORT=$(cat "$W/$1.port")
}

wait_for() {	# command...: poll for up to 20 s
	local i
	for i in $(seq 1 200); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}

count() { grep -c "$1" "$2" 2>/dev/null || echo 0; }

# promtool: 1 is a parse error; 3 means lint findings, and the only one
# allowed is about upstream's metric name, which is part of the interface.
promcheck() {
	run promtool check metrics <"$1"
	[ "$status" -eq 0 ] || [ "$status" -eq 3 ]
	run sh -c "promtool check metrics <'$1' 2>&1 | grep -v 'duration_milliseconds use base unit'"
	assert_output ""
}

@test "json_stdout: every log line is JSON with upstream's keys" {
	config <<<"json_stdout = true"
	start
	wait_for eval '[ "$(count "changed to UP" "$W/stdout")" -ge 1 ]'
	rm "$W/healthy"
	wait_for eval '[ "$(count "changed to DOWN" "$W/stdout")" -ge 1 ]'
	grep "^$PREFIX{" "$W/stdout" | sed "s/^$PREFIX//" >"$W/json"
	[ "$(wc -l <"$W/json")" -ge 10 ]
	# each line parses, and has the keys every line has
	jq -e 'has("asctime") and has("levelname") and has("process") and
	    has("message") and has("service_name") and .version == "0.9.10"
	    and .program == "anycast-healthchecker"' "$W/json" >/dev/null
	run jq -r 'select(.message == "changed to DOWN") |
	    [.service_name, .ip_address, .prefix_length, .status,
	    .ip_check_disabled] | @tsv' "$W/json"
	assert_output "$(printf 'svc\t10.52.12.1\t32\tdown\ttrue')"
	run jq -r 'select(.message // "" | startswith("starting")) | .service_name' "$W/json"
	assert_output "MainThread"
	# nothing but the start-up notes is outside JSON
	run grep -v -e "^$PREFIX{" -e "^acquired a lock" -e "^creating pidfile" \
	    -e "^writing processID" -e "^messages for unhandled" "$W/stdout"
	assert_output ""
}

@test "log_format_journalctl: <priority>thread - message" {
	config <<<"log_format_journalctl = true"
	start
	wait_for eval '[ "$(count "changed to UP" "$W/stdout")" -ge 1 ]'
	grep -q "^<6>svc - changed to UP$" "$W/stdout"
	grep -q "^<4>MainThread - failed to find variable name" "$W/stdout"
	grep -q "^<7>svc - sleeping for" "$W/stdout"
}

@test "text lines keep upstream's layout and pad thread names" {
	config </dev/null
	start
	wait_for eval '[ "$(count "changed to UP" "$W/stdout")" -ge 1 ]'
	# width: the longest section name (DEFAULT, 7) plus one
	run grep -E '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8},[0-9]{3} anycast-healthchecker\[[0-9]+\] INFO     svc      changed to UP$' "$W/stdout"
	assert_success
	grep -qE "anycast-healthchecker\[[0-9]+\] WARNING  MainThread failed to find" "$W/stdout"
}

@test "log_file rotates at log_maxbytes and keeps log_backups files" {
	config <<-EOF
	log_file = $W/ahc.log
	log_maxbytes = 4000
	log_backups = 2
	EOF
	# two service threads: each writes through a descriptor of its own,
	# and must follow a rollover that the other one made
	sed 's/^\[svc\]/[svc2]/; s/10.52.12.1/10.52.12.2/' "$W/d/svc.conf" \
	    >"$W/d/svc2.conf"
	start
	wait_for test -e "$W/ahc.log.2"
	sleep 1
	[ -e "$W/ahc.log.1" ]
	[ ! -e "$W/ahc.log.3" ]
	for f in "$W/ahc.log" "$W/ahc.log.1" "$W/ahc.log.2"; do
		[ "$(stat -c %s "$f")" -le 4000 ]
	done
	# both still write to the current file
	wait_for eval '[ "$(grep -c " svc  *status UP" "$W/ahc.log")" -ge 1 ] &&
	    [ "$(grep -c " svc2 *status UP" "$W/ahc.log")" -ge 1 ]'
	for f in "$W/ahc.log" "$W/ahc.log.1" "$W/ahc.log.2"; do
		[ "$(stat -c %s "$f")" -le 4000 ]
	done
	# a file log means no log lines on stdout
	run grep -c "anycast-healthchecker\[" "$W/stdout"
	assert_output 0
}

@test "json_log_file writes JSON lines to the file" {
	config <<-EOF
	log_file = $W/ahc.log
	json_log_file = true
	EOF
	start
	wait_for eval '[ "$(count "changed to UP" "$W/ahc.log")" -ge 1 ]'
	sed "s/^$PREFIX//" "$W/ahc.log" | jq -e '.levelname' >/dev/null
}

@test "log_server: UDP syslog datagrams as Python's SysLogHandler sends" {
	sink udp udp.out
	config <<-EOF
	log_server = 127.0.0.1
	log_server_port = $PORT
	EOF
	start
	wait_for eval '[ "$(count "changed to UP" "$W/udp.out")" -ge 1 ]'
	# <facility user | severity>, the text line, a trailing NUL
	grep -qE "^b'<14>[0-9-]+ [0-9:,]+ anycast-healthchecker\[[0-9]+\] INFO     svc      changed to UP\\\\x00'$" "$W/udp.out"
	grep -qE "^b'<12>.*WARNING  MainThread failed to find variable name" "$W/udp.out"
	# logs went to the server, not to stdout
	run grep -c "anycast-healthchecker\[" "$W/stdout"
	assert_output 0
}

@test "json_log_server sends JSON in the datagrams" {
	sink udp udp.out
	config <<-EOF
	log_server = 127.0.0.1
	log_server_port = $PORT
	json_log_server = true
	EOF
	start
	wait_for eval '[ "$(count "changed to UP" "$W/udp.out")" -ge 1 ]'
	grep -q "^b'<14>anycast-healthchecker: {\"asctime\": " "$W/udp.out"
}

@test "a log server that is not there delays nothing" {
	# nothing listens on this port: every datagram is refused
	config <<-EOF
	log_server = 127.0.0.1
	log_server_port = 9
	log_file = $W/ahc.log
	EOF
	start
	wait_for eval '[ "$(count "check duration" "$W/ahc.log")" -ge 10 ]'
	rm "$W/healthy"
	wait_for grep -q "withdrawing 10.52.12.1/32 for svc" "$W/ahc.log"
}

@test "json_logging (0.6): each message is POSTed as JSON" {
	sink http http.out
	http_config 0.5
	start
	wait_for eval '[ "$(count "changed to UP" "$W/http.out")" -ge 1 ]'
	jq -e '(.id | startswith("anycast-healthchecker-")) and
	    .msg_type == "anycast-healthchecker" and (.priority | numbers) and
	    (.msg_text | strings) and .extra.softwareversion == "0.9.10"' \
	    "$W/http.out" >/dev/null
	run jq -r 'select(.msg_text == "changed to UP") |
	    [.extra.servicename, .extra.ip_address, .extra.prefix_length,
	    .priority] | @tsv' "$W/http.out"
	assert_output "$(printf 'svc\t10.52.12.1\t32\t10')"
	# one connection, kept alive: the sink saw no failures logged
	! grep -q "failed to send" "$W/ahc.log" || false
}

@test "a hanging HTTP log server delays neither checks nor a withdrawal" {
	sink hang
	http_config 5
	start
	# at 0.2 s a check, 15 runs take 3 s; one blocked POST would take 5
	wait_for eval '[ "$(count "check duration" "$W/ahc.log")" -ge 15 ]'
	[ "$(grep -c "check duration" "$W/ahc.log")" -ge 15 ]
	rm "$W/healthy"
	wait_for grep -q "withdrawing 10.52.12.1/32 for svc" "$W/ahc.log"
	# the sender gives up on each message locally, after the timeout
	wait_for grep -q "failed to send data to 127.0.0.1" "$W/ahc.log"
	# still one thread per check plus the main thread
	[ "$(ls "/proc/$DAEMON/task" | wc -l)" -eq 2 ]
}

@test "Prometheus textfile: promtool accepts it and it follows the state" {
	config <<-EOF
	prometheus_exporter = true
	prometheus_collector_textfile_dir = $W/prom
	prometheus_exporter_interval = 1
	EOF
	sed -i "s|^check_cmd.*|check_cmd = /bin/sh -c 'test -e $W/healthy \|\| exit 3'|" "$W/d/svc.conf"
	start
	P=$W/prom/anycast_healthchecker.prom
	wait_for grep -q 'service_state{ip_prefix="10.52.12.1/32",service_name="svc"} 0.0' "$P"
	promcheck "$P"
	grep -q '^anycast_healthchecker_service{ip_prefix="10.52.12.1/32",service_name="svc"} 1.0$' "$P"
	grep -q '^anycast_healthchecker_version_info{version="0.9.10"} 1.0$' "$P"
	grep -q '^anycast_healthchecker_state 1.0$' "$P"
	grep -q '^# TYPE anycast_healthchecker_service_check_timeout_total counter$' "$P"
	# the state carries the check's exit code
	rm "$W/healthy"
	wait_for grep -q 'service_state{ip_prefix="10.52.12.1/32",service_name="svc"} 3.0' "$P"
	promcheck "$P"
	# written whole, by rename: no temp file stays behind
	[ "$(ls -A "$W/prom")" = anycast_healthchecker.prom ]
	# from the main loop: no exporter thread
	[ "$(ls "/proc/$DAEMON/task" | wc -l)" -eq 2 ]
}

@test "stderr_file takes the daemon's stderr" {
	config <<-EOF
	stderr_file = $W/stderr.log
	EOF
	start
	wait_for eval '[ "$(count "changed to UP" "$W/stdout")" -ge 1 ]'
	[ -e "$W/stderr.log" ]
	# fd 2 of the daemon is that file now
	[ "$(readlink "/proc/$DAEMON/fd/2")" = "$W/stderr.log" ]
	run grep -c "messages for unhandled exceptions will go to STDERR" "$W/stdout"
	assert_output 0
}
