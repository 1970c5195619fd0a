rc=1
--- stdout
--- stderr
Invalid configuration: invalid data for 'log_maxbytes' option in daemon section: invalid literal for int() with base 10: '100MB'
