/*
 * BIRD's lag behind the files.  A reconfigure carries every write made
 * before it started; one made while it runs waits for the next.
 */

#include <stdio.h>
#include <stdlib.h>

#include "lag.h"

/* A file write that BIRD must take, at these wall and boot times. */
void
lag_wrote(struct bird_lag *l, double now, double boot)
{
	if (l->waiting == 0) {
		l->since = now;
		l->since_boot = boot;
	}
	if (l->waiting == l->covered) {
		l->since_next = now;
		l->next_boot = boot;
	}
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
		l->since_boot = l->waiting > 0 ? l->next_boot : 0;
		l->last_taken = now;
	}
	l->covered = 0;
}

void
lag_format(struct buf *b, int version, const struct bird_lag *l)
{
	buf_addf(b, "%d %lld %.3f %.3f %.3f\n", version, l->waiting, l->since,
	    l->last_taken, l->since_boot);
}

/* One line of the state file; 0, or -1 if it is not one. */
int
lag_parse(const char *line, int *version, struct bird_lag *l)
{
	char	 end;
	int	 n;

	*l = (struct bird_lag){ 0 };
	n = sscanf(line, "%d %lld %lf %lf %lf%c", version, &l->waiting,
	    &l->since, &l->last_taken, &l->since_boot, &end);
	if (n == 4 && sscanf(line, "%*d %*d %*f %*f%c", &end) == 1 &&
	    end == '\n')
		l->since_boot = -1;
	else if (n != 6 || end != '\n')
		return -1;
	if ((*version != 4 && *version != 6) || l->waiting < 0)
		return -1;
	return 0;
}

/*
 * How long the oldest waiting write has waited, at these wall and boot
 * times; 0 when none waits.  By the boot clock when the line has it.
 */
double
lag_age(const struct bird_lag *l, double now, double boot)
{
	double	 age;

	if (l->waiting == 0)
		return 0;
	age = l->since_boot >= 0 ? boot - l->since_boot : now - l->since;
	return age > 0 ? age : 0;
}
