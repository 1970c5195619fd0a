#!/usr/bin/env bash
# Withdraw latency and the burst, in the BGP lab of the end-to-end tests.
# Prints a small report.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../tests/e2e/lab.bash
source "$here/../tests/e2e/lab.bash"
trap lab_down EXIT
lab_up >/dev/null

# Milliseconds since the epoch: now (a bash builtin, no fork), or of a
# "YYYY-MM-DD HH:MM:SS.mmm" local time as the logs write it.
now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }
log_ms() { date -d "${1/,/.}" +%s%3N; }

# One service, interval 0.2 s, fail 1: from the moment its check starts
# failing until the peer no longer has the route, by the peer's own log.
lab_assign 10.52.12.1/32
touch "$LAB/healthy"
lab_config <<<"loglevel = info"
lab_service w 10.52.12.1/32 "/usr/bin/test -e $LAB/healthy" </dev/null
lab_daemon_start
lab_wait 20 lab_learned 10.52.12.1/32
sleep 1
# The checks run on a fixed phase of the wall clock; the failures below
# start at moments spread evenly over it (stratified, not random), so
# the mean wait for the next check is interval/2 and not luck.
last=$(grep "running /usr/bin/test" "$LAB/daemon.log" | tail -n 1 | cut -c1-23)
phase=$(( $(log_ms "$last") % 200 ))
total=0
trials=20
for t in $(seq 0 $((trials - 1))); do
	touch "$LAB/healthy"
	lab_wait 20 lab_learned 10.52.12.1/32
	now=$(now_ms)
	at=$(( now + 1000 ))
	at=$(( at - (at - phase) % 200 + (t * 200 + 100) / trials ))
	sleep "$(printf '%d.%03d' $(( (at - now) / 1000 )) $(( (at - now) % 1000 )))"
	t0=$(now_ms)
	rm "$LAB/healthy"
	lab_wait 20 lab_not_learned 10.52.12.1/32
	gone=$(grep "h4.ipv4 > removed .* 10.52.12.1/32" "$LAB/bird/r.log" |
	    tail -n 1 | cut -c1-23)
	total=$(( total + $(log_ms "$gone") - t0 ))
done
lab_daemon_stop
echo "withdraw latency: mean $((total / trials)) ms over $trials trials (interval 200 ms, target <= 120 ms)"

# 40 services failing at once.
rm -f "$LAB"/d/*.conf
touch "$LAB/healthy"
for i in $(seq 1 40); do
	lab_assign "10.60.0.$i/32"
	lab_service "s$i" "10.60.0.$i/32" "/usr/bin/test -e $LAB/healthy" <<<"check_interval = 1"
done
lab_daemon_start
lab_wait 30 eval '[ "$(lab_learned_count)" = 40 ]'
sleep 1.5
before=$(lab_reconfigures)
t0=$(now_ms)
rm "$LAB/healthy"
lab_wait 30 eval '[ "$(lab_learned_count)" = 0 ]'
t1=$(grep "h4.ipv4 > removed .* 10.60.0." "$LAB/bird/r.log" | tail -n 1 |
    cut -c1-23)
t1=$(log_ms "$t1")
sleep 1.5
after=$(lab_reconfigures)
echo "burst: 40 services failing at once took $((after - before)) reconfigure(s) and $((t1 - t0)) ms until the peer had none (interval 1 s)"
