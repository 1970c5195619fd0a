/* The announcers' model of wanted and applied routes (want.c). */
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include "want.h"

static int	 missing_seen;

static void
count_missing(struct want_route *r, void *arg)
{
	(void)arg;
	assert_int_equal(r->applied, WANT_ON);
	missing_seen++;
}

/* A check decides; a command carries it; the belief follows. */
static void
test_wish_and_command(void **state)
{
	struct want_set	 ws = { 0 };
	struct want_route *r;

	(void)state;
	r = want_route(&ws, "10.0.0.1/32", 4, NULL, "www", NULL);
	assert_int_equal(r->want, WANT_UNKNOWN);
	assert_false(want_pending(r));		/* nobody said anything */
	assert_true(want_set_state(r, WANT_ON));
	assert_false(want_set_state(r, WANT_ON));
	assert_true(want_pending(r));
	want_done(&ws, NULL, "10.0.0.1/32", WANT_ON, NULL);
	r = want_find(&ws, NULL, "10.0.0.1/32");
	assert_false(want_pending(r));
	/* a community to add: the route must be announced again */
	r = want_route(&ws, "10.0.0.1/32", 4, NULL, "www", "65000:100");
	assert_true(want_pending(r));
	want_done(&ws, NULL, "10.0.0.1/32", WANT_ON, "65000:100");
	assert_false(want_pending(want_find(&ws, NULL, "10.0.0.1/32")));
	/* a command that carried an older wish: the belief is what it did */
	r = want_find(&ws, NULL, "10.0.0.1/32");
	want_set_state(r, WANT_OFF);
	want_done(&ws, NULL, "10.0.0.1/32", WANT_ON, "65000:100");
	assert_true(want_pending(want_find(&ws, NULL, "10.0.0.1/32")));
	want_free(&ws);
}

/* The same prefix in two VRFs is two routes. */
static void
test_vrf(void **state)
{
	struct want_set	 ws = { 0 };

	(void)state;
	want_route(&ws, "10.0.0.1/32", 4, NULL, "a", NULL);
	want_route(&ws, "10.0.0.1/32", 4, "blue", "b", NULL);
	assert_int_equal(ws.n, 2);
	assert_string_equal(want_find(&ws, "blue", "10.0.0.1/32")->svc, "b");
	assert_string_equal(want_find(&ws, NULL, "10.0.0.1/32")->svc, "a");
	assert_null(want_find(&ws, "red", "10.0.0.1/32"));
	want_free(&ws);
}

/*
 * The read-back: the first one teaches, later ones find drift: a route
 * gone from a restarted daemon, one that appeared, a changed community.
 */
static void
test_read_back(void **state)
{
	struct want_set	 ws = { 0 };
	struct want_route *r;

	(void)state;
	want_set_state(want_route(&ws, "10.0.0.1/32", 4, NULL, "a", NULL),
	    WANT_ON);
	want_set_state(want_route(&ws, "10.0.0.2/32", 4, NULL, "b", NULL),
	    WANT_OFF);
	want_route(&ws, "10.0.0.3/32", 4, NULL, "c", NULL);
	/* first look: 10.0.0.3 is there (from before a restart of ours) */
	want_read_begin(&ws);
	assert_int_equal(want_read(&ws, "10.0.0.3/32", 4, NULL, NULL, &r),
	    DRIFT_NONE);
	missing_seen = 0;
	want_read_end(&ws, count_missing, NULL);
	assert_int_equal(missing_seen, 0);	/* nothing was believed */
	assert_true(want_pending(want_find(&ws, NULL, "10.0.0.1/32")));
	assert_false(want_pending(want_find(&ws, NULL, "10.0.0.2/32")));
	/* 10.0.0.3's service has not said: it stays as it is */
	assert_false(want_pending(want_find(&ws, NULL, "10.0.0.3/32")));
	want_done(&ws, NULL, "10.0.0.1/32", WANT_ON, NULL);
	/* the daemon restarts and comes back empty, but for a stranger */
	want_read_begin(&ws);
	assert_int_equal(want_read(&ws, "10.0.0.2/32", 4, NULL, NULL, &r),
	    DRIFT_APPEARED);
	want_read_end(&ws, count_missing, NULL);
	assert_int_equal(missing_seen, 2);	/* 10.0.0.1 and 10.0.0.3 */
	assert_true(want_pending(want_find(&ws, NULL, "10.0.0.1/32")));
	assert_true(want_pending(want_find(&ws, NULL, "10.0.0.2/32")));
	/* a community that changed under us */
	want_done(&ws, NULL, "10.0.0.1/32", WANT_ON, NULL);
	want_read_begin(&ws);
	assert_int_equal(want_read(&ws, "10.0.0.1/32", 4, NULL, "1:1", &r),
	    DRIFT_CHANGED);
	want_read_end(&ws, NULL, NULL);
	assert_true(want_pending(want_find(&ws, NULL, "10.0.0.1/32")));
	want_free(&ws);
}

/* A route of ours that no service names: off once, then forgotten. */
static void
test_orphans(void **state)
{
	struct want_set	 ws = { 0 };
	struct want_route *r;

	(void)state;
	want_read_begin(&ws);
	want_read(&ws, "10.0.0.9/32", 4, NULL, NULL, &r);
	want_read_end(&ws, NULL, NULL);
	r = want_find(&ws, NULL, "10.0.0.9/32");
	assert_null(r->svc);
	assert_true(want_pending(r));		/* it goes */
	want_done(&ws, NULL, "10.0.0.9/32", WANT_OFF, NULL);
	assert_null(want_find(&ws, NULL, "10.0.0.9/32"));
	/* a reload drops a service: its route is wanted off */
	want_set_state(want_route(&ws, "10.0.0.1/32", 4, NULL, "a", NULL),
	    WANT_ON);
	want_done(&ws, NULL, "10.0.0.1/32", WANT_ON, NULL);
	want_route(&ws, "10.0.0.2/32", 4, NULL, "b", NULL);
	want_mark_all(&ws);
	want_route(&ws, "10.0.0.2/32", 4, NULL, "b", NULL);
	want_orphans(&ws);
	r = want_find(&ws, NULL, "10.0.0.1/32");
	assert_null(r->svc);
	assert_int_equal(r->want, WANT_OFF);
	assert_true(want_pending(r));
	assert_string_equal(want_find(&ws, NULL, "10.0.0.2/32")->svc, "b");
	want_free(&ws);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wish_and_command),
		cmocka_unit_test(test_vrf),
		cmocka_unit_test(test_read_back),
		cmocka_unit_test(test_orphans),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
