/*
 * The lane the checks' processes start in (lane.c): one at a time, first
 * come first served, and another CPU's lane for a waiter the queue kept
 * too long.
 */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "unit.h"

#include "lane.h"
#include "util.h"

static pthread_mutex_t	 mu = PTHREAD_MUTEX_INITIALIZER;
static int		 order[8], norder;

static void
pause_ms(long ms)
{
	struct timespec	 ts = { ms / 1000, ms % 1000 * 1000 * 1000 };

	nanosleep(&ts, NULL);
}

/* Until n wait in the queue, at most 5 s. */
static void
until_waiting(int n)
{
	double	 until = clock_mono() + 5;

	while (lane_waiting() < n && clock_mono() < until)
		pause_ms(1);
	assert_int_equal(lane_waiting(), n);
}

static int
taken(void)
{
	int	 n;

	pthread_mutex_lock(&mu);
	n = norder;
	pthread_mutex_unlock(&mu);
	return n;
}

static void *
taker(void *arg)
{
	struct lane_ticket t;

	lane_take(&t);
	pthread_mutex_lock(&mu);
	order[norder++] = (int)(long)arg;
	pthread_mutex_unlock(&mu);
	lane_give(&t);
	return NULL;
}

static void
test_first_come_first_served(void **state)
{
	struct lane_ticket t;
	pthread_t	 th[4];
	long		 i;

	(void)state;
	lane_init(1, 60);
	norder = 0;
	lane_take(&t);
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_create(&th[i], NULL, taker,
		    (void *)i), 0);
		until_waiting((int)i + 1);
	}
	pause_ms(50);
	assert_int_equal(taken(), 0);		/* one lane, and it is ours */
	lane_give(&t);
	for (i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	assert_int_equal(norder, 4);
	for (i = 0; i < 4; i++)
		assert_int_equal(order[i], i);
	assert_int_equal(lane_waiting(), 0);
	lane_give(&t);				/* given already: no-op */
	lane_take(&t);				/* and the lane is free */
	lane_give(&t);
}

static void
test_another_lane_after_the_wait(void **state)
{
	struct lane_ticket t;
	pthread_t	 th[2];
	double		 t0;

	(void)state;
	lane_init(2, 0.1);
	norder = 0;
	t0 = clock_mono();
	lane_take(&t);
	assert_int_equal(pthread_create(&th[0], NULL, taker, (void *)0L), 0);
	/* it gets the second lane while we hold the first */
	while (taken() == 0 && clock_mono() - t0 < 5)
		pause_ms(1);
	assert_int_equal(taken(), 1);
	assert_true(clock_mono() - t0 >= 0.1);
	lane_give(&t);
	pthread_join(th[0], NULL);
}

static void *
holder(void *arg)
{
	struct lane_ticket t;

	lane_take(&t);
	pause_ms(400);
	lane_give(&t);
	(void)arg;
	return NULL;
}

static void
test_no_more_lanes_than_cpus(void **state)
{
	struct lane_ticket t;
	pthread_t	 th[2];

	(void)state;
	lane_init(2, 0.01);
	norder = 0;
	lane_take(&t);
	assert_int_equal(pthread_create(&th[0], NULL, holder, NULL), 0);
	pause_ms(100);				/* it holds the second lane */
	assert_int_equal(pthread_create(&th[1], NULL, taker, (void *)0L), 0);
	until_waiting(1);
	pause_ms(100);				/* past its wait: still none */
	assert_int_equal(taken(), 0);
	pthread_join(th[0], NULL);		/* a lane frees */
	pthread_join(th[1], NULL);
	assert_int_equal(norder, 1);
	lane_give(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_come_first_served),
		cmocka_unit_test(test_another_lane_after_the_wait),
		cmocka_unit_test(test_no_more_lanes_than_cpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
