#ifndef PRINTCONF_H
#define PRINTCONF_H

#include "config.h"
#include "util.h"

void	printconf_defaults(struct buf *);
int	printconf_config(struct config *, struct buf *, struct buf *);

#endif
