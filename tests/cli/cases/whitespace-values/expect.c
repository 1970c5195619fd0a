rc=1
--- stdout
--- stderr
Invalid configuration: invalid value (10.1.1.45
odd=value) for 'ip_prefix' option in service check ws. It should be an IP PREFIX in form of ip/prefixlen.
