rc=1
--- stdout
--- stderr
Invalid configuration: 10.1.1.26 is used by 2 service checks
