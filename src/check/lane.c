/*
 * Why a lane: on a virtual machine, two processes started at the same
 * moment on two CPUs cost each about twice what one of a series does
 * (bench/spawnfloor -s against -l; two back-to-back series side by side
 * too), so a hundred services that wake together pay double for every
 * check.  In turn, each child runs on a warm CPU while its parent waits.
 * Once the queue is so long that a command waited LANE_WAIT, the one lane
 * cannot keep the schedule and more lanes open, up to one per CPU: then
 * more checks run, each at the higher cost.
 *
 * The queue is first come, first served; each waiter has a condition of
 * its own, so a release wakes one thread, not every thread that waits.
 */

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <time.h>

#include "lane.h"
#include "util.h"

static pthread_mutex_t	 lane_mu = PTHREAD_MUTEX_INITIALIZER;
static int		 lane_busy;
static int		 lane_max;	/* 0: not known yet */
static double		 lane_wait = LANE_WAIT;
static struct lane_ticket *lane_head, **lane_tail = &lane_head;

void
lane_init(int lanes, double wait)
{
	pthread_mutex_lock(&lane_mu);
	lane_max = lanes > 0 ? lanes : 1;
	lane_wait = wait;
	pthread_mutex_unlock(&lane_mu);
}

/* The CPUs we may run on: a unit's CPUAffinity= counts, not the machine. */
static int
lane_cpus(void)
{
	cpu_set_t	 set;
	int		 n;

	if (sched_getaffinity(0, sizeof(set), &set) == -1 ||
	    (n = CPU_COUNT(&set)) < 1)
		return 1;
	return n;
}

/* Under lane_mu: may a waiter that came at since start now? */
static int
lane_open(double since, double now)
{
	if (lane_max == 0)
		lane_max = lane_cpus();
	return lane_busy == 0 ||
	    (lane_busy < lane_max && now - since >= lane_wait);
}

static void
lane_unlink(struct lane_ticket *t)
{
	struct lane_ticket **pp;

	for (pp = &lane_head; *pp != t; pp = &(*pp)->next)
		;
	if ((*pp = t->next) == NULL)
		lane_tail = pp;
}

void
lane_take(struct lane_ticket *t)
{
	struct timespec	 ts;
	double		 due;

	t->next = NULL;
	t->granted = 0;
	t->since = clock_mono();
	pthread_mutex_lock(&lane_mu);
	if (lane_head == NULL && lane_open(t->since, t->since)) {
		lane_busy++;
		t->granted = 1;
	} else {
		pthread_condattr_t ca;

		pthread_condattr_init(&ca);
		pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
		pthread_cond_init(&t->cv, &ca);
		pthread_condattr_destroy(&ca);
		*lane_tail = t;
		lane_tail = &t->next;
		due = t->since + lane_wait;
		ts.tv_sec = (time_t)due;
		ts.tv_nsec = (long)((due - (double)ts.tv_sec) * 1e9);
		/* past its wait, it takes the next lane that frees */
		while (!t->granted && pthread_cond_timedwait(&t->cv, &lane_mu,
		    &ts) != ETIMEDOUT)
			;
		if (!t->granted && lane_open(t->since, clock_mono())) {
			lane_unlink(t);
			lane_busy++;
			t->granted = 1;
		}
		while (!t->granted)
			pthread_cond_wait(&t->cv, &lane_mu);
		pthread_cond_destroy(&t->cv);
	}
	pthread_mutex_unlock(&lane_mu);
	t->held = 1;
}

/* The next in line gets the lane; a ticket not holding it is a no-op. */
void
lane_give(struct lane_ticket *t)
{
	struct lane_ticket *n;

	if (!t->held)
		return;
	t->held = 0;
	pthread_mutex_lock(&lane_mu);
	lane_busy--;
	if ((n = lane_head) != NULL && lane_open(n->since, clock_mono())) {
		if ((lane_head = n->next) == NULL)
			lane_tail = &lane_head;
		lane_busy++;
		n->granted = 1;
		pthread_cond_signal(&n->cv);
	}
	pthread_mutex_unlock(&lane_mu);
}

int
lane_waiting(void)
{
	struct lane_ticket *t;
	int	 n = 0;

	pthread_mutex_lock(&lane_mu);
	for (t = lane_head; t != NULL; t = t->next)
		n++;
	pthread_mutex_unlock(&lane_mu);
	return n;
}
