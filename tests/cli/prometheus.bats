#!/usr/bin/env bats
# contrib/prometheus's alert rules: promtool accepts them, and its unit
# tests (tests/prom) fire each alert from synthetic series when it should
# and not before.  tests/e2e/prometheus.bats runs them in a real
# Prometheus against the daemon.

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
RULES=$TOP/contrib/prometheus/anycast-healthchecker.rules.yml

@test "promtool check rules: the contrib rules are valid, five alerts" {
	run promtool check rules "$RULES"
	assert_success
	assert_output --partial "SUCCESS: 5 rules found"
}

@test "promtool test rules: every alert fires from its synthetic series, and only then" {
	cd "$TOP/tests/prom"
	run promtool test rules rules.test.yml
	assert_success
	assert_output --partial SUCCESS
	# each alert of the file has a case
	for a in $(awk '/- alert:/ { print $3 }' "$RULES"); do
		grep -q "alertname: $a\$" rules.test.yml
	done
}

@test "the Grafana dashboard is JSON, and each panel's query names a metric of ours" {
	D=$TOP/contrib/grafana/anycast-healthchecker.json
	run jq -r '.panels[].targets[].expr' "$D"
	assert_success
	[ "${#lines[@]}" -ge 9 ]
	for e in "${lines[@]}"; do
		[[ $e == *anycast_healthchecker_* ]]
	done
}
