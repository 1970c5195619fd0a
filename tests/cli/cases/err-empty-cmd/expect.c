rc=1
--- stdout
--- stderr
Invalid configuration: failed to run check command '' for service check ec: the command is empty
