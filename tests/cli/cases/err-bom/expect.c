rc=1
--- stdout
--- stderr
Invalid configuration: File contains no section headers.
file: 'd/b.conf', line: 1
'\ufeff[bom]\n'
