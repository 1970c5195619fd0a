rc=1
--- stdout
--- stderr
Invalid configuration: invalid dummy IPv6 prefix: 2001:db8::1/64
