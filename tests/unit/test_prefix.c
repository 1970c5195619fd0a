/* prefix_parse()/prefix_format() against Python's ipaddress.ip_network(). */
#include <string.h>

#include "unit.h"

#include "prefix.h"

static const char *const valid[][2] = {
	{ "10.0.0.1", "10.0.0.1/32" },
	{ "10.0.0.0/8", "10.0.0.0/8" },
	{ "0.0.0.0/0", "0.0.0.0/0" },
	{ "10.0.0.1/032", "10.0.0.1/32" },
	{ "10.0.0.0/255.0.0.0", "10.0.0.0/8" },
	{ "10.0.0.0/0.255.255.255", "10.0.0.0/8" },
	{ "::", "::/128" },
	{ "::1", "::1/128" },
	{ "1::", "1::/128" },
	{ "2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1/128" },
	{ "2001:DB8:0:0:1:0:0:1", "2001:db8::1:0:0:1/128" },
	{ "0:0:1:0:0:0:0:0", "0:0:1::/128" },
	{ "1:0:0:2:0:0:0:3", "1:0:0:2::3/128" },
	{ "fe80::1%eth0", "fe80::1%eth0/128" },
	{ "::ffff:10.0.0.1", "::ffff:a00:1/128" },
	{ "::/0", "::/0" },
	{ "2001:db8::/32", "2001:db8::/32" },
	{ "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8/128" },
	{ "1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0/128" },
};

static const char *const invalid[] = {
	"10.0.0.0/255.0.255.0", "10.0.0.1/33", "10.0.0.1/-1", "10.0.0.1/+8",
	"10.0.0.0/ 8", "1.2.3", "1.2.3.4.5", "001.2.3.4", "::1/129",
	"2001:db8::1/32", "fe80::1%", "a::b::c", "10.0.0.0/8/8", "10.0.0.1/24",
	"10.0.0.1/", "", "1::2:3:4:5:6:7:8", "256.0.0.1", "2001:db8::/64x",
};

static void
test_valid(void **state)
{
	char	 out[PREFIX_STRLEN];
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
		assert_int_equal(prefix_normalize(valid[i][0], out,
		    sizeof(out)), 0);
		assert_string_equal(out, valid[i][1]);
	}
}

static void
test_invalid(void **state)
{
	char	 out[PREFIX_STRLEN];
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
		if (prefix_normalize(invalid[i], out, sizeof(out)) != -1)
			fail_msg("accepted %s as %s", invalid[i], out);
	}
}

/* ip_prefix as a list: items stripped, empty ones kept for the caller */
static void
test_split(void **state)
{
	char	**v;
	size_t	  n;

	(void)state;
	v = prefix_split("10.0.0.1/32", &n);
	assert_int_equal(n, 1);
	assert_string_equal(v[0], "10.0.0.1/32");
	assert_null(v[1]);
	prefix_split_free(v);
	v = prefix_split(" 10.0.0.1 ,\t2001:db8::5/128,, ", &n);
	assert_int_equal(n, 4);
	assert_string_equal(v[0], "10.0.0.1");
	assert_string_equal(v[1], "2001:db8::5/128");
	assert_string_equal(v[2], "");
	assert_string_equal(v[3], "");
	prefix_split_free(v);
	v = prefix_split("", &n);
	assert_int_equal(n, 1);
	assert_string_equal(v[0], "");
	prefix_split_free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_split),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
