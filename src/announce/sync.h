#ifndef SYNC_H
#define SYNC_H

/*
 * The cycle of the announcers that hold routes in the routing daemon
 * (frr, gobgp): read back what the daemon has of ours, log each drift
 * and repair it, apply what a check changed, read back again to verify;
 * every resync_interval read back anyway, so that a restarted daemon
 * gets its routes again.  A failure (the daemon down, a command timing
 * out) is retried after 1, 2, 4, then every 8 seconds.  The kind gives
 * the commands and reads their output.
 */

#include "ajob.h"
#include "announce.h"
#include "lag.h"
#include "want.h"

struct sync;

/* A command of the cycle: a read-back, or one that applies routes. */
struct sync_job {
	struct ajob	 a;		/* first: ajobs hold &a */
	int		 read;		/* else an apply */
	int		 version;	/* a read's IP version, if one */
	size_t		 nroutes;	/* what an apply carries */
	struct sync_carried {
		char	*vrf;
		char	 prefix[PREFIX_STRLEN];
		int	 version;
		int	 state;		/* WANT_ON or WANT_OFF */
		char	*comm;
	}		*routes;
};

struct sync_ops {
	/* start the read-back's jobs (sync_job_new): 0, or -1 (logged) */
	int	(*read)(struct sync *);
	/* a read job's output, into sync_seen() calls: 0, or -1 (logged) */
	int	(*read_done)(struct sync *, struct sync_job *);
	/* start the jobs that apply these routes: 0, or -1 (logged) */
	int	(*apply)(struct sync *, struct sync_carried *, size_t);
	/* did this apply job succeed?  (logged) */
	int	(*apply_done)(struct sync *, struct sync_job *);
};

struct sync {
	struct announcer	*a;
	const struct sync_ops	*ops;
	struct want_set		 ws;
	struct ajobs		 jobs;
	void			*kind;		/* the kind's own */
	int			 reading;	/* read jobs in flight */
	int			 read_failed;
	int			 applying;	/* apply jobs in flight */
	int			 apply_failed;
	int			 need_read;	/* verify what an apply did */
	int			 read_ok;	/* the belief is from a read-back;
					   0 at start and after a failure */
	int			 stopping;
	double			 next_read;	/* the resync */
	double			 retry_at;
	double			 backoff;
};

void	sync_init(struct sync *, struct announcer *, const struct sync_ops *,
	    void *);
void	sync_known(struct sync *);
void	sync_push(struct sync *, const struct change *, size_t, int *);
void	sync_kick(struct sync *);
int	sync_pollfds(struct sync *, struct pollfd *, int, int *);
void	sync_step(struct sync *, const struct pollfd *);
void	sync_stop(struct sync *, int);
int	sync_busy(const struct sync *);
void	sync_abort(struct sync *);
void	sync_last(struct sync *, double);
void	sync_free(struct sync *);
/* a job of the kind's, in the cycle's list: a read (1) or an apply */
struct sync_job	*sync_job_new(struct sync *, int);
/* start it: the kind's command words, then these; 0, or -1 (logged) */
int		 sync_run(struct sync *, struct sync_job *, char **, size_t,
		    char **, size_t, double, size_t);
/* it could not start: r.error logged, naming the command or socket */
void		 sync_not_started(struct sync *, struct sync_job *,
		    const char *);
/* did it succeed?  What it said is logged if not, with what and a hint */
int		 sync_job_ok(struct sync *, struct sync_job *, const char *,
		    const char *);
/* the read-back found this route of ours, with these communities */
void		 sync_seen(struct sync *, const char *, const char *, int,
		    const char *);
struct bird_lag	*sync_lag(struct sync *, int);

/*
 * A kind's entry points (announce.h), for a kind whose private struct
 * starts with its struct sync.
 */
void	sync_kind_push(struct announcer *, const struct change *, size_t,
	    int *);
void	sync_kind_known(struct announcer *);
int	sync_kind_has(struct announcer *, const struct service *);
int	sync_kind_retire(struct announcer *, struct service *);
void	sync_kind_kick(struct announcer *);
int	sync_kind_pollfds(struct announcer *, struct pollfd *, int, int *);
void	sync_kind_step(struct announcer *, const struct pollfd *);
void	sync_kind_stop(struct announcer *, int);
int	sync_kind_busy(const struct announcer *);
void	sync_kind_abort(struct announcer *);
void	sync_kind_last(struct announcer *, double);

#endif
