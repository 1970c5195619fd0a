# For `make e2e-san`: the daemon is the sanitizer build, and a report
# from it anywhere fails the test that ran it.  A report goes to a file,
# not only to stderr, so that one from a daemon that a test only stops
# or kills is not lost.

# san_setup DIR: reports will be written under DIR/san
san_setup() {
	[ -n "${LAB_SAN:-}" ] || return 0
	mkdir -p "$1/san"
	# the daemon may run as another user
	chmod 1777 "$1/san"
	export ASAN_OPTIONS="log_path=$1/san/asan:detect_leaks=0:abort_on_error=1"
	export UBSAN_OPTIONS="log_path=$1/san/ubsan:print_stacktrace=1:halt_on_error=1"
}

# san_check DIR: fail, showing them, if there are reports
san_check() {
	[ -n "${LAB_SAN:-}" ] && [ -d "$1/san" ] || return 0
	[ -z "$(ls -A "$1/san")" ] && return 0
	cat "$1"/san/* >&3
	return 1
}

# A test that cannot mean anything under ASan: valgrind, RSS bounds.
san_skip() {
	[ -z "${LAB_SAN:-}" ] || skip "not under the sanitizer build: $1"
}
