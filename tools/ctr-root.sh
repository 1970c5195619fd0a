#!/bin/sh
# The root file system of the systemd container that tests/sys boots: a
# Debian 12 made with debootstrap from Debian's archive, with systemd,
# BIRD 2, sudo and what the daemon links.  Built once into DIR and reused
# while the package list stays the same; every boot runs on a throw-away
# overlay of it (systemd-nspawn --volatile=overlay), so it stays clean.
#
# Beside it, in DIR.debs, Debian's bird package (BIRD 1.6), which
# conflicts with bird2: a test swaps it in.
#
#   sh tools/ctr-root.sh DIR
set -eu

dir=$1
sh "$(dirname "$0")/bird16-deb.sh" "$dir.debs"
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
pkgs="systemd,systemd-sysv,dbus,sudo,bird2,iproute2,procps,libinih1,libbsd0,libjansson4,make"

if [ -f "$dir/.ahc-root" ] && [ "$(cat "$dir/.ahc-root")" = "$pkgs" ]; then
	exit 0
fi
[ "$(id -u)" -eq 0 ] || { echo "ctr-root: needs root" >&2; exit 1; }
rm -rf "$dir" "$dir.new"
mkdir -p "$(dirname "$dir")"
echo "ctr-root: debootstrap bookworm into $dir (once)"
if ! debootstrap --variant=minbase --include="$pkgs" bookworm "$dir.new" \
    "$mirror" >"$dir.log" 2>&1; then
	tail -n 20 "$dir.log" >&2
	exit 1
fi
# BIRD's own unit would start with no router id and fail the boot; each
# test writes its configuration and starts it.
chroot "$dir.new" systemctl disable bird.service >/dev/null 2>&1
: >"$dir.new/etc/machine-id"
echo "$pkgs" >"$dir.new/.ahc-root"
mv "$dir.new" "$dir"
