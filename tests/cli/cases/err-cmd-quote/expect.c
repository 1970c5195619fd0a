rc=1
--- stdout
--- stderr
Invalid configuration: No closing quotation
