rc=1
--- stdout
--- stderr
Invalid configuration: invalid data for 'check_rise' option in service check svc: invalid literal for int() with base 10: 'x\u0378y\u200bz😀\u1680\xad'
