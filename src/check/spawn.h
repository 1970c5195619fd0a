#ifndef SPAWN_H
#define SPAWN_H

#include <sys/types.h>

#include <poll.h>
#include <pthread.h>

/*
 * How much of each of stdout and stderr is kept, as much as the log shows
 * of a failed check; the rest is read and dropped.
 */
#define SPAWN_OUTPUT_MAX	1024

/*
 * On timeout a group first gets SIGTERM, so that sudo can relay it to a
 * child we may not signal ourselves, and SIGKILL once the leader is gone
 * or this many seconds have passed.
 */
#define SPAWN_GRACE		0.5

/*
 * Whoever shuts the daemon down must find every group in flight.  A
 * guard is held from before the fork until the pid is published, so a
 * check is either seen by spawn_guard_stop() or never started; and the
 * pid is withdrawn before the child is reaped, so a signal under the
 * guard never reaches a reused pid.
 */
struct spawn_guard {
	pthread_mutex_t	 mu;
	int		 stopping;
	pid_t		 pid;
};

#define SPAWN_GUARD_INIT	{ PTHREAD_MUTEX_INITIALIZER, 0, 0 }

struct spawn_opts {
	double		 timeout;	/* seconds */
	int		 new_session;	/* setsid() instead of setpgid() */
	int		 merge;		/* stderr into the stdout pipe */
	int		 sweep;		/* kill the group after a normal exit */
	struct spawn_guard *guard;	/* optional */
	size_t		 outmax;	/* bytes of stdout kept; 0: the default */
};

/* buf is NUL-terminated; it takes memory only once the stream has bytes. */
struct spawn_output {
	char		*buf;
	size_t		 len;
	size_t		 cap;		/* of buf, the NUL not counted */
	size_t		 max;		/* kept at most */
	size_t		 dropped;
	int		 eof;
};

struct spawn_result {
	int			 error;		/* errno: it could not start */
	int			 timed_out;
	int			 status;	/* exit code, or -signal */
	double			 duration_ms;
	struct spawn_output	 out;
	struct spawn_output	 err;
};

/* A child in flight, for a caller that polls many at once. */
struct spawn_proc {
	struct spawn_opts	 o;
	struct spawn_result	*r;
	pid_t			 pid;
	int			 pidfd;
	int			 outfd;
	int			 errfd;
	int			 exited;
	double			 t0;
	double			 kill_at;	/* SIGKILL due; 0: no SIGTERM yet */
};

#define SPAWN_POLLFDS		3

void	spawn_init(void);
int	spawn_start(char *const [], const struct spawn_opts *,
	    struct spawn_proc *, struct spawn_result *);
int	spawn_pollfds(const struct spawn_proc *, struct pollfd *, int *);
int	spawn_step(struct spawn_proc *, const struct pollfd *, int);
void	spawn_signal(struct spawn_proc *, int);
void	spawn_finish(struct spawn_proc *);
int	spawn_run(char *const [], const struct spawn_opts *,
	    struct spawn_result *);
void	spawn_result_free(struct spawn_result *);
/* for a reader of its own: room at the end of the kept output; n used */
size_t	spawn_output_room(struct spawn_output *);
void	spawn_output_took(struct spawn_output *, size_t, size_t);

void	spawn_guard_init(struct spawn_guard *);
void	spawn_guard_stop(struct spawn_guard *, int);
void	spawn_guard_kill(struct spawn_guard *, int);
int	spawn_guard_gone(struct spawn_guard *, int);

#endif
