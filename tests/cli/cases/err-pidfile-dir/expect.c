rc=1
--- stdout
--- stderr
Invalid configuration: @TMP@/missing doesn't exit
