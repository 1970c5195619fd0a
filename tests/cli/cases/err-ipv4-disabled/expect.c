rc=1
--- stdout
--- stderr
Invalid configuration: IPv4 support is disabled in anycast-healthchecker while there is an IPv4 prefix configured for four service check
