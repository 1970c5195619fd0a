#ifndef LAGFILE_H
#define LAGFILE_H

#include "settings.h"

/*
 * The state file beside the pidfile that tells the Nagios plugin how far
 * BIRD is behind: the pidfile's name with ".pid" replaced by ".bird".
 */

char	*lagfile_path(const char *);
int	 lagfile_write(struct settings *);
void	 lagfile_remove(struct settings *);

#endif
