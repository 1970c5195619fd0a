#!/usr/bin/env bats
# What upstream 0.9.10 writes at run time, line for line, where operators'
# log parsers, JSON readers and dashboards look.  Every literal here was
# recorded from upstream running the same configuration; BIN= runs the
# file against another daemon (upstream's included).  No BIRD needed.

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
BIN=${BIN:-${LAB_BIN:-$TOP/src/anycast-healthchecker}}
load san

setup() {
	W=$(mktemp -d /tmp/ahc-dropin.XXXXXX)
	mkdir -p "$W/d" "$W/prom" "$W/bird"
	touch "$W/healthy"
	DAEMON=
	san_setup "$W"
}

teardown() {
	local rc=0
	if [ -n "$DAEMON" ]; then
		kill "$DAEMON" 2>/dev/null
		wait "$DAEMON" 2>/dev/null
	fi
	san_check "$W" || rc=1
	rm -rf "$W"
	return $rc
}

# config [daemon lines on stdin]: "svc" follows $W/healthy, "dis" is
# disabled; both prefixes are written as upstream's users write them.
config() {
	{
		cat <<-EOF
		[daemon]
		pidfile = $W/ahc.pid
		bird_conf = $W/bird/prefixes.conf
		bird_reconfigure_cmd = /bin/echo Reconfigured
		bird_keep_changes = true
		bird_changes_counter = 2
		loglevel = debug
		EOF
		cat
	} >"$W/main.conf"
	cat >"$W/d/svc.conf" <<-EOF
	[svc]
	check_cmd = /usr/bin/test -e $W/healthy
	ip_prefix = 10.52.12.3
	ip_check_disabled = true
	check_disabled = false
	check_interval = 0.2
	check_rise = 1
	check_fail = 1
	[dis]
	check_cmd = /bin/true
	check_disabled = true
	ip_prefix = 10.52.13.0/255.255.255.0
	ip_check_disabled = true
	EOF
}

start() {
	"$BIN" -f "$W/main.conf" -d "$W/d" >"$W/out" 2>&1 </dev/null &
	DAEMON=$!
}

wait_for() {	# command...: poll for up to 20 s
	local i
	for i in $(seq 1 200); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}

msgs() {	# the messages of thread $1, without time, pid and level
	sed -n "s/^[-0-9]* [0-9:,]* anycast-healthchecker\[[0-9]*\] [A-Z]* *$1 *//p" "$W/out"
}

@test "start-up: upstream's lines, levels and order" {
	config <<<"splay_startup = 0"
	start
	wait_for grep -q "changed to UP" "$W/out"
	# the BIRD settings as upstream's DEBUG line shows its dict
	msgs MainThread | grep -qxF "{4: {'config_file': '$W/bird/prefixes.conf', 'variable_name': 'ACAST_PS_ADVERTISE', 'dummy_ip_prefix': '10.189.200.255/32', 'reconfigure_cmd': '/bin/echo Reconfigured', 'keep_changes': True, 'changes_counter': 2}}"
	run msgs MainThread
	assert_output --partial "$(printf '%s\n' "initialize healthchecker" \
	    "starting anycast-healthchecker version 0.9.10" \
	    "going to launch 2 threads" "launching thread for svc" \
	    "loading check for svc" "launching thread for dis" \
	    "loading check for dis")"
	grep -Eq "INFO +MainThread +initialize healthchecker$" "$W/out"
	grep -Eq "DEBUG +MainThread +launching thread for svc$" "$W/out"
	grep -Eq "DEBUG +MainThread +going to write to $W/bird/" "$W/out"
	# each thread first logs its typed options, upstream's 11 lines
	run msgs svc
	assert_output --partial "$(cat <<-EOF
	check_cmd=/usr/bin/test -e $W/healthy:<class 'str'>
	check_interval=0.2:<class 'float'>
	check_timeout=2.0:<class 'float'>
	check_rise=1:<class 'int'>
	check_fail=1:<class 'int'>
	check_disabled=False:<class 'bool'>
	on_disabled=withdraw:<class 'str'>
	ip_prefix=10.52.12.3:<class 'str'>
	interface=lo:<class 'str'>
	ip_check_disabled=True:<class 'bool'>
	custom_bird_reconfigure_cmd_timeout=2.0:<class 'float'>
	delaying startup for 0.0secs
	EOF
	)"
	run msgs dis
	assert_output --partial "$(printf '%s\n' \
	    "ip_prefix=10.52.13.0/255.255.255.0:<class 'str'>" \
	    "interface=lo:<class 'str'>" "ip_check_disabled=True:<class 'bool'>" \
	    "custom_bird_reconfigure_cmd_timeout=2.0:<class 'float'>" \
	    "Check is disabled and ip_prefix will be withdrawn")"
	grep -Eq "DEBUG +svc +check_rise=1:<class 'int'>$" "$W/out"
}

@test "history: time.time() names, and upstream's threshold line" {
	config </dev/null
	start
	local n
	for n in 1 2 3; do
		wait_for eval "[ \$(grep -c 'changed to UP' \"\$W/out\") -ge $n ]"
		rm "$W/healthy"
		wait_for eval "[ \$(grep -c 'changed to DOWN' \"\$W/out\") -ge $n ]"
		touch "$W/healthy"
	done
	wait_for grep -Eq "INFO +MainThread +threshold of 2 is reached, removing old files$" "$W/out"
	grep -Eq "INFO +MainThread +removed $W/bird/history/" "$W/out"
	# str(time.time()): shortest repr, so never a trailing zero but "N.0"
	for f in "$W"/bird/history/*; do
		basename "$f" | grep -Eq '^[0-9]+\.([0-9]*[1-9]|0)$'
	done
	# our bound is real; upstream's lets a third file stay (README)
	[ "$(ls "$W/bird/history" | wc -l)" -le 2 ]
}

@test "JSON: the service's fields ride on upstream's messages only" {
	config <<<"json_stdout = true"
	start
	wait_for grep -q '"message": "changed to UP"' "$W/out"
	sed -n 's/^anycast-healthchecker: //p' "$W/out" >"$W/json"
	# a dict message: null, with the dict's keys in the record
	run jq -c 'select(.message == null) | ."4" | [.variable_name,
	    .keep_changes, .changes_counter]' "$W/json"
	assert_output '["ACAST_PS_ADVERTISE",true,2]'
	run jq -r 'select(.message == "loading check for svc") |
	    [.service_name, .ip_address, .prefix_length, .ip_check_disabled,
	    .status] | @tsv' "$W/json"
	assert_output "$(printf 'MainThread\t10.52.12.3\t32\ttrue\tunknown')"
	run jq -r 'select(.message == "loading check for dis") |
	    [.ip_address, .prefix_length] | @tsv' "$W/json"
	assert_output "$(printf '10.52.13.0\t24')"
	for m in "changed to UP" "wall clock time" "sleeping for" "adding 10.52.12.3/32"; do
		run jq -r "select(.message // \"\" | startswith(\"$m\")) | has(\"ip_address\")" "$W/json"
		assert_line --index 0 true
	done
	for m in "running " "check duration" "check_cmd=" "checking for IP" \
	    "Check is disabled" "adding 10.52.13.0/24"; do
		run jq -r "select(.message // \"\" | startswith(\"$m\")) | has(\"ip_address\")" "$W/json"
		assert_line --index 0 false
	done
}

@test "Prometheus: the service gauge keeps ip_prefix as written" {
	config <<-EOF
	prometheus_exporter = true
	prometheus_collector_textfile_dir = $W/prom
	prometheus_exporter_interval = 1
	EOF
	start
	P=$W/prom/anycast_healthchecker.prom
	wait_for grep -q 'service_state{ip_prefix="10.52.12.3/32",service_name="svc"} 0.0' "$P"
	grep -qx 'anycast_healthchecker_service{ip_prefix="10.52.12.3",service_name="svc"} 1.0' "$P"
	grep -qx 'anycast_healthchecker_service{ip_prefix="10.52.13.0/255.255.255.0",service_name="dis"} 1.0' "$P"
	# no timeout yet: prometheus_client writes no _created head
	run grep -c '_created' "$P"
	assert_output 0
}
