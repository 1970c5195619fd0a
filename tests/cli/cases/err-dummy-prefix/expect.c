rc=1
--- stdout
--- stderr
Invalid configuration: invalid dummy IPv4 prefix: 10.189.200.255/24
