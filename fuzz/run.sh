#!/bin/sh
# make fuzz: run every libFuzzer target for FUZZ_TIME seconds (default
# 60) on a corpus seeded from the test configs, and print how many
# executions each survived.  A crash stops with the reproducer's path.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
time=${FUZZ_TIME:-60}
targets=${FUZZ_TARGETS:-config plist shlex}
work=$top/build/fuzz
mkdir -p "$work/corpus/config" "$work/corpus/plist" "$work/corpus/shlex" \
    "$work/crashes"

# seeds: every config of the golden cases and the examples, every BIRD
# file form, every check_cmd
find "$top/tests/cli/cases" "$top/anycast-healthchecker.d" -name '*.conf' \
    -exec cp {} "$work/corpus/config/" \; 2>/dev/null || true
cp "$top/anycast-healthchecker.conf.example" "$work/corpus/config/"
i=0
for f in "$top"/tests/cli/cases/*/anycast-healthchecker.conf; do
	i=$((i + 1))
	cp "$f" "$work/corpus/config/main-$i.conf"
done
printf 'define ACAST_PS_ADVERTISE =\n    [\n        10.189.200.255/32,\n        10.52.12.1/32\n    ];\n' \
    >"$work/corpus/plist/seed"
grep -h '^check_cmd' "$top"/tests/cli/cases/*/d/*.conf 2>/dev/null |
    sed 's/^check_cmd *[=:] *//' | while read -r cmd; do
	i=$((i + 1))
	printf '%s' "$cmd" >"$work/corpus/shlex/seed-$i"
done

status=0
for t in $targets; do
	log=$work/$t.log
	if ! "$work/fuzz_$t" -max_total_time="$time" -max_len=4096 \
	    -artifact_prefix="$work/crashes/$t-" -print_final_stats=1 \
	    "$work/corpus/$t" >"$log" 2>&1; then
		echo "fuzz_$t: FAILED, see $log and $work/crashes/"
		status=1
		continue
	fi
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" \
	    2>/dev/null || true)
	echo "fuzz_$t: $runs executions in ${time}s, no crash"
done
exit $status
