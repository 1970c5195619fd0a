/* Which birdc replies mean BIRD took the new configuration. */
#include "unit.h"

#include "bird.h"

static void
test_reconfigured(void **state)
{
	(void)state;
	/* BIRD 1.6 and 2 */
	assert_true(bird_reconfigured(0, "BIRD 2.0.12 ready.\nReading "
	    "configuration from /etc/bird/bird.conf\nReconfigured\n"));
	/* BIRD 3 answers before it is done (upstream #55) */
	assert_true(bird_reconfigured(0, "BIRD 3.0.0 ready.\nReading "
	    "configuration from /etc/bird/bird.conf\nReconfiguration in "
	    "progress\n"));
	assert_true(bird_reconfigured(0, "BIRD 3.0.0 ready.\nReading "
	    "configuration from /etc/bird/bird.conf\nReconfiguration "
	    "already in progress, queueing new config\n"));
	assert_true(bird_reconfigured(0, "Reconfigured\r\n"));

	/* a parse error: birdc still exits 0 */
	assert_false(bird_reconfigured(0, "BIRD 2.0.12 ready.\nReading "
	    "configuration from /etc/bird/bird.conf\n/var/lib/anycast-"
	    "healthchecker/anycast-prefixes.conf:3:1 syntax error\n"));
	/* no BIRD behind the socket */
	assert_false(bird_reconfigured(1, "Unable to connect to server "
	    "control socket (/run/bird/bird.ctl): No such file or "
	    "directory\n"));
	/* the word alone on a line, not inside another */
	assert_false(bird_reconfigured(0, "Not Reconfigured\n"));
	assert_false(bird_reconfigured(0, "Reconfigured twice\n"));
	assert_false(bird_reconfigured(0, ""));
	/* the right words with a failing exit code do not count */
	assert_false(bird_reconfigured(2, "Reconfigured\n"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reconfigured),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
