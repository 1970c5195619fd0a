rc=1
--- stdout
--- stderr
Invalid configuration: Source contains parsing errors: 'd/n.conf'
	[line  4]: 'this line has no delimiter\n'
	[line  5]: "neither 'this' one\n"
	[line  6]: '= empty name\n'
