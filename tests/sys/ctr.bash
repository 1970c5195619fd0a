# A Debian 12 container booted under its own systemd (PID 1), on a
# network namespace of its own, with a BIRD 2 router in another one:
#
#   container (ns $CTR_NS): systemd, BIRD 2 (AS 64815), the daemon
#       veth 10.248.7.253/30, 2001:db8:248:7::fd/64
#   router    (ns $CTR_RNS): BIRD 2 (AS 64814), what it learns is the truth
#       veth 10.248.7.254/30, 2001:db8:248:7::fe/64
#
# These are the peer addresses of contrib/bird, which the tests install
# unchanged.  The container's root is build/ctr/root (tools/ctr-root.sh)
# under a throw-away overlay: it has its own /, /tmp, /run and /var, and
# the host's file systems are never handed to its systemd.  The source
# tree is bind-mounted read-only at /src.  ctr_down undoes it all.

CTR_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# lab_wait; the lab's setup and teardown are replaced at the end
# shellcheck source=tests/e2e/lab.bash
source "$CTR_TOP/tests/e2e/lab.bash"
CTR_ROOT=${CTR_ROOT:-$CTR_TOP/build/ctr/root}

ctr_setup() {
	[ "$(id -u)" -eq 0 ] || skip "needs root for namespaces and nspawn"
	[ -f "$CTR_ROOT/.ahc-root" ] ||
	    skip "no container root: sh tools/ctr-root.sh $CTR_ROOT"
	ctr_up
}

ctr_teardown() {
	if [ -n "${CTR:-}" ] && [ "${BATS_TEST_COMPLETED:-}" != 1 ]; then
		ctr_dump >&3
	fi
	ctr_down
}

ctr_up() {
	CTR=$(mktemp -d /tmp/ahc-ctr.XXXXXX)
	local tag=${CTR##*.}
	CTR_NS=ahc-c-$tag
	CTR_RNS=ahc-r-$tag
	CTR_PID=
	CTR_LEADER=
	# a file of ours in the host's /tmp: a systemd that reached the
	# host's /tmp would empty it at boot
	echo canary >"$CTR/canary"

	lab_link "$CTR_NS" "c-$tag" 10.248.7.253/30 2001:db8:248:7::fd/64 \
	    "$CTR_RNS" "r-$tag" 10.248.7.254/30 2001:db8:248:7::fe/64

	cat >"$CTR/r.conf" <<-EOF
	router id 10.248.7.254;
	log "$CTR/r.log" all;
	protocol device { scan time 1; }
	template bgp host {
	    local as 64814; hold time 3; keepalive time 1;
	    connect delay time 1; connect retry time 1; error wait time 1, 2;
	}
	protocol bgp h4 from host {
	    local 10.248.7.254; neighbor 10.248.7.253 as 64815;
	    ipv4 { import all; export none; };
	}
	protocol bgp h6 from host {
	    local 2001:db8:248:7::fe; neighbor 2001:db8:248:7::fd as 64815;
	    ipv6 { import all; export none; };
	}
	EOF
	ip netns exec "$CTR_RNS" bird -c "$CTR/r.conf" -s "$CTR/r.ctl" \
	    -P "$CTR/r.pid"

	# BIRD needs CAP_NET_BROADCAST and CAP_NET_RAW, which nspawn does not
	# grant by default.  --keep-unit and --register=no: the host may have
	# no systemd of its own.
	systemd-nspawn -q -D "$CTR_ROOT" --volatile=overlay \
	    --register=no --keep-unit --machine="ahc-$tag" \
	    --capability=CAP_NET_ADMIN,CAP_NET_BROADCAST,CAP_NET_RAW \
	    --network-namespace-path="/run/netns/$CTR_NS" \
	    --bind-ro="$CTR_TOP:/src" \
	    --boot systemd.firstboot=off \
	    </dev/null >"$CTR/console.log" 2>&1 3>&- &
	CTR_PID=$!
	ctr_wait 30 ctr_leader || { echo "container did not start" >&2; return 1; }
	ctr_wait 60 ctr_booted || {
		echo "container did not boot: $(ctr systemctl is-system-running 2>&1)" >&2
		return 1
	}
}

# The container's PID 1, as the host sees it: nspawn's child once it is
# systemd (a short-lived helper child comes first).
ctr_leader() {
	CTR_LEADER=$(ps --ppid "$CTR_PID" -o pid= 2>/dev/null | head -n 1)
	CTR_LEADER=${CTR_LEADER// /}
	[ -n "$CTR_LEADER" ] &&
	    [ "$(cat "/proc/$CTR_LEADER/comm" 2>/dev/null)" = systemd ]
}

ctr_booted() {
	local s
	ctr_leader || return 1
	s=$(ctr systemctl is-system-running 2>/dev/null)
	[ "$s" = running ] || [ "$s" = degraded ]
}

# ctr COMMAND...: run in the container's namespaces, root and cwd (/)
ctr() { nsenter -t "$CTR_LEADER" -a -- "$@"; }

# ctr_sh SCRIPT: a shell script in the container, from stdin or $1
ctr_sh() {
	if [ $# -gt 0 ]; then
		ctr sh -euc "$1"
	else
		ctr sh -eu
	fi
}

ctr_router() { birdc -s "$CTR/r.ctl" "$@"; }

# Has the router learned this exact prefix from the container?
ctr_learned() {
	ctr_router show route "$1" 2>/dev/null | grep -q "^$1 .*\[h[46] "
}

ctr_not_learned() { ! ctr_learned "$1"; }

ctr_established() {
	ctr_router show protocols h4 | grep -q Established
}

# ctr_wait SECONDS COMMAND...: poll until COMMAND succeeds
ctr_wait() { lab_wait "$@"; }

# The unit's main process and its user.
ctr_main_pid() {
	ctr systemctl show -p MainPID --value anycast-healthchecker
}

ctr_dump() {
	echo "--- container: systemctl --failed"
	ctr systemctl --failed --no-legend 2>/dev/null
	echo "--- container: journal of the daemon (tail)"
	ctr journalctl -u anycast-healthchecker --no-pager -n 40 2>/dev/null
	echo "--- container: journal of bird (tail)"
	ctr journalctl -u bird --no-pager -n 15 2>/dev/null
	echo "--- README blocks (tail)"
	tail -n 30 "$CTR/blocks.log" 2>/dev/null
	echo "--- router routes"
	ctr_router show route 2>/dev/null
	ctr_router show protocols 2>/dev/null
}

ctr_down() {
	[ -n "${CTR:-}" ] || return 0
	local pid
	if [ -n "$CTR_PID" ]; then
		# nspawn asks the container's systemd to power off
		kill -TERM "$CTR_PID" 2>/dev/null
		ctr_wait 30 eval "! kill -0 $CTR_PID 2>/dev/null" ||
		    kill -KILL "$CTR_PID" 2>/dev/null
		wait "$CTR_PID" 2>/dev/null
	fi
	pid=$(cat "$CTR/r.pid" 2>/dev/null) && kill "$pid" 2>/dev/null
	# whatever is left in our namespaces is ours
	ip netns pids "$CTR_NS" 2>/dev/null | xargs -r kill -9 2>/dev/null
	ip netns pids "$CTR_RNS" 2>/dev/null | xargs -r kill -9 2>/dev/null
	ip netns del "$CTR_NS" 2>/dev/null
	ip netns del "$CTR_RNS" 2>/dev/null
	CTR_CANARY_KEPT=0
	[ "$(cat "$CTR/canary" 2>/dev/null)" = canary ] && CTR_CANARY_KEPT=1
	rm -rf "$CTR"
	CTR=
	[ "$CTR_CANARY_KEPT" = 1 ] || {
		echo "the host's /tmp lost a file while the container ran" >&2
		return 1
	}
}

# ctr_readme NAME: the README's shell block marked ".. sh: NAME"
ctr_readme() {
	python3 "$CTR_TOP/tools/readme-blocks.py" "$CTR_TOP/README.rst" "$1"
}

# ctr_block NAME...: run these README blocks in the container, in order,
# each with bash -e from the source tree (/src), as an operator would
ctr_block() {
	local n
	for n in "$@"; do
		ctr_readme "$n" >"$CTR/$n.sh" || return 1
		ctr sh -c "cat >/root/$n.sh" <"$CTR/$n.sh"
		echo "== README block $n" >>"$CTR/blocks.log"
		ctr env -C /src bash -euo pipefail -x "/root/$n.sh" \
		    </dev/null >>"$CTR/blocks.log" 2>&1 || {
			echo "README block $n failed:" >&2
			tail -n 30 "$CTR/blocks.log" >&2
			return 1
		}
	done
}

# ctr_services DIR: services www (IPv4) and www6 (IPv6), healthy while
# /run/ahc-healthy exists, their addresses on lo
ctr_services() {
	ctr ip addr add 10.52.12.1/32 dev lo
	ctr ip -6 addr add 2001:db8:52::1/128 dev lo
	ctr_service "$1" www 10.52.12.1/32
	ctr_service "$1" www6 2001:db8:52::1/128
}

ctr_service() {	# DIR NAME PREFIX
	printf '[%s]\ncheck_cmd = /usr/bin/test -e /run/ahc-healthy\nip_prefix = %s\ncheck_interval = 1\ncheck_timeout = 1\ncheck_rise = 2\ncheck_fail = 2\ncheck_disabled = false\n' \
	    "$2" "$3" | ctr sh -c "cat >$1/$2.conf"
}

ctr_both_learned() {
	ctr_learned 10.52.12.1/32 && ctr_learned 2001:db8:52::1/128
}

ctr_none_learned() {
	ctr_not_learned 10.52.12.1/32 && ctr_not_learned 2001:db8:52::1/128
}

# A check that flips: the router learns both prefixes while it passes,
# loses both while it fails, and learns them again.
ctr_flip() {
	ctr touch /run/ahc-healthy
	ctr_wait 40 ctr_both_learned || { echo "never learned" >&2; return 1; }
	ctr rm /run/ahc-healthy
	ctr_wait 40 ctr_none_learned || { echo "never withdrawn" >&2; return 1; }
	ctr touch /run/ahc-healthy
	ctr_wait 40 ctr_both_learned || { echo "never learned again" >&2; return 1; }
}

# The user the unit's main process runs as.
ctr_main_user() {
	ctr ps -o user= -p "$(ctr_main_pid)"
}

ctr_journal() {
	ctr journalctl -u anycast-healthchecker --no-pager -o cat
}

# What an install must show: the unit runs as its
# user, a flipping check reaches the peer, reload keeps the process and
# applies a change, stop is clean, -c works while stopped, and the log is
# in the journal.
ctr_scenario() {	# USER [SERVICE-DIR: add www and www6 there]
	local user=$1 pid added=0

	run ctr systemctl is-active anycast-healthchecker
	assert_output active
	run ctr_main_user
	assert_output "$user"

	ctr_wait 30 ctr_established
	# services come with a reload, not a restart
	pid=$(ctr_main_pid)
	if [ -n "${2:-}" ]; then
		ctr_services "$2"
		added=2
	fi
	ctr systemctl reload anycast-healthchecker
	ctr_flip
	[ "$(ctr_main_pid)" = "$pid" ]
	run ctr_journal
	assert_output --partial "reload: $added services added, 0 removed"
	assert_output --regexp "www +changed to DOWN"
	assert_output --partial "reconfigured BIRD daemon"
	refute_output --partial "no new privileges"

	ctr systemctl stop anycast-healthchecker
	run ctr systemctl show -p ActiveState -p Result anycast-healthchecker
	assert_line ActiveState=inactive
	assert_line Result=success
	# -c as the daemon's user, with the unit's options, while stopped
	run ctr runuser -u "$user" -- sh -c \
	    'for f in /etc/default/anycast-healthchecker \
	        /etc/sysconfig/anycast-healthchecker; do
	        [ -f $f ] && . $f
	    done
	    anycast-healthchecker -c $OPTIONS'
	assert_success
	assert_output OK
	# a stop withdraws nothing: BIRD still exports what it was given
	ctr_learned 10.52.12.1/32
}

setup() { ctr_setup; }
teardown() { ctr_teardown; }
