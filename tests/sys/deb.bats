#!/usr/bin/env bats
# The Debian package (make deb) under a booted systemd: a fresh install on
# BIRD 2 and on BIRD 1.6, and the two migrations of README, each by the
# README's own blocks.  What counts is the route a BGP peer learns.

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load ctr
load upstream

DEB_CONF=/etc/anycast-healthchecker/anycast-healthchecker.conf

teardown() {
	standin_sample_stop
	ctr_teardown
}

@test "the package on BIRD 2: user bird, birdc without sudo, upstream's paths" {
	ctr_block deb-install deb-bird2 bird2
	run ctr dpkg-query -W -f '${Status}' anycast-healthchecker-c
	assert_output "install ok installed"
	run ctr systemctl is-enabled anycast-healthchecker
	assert_output enabled
	run ctr stat -c %U /var/lib/anycast-healthchecker \
	    /var/lib/anycast-healthchecker/6 /var/log/anycast-healthchecker
	assert_output "$(printf 'bird\nbird\nbird')"
	ctr_scenario bird /etc/anycast-healthchecker/check.d
	run ctr_journal
	refute_output --regexp 'running sudo|sudo\['
	[ -x "$CTR_ROOT/usr/bin/sudo" ]
}

@test "the package on BIRD 1.6 (Debian's bird: bird and bird6), with contrib/bird/bird1.6 and upstream's configuration as shipped" {
	ctr sh -c 'cat >/root/bird.deb' <"$(ls "$CTR_ROOT".debs/bird_1.6*.deb)"
	ctr dpkg --purge bird2 >/dev/null
	ctr env DEBIAN_FRONTEND=noninteractive dpkg -i /root/bird.deb >/dev/null
	ctr_block deb-install bird16
	# upstream's file unchanged: birdc, and birdc6 for IPv6
	run ctr grep -c '^bird6_reconfigure_cmd  = /usr/sbin/birdc6 configure' "$DEB_CONF"
	assert_output 1
	run ctr systemctl is-active bird bird6
	assert_output "$(printf 'active\nactive')"
	ctr_scenario bird /etc/anycast-healthchecker/check.d
	run ctr_journal
	assert_output --partial "running /usr/sbin/birdc6 configure"
}

@test "README's migration from upstream's Debian package: configs and check.d kept, the prefix never leaves the peer" {
	standin_debs "$CTR"
	ctr sh -c 'cat >/root/up.deb' <"$CTR/anycast-healthchecker.deb"
	ctr sh -c 'cat >/root/py.deb' <"$CTR/python3-anycast-healthchecker.deb"
	ctr dpkg -i /root/py.deb /root/up.deb >/dev/null
	# the operator's changes: BIRD 2's birdc for IPv6, and two checks
	ctr sed -i 's|/usr/sbin/birdc6 configure|/usr/sbin/birdc configure|' "$DEB_CONF"
	standin_bird2_examples
	ctr_block bird2
	ctr_services /etc/anycast-healthchecker/check.d
	ctr touch /run/ahc-healthy
	ctr mkdir -p /var/lib/standin
	ctr_wait 30 ctr_both_learned
	before=$(ctr md5sum "$DEB_CONF" /etc/default/anycast-healthchecker \
	    /etc/anycast-healthchecker/check.d/www.conf \
	    /etc/anycast-healthchecker/check.d/www6.conf)
	ctr sh -c '. /etc/default/anycast-healthchecker; cd /src; ./src/anycast-healthchecker -P $OPTIONS >/var/lib/standin/print-conf'

	standin_sample_start
	ctr_block migrate-deb
	# our daemon runs and has found www up: the prefix stays as it was
	ctr_wait 30 eval 'ctr_journal | grep -Eq "www +status UP"'
	sleep 3
	standin_sample_stop

	run ctr dpkg-query -W -f '${db:Status-Abbrev}${Package}\n' \
	    anycast-healthchecker python3-anycast-healthchecker anycast-healthchecker-c
	assert_line "rc anycast-healthchecker"
	# it has no configuration files to keep
	assert_line --regexp '^(rc|un) python3-anycast-healthchecker$'
	assert_line "ii anycast-healthchecker-c"
	run ctr md5sum "$DEB_CONF" /etc/default/anycast-healthchecker \
	    /etc/anycast-healthchecker/check.d/www.conf \
	    /etc/anycast-healthchecker/check.d/www6.conf
	assert_output "$before"
	run ctr sh -c "readlink /proc/$(ctr_main_pid)/exe"
	assert_output /usr/bin/anycast-healthchecker
	run ctr_main_user
	assert_output bird
	# the router never lost the prefix: every look saw it
	[ "$(grep -c . "$CTR/samples")" -ge 10 ]
	run grep -c '^0' "$CTR/samples"
	assert_output 0
	# purging upstream's packages leaves the files, now ours
	ctr dpkg --purge anycast-healthchecker python3-anycast-healthchecker >/dev/null
	run ctr md5sum "$DEB_CONF" /etc/default/anycast-healthchecker
	assert_output "$(printf '%s\n' "$before" | head -n 2)"
	run ctr dpkg -S "$DEB_CONF"
	assert_output "anycast-healthchecker-c: $DEB_CONF"
	ctr_scenario bird
}

@test "README's migration from pip with upstream's unit: user healthchecker, sudo, /etc/sysconfig; the prefix never leaves the peer" {
	standin_pip
	standin_bird2_examples
	ctr_block bird2
	ctr_services /etc/anycast-healthchecker.d
	ctr touch /run/ahc-healthy
	ctr_wait 30 ctr_both_learned
	ctr sh -c '. /etc/sysconfig/anycast-healthchecker; cd /src; ./src/anycast-healthchecker -P $OPTIONS >/var/lib/standin/print-conf'

	standin_sample_start
	ctr_block migrate-pip
	ctr_wait 30 eval 'ctr_journal | grep -Eq "www +status UP"'
	sleep 3
	standin_sample_stop

	run ctr sh -c "readlink /proc/$(ctr_main_pid)/exe"
	assert_output /usr/bin/anycast-healthchecker
	run ctr_main_user
	assert_output healthchecker
	run ctr systemctl show -p FragmentPath --value anycast-healthchecker
	# ours (/lib is /usr/lib on Debian 12), no longer upstream's copy
	assert_output --regexp '^(/usr)?/lib/systemd/system/anycast-healthchecker.service$'
	[ "$(grep -c . "$CTR/samples")" -ge 10 ]
	run grep -c '^0' "$CTR/samples"
	assert_output 0
	ctr_scenario healthchecker
}
