/*
 * The checks' processes start in a lane: the service threads start their
 * commands one after another, in the order they asked, and each keeps
 * the lane until its command has exited or a short hold has passed.  A
 * command that waited too long for it may run beside, on another CPU.
 */
#ifndef LANE_H
#define LANE_H

#include <pthread.h>

/*
 * A command still running after this long gives the lane up: it waits
 * for something, and the next one may start.
 */
#define LANE_HOLD	0.003

/* Waited this long: the schedule is behind, take another CPU's lane. */
#define LANE_WAIT	0.25

/* One place in the queue, on the asking thread's stack. */
struct lane_ticket {
	struct lane_ticket	*next;
	pthread_cond_t		 cv;
	double			 since;
	int			 granted;
	int			 held;
};

/* lanes: at most this many at once (the CPUs); wait: LANE_WAIT */
void	lane_init(int, double);
void	lane_take(struct lane_ticket *);
void	lane_give(struct lane_ticket *);
/* how many wait in the queue */
int	lane_waiting(void);

#endif
