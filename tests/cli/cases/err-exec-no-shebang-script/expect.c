rc=1
--- stdout
--- stderr
Invalid configuration: failed to run check command '@TMP@/check' for service check svc: [Errno 8] Exec format error: '@TMP@/check'
