#ifndef ENGINE_H
#define ENGINE_H

#include <pthread.h>

#include "settings.h"

struct announcer;
struct pidfile;
struct reconfig;

/*
 * A service's wish for its prefixes: removed, announced, or announced
 * with the drain community (RFC 8326's GRACEFUL_SHUTDOWN) so that
 * traffic moves away first.
 */
#define CHANGE_OFF	0
#define CHANGE_ON	1
#define CHANGE_DRAIN	2

struct change {
	struct service	*svc;
	int		 up;		/* CHANGE_* */
	double		 drain;		/* a planned drain's seconds; then off.
					   0: until the check passes */
};

struct engine {
	struct settings	*st;
	const struct config_paths *paths;	/* what SIGHUP reads again */
	struct pidfile	*pidfh;
	struct announcer *ann;		/* tells the routing daemon */
	struct reconfig	*reconf;	/* a SIGHUP waiting for threads */

	pthread_mutex_t	 lock;		/* guards everything below */
	struct change	*q;
	size_t		 qn;
	size_t		 qcap;
	struct service	*died;
	char		*died_why;
	int		 wakefd;	/* eventfd: the queue has news */
	int		 sfd;		/* signalfd: SIGTERM and the rest */

	/* atomic, outside the lock: see engine_wait() */
	uint32_t	 nap;		/* service threads sleep on it */
	unsigned long	 urgent_gen;	/* SIGURG: run every check now */
	unsigned long	 refresh_gen;	/* the log file was rotated */
	unsigned int	 log_gen;	/* logsink_generation() last seen */
};

void	engine_init(struct engine *, struct settings *, struct pidfile *,
	    const struct config_paths *);
void	engine_launch(struct engine *, struct service *, double);
void	engine_apply(struct engine *);
void	engine_push(struct engine *, struct change *, size_t);
void	engine_status(struct engine *);
int	engine_run(struct engine *) __attribute__((noreturn));
void	engine_post(struct engine *, struct service *, int, double);
void	engine_nudge(struct engine *);
void	engine_drains(struct engine *, int *);
/* shutdown.c: the exit, once a signal asks for it */
void	shutdown_now(struct engine *, int) __attribute__((noreturn));
void	engine_died(struct engine *, struct service *, const char *);
void	engine_wait(struct engine *, struct service *, double);

/*
 * A service thread's stack: enough for our frames; thousands of services
 * make this add up.  bench/threadfloor starts its threads with it too.
 */
#define SERVICE_STACK	(256 * 1024)

/* round.c: one round's checks, and their verdict */
int		 round_check(struct engine *, struct service *);
void		 round_judge(int, const char *, const char *);
const char	*round_verdict(int *);

void	service_start(struct engine *, struct service *, double);
void	service_disabled(struct engine *, struct service *);
void	service_signal(struct engine *, struct service *);
int	service_reap(struct service *, int);
int	service_check_gone(struct service *);

#endif
