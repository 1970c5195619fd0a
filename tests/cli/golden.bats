#!/usr/bin/env bats
# Every case under cases/ through -P and -c, against its expected output
# (recorded from upstream 0.9.10; regenerate with `make golden`).

load helper

@test "golden cases: -P and -c output, stderr and exit code match" {
	run sh "$BATS_TEST_DIRNAME/golden.sh" check
	assert_success
	refute_output --partial FAIL
}

@test "golden cases: there is a case for each error upstream reports" {
	local n
	n=$(ls "$BATS_TEST_DIRNAME/cases" | grep -c '^err-')
	[ "$n" -ge 40 ]
}
