#!/usr/bin/env bats
# The unit under a booted systemd (PID 1) in a container, installed by the
# README's own shell blocks, against BIRD 2 configured with contrib/bird:
# the default path (user healthchecker, sudo birdc configure) and the
# no-sudo drop-in.  What counts is the route a BGP peer learns.

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load ctr

# What both variants must show once installed: the unit runs as its
# user, a flipping check reaches the peer, reload keeps the process and
# applies a change, stop is clean, -c works while stopped, and the log is
# in the journal.
scenario() {
	local user=$1 pid

	run ctr systemctl is-active anycast-healthchecker
	assert_output active
	run ctr_main_user
	assert_output "$user"

	ctr_wait 30 ctr_established
	# services come with a reload, not a restart
	pid=$(ctr_main_pid)
	ctr_services /etc/anycast-healthchecker.d
	ctr systemctl reload anycast-healthchecker
	ctr_flip
	[ "$(ctr_main_pid)" = "$pid" ]
	run ctr_journal
	assert_output --partial "reload: 2 services added, 0 removed"
	assert_output --regexp "www +changed to DOWN"
	assert_output --partial "reconfigured BIRD daemon"
	refute_output --partial "no new privileges"

	ctr systemctl stop anycast-healthchecker
	run ctr systemctl show -p ActiveState -p Result anycast-healthchecker
	assert_line ActiveState=inactive
	assert_line Result=success
	# -c as the daemon's user, with the unit's options, while stopped
	run ctr runuser -u "$user" -- sh -c \
	    '. /etc/default/anycast-healthchecker; anycast-healthchecker -c $OPTIONS'
	assert_success
	assert_output OK
	# a stop withdraws nothing: BIRD still exports what it was given
	ctr_learned 10.52.12.1/32
}

@test "from source, the README's steps: user healthchecker, sudo birdc, reload, stop, -c, journal" {
	ctr_block source-install source-setup bird2
	scenario healthchecker
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
	scenario healthchecker
	# what this run of the unit logged, sudo's own lines included
	run ctr journalctl --no-pager -o cat _SYSTEMD_INVOCATION_ID="$id"
	assert_output --partial "reconfiguring BIRD by running /usr/sbin/birdc configure"
	refute_output --partial sudo
}
