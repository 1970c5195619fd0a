#ifndef ANNOUNCE_H
#define ANNOUNCE_H

/*
 * Telling the routing daemon: one interface, a sibling file per daemon
 * (announce_bird.c, announce_frr.c, announce_gobgp.c, announce_exabgp.c).
 * The main thread drives an announcer from its poll loop: it pushes each
 * burst of changes at once, and the announcer applies them, retries with
 * back-off and keeps the lag (lag.h) per IP version.  Nothing here may
 * block the main thread: commands run as children polled with the rest.
 * Service threads and the configuration know nothing of which daemon it
 * is.
 */

#include <poll.h>

#include "engine.h"

struct announcer;

struct announce_kind {
	const char	*name;		/* as the announcer option says it */
	const char	*daemon;	/* as people say it: "BIRD", "FRR" */
	/* before the threads start: repair what the daemon has */
	void	(*start)(struct announcer *);
	/*
	 * A burst of changes; altered[i]: change i changed what is
	 * announced (BIRD's custom commands want to hear of each).
	 */
	void	(*push)(struct announcer *, const struct change *, size_t,
		    int *);
	/* a reload changed the services: what may be announced now */
	void	(*known)(struct announcer *);
	/*
	 * Is a prefix of s announced now, as far as is known (BIRD: in the
	 * file; FRR, gobgpd: read back or applied)?  Unknown counts as not.
	 */
	int	(*has)(struct announcer *, const struct service *);
	/* a reload removed s; 1 if the announcer keeps it (and frees it) */
	int	(*retire)(struct announcer *, struct service *);
	/* start whatever is due */
	void	(*kick)(struct announcer *);
	int	(*pollfds)(struct announcer *, struct pollfd *, int, int *);
	void	(*step)(struct announcer *, const struct pollfd *);
	/* shutdown: start nothing more, signal what runs */
	void	(*stop)(struct announcer *, int);
	int	(*busy)(const struct announcer *);
	void	(*abort)(struct announcer *);
	/* at exit: apply what is pending once, by this mono time */
	void	(*last)(struct announcer *, double);
	void	(*free)(struct announcer *);
};

struct announcer {
	const struct announce_kind	*kind;
	struct settings			*st;
	void				*priv;	/* the kind's own */
};

extern const struct announce_kind announce_bird;
extern const struct announce_kind announce_frr;
extern const struct announce_kind announce_gobgp;
extern const struct announce_kind announce_exabgp;

/* The kind the configuration names; NULL if none is called so. */
const struct announce_kind	*announce_find(const char *);
void	announce_init(struct announcer *, struct settings *);
/*
 * One prefix of a change, in the same words whoever is told; was is the
 * service's state before it (CHANGE_*).
 */
void	announce_log(const struct change *, const char *, int);
/* The communities a service's routes carry in this state, or NULL. */
char	*announce_comm(const struct settings *, const struct service *, int);
/*
 * For the kinds that keep wanted routes (want.h): the services' routes
 * as they are now, and a burst of changes into them; wrote(arg, version)
 * hears of each route a change altered.  vrf: FRR's per-service VRFs.
 */
struct want_set;
void	announce_want_known(struct want_set *, const struct settings *, int);
int	announce_want_has(const struct want_set *, const struct service *);
void	announce_want_push(struct want_set *, const struct settings *, int,
	    const struct change *, size_t, int *, void (*)(void *, int),
	    void *);
/* exabgp: the pipe to ExaBGP is the daemon's alone, from start-up on */
void	announce_exabgp_take_stdout(void);

#endif
