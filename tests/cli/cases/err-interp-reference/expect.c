rc=1
--- stdout
--- stderr
Invalid configuration: bad interpolation variable reference '%(x)d'
