# Shared setup for the CLI tests.
bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
BIN=${BIN:-$TOP/src/anycast-healthchecker}
EXPECTED=$BATS_TEST_DIRNAME/expected

# A minimal valid setup in a private directory: $W/main.conf and $W/d/.
make_setup() {
	W=$(mktemp -d "$BATS_TMPDIR/ahc.XXXXXX")
	mkdir -p "$W/d"
	cat >"$W/main.conf" <<-CONF
	[daemon]
	pidfile = $W/ahc.pid
	bird_conf = $W/bird/4.conf
	bird6_conf = $W/bird/6.conf
	CONF
	mkdir -p "$W/bird"
}

add_service() {	# name prefix [file]
	printf '[%s]\ncheck_cmd = /bin/true\nip_prefix = %s\n' "$1" "$2" \
	    >>"$W/d/${3:-$1.conf}"
}

teardown() {
	[ -n "${W:-}" ] && rm -rf "$W"
	return 0
}
