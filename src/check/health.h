#ifndef HEALTH_H
#define HEALTH_H

/*
 * A service's rise/fail state, exactly as upstream 0.9.10 keeps it: the
 * state changes only when a threshold is reached, an opposite result
 * resets the other counter, and a change is reported only when the state
 * really changes.  Pure logic, no I/O.
 */

enum health_status { HEALTH_UNKNOWN, HEALTH_UP, HEALTH_DOWN };

enum health_event {
	HEALTH_GOING_UP,	/* "going up n/rise" */
	HEALTH_GOING_DOWN,	/* "going down n/fail" */
	HEALTH_CHANGED_UP,	/* "changed to UP": announce */
	HEALTH_CHANGED_DOWN,	/* "changed to DOWN": withdraw */
	HEALTH_STILL_UP,	/* "status UP" */
	HEALTH_STILL_DOWN,	/* "status DOWN" */
	HEALTH_NO_CHANGE,	/* address missing, already DOWN */
	HEALTH_BUG		/* a counter past its threshold */
};

struct health {
	long long		 rise;
	long long		 fail;
	long long		 up_cnt;
	long long		 down_cnt;
	enum health_status	 status;
};

void			 health_init(struct health *, long long, long long);
enum health_event	 health_result(struct health *, int);
enum health_event	 health_ip_missing(struct health *);
double			 health_phase(double, double);
double			 health_sleep(double, double, double);

#endif
