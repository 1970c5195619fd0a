/* BIRD's lag: what waits, since when, and what a reconfigure carries. */
#include <stdlib.h>

#include "unit.h"

#include "lag.h"

static void
test_flight(void **state)
{
	struct bird_lag	 l = { 0 };

	(void)state;
	lag_wrote(&l, 10);
	lag_wrote(&l, 11);
	assert_int_equal(l.waiting, 2);
	assert_true(l.since == 10);
	lag_started(&l);		/* carries both */
	lag_wrote(&l, 12);		/* made during the flight */
	lag_ended(&l, 1, 13);
	assert_int_equal(l.waiting, 1);
	assert_true(l.since == 12);
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
}

static void
test_state_line(void **state)
{
	struct bird_lag	 l = { 0 }, r;
	struct buf	 b = { 0 };
	int		 v;

	(void)state;
	lag_wrote(&l, 1795272332.25);
	l.last_taken = 1795272300.5;
	lag_format(&b, 6, &l);
	assert_string_equal(b.s, "6 1 1795272332.250 1795272300.500\n");
	assert_int_equal(lag_parse(b.s, &v, &r), 0);
	assert_int_equal(v, 6);
	assert_int_equal(r.waiting, 1);
	assert_true(r.since == 1795272332.25);
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
