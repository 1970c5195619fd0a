/* The rise/fail state machine and the schedule, against upstream's. */
#include <math.h>
#include <stdlib.h>

#include "unit.h"

#include "health.h"

static void
test_rise_fail(void **state)
{
	struct health	 h;

	(void)state;
	health_init(&h, 2, 3);
	assert_int_equal(health_result(&h, 1), HEALTH_GOING_UP);
	assert_int_equal(h.up_cnt, 1);
	assert_int_equal(health_result(&h, 1), HEALTH_CHANGED_UP);
	assert_int_equal(health_result(&h, 1), HEALTH_STILL_UP);
	assert_int_equal(h.up_cnt, 1);	/* stays at rise - 1 */

	/* two failures are not enough with fail = 3 */
	assert_int_equal(health_result(&h, 0), HEALTH_GOING_DOWN);
	assert_int_equal(health_result(&h, 0), HEALTH_GOING_DOWN);
	assert_int_equal(h.up_cnt, 0);
	/* a success resets the fail counter; still UP, no change */
	assert_int_equal(health_result(&h, 1), HEALTH_GOING_UP);
	assert_int_equal(h.down_cnt, 0);
	assert_int_equal(h.status, HEALTH_UP);
	assert_int_equal(health_result(&h, 1), HEALTH_STILL_UP);

	assert_int_equal(health_result(&h, 0), HEALTH_GOING_DOWN);
	assert_int_equal(health_result(&h, 0), HEALTH_GOING_DOWN);
	assert_int_equal(health_result(&h, 0), HEALTH_CHANGED_DOWN);
	assert_int_equal(health_result(&h, 0), HEALTH_STILL_DOWN);
}

static void
test_first_result_decides_with_threshold_one(void **state)
{
	struct health	 h;

	(void)state;
	health_init(&h, 1, 1);
	assert_int_equal(health_result(&h, 0), HEALTH_CHANGED_DOWN);
	assert_int_equal(health_result(&h, 1), HEALTH_CHANGED_UP);
	assert_int_equal(health_result(&h, 1), HEALTH_STILL_UP);
	assert_int_equal(health_result(&h, 0), HEALTH_CHANGED_DOWN);
}

static void
test_unknown_to_down(void **state)
{
	struct health	 h;

	(void)state;
	/* from UNKNOWN, reaching the fail threshold is a change */
	health_init(&h, 2, 2);
	assert_int_equal(health_result(&h, 0), HEALTH_GOING_DOWN);
	assert_int_equal(health_result(&h, 0), HEALTH_CHANGED_DOWN);
}

static void
test_ip_missing(void **state)
{
	struct health	 h;

	(void)state;
	health_init(&h, 2, 2);
	health_result(&h, 1);
	health_result(&h, 1);
	assert_int_equal(h.status, HEALTH_UP);
	health_result(&h, 0);	/* down_cnt = 1 */
	assert_int_equal(health_ip_missing(&h), HEALTH_CHANGED_DOWN);
	assert_int_equal(h.up_cnt, 0);
	assert_int_equal(h.down_cnt, 1);	/* left alone, as upstream */
	assert_int_equal(health_ip_missing(&h), HEALTH_NO_CHANGE);
	/* recovery needs the full rise again */
	assert_int_equal(health_result(&h, 1), HEALTH_GOING_UP);
	assert_int_equal(health_result(&h, 1), HEALTH_CHANGED_UP);
}

static void
test_rise_zero_never_rises(void **state)
{
	struct health	 h;

	(void)state;
	health_init(&h, 0, 1);
	assert_int_equal(health_result(&h, 1), HEALTH_BUG);
	assert_int_equal(h.status, HEALTH_UNKNOWN);
}

static void
test_schedule(void **state)
{
	(void)state;
	/* started at phase 3.0 of a 10 s interval */
	assert_true(fabs(health_sleep(1003.5, 3.0, 10) - 9.5) < 1e-9);
	assert_true(fabs(health_sleep(1000.0, 3.0, 10) - 3.0) < 1e-9);
	/* a run that overran by 14 s waits for the next slot, no pile-up */
	assert_true(fabs(health_sleep(1017.0, 3.0, 10) - 6.0) < 1e-9);
	assert_true(fabs(health_sleep(1013.0, 3.0, 10)) < 1e-9);
	/* fractional intervals */
	assert_true(fabs(health_sleep(100.05, 0.1, 0.2) - 0.05) < 1e-9);
	/* nonsense intervals do not spin */
	assert_true(health_sleep(5, 0, 0) == 0);
}

/* health_phase() keeps libm out of the daemon; it must be fmod() exactly */
static void
test_phase_is_fmod(void **state)
{
	static const double intervals[] = { 0.2, 1, 1.5, 3, 7.3, 10, 3600,
	    0.001, 86400.25 };
	double	 t;
	size_t	 i, k;

	(void)state;
	srand48(7);
	for (i = 0; i < sizeof(intervals) / sizeof(intervals[0]); i++)
		for (k = 0; k < 20000; k++) {
			t = k < 10 ? (double)k * intervals[i] :
			    drand48() * 2e9;
			assert_true(health_phase(t, intervals[i]) ==
			    fmod(t, intervals[i]));
			assert_true(health_phase(-t, intervals[i]) ==
			    fmod(-t, intervals[i]));
		}
	assert_true(health_phase(0.1, 1) == 0.1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rise_fail),
		cmocka_unit_test(test_first_result_decides_with_threshold_one),
		cmocka_unit_test(test_unknown_to_down),
		cmocka_unit_test(test_ip_missing),
		cmocka_unit_test(test_rise_zero_never_rises),
		cmocka_unit_test(test_schedule),
		cmocka_unit_test(test_phase_is_fmod),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
