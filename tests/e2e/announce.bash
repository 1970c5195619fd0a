# A lab for the announcers other than BIRD: the host namespace runs FRR,
# gobgpd or ExaBGP from its file under contrib/, and a BIRD 2 router peers
# with it; what the router learns is the truth.  The addresses are those
# of the contrib files (and contrib/bird):
#
#   host   (ns $LAB_H): AS 64815, 10.248.7.253/30, 2001:db8:248:7::fd/64
#   router (ns $LAB_R): AS 64814, 10.248.7.254/30, 2001:db8:248:7::fe/64
#
# lab.bash's helpers work here: lab_learned, lab_service, lab_daemon_*,
# lab_down.  Each routing daemon runs in the lab's namespace, with its
# files under $LAB, and lab_down ends it with the rest.

alab_up() {
	lab_new
	# the routing daemons run as their own users
	chmod 755 "$LAB"
	lab_link "$LAB_H" "h-$LAB_TAG" 10.248.7.253/30 2001:db8:248:7::fd/64 \
	    "$LAB_R" "r-$LAB_TAG" 10.248.7.254/30 2001:db8:248:7::fe/64
	cat >"$LAB/bird/r.conf" <<-EOF
	router id 10.248.7.254;
	log "$LAB/bird/r.log" all;
	timeformat log "%F %T.%3f";
	timeformat route "%F %T.%3f";
	protocol device { scan time 1; }
	# no graceful restart: a host that goes loses its routes at once,
	# not 120 s later (FRR closes without a NOTIFICATION)
	template bgp peer {
	    local as 64814; hold time 3; keepalive time 1;
	    connect delay time 1; connect retry time 1; error wait time 1, 2;
	    graceful restart off;
	    debug { routes };
	}
	protocol bgp h4 from peer {
	    local 10.248.7.254; neighbor 10.248.7.253 as 64815;
	    ipv4 { import all; export none; };
	}
	protocol bgp h6 from peer {
	    local 2001:db8:248:7::fe; neighbor 2001:db8:248:7::fd as 64815;
	    ipv6 { import all; export none; };
	}
	EOF
	lab_bird_start r
}

alab_setup() {
	[ "$(id -u)" -eq 0 ] || skip "needs root for network namespaces"
	alab_up
}

# The router's view of a route: its line and its attributes.
alab_route() {
	lab_birdc r show route all "$1" 2>/dev/null
}

# Does the router have this route with this community, as (A,B)?
alab_community() {	# prefix community
	alab_route "$1" | grep -q "BGP.community:.*($2)"
}

# --- FRR: zebra and bgpd, from contrib/frr/frr.conf

frr_start() {
	local d=$LAB/frr
	mkdir -p "$d"
	# the file as shipped, with a log of the test's own and fast timers
	sed -e "s|^log syslog.*|log file $d/frr.log|" \
	    -e 's|^\( neighbor \([^ ]*\) remote-as .*\)|\1\n neighbor \2 timers 1 3\n neighbor \2 timers connect 1|' \
	    "$LAB_TOP/contrib/frr/frr.conf" >"$d/frr.conf"
	chown -R frr:frr "$d"
	for p in zebra bgpd; do
		ip netns exec "$LAB_H" /usr/lib/frr/$p -d -f "$d/frr.conf" \
		    -z "$d/zserv.api" -i "$d/$p.pid" --vty_socket "$d" \
		    </dev/null >>"$d/start.log" 2>&1 3>&-
	done
	lab_wait 15 test -S "$d/bgpd.vty"
}

frr_stop() {
	lab_stop_pidfile "$LAB/frr/bgpd.pid"
	lab_stop_pidfile "$LAB/frr/zebra.pid"
	rm -f "$LAB"/frr/*.vty
}

frr_vtysh() { vtysh --vty_socket "$LAB/frr" "$@"; }

# The [daemon] lines that point the daemon at this lab's FRR: through
# vtysh, or with FRR_VIA=socket on bgpd's socket, with a frr_vtysh that
# would fail if it were run.
frr_daemon_conf() {
	if [ "${FRR_VIA:-}" = socket ]; then
		printf '%s\n' "announcer = frr" "frr_vtysh = /bin/false" \
		    "frr_socket = $LAB/frr/bgpd.vty" "resync_interval = 2"
	else
		printf '%s\n' "announcer = frr" \
		    "frr_vtysh = /usr/bin/vtysh --vty_socket $LAB/frr" \
		    "resync_interval = 2"
	fi
}

# --- The FRR tests that run both through vtysh and (FRR_VIA=socket) on
# bgpd's socket, with frr.bats' setup

frr_config() { { frr_daemon_conf; cat; } | lab_config; }

frr_setup() {
	alab_setup
	frr_start
	lab_wait 30 lab_established || { lab_dump; return 1; }
}

frr_teardown() {
	if [ -n "${LAB:-}" ] && [ "${BATS_TEST_COMPLETED:-}" != 1 ]; then
		echo "--- FRR" >&3
		tail -n 20 "$LAB/frr/start.log" "$LAB/frr/frr.log" >&3 2>&1
		grep -i "frr\|retry" "$LAB/daemon.log" | tail -n 20 >&3
	fi
	frr_stop
	lab_teardown
}

frr_follows() {
	frr_config <<<"ipv6 = true"
	alab_follows_check frr lab_daemon_start 65000:100 65000,100
	run frr_vtysh -c "show running-config"
	assert_line "  network 10.52.12.1/32 route-map anycast-healthchecker-65000:100"
	assert_line "  network 2001:db8:5::1/128 route-map anycast-healthchecker-65000:100"
	grep -q "reconfigured FRR" "$LAB/daemon.log"
	# one vtysh run (or talk) per burst: the service's two prefixes went
	# in one
	[ "$(grep -c "telling FRR: configure terminal" "$LAB/daemon.log")" -le \
	    "$(grep -c "changed to" "$LAB/daemon.log")" ]
}

frr_restarted() {
	local start
	lab_assign 10.52.12.2/32
	frr_config </dev/null
	lab_service web 10.52.12.2/32 /bin/true </dev/null
	lab_daemon_start
	lab_wait 20 lab_learned 10.52.12.2/32
	frr_stop
	lab_wait 20 lab_not_learned 10.52.12.2/32
	# the daemon says FRR is down, and tries again
	if [ "${FRR_VIA:-}" = socket ]; then
		lab_wait 20 grep -qF "telling FRR failed: [Errno 2] No such file or directory: '$LAB/frr/bgpd.vty'" "$LAB/daemon.log"
	else
		lab_wait 20 grep -q "reading the configuration of FRR failed" "$LAB/daemon.log"
	fi
	grep -q "retrying FRR in" "$LAB/daemon.log"
	frr_start
	start=$SECONDS
	lab_wait 30 lab_learned 10.52.12.2/32
	echo "relearned $((SECONDS - start)) s after FRR started" >&3
	grep -q "FRR lost 10.52.12.2/32 of web: announcing it again" "$LAB/daemon.log"
	# resync_interval (2 s), the back-off (up to 8 s), BGP's own start
	[ $((SECONDS - start)) -le 15 ]
}

# Is the operator's network on the router, every 0.2 s for as long as
# the file $LAB/sampling exists?  A loss is written to $LAB/lost.
frr_sample() {
	while [ -e "$LAB/sampling" ]; do
		lab_learned 10.248.7.252/30 || echo lost >>"$LAB/lost"
		sleep 0.2
	done
}

frr_operator_network() {
	# connected on the lab's link: FRR has a route to it
	frr_vtysh -c "configure terminal" -c "router bgp 64815" \
	    -c "address-family ipv4 unicast" -c "network 10.248.7.252/30"
	lab_wait 20 lab_learned 10.248.7.252/30
	lab_assign 10.52.12.3/32
	lab_assign 10.52.12.4/32
	touch "$LAB/healthy"
	frr_config </dev/null
	lab_service a 10.52.12.3/32 "/usr/bin/test -e $LAB/healthy" <<<"on_exit = withdraw"
	lab_service b 10.52.12.4/32 /bin/true </dev/null
	touch "$LAB/sampling"
	frr_sample &
	lab_daemon_start
	lab_wait 20 lab_all_learned 10.52.12.3/32 10.52.12.4/32
	rm "$LAB/healthy"
	lab_wait 20 lab_not_learned 10.52.12.3/32
	touch "$LAB/healthy"
	lab_wait 20 lab_learned 10.52.12.3/32
	# a reload that removes b withdraws b, and only b
	rm "$LAB/d/b.conf"
	kill -HUP "$LAB_DAEMON_PID"
	lab_wait 20 lab_not_learned 10.52.12.4/32
	lab_learned 10.52.12.3/32
	lab_daemon_stop
	[ "$LAB_DAEMON_EXIT" -eq 0 ]
	lab_wait 20 lab_not_learned 10.52.12.3/32
	rm "$LAB/sampling"
	wait
	[ ! -e "$LAB/lost" ]
	run frr_vtysh -c "show running-config"
	assert_line "  network 10.248.7.252/30"
	refute_output --partial "network 10.52.12.3/32"
	# b's withdrawal was the daemon's own: no warning of a stray route
	! grep -q "which no service check has" "$LAB/daemon.log" || false
}

# --- GoBGP: gobgpd, from contrib/gobgp/gobgpd.toml, its API on the
# default 127.0.0.1:50051 of the host namespace

gobgp_start() {
	mkdir -p "$LAB/gobgp"
	ip netns exec "$LAB_H" gobgpd -f "$LAB_TOP/contrib/gobgp/gobgpd.toml" \
	    -l info </dev/null >>"$LAB/gobgp/gobgpd.log" 2>&1 3>&- &
	echo $! >"$LAB/gobgp/gobgpd.pid"
	lab_wait 15 lab_h gobgp global >/dev/null 2>&1
}

gobgp_stop() { lab_stop_pidfile "$LAB/gobgp/gobgpd.pid"; }

gobgp_daemon_conf() {
	printf '%s\n' "announcer = gobgp" "resync_interval = 2"
}

# --- ExaBGP: from contrib/exabgp/exabgp.conf, running the daemon (the
# lab's binary and configuration) as its API process

exabgp_start() {
	local d=$LAB/exabgp
	mkdir -p "$d"
	sed -e "s|run /usr/bin/anycast-healthchecker .*;|run $LAB_BIN -f $LAB/main.conf -d $LAB/d;|" \
	    "$LAB_TOP/contrib/exabgp/exabgp.conf" >"$d/exabgp.conf"
	# as root, in the foreground, logging to a file of the test's
	(cd "$d" && exec ip netns exec "$LAB_H" env exabgp.daemon.user=root \
	    exabgp.log.destination="$d/exabgp.log" exabgp.daemon.daemonize=false \
	    exabgp "$d/exabgp.conf") </dev/null >>"$d/out.log" 2>&1 3>&- &
	echo $! >"$d/exabgp.pid"
	lab_wait 15 test -s "$LAB/ahc.pid"
	LAB_DAEMON_PID=$(cat "$LAB/ahc.pid")
}

exabgp_stop() { lab_stop_pidfile "$LAB/exabgp/exabgp.pid"; }

exabgp_daemon_conf() {
	printf '%s\n' "announcer = exabgp" "log_file = $LAB/daemon.log"
}

# --- What every announcer must do, each test file running it with its
# own start: www has an IPv4 and an IPv6 prefix and communities; both are
# learned while its check passes, with the communities, and lost while it
# fails; -c and -P say so.
alab_follows_check() {	# announcer start-command communities as-bird-shows-them
	lab_assign 10.52.12.1/32
	lab_assign 2001:db8:5::1/128
	touch "$LAB/healthy"
	lab_service www "10.52.12.1/32, 2001:db8:5::1/128" \
	    "/usr/bin/test -e $LAB/healthy" <<<"bgp_community = $3"
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c
	assert_success
	assert_output OK
	# no BIRD file is made for another announcer
	[ ! -e "$LAB/bird/prefixes4.conf" ]
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -P
	assert_line "announcer = $1"
	assert_line "bgp_community = $3"
	$2
	lab_wait 30 lab_all_learned 10.52.12.1/32 2001:db8:5::1/128
	alab_community 10.52.12.1/32 "$4"
	alab_community 2001:db8:5::1/128 "$4"
	rm "$LAB/healthy"
	lab_wait 20 lab_none_learned 10.52.12.1/32 2001:db8:5::1/128
	touch "$LAB/healthy"
	lab_wait 20 lab_all_learned 10.52.12.1/32 2001:db8:5::1/128
	grep -q "announcing 10.52.12.1/32 for www" "$LAB/daemon.log"
}

# --- The drain with every announcer: on_down = drain keeps a failing
# service announced with GRACEFUL_SHUTDOWN beside its own community, and
# passing again leaves its own alone; a planned drain (maintenance) ends
# withdrawn.  $1: how the daemon starts.
alab_drains() {	# start-command
	lab_assign 10.52.12.8/32
	lab_assign 10.52.12.9/32
	touch "$LAB/healthy"
	lab_service dr 10.52.12.8/32 "/usr/bin/test -e $LAB/healthy" <<-EOF
	on_down = drain
	bgp_community = 65000:100
	EOF
	lab_service pl 10.52.12.9/32 /bin/true <<-EOF
	maintenance_file = $LAB/maintenance
	drain_seconds = 3
	EOF
	$1
	lab_wait 30 lab_all_learned 10.52.12.8/32 10.52.12.9/32
	rm "$LAB/healthy"
	lab_wait 20 alab_community 10.52.12.8/32 65535,0
	alab_community 10.52.12.8/32 65000,100
	touch "$LAB/healthy"
	lab_wait 20 eval '! alab_community 10.52.12.8/32 65535,0'
	alab_community 10.52.12.8/32 65000,100
	lab_learned 10.52.12.8/32
	touch "$LAB/maintenance"
	lab_wait 20 alab_community 10.52.12.9/32 65535,0
	lab_wait 20 lab_not_learned 10.52.12.9/32
	grep -q "draining 10.52.12.9/32 for pl (3 s)" "$LAB/daemon.log"
}
