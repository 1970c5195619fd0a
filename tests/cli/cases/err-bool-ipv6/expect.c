rc=1
--- stdout
--- stderr
Invalid configuration: Not a boolean: sometimes
