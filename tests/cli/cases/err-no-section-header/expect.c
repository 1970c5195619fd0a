rc=1
--- stdout
--- stderr
Invalid configuration: File contains no section headers.
file: 'd/n.conf', line: 2
'check_cmd = /bin/true\n'
