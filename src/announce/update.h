#ifndef UPDATE_H
#define UPDATE_H

#include "engine.h"

/* Per IP version: what the file must hold and whether BIRD must reload. */
struct update_target {
	struct bird_target	*t;
	struct bird_lag		*lag;
	struct strset		 known;		/* prefixes with a check, dummy */
	int			 drain;		/* the file has the drain list:
						   a service drains, or it
						   was there already */
	int			 pending;	/* file changed, not yet loaded */
	double			 retry_at;
	double			 backoff;
};

void	update_init(struct update_target *, struct settings *,
	    struct bird_target *);
void	update_known(struct update_target *, struct settings *);
int	update_has(struct update_target *, const struct service *);
void	update_startup(struct update_target *, int);
void	update_apply(struct update_target *, const struct change *, size_t,
	    int *);

#endif
