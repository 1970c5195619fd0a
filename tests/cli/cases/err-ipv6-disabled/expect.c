rc=1
--- stdout
--- stderr
Invalid configuration: IPv6 support is disabled in anycast-healthchecker while there is an IPv6 prefix configured for six service check
