#!/usr/bin/env bash
# make bench, built-in checks: CPU per check of check_http against
# check_cmd = curl on the same local server, and of check_tcp against
# check_cmd = /bin/true, side by side in one run; then 1,000 services with
# check_http every second: the schedule kept, and the peak RSS.  Prints
# rows for bench/results.md.  The server is Debian's nginx (tools/nginx.sh),
# one process in the same network namespace; only the daemon's CPU and its
# children's count.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
bin=$top/src/anycast-healthchecker
secs=${BENCH_SECONDS:-10}
work=$(mktemp -d /tmp/ahc-bench-checks.XXXXXX)
ns=ahc-bcheck-${work##*.}
srv=
# shellcheck source=bench/lib.bash
source "$here/lib.bash"

cleanup() {
	[ -z "$srv" ] || kill "$srv" 2>/dev/null
	ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null
	ip netns del "$ns" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

ngx=$("$top/tools/nginx.sh" "$top/build/nginx")
mkdir -p "$work/ngx/tmp"
cat >"$work/ngx/nginx.conf" <<-CONF
daemon off;
master_process off;
worker_processes 1;
pid nginx.pid;
events { worker_connections 4096; }
http {
	access_log off;
	keepalive_timeout 0;
	client_body_temp_path tmp; proxy_temp_path tmp; fastcgi_temp_path tmp;
	uwsgi_temp_path tmp; scgi_temp_path tmp;
	server {
		listen 127.0.0.1:18100 backlog=4096;
		location / { return 200 "ok\\n"; }
	}
}
CONF
ip netns add "$ns"
ip netns exec "$ns" ip link set lo up
ip netns exec "$ns" "$ngx" -p "$work/ngx/" -c "$work/ngx/nginx.conf" \
    -e "$work/ngx/error.log" </dev/null >/dev/null 2>&1 &
srv=$!
for _ in $(seq 50); do
	ip netns exec "$ns" curl -sf -o /dev/null http://127.0.0.1:18100/ && break
	sleep 0.1
done
ip netns exec "$ns" curl -sf -o /dev/null http://127.0.0.1:18100/ || {
	cat "$work/ngx/error.log" >&2
	exit 1
}

# run N LINES...: N services with these check lines; prints
# "CPU-per-check-µs runs/expected peak-RSS-MB"
run() {
	local n=$1 log=$work/run/ahc.log
	shift
	bench_config "$work/run" "$n" "ip_check_disabled = true" "$@"
	bench_window "$ns" "$work/run" "$secs" \
	    "status UP\\|status DOWN\\|going \\|changed to"
	grep -q "status UP" "$log" || echo "warning: no check passed" >&2
	bench_stop
	awk -v cpu="$BW_CPU" -v r="$BW_RUNS" -v n="$n" -v secs="$(bench_rounds)" \
	    -v rss="$BW_RSS" 'BEGIN {
		printf "%.1f %.3f %.1f", r ? cpu / r * 1e6 : 0,
		    r / (n * secs), rss / 1024 }'
}

url=http://127.0.0.1:18100/
set -- $(run 100 "check_http = $url")
http=$1
set -- $(run 100 "check_cmd = /usr/bin/curl -A anycast-healthchecker --fail --silent -o /dev/null $url")
curl=$1
set -- $(run 100 "check_tcp = 127.0.0.1:18100")
tcp=$1
set -- $(run 100 "check_cmd = /bin/true")
true_=$1
set -- $(run 1000 "check_http = $url")
sched=$2 rss_http=$3
set -- $(run 1000 "check_cmd = /bin/true")
rss_true=$3

awk -v http="$http" -v curl="$curl" -v tcp="$tcp" -v t="$true_" \
    -v sched="$sched" -v rh="$rss_http" -v rt="$rss_true" 'BEGIN {
	printf "| check_http | %.1f | check_cmd = curl | %.1f | %.3f | ≤ 0.04 |\n",
	    http, curl, curl ? http / curl : 0
	printf "| check_tcp | %.1f | check_cmd = /bin/true | %.1f | %.3f | ≤ 0.2 |\n",
	    tcp, t, t ? tcp / t : 0
	printf "\n1,000 services with check_http every 1 s: %.3f of expected checks (target ≥ 0.99); peak RSS %.1f MB against %.1f MB with /bin/true (%.2f ×, target ≤ 1.5).\n",
	    sched, rh, rt, rt ? rh / rt : 0
}'
