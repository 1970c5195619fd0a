#!/bin/sh
# tools/nginx.sh DIR: Debian's nginx for make bench, unpacked into DIR and
# not installed (installing the package would start it on the host).
# Prints the binary's path.  The bench needs a server in C: Python's, on
# the same two cores, measured itself as much as the daemon.
set -eu

dir=$1
bin=$dir/usr/sbin/nginx
if [ ! -x "$bin" ]; then
	tmp=$(mktemp -d)
	# apt's download user must be able to write there
	chmod 755 "$tmp"
	if ! (cd "$tmp" && apt-get download -q nginx) >/dev/null 2>&1; then
		apt-get update -qq
		(cd "$tmp" && apt-get download -q nginx) >/dev/null 2>&1 || {
			echo "tools/nginx.sh: cannot download Debian's nginx" >&2
			rm -rf "$tmp"
			exit 1
		}
	fi
	mkdir -p "$dir"
	dpkg-deb -x "$tmp"/nginx_*.deb "$dir"
	rm -rf "$tmp"
fi
echo "$bin"
