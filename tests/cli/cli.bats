#!/usr/bin/env bats
# The command line: flags, usage errors, and what -c and -P touch.

load helper

@test "-p prints upstream's defaults byte for byte" {
	run --separate-stderr "$BIN" -p
	assert_success
	diff -u "$EXPECTED/defaults.txt" <("$BIN" -p)
}

@test "--print is -p and ignores every other setting" {
	diff -u "$EXPECTED/defaults.txt" <("$BIN" --print -f /nonexistent)
}

@test "-v and --version print the version" {
	run "$BIN" -v
	assert_success
	assert_output "0.9.10"
	run "$BIN" --version
	assert_output "0.9.10"
}

@test "-h shows the usage line and every option" {
	run "$BIN" -h
	assert_success
	assert_line "    anycast-healthchecker [ -f <file> -c -p -P ] [ -d <directory> | -F <file> ]"
	for o in --file --dir --service-file --check --print --print-conf \
	    --status --json --version --help; do
		assert_output --partial -- "$o"
	done
}

@test "-d with -F is a usage error, as docopt makes it" {
	run --separate-stderr "$BIN" -d a -F b
	assert_failure 1
	assert_output ""
	diff -u "$EXPECTED/usage.txt" <("$BIN" -d a -F b 2>&1)
}

@test "unknown option, stray argument and repeated option are usage errors" {
	for args in "-x" "--bogus" "stray" "-f a -f b" "-c -c"; do
		# shellcheck disable=SC2086
		run "$BIN" $args
		assert_failure 1
		assert_output "$(cat "$EXPECTED/usage.txt")"
	done
}

@test "a missing option argument is named" {
	run "$BIN" -f
	assert_failure 1
	assert_line --index 0 "-f requires argument"
	assert_line --index 1 "Usage:"
}

# Recorded from upstream 0.9.10: docopt names a long option by its full
# name, also when it was given as a prefix.
@test "a long option's errors name it as docopt does" {
	local args want
	while IFS='|' read -r args want; do
		# shellcheck disable=SC2086
		run "$BIN" $args
		assert_failure 1
		assert_line --index 0 "$want"
		assert_line --index 1 "Usage:"
	done <<-'EOF'
	--file|--file requires argument
	--fil|--file requires argument
	--check --file|--file requires argument
	--service-file|--service-file requires argument
	--dir|--dir requires argument
	--check=yes|--check must not have an argument
	--che=yes|--check must not have an argument
	--print-conf=x|--print-conf must not have an argument
	--print-c=1|--print-conf must not have an argument
	--print=1|--print must not have an argument
	--version=2|--version must not have an argument
	--help=x|--help must not have an argument
	-x --check=yes|--check must not have an argument
	--check=yes --file|--check must not have an argument
	EOF
}

@test "an ambiguous long option lists the candidates" {
	run "$BIN" --pr
	assert_failure 1
	assert_line --index 0 "--pr is not a unique prefix: --print, --print-conf?"
}

@test "long options, = forms and unique prefixes work" {
	make_setup
	add_service svc 10.0.0.1
	run "$BIN" --file="$W/main.conf" --dir "$W/d" --check
	assert_success
	assert_output "OK"
	run "$BIN" --fi "$W/main.conf" --serv "$W/d/svc.conf" --ch
	assert_success
	assert_output "OK"
}

@test "-c wins over -P, as upstream checks it first" {
	make_setup
	run "$BIN" -f "$W/main.conf" -d "$W/d" -c -P
	assert_success
	assert_output "OK"
}

@test "errors go to stderr only, with exit code 1" {
	run --separate-stderr "$BIN" -f /nonexistent.conf -c
	assert_failure 1
	assert_output ""
	[ "$stderr" = "Invalid configuration: /nonexistent.conf configuration file either isn't readable or doesn't exist" ]
}

@test "-c creates the BIRD file and history directory, and nothing else" {
	make_setup
	cat >>"$W/main.conf" <<-CONF
	log_file = $W/logs/ahc.log
	stderr_file = $W/logs/stderr.log
	ipv6 = true
	bird6_keep_changes = true
	CONF
	mkdir "$W/logs"
	printf '[svc]\ncheck_cmd = /usr/bin/touch %s/check-ran\nip_prefix = 10.0.0.1\n' \
	    "$W" >"$W/d/svc.conf"
	run "$BIN" -f "$W/main.conf" -d "$W/d" -c
	assert_success
	assert_line "$W/bird/history is created"
	assert_line "OK"
	[ -f "$W/bird/4.conf" ] && [ ! -s "$W/bird/4.conf" ]
	[ -f "$W/bird/6.conf" ]
	[ -d "$W/bird/history" ]
	# upstream would have run the check and touched the log files
	[ ! -e "$W/check-ran" ]
	[ -z "$(ls -A "$W/logs")" ]
	[ ! -e "$W/ahc.pid" ]
}

@test "-P leaves an existing BIRD file's content alone" {
	make_setup
	printf 'define ACAST_PS_ADVERTISE =\n    [\n        10.189.200.255/32\n    ];\n' \
	    >"$W/bird/4.conf"
	cp "$W/bird/4.conf" "$W/before"
	run "$BIN" -f "$W/main.conf" -d "$W/d" -P
	assert_success
	cmp "$W/before" "$W/bird/4.conf"
}

@test "service files are read in directory order, as upstream's glob does" {
	make_setup
	i=0
	for n in zeta alpha mid beta omega; do
		i=$((i + 1))
		add_service "$n" "10.0.1.$i" "$n.conf"
	done
	expected=$(find "$W/d" -maxdepth 1 -name '*.conf' -printf '%f\n' |
	    sed 's/\.conf$//')
	got=$("$BIN" -f "$W/main.conf" -d "$W/d" -P | sed -n 's/^\[\(.*\)\]$/\1/p' |
	    grep -v -e DEFAULT -e daemon)
	[ "$expected" = "$got" ]
}

@test "a later file overrides an earlier one, and DEFAULT reaches [daemon]" {
	make_setup
	add_service svc 10.0.0.1
	printf '[DEFAULT]\nloglevel = error\n[svc]\ncheck_rise = 7\n' >"$W/d/zz.conf"
	run "$BIN" -f "$W/main.conf" -d "$W/d" -P
	assert_success
	last=$(find "$W/d" -maxdepth 1 -name '*.conf' -printf '%f\n' | tail -1)
	if [ "$last" = zz.conf ]; then
		assert_line "check_rise = 7"
	fi
	# [daemon] has no loglevel of its own in the file, only the built-in
	# default, which wins over DEFAULT as in configparser
	assert_line "loglevel = debug"
	assert_line "loglevel = error"
}

@test "only *.conf files are read, hidden ones are not" {
	make_setup
	add_service svc 10.0.0.1
	printf '[skipped]\ncheck_cmd = /bin/true\nip_prefix = 10.0.0.2\n' >"$W/d/.hidden.conf"
	printf 'garbage\n' >"$W/d/README"
	printf 'garbage\n' >"$W/d/svc.conf.bak"
	run "$BIN" -f "$W/main.conf" -d "$W/d" -P
	assert_success
	refute_output --partial "[skipped]"
}

@test "a 100 KB check_cmd line is read whole" {
	make_setup
	long=$(head -c 100000 /dev/zero | tr '\0' x)
	printf '[svc]\ncheck_cmd = /bin/echo %s\nip_prefix = 10.0.0.1\n' "$long" >"$W/d/svc.conf"
	run "$BIN" -f "$W/main.conf" -d "$W/d" -P
	assert_success
	assert_line "check_cmd = /bin/echo $long"
}

@test "many services in one file still validate" {
	make_setup
	for i in $(seq 0 1999); do
		printf '[s%d]\ncheck_cmd = /bin/true\nip_prefix = 10.%d.%d.1\n' \
		    "$i" $((i / 256)) $((i % 256))
	done >"$W/d/many.conf"
	run "$BIN" -f "$W/main.conf" -d "$W/d" -c
	assert_success
	assert_output "OK"
}

@test "the example config and service files pass -c" {
	W=$(mktemp -d "$BATS_TMPDIR/ahc.XXXXXX")
	sed -e "s|/var/run/anycast-healthchecker/|$W/|" \
	    -e "s|/var/lib/anycast-healthchecker/|$W/|" \
	    "$TOP/anycast-healthchecker.conf.example" >"$W/main.conf"
	mkdir "$W/6"
	run "$BIN" -f "$W/main.conf" -d "$TOP/anycast-healthchecker.d" -c
	assert_success
	assert_output "OK"
	# and -P shows every service file's section
	run "$BIN" -f "$W/main.conf" -d "$TOP/anycast-healthchecker.d" -P
	assert_line "[dns.example.net]"
	assert_line "[www.example.net]"
}

# Every option the daemon reads: the validator's rule tables, the options
# it reads by name, and the check kinds.
options_read() {
	{
		grep -ho '{ "[a-z0-9_]*", T_' "$TOP"/src/*.c "$TOP"/src/*/*.c |
		    sed 's/{ "\([a-z0-9_]*\)".*/\1/'
		grep -ho 'config_\(has\|get[a-z]*\)(cfg, [a-z"]*, "[a-z0-9_]*"' \
		    "$TOP"/src/*.c "$TOP"/src/*/*.c | sed 's/.*, "\([a-z0-9_]*\)"$/\1/'
		grep -ho '"check_[a-z]*", "[a-z]*", [a-z]*_parse' "$TOP"/src/*.c "$TOP"/src/*/*.c |
		    sed 's/"\(check_[a-z]*\)".*/\1/'
	} | sort -u
}

@test "every option the daemon reads is in README.rst and the man page" {
	local o missing=
	[ "$(options_read | wc -l)" -ge 55 ]
	for o in $(options_read); do
		grep -q "\`\`$o\`\`\|^$o  " "$TOP/README.rst" ||
		    missing="$missing README:$o"
		grep -q "^\.It Cm $o\b\|^\.Cm $o\b\|Cm .*\b$o\b" \
		    "$TOP/man/anycast-healthchecker.8" || missing="$missing man:$o"
	done
	[ -z "$missing" ] || { echo "undocumented:$missing"; false; }
}
