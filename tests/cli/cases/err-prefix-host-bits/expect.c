rc=1
--- stdout
--- stderr
Invalid configuration: invalid value (10.1.1.24/24) for 'ip_prefix' option in service check hb. It should be an IP PREFIX in form of ip/prefixlen.
