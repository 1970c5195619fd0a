#ifndef BIRD_H
#define BIRD_H

#include "plist.h"
#include "util.h"
#include "validate.h"

int	bird_create_files(const struct bird_targets *, struct buf *);
int	bird_write(const struct bird_target *, const struct plist *);
void	bird_archive(const struct bird_target *);
int	bird_reconfigured(int, const char *);
int	bird_reconfigure(const char *);
void	bird_custom_reconfigure(const char *, double, int);
void	bird_now(char *, size_t);

#endif
