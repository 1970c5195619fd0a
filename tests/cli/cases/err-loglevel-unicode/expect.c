rc=1
--- stdout
--- stderr
Invalid configuration: Invalid log level: dĕbug
