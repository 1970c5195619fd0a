rc=1
--- stdout
--- stderr
Invalid configuration: [Errno 2] No such file or directory: '/proc/ahc-test.log'
