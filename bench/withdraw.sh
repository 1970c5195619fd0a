#!/usr/bin/env bash
# Withdraw latency and the burst, in the BGP lab of the end-to-end tests.
# Prints a small report.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../tests/e2e/lab.bash
source "$here/../tests/e2e/lab.bash"
trap lab_down EXIT
lab_up >/dev/null

ms() { date +%s%3N; }

# One service, interval 0.2 s, fail 1: from the moment its check starts
# failing until the peer no longer has the route.
lab_assign 10.52.12.1/32
touch "$LAB/healthy"
lab_config <<<"loglevel = warning"
lab_service w 10.52.12.1/32 "/usr/bin/test -e $LAB/healthy" </dev/null
lab_daemon_start
total=0
trials=15
for t in $(seq 1 $trials); do
	touch "$LAB/healthy"
	lab_wait 20 lab_learned 10.52.12.1/32
	# a moment uniformly spread over the check's phase, to the ms
	sleep "1.$(printf %03d $((RANDOM % 1000)))"
	t0=$(ms)
	rm "$LAB/healthy"
	while lab_learned 10.52.12.1/32; do :; done
	t1=$(ms)
	total=$((total + t1 - t0))
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
t0=$(ms)
rm "$LAB/healthy"
lab_wait 30 eval '[ "$(lab_learned_count)" = 0 ]'
t1=$(ms)
sleep 1.5
after=$(lab_reconfigures)
echo "burst: 40 services failing at once took $((after - before)) reconfigure(s) and $((t1 - t0)) ms until the peer had none (interval 1 s)"
