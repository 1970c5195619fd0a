rc=1
--- stdout
--- stderr
Invalid configuration: No option 'check_cmd' in section: 'next'
