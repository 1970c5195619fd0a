#!/usr/bin/env bats
# Graceful drain: a planned withdrawal first announces the prefix with
# RFC 8326's GRACEFUL_SHUTDOWN (65535:0) for drain_seconds, and on_down =
# drain keeps a failing service announced so.  The host's BIRD exports
# through contrib/bird/bird2/match-route-drain.conf; the router's view,
# community included, is the truth.

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load lab

# The host's BIRD with the drain-aware filter of contrib/, as an operator
# installs it once a service drains.
setup() {
	lab_setup
	printf 'define ACAST_PS_ADVERTISE =\n    [\n        10.189.200.255/32\n    ];\ndefine ACAST_PS_DRAIN =\n    [\n        10.189.200.255/32\n    ];\n' \
	    >"$LAB/bird/prefixes4.conf"
	printf 'define ACAST6_PS_ADVERTISE =\n    [\n        2001:db8::1/128\n    ];\ndefine ACAST6_PS_DRAIN =\n    [\n        2001:db8::1/128\n    ];\n' \
	    >"$LAB/bird/prefixes6.conf"
	sed -i -e "s|^\(include \"$LAB/bird/prefixes6.conf\";\)|\1\ninclude \"$LAB_TOP/contrib/bird/bird2/match-route-drain.conf\";|" \
	    -e 's|export where net ~ ACAST_PS_ADVERTISE;|export where match_route();|' \
	    -e 's|export where net ~ ACAST6_PS_ADVERTISE;|export where match_route6();|' \
	    "$LAB/bird/h.conf"
	lab_bird_stop h
	lab_bird_start h
	lab_wait 30 lab_established || { lab_dump; return 1; }
}

# Does the router have the route with GRACEFUL_SHUTDOWN, or (plain)
# without any community?
drained() {
	lab_birdc r show route all "$1" 2>/dev/null |
	    grep -q "BGP.community:.*(65535,0)"
}

plain() {
	lab_learned "$1" && ! drained "$1"
}

# Did the router ever lose the route (a withdrawal seen in its log)?
withdrawn_ever() {
	grep -q "h[46].ipv[46] > removed .* $1" "$LAB/bird/r.log"
}

# maint_drained NAME PREFIX SECONDS: a service with a maintenance file
# and drain_seconds, announced; then the file appears, and the router
# has the route drained.
maint_drained() {
	lab_assign "$2"
	lab_config </dev/null
	lab_service "$1" "$2" /bin/true <<-EOF
	maintenance_file = $LAB/maintenance
	drain_seconds = $3
	check_interval = 0.2
	EOF
	lab_daemon_start
	lab_wait 20 plain "$2"
	touch "$LAB/maintenance"
	lab_wait 10 drained "$2"
}

@test "maintenance_file with drain_seconds: announced drained, still there during the drain, withdrawn after it" {
	maint_drained www 10.52.12.1/32 4
	start=$SECONDS
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -P
	assert_line "drain_seconds = 4"
	grep -q "draining 10.52.12.1/32 for www (4 s)" "$LAB/daemon.log"
	grep -q "^define ACAST_PS_DRAIN =" "$LAB/bird/prefixes4.conf"
	# partway through, still there
	sleep 2
	drained 10.52.12.1/32
	! withdrawn_ever 10.52.12.1/32 || false
	lab_wait 10 lab_not_learned 10.52.12.1/32
	echo "withdrawn $((SECONDS - start)) s after the drain began" >&3
	[ $((SECONDS - start)) -ge 3 ]
	grep -q "withdrawing 10.52.12.1/32 for www" "$LAB/daemon.log"
}

@test "the maintenance file removed during the drain: never withdrawn, and the community goes" {
	maint_drained web 10.52.12.2/32 6
	rm "$LAB/maintenance"
	lab_wait 10 plain 10.52.12.2/32
	grep -q "ending the drain of 10.52.12.2/32 for web" "$LAB/daemon.log"
	# well past the drain's end: still announced, never withdrawn
	sleep 6
	plain 10.52.12.2/32
	! withdrawn_ever 10.52.12.2/32 || false
}

@test "a maintenance file over what is not announced drains nothing: at start, or over a DOWN service, the route stays away, also once the file goes" {
	lab_assign 10.52.12.8/32
	touch "$LAB/maintenance"
	lab_config </dev/null
	lab_service idle 10.52.12.8/32 "/usr/bin/test -e $LAB/healthy" <<-EOF
	maintenance_file = $LAB/maintenance
	drain_seconds = 8
	check_interval = 0.2
	EOF
	lab_daemon_start
	lab_wait 10 grep -q "ip_prefix will be withdrawn: maintenance file" "$LAB/daemon.log"
	sleep 1.5
	lab_not_learned 10.52.12.8/32
	! grep -q "draining 10.52.12.8/32" "$LAB/daemon.log" || false
	grep -q "none of the prefixes of idle is announced: no drain" "$LAB/daemon.log"
	# the file goes within what would have been the drain: the check
	# (failing) decides, and nothing comes back
	rm "$LAB/maintenance"
	sleep 1.5
	lab_not_learned 10.52.12.8/32
	! grep -q "gone during the drain" "$LAB/daemon.log" || false
	# UP, then DOWN (withdrawn), then maintenance: the same
	touch "$LAB/healthy"
	lab_wait 20 plain 10.52.12.8/32
	rm "$LAB/healthy"
	lab_wait 10 lab_not_learned 10.52.12.8/32
	: >"$LAB/daemon.log"
	touch "$LAB/maintenance"
	lab_wait 10 grep -q "ip_prefix will be withdrawn: maintenance file" "$LAB/daemon.log"
	sleep 1
	lab_not_learned 10.52.12.8/32
	rm "$LAB/maintenance"
	sleep 1.5
	lab_not_learned 10.52.12.8/32
	! grep -q "draining 10.52.12.8/32" "$LAB/daemon.log" || false
	grep -q "none of the prefixes of idle is announced: no drain" "$LAB/daemon.log"
}

@test "SIGTERM with on_exit = withdraw: drained while the daemon waits, then withdrawn and gone; a second SIGTERM cuts the wait" {
	lab_assign 10.52.12.3/32
	lab_config </dev/null
	lab_service go 10.52.12.3/32 /bin/true <<-EOF
	on_exit = withdraw
	drain_seconds = 4
	EOF
	lab_daemon_start
	lab_wait 20 plain 10.52.12.3/32
	pid=$LAB_DAEMON_PID
	kill -TERM "$pid"
	lab_wait 10 drained 10.52.12.3/32
	sleep 1.5
	# alive during the drain, the route still there
	kill -0 "$pid"
	drained 10.52.12.3/32
	lab_wait 15 lab_not_learned 10.52.12.3/32
	lab_wait 10 lab_exited "$pid"
	grep -q "draining the prefixes of 1 services for 4 s before the exit" "$LAB/daemon.log"
	grep -q "shutdown is complete" "$LAB/daemon.log"
	wait "$pid" || true
	LAB_DAEMON_PID=
	# again, and a second SIGTERM: no more waiting
	: >"$LAB/daemon.log"
	lab_daemon_start
	lab_wait 20 plain 10.52.12.3/32
	pid=$LAB_DAEMON_PID
	kill -TERM "$pid"
	lab_wait 10 drained 10.52.12.3/32
	start=$SECONDS
	kill -TERM "$pid"
	lab_wait 10 lab_exited "$pid"
	[ $((SECONDS - start)) -le 2 ]
	lab_wait 10 lab_not_learned 10.52.12.3/32
	grep -q "during the drain: not waiting for it" "$LAB/daemon.log"
	wait "$pid" || true
	LAB_DAEMON_PID=
}

@test "on_down = drain: a failing check keeps the route, drained; passing again drops the community, never withdrawn" {
	lab_assign 10.52.12.4/32
	touch "$LAB/healthy"
	lab_config </dev/null
	lab_service down 10.52.12.4/32 "/usr/bin/test -e $LAB/healthy" <<<"on_down = drain"
	lab_daemon_start
	lab_wait 20 plain 10.52.12.4/32
	rm "$LAB/healthy"
	lab_wait 10 drained 10.52.12.4/32
	grep -q "draining 10.52.12.4/32 for down (until its check passes)" "$LAB/daemon.log"
	sleep 1
	drained 10.52.12.4/32
	touch "$LAB/healthy"
	lab_wait 10 plain 10.52.12.4/32
	! withdrawn_ever 10.52.12.4/32 || false
	# the Nagios plugin says OK, and names it while it drains
	rm "$LAB/healthy"
	lab_wait 10 drained 10.52.12.4/32
	run "$LAB_TOP/contrib/nagios/check_anycast_healthchecker" -f "$LAB/main.conf" -d "$LAB/d"
	assert_success
	assert_output --partial "; draining: down"
	# and --status says DRAINING, still announced
	lab_wait 5 sh -c "'$LAB_BIN' -f '$LAB/main.conf' --status | grep -q '^down  *DRAINING  *announced 10\.52\.12\.4/32 '"
}

@test "a service a reload removes drains first; its metric says so" {
	lab_assign 10.52.12.5/32
	lab_assign 10.52.12.6/32
	mkdir "$LAB/prom"
	lab_config <<-EOF
	prometheus_exporter = true
	prometheus_collector_textfile_dir = $LAB/prom
	prometheus_exporter_interval = 1
	EOF
	lab_service gone 10.52.12.5/32 /bin/true <<<"drain_seconds = 4"
	lab_service stays 10.52.12.6/32 /bin/true </dev/null
	lab_daemon_start
	lab_wait 20 plain 10.52.12.5/32
	rm "$LAB/d/gone.conf"
	kill -HUP "$LAB_DAEMON_PID"
	lab_wait 10 drained 10.52.12.5/32
	lab_wait 15 grep -q "reload: 0 services added, 1 removed, 0 changed, 1 unchanged" "$LAB/daemon.log"
	lab_wait 5 grep -q 'anycast_healthchecker_service_draining{ip_prefix="10.52.12.5/32",service_name="gone"} 1.0' "$LAB/prom/anycast_healthchecker.prom"
	lab_wait 15 lab_not_learned 10.52.12.5/32
	lab_learned 10.52.12.6/32
	lab_wait 5 eval '! grep -q "service_name=\"gone\"" "$LAB/prom/anycast_healthchecker.prom"'
}

@test "-c refuses a bad drain_seconds, on_down, drain_community and bird_drain_variable, naming each; without drain options the file has no drain list" {
	lab_config </dev/null
	for v in -1 nan inf 2000000; do
		lab_service d 10.52.12.7/32 /bin/true <<<"drain_seconds = $v"
		run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c
		assert_failure 1
		assert_output "Invalid configuration: invalid data for 'drain_seconds' option in service check d: $v is not a number of seconds from 0 to 1000000"
	done
	lab_service d 10.52.12.7/32 /bin/true <<<"on_down = retry"
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c
	assert_output "Invalid configuration: 'on_down' option has invalid value (retry) for service check d, 'on_down' option should be set either to 'withdraw' or to 'drain'"
	lab_service d 10.52.12.7/32 /bin/true </dev/null
	lab_config <<<"drain_community = 65535"
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c
	assert_output --partial "Invalid configuration: invalid value (65535) for 'drain_community' option in daemon section: communities are A:B"
	lab_config <<<"bird_drain_variable = ACAST_PS_ADVERTISE"
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c
	assert_output --partial "Invalid configuration: invalid value (ACAST_PS_ADVERTISE) for 'bird_drain_variable' option in daemon section"
	# no drain option, and upstream's file: it stays upstream's, without
	# a drain list (the drain-aware filter of this lab then refuses it:
	# only the file counts)
	lab_config </dev/null
	lab_prefix_file 4 ACAST_PS_ADVERTISE 10.189.200.255/32
	lab_assign 10.52.12.7/32
	lab_daemon_start
	lab_wait 20 grep -q "announcing 10.52.12.7/32 for d" "$LAB/daemon.log"
	run grep -c "define" "$LAB/bird/prefixes4.conf"
	assert_output 1
}

@test "a reload that gives a service drain_seconds adds the drain list to the file; one that takes it away keeps the list, which BIRD's filter names" {
	lab_assign 10.52.12.9/32
	lab_prefix_file 4 ACAST_PS_ADVERTISE 10.189.200.255/32
	lab_config </dev/null
	lab_service late 10.52.12.9/32 /bin/true <<<"maintenance_file = $LAB/maintenance"
	lab_daemon_start
	lab_wait 20 grep -q "announcing 10.52.12.9/32 for late" "$LAB/daemon.log"
	run grep -c "^define" "$LAB/bird/prefixes4.conf"
	assert_output 1
	lab_service late 10.52.12.9/32 /bin/true <<-EOF
	maintenance_file = $LAB/maintenance
	drain_seconds = 30
	check_interval = 0.2
	EOF
	kill -HUP "$LAB_DAEMON_PID"
	lab_wait 15 grep -q "reload: 0 services added, 0 removed, 1 changed" "$LAB/daemon.log"
	lab_wait 10 grep -q "^define ACAST_PS_DRAIN =" "$LAB/bird/prefixes4.conf"
	# BIRD takes the file (the filter names the list), and the drain works
	lab_wait 20 plain 10.52.12.9/32
	touch "$LAB/maintenance"
	lab_wait 10 drained 10.52.12.9/32
	rm "$LAB/maintenance"
	lab_wait 10 plain 10.52.12.9/32
	lab_service late 10.52.12.9/32 /bin/true <<<"maintenance_file = $LAB/maintenance"
	kill -HUP "$LAB_DAEMON_PID"
	lab_wait 15 eval '[ "$(grep -c "reload: 0 services added, 0 removed, 1 changed" "$LAB/daemon.log")" = 2 ]'
	# the list stays (with the dummy alone), so BIRD still takes the
	# files: maintenance now withdraws at once, without a drain
	touch "$LAB/maintenance"
	lab_wait 10 lab_not_learned 10.52.12.9/32
	grep -q "^define ACAST_PS_DRAIN =" "$LAB/bird/prefixes4.conf"
	run grep -c "10.52.12.9/32" "$LAB/bird/prefixes4.conf"
	assert_output 0
	# and a restart without drain options keeps it too
	lab_daemon_stop
	rm "$LAB/maintenance"
	lab_daemon_start
	lab_wait 20 plain 10.52.12.9/32
	grep -q "^define ACAST_PS_DRAIN =" "$LAB/bird/prefixes4.conf"
}

@test "BIRD 1.6 with contrib's bird1.6/match-route-drain.conf: the router sees the community on a draining route, and a plain route after" {
	sh "$LAB_TOP/tools/bird16-deb.sh" "$LAB_TOP/build/bird16"
	dpkg -x "$(ls "$LAB_TOP"/build/bird16/bird_1.6*.deb)" "$LAB/b16"
	lab_bird_stop h
	cat >"$LAB/bird/h16.conf" <<-EOF
	router id 10.255.0.1;
	log "$LAB/bird/h.log" all;
	include "$LAB/bird/prefixes4.conf";
	include "$LAB_TOP/contrib/bird/bird1.6/match-route-drain.conf";
	protocol device { scan time 1; }
	protocol direct { interface "lo"; }
	protocol bgp r4 {
	    local 10.255.0.1 as 65001; neighbor 10.255.0.2 as 65002;
	    hold time 3; keepalive time 1; connect retry time 1;
	    import none; export where match_route();
	}
	EOF
	lab_h "$LAB/b16/usr/sbin/bird" -c "$LAB/bird/h16.conf" \
	    -s "$LAB/bird/h.ctl" -P "$LAB/bird/h.pid"
	lab_h "$LAB/b16/usr/sbin/birdc" -s "$LAB/bird/h.ctl" show status |
	    grep -q "BIRD 1.6"
	lab_assign 10.52.12.10/32
	touch "$LAB/healthy"
	lab_config <<<"bird_reconfigure_cmd = $LAB/b16/usr/sbin/birdc -s $LAB/bird/h.ctl configure"
	lab_service old 10.52.12.10/32 "/usr/bin/test -e $LAB/healthy" <<<"on_down = drain"
	lab_daemon_start
	lab_wait 30 plain 10.52.12.10/32
	rm "$LAB/healthy"
	lab_wait 10 drained 10.52.12.10/32
	touch "$LAB/healthy"
	lab_wait 10 plain 10.52.12.10/32
	! withdrawn_ever 10.52.12.10/32 || false
}

@test "a prefix that drained when the daemon was killed is withdrawn after a restart once its check fails: only the main list is read back" {
	lab_assign 10.52.12.11/32
	touch "$LAB/healthy"
	lab_config </dev/null
	lab_service k 10.52.12.11/32 "/usr/bin/test -e $LAB/healthy" <<<"on_down = drain"
	lab_daemon_start
	lab_wait 20 plain 10.52.12.11/32
	rm "$LAB/healthy"
	lab_wait 10 drained 10.52.12.11/32
	kill -KILL "$LAB_DAEMON_PID"
	wait "$LAB_DAEMON_PID" || true
	rm -f "$LAB/ahc.pid"
	# in both lists of the file
	run grep -c "10.52.12.11/32" "$LAB/bird/prefixes4.conf"
	assert_output 2
	lab_service k 10.52.12.11/32 "/usr/bin/test -e $LAB/healthy" <<<"on_down = withdraw"
	lab_daemon_start
	lab_wait 20 lab_not_learned 10.52.12.11/32
	run grep -c "10.52.12.11/32" "$LAB/bird/prefixes4.conf"
	assert_output 0
}
