rc=1
--- stdout
--- stderr
Invalid configuration: nonexistent.d directory with configuration files for service checks doesn't exist
