rc=1
--- stdout
--- stderr
Invalid configuration: invalid data for 'check_rise' option in service check in: invalid literal for int() with base 10: '2.5'
