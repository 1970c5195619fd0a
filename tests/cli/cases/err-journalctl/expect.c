rc=1
--- stdout
--- stderr
Invalid configuration: invalid data for 'log_format_journalctl' option in daemon section: Not a boolean: journal
