rc=1
--- stdout
--- stderr
Invalid configuration: invalid data for 'check_disabled' option in service check bs: Not a boolean: Yes please
