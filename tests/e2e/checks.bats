#!/usr/bin/env bats
# Built-in checks (check_tcp, ...) against real servers in the lab's host
# namespace; the router's view is the truth.

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load lab

# A TCP listener in the host namespace on 127.0.0.1:PORT; its pid in
# LISTENER.
listen_tcp() {
	# not through lab_h: $! must be python itself (ip netns exec execs)
	ip netns exec "$LAB_H" python3 -c '
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(64)
while True:
    c, _ = s.accept()
    c.close()
' "$1" </dev/null >/dev/null 2>&1 3>&- &
	LISTENER=$!
	lab_wait 10 lab_h python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$1"
}

threads() {
	ls /proc/"$LAB_DAEMON_PID"/task | wc -l
}

@test "check_tcp alone: the prefix follows the port, the log says why, and no thread is added" {
	lab_config </dev/null
	printf '[tcp]\ncheck_tcp = 127.0.0.1:18080\nip_prefix = 10.52.13.1/32\n' \
	    >"$LAB/d/tcp.conf"
	lab_defaults "" "check_interval = 0.2" "check_timeout = 1" \
	    "check_rise = 1" "check_fail = 1" "check_disabled = false" \
	    >>"$LAB/d/tcp.conf"
	lab_assign 10.52.13.1/32
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c
	assert_success
	assert_line OK
	lab_daemon_start
	lab_wait 10 grep -q "check_tcp failed: connect to 127.0.0.1:18080: Connection refused" "$LAB/daemon.log"
	lab_not_learned 10.52.13.1/32
	listen_tcp 18080
	lab_wait 15 lab_learned 10.52.13.1/32
	[ "$(threads)" -eq 2 ]
	kill "$LISTENER"
	lab_wait 15 lab_not_learned 10.52.13.1/32
	run grep -c "running check_tcp 127.0.0.1:18080" "$LAB/daemon.log"
	[ "$output" -ge 3 ]
}

@test "check_tcp and check_cmd together: either one failing withdraws, both passing announce" {
	lab_config </dev/null
	lab_service both 10.52.13.2/32 "/usr/bin/test -e $LAB/ok" <<-EOF
	check_tcp = 127.0.0.1:18081
	check_rise = 2
	EOF
	lab_assign 10.52.13.2/32
	listen_tcp 18081
	touch "$LAB/ok"
	lab_daemon_start
	lab_wait 15 lab_learned 10.52.13.2/32
	# the command fails: withdrawn
	rm "$LAB/ok"
	lab_wait 15 lab_not_learned 10.52.13.2/32
	touch "$LAB/ok"
	lab_wait 15 lab_learned 10.52.13.2/32
	# the port closes: withdrawn, and the command is not run meanwhile
	kill "$LISTENER"
	lab_wait 15 lab_not_learned 10.52.13.2/32
	n=$(grep -c "running /usr/bin/test" "$LAB/daemon.log")
	sleep 1
	[ "$(grep -c "running /usr/bin/test" "$LAB/daemon.log")" -eq "$n" ]
	listen_tcp 18081
	lab_wait 15 lab_learned 10.52.13.2/32
	grep -q "going up 1/2" "$LAB/daemon.log"
}

@test "-c refuses a bad check_tcp, naming the service and the option; -P shows it" {
	lab_config </dev/null
	printf '[tcp]\ncheck_tcp = www.example.net:80\nip_prefix = 10.52.13.1/32\n' \
	    >"$LAB/d/tcp.conf"
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c
	assert_failure
	assert_output "Invalid configuration: invalid value (www.example.net:80) for 'check_tcp' option in service check tcp: www.example.net:80: www.example.net is not an IP address (names are not resolved)"
	printf '[tcp]\ncheck_tcp = [::1]:80\nip_prefix = 10.52.13.1/32\n' \
	    >"$LAB/d/tcp.conf"
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -P
	assert_success
	assert_line "check_tcp = [::1]:80"
	refute_line --partial "check_cmd"
	printf '[h]\ncheck_http = http://127.0.0.1/\ncheck_tls_verify = maybe\nip_prefix = 10.52.13.1/32\n' \
	    >"$LAB/d/tcp.conf"
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c
	assert_failure
	assert_output "Invalid configuration: invalid data for 'check_tls_verify' option in service check h: Not a boolean: maybe"
}

# nsd, authoritative, on 127.0.0.1:5353 in the host namespace: ok.test
# has data; broken.test is configured without a zone file, which nsd
# answers with SERVFAIL.  Its pid in NSD.
dns_server() {
	mkdir -p "$LAB/nsd"
	cat >"$LAB/nsd/ok.test.zone" <<-'EOF'
	$ORIGIN ok.test.
	$TTL 60
	@	IN SOA ns.ok.test. admin.ok.test. 1 60 60 60 60
	@	IN NS ns.ok.test.
	ns	IN A 127.0.0.1
	www	IN A 10.52.12.1
	txt	IN TXT "hello"
	EOF
	cat >"$LAB/nsd/nsd.conf" <<-EOF
	server:
	    ip-address: 127.0.0.1@5353
	    username: ""
	    chroot: ""
	    zonesdir: "$LAB/nsd"
	    database: ""
	    pidfile: "$LAB/nsd/nsd.pid"
	    logfile: "$LAB/nsd/nsd.log"
	    xfrdfile: "$LAB/nsd/xfrd.state"
	    zonelistfile: "$LAB/nsd/zone.list"
	    xfrdir: "$LAB/nsd"
	    server-count: 1
	remote-control:
	    control-enable: no
	zone:
	    name: ok.test
	    zonefile: ok.test.zone
	zone:
	    name: broken.test
	    zonefile: broken.test.zone
	EOF
	ip netns exec "$LAB_H" nsd -d -c "$LAB/nsd/nsd.conf" \
	    </dev/null >/dev/null 2>&1 3>&- &
	NSD=$!
	lab_wait 10 dns_answers 5353
}

# Does a DNS server answer on 127.0.0.1:PORT?  Asked with a query: a
# probe that binds the port to see it taken could take it first from a
# server still starting (under load, the bad server then never ran).
dns_answers() {	# PORT
	lab_h python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(0.5)
q = bytes.fromhex("123401000001000000000000") + b"\x02ok\x04test\x00\x00\x01\x00\x01"
s.sendto(q, ("127.0.0.1", int(sys.argv[1])))
s.recv(4096)' "$1" 2>/dev/null
}

dns_service() {	# NAME PREFIX VALUE
	lab_service "$1" "$2" /bin/true <<-EOF
	check_dns = $3
	EOF
	# the built-in check alone
	sed -i '/^check_cmd = /d' "$LAB/d/$1.conf"
	lab_assign "$2"
}

@test "check_dns against nsd: NOERROR with data passes; NXDOMAIN, SERVFAIL, no record of the type, refused and silence fail, each logged" {
	dns_server
	lab_config </dev/null
	dns_service data 10.52.14.1/32 "127.0.0.1:5353 www.ok.test"
	dns_service txt 10.52.14.2/32 "127.0.0.1:5353 txt.ok.test TXT"
	dns_service nx 10.52.14.3/32 "127.0.0.1:5353 nope.ok.test"
	dns_service servfail 10.52.14.4/32 "127.0.0.1:5353 www.broken.test"
	dns_service notype 10.52.14.5/32 "127.0.0.1:5353 txt.ok.test AAAA"
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c
	assert_success
	assert_line OK
	lab_daemon_start
	lab_wait 15 lab_learned 10.52.14.1/32
	lab_wait 15 lab_learned 10.52.14.2/32
	lab_wait 10 grep -q "check_dns failed: nope.ok.test A: rcode NXDOMAIN" "$LAB/daemon.log"
	lab_wait 10 grep -q "check_dns failed: www.broken.test A: rcode SERVFAIL" "$LAB/daemon.log"
	lab_wait 10 grep -q "check_dns failed: txt.ok.test AAAA: no answer" "$LAB/daemon.log"
	lab_not_learned 10.52.14.3/32
	lab_not_learned 10.52.14.4/32
	lab_not_learned 10.52.14.5/32
	[ "$(ls /proc/"$LAB_DAEMON_PID"/task | wc -l)" -eq 6 ]
	# the server goes away: refused, once it has closed its socket (a
	# query in flight while it stops times out instead)
	kill "$NSD"
	lab_wait 15 lab_not_learned 10.52.14.1/32
	lab_wait 10 grep -q "check_dns failed: query to 127.0.0.1:5353: Connection refused" "$LAB/daemon.log"
	# a server that takes the query and never answers: check_timeout
	ip netns exec "$LAB_H" python3 -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 5353))
time.sleep(600)
' </dev/null >/dev/null 2>&1 3>&- &
	lab_wait 15 grep -q "check_dns timed out: query to 127.0.0.1:5353: no reply" "$LAB/daemon.log"
	kill $!
}

@test "-c refuses a bad check_dns: its form, the server, the type" {
	lab_config </dev/null
	for v in "127.0.0.1" "127.0.0.1 a b c d" "ns.example.net www.example.net" \
	    "127.0.0.1 www.example.net ANY"; do
		printf '[d]\ncheck_dns = %s\nip_prefix = 10.52.13.1/32\n' "$v" \
		    >"$LAB/d/d.conf"
		run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c
		assert_failure
		assert_output --partial "Invalid configuration: invalid value ($v) for 'check_dns' option in service check d: "
	done
	assert_output --partial "ANY is not one of A, AAAA, TXT, SOA, NS, MX, CNAME, PTR"
}

# httpd.py on 127.0.0.1:PORT in the host namespace; mode in $LAB/http.mode
web_server() {	# PORT [CERT KEY]
	ip netns exec "$LAB_H" python3 "$LAB_TOP/tests/e2e/httpd.py" \
	    127.0.0.1 "$@" 2>/dev/null </dev/null >/dev/null 3>&- &
	WEB=$!
	lab_wait 10 lab_h python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$1" 2>/dev/null
}

@test "check_http against a real server: 200 passes, 500 and silence fail, the expected text counts, no thread is added" {
	echo 200 >"$LAB/http.mode"
	web_server 18090 "$LAB/http.mode"
	lab_config </dev/null
	lab_service web 10.52.15.1/32 /bin/true <<-EOF
	check_http = http://127.0.0.1:18090/health
	check_http_expect = all is well
	check_timeout = 0.5
	EOF
	sed -i '/^check_cmd = /d' "$LAB/d/web.conf"
	lab_service text 10.52.15.2/32 /bin/true <<-EOF
	check_http = http://127.0.0.1:18090/
	check_http_expect = not in the page
	EOF
	sed -i '/^check_cmd = /d' "$LAB/d/text.conf"
	lab_assign 10.52.15.1/32
	lab_assign 10.52.15.2/32
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c
	assert_success
	assert_line OK
	lab_daemon_start
	lab_wait 15 lab_learned 10.52.15.1/32
	lab_wait 10 grep -q "check_http failed: GET http://127.0.0.1:18090/: status 200, but the first 64 KiB of the body do not hold the expected text" "$LAB/daemon.log"
	lab_not_learned 10.52.15.2/32
	[ "$(ls /proc/"$LAB_DAEMON_PID"/task | wc -l)" -eq 3 ]
	echo 500 >"$LAB/http.mode"
	lab_wait 15 lab_not_learned 10.52.15.1/32
	grep -q "check_http failed: GET http://127.0.0.1:18090/health: status 500" "$LAB/daemon.log"
	echo 200 >"$LAB/http.mode"
	lab_wait 15 lab_learned 10.52.15.1/32
	echo hang >"$LAB/http.mode"
	lab_wait 15 lab_not_learned 10.52.15.1/32
	grep -q "check_http timed out: GET http://127.0.0.1:18090/health: " "$LAB/daemon.log"
	[ "$(ls /proc/"$LAB_DAEMON_PID"/task | wc -l)" -eq 3 ]
	kill "$WEB"
	lab_wait 10 grep -q "check_http failed: GET http://127.0.0.1:18090/health: .*Connection refused\|Couldn't connect" "$LAB/daemon.log"
}

# A CA of the test's own, a certificate for www.ok.test, and an expired
# one for old.ok.test, under $LAB/pki.
test_ca() {
	local d=$LAB/pki
	mkdir -p "$d/new"
	: >"$d/index.txt"
	echo 01 >"$d/serial"
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=ahc-test-ca \
	    -keyout "$d/ca.key" -out "$d/ca.crt" 2>/dev/null
	cat >"$d/ca.cnf" <<-EOF
	[ca]
	default_ca = test
	[test]
	database = $d/index.txt
	new_certs_dir = $d/new
	serial = $d/serial
	certificate = $d/ca.crt
	private_key = $d/ca.key
	default_md = sha256
	policy = any
	copy_extensions = copy
	unique_subject = no
	[any]
	commonName = supplied
	EOF
	leaf www.ok.test 20200101000000Z 20991231000000Z
	leaf old.ok.test 20200101000000Z 20200102000000Z
}

leaf() {	# NAME NOT-BEFORE NOT-AFTER
	local d=$LAB/pki
	openssl req -newkey rsa:2048 -nodes -subj "/CN=$1" \
	    -addext "subjectAltName=DNS:$1" -keyout "$d/$1.key" \
	    -out "$d/$1.csr" 2>/dev/null
	openssl ca -batch -config "$d/ca.cnf" -in "$d/$1.csr" \
	    -out "$d/$1.crt" -startdate "$2" -enddate "$3" 2>/dev/null
}

@test "check_http over HTTPS with a test CA: valid passes; wrong name and expired fail; check_tls_verify = false passes them" {
	test_ca
	echo 200 >"$LAB/http.mode"
	web_server 18443 "$LAB/http.mode" "$LAB/pki/www.ok.test.crt" "$LAB/pki/www.ok.test.key"
	www=$WEB
	web_server 18444 "$LAB/http.mode" "$LAB/pki/old.ok.test.crt" "$LAB/pki/old.ok.test.key"
	lab_config </dev/null
	https() {	# NAME PREFIX URL HOST [VERIFY]
		lab_service "$1" "$2" /bin/true <<-EOF
		check_http = $3
		check_http_host = $4
		check_tls_verify = ${5:-true}
		EOF
		sed -i '/^check_cmd = /d' "$LAB/d/$1.conf"
		lab_assign "$2"
	}
	https valid 10.52.16.1/32 https://127.0.0.1:18443/ www.ok.test
	https name 10.52.16.2/32 https://127.0.0.1:18443/ other.ok.test
	https expired 10.52.16.3/32 https://127.0.0.1:18444/ old.ok.test
	https noverify 10.52.16.4/32 https://127.0.0.1:18444/ other.ok.test false
	# the daemon trusts the test CA only: it is bind-mounted over the
	# system's bundle in a mount namespace of the daemon's own
	ip netns exec "$LAB_H" unshare -m sh -c "
		mount --make-rprivate / &&
		mount --bind '$LAB/pki/ca.crt' /etc/ssl/certs/ca-certificates.crt &&
		exec '$LAB_BIN' -f '$LAB/main.conf' -d '$LAB/d'
	" >>"$LAB/daemon.log" 2>&1 &
	LAB_DAEMON_PID=$!
	lab_wait 15 lab_learned 10.52.16.1/32
	lab_wait 15 lab_learned 10.52.16.4/32
	lab_wait 10 grep -q "check_http failed: GET https://127.0.0.1:18443/: .*other.ok.test" "$LAB/daemon.log"
	lab_wait 10 grep -q "check_http failed: GET https://127.0.0.1:18444/: .*expired" "$LAB/daemon.log"
	lab_not_learned 10.52.16.2/32
	lab_not_learned 10.52.16.3/32
	kill "$www" "$WEB"
}

@test "check_tcp, check_http and check_cmd together: any one failing withdraws; back after check_rise rounds of all passing" {
	echo 200 >"$LAB/http.mode"
	web_server 18091 "$LAB/http.mode"
	touch "$LAB/ok"
	lab_config </dev/null
	lab_service all 10.52.17.1/32 "/usr/bin/test -e $LAB/ok" <<-EOF
	check_tcp = 127.0.0.1:18091
	check_http = http://127.0.0.1:18091/
	check_rise = 3
	EOF
	lab_assign 10.52.17.1/32
	lab_daemon_start
	lab_wait 15 lab_learned 10.52.17.1/32
	# the command
	rm "$LAB/ok"
	lab_wait 15 lab_not_learned 10.52.17.1/32
	touch "$LAB/ok"
	lab_wait 15 lab_learned 10.52.17.1/32
	# the status
	echo 503 >"$LAB/http.mode"
	lab_wait 15 lab_not_learned 10.52.17.1/32
	echo 200 >"$LAB/http.mode"
	lab_wait 15 lab_learned 10.52.17.1/32
	# the port: check_tcp fails first, and neither later check runs
	kill "$WEB"
	lab_wait 15 lab_not_learned 10.52.17.1/32
	# (a round under way at the kill may see check_http fail instead)
	lab_wait 10 grep -q "check_tcp failed: connect to 127.0.0.1:18091: Connection refused" "$LAB/daemon.log"
	: >"$LAB/mark"
	n=$(grep -c "running check_http" "$LAB/daemon.log")
	sleep 1
	[ "$(grep -c "running check_http" "$LAB/daemon.log")" -eq "$n" ]
	web_server 18091 "$LAB/http.mode"
	lab_wait 15 lab_learned 10.52.17.1/32
	# check_rise = 3: three rounds of all passing before the router has it
	grep -q "going up 2/3" "$LAB/daemon.log"
}

@test "the duration metric: a check label per check for services with built-in checks; upstream's series unchanged for check_cmd alone" {
	listen_tcp 18082
	lab_config <<-EOF
	prometheus_exporter = true
	prometheus_collector_textfile_dir = $LAB
	prometheus_exporter_interval = 1
	EOF
	lab_service both 10.52.18.1/32 /bin/true <<-EOF
	check_tcp = 127.0.0.1:18082
	EOF
	lab_service plain 10.52.18.2/32 /bin/true </dev/null
	lab_assign 10.52.18.1/32
	lab_assign 10.52.18.2/32
	lab_daemon_start
	f=$LAB/anycast_healthchecker.prom
	lab_wait 15 grep -q 'check="tcp"' "$f"
	lab_wait 15 grep -q 'check="cmd"' "$f"
	run grep '^anycast_healthchecker_service_check_duration_milliseconds' "$f"
	assert_line --regexp '^anycast_healthchecker_service_check_duration_milliseconds\{check="tcp",ip_prefix="10\.52\.18\.1/32",service_name="both"\} [0-9.e-]+$'
	assert_line --regexp '^anycast_healthchecker_service_check_duration_milliseconds\{check="cmd",ip_prefix="10\.52\.18\.1/32",service_name="both"\} [0-9.e-]+$'
	assert_line --regexp '^anycast_healthchecker_service_check_duration_milliseconds\{ip_prefix="10\.52\.18\.2/32",service_name="plain"\} [0-9.e-]+$'
	[ "${#lines[@]}" -eq 3 ]
	# promtool parses it; its one lint finding is upstream's metric name
	run promtool check metrics <"$f"
	[ "$status" -eq 0 ] || [ "$status" -eq 3 ]
	run sh -c "promtool check metrics <'$f' 2>&1 | grep -v 'duration_milliseconds use base unit'"
	assert_output ""
}

@test "check_http never goes through a proxy from the environment" {
	# a "proxy" that answers 200 to anything, and nothing on 18099
	echo 200 >"$LAB/http.mode"
	web_server 18098 "$LAB/http.mode"
	lab_config </dev/null
	lab_service dead 10.52.15.7/32 /bin/true <<-EOF
	check_http = http://127.0.0.1:18099/
	EOF
	sed -i '/^check_cmd = /d' "$LAB/d/dead.conf"
	lab_assign 10.52.15.7/32
	# curl itself goes through it: the proxy works
	run lab_h env http_proxy=http://127.0.0.1:18098 curl -sf http://127.0.0.1:18099/
	assert_success
	assert_output --partial "all is well"
	local p=http://127.0.0.1:18098
	http_proxy=$p HTTP_PROXY=$p https_proxy=$p HTTPS_PROXY=$p ALL_PROXY=$p \
	    all_proxy=$p lab_daemon_start
	lab_wait 10 grep -q "check_http failed: GET http://127.0.0.1:18099/: .*Couldn't connect\|Connection refused" "$LAB/daemon.log"
	sleep 1
	lab_not_learned 10.52.15.7/32
	run grep -c "changed to UP" "$LAB/daemon.log"
	assert_output 0
}

@test "check_tls_ca: HTTPS checks trust that bundle, instead of the system's CAs; -c refuses a bad one" {
	test_ca
	# a second CA, which signed nothing the server shows
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=other-ca \
	    -keyout "$LAB/pki/other.key" -out "$LAB/pki/other.crt" 2>/dev/null
	echo 200 >"$LAB/http.mode"
	web_server 18445 "$LAB/http.mode" "$LAB/pki/www.ok.test.crt" "$LAB/pki/www.ok.test.key"
	lab_config </dev/null
	https() {	# NAME PREFIX [CA]
		lab_service "$1" "$2" /bin/true <<-EOF
		check_http = https://127.0.0.1:18445/
		check_http_host = www.ok.test
		${3:+check_tls_ca = $3}
		EOF
		sed -i '/^check_cmd = /d' "$LAB/d/$1.conf"
	}
	https private 10.52.16.5/32 "$LAB/pki/ca.crt"
	https system 10.52.16.6/32
	https other 10.52.16.7/32 "$LAB/pki/other.crt"
	for i in 5 6 7; do lab_assign "10.52.16.$i/32"; done
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -P
	assert_line "check_tls_ca = $LAB/pki/ca.crt"
	# the system's CAs, bundle and hashed directory, include the test CA:
	# check_tls_ca replaces both
	mkdir "$LAB/certs"
	cat /etc/ssl/certs/ca-certificates.crt "$LAB/pki/ca.crt" \
	    >"$LAB/certs/ca-certificates.crt"
	cp "$LAB/pki/ca.crt" "$LAB/certs/"
	openssl rehash "$LAB/certs"
	ip netns exec "$LAB_H" unshare -m sh -c "
		mount --make-rprivate / &&
		mount --bind '$LAB/certs' /etc/ssl/certs &&
		exec '$LAB_BIN' -f '$LAB/main.conf' -d '$LAB/d'
	" >>"$LAB/daemon.log" 2>&1 &
	LAB_DAEMON_PID=$!
	lab_wait 15 lab_learned 10.52.16.5/32
	lab_wait 15 lab_learned 10.52.16.6/32
	lab_wait 10 grep -q "other *check_http failed: GET https://127.0.0.1:18445/: .*certificate" "$LAB/daemon.log"
	lab_not_learned 10.52.16.7/32
	kill "$WEB"
	# -c: an absolute path to a readable file that holds a certificate
	for v in "pki/ca.crt:it must be an absolute path" \
	    "$LAB/none.crt:[Errno 2] No such file or directory" \
	    "$LAB/pki/ca.key:no PEM certificate in it" \
	    "$LAB/pki:[Errno 21] Is a directory"; do
		https other 10.52.16.7/32 "${v%%:*}"
		run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c
		assert_failure 1
		assert_output --partial "Invalid configuration: invalid value (${v%%:*}) for 'check_tls_ca' option in service check other: ${v#*:}"
	done
}

@test "-c refuses a check_http_host or a check_dns name that no check could use" {
	lab_config </dev/null
	long=$(printf 'a%.0s' $(seq 1 64))
	for v in "a?b" "a#b" 'a\b' "a'b" "a b.test" "-a.test" "a..test" "$long.test" "a.test."; do
		printf '[h]\ncheck_http = http://127.0.0.1/\ncheck_http_host = %s\nip_prefix = 10.52.13.1/32\n' "$v" \
		    >"$LAB/d/h.conf"
		run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c
		assert_failure 1
		assert_output --partial "Invalid configuration: invalid value ($v) for 'check_http_host' option in service check h: "
	done
	rm "$LAB/d/h.conf"
	for v in "a b" "a..b" ".a" "$long.test" "a?b.test"; do
		printf '[d]\ncheck_dns = 127.0.0.1 %s\nip_prefix = 10.52.13.1/32\n' "$v" \
		    >"$LAB/d/d.conf"
		run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c
		assert_failure 1
		assert_output --partial "Invalid configuration: invalid value (127.0.0.1 $v) for 'check_dns' option in service check d: "
	done
	assert_output --partial "is not a domain name"
	# what DNS allows beyond host names: underscores, a final dot
	printf '[d]\ncheck_dns = 127.0.0.1 _dmarc.ok.test. TXT\nip_prefix = 10.52.13.1/32\n' >"$LAB/d/d.conf"
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c
	assert_success
	printf '[h]\ncheck_http = http://127.0.0.1/\ncheck_http_host = www-1.ok.test\nip_prefix = 10.52.13.2/32\n' >"$LAB/d/h.conf"
	run "$LAB_BIN" -f "$LAB/main.conf" -d "$LAB/d" -c
	assert_success
}

# A DNS server that answers wrongly on 127.0.0.1:5354, as $LAB/dns.mode
# says: "garbage" (our ID, then bytes that do not parse), "echo" (the
# query sent back: no QR bit), "other" (an answer to another question).
bad_dns_server() {
	ip netns exec "$LAB_H" python3 -c '
import socket, struct, sys
def name(n):
    return b"".join(bytes([len(l)]) + l.encode() for l in n.split(".")) + b"\0"
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 5354))
while True:
    q, peer = s.recvfrom(4096)
    mode = open(sys.argv[1]).read().strip()
    if mode == "garbage":
        r = q[:2] + b"\x81\x80" + struct.pack(">HHHH", 1, 1, 0, 0) + b"\x07ok"
    elif mode == "echo":
        r = q
    else:
        r = (q[:2] + b"\x81\x80" + struct.pack(">HHHH", 1, 1, 0, 0) +
             name("other.test") + struct.pack(">HH", 1, 1) + b"\xc0\x0c" +
             struct.pack(">HHIH", 1, 1, 60, 4) + bytes([10, 0, 0, 1]))
    s.sendto(r, peer)
' "$LAB/dns.mode" </dev/null >/dev/null 2>&1 3>&- &
	lab_wait 10 dns_answers 5354
}

@test "check_dns: a reply that does not parse or is no reply is malformed; an answer to another question does not pass" {
	echo garbage >"$LAB/dns.mode"
	bad_dns_server
	lab_config </dev/null
	dns_service bad 10.52.14.9/32 "127.0.0.1:5354 www.ok.test"
	sed -i 's/^check_timeout = .*/check_timeout = 0.5/' "$LAB/d/bad.conf"
	lab_daemon_start
	lab_wait 10 grep -q "check_dns failed: query to 127.0.0.1:5354: malformed reply" "$LAB/daemon.log"
	n=$(grep -c "malformed reply" "$LAB/daemon.log")
	echo echo >"$LAB/dns.mode"
	lab_wait 10 eval '[ "$(grep -c "malformed reply" "$LAB/daemon.log")" -gt '"$n"' ]'
	echo other >"$LAB/dns.mode"
	lab_wait 10 grep -q "check_dns timed out: query to 127.0.0.1:5354: no reply (a reply to another question was ignored)" "$LAB/daemon.log"
	sleep 1
	run grep -c "changed to UP" "$LAB/daemon.log"
	assert_output 0
}
