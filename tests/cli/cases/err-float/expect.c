rc=1
--- stdout
--- stderr
Invalid configuration: invalid data for 'check_interval' option in service check fl: could not convert string to float: '10s'
