rc=1
--- stdout
--- stderr
Invalid configuration: failed to run check command '@TMP@/n6' for service check svc: [Errno 40] Too many levels of symbolic links: '@TMP@/n6'
