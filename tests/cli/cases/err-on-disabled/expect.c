rc=1
--- stdout
--- stderr
Invalid configuration: 'on_disabled' option has invalid value (Withdraw) for service check od, 'on_disabled option should be set either to 'withdraw' or to 'advertise'
