rc=1
--- stdout
--- stderr
Invalid configuration: [Errno 21] Is a directory: '@TMP@'
