/*
 * The guard a service's checks run under (spawn.c): what shutdown sees
 * of a check in flight, and that a killed one counts as gone once it has
 * exited, before anyone reaps it.
 */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>

#include "unit.h"

#include "lane.h"
#include "spawn.h"
#include "util.h"

static void
test_guard_gone(void **state)
{
	struct spawn_guard g;
	struct spawn_opts o = { 30, 0, 0, 1, &g, 0 };
	struct spawn_proc p;
	struct spawn_result r;
	struct timespec	 ts = { 0, 10 * 1000 * 1000 };
	char		 c0[] = "/bin/sleep", c1[] = "30";
	char		*argv[] = { c0, c1, NULL };
	double		 until;
	int		 gone = 0;

	(void)state;
	spawn_init();
	spawn_guard_init(&g);
	assert_true(spawn_guard_gone(&g, 0));		/* nothing in flight */
	assert_int_equal(spawn_start(argv, &o, &p, &r), 0);
	assert_false(spawn_guard_gone(&g, 0));		/* running */
	until = clock_mono() + 5;
	while (!(gone = spawn_guard_gone(&g, SIGKILL)) && clock_mono() < until)
		nanosleep(&ts, NULL);
	assert_true(gone);
	/* gone, and still ours to reap: its status is the kill */
	spawn_finish(&p);
	assert_int_equal(r.status, -SIGKILL);
	assert_true(spawn_guard_gone(&g, 0));
	spawn_result_free(&r);
}

static double	 slow_done;

static void *
slow(void *arg)
{
	struct spawn_opts o = { 30, 0, 0, 1, NULL, 0 };
	struct spawn_result r;
	char		 c0[] = "/bin/sleep", c1[] = "0.5";
	char		*argv[] = { c0, c1, NULL };

	(void)arg;
	assert_int_equal(spawn_run(argv, &o, &r), 0);
	slow_done = clock_mono();
	spawn_result_free(&r);
	return NULL;
}

/*
 * Checks start in one lane (lane.c), but a command that is still running
 * after LANE_HOLD lets the next one start: a slow check does not hold up
 * the others.
 */
static void
test_lane_hold(void **state)
{
	struct spawn_opts o = { 30, 0, 0, 1, NULL, 0 };
	struct spawn_result r;
	struct timespec	 ts = { 0, 50 * 1000 * 1000 };
	char		 c0[] = "/bin/true";
	char		*argv[] = { c0, NULL };
	pthread_t	 t;
	double		 done;

	(void)state;
	spawn_init();
	lane_init(1, 60);	/* no second lane: only the hold lets it go */
	assert_int_equal(pthread_create(&t, NULL, slow, NULL), 0);
	nanosleep(&ts, NULL);
	assert_int_equal(spawn_run(argv, &o, &r), 0);
	done = clock_mono();
	assert_int_equal(r.status, 0);
	spawn_result_free(&r);
	pthread_join(t, NULL);
	assert_true(done < slow_done);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_guard_gone),
		cmocka_unit_test(test_lane_hold),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
