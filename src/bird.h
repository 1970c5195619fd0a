#ifndef BIRD_H
#define BIRD_H

#include "util.h"
#include "validate.h"

int	bird_create_files(const struct bird_targets *, struct buf *);

#endif
