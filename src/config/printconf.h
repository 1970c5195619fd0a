#ifndef PRINTCONF_H
#define PRINTCONF_H

#include "config.h"
#include "util.h"
#include "validate.h"

void	printconf_defaults(struct buf *);
int	printconf_config(struct config *, struct buf *, struct buf *);
int	printconf_bird(struct config *, const struct bird_targets *,
	    struct buf *, struct buf *, struct buf *);

#endif
