#!/usr/bin/env bats
# make install and uninstall, the unit file, the man pages.

bats_require_minimum_version 1.5.0
load helper

setup() {
	D=$(mktemp -d "$BATS_TMPDIR/ahc-install.XXXXXX")
}

teardown() {
	rm -rf "$D"
}

@test "make install puts the expected tree under DESTDIR, never /etc" {
	run make -s -C "$TOP" install DESTDIR="$D" PREFIX=/usr
	assert_success
	run sh -c "cd '$D' && find . -type f | sort"
	assert_output "./usr/bin/anycast-healthchecker
./usr/lib/nagios/plugins/check_anycast_healthchecker
./usr/lib/systemd/system/anycast-healthchecker.service
./usr/share/doc/anycast-healthchecker/LICENSE
./usr/share/doc/anycast-healthchecker/README.rst
./usr/share/doc/anycast-healthchecker/examples/anycast-healthchecker.conf
./usr/share/doc/anycast-healthchecker/examples/anycast-healthchecker.d/dns.example.net.conf
./usr/share/doc/anycast-healthchecker/examples/anycast-healthchecker.d/www.example.net.conf
./usr/share/doc/anycast-healthchecker/examples/bird1.6/bird.conf
./usr/share/doc/anycast-healthchecker/examples/bird1.6/bird6.conf
./usr/share/doc/anycast-healthchecker/examples/bird1.6/match-route-drain.conf
./usr/share/doc/anycast-healthchecker/examples/bird1.6/match-route.conf
./usr/share/doc/anycast-healthchecker/examples/bird1.6/match-route6-drain.conf
./usr/share/doc/anycast-healthchecker/examples/bird1.6/match-route6.conf
./usr/share/doc/anycast-healthchecker/examples/bird2/bird.conf
./usr/share/doc/anycast-healthchecker/examples/bird2/match-route-drain.conf
./usr/share/doc/anycast-healthchecker/examples/bird2/match-route.conf
./usr/share/doc/anycast-healthchecker/examples/exabgp/exabgp.conf
./usr/share/doc/anycast-healthchecker/examples/frr/frr.conf
./usr/share/doc/anycast-healthchecker/examples/gobgp/gobgpd.toml
./usr/share/doc/anycast-healthchecker/examples/grafana/anycast-healthchecker.json
./usr/share/doc/anycast-healthchecker/examples/no-sudo.conf
./usr/share/doc/anycast-healthchecker/examples/prometheus/anycast-healthchecker.rules.yml
./usr/share/doc/anycast-healthchecker/examples/sudoers
./usr/share/doc/anycast-healthchecker/examples/sysconfig
./usr/share/man/man8/anycast-healthchecker.8
./usr/share/man/man8/check_anycast_healthchecker.8"
	[ -x "$D/usr/bin/anycast-healthchecker" ]
	run "$D/usr/bin/anycast-healthchecker" -v
	assert_output "0.9.10"
}

@test "make uninstall leaves no file behind" {
	make -s -C "$TOP" install DESTDIR="$D" PREFIX=/usr
	run make -s -C "$TOP" uninstall DESTDIR="$D" PREFIX=/usr
	assert_success
	run find "$D" -type f
	assert_output ""
}

@test "PREFIX reaches the unit's ExecStart" {
	make -s -C "$TOP" install DESTDIR="$D" PREFIX=/opt/ahc
	run grep '^ExecStart=' "$D/opt/ahc/lib/systemd/system/anycast-healthchecker.service"
	assert_output 'ExecStart=/opt/ahc/bin/anycast-healthchecker $OPTIONS'
}

@test "systemd accepts the unit, with upstream's conventions" {
	command -v systemd-analyze >/dev/null || skip "no systemd-analyze"
	make -s -C "$TOP" install DESTDIR="$D" PREFIX=/usr
	u=$D/usr/lib/systemd/system/anycast-healthchecker.service
	for line in User=healthchecker Group=healthchecker Restart=on-failure \
	    'EnvironmentFile=-/etc/sysconfig/anycast-healthchecker' \
	    'EnvironmentFile=-/etc/default/anycast-healthchecker' \
	    RuntimeDirectoryPreserve=yes LogsDirectory=anycast-healthchecker \
	    'ExecStartPre=/usr/bin/anycast-healthchecker -c $OPTIONS' \
	    'ExecReload=/bin/kill -HUP $MAINPID' Type=notify \
	    TimeoutStopSec=120; do
		grep -qx "$line" "$u"
	done
	# sudo must keep working: no NoNewPrivileges, no capability bound, and
	# none of what makes systemd set NoNewPrivileges anyway (systemd.exec(5))
	for opt in NoNewPrivileges CapabilityBoundingSet DynamicUser \
	    LockPersonality MemoryDenyWriteExecute PrivateDevices ProtectClock \
	    ProtectHostname ProtectKernelLogs ProtectKernelModules \
	    ProtectKernelTunables RestrictAddressFamilies RestrictNamespaces \
	    RestrictRealtime RestrictSUIDSGID SystemCallArchitectures \
	    SystemCallFilter SystemCallLog; do
		! grep -q "^$opt=" "$u" || false
	done
	sed -e "s|/usr/bin/anycast|$D/usr/bin/anycast|" "$u" >"$D/ahc.service"
	run systemd-analyze verify --man=no "$D/ahc.service"
	assert_success
	assert_output ""
	# and with the no-sudo drop-in, which a later [Service] section in the
	# same file stands for (verify reads no drop-in beside a unit's path)
	cat "$D/ahc.service" "$TOP/contrib/systemd/no-sudo.conf" \
	    >"$D/ahc-nosudo.service"
	run systemd-analyze verify --man=no "$D/ahc-nosudo.service"
	assert_success
	assert_output ""
}

@test "the environment file sets OPTIONS the daemon accepts" {
	# shellcheck disable=SC1091
	. "$TOP/contrib/sysconfig/anycast-healthchecker"
	[ "$OPTIONS" = "-f /etc/anycast-healthchecker.conf -d /etc/anycast-healthchecker.d" ]
}

@test "the sudoers example parses and allows only birdc configure" {
	command -v visudo >/dev/null || skip "no visudo"
	run visudo -c -f "$TOP/contrib/sudoers/anycast-healthchecker"
	assert_success
	run grep -v '^#' "$TOP/contrib/sudoers/anycast-healthchecker"
	assert_line "healthchecker ALL=(root) NOPASSWD: /usr/sbin/birdc configure"
}

@test "the man pages lint clean" {
	run mandoc -T lint -W warning "$TOP/man/anycast-healthchecker.8" \
	    "$TOP/man/check_anycast_healthchecker.8"
	assert_success
	assert_output ""
}

# A word of quoted text that mdoc takes for a macro (No, Ns, Pa ...) is
# rendered as something else, and lint does not see it: every .Dq and .Ql
# argument must come out as written.
@test "the man pages render quoted text as written" {
	local page
	for page in "$TOP"/man/*.8; do
		run /usr/bin/python3 - "$page" <<-'EOF'
		import re, subprocess, sys
		src = open(sys.argv[1]).read()
		out = subprocess.run(["mandoc", "-T", "utf8", "-O", "width=1000",
		    sys.argv[1]], capture_output=True, text=True).stdout
		out = " ".join(re.sub(".\b", "", out).split())
		bad = 0
		for m in re.finditer(r"^\.(?:Dq|Ql) (.*?)(?: [.,;:])?$", src, re.M):
		    want = m.group(1).replace("\\&", "").replace('"', "")
		    if want not in out:
		        print("not rendered as written: " + want)
		        bad = 1
		sys.exit(bad)
		EOF
		assert_success
	done
}

@test "the plugin's usage" {
	run "$TOP/contrib/nagios/check_anycast_healthchecker" -x
	assert_failure 3
	assert_output --partial "usage: check_anycast_healthchecker [-v]"
	# -h is help, on stdout with exit 0, as upstream's docopt gives it
	run --separate-stderr "$TOP/contrib/nagios/check_anycast_healthchecker" -h
	assert_success
	assert_line "    check_anycast_healthchecker [-v] [-f file] [-d directory] [-t seconds]"
	[ -z "$stderr" ]
}

@test "README's file blocks (BIRD, drain filters, FRR, GoBGP, ExaBGP) are contrib's files, and tests/sys runs each shell block of the install and migration sections" {
	blocks="python3 $TOP/tools/readme-blocks.py $TOP/README.rst"
	run $blocks --files
	assert_success
	[ "${#lines[@]}" -eq 12 ]
	for f in $($blocks --files | cut -f1); do
		$blocks "$f" | cmp - "$TOP/$f"
	done
	# no block in these sections goes untested
	run $blocks --unnamed Installing "The Debian package" "From source" \
	    "Migrating from the Python version"
	assert_success
	for n in $(sed -n 's/^\.\. sh: //p' "$TOP/README.rst"); do
		grep -q "ctr_block.* $n\( \|$\)" "$TOP"/tests/sys/*.bats ||
		    fail "README block $n is run by no test in tests/sys"
	done
}
