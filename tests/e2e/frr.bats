#!/usr/bin/env bats
# announcer = frr, against FRR 8 from Debian (contrib/frr/frr.conf) in the
# lab's host namespace; a BIRD router peers with it, and what it learns is
# the truth.

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load lab
load announce

setup() { frr_setup; }
teardown() { frr_teardown; }

config() { frr_config; }

@test "frr: IPv4 and IPv6 follow the check, with the community at the router; -c and -P" {
	frr_follows
}

@test "frr: FRR restarted from its startup configuration gets the routes back within resync_interval" {
	frr_restarted
}

@test "frr: an operator's own network stays through start, withdrawals, reload and SIGTERM with on_exit = withdraw" {
	frr_operator_network
}

@test "frr: SIGTERM while FRR could not be read: with on_exit = withdraw the daemon reads FRR again, then withdraws, before it exits" {
	# a vtysh that fails while $LAB/broken exists
	printf '#!/bin/sh\n[ -e %s/broken ] && exit 1\nexec /usr/bin/vtysh "$@"\n' \
	    "$LAB" >"$LAB/vtysh"
	chmod +x "$LAB/vtysh"
	lab_assign 10.52.12.5/32
	printf '%s\n' "announcer = frr" \
	    "frr_vtysh = $LAB/vtysh --vty_socket $LAB/frr" \
	    "resync_interval = 1" | lab_config
	lab_service a 10.52.12.5/32 /bin/true <<<"on_exit = withdraw"
	lab_daemon_start
	lab_wait 20 lab_learned 10.52.12.5/32
	touch "$LAB/broken"
	# the read-backs fail, and the back-off grows to 4 s: time enough
	lab_wait 20 grep -q "retrying FRR in 4 seconds" "$LAB/daemon.log"
	rm "$LAB/broken"
	lab_daemon_stop
	[ "$LAB_DAEMON_EXIT" -eq 0 ]
	grep -q "withdrawing 10.52.12.5/32 for a" "$LAB/daemon.log"
	lab_wait 20 lab_not_learned 10.52.12.5/32
	run frr_vtysh -c "show running-config"
	refute_output --partial "network 10.52.12.5/32"
}

# This machine's kernel has no VRF devices: FRR keeps the configuration
# of a VRF it cannot make, which is what is checked, and no peer can be.
@test "frr: a VRF: the network goes into router bgp ASN vrf NAME; no instance there is an error, retried" {
	lab_assign 10.52.12.5/32
	config </dev/null
	lab_service v 10.52.12.5/32 /bin/true <<<"frr_vrf = blue"
	lab_daemon_start
	lab_wait 20 grep -q "FRR has no BGP instance (router bgp) in VRF blue" "$LAB/daemon.log"
	grep -q "retrying FRR in" "$LAB/daemon.log"
	frr_vtysh -c "configure terminal" -c "router bgp 64815 vrf blue"
	lab_wait 20 eval 'frr_vtysh -c "show running-config" | grep -q "network 10.52.12.5/32 route-map anycast-healthchecker"'
	run frr_vtysh -c "show running-config"
	# in the VRF's block, not the default one's
	run sh -c "vtysh --vty_socket '$LAB/frr' -c 'show running-config' | sed -n '/^router bgp 64815 vrf blue/,/^exit/p'"
	assert_line "  network 10.52.12.5/32 route-map anycast-healthchecker"
}

@test "frr: -c refuses a bad frr_vrf, a vtysh that is not there, and bgp_community with BIRD" {
	config </dev/null
	lab_service v 10.52.12.5/32 /bin/true <<<"frr_vrf = not a vrf"
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c
	assert_failure 1
	assert_output "Invalid configuration: invalid value (not a vrf) for 'frr_vrf' option in service check v: a VRF name has 1 to 35 letters, digits, '_', '.' or '-'"
	lab_service v 10.52.12.5/32 /bin/true <<<"bgp_community = 65000:70000"
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c
	assert_output --partial "for 'bgp_community' option in service check v: communities are A:B, each from 0 to 65535"
	lab_service v 10.52.12.5/32 /bin/true </dev/null
	{ printf '%s\n' "announcer = frr" "frr_vtysh = /nonexistent/vtysh"; } | lab_config
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c
	assert_output "Invalid configuration: invalid value (/nonexistent/vtysh) for 'frr_vtysh' option in daemon section: [Errno 2] No such file or directory: '/nonexistent/vtysh'"
	lab_config </dev/null
	lab_service v 10.52.12.5/32 /bin/true <<<"bgp_community = 65000:100"
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c
	assert_output "Invalid configuration: invalid value (65000:100) for 'bgp_community' option in service check v: with announcer = bird, communities are set in BIRD's export filter (bgp_community.add); the daemon sets them with frr, gobgp and exabgp"
	{ echo "announcer = quagga"; } | lab_config
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c
	assert_output "Invalid configuration: invalid value (quagga) for 'announcer' option in daemon section: it should be one of bird, frr, gobgp, exabgp"
}

@test "frr: while FRR is down a change waits; the lag file and the plugin say so, naming FRR; OK again once FRR takes it" {
	lab_assign 10.52.12.6/32
	touch "$LAB/healthy"
	mkdir "$LAB/prom"
	config <<-EOF
	prometheus_exporter = true
	prometheus_collector_textfile_dir = $LAB/prom
	prometheus_exporter_interval = 1
	EOF
	lab_service w 10.52.12.6/32 "/usr/bin/test -e $LAB/healthy" </dev/null
	lab_daemon_start
	lab_wait 20 lab_learned 10.52.12.6/32
	plugin=$LAB_TOP/contrib/nagios/check_anycast_healthchecker
	run "$plugin" -f "$LAB/main.conf" -d "$LAB/d" -t 3
	assert_success
	frr_stop
	rm "$LAB/healthy"
	lab_wait 20 eval '"$plugin" -f "$LAB/main.conf" -d "$LAB/d" -t 3 >/dev/null; [ $? -eq 2 ]'
	run "$plugin" -f "$LAB/main.conf" -d "$LAB/d" -t 3
	assert_output --regexp "^CRITICAL: FRR has not taken the IPv4 changes for [0-9]+ seconds \(1 changes waiting\)$"
	grep -q '^4 1 ' "$LAB/ahc.bird"
	lab_wait 5 grep -q 'anycast_healthchecker_bird_changes_waiting{ip_version="4"} 1.0' "$LAB/prom/anycast_healthchecker.prom"
	frr_start
	lab_wait 30 eval '"$plugin" -f "$LAB/main.conf" -d "$LAB/d" -t 3 >/dev/null' || { "$plugin" -f "$LAB/main.conf" -d "$LAB/d" -t 3 -v; cat $LAB/ahc.bird; grep -v "DEBUG\|running /usr\|status DOWN\|wall clock\|check duration\|assigned to" $LAB/daemon.log | tail -20; false; }
	grep -q '^4 0 ' "$LAB/ahc.bird"
	run frr_vtysh -c "show running-config"
	refute_output --partial "network 10.52.12.6/32"
}

@test "frr: the drain community at the router: on_down = drain and a planned drain" {
	config </dev/null
	alab_drains lab_daemon_start
	run frr_vtysh -c "show running-config"
	assert_output --partial "route-map anycast-healthchecker-65000:100-65535:0 permit 10"
}
