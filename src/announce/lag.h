#ifndef LAG_H
#define LAG_H

/*
 * How far BIRD is behind the files, per IP version: the writes it has
 * not taken yet, since when, and when it last took one.  The main thread
 * keeps it; the Prometheus textfile and a state file beside the pidfile
 * (for the Nagios plugin) show it.  Pure bookkeeping, no I/O.
 */

#include "util.h"

/*
 * Times come in pairs: the wall clock's, to show, and the boot clock's
 * (clock_boot()), to measure an age by, which no clock step moves.
 */
struct bird_lag {
	long long	 waiting;	/* writes BIRD has not taken */
	long long	 covered;	/* of those, what the reconfigure in
					   flight carries */
	double		 since;		/* wall time of the oldest waiting */
	double		 since_boot;	/* its boot time; -1: not known */
	double		 since_next;	/* of the oldest the flight misses */
	double		 next_boot;
	double		 last_taken;	/* wall time BIRD last took a file */
};

void	lag_wrote(struct bird_lag *, double, double);
void	lag_started(struct bird_lag *);
void	lag_ended(struct bird_lag *, int, double);

/*
 * The state file: one line per IP version, "4 <waiting> <since> <last>
 * <since_boot>"; a line without the last field (an older daemon's) is
 * read with since_boot -1.
 */
void	lag_format(struct buf *, int, const struct bird_lag *);
int	lag_parse(const char *, int *, struct bird_lag *);
double	lag_age(const struct bird_lag *, double, double);

#endif
