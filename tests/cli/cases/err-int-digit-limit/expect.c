rc=1
--- stdout
--- stderr
Invalid configuration: invalid data for 'check_rise' option in service check svc: Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit
