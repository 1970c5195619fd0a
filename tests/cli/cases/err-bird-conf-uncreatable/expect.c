rc=1
--- stdout
--- stderr
Invalid configuration: failed to create @TMP@/nodir/4.conf:[Errno 2] No such file or directory: '@TMP@/nodir/4.conf'
