rc=1
--- stdout
--- stderr
Invalid configuration: While reading from 'd/d.conf' [line  4]: option 'ip_prefix' in section 'dup' already exists
