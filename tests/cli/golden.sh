#!/bin/sh
# Golden-file runner for the configuration cases under tests/cli/cases.
#
#   golden.sh check [case...]   compare with the expected files (default)
#   golden.sh regen [case...]   rewrite the expected files
#
# A case is a directory holding anycast-healthchecker.conf and, optionally,
# a service directory d/ (read with -d), a file args (extra arguments,
# replacing "-d d"), and setup (a shell snippet run in the work directory
# before the binary, for symlinks and permissions).  "@TMP@" in any file
# stands for a fresh work directory, so cases can name real paths; it is
# put back in the output.  Each of -P and -c is run and its exit code,
# stdout and stderr are kept in expect.P and expect.c.
#
# BIN selects the binary (default: src/anycast-healthchecker).
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
bin=${BIN:-$top/src/anycast-healthchecker}
mode=${1:-check}
[ $# -gt 0 ] && shift

if [ $# -gt 0 ]; then
	cases="$*"
else
	cases=$(cd "$here/cases" && ls)
fi

fail=0
passed=0
failed=0
for c in $cases; do
	src="$here/cases/$c"
	for flag in P c; do
		work=$(mktemp -d /tmp/ahc-golden.XXXXXX)
		cp -R "$src/." "$work/"
		# git keeps no empty directories; a case may have no services
		mkdir -p "$work/d"
		find "$work" -type f -exec sed -i "s|@TMP@|$work|g" {} +
		args="-d d"
		[ -f "$work/args" ] && args=$(cat "$work/args")
		[ -f "$work/setup" ] && (cd "$work" && sh ./setup)
		out=$(mktemp)
		(
			cd "$work" || exit 1
			# args are split on spaces, never globbed: "-d e[1]"
			set -f
			# shellcheck disable=SC2086
			"$bin" -f anycast-healthchecker.conf $args -$flag \
			    >stdout 2>stderr
			echo "rc=$?"
			echo "--- stdout"
			cat stdout
			echo "--- stderr"
			cat stderr
		) | sed "s|$work|@TMP@|g" >"$out"
		if [ "$mode" = regen ]; then
			cp "$out" "$src/expect.$flag"
		elif ! diff -u "$src/expect.$flag" "$out"; then
			echo "FAIL: $c -$flag"
			fail=1
			failed=$((failed + 1))
		else
			passed=$((passed + 1))
		fi
		rm -rf "$work" "$out"
	done
done
[ "$mode" = regen ] || echo "golden: $passed passed, $failed failed"
exit $fail
