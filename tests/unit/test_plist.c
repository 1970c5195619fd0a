/* The BIRD prefix list: parse, variable name, edit, render (upstream's). */
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include "plist.h"

static void
test_parse(void **state)
{
	struct plist	 l = { 0 };

	(void)state;
	plist_parse(&l, "# Generated x\n# 10.189.200.255/32 is a dummy\n"
	    " define  ACAST_PS_ADVERTISE  =\n[\n  10.189.200.255/32 ,\n"
	    "\t10.0.0.1/32,\n10.0.0.2,, \n 2001:db8::1/128\n junk,\n"
	    "10.0.0.0/8\n10.0.0.1/8\n];\n");
	assert_int_equal(l.n, 4);
	assert_string_equal(l.v[0], "10.189.200.255/32");
	assert_string_equal(l.v[1], "10.0.0.2");
	assert_string_equal(l.v[2], "2001:db8::1/128");
	assert_string_equal(l.v[3], "10.0.0.0/8");
	plist_free(&l);
	plist_parse(&l, "");
	assert_int_equal(l.n, 0);
}

static void
test_variable(void **state)
{
	char	*v;

	(void)state;
	v = plist_variable("# x\n  define\tFOO_1 \t= [\n");
	assert_string_equal(v, "FOO_1");
	free(v);
	v = plist_variable("define A =\ndefine B =\n");
	assert_string_equal(v, "A");
	free(v);
	assert_null(plist_variable("define X=\n"));
	assert_null(plist_variable("define X- =\n"));
	assert_null(plist_variable("define A B =\n"));
	assert_null(plist_variable("xdefine Y =\n"));
	assert_null(plist_variable(""));
}

static void
test_edit(void **state)
{
	struct plist	 l = { 0 }, gone = { 0 };
	struct strset	 known = { 0 };

	(void)state;
	assert_int_equal(plist_add(&l, "10.0.0.1/32"), 1);
	assert_int_equal(plist_add(&l, "10.0.0.1/32"), 0);
	assert_int_equal(plist_add(&l, "10.0.0.2/32"), 1);
	plist_prepend(&l, "10.189.200.255/32");
	assert_string_equal(l.v[0], "10.189.200.255/32");
	assert_int_equal(l.n, 3);
	assert_int_equal(plist_del(&l, "10.0.0.9/32"), 0);
	assert_int_equal(plist_del(&l, "10.0.0.1/32"), 1);
	assert_int_equal(l.n, 2);

	plist_add(&l, "192.0.2.1/32");
	plist_add(&l, "192.0.2.2/32");
	strset_add(&known, "10.189.200.255/32", 17);
	strset_add(&known, "10.0.0.2/32", 11);
	plist_drop_unknown(&l, &known, &gone);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[1], "10.0.0.2/32");
	assert_int_equal(gone.n, 2);
	assert_string_equal(gone.v[0], "192.0.2.1/32");
	plist_free(&l);
	plist_free(&gone);
	strset_free(&known);
}

static void
test_render(void **state)
{
	struct plist	 l = { 0 };
	struct buf	 b = { 0 };

	(void)state;
	plist_add(&l, "10.189.200.255/32");
	plist_add(&l, "10.52.12.1/32");
	plist_render(&b, "10.189.200.255/32", "ACAST_PS_ADVERTISE", &l,
	    "2026-11-21 05:53:25.743015", 12813);
	assert_string_equal(b.s,
	    "# Generated 2026-11-21 05:53:25.743015 by anycast-healthchecker "
	    "(pid=12813)\n# 10.189.200.255/32 is a dummy IP Prefix. It should "
	    "NOT be used and REMOVED from the constant.\ndefine "
	    "ACAST_PS_ADVERTISE =\n    [\n        10.189.200.255/32,\n"
	    "        10.52.12.1/32\n    ];\n");
	buf_free(&b);
	plist_del(&l, "10.52.12.1/32");
	plist_render(&b, "10.189.200.255/32", "ACAST_PS_ADVERTISE", &l,
	    "2026-11-21 05:53:25.743256", 12813);
	assert_string_equal(b.s,
	    "# Generated 2026-11-21 05:53:25.743256 by anycast-healthchecker "
	    "(pid=12813)\n# 10.189.200.255/32 is a dummy IP Prefix. It should "
	    "NOT be used and REMOVED from the constant.\ndefine "
	    "ACAST_PS_ADVERTISE =\n    [\n        10.189.200.255/32\n"
	    "    ];\n");
	/* what we write, we read back */
	plist_free(&l);
	plist_parse(&l, b.s);
	assert_int_equal(l.n, 1);
	buf_free(&b);
	plist_free(&l);
}

static void
test_repair(void **state)
{
	struct plist		 l = { 0 };
	struct plist_repair	 r;
	struct strset		 known = { 0 };

	(void)state;
	strset_add(&known, "10.189.200.255/32", 17);
	strset_add(&known, "10.0.0.1/32", 11);
	plist_add(&l, "10.0.0.1/32");
	plist_add(&l, "192.0.2.9/32");

	/* without purge: dummy back in front, the stranger reported, kept */
	plist_repair(&l, "10.189.200.255/32", &known, 0, &r);
	assert_true(r.dummy_added);
	assert_false(r.purged);
	assert_int_equal(r.unknown.n, 1);
	assert_string_equal(r.unknown.v[0], "192.0.2.9/32");
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0], "10.189.200.255/32");
	plist_free(&r.unknown);

	/* with purge: removed; the dummy is there now */
	plist_repair(&l, "10.189.200.255/32", &known, 1, &r);
	assert_false(r.dummy_added);
	assert_true(r.purged);
	assert_int_equal(l.n, 2);
	assert_false(plist_has(&l, "192.0.2.9/32"));
	plist_free(&r.unknown);

	/* a clean list needs nothing */
	plist_repair(&l, "10.189.200.255/32", &known, 1, &r);
	assert_false(r.dummy_added || r.purged);
	assert_int_equal(r.unknown.n, 0);
	plist_free(&l);
	strset_free(&known);
}

/* dummy_ip_prefix = none: "[]" when empty, no dummy put back */
static void
test_no_dummy(void **state)
{
	struct plist		 l = { 0 };
	struct plist_repair	 r;
	struct strset		 known = { 0 };
	struct buf		 b = { 0 };

	(void)state;
	plist_render(&b, NULL, "ACAST_PS_ADVERTISE", &l, "T", 1);
	assert_string_equal(b.s, "# Generated T by anycast-healthchecker "
	    "(pid=1)\n# No dummy IP Prefix: the list may be empty.\n"
	    "define ACAST_PS_ADVERTISE = [];\n");
	plist_parse(&l, b.s);
	assert_int_equal(l.n, 0);
	free(plist_variable(b.s));
	buf_free(&b);

	strset_add(&known, "10.0.0.1/32", 11);
	plist_add(&l, "10.0.0.1/32");
	plist_add(&l, "192.0.2.9/32");
	plist_repair(&l, NULL, &known, 1, &r);
	assert_false(r.dummy_added);
	assert_true(r.purged);
	assert_int_equal(l.n, 1);
	plist_free(&r.unknown);
	plist_render(&b, NULL, "V", &l, "T", 1);
	assert_string_equal(b.s, "# Generated T by anycast-healthchecker "
	    "(pid=1)\n# No dummy IP Prefix: the list may be empty.\n"
	    "define V =\n    [\n        10.0.0.1/32\n    ];\n");
	buf_free(&b);
	plist_free(&l);
	strset_free(&known);
}

/* Two lists in one file: each read apart, and rendered in one layout. */
static void
test_drain_list(void **state)
{
	const char	*text =
	    "# Generated 2026-01-01 by anycast-healthchecker (pid=1)\n"
	    "define ACAST_PS_ADVERTISE =\n"
	    "    [\n"
	    "        10.189.200.255/32,\n"
	    "        10.0.0.1/32,\n"
	    "        10.0.0.2/32\n"
	    "    ];\n"
	    "define ACAST_PS_DRAIN =\n"
	    "    [\n"
	    "        10.189.200.255/32,\n"
	    "        10.0.0.2/32\n"
	    "    ];\n";
	struct plist	 l = { 0 }, d = { 0 }, e = { 0 };
	struct buf	 b = { 0 };

	(void)state;
	plist_parse_list(&l, text, "ACAST_PS_ADVERTISE");
	plist_parse_list(&d, text, "ACAST_PS_DRAIN");
	assert_int_equal(l.n, 3);
	assert_int_equal(d.n, 2);
	assert_string_equal(d.v[1], "10.0.0.2/32");
	assert_true(plist_variable_defined(text, "ACAST_PS_DRAIN"));
	/* a name that only starts like another is not it */
	assert_false(plist_variable_defined(text, "ACAST_PS_DRAI"));
	assert_false(plist_variable_defined(text, "ACAST6_PS_DRAIN"));
	plist_parse_list(&e, "define ACAST_PS_DRAIN = [];\n", "ACAST_PS_DRAIN");
	assert_int_equal(e.n, 0);
	plist_render_list(&b, "10.189.200.255/32", "ACAST_PS_DRAIN", &d);
	assert_string_equal(b.s, "define ACAST_PS_DRAIN =\n    [\n"
	    "        10.189.200.255/32,\n        10.0.0.2/32\n    ];\n");
	buf_free(&b);
	plist_render_list(&b, NULL, "ACAST_PS_DRAIN", &e);
	assert_string_equal(b.s, "define ACAST_PS_DRAIN = [];\n");
	buf_free(&b);
	plist_free(&l);
	plist_free(&d);
	plist_free(&e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_variable),
		cmocka_unit_test(test_edit),
		cmocka_unit_test(test_render),
		cmocka_unit_test(test_repair),
		cmocka_unit_test(test_no_dummy),
		cmocka_unit_test(test_drain_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
