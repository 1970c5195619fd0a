/* Reading a pidfile's text, as the daemon and the plugin both do. */
#include <string.h>

#include "unit.h"

#include "pidfile.h"

static void
test_parse(void **state)
{
	char	 buf[64];
	long	 pid;

	(void)state;
	strcpy(buf, "1234\n");
	assert_int_equal(pidfile_parse(buf, &pid), 0);
	assert_int_equal(pid, 1234);
	/* upstream writes no newline; either way works */
	strcpy(buf, "42");
	assert_int_equal(pidfile_parse(buf, &pid), 0);
	assert_int_equal(pid, 42);
	strcpy(buf, "garbage \t\n");
	assert_int_equal(pidfile_parse(buf, &pid), -1);
	/* trimmed, so that messages quote it as upstream does */
	assert_string_equal(buf, "garbage");
	strcpy(buf, "");
	assert_int_equal(pidfile_parse(buf, &pid), -1);
	strcpy(buf, "12 34");
	assert_int_equal(pidfile_parse(buf, &pid), -1);
	strcpy(buf, "99999999999999999999999");
	assert_int_equal(pidfile_parse(buf, &pid), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
