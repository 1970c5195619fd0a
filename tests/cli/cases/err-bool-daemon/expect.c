rc=1
--- stdout
--- stderr
Invalid configuration: invalid data for 'purge_ip_prefixes' option in daemon section: Not a boolean: maybe
