rc=1
--- stdout
--- stderr
Invalid configuration: invalid value (10.1.1.256) for 'ip_prefix' option in service check pg. It should be an IP PREFIX in form of ip/prefixlen.
