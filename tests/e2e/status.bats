#!/usr/bin/env bats
# --status, --status --json and GET /status (issue 24): each service as it
# is, in the log's words, against what the router learned.

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load lab

status() { "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" --status "$@"; }

metric() {	# NAME LABELS: the sample's value
	lab_h curl -sf http://127.0.0.1:9183/metrics |
	    awk -v s="anycast_healthchecker_$1{$2}" '$1 == s { print $2 }'
}

metric_is() {	# NAME LABELS GLOB
	# shellcheck disable=SC2053
	[[ "$(metric "$1" "$2")" == $3 ]]
}

# jq's verdict on service web in --status --json
web_is() { status --json | jq -e ".services[] | select(.name == \"web\") | $1" >/dev/null; }

setup() {
	lab_up >/dev/null
	ip netns exec "$LAB_H" python3 "$LAB_TOP/tests/e2e/httpd.py" \
	    127.0.0.1 18095 "$LAB/http.mode" 2>/dev/null </dev/null >/dev/null 3>&- &
	echo 503 >"$LAB/http.mode"
	lab_wait 30 lab_established
	lab_config <<-EOF
	prometheus_listen = 127.0.0.1:9183
	prometheus_exporter_interval = 1
	EOF
	lab_service ok 10.52.16.1/32 /bin/true </dev/null
	lab_service web 10.52.16.2/32 /bin/true <<-EOF
	check_http = http://127.0.0.1:18095/health
	EOF
	sed -i '/^check_cmd = /d' "$LAB/d/web.conf"
	lab_service noip 10.52.16.3/32 /bin/true </dev/null
	touch "$LAB/maint"
	lab_service maint 10.52.16.4/32 /bin/true <<<"maintenance_file = $LAB/maint"
	lab_assign 10.52.16.1/32
	lab_assign 10.52.16.2/32
	lab_assign 10.52.16.4/32
}
teardown() { lab_teardown; }

@test "--status: a passing, a failing (HTTP 503), an unassigned and a maintained service, each as it is; the JSON, /status and the metrics agree" {
	run status
	assert_failure 3
	assert_output "anycast-healthchecker is not running: the pidfile $LAB/ahc.pid names no live process"
	lab_daemon_start
	lab_wait 15 lab_learned 10.52.16.1/32
	lab_wait 10 web_is '.reason | endswith("status 503")'
	lab_not_learned 10.52.16.2/32
	lab_not_learned 10.52.16.3/32
	lab_not_learned 10.52.16.4/32

	run status
	assert_success
	assert_line --regexp '^ok +UP +announced 10\.52\.16\.1/32  since 20[0-9-]+ [0-9:]+ \([0-9]+s ago\)  check passed$'
	assert_line --regexp '^web +DOWN +withdrawn 10\.52\.16\.2/32  since .* ago\)  check_http failed: GET http://127\.0\.0\.1:18095/health: status 503$'
	assert_line --regexp "^noip +DOWN +withdrawn 10\\.52\\.16\\.3/32  since .* ago\\)  10\\.52\\.16\\.3/32 isn't assigned to lo interface$"
	assert_line --regexp "^maint +MAINTENANCE +withdrawn 10\\.52\\.16\\.4/32  since .* ago\\)  maintenance file exists: $LAB/maint$"
	assert_line --regexp '^announcer bird IPv4: 0 changes waiting, last took a change 20[0-9-]+ [0-9:]+ \([0-9]+s ago\)$'

	run status --json
	assert_success
	[ "$(jq -r '.pid' <<<"$output")" = "$LAB_DAEMON_PID" ]
	[ "$(jq -c '[.services | sort_by(.name)[] | [.name, .state, .announced]]' <<<"$output")" = \
	    '[["maint","MAINTENANCE",false],["noip","DOWN",false],["ok","UP",true],["web","DOWN",false]]' ]
	[ "$(jq -r '.services[] | select(.name == "web") | .reason' <<<"$output")" = \
	    "check_http failed: GET http://127.0.0.1:18095/health: status 503" ]
	[ "$(jq -r '.services[] | select(.name == "ok") | .prefixes[0]' <<<"$output")" = 10.52.16.1/32 ]
	# the file changes only with a service, so two looks agree
	lab_h curl -sf -o "$LAB/http-status" http://127.0.0.1:9183/status
	status --json >"$LAB/cli-status"
	cmp "$LAB/http-status" "$LAB/cli-status"

	# the dashboard's metrics, once the textfile's next render is out
	lab_wait 15 metric_is service_check_failures_total \
	    'ip_prefix="10.52.16.2/32",reason="http",service_name="web"' '[1-9]*'
	[ "$(metric service_check_failures_total 'ip_prefix="10.52.16.2/32",reason="timeout",service_name="web"')" = 0.0 ]
	[ "$(metric service_announced 'ip_prefix="10.52.16.1/32",service_name="ok"')" = 1.0 ]
	[ "$(metric service_announced 'ip_prefix="10.52.16.2/32",service_name="web"')" = 0.0 ]
	[ "$(metric service_check_failures_total 'ip_prefix="10.52.16.3/32",reason="ip",service_name="noip"')" != 0.0 ]
	[ "$(metric service_check_failures_total 'ip_prefix="10.52.16.1/32",reason="exit",service_name="ok"')" = 0.0 ]
	[ -n "$(metric service_last_change_timestamp_seconds 'ip_prefix="10.52.16.1/32",service_name="ok"')" ]

	# web passes: UP, announced, one transition, and the router learns it
	echo 200 >"$LAB/http.mode"
	lab_wait 15 lab_learned 10.52.16.2/32
	lab_wait 10 web_is '.state == "UP" and .announced and .transitions == 1 and .reason == "check passed"'
	lab_wait 15 metric_is service_transitions_total \
	    'ip_prefix="10.52.16.2/32",service_name="web"' 1.0

	# a state that cannot be read is exit 4, and says why
	mv "$LAB/ahc.status" "$LAB/ahc.status.real"
	mkfifo "$LAB/ahc.status"
	run status
	assert_failure 4
	assert_output "cannot read the status: $LAB/ahc.status is not a regular file"
	rm "$LAB/ahc.status"
	mv "$LAB/ahc.status.real" "$LAB/ahc.status"

	kill "$LAB_DAEMON_PID"
	lab_wait 10 lab_exited "$LAB_DAEMON_PID"
	run status
	assert_failure 3
	assert_output --partial "is not running"
	[ ! -e "$LAB/ahc.status" ]
}

@test "--json alone, and --status with -c, are usage errors" {
	run "$LAB_BIN" -f /dev/null --json
	assert_failure 1
	assert_line "--json goes with --status"
	run "$LAB_BIN" --status -c
	assert_failure 1
	assert_line "--status goes alone with -f"
}
