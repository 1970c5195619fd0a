#!/bin/sh
# Debian's bird package (BIRD 1.6: bird and bird6), downloaded once into
# DIR: it conflicts with bird2, so it is never installed on the host.
# tests/sys swaps it into its container; tests/e2e runs its binaries,
# which need libc alone, from a dpkg -x of it.
#
#   sh tools/bird16-deb.sh DIR
set -eu

dir=$1
ls "$dir"/bird_1.6*.deb >/dev/null 2>&1 && exit 0
rm -rf "$dir"
mkdir -p "$dir"
(cd "$dir" && apt-get download -q bird >/dev/null) || {
	echo "bird16-deb: apt-get download bird failed" >&2
	exit 1
}
ls "$dir"/bird_1.6*.deb >/dev/null 2>&1 || {
	echo "bird16-deb: the bird package is not BIRD 1.6" >&2
	exit 1
}
