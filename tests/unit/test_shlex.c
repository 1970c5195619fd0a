/* shlex_split() against what Python's shlex.split() returns. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include "shlex.h"

struct split_case {
	const char	*in;
	const char	*out[4];	/* NULL-terminated */
};

static const struct split_case cases[] = {
	{ "a b", { "a", "b", NULL } },
	{ "a 'b c' d", { "a", "b c", "d", NULL } },
	{ "a \"b\\\"c\" d", { "a", "b\"c", "d", NULL } },
	{ "a \"b\\x\" d", { "a", "b\\x", "d", NULL } },
	{ "a\\ b", { "a b", NULL } },
	{ "''", { "", NULL } },
	{ "\"\" x", { "", "x", NULL } },
	{ "a''b", { "ab", NULL } },
	{ "x #y", { "x", "#y", NULL } },
	{ "\"a\\\\b\"", { "a\\b", NULL } },
	{ "a\tb\nc", { "a", "b", "c", NULL } },
	{ "'a\\b'", { "a\\b", NULL } },
	{ "  lead  trail  ", { "lead", "trail", NULL } },
	{ "a\\\nb", { "a\nb", NULL } },
	{ "$HOME `x`", { "$HOME", "`x`", NULL } },
	{ "/bin/sh -c 'a ; b' # x", { "/bin/sh", "-c", "a ; b", "#", } },
	{ "", { NULL } },
	{ " \t ", { NULL } },
};

static void
test_split(void **state)
{
	struct buf	 err = { 0 };
	char		**argv;
	size_t		 argc, i, j;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(shlex_split(cases[i].in, &argv, &argc, &err), 0);
		for (j = 0; j < 4 && cases[i].out[j] != NULL; j++) {
			assert_non_null(argv[j]);
			assert_string_equal(argv[j], cases[i].out[j]);
		}
		if (j < 4)
			assert_null(argv[j]);
		assert_int_equal(argc, j == 4 ? argc : j);
		shlex_free(argv);
	}
}

static void
test_errors(void **state)
{
	static const char *const in[] = { "\"abc", "'abc", "abc\\", "\"a\\" };
	static const char *const why[] = { "No closing quotation",
	    "No closing quotation", "No escaped character",
	    "No escaped character" };
	struct buf	 err = { 0 };
	char		**argv;
	size_t		 argc, i;

	(void)state;
	for (i = 0; i < 4; i++) {
		assert_int_equal(shlex_split(in[i], &argv, &argc, &err), -1);
		assert_null(argv);
		assert_string_equal(err.s, why[i]);
		buf_free(&err);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
