# A two-host BGP lab in network namespaces, for the end-to-end tests and
# `make demo`.
#
#   host   (ns $LAB_H): lo holds the service addresses; BIRD 2 exports the
#                       prefixes listed in the daemon's include files
#   router (ns $LAB_R): BIRD 2 peer over eBGP; what it learns is the truth
#
#   host veth 10.255.0.1/30, fd00:255::1/64  <->  router 10.255.0.2, ::2
#
# Everything lives under $LAB (a fresh directory) and in namespaces whose
# names carry a random tag, so labs never collide.  lab_down undoes it all.

LAB_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LAB_BIN=${LAB_BIN:-$LAB_TOP/src/anycast-healthchecker}
# shellcheck source=tests/e2e/san.bash
source "$LAB_TOP/tests/e2e/san.bash"

# A new lab's directory and names: $LAB, $LAB_H, $LAB_R; its tag in
# LAB_TAG.
lab_new() {
	LAB=$(mktemp -d /tmp/ahc-lab.XXXXXX)
	LAB_TAG=${LAB##*.}
	LAB_H=ahc-h-$LAB_TAG
	LAB_R=ahc-r-$LAB_TAG
	LAB_DAEMON_PID=
	mkdir -p "$LAB/d" "$LAB/bird"
	san_setup "$LAB"
}

lab_up() {
	lab_new
	lab_link "$LAB_H" "h-$LAB_TAG" 10.255.0.1/30 fd00:255::1/64 \
	    "$LAB_R" "r-$LAB_TAG" 10.255.0.2/30 fd00:255::2/64

	# BIRD needs the include files before it starts.
	lab_prefix_file 4 ACAST_PS_ADVERTISE 10.189.200.255/32
	lab_prefix_file 6 ACAST6_PS_ADVERTISE 2001:db8::1/128

	cat >"$LAB/bird/h.conf" <<-EOF
	router id 10.255.0.1;
	log "$LAB/bird/h.log" all;
	timeformat log "%F %T.%3f";
	include "$LAB/bird/prefixes4.conf";
	include "$LAB/bird/prefixes6.conf";
	protocol device { scan time 1; }
	protocol direct { ipv4; ipv6; interface "lo"; }
	template bgp peer {
	    local as 65001; hold time 3; keepalive time 1;
	    connect delay time 1; connect retry time 1; error wait time 1, 2;
	    debug { routes };
	}
	protocol bgp r4 from peer {
	    local 10.255.0.1; neighbor 10.255.0.2 as 65002;
	    ipv4 { import none; export where net ~ ACAST_PS_ADVERTISE; };
	}
	protocol bgp r6 from peer {
	    local fd00:255::1; neighbor fd00:255::2 as 65002;
	    ipv6 { import none; export where net ~ ACAST6_PS_ADVERTISE; };
	}
	EOF
	cat >"$LAB/bird/r.conf" <<-EOF
	router id 10.255.0.2;
	log "$LAB/bird/r.log" all;
	timeformat log "%F %T.%3f";
	protocol device { scan time 1; }
	template bgp peer {
	    local as 65002; hold time 3; keepalive time 1;
	    connect delay time 1; connect retry time 1; error wait time 1, 2;
	    debug { routes };
	}
	protocol bgp h4 from peer {
	    local 10.255.0.2; neighbor 10.255.0.1 as 65001;
	    ipv4 { import all; export none; };
	}
	protocol bgp h6 from peer {
	    local fd00:255::2; neighbor fd00:255::1 as 65001;
	    ipv6 { import all; export none; };
	}
	EOF
	lab_bird_start h
	lab_bird_start r
	lab_wait 30 lab_established || { lab_dump; return 1; }
}

# lab_link NS1 IF1 V4 V6 NS2 IF2 V4 V6: two new namespaces joined by a
# veth pair, with these addresses (no DAD: IPv6 is usable at once)
lab_link() {
	ip netns add "$1"
	ip netns add "$5"
	ip link add "$2" type veth peer name "$6"
	ip link set "$2" netns "$1"
	ip link set "$6" netns "$5"
	ip -n "$1" link set lo up
	ip -n "$5" link set lo up
	ip -n "$1" addr add "$3" dev "$2"
	ip -n "$5" addr add "$7" dev "$6"
	ip -n "$1" -6 addr add "$4" dev "$2" nodad
	ip -n "$5" -6 addr add "$8" dev "$6" nodad
	ip -n "$1" link set "$2" up
	ip -n "$5" link set "$6" up
}

# A bats file's setup and teardown: a lab per test, and on failure what
# the lab looked like.
lab_setup() {
	[ "$(id -u)" -eq 0 ] || skip "needs root for network namespaces"
	lab_up
}

lab_teardown() {
	local rc=0

	if [ -n "${LAB:-}" ] && [ "${BATS_TEST_COMPLETED:-}" != 1 ]; then
		lab_dump >&3
	fi
	[ -n "${LAB:-}" ] && { lab_daemon_stop; san_check "$LAB" || rc=1; }
	lab_down
	return $rc
}

lab_h() { ip netns exec "$LAB_H" "$@"; }
lab_r() { ip netns exec "$LAB_R" "$@"; }

# lab_prefix_file VERSION VARIABLE DUMMY: a list holding the dummy only
lab_prefix_file() {
	printf 'define %s =\n    [\n        %s\n    ];\n' "$2" "$3" \
	    >"$LAB/bird/prefixes$1.conf"
}

lab_bird_start() {	# h|r
	local ns=$LAB_H
	[ "$1" = r ] && ns=$LAB_R
	ip netns exec "$ns" bird -c "$LAB/bird/$1.conf" \
	    -s "$LAB/bird/$1.ctl" -P "$LAB/bird/$1.pid"
}

lab_bird_stop() {	# h|r
	lab_stop_pidfile "$LAB/bird/$1.pid"
}

# End the process a pidfile names, wait until it is gone, drop the file.
lab_stop_pidfile() {
	local pid
	pid=$(cat "$1" 2>/dev/null) || return 0
	kill "$pid" 2>/dev/null
	lab_wait 15 eval "! kill -0 $pid 2>/dev/null"
	rm -f "$1"
}

lab_birdc() {	# h|r command...
	local who=$1
	shift
	birdc -s "$LAB/bird/$who.ctl" "$@"
}

lab_established() {
	lab_birdc r show protocols h4 | grep -q Established &&
	    lab_birdc r show protocols h6 | grep -q Established
}

# lab_wait SECONDS COMMAND...: poll until COMMAND succeeds
lab_wait() {
	local until=$((SECONDS + $1))
	shift
	while ! "$@"; do
		[ "$SECONDS" -ge "$until" ] && return 1
		sleep 0.1
	done
}

# Does the router have a BGP route for this exact prefix?
lab_learned() {
	lab_birdc r show route "$1" 2>/dev/null | grep -q "^$1 .*\[h[46] "
}

lab_not_learned() { ! lab_learned "$1"; }

# Is every prefix given learned by the router, or (lab_none_learned) none?
lab_all_learned() {
	local p
	for p in "$@"; do lab_learned "$p" || return 1; done
}

lab_none_learned() {
	local p
	for p in "$@"; do lab_not_learned "$p" || return 1; done
}

# lab_deaf_http PORT: a server on 127.0.0.1:PORT in the host namespace
# that takes every connection and never answers; lab_down ends it.
lab_deaf_http() {
	ip netns exec "$LAB_H" python3 -c '
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(128)
held = []
while True:
    c, _ = s.accept()
    held.append(c)
' "$1" </dev/null >/dev/null 2>&1 3>&- &
	lab_wait 10 lab_h python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$1"
}

# The number of routes the router learned from the host.
lab_learned_count() {
	lab_birdc r show route count protocol "h${1:-4}" |
	    sed -n 's/^\([0-9]*\) of .*/\1/p'
}

lab_assign() { lab_h ip addr add "$1" dev lo; }
lab_unassign() { lab_h ip addr del "$1" dev lo; }

# lab_defaults EXTRA KV...: each "key = value" that EXTRA does not set
lab_defaults() {
	local extra=$1 kv
	shift
	for kv in "$@"; do
		printf '%s\n' "$extra" | grep -q "^${kv%% =*} *=" ||
		    printf '%s\n' "$kv"
	done
}

# Write the daemon's main config; extra [daemon] lines come on stdin and
# win over the defaults here.
lab_config() {
	local extra
	extra=$(cat)
	{
		echo "[daemon]"
		lab_defaults "$extra" "pidfile = $LAB/ahc.pid" \
		    "bird_conf = $LAB/bird/prefixes4.conf" \
		    "bird6_conf = $LAB/bird/prefixes6.conf" \
		    "bird_reconfigure_cmd = /usr/sbin/birdc -s $LAB/bird/h.ctl configure" \
		    "bird6_reconfigure_cmd = /usr/sbin/birdc -s $LAB/bird/h.ctl configure" \
		    "loglevel = debug" \
		    ${LAB_KEEP_CHANGES:+"bird_keep_changes = true"} \
		    ${LAB_KEEP_CHANGES:+"bird6_keep_changes = true"}
		[ -z "$extra" ] || printf '%s\n' "$extra"
	} >"$LAB/main.conf"
}

# lab_service NAME PREFIX CHECK: extra lines come on stdin and win over
# the fast defaults used here
lab_service() {
	local extra
	extra=$(cat)
	{
		printf '[%s]\ncheck_cmd = %s\nip_prefix = %s\n' "$1" "$3" "$2"
		lab_defaults "$extra" "check_interval = 0.2" "check_timeout = 1" \
		    "check_rise = 1" "check_fail = 1" "check_disabled = false"
		[ -z "$extra" ] || printf '%s\n' "$extra"
	} >"$LAB/d/$1.conf"
}

lab_daemon_start() {
	ip netns exec "$LAB_H" "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" \
	    "$@" >>"$LAB/daemon.log" 2>&1 &
	LAB_DAEMON_PID=$!
	lab_wait 10 test -s "$LAB/ahc.pid"
}

# Has this child of ours exited?  (Until it is waited for, it is a zombie,
# which kill -0 still finds.)
lab_exited() {
	kill -0 "$1" 2>/dev/null || return 0
	[ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" = Z ]
}

# SIGTERM, and SIGKILL if that is not acted on: a hung daemon must not
# hang the suite.
lab_daemon_stop() {
	[ -n "$LAB_DAEMON_PID" ] || return 0
	kill "$LAB_DAEMON_PID" 2>/dev/null
	lab_wait 10 lab_exited "$LAB_DAEMON_PID" ||
	    kill -9 "$LAB_DAEMON_PID" 2>/dev/null
	wait "$LAB_DAEMON_PID" 2>/dev/null
	LAB_DAEMON_EXIT=$?
	LAB_DAEMON_PID=
	return 0
}

# How many times BIRD was told to reconfigure, by its own log.
lab_reconfigures() {
	grep -c "Reconfiguring" "$LAB/bird/h.log" 2>/dev/null || true
}

# The daemon's open fds when no check is in flight.  Each service thread
# keeps a descriptor table of its own, and each is idle most of the time,
# but all of them seldom at once: the least of many looks is taken per
# thread, and those are added up.  A leaked descriptor is in every look.
lab_base_fds() {
	# globs, not a find per thread and look: with the CPUs saturated by
	# checks, 480 forks took a minute
	(
		shopt -s nullglob
		local i t fds
		local -A m=()
		for i in $(seq 1 40); do
			for t in /proc/"$LAB_DAEMON_PID"/task/*; do
				fds=("$t"/fd/*)
				t=${t##*/}
				if [ -z "${m[$t]}" ] || [ "${#fds[@]}" -lt "${m[$t]}" ]
				then
					m[$t]=${#fds[@]}
				fi
			done
			sleep 0.005
		done
		t=0
		for i in "${m[@]}"; do t=$((t + i)); done
		echo "$t"
	)
}

# A check is a zombie for an instant between its exit and its reaping (the
# daemon kills its group first); a zombie still there later is a leak.
lab_zombies() {
	ps --ppid "$LAB_DAEMON_PID" -o pid=,stat= | awk '$2 ~ /Z/ { print $1 }'
}

lab_no_zombies() {
	local first
	first=$(lab_zombies)
	[ -z "$first" ] && return 0
	sleep 0.5
	[ -z "$(comm -12 <(echo "$first" | sort) <(lab_zombies | sort))" ]
}

lab_dump() {
	echo "--- daemon.log (tail)"
	tail -n 40 "$LAB/daemon.log" 2>/dev/null
	echo "--- prefixes4.conf"
	# a test may have put a FIFO there
	[ -f "$LAB/bird/prefixes4.conf" ] && cat "$LAB/bird/prefixes4.conf"
	echo "--- router routes"
	lab_birdc r show route 2>/dev/null
	echo "--- router protocols"
	lab_birdc r show protocols 2>/dev/null
}

lab_down() {
	[ -n "${LAB:-}" ] || return 0
	lab_daemon_stop
	lab_bird_stop h
	lab_bird_stop r
	# anything a test left running in the lab's namespaces: end it
	ip netns pids "$LAB_H" 2>/dev/null | xargs -r kill -9 2>/dev/null
	ip netns pids "$LAB_R" 2>/dev/null | xargs -r kill -9 2>/dev/null
	ip netns del "$LAB_H" 2>/dev/null
	ip netns del "$LAB_R" 2>/dev/null
	rm -rf "$LAB"
	LAB=
}

# The usual setup and teardown of a bats file; a file with more to do
# defines its own, which replace these.
setup() { lab_setup; }
teardown() { lab_teardown; }
