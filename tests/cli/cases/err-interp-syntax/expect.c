rc=1
--- stdout
--- stderr
Invalid configuration: '%' must be followed by '%' or '(', found: '%'
