/*
 * BIRD's lag behind the files.  A reconfigure carries every write made
 * before it started; one made while it runs waits for the next.
 */

#include <stdio.h>
#include <stdlib.h>

#include "lag.h"

/* A file write that BIRD must take, at wall time now. */
void
lag_wrote(struct bird_lag *l, double now)
{
	if (l->waiting == 0)
		l->since = now;
	if (l->waiting == l->covered)
		l->since_next = now;
	l->waiting++;
}

/* A reconfigure starts: it carries what waits now. */
void
lag_started(struct bird_lag *l)
{
	l->covered = l->waiting;
}

/* It ended; ok: BIRD took the file as it was when the command started. */
void
lag_ended(struct bird_lag *l, int ok, double now)
{
	if (ok) {
		l->waiting -= l->covered;
		l->since = l->waiting > 0 ? l->since_next : 0;
		l->last_taken = now;
	}
	l->covered = 0;
}

void
lag_format(struct buf *b, int version, const struct bird_lag *l)
{
	buf_addf(b, "%d %lld %.3f %.3f\n", version, l->waiting, l->since,
	    l->last_taken);
}

/* One line of the state file; 0, or -1 if it is not one. */
int
lag_parse(const char *line, int *version, struct bird_lag *l)
{
	char	 end;

	*l = (struct bird_lag){ 0 };
	if (sscanf(line, "%d %lld %lf %lf%c", version, &l->waiting, &l->since,
	    &l->last_taken, &end) != 5 || end != '\n' ||
	    (*version != 4 && *version != 6) || l->waiting < 0)
		return -1;
	return 0;
}
