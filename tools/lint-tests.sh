#!/bin/sh
# In bats, a test fails on a command that fails, but bash's errexit
# ignores a negated command: a line "! cmd" that is not a test's last
# line can never fail it.  Refuse such lines; write "run ! cmd" or
# "! cmd || false" instead.
set -eu
cd "$(dirname "$0")/.."
bad=$(find tests -name '*.bats' -o -name '*.bash' | sort |
    xargs awk '/^[ \t]*![ \t]/ && !/\|\| *false *$/ {
	printf "%s:%d: %s\n", FILENAME, FNR, $0 }')
if [ -n "$bad" ]; then
	echo "negated commands that cannot fail a test (use 'run ! cmd' or '! cmd || false'):" >&2
	printf '%s\n' "$bad" >&2
	exit 1
fi
echo "tests: no negated command that cannot fail"
