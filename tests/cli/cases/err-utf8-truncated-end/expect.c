rc=1
--- stdout
--- stderr
Invalid configuration: 'utf-8' codec can't decode bytes in position 0-1: unexpected end of data
