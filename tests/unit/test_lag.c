/* BIRD's lag: what waits, since when, and what a reconfigure carries. */
#include <stdlib.h>

#include "unit.h"

#include "lag.h"

static void
test_flight(void **state)
{
	struct bird_lag	 l = { 0 };

	(void)state;
	lag_wrote(&l, 10, 110);
	lag_wrote(&l, 11, 111);
	assert_int_equal(l.waiting, 2);
	assert_true(l.since == 10);
	assert_true(l.since_boot == 110);
	lag_started(&l);		/* carries both */
	lag_wrote(&l, 12, 112);		/* made during the flight */
	lag_ended(&l, 1, 13);
	assert_int_equal(l.waiting, 1);
	assert_true(l.since == 12);
	assert_true(l.since_boot == 112);
	/* the age is the boot clock's, whatever the wall clock says */
	assert_true(lag_age(&l, 12 + 3600, 115) == 3);
	assert_true(lag_age(&l, 12 - 3600, 115) == 3);
	assert_true(l.last_taken == 13);
	/* a failure leaves everything waiting, since the same time */
	lag_started(&l);
	lag_ended(&l, 0, 14);
	assert_int_equal(l.waiting, 1);
	assert_true(l.since == 12);
	assert_true(l.last_taken == 13);
	lag_started(&l);
	lag_ended(&l, 1, 15);
	assert_int_equal(l.waiting, 0);
	assert_true(l.since == 0);
	assert_true(lag_age(&l, 100, 200) == 0);
}

static void
test_state_line(void **state)
{
	struct bird_lag	 l = { 0 }, r;
	struct buf	 b = { 0 };
	int		 v;

	(void)state;
	lag_wrote(&l, 1795272332.25, 5000.5);
	l.last_taken = 1795272300.5;
	lag_format(&b, 6, &l);
	assert_string_equal(b.s,
	    "6 1 1795272332.250 1795272300.500 5000.500\n");
	assert_int_equal(lag_parse(b.s, &v, &r), 0);
	assert_int_equal(v, 6);
	assert_int_equal(r.waiting, 1);
	assert_true(r.since == 1795272332.25);
	assert_true(r.since_boot == 5000.5);
	/* an older daemon's line: no boot time, the wall clock's age */
	assert_int_equal(lag_parse("4 1 100.5 90.000\n", &v, &r), 0);
	assert_true(r.since_boot == -1);
	assert_true(lag_age(&r, 110.5, 1e6) == 10);
	assert_int_equal(lag_parse("4 1 2 3 4 5\n", &v, &r), -1);
	assert_int_equal(lag_parse("5 1 2 3\n", &v, &r), -1);
	assert_int_equal(lag_parse("4 -1 2 3\n", &v, &r), -1);
	assert_int_equal(lag_parse("4 1 2\n", &v, &r), -1);
	assert_int_equal(lag_parse("4 1 2 3", &v, &r), -1);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flight),
		cmocka_unit_test(test_state_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
