rc=1
--- stdout
--- stderr
Invalid configuration: failed to run check command 'no-such-check-program --flag' for service check nf: [Errno 2] No such file or directory: 'no-such-check-program'
