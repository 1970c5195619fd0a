#ifndef RECONFIG_H
#define RECONFIG_H

#include "config.h"
#include "engine.h"

void	reconfig_run(struct engine *, const struct config_paths *);
void	reconfig_step(struct engine *, int *);
void	reconfig_retired(struct engine *);

#endif
