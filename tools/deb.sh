#!/bin/sh
# make deb: the Debian package, built with dpkg-buildpackage from a copy
# of the tree (dpkg-buildpackage writes into the parent directory), and
# checked with lintian, which must report no error.  Leaves
# build/deb/anycast-healthchecker-c_<version>_<arch>.deb and lintian.txt.
set -eu

top=$(pwd)
out=$top/build/deb
ver=$(dpkg-parsechangelog -l debian/changelog -S Version)
src=$out/anycast-healthchecker-c-${ver%-*}

rm -rf "$out"
mkdir -p "$src"
# what git tracks, and new files it would track: never the build tree
git ls-files -z --cached --others --exclude-standard |
    xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
    tar --null -T - -cf - | tar -xf - -C "$src"
(cd "$src" && dpkg-buildpackage -b -uc -us >"$out/build.log" 2>&1) || {
	tail -n 40 "$out/build.log" >&2
	exit 1
}
rm -rf "$src"
deb=$(ls "$out"/anycast-healthchecker-c_*.deb)
TMPDIR=$out lintian --info "$out"/*.changes >"$out/lintian.txt" 2>&1 || true
cat "$out/lintian.txt"
if grep -q '^E: ' "$out/lintian.txt"; then
	echo "deb: lintian reports errors" >&2
	exit 1
fi
echo "deb: $deb"
