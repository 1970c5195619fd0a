rc=0
--- stdout
OK
--- stderr
