rc=1
--- stdout
--- stderr
Invalid configuration: 'utf-8' codec can't decode byte 0xff in position 1501: invalid start byte
