#ifndef WANT_H
#define WANT_H

/*
 * What the routing daemon should announce, and what it is believed to
 * announce, prefix by prefix: the model the announcers that hold routes
 * in the daemon itself (frr, gobgp, exabgp) share.  A read-back of the
 * daemon is compared with the belief: a difference is drift (the daemon
 * restarted, someone removed a route), a repair to log.  What is wanted
 * and not believed applied becomes a command.  Pure logic, no I/O.
 */

#include "prefix.h"

enum want_state {
	WANT_UNKNOWN = -1,	/* no check has said yet; touch nothing */
	WANT_OFF = 0,
	WANT_ON = 1
};

struct want_route {
	char	 prefix[PREFIX_STRLEN];
	int	 version;		/* 4 or 6 */
	char	*vrf;			/* FRR's VRF; NULL: the default */
	char	*comm;			/* communities wanted; NULL: none */
	char	*svc;			/* whose; NULL: no service has it */
	int	 want;			/* WANT_* */
	int	 applied;		/* WANT_*: the daemon has it, we believe */
	char	*applied_comm;
	int	 seen;			/* in the read-back under way */
};

struct want_set {
	struct want_route	*r;
	size_t			 n;
};

/* What to do about one route, and why when it is a repair. */
enum want_drift { DRIFT_NONE, DRIFT_MISSING, DRIFT_APPEARED, DRIFT_CHANGED };

/* Routes are named by (vrf, prefix): the array moves as it changes. */
struct want_route	*want_find(struct want_set *, const char *, const char *);
/* a configured prefix: kept, or added unknown; its service, VRF, comm */
struct want_route	*want_route(struct want_set *, const char *, int,
			    const char *, const char *, const char *);
/* after a reload: routes of no service are wanted off */
void			 want_mark_all(struct want_set *);
void			 want_orphans(struct want_set *);
/* 1 if the wish changed */
int			 want_set_state(struct want_route *, int);

void			 want_read_begin(struct want_set *);
/* the daemon has this route (ours); a route unknown so far is added */
enum want_drift		 want_read(struct want_set *, const char *, int,
			    const char *, const char *, struct want_route **);
/* the end of it: believed routes not seen are missing (each told) */
void			 want_read_end(struct want_set *,
			    void (*)(struct want_route *, void *), void *);

/* Does this route need a command: on (with its comm) or off? */
int			 want_pending(const struct want_route *);
/* A command for (vrf, prefix) with this state and comm succeeded. */
void			 want_done(struct want_set *, const char *, const char *,
			    int, const char *);
void			 want_free(struct want_set *);

#endif
