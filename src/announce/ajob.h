#ifndef AJOB_H
#define AJOB_H

/*
 * Commands the main thread runs without waiting for them (birdc, vtysh,
 * gobgp, or a talk on FRR's socket): a list of children in flight,
 * polled with the rest of the main loop.  An owner embeds struct ajob
 * first in a job of its own and is told, through done(), of each that
 * ends; done() takes it off the list.
 */

#include <poll.h>

#include "frrvty.h"
#include "spawn.h"

struct ajob {
	struct spawn_proc	 p;
	struct frrvty		 v;
	int			 talk;		/* a talk on a socket (v), not a
						   child (p) */
	struct spawn_result	 r;
	int			 pfd_off;	/* where its pollfds went */
	int			 pfd_n;		/* how many; -1: not polled */
};

struct ajobs {
	struct ajob	**v;
	size_t		  n;
};

typedef void	(*ajob_done_fn)(void *, struct ajob *);

void	ajobs_add(struct ajobs *, struct ajob *);
/* has it started?  (a kind may fail to start some of the jobs it made) */
int	ajob_started(const struct ajob *);
/* end it now, its result complete */
void	ajob_finish(struct ajob *);
void	ajobs_remove(struct ajobs *, struct ajob *);
int	ajobs_pollfds(struct ajobs *, struct pollfd *, int, int *);
void	ajobs_step(struct ajobs *, const struct pollfd *, ajob_done_fn,
	    void *);
void	ajobs_signal(struct ajobs *, int);
void	ajobs_abort(struct ajobs *, ajob_done_fn, void *);
void	ajobs_wait(struct ajobs *, double, ajob_done_fn, void *);

/*
 * Retries after 1, 2, 4 and then every 8 seconds: short enough that
 * monitoring sees the routing daemon back within seconds.
 */
#define BACKOFF_FIRST	1.0
#define BACKOFF_MAX	8.0

double	backoff_next(double *);

#endif
