rc=1
--- stdout
--- stderr
Invalid configuration: Recursion limit exceeded in value substitution: option 'interface' in section 'id' contains an interpolation key which cannot be substituted in 10 steps. Raw value: '%(loop)s'
