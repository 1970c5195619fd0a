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
		assert_int_equal(py_int(ok[i].s, &v, NULL), 0);
		assert_int_equal(v, ok[i].v);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (py_int(bad[i], &v, NULL) != -1)
			fail_msg("int() accepted '%s'", bad[i]);
	/* unbounded in Python: still valid here, saturated */
	assert_int_equal(py_int("99999999999999999999999", &v, NULL), 0);
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

/* Expected values are what Python 3.11 returns for the same input. */
static void
test_unicode(void **state)
{
	static const struct { const char *in, *lower, *upper; } cases[] = {
		{ "\xc4\xb0NTERFACE", "i\xcc\x87nterface", "\xc4\xb0NTERFACE" },
		{ "CHEC\xe2\x84\xaa_CMD", "check_cmd", "CHEC\xe2\x84\xaa_CMD" },
		{ "\xc4\xb1nfo", "\xc4\xb1nfo", "INFO" },
		{ "stra\xc3\x9f" "e", "stra\xc3\x9f" "e", "STRASSE" },
		{ "\xef\xac\x81le", "\xef\xac\x81le", "FILE" },
		{ "\xce\x91\xe1\xba\x9e", "\xce\xb1\xc3\x9f", "\xce\x91\xe1\xba\x9e" },
	};
	struct buf	 b = { 0 };
	long long	 v, digits;
	double		 d;
	size_t		 i;
	char		*s;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		s = py_lower(cases[i].in);
		assert_string_equal(s, cases[i].lower);
		free(s);
		s = py_upper(cases[i].in);
		assert_string_equal(s, cases[i].upper);
		free(s);
	}
	/* fullwidth, Arabic-Indic and Devanagari digits, a no-break space */
	assert_int_equal(py_int("\xef\xbc\x93", &v, NULL), 0);
	assert_int_equal(v, 3);
	assert_int_equal(py_int("1\xd9\xa3", &v, NULL), 0);
	assert_int_equal(v, 13);
	assert_int_equal(py_int("\xc2\xa0\xe0\xa5\xa8\xe0\xa5\xa6", &v, NULL), 0);
	assert_int_equal(v, 20);
	assert_int_equal(py_float("\xd9\xa3.\xd9\xa5", &d), 0);
	assert_true(d == 3.5);
	/* a letter that is not a digit stays invalid: U+00B2 SUPERSCRIPT TWO */
	assert_int_equal(py_int("\xc2\xb2", &v, NULL), -1);
	/* the digit limit is checked before what follows the digits */
	s = malloc(4302 + 2);
	memset(s, '1', 4302);
	strcpy(s + 4302, "x");
	assert_int_equal(py_int(s, &v, &digits), -2);
	assert_int_equal(digits, 4302);
	s[4300] = '\0';
	assert_int_equal(py_int(s, &v, NULL), 0);
	free(s);
	/* repr() escapes what isprintable() refuses */
	py_repr_str(&b, "x\xcd\xb8y\xe2\x80\x8bz\xc3\xa9\xf0\x9f\x98\x80");
	assert_string_equal(b.s, "'x\\u0378y\\u200bz\xc3\xa9\xf0\x9f\x98\x80'");
	buf_free(&b);
	/* repr(float) */
	py_float_repr(&b, 0.2);
	py_float_repr(&b, 10);
	py_float_repr(&b, 1e16);
	py_float_repr(&b, 1.5e-5);
	py_float_repr(&b, 1795272332.2409225);
	assert_string_equal(b.s, "0.210.01e+161.5e-051795272332.2409225");
	buf_free(&b);
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
		cmocka_unit_test(test_unicode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
