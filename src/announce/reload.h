#ifndef RELOAD_H
#define RELOAD_H

#include <poll.h>

#include "ajob.h"
#include "spawn.h"
#include "update.h"

/*
 * Telling BIRD, from the main thread's poll loop: the reconfigure of
 * each update target, at most one in flight per distinct command and
 * again with back-off until BIRD takes the file; and the services' own
 * custom commands, one in flight per service, the newest wish waiting
 * behind it.  Nothing here blocks the main thread, so a hanging command
 * delays neither other services' changes nor a SIGTERM.
 */

struct reload_job {
	struct ajob		 a;		/* first: ajobs hold &a */
	int			 custom;	/* else a reconfigure */
	unsigned int		 targets;	/* a reconfigure's, one bit each */
	struct service		*svc;		/* a custom command's */
};

struct reload {
	struct update_target	*u;
	size_t			 nu;
	struct settings		*st;
	struct ajobs		 jobs;
	struct service		**retired;	/* removed, custom jobs left */
	size_t			 nretired;
	int			 stopping;	/* shutdown: start nothing */
};

void	reload_init(struct reload *, struct settings *,
	    struct update_target *, size_t);
void	reload_kick(struct reload *);
void	reload_custom(struct reload *, struct service *, int);
int	reload_forget(struct reload *, struct service *);
int	reload_pollfds(struct reload *, struct pollfd *, int, int *);
void	reload_step(struct reload *, const struct pollfd *);
void	reload_stop(struct reload *, int);
int	reload_busy(const struct reload *);
void	reload_abort(struct reload *);
void	reload_last(struct reload *, double);

#endif
