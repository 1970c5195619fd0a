#include <math.h>

#include "health.h"

void
health_init(struct health *h, long long rise, long long fail)
{
	h->rise = rise;
	h->fail = fail;
	h->up_cnt = h->down_cnt = 0;
	h->status = HEALTH_UNKNOWN;
}

/*
 * Count one result towards the state it points to.  A counter stops at
 * its threshold minus one, so a run of successes after UP keeps saying
 * "status UP"; the opposite counter starts over.
 */
static enum health_event
count(struct health *h, long long *cnt, long long *other, long long threshold,
    enum health_status target, enum health_event changed,
    enum health_event still, enum health_event going)
{
	enum health_event ev;

	if (*cnt == threshold - 1) {
		ev = h->status != target ? changed : still;
		h->status = target;
	} else if (*cnt < threshold) {
		(*cnt)++;
		ev = going;
	} else
		ev = HEALTH_BUG;
	*other = 0;
	return ev;
}

enum health_event
health_result(struct health *h, int ok)
{
	if (ok)
		return count(h, &h->up_cnt, &h->down_cnt, h->rise, HEALTH_UP,
		    HEALTH_CHANGED_UP, HEALTH_STILL_UP, HEALTH_GOING_UP);
	return count(h, &h->down_cnt, &h->up_cnt, h->fail, HEALTH_DOWN,
	    HEALTH_CHANGED_DOWN, HEALTH_STILL_DOWN, HEALTH_GOING_DOWN);
}

/*
 * The service address is not on its interface: DOWN at once, whatever the
 * counters say.  Upstream clears only the rise counter here.
 */
enum health_event
health_ip_missing(struct health *h)
{
	h->up_cnt = 0;
	if (h->status == HEALTH_DOWN)
		return HEALTH_NO_CHANGE;
	h->status = HEALTH_DOWN;
	return HEALTH_CHANGED_DOWN;
}

/*
 * t mod interval, for t >= 0 and a finite interval > 0, exactly as
 * fmod(3): y doubled is exact, and so is r - d while d <= r < 2d.  It
 * keeps libm, and the pages it would map, out of the daemon.
 */
double
health_phase(double t, double interval)
{
	double	 r = t < 0 ? -t : t, d;

	while (r >= interval) {
		for (d = interval; d <= r / 2; d *= 2)
			;
		r -= d;
	}
	return t < 0 ? -r : r;
}

/*
 * Seconds until the next run.  Runs keep the phase the service started
 * with on the wall clock (offset = start time mod interval), so they do
 * not drift, and a run that overran skips to the next slot instead of
 * piling up.
 */
double
health_sleep(double now, double offset, double interval)
{
	double	 s;

	if (!(interval > 0) || isinf(interval))
		return interval > 0 ? interval : 0;
	s = offset - health_phase(now, interval);
	if (s < 0)
		s += interval;
	return s;
}
