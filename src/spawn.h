#ifndef SPAWN_H
#define SPAWN_H

/*
 * Find the program of an argv the way upstream's subprocess.Popen() does
 * (PATH search unless it holds a '/', first error that is not ENOENT or
 * ENOTDIR wins) and predict what execve(2) would say, without running it.
 * *path is the file a PATH search found, NULL for a name with a '/'.
 */
int	spawn_resolve(const char *, char **, int *);

/*
 * How much of each of stdout and stderr is kept, as much as the log shows
 * of a failed check; the rest is read and dropped.
 */
#define SPAWN_OUTPUT_MAX	1024

struct spawn_opts {
	double		 timeout;	/* seconds */
	int		 new_session;	/* setsid() instead of setpgid() */
	int		 merge;		/* stderr into the stdout pipe */
	int		 sweep;		/* kill the group after a normal exit */
	pid_t		*running;	/* if set, holds the pid while it runs */
};

/* buf is NUL-terminated; it takes memory only once the stream has bytes. */
struct spawn_output {
	char		*buf;
	size_t		 len;
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

int	spawn_run(char *const [], const struct spawn_opts *,
	    struct spawn_result *);
void	spawn_init(void);
void	spawn_result_free(struct spawn_result *);
void	spawn_kill(pid_t *);

#endif
