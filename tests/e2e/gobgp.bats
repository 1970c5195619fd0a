#!/usr/bin/env bats
# announcer = gobgp, against gobgpd 3 from Debian (contrib/gobgp/gobgpd.toml)
# in the lab's host namespace; a BIRD router peers with it, and what it
# learns is the truth.

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load lab
load announce

setup() {
	alab_setup
	gobgp_start
	lab_wait 30 lab_established || { lab_dump; return 1; }
}

teardown() {
	gobgp_stop
	lab_teardown
}

config() {
	{ gobgp_daemon_conf; cat; } | lab_config
}

@test "gobgp: IPv4 and IPv6 follow the check, with the community at the router; -c and -P" {
	config <<<"ipv6 = true"
	alab_follows_check gobgp lab_daemon_start "65000:100 65000:200" \
	    "65000,100) (65000,200"
	grep -q "reconfigured gobgpd: added 2001:db8:5::1/128" "$LAB/daemon.log"
}

@test "gobgp: gobgpd restarted gets the routes back within resync_interval; a route of another prefix is left alone" {
	lab_assign 10.52.12.2/32
	config </dev/null
	lab_service web 10.52.12.2/32 /bin/true <<<"on_exit = withdraw"
	# the operator's own route, of no service's prefix
	lab_h gobgp global rib -a ipv4 add 10.99.0.0/24
	lab_daemon_start
	lab_wait 20 lab_all_learned 10.52.12.2/32 10.99.0.0/24
	gobgp_stop
	lab_wait 20 lab_not_learned 10.52.12.2/32
	lab_wait 20 grep -q "reading the global RIB of gobgpd failed\|reading the global RIB of gobgpd timed out" "$LAB/daemon.log"
	gobgp_start
	start=$SECONDS
	lab_wait 30 lab_learned 10.52.12.2/32
	echo "relearned $((SECONDS - start)) s after gobgpd started" >&3
	grep -q "gobgpd lost 10.52.12.2/32 of web: announcing it again" "$LAB/daemon.log"
	[ $((SECONDS - start)) -le 15 ]
	# the restart lost the operator's route; put back, it stays
	lab_h gobgp global rib -a ipv4 add 10.99.0.0/24
	lab_wait 20 lab_learned 10.99.0.0/24
	lab_daemon_stop
	lab_wait 20 lab_not_learned 10.52.12.2/32
	lab_learned 10.99.0.0/24
	run lab_h gobgp global rib -a ipv4
	assert_output --partial "10.99.0.0/24"
	refute_output --partial "10.52.12.2/32"
}

@test "gobgp: gobgp_nexthop sets the next hop; -c refuses a bad one" {
	lab_assign 10.52.12.3/32
	config <<<"gobgp_nexthop = 10.248.7.253"
	lab_service n 10.52.12.3/32 /bin/true </dev/null
	lab_daemon_start
	lab_wait 20 lab_learned 10.52.12.3/32
	run lab_h gobgp global rib -a ipv4 10.52.12.3/32
	assert_output --partial "10.248.7.253"
	lab_daemon_stop
	config <<<"gobgp_nexthop = 10.0.0.1, 10.0.0.2"
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c
	assert_failure 1
	assert_output "Invalid configuration: invalid value (10.0.0.1, 10.0.0.2) for 'gobgp_nexthop' option in daemon section: it should be a numeric address, or an IPv4 and an IPv6 one separated by a comma"
}

@test "gobgp: the drain community at the router: on_down = drain and a planned drain" {
	config </dev/null
	alab_drains lab_daemon_start
}
