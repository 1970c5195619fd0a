#!/usr/bin/env bats
# contrib/prometheus's alert rules and contrib/grafana's dashboard against
# a real Prometheus (Debian's), run in the lab's host namespace with its
# own data directory, scraping the daemon's /metrics every second.  The
# rules are the contrib file with its durations and thresholds cut to
# seconds; tests/prom checks the real ones with promtool.

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load lab

RULES=$LAB_TOP/contrib/prometheus/anycast-healthchecker.rules.yml
DASHBOARD=$LAB_TOP/contrib/grafana/anycast-healthchecker.json

prom() {	# PATH [curl args]: Prometheus's HTTP API
	local p=$1
	shift
	lab_h curl -sf -m 5 "$@" "http://127.0.0.1:9090$p"
}

# the state of an alert (firing, pending), none when it is not active
alert_state() {	# NAME
	prom /api/v1/alerts | jq -r --arg a "$1" \
	    '[.data.alerts[] | select(.labels.alertname == $a) | .state][0] // "none"'
}
alert_is() { [ "$(alert_state "$1")" = "$2" ]; }

# every series the query returns has a value; and there is one
query_has_data() {	# EXPR
	prom /api/v1/query --data-urlencode "query=$1" -G |
	    jq -e '.status == "success" and (.data.result | length) > 0' >/dev/null
}

setup() {
	lab_up >/dev/null
	# a reconfigure command that fails while $LAB/bird.broken exists
	cat >"$LAB/reconfigure" <<-EOF
	#!/bin/sh
	[ ! -e "$LAB/bird.broken" ] || { echo broken; exit 1; }
	exec /usr/sbin/birdc -s "$LAB/bird/h.ctl" configure
	EOF
	chmod 755 "$LAB/reconfigure"
	lab_config <<-EOF
	prometheus_listen = 127.0.0.1:9184
	prometheus_exporter_interval = 1
	bird_reconfigure_cmd = $LAB/reconfigure
	EOF
	touch "$LAB/healthy"
	lab_service www 10.52.17.1/32 "/usr/bin/test -e $LAB/healthy" </dev/null
	lab_assign 10.52.17.1/32
	sed -e 's/for: [0-9]*m$/for: 3s/' -e 's/> 120$/> 3/' "$RULES" \
	    >"$LAB/rules.yml"
	cat >"$LAB/prometheus.yml" <<-EOF
	global:
	  scrape_interval: 1s
	  evaluation_interval: 1s
	rule_files:
	  - $LAB/rules.yml
	scrape_configs:
	  - job_name: anycast-healthchecker
	    static_configs:
	      - targets: ['127.0.0.1:9184']
	EOF
	ip netns exec "$LAB_H" prometheus --config.file="$LAB/prometheus.yml" \
	    --storage.tsdb.path="$LAB/prometheus" \
	    --web.listen-address=127.0.0.1:9090 \
	    >"$LAB/prometheus.log" 2>&1 </dev/null 3>&- &
	lab_wait 30 lab_established
}
teardown() { lab_teardown; }

@test "a real Prometheus: the service-down alert fires and resolves with the check, the announcer-stale one fires while birdc fails; every dashboard query has data" {
	# the shortened rules are still the contrib file's five
	[ "$(grep -c 'for: 3s' "$LAB/rules.yml")" -eq 3 ]
	grep -q '> 3$' "$LAB/rules.yml"
	lab_daemon_start
	lab_wait 15 lab_learned 10.52.17.1/32
	lab_wait 30 prom /-/ready -o /dev/null
	lab_wait 30 query_has_data 'up{job="anycast-healthchecker"} == 1'
	alert_is AnycastServiceDown none
	# at start one sample of uptime has no change: wait for the second
	lab_wait 30 alert_is AnycastHealthcheckerDown none

	rm "$LAB/healthy"
	lab_wait 15 lab_not_learned 10.52.17.1/32
	lab_wait 30 alert_is AnycastServiceDown firing
	prom /api/v1/alerts | jq -e '.data.alerts[] | select(.labels.alertname == "AnycastServiceDown") | .labels.service_name == "www" and .labels.ip_prefix == "10.52.17.1/32"'
	lab_wait 30 alert_is AnycastAllWithdrawn firing
	touch "$LAB/healthy"
	lab_wait 15 lab_learned 10.52.17.1/32
	lab_wait 30 alert_is AnycastServiceDown none
	lab_wait 30 alert_is AnycastAllWithdrawn none
	alert_is AnycastAnnouncerStale none

	# every expression of the dashboard, with its variables as Grafana
	# would fill them for all instances
	local n=0 expr
	while IFS= read -r expr; do
		expr=${expr//\$instance/.*}
		expr=${expr//\$__rate_interval/1m}
		lab_wait 15 query_has_data "$expr" ||
		    { echo "no data: $expr" >&2; false; }
		n=$((n + 1))
	done < <(jq -r '.panels[].targets[].expr' "$DASHBOARD")
	[ "$n" -eq "$(jq '[.panels[].targets[]] | length' "$DASHBOARD")" ]
	[ "$n" -ge 9 ]

	# BIRD stops taking changes: the oldest waiting ages past the limit
	touch "$LAB/bird.broken"
	rm "$LAB/healthy"
	lab_wait 30 grep -q "reconfiguring BIRD failed, .*b.broken.$" "$LAB/daemon.log"
	lab_wait 40 alert_is AnycastAnnouncerStale firing
	prom /api/v1/alerts | jq -e '.data.alerts[] | select(.labels.alertname == "AnycastAnnouncerStale") | .labels.ip_version == "4"'
	rm "$LAB/bird.broken"
	lab_wait 30 alert_is AnycastAnnouncerStale none

	# the daemon goes: its scrape fails
	lab_daemon_stop
	lab_wait 30 alert_is AnycastHealthcheckerDown firing
}
