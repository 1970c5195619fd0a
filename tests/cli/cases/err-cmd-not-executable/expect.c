rc=1
--- stdout
--- stderr
Invalid configuration: failed to run check command '@TMP@/notexec.sh' for service check ne: [Errno 13] Permission denied: '@TMP@/notexec.sh'
