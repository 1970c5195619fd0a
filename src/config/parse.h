#ifndef PARSE_H
#define PARSE_H

#include <stddef.h>

#include "config.h"
#include "util.h"

int	parse_text(struct config *, const char *, const char *, size_t,
	    struct buf *);
int	parse_file(struct config *, const char *, struct buf *);

#endif
