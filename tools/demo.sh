#!/usr/bin/env bash
# make demo: the daemon against a real BIRD 2, in two network namespaces.
#
# A "host" namespace runs BIRD 2 and anycast-healthchecker with one
# service, www, whose address 10.52.12.1/32 is on lo; a "router"
# namespace runs the BIRD 2 peer.  We watch the router learn the route
# while the check passes and lose it when the check fails.  Needs root.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=../tests/e2e/lab.bash
source "$top/tests/e2e/lab.bash"

step() { printf '\n==> %s\n' "$*"; }
router_routes() {
	if [ "$(lab_learned_count)" = 0 ]; then
		echo "    router: (no routes from the host)"
		return
	fi
	lab_birdc r show route protocol h4 | sed -n '/^[0-9]/p' |
	    sed 's/^/    router: /'
}

[ "$(id -u)" -eq 0 ] || { echo "make demo needs root" >&2; exit 1; }
trap lab_down EXIT

step "creating namespaces host and router, with a BIRD 2 each"
lab_up
echo "    BGP session host <-> router: Established"

step "service www: 10.52.12.1/32 on lo, healthy while a flag file exists"
lab_assign 10.52.12.1/32
touch "$LAB/healthy"
lab_config </dev/null
printf 'check_interval = 1\ncheck_rise = 2\ncheck_fail = 2\n' |
    lab_service www 10.52.12.1/32 "/usr/bin/test -e $LAB/healthy"
sed 's/^/    /' "$LAB/d/www.conf"
echo "    -c says: $("$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c)"
lab_daemon_start
echo "    daemon running, pid $LAB_DAEMON_PID"

step "waiting for two passing checks (check_rise = 2)"
lab_wait 30 lab_learned 10.52.12.1/32
router_routes
echo "    the include file BIRD reads:"
sed 's/^/      /' "$LAB/bird/prefixes4.conf"

step "the check starts failing (the flag file is removed)"
rm "$LAB/healthy"
lab_wait 30 lab_not_learned 10.52.12.1/32
router_routes

step "what the daemon logged"
grep -E "changed to|announcing|withdrawing|reconfigured BIRD" \
    "$LAB/daemon.log" | cut -c 12- | sed 's/^/    /'

step "cleaning up: daemon, BIRDs and namespaces"
