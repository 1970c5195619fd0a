/* Python's int(), float(), getboolean(), repr() and decode errors. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include "pystr.h"

static void
test_int(void **state)
{
	static const struct { const char *s; long long v; } ok[] = {
		{ "10", 10 }, { " 7 ", 7 }, { "+0_3", 3 }, { "-12", -12 },
		{ "007", 7 }, { "1_000", 1000 }, { "\t5\x0b", 5 },
	};
	static const char *const bad[] = { "", "2.5", "1__0", "_1", "1_",
	    "0x10", "1 2", "ten", "+", "1e3" };
	long long	 v;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(py_int(ok[i].s, &v), 0);
		assert_int_equal(v, ok[i].v);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (py_int(bad[i], &v) != -1)
			fail_msg("int() accepted '%s'", bad[i]);
	/* unbounded in Python: still valid here, saturated */
	assert_int_equal(py_int("99999999999999999999999", &v), 0);
}

static void
test_float(void **state)
{
	static const struct { const char *s; double v; } ok[] = {
		{ "10", 10 }, { "0.5", 0.5 }, { ".5", 0.5 }, { "5.", 5 },
		{ "2E-1", 0.2 }, { "1_0.5", 10.5 }, { " -3 ", -3 },
		{ "1_0.5e1_0", 105000000000.0 },
	};
	static const char *const bad[] = { "", "10s", "0x1p3", "1._5",
	    "1_.5", "e5", ".", "1e", "1e_5", "nan(1)", "- 1" };
	double	 v;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(py_float(ok[i].s, &v), 0);
		assert_true(fabs(v - ok[i].v) < 1e-9);
	}
	assert_int_equal(py_float("-InFinity", &v), 0);
	assert_true(isinf(v) && v < 0);
	assert_int_equal(py_float("NaN", &v), 0);
	assert_true(isnan(v));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (py_float(bad[i], &v) != -1)
			fail_msg("float() accepted '%s'", bad[i]);
}

static void
test_bool(void **state)
{
	static const char *const yes[] = { "1", "yes", "TRUE", "On" };
	static const char *const no[] = { "0", "No", "false", "OFF" };
	static const char *const bad[] = { "", "maybe", "y", "2", "truee" };
	size_t	 i;
	int	 b;

	(void)state;
	for (i = 0; i < 4; i++) {
		assert_int_equal(py_bool(yes[i], &b), 0);
		assert_int_equal(b, 1);
		assert_int_equal(py_bool(no[i], &b), 0);
		assert_int_equal(b, 0);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(py_bool(bad[i], &b), -1);
}

static void
check_repr(const char *in, size_t max, const char *want)
{
	struct buf	 b = { 0 };

	py_repr_trunc(&b, in, strlen(in), max);
	assert_string_equal(b.s, want);
	buf_free(&b);
}

static void
test_repr(void **state)
{
	(void)state;
	check_repr("abc", 0, "'abc'");
	check_repr("'", 0, "\"'\"");
	check_repr("a'\"b", 0, "'a\\'\"b'");
	check_repr("tab\there\n", 0, "'tab\\there\\n'");
	check_repr("\x01\x7f", 0, "'\\x01\\x7f'");
	check_repr("caf\xc3\xa9\xc2\xa0\xc2\x85", 0,
	    "'caf\xc3\xa9\\xa0\\x85'");
	check_repr("back\\slash", 0, "'back\\\\slash'");
	check_repr("abcdef", 4, "'abc");
}

static void
test_strip(void **state)
{
	const char	*s = " \t\x1c" "a b" "\xc2\xa0\x0b";
	const char	*p;
	size_t		 len;

	(void)state;
	p = py_strip(s, strlen(s), &len);
	assert_int_equal(len, 3);
	assert_memory_equal(p, "a b", 3);
	assert_int_equal(py_indent("\t  x", 4), 3);
}

static void
test_utf8(void **state)
{
	static const struct { const char *in; const char *msg; } bad[] = {
		{ "ab\xff", "'utf-8' codec can't decode byte 0xff in position "
		    "2: invalid start byte" },
		{ "caf\xe9\n", "'utf-8' codec can't decode byte 0xe9 in "
		    "position 3: invalid continuation byte" },
		{ "\xe2\x82", "'utf-8' codec can't decode bytes in position "
		    "0-1: unexpected end of data" },
		{ "\xc0\x80", "'utf-8' codec can't decode byte 0xc0 in "
		    "position 0: invalid start byte" },
		{ "\xed\xa0\x80", "'utf-8' codec can't decode byte 0xed in "
		    "position 0: invalid continuation byte" },
	};
	struct buf	 err = { 0 };
	size_t		 i;

	(void)state;
	assert_int_equal(py_utf8_check("caf\xc3\xa9 \xf0\x9f\x98\x80", 10,
	    &err), 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(py_utf8_check(bad[i].in, strlen(bad[i].in),
		    &err), -1);
		assert_string_equal(err.s, bad[i].msg);
		buf_free(&err);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_int),
		cmocka_unit_test(test_float),
		cmocka_unit_test(test_bool),
		cmocka_unit_test(test_repr),
		cmocka_unit_test(test_strip),
		cmocka_unit_test(test_utf8),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
