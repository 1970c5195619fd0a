rc=1
--- stdout
--- stderr
Invalid configuration: 'utf-8' codec can't decode byte 0xe9 in position 58: invalid continuation byte
