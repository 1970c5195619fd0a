rc=0
--- stdout
@TMP@/history is created
OK
--- stderr
