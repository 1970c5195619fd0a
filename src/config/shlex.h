#ifndef SHLEX_H
#define SHLEX_H

#include "util.h"

/*
 * Python's shlex.split(s) in POSIX mode with comments off: the way
 * upstream turns check_cmd and the reconfigure commands into argv.
 */
int	shlex_split(const char *, char ***, size_t *, struct buf *);
void	shlex_free(char **);

#endif
