#!/usr/bin/env bats
# What -c must refuse that upstream lets through, each case found by an
# adversarial review; every one of these passed -c before.

load helper

setup() {
	make_setup
}

# check OPTION=VALUE [section]: -c with one service whose option is set
check_service_opt() {
	add_service svc 10.52.12.1/32
	printf '%s\n' "$1" >>"$W/d/svc.conf"
	run "$BIN" -c -f "$W/main.conf" -d "$W/d"
}

@test "intervals and timeouts must be finite and greater than 0" {
	for opt in check_interval check_timeout custom_bird_reconfigure_cmd_timeout; do
		for v in 0 -5 nan inf -inf 1e10; do
			rm -f "$W"/d/*
			check_service_opt "$opt = $v"
			assert_failure 1
			assert_output "Invalid configuration: invalid data for '$opt' option in service check svc: $v is not a number of seconds greater than 0 and at most 1000000"
		done
	done
	rm -f "$W"/d/*
	check_service_opt "check_interval = 0.05"
	assert_success
}

@test "splay_startup and http_server_timeout have their bounds too" {
	add_service svc 10.52.12.1/32
	for v in -1 nan 1e300; do
		cp "$W/main.conf" "$W/m.conf"
		echo "splay_startup = $v" >>"$W/m.conf"
		run "$BIN" -c -f "$W/m.conf" -d "$W/d"
		assert_failure 1
		assert_output "Invalid configuration: invalid data for 'splay_startup' option in daemon section: $v is not a number of seconds from 0 to 1000000"
	done
	echo "splay_startup = 0" >>"$W/main.conf"
	run "$BIN" -c -f "$W/main.conf" -d "$W/d"
	assert_success
	printf 'json_logging = true\nhttp_server = 127.0.0.1\nhttp_server_port = 8080\nhttp_server_protocol = http\nhttp_server_timeout = 1e300\n' >>"$W/main.conf"
	run "$BIN" -c -f "$W/main.conf" -d "$W/d"
	assert_failure 1
	assert_output "Invalid configuration: invalid data for 'http_server_timeout' option in daemon section: 1e300 is not a number of seconds greater than 0 and at most 1000000"
}

@test "a prefix with an IPv6 zone index never reaches BIRD" {
	echo "ipv6 = true" >>"$W/main.conf"
	printf '[z]\ncheck_cmd = /bin/true\nip_prefix = fe80::%%%%a"]; include "inject.conf"; define X = [::1/128\n' >"$W/d/z.conf"
	run "$BIN" -c -f "$W/main.conf" -d "$W/d"
	assert_failure 1
	assert_output "Invalid configuration: invalid value (fe80::%a\"]; include \"inject.conf\"; define X = [::1/128) for 'ip_prefix' option in service check z: BIRD takes no IPv6 zone index"
	echo "dummy_ip6_prefix = fe80::1%%lo/128" >>"$W/main.conf"
	rm "$W/d/z.conf"
	run "$BIN" -c -f "$W/main.conf" -d "$W/d"
	assert_failure 1
	assert_output "Invalid configuration: invalid dummy IPv6 prefix: fe80::1%lo/128: BIRD takes no IPv6 zone index"
}

@test "bird_variable and bird6_variable must be BIRD symbol names" {
	add_service svc 10.52.12.1/32
	for v in 'X]; include "/etc/shadow' 1ABC a-b net where ipv4 RTS_STATIC; do
		cp "$W/main.conf" "$W/m.conf"
		printf 'bird_variable = %s\n' "$v" >>"$W/m.conf"
		run "$BIN" -c -f "$W/m.conf" -d "$W/d"
		assert_failure 1
		assert_output "Invalid configuration: invalid value ($v) for 'bird_variable' option in daemon section: a BIRD symbol name is a letter or '_' followed by letters, digits or '_', and not a BIRD keyword"
	done
	for v in ACAST_PS_ADVERTISE _x1 Where my_prefixes; do
		cp "$W/main.conf" "$W/m.conf"
		printf 'bird_variable = %s\nbird6_variable = %s6\nipv6 = true\n' "$v" "$v" >>"$W/m.conf"
		run "$BIN" -c -f "$W/m.conf" -d "$W/d"
		assert_success
	done
}

@test "a service prefix equal to the dummy prefix is refused" {
	add_service svc 10.189.200.255
	run "$BIN" -c -f "$W/main.conf" -d "$W/d"
	assert_failure 1
	assert_output "Invalid configuration: invalid value (10.189.200.255) for 'ip_prefix' option in service check svc: it is the dummy IP prefix, which is always announced"
}

@test "a FIFO at bird_conf is refused at once, with or without a reader" {
	add_service svc 10.52.12.1/32
	mkfifo "$W/bird/4.conf"
	run timeout 10 "$BIN" -c -f "$W/main.conf" -d "$W/d"
	assert_failure 1
	assert_output "Invalid configuration: failed to create $W/bird/4.conf: it is not a regular file"
	sleep 30 <"$W/bird/4.conf" &
	reader=$!
	run timeout 10 "$BIN" -c -f "$W/main.conf" -d "$W/d"
	kill "$reader"
	assert_failure 1
	assert_output "Invalid configuration: failed to create $W/bird/4.conf: it is not a regular file"
}

@test "a history directory that is a symbolic link is refused" {
	add_service svc 10.52.12.1/32
	echo "bird_keep_changes = true" >>"$W/main.conf"
	mkdir "$W/theirs"
	ln -s "$W/theirs" "$W/bird/history"
	run "$BIN" -c -f "$W/main.conf" -d "$W/d"
	assert_failure 1
	assert_output "Invalid configuration: $W/bird/history must be a directory, not a symbolic link: old files are deleted there"
}

@test "bird_conf through another user's link in a sticky world-writable directory is not followed" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to act as another user"
	add_service svc 10.52.12.1/32
	chmod 755 "$W"
	mkdir -m 1777 "$W/tmp"
	printf 'root only\n' >"$W/secret"
	chmod 600 "$W/secret"
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
	    ln -s "$W/secret" "$W/tmp/4.conf"
	sed -i "s|^bird_conf = .*|bird_conf = $W/tmp/4.conf|" "$W/main.conf"
	run "$BIN" -c -f "$W/main.conf" -d "$W/d"
	assert_failure 1
	assert_output "Invalid configuration: 'bird_conf' is set to $W/tmp/4.conf, which leads through a symbolic link in a sticky world-writable directory that belongs to another user: not followed"
	[ "$(cat "$W/secret")" = "root only" ]
	# root's own link there is followed, as the kernel would
	rm "$W/tmp/4.conf"
	ln -s "$W/secret" "$W/tmp/4.conf"
	run "$BIN" -c -f "$W/main.conf" -d "$W/d"
	assert_success
}

# CPU seconds (user and system) -c takes for N services, the least of three
# runs: CPU time, unlike wall time, does not grow when the machine is busy.
check_time() {
	local i
	for i in $(seq 1 "$1"); do
		printf '[s%d]\ncheck_cmd = /bin/true\nip_prefix = 10.%d.%d.%d/32\n' \
		    "$i" $((i / 62500)) $((i / 250 % 250)) $((i % 250 + 1))
	done >"$W/d/many.conf"
	python3 - "$BIN" -c -f "$W/main.conf" -d "$W/d" <<-'EOF'
	import resource, subprocess, sys
	best = None
	for _ in range(3):
	    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
	    subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
	    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
	    t = r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime
	    best = t if best is None else min(best, t)
	print("%.4f" % best)
	EOF
}

@test "-c grows linearly with the number of services" {
	small=$(check_time 3000)
	large=$(check_time 30000)
	echo "3,000 services: $small s of CPU; 30,000: $large s"
	# ten times the services: linear is about 10, quadratic about 100
	awk -v s="$small" -v l="$large" 'BEGIN { exit !(l < 30 * (s > 0.005 ? s : 0.005)) }'
}

@test "an interpolation that would expand past 1 MiB is refused, in bounded memory" {
	{
		echo "[DEFAULT]"
		echo "k8 = xxxxxxxxxxxxxxxxxxxx"
		for d in 7 6 5 4 3 2 1 0; do
			printf 'k%d = ' "$d"
			for i in 1 2 3 4 5 6 7 8 9 10; do printf '%%(k%d)s' $((d + 1)); done
			echo
		done
		printf '[bomb]\ncheck_cmd = /bin/true %%(k0)s\nip_prefix = 10.1.1.1\n'
	} >"$W/d/bomb.conf"
	run /usr/bin/time -f "%M kB" timeout 20 "$BIN" -c -f "$W/main.conf" -d "$W/d"
	assert_failure 1
	assert_line --index 0 "Invalid configuration: option 'check_cmd' in section 'bomb' expands to more than 1048576 bytes or takes more than 1000000 substitutions"
	kb=$(echo "$output" | sed -n 's/ kB$//p')
	echo "peak RSS: $kb kB"
	[ "$kb" -lt 65536 ]
}
