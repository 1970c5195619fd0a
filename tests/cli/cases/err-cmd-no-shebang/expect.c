rc=1
--- stdout
--- stderr
Invalid configuration: failed to run check command '@TMP@/noshebang' for service check ns: [Errno 8] Exec format error: '@TMP@/noshebang'
