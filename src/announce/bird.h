#ifndef BIRD_H
#define BIRD_H

#include "plist.h"
#include "spawn.h"
#include "util.h"
#include "validate.h"

int	bird_create_files(const struct bird_targets *, struct buf *);
int	bird_write(const struct bird_target *, const struct plist *,
	    const struct plist *);
void	bird_archive(const struct bird_target *);
int	bird_reconfigured(int, const char *);
int	bird_reconfigure_start(const char *, struct spawn_proc *,
	    struct spawn_result *);
int	bird_reconfigure_done(struct spawn_result *);
int	bird_custom_start(const char *, double, int, struct spawn_proc *,
	    struct spawn_result *);
void	bird_custom_done(struct spawn_result *);
void	bird_now(char *, size_t);

#endif
