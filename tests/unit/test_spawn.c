/*
 * The guard a service's checks run under (spawn.c): what shutdown sees
 * of a check in flight, and that a killed one counts as gone once it has
 * exited, before anyone reaps it.
 */
#include <signal.h>
#include <stdlib.h>
#include <time.h>

#include "unit.h"

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_guard_gone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
