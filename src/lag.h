#ifndef LAG_H
#define LAG_H

/*
 * How far BIRD is behind the files, per IP version: the writes it has
 * not taken yet, since when, and when it last took one.  The main thread
 * keeps it; the Prometheus textfile and a state file beside the pidfile
 * (for the Nagios plugin) show it.  Pure bookkeeping, no I/O.
 */

#include "util.h"

struct bird_lag {
	long long	 waiting;	/* writes BIRD has not taken */
	long long	 covered;	/* of those, what the reconfigure in
					   flight carries */
	double		 since;		/* wall time of the oldest waiting */
	double		 since_next;	/* of the oldest the flight misses */
	double		 last_taken;	/* wall time BIRD last took a file */
};

void	lag_wrote(struct bird_lag *, double);
void	lag_started(struct bird_lag *);
void	lag_ended(struct bird_lag *, int, double);

/* The state file: one line per IP version, "4 <waiting> <since> <last>". */
void	lag_format(struct buf *, int, const struct bird_lag *);
int	lag_parse(const char *, int *, struct bird_lag *);

#endif
