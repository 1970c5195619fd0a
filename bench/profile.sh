#!/usr/bin/env bash
# Where a check's CPU goes: N services check /bin/true every second (the
# IP check on), and for SECS seconds each the daemon is watched by
#   perf stat    context switches, migrations and page faults per check;
#   perf record  the CPU split between the daemon's threads and the checks;
#   strace -c    the daemon's own system calls per check (children apart).
# Needs root (a network namespace) and perf.  Prints a small report.
#
#   bash bench/profile.sh [N] [SECS]      (default 100 services, 5 s)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
bin=$top/src/anycast-healthchecker
n=${1:-100}
secs=${2:-5}
work=$(mktemp -d /tmp/ahc-prof.XXXXXX)
ns=ahc-prof-${work##*.}
pid=
stop() {
	[ -z "$pid" ] || { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }
	ip netns del "$ns" 2>/dev/null
	rm -rf "$work"
}
trap stop EXIT

# shellcheck source=bench/lib.bash
source "$here/lib.bash"
command -v perf >/dev/null || { echo "profile: needs perf" >&2; exit 1; }
command -v strace >/dev/null || { echo "profile: needs strace" >&2; exit 1; }

ip netns add "$ns"
ip netns exec "$ns" ip link set lo up
for i in $(seq 1 "$n"); do
	echo "address add 10.$((i / 65536 + 100)).$((i / 256 % 256)).$((i % 256))/32 dev lo"
done | ip netns exec "$ns" ip -batch -
bench_config "$work/run" "$n" "check_cmd = /bin/true"
log=$work/run/ahc.log
ip netns exec "$ns" "$bin" -f "$work/run/main.conf" -d "$work/run/d" \
    >/dev/null 2>&1 &
pid=$!
sleep 3.5

# checks done while CMD ran
during() {
	local a b
	a=$(grep -c "check duration" "$log" || true)
	"$@" || true	# timeout ends strace with a status of its own
	b=$(grep -c "check duration" "$log" || true)
	echo $((b - a))
}

c=$(during perf stat -x, -e context-switches,cpu-migrations,page-faults \
    -p "$pid" -o "$work/stat" -- sleep "$secs")
echo "perf stat, the daemon and its checks, $c checks in $secs s, per check:"
awk -F, -v c="$c" '$3 ~ /^[a-z-]+$/ && c > 0 {
	printf "  %-18s %8.2f\n", $3, $1 / c }' "$work/stat"

c=$(during perf record -q -e cpu-clock -g -p "$pid" -o "$work/perf.data" \
    -- sleep "$secs" 2>/dev/null)
echo "perf record (cpu-clock), $c checks: share of the samples"
perf report -i "$work/perf.data" --no-children --sort comm -q -g none \
    2>/dev/null | awk '{
	share = $1; sub(/%/, "", share)
	if ($2 == "true") chk += share; else own += share
} END {
	printf "  %-18s %7.1f %%\n  %-18s %7.1f %%\n", "the checks", chk,
	    "the daemon", own
	if (chk > 0)
		printf "  %-18s %7.2f\n", "daemon / checks", own / chk
}'
echo "  the checks' hottest kernel symbols:"
perf report -i "$work/perf.data" --no-children --comm true --sort sym -q \
    -g none 2>/dev/null | head -n 6 | sed 's/^/   /'

# every thread of the daemon, and not the checks: no -f
c=$(during timeout -s INT "$secs" strace -c -e 'trace=!execve' \
    -o "$work/strace" -p "$(ls "/proc/$pid/task" | tr '\n' ',' |
    sed 's/,$//')" 2>/dev/null)
echo "strace -c, the daemon's system calls, $c checks: per check"
awk -v c="$c" '$NF ~ /^[a-z_0-9]+$/ && $4 ~ /^[0-9]+$/ && c > 0 &&
    $NF != "total" { printf "  %-18s %8.2f\n", $NF, $4 / c }' \
    "$work/strace" | sort -k2 -rn | head -n 15

