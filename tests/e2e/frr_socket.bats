#!/usr/bin/env bats
# announcer = frr with frr_socket: the daemon talks to bgpd on its vty
# socket instead of running vtysh.  frr.bats' main cases run again this
# way, with a frr_vtysh (/bin/false) that would fail if it were run.

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load lab
load announce

setup() {
	FRR_VIA=socket
	frr_setup
}

teardown() { frr_teardown; }

@test "frr_socket: IPv4 and IPv6 follow the check, with the community at the router; -P shows frr_socket" {
	frr_follows
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -P
	assert_line "frr_socket = $LAB/frr/bgpd.vty"
	# every talk, the read-backs included, succeeded
	grep -q "reconfigured FRR" "$LAB/daemon.log"
	! grep -q "FRR failed" "$LAB/daemon.log" || false
}

@test "frr_socket: FRR restarted gets the routes back within resync_interval; the log names the socket" {
	frr_restarted
}

@test "frr_socket: an operator's own network stays through start, withdrawals, reload and SIGTERM with on_exit = withdraw" {
	frr_operator_network
}

sock_config() { printf '%s\n' "announcer = frr" "frr_socket = $1" | lab_config; }

@test "frr_socket: -c refuses a relative path and one too long for a socket; a socket not there yet, and an unused frr_vtysh, are not errors" {
	sock_config frr/bgpd.vty
	lab_service v 10.52.12.5/32 /bin/true </dev/null
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c
	assert_failure 1
	assert_output "Invalid configuration: invalid value (frr/bgpd.vty) for 'frr_socket' option in daemon section: it should be an absolute path, such as /var/run/frr/bgpd.vty"
	long=/$(printf 'd%.0s' $(seq 1 110))
	sock_config "$long"
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c
	assert_failure 1
	assert_output "Invalid configuration: invalid value ($long) for 'frr_socket' option in daemon section: a socket's path has at most 107 bytes"
	# nor is a frr_vtysh that is not there: it is not used
	printf '%s\n' "announcer = frr" "frr_socket = $LAB/nonexistent.vty" \
	    "frr_vtysh = /nonexistent/vtysh" | lab_config
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c
	assert_success
	assert_output OK
}
