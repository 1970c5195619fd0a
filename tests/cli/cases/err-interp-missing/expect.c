rc=1
--- stdout
--- stderr
Invalid configuration: Bad value substitution: option 'check_timeout' in section 'im' contains an interpolation key 'nope' which is not a valid option name. Raw value: '%(nope)s'
