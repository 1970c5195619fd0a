# Stand-ins for upstream's installs, built with dpkg-deb or written in
# place: upstream's package names, paths, configuration files, unit and
# maintainer-script habits, and a "daemon" that announces 10.52.12.1/32
# and 2001:db8:52::1/128 and holds them.  CI reaches only Debian's archive,
# so the real package cannot be fetched; the closing note of #10 reports
# a run with the real one, built from upstream's debian/.

# The stand-in daemon: -c says OK, -P prints what the test stored (the
# real one prints what ours does; the golden tests hold that), anything
# else writes both lists, reloads BIRD and sleeps.
standin_daemon() {	# RECONFIGURE-COMMAND
	cat <<-EOF
	#!/bin/sh
	for a; do
	    case \$a in
	    -c) echo OK; exit 0 ;;
	    -P) exec cat /var/lib/standin/print-conf ;;
	    esac
	done
	put() {
	    printf '# stand-in\\ndefine %s =\\n    [\\n        %s,\\n        %s\\n    ];\\n' \\
	        "\$2" "\$3" "\$4" >"\$1.new" && mv "\$1.new" "\$1"
	}
	put /var/lib/anycast-healthchecker/anycast-prefixes.conf \\
	    ACAST_PS_ADVERTISE 10.189.200.255/32 10.52.12.1/32
	put /var/lib/anycast-healthchecker/6/anycast-prefixes.conf \\
	    ACAST6_PS_ADVERTISE 2001:db8::1/128 2001:db8:52::1/128
	$1 >/dev/null
	exec sleep infinity
	EOF
}

# standin_debs DIR: upstream's two Debian packages, as its debian/ makes
# them (dh compat 10: the unit enabled and started, stopped on removal and
# masked until purge)
standin_debs() {
	local d=$1/anycast-healthchecker p=$1/python3-anycast-healthchecker
	mkdir -p "$d/DEBIAN" "$d/usr/bin" "$d/etc/default" \
	    "$d/etc/anycast-healthchecker/check.d" "$d/lib/systemd/system" \
	    "$d/usr/share/anycast-healthchecker" \
	    "$d/var/lib/anycast-healthchecker/6" "$d/var/log/anycast-healthchecker" \
	    "$p/DEBIAN" "$p/usr/lib/python3/dist-packages/anycast_healthchecker"
	standin_daemon /usr/sbin/birdc\ configure >"$d/usr/bin/anycast-healthchecker"
	chmod 755 "$d/usr/bin/anycast-healthchecker"
	# upstream's two configuration files, which debian/etc holds byte for
	# byte
	cp "$CTR_TOP/debian/etc/anycast-healthchecker/anycast-healthchecker.conf" \
	    "$d/etc/anycast-healthchecker/"
	cp "$CTR_TOP/debian/etc/default/anycast-healthchecker" "$d/etc/default/"
	printf '%s\n' /etc/anycast-healthchecker/anycast-healthchecker.conf \
	    /etc/default/anycast-healthchecker >"$d/DEBIAN/conffiles"
	cat >"$d/usr/share/anycast-healthchecker/prepare-environment" <<-'EOF'
	#!/bin/sh
	. /etc/default/anycast-healthchecker
	mkdir -p /var/run/anycast-healthchecker
	chown "$RUN_AS_USER:$RUN_AS_GROUP" /var/run/anycast-healthchecker
	EOF
	chmod 755 "$d/usr/share/anycast-healthchecker/prepare-environment"
	cat >"$d/lib/systemd/system/anycast-healthchecker.service" <<-'EOF'
	[Unit]
	Description=Anycast healthchecker (stand-in)
	After=network.target
	[Service]
	Type=simple
	EnvironmentFile=/etc/default/anycast-healthchecker
	User=bird
	Group=bird
	ExecStartPre=+/usr/share/anycast-healthchecker/prepare-environment
	ExecStart=/usr/bin/anycast-healthchecker $OPTIONS
	Restart=on-failure
	[Install]
	WantedBy=multi-user.target
	EOF
	cat >"$d/DEBIAN/postinst" <<-'EOF'
	#!/bin/sh
	set -e
	. /etc/default/anycast-healthchecker
	for dir in /var/log/anycast-healthchecker/ /var/lib/anycast-healthchecker/ \
	    /var/lib/anycast-healthchecker/6/; do
	    chown "$RUN_AS_USER" "$dir"
	done
	u=anycast-healthchecker.service
	if [ "$1" = configure ]; then
	    deb-systemd-helper unmask $u >/dev/null || true
	    if deb-systemd-helper --quiet was-enabled $u; then
	        deb-systemd-helper enable $u >/dev/null || true
	    else
	        deb-systemd-helper update-state $u >/dev/null || true
	    fi
	    if [ -d /run/systemd/system ]; then
	        systemctl --system daemon-reload >/dev/null || true
	        deb-systemd-invoke start $u >/dev/null || true
	    fi
	fi
	EOF
	cat >"$d/DEBIAN/prerm" <<-'EOF'
	#!/bin/sh
	set -e
	if [ -d /run/systemd/system ] && [ "$1" = remove ]; then
	    deb-systemd-invoke stop anycast-healthchecker.service >/dev/null || true
	fi
	EOF
	cat >"$d/DEBIAN/postrm" <<-'EOF'
	#!/bin/sh
	set -e
	u=anycast-healthchecker.service
	if [ -d /run/systemd/system ]; then
	    systemctl --system daemon-reload >/dev/null || true
	fi
	if [ "$1" = remove ]; then
	    deb-systemd-helper mask $u >/dev/null || true
	fi
	if [ "$1" = purge ]; then
	    deb-systemd-helper purge $u >/dev/null || true
	    deb-systemd-helper unmask $u >/dev/null || true
	fi
	EOF
	chmod 755 "$d/DEBIAN/postinst" "$d/DEBIAN/prerm" "$d/DEBIAN/postrm"
	standin_control anycast-healthchecker \
	    "python3-anycast-healthchecker (= 0.9.8-1), bird2 | bird" \
	    >"$d/DEBIAN/control"
	: >"$p/usr/lib/python3/dist-packages/anycast_healthchecker/__init__.py"
	standin_control python3-anycast-healthchecker "" >"$p/DEBIAN/control"
	dpkg-deb -b --root-owner-group "$d" "$1/anycast-healthchecker.deb" >/dev/null
	dpkg-deb -b --root-owner-group "$p" "$1/python3-anycast-healthchecker.deb" \
	    >/dev/null
}

standin_control() {	# NAME DEPENDS
	printf 'Package: %s\nVersion: 0.9.8-1\nArchitecture: all\n' "$1"
	printf 'Maintainer: stand-in <standin@example.org>\n'
	[ -z "$2" ] || printf 'Depends: %s\n' "$2"
	printf 'Description: stand-in for upstream'\''s package\n'
}

# standin_pip: what "pip install anycast-healthchecker" plus upstream's
# contrib unit leave: the entry point in /usr/bin, the unit in
# /etc/systemd/system (user healthchecker, /etc/sysconfig), sudo, and a
# pip3 that can uninstall it
standin_pip() {
	ctr useradd --system --no-create-home --shell /usr/sbin/nologin \
	    healthchecker
	ctr mkdir -p /etc/sysconfig /etc/anycast-healthchecker.d \
	    /var/lib/anycast-healthchecker/6 /var/lib/standin \
	    /usr/lib/python3/dist-packages/anycast_healthchecker
	ctr chown -R healthchecker /var/lib/anycast-healthchecker
	# the pidfile's directory, as upstream's puppet module makes it
	ctr sh -c 'echo "d /run/anycast-healthchecker 0755 healthchecker healthchecker" \
	    >/etc/tmpfiles.d/anycast-healthchecker.conf'
	ctr systemd-tmpfiles --create /etc/tmpfiles.d/anycast-healthchecker.conf
	standin_daemon "sudo /usr/sbin/birdc configure" |
	    ctr sh -c 'cat >/usr/bin/anycast-healthchecker; chmod 755 /usr/bin/anycast-healthchecker'
	ctr sh -c 'cat >/etc/sysconfig/anycast-healthchecker' <<-'EOF'
	OPTIONS="-f /etc/anycast-healthchecker.conf -d /etc/anycast-healthchecker.d"
	EOF
	ctr install -m 440 /src/contrib/sudoers/anycast-healthchecker \
	    /etc/sudoers.d/anycast-healthchecker
	ctr install -m 644 /src/anycast-healthchecker.conf.example \
	    /etc/anycast-healthchecker.conf
	ctr sh -c 'cat >/etc/systemd/system/anycast-healthchecker.service' <<-'EOF'
	[Unit]
	Description=Anycast healthchecker (stand-in)
	After=network.target
	Requires=network.target
	[Service]
	Type=simple
	EnvironmentFile=/etc/sysconfig/anycast-healthchecker
	TimeoutStartSec=0
	User=healthchecker
	Group=healthchecker
	ExecStart=/usr/bin/anycast-healthchecker $OPTIONS
	Restart=on-failure
	[Install]
	WantedBy=multi-user.target
	EOF
	ctr sh -c 'cat >/usr/local/bin/pip3; chmod 755 /usr/local/bin/pip3' <<-'EOF'
	#!/bin/sh
	[ "$*" = "uninstall --yes anycast-healthchecker" ] || exit 1
	rm -r /usr/bin/anycast-healthchecker \
	    /usr/lib/python3/dist-packages/anycast_healthchecker
	EOF
	ctr systemctl daemon-reload
	ctr systemctl enable --now anycast-healthchecker
}

# The operator's BIRD 2 configuration before the switch: contrib's, where
# README's bird2 block looks for it (in our package's examples, which a
# stand-in install has not).
standin_bird2_examples() {
	ctr mkdir -p /usr/share/doc/anycast-healthchecker-standin/examples
	ctr ln -s /src/contrib/bird/bird2 \
	    /usr/share/doc/anycast-healthchecker-standin/examples/bird2
}

# Sample, every 0.2 s until stopped, whether the router has the IPv4
# prefix: one line per look, 1 or 0.
standin_sample_start() {
	(while :; do
		if ctr_learned 10.52.12.1/32; then echo 1; else echo 0; fi
		sleep 0.2
	done) >"$CTR/samples" 2>/dev/null </dev/null 3>&- &
	STANDIN_SAMPLER=$!
}

standin_sample_stop() {
	[ -n "${STANDIN_SAMPLER:-}" ] || return 0
	kill "$STANDIN_SAMPLER" 2>/dev/null
	wait "$STANDIN_SAMPLER" 2>/dev/null || true
	STANDIN_SAMPLER=
}
