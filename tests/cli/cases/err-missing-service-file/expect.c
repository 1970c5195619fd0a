rc=1
--- stdout
--- stderr
Invalid configuration: nonexistent.conf configuration file for a service check doesn't exist
