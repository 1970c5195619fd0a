/* --status's record of a service, and the JSON document it renders. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include <jansson.h>

#include "engine.h"
#include "status.h"

static void
test_round(void **state)
{
	struct service	 s;
	char		 long_why[STATUS_WHY * 2];

	(void)state;
	memset(&s, 0, sizeof(s));
	/* the first verdict is a change, but no transition */
	assert_int_equal(status_round(&s, SVC_UP, "check passed", -1), 1);
	assert_true(s.m.st.transitions == 0);
	assert_true(s.m.st.since > 0);
	/* the same again changes nothing */
	assert_int_equal(status_round(&s, SVC_UP, "check passed", -1), 0);
	/* a failure counts under its reason even before the state moves */
	assert_int_equal(status_round(&s, SVC_UP, "check_http failed: x",
	    FAIL_HTTP), 1);
	assert_true(s.m.st.failures[FAIL_HTTP] == 1);
	assert_true(s.m.st.transitions == 0);
	assert_int_equal(status_round(&s, SVC_UP, "check_http failed: x",
	    FAIL_HTTP), 0);
	assert_true(s.m.st.failures[FAIL_HTTP] == 2);
	assert_int_equal(status_round(&s, SVC_DOWN, "check_http failed: x",
	    FAIL_HTTP), 1);
	assert_true(s.m.st.transitions == 1);
	assert_string_equal(s.m.st.why, "check_http failed: x");
	/* a verdict longer than the record is cut, not overrun */
	memset(long_why, 'a', sizeof(long_why) - 1);
	long_why[sizeof(long_why) - 1] = '\0';
	status_round(&s, SVC_DOWN, long_why, FAIL_EXIT);
	assert_int_equal(strlen(s.m.st.why), STATUS_WHY - 1);
}

static void
test_render(void **state)
{
	struct settings	 st;
	struct service	 a, b, *svc[2] = { &a, &b };
	struct svc_prefix p[2];
	struct buf	 out = { 0 };
	json_t		*doc, *s0, *s1;
	char		 www[] = "www", db[] = "db \"quoted\"", bird[] = "bird";

	(void)state;
	memset(&st, 0, sizeof(st));
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	memset(p, 0, sizeof(p));
	strcpy(p[0].str, "10.52.12.1/32");
	strcpy(p[1].str, "2001:db8::1/128");
	a.name = www;
	a.pfx = p;
	a.npfx = 2;
	a.announced = CHANGE_DRAIN;
	status_round(&a, SVC_DOWN, "check timed out", FAIL_TIMEOUT);
	b.name = db;
	b.pfx = p;
	b.npfx = 1;
	st.svc = svc;
	st.nsvc = 2;
	st.announcer = bird;
	st.bird.n = 1;
	st.bird.t[0].version = 4;
	st.lag[0].waiting = 2;
	st.lag[0].since = 100;
	st.lag[0].since_boot = 50;
	status_render(&out, &st, 1234);
	assert_non_null(doc = json_loads(out.s, 0, NULL));
	assert_int_equal(json_integer_value(json_object_get(doc, "pid")), 1234);
	s0 = json_array_get(json_object_get(doc, "services"), 0);
	s1 = json_array_get(json_object_get(doc, "services"), 1);
	/* a drain is the main thread's word over the thread's DOWN */
	assert_string_equal(json_string_value(json_object_get(s0, "state")),
	    "DRAINING");
	assert_true(json_is_true(json_object_get(s0, "announced")));
	assert_int_equal(json_array_size(json_object_get(s0, "prefixes")), 2);
	assert_string_equal(json_string_value(json_object_get(s0, "reason")),
	    "check timed out");
	assert_string_equal(json_string_value(json_object_get(s1, "name")),
	    "db \"quoted\"");
	assert_string_equal(json_string_value(json_object_get(s1, "state")),
	    "UNKNOWN");
	assert_true(json_is_null(json_object_get(s1, "since")));
	assert_true(json_is_false(json_object_get(s1, "announced")));
	s0 = json_array_get(json_object_get(doc, "announcers"), 0);
	assert_int_equal(json_integer_value(json_object_get(s0,
	    "changes_waiting")), 2);
	assert_true(json_real_value(json_object_get(s0,
	    "oldest_waiting_since")) == 100);
	assert_true(json_is_null(json_object_get(s0, "last_taken")));
	json_decref(doc);
	buf_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round),
		cmocka_unit_test(test_render),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
