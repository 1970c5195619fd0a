#!/usr/bin/env bats
# announcer = exabgp: ExaBGP 4 from Debian (contrib/exabgp/exabgp.conf)
# runs the daemon as its API process in the lab's host namespace; a BIRD
# router peers with it, and what it learns is the truth.

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load lab
load announce

setup() {
	alab_setup
}

teardown() {
	exabgp_stop
	lab_teardown
}

config() {
	{ exabgp_daemon_conf; cat; } | lab_config
}

@test "exabgp: IPv4 and IPv6 follow the check, with the community at the router; nothing else on stdout" {
	config <<<"ipv6 = true"
	alab_follows_check exabgp exabgp_start 65000:100 65000,100
	grep -q "ExaBGP took: announce 10.52.12.1/32" "$LAB/daemon.log"
	# ExaBGP understood every line it got
	run grep "not understood" "$LAB/exabgp/exabgp.log"
	assert_failure
}

@test "exabgp: the daemon exits when ExaBGP goes; ExaBGP started again gets the routes" {
	lab_assign 10.52.12.2/32
	config </dev/null
	lab_service web 10.52.12.2/32 /bin/true </dev/null
	exabgp_start
	lab_wait 30 lab_learned 10.52.12.2/32
	pid=$LAB_DAEMON_PID
	exabgp_stop
	lab_wait 15 eval "! kill -0 $pid 2>/dev/null"
	lab_wait 20 lab_not_learned 10.52.12.2/32
	grep -q "ExaBGP is shutting down: exiting\|ExaBGP closed the daemon's stdin: exiting" "$LAB/daemon.log"
	[ ! -e "$LAB/ahc.pid" ]
	exabgp_start
	lab_wait 30 lab_learned 10.52.12.2/32
}

@test "exabgp: -c refuses a log that would go to stdout" {
	lab_config <<<"announcer = exabgp"
	lab_service web 10.52.12.2/32 /bin/true </dev/null
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c
	assert_failure 1
	assert_output "Invalid configuration: announcer = exabgp: ExaBGP reads the routes from the daemon's stdout, so the log cannot go there: set log_file or log_server"
}

@test "exabgp: the drain community at the router: on_down = drain and a planned drain" {
	config </dev/null
	alab_drains exabgp_start
}
