rc=1
--- stdout
--- stderr
Invalid configuration: failed to run check command '/tmp' for service check dir: [Errno 13] Permission denied: '/tmp'
