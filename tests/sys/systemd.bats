#!/usr/bin/env bats
# The unit under a booted systemd (PID 1) in a container, installed by the
# README's own shell blocks, against BIRD 2 configured with contrib/bird:
# the default path (user healthchecker, sudo birdc configure) and the
# no-sudo drop-in.  What counts is the route a BGP peer learns.

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load ctr

@test "from source, the README's steps: user healthchecker, sudo birdc, reload, stop, -c, journal" {
	ctr_block source-install source-setup bird2
	# glibc's per-thread cache is off in the daemon (see the unit)
	run ctr sh -c "tr '\\0' '\\n' </proc/$(ctr_main_pid)/environ"
	assert_line GLIBC_TUNABLES=glibc.malloc.tcache_count=0
	ctr_scenario healthchecker /etc/anycast-healthchecker.d
	run ctr systemctl show -p NoNewPrivileges --value anycast-healthchecker
	assert_output no
}

@test "from source with the no-sudo drop-in: BIRD's group, no sudo at all, full sandboxing" {
	ctr_block source-install source-setup no-sudo bird2
	# nothing can go through sudo now
	ctr rm /etc/sudoers.d/anycast-healthchecker
	run ctr sh -c "grep -c '^NoNewPrivs:.*1' /proc/$(ctr_main_pid)/status"
	assert_output 1
	run ctr ps -o supgrp= -p "$(ctr_main_pid)"
	assert_output --partial bird
	id=$(ctr systemctl show -p InvocationID --value anycast-healthchecker)
	ctr_scenario healthchecker /etc/anycast-healthchecker.d
	# what this run of the unit logged, sudo's own lines included
	run ctr journalctl --no-pager -o cat _SYSTEMD_INVOCATION_ID="$id"
	assert_output --partial "reconfiguring BIRD by running /usr/sbin/birdc configure"
	refute_output --regexp 'running sudo|sudo\['
}
