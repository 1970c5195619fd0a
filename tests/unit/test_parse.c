/*
 * The reader and the getters: configparser's continuation lines, key
 * folding, comments, interpolation and error messages.
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include "config.h"
#include "parse.h"

static struct config	cfg;
static struct buf	err;

static int
setup(void **state)
{
	(void)state;
	config_init(&cfg);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	config_free(&cfg);
	buf_free(&err);
	return 0;
}

static int
load(const char *text)
{
	buf_free(&err);
	return parse_text(&cfg, "t.conf", text, strlen(text), &err);
}

static void
assert_load_error(const char *text, const char *want)
{
	assert_int_equal(load(text), -1);
	assert_string_equal(err.s, want);
}

static void
assert_value(const char *section, const char *key, const char *want)
{
	struct buf	 e = { 0 };
	char		*v;

	if (config_get(&cfg, section, key, &v, &e) != 0)
		fail_msg("%s/%s: %s", section, key, e.s);
	assert_string_equal(v, want);
	free(v);
	buf_free(&e);
}

/* get() fails with exactly this message */
static void
assert_get_error(const char *section, const char *key, const char *want)
{
	struct buf	 e = { 0 };
	char		*v = NULL;

	assert_int_equal(config_get(&cfg, section, key, &v, &e), -1);
	assert_null(v);
	assert_string_equal(e.s, want);
	buf_free(&e);
}

static void
test_continuation(void **state)
{
	(void)state;
	assert_int_equal(load(
	    "[s]\n"
	    "cmd = first\n"
	    "    second\n"
	    "\n"
	    "\n"
	    "    third\n"
	    "# a comment does not end the value\n"
	    "    fourth\n"
	    "empty =\n"
	    "  x\n"
	    "trailing = v\n"
	    "\n"
	    "\n"
	    "  [not a section]\n"
	    "  k = 1\n"
	    "    m = 2\n"
	    "  n = 3\n"), 0);
	assert_value("s", "cmd", "first\nsecond\n\n\nthird\nfourth");
	assert_value("s", "empty", "\nx");
	assert_value("s", "trailing", "v\n\n\n[not a section]\nk = 1\nm = 2\nn = 3");
}

static void
test_indented_keys(void **state)
{
	(void)state;
	/* deeper than the key line continues it; the same indent does not */
	assert_int_equal(load("[s]\n  k=1\n    m=2\n  n=3\n"), 0);
	assert_value("s", "k", "1\nm=2");
	assert_value("s", "n", "3");
}

static void
test_keys_and_comments(void **state)
{
	(void)state;
	assert_int_equal(load(
	    "; leading comment\n"
	    "[Sect]\n"
	    "Check_CMD = /bin/sh -c 'a ; b' # x\n"
	    "URL: http://h:1/p=q\n"
	    "  ;indented comment\n"
	    "a=b:c\n"), 0);
	assert_value("Sect", "check_cmd", "/bin/sh -c 'a ; b' # x");
	assert_value("Sect", "url", "http://h:1/p=q");
	assert_value("Sect", "a", "b:c");
	/* section names keep their case */
	assert_null(config_section(&cfg, "sect"));
}

static void
test_interpolation(void **state)
{
	long long	 n;

	(void)state;
	assert_int_equal(load(
	    "[DEFAULT]\nbase = /srv\nRise = 3\n"
	    "[s]\n"
	    "pct = 100%%\n"
	    "path = %(BASE)s/x\n"
	    "chain = %(path)s/%(pct)s\n"
	    "check_rise = %(rise)s\n"
	    "loop = %(loop)s\n"
	    "missing = %(nope)s\n"
	    "lone = 5%\n"
	    "badref = %(x)d\n"), 0);
	assert_value("s", "pct", "100%");
	assert_value("s", "path", "/srv/x");
	assert_value("s", "chain", "/srv/x/100%");
	assert_int_equal(config_getint(&cfg, "s", "check_rise", &n, &err), 0);
	assert_int_equal(n, 3);

	assert_get_error("s", "loop", "Recursion limit exceeded in value "
	    "substitution: option 'loop' in section 's' contains an "
	    "interpolation key which cannot be substituted in 10 steps. "
	    "Raw value: '%(loop)s'");
	assert_get_error("s", "missing", "Bad value substitution: option "
	    "'missing' in section 's' contains an interpolation key 'nope' "
	    "which is not a valid option name. Raw value: '%(nope)s'");
	assert_get_error("s", "lone", "'%' must be followed by '%' or '(', "
	    "found: '%'");
	assert_get_error("s", "badref", "bad interpolation variable "
	    "reference '%(x)d'");
	assert_get_error("s", "absent", "No option 'absent' in section: 's'");
	assert_get_error("nosuch", "k", "No section: 'nosuch'");
}

static void
test_typed_errors(void **state)
{
	long long	 n;
	double		 f;
	int		 b;

	(void)state;
	assert_int_equal(load("[s]\ni = 2.5\nf = 10s\nb = maybe\n"), 0);
	assert_int_equal(config_getint(&cfg, "s", "i", &n, &err), -2);
	assert_string_equal(err.s,
	    "invalid literal for int() with base 10: '2.5'");
	buf_free(&err);
	assert_int_equal(config_getfloat(&cfg, "s", "f", &f, &err), -2);
	assert_string_equal(err.s, "could not convert string to float: '10s'");
	buf_free(&err);
	assert_int_equal(config_getbool(&cfg, "s", "b", &b, &err), -2);
	assert_string_equal(err.s, "Not a boolean: maybe");
	buf_free(&err);
	assert_int_equal(config_getint(&cfg, "s", "none", &n, &err), -1);
	assert_string_equal(err.s, "No option 'none' in section: 's'");
}

static void
test_errors(void **state)
{
	(void)state;
	assert_load_error("[a]\nk=1\n[a]\n",
	    "While reading from 't.conf' [line  3]: "
	    "section 'a' already exists");
	assert_load_error("[b]\nK=1\nk=2\n",
	    "While reading from 't.conf' [line  3]: "
	    "option 'k' in section 'b' already exists");
	assert_load_error("# c\nk=1\n",
	    "File contains no section headers.\n"
	    "file: 't.conf', line: 2\n'k=1\\n'");
	assert_load_error("[c]\nno delimiter\n= v\nk=1\nalso bad",
	    "Source contains parsing errors: 't.conf'"
	    "\n\t[line  2]: 'no delimiter\\n'"
	    "\n\t[line  3]: '= v\\n'"
	    "\n\t[line  5]: 'also bad'");
	/* DEFAULT may appear twice; a section may recur across files */
	assert_int_equal(load("[DEFAULT]\nx=1\n[DEFAULT]\ny=2\n[a]\nz=3\n"), 0);
	assert_value("a", "z", "3");
	assert_value("a", "x", "1");
}

static void
test_merge_order(void **state)
{
	struct cfg_sect	*s;

	(void)state;
	assert_int_equal(load("[m]\nfirst = 1\nsecond = 2\n"), 0);
	assert_int_equal(load("[m]\nsecond = two\nthird = 3\n"), 0);
	s = config_section(&cfg, "m");
	assert_non_null(s);
	assert_int_equal(s->nopts, 3);
	assert_string_equal(s->opts[1].key, "second");
	assert_string_equal(s->opts[1].val, "two");
	assert_string_equal(s->opts[2].key, "third");
}

static void
test_line_endings_and_long_lines(void **state)
{
	struct buf	 text = { 0 };
	size_t		 i;

	(void)state;
	assert_int_equal(load("[r]\r\na = 1\r\nb = 2\rc = 3\r\n  d\r\n"), 0);
	assert_value("r", "b", "2");
	assert_value("r", "c", "3\nd");

	buf_add(&text, "[long]\nv = ");
	for (i = 0; i < 5000; i++)
		buf_add(&text, "x ; y");
	buf_addc(&text, '\n');
	assert_int_equal(load(text.s), 0);
	assert_int_equal(strlen(cfg.sects[cfg.nsects - 1]->opts[0].val),
	    5000 * 5);
	buf_free(&text);
}

static void
test_encoding(void **state)
{
	(void)state;
	assert_load_error("\xef\xbb\xbf[bom]\nk=v\n",
	    "File contains no section headers.\n"
	    "file: 't.conf', line: 1\n'\\ufeff[bom]\\n'");
	assert_load_error("[u]\nk=caf\xe9\n",
	    "'utf-8' codec can't decode byte 0xe9 in "
	    "position 9: invalid continuation byte");
}

int
main(void)
{
#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_continuation),
		T(test_indented_keys),
		T(test_keys_and_comments),
		T(test_interpolation),
		T(test_typed_errors),
		T(test_errors),
		T(test_merge_order),
		T(test_line_endings_and_long_lines),
		T(test_encoding),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
