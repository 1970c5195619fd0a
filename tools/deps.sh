#!/bin/sh
# Install the Debian packages the build and the tests need, and nothing
# that is already there.  As root it uses apt-get; otherwise it names what
# is missing and fails, so a developer sees exactly what to install.
set -eu

PKGS="make gcc pkg-config libinih-dev libbsd-dev libcurl4-openssl-dev
libcmocka-dev libjansson-dev bats bats-assert bats-support bird2 iproute2 jq
procps
curl python3 python3-docutils prometheus mandoc
systemd sudo clang libclang-rt-14-dev valgrind
gnuplot-nox libmicrohttpd-dev
systemd-container debootstrap debhelper lintian fakeroot nsd
frr gobgpd exabgp"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f '${Status}' "$p" 2>/dev/null |
	    grep -q 'ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "missing Debian packages:$missing" >&2
	echo "install them with: apt-get install$missing" >&2
	exit 1
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
# Routing daemons (bird2, frr, gobgpd, exabgp) and nsd start a service
# when installed, and none may run on the host: a policy-rc.d refuses
# every start while apt-get runs, unless the machine has one already.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\n# anycast-healthchecker tools/deps.sh: no service starts\nexit 101\n' >"$policy"
	chmod 755 "$policy"
	trap 'rm -f "$policy"' EXIT
fi
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
