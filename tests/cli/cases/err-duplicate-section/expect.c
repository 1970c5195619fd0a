rc=1
--- stdout
--- stderr
Invalid configuration: While reading from 'd/d.conf' [line  5]: section 'dup' already exists
