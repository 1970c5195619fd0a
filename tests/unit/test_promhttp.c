/* prometheus_listen: what promhttp_parse() takes and refuses. */
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "unit.h"

#include "promhttp.h"

static void
test_listen(void **state)
{
	static const char *const bad[] = {
		"", ":", "9177", ":9177", "127.0.0.1", "127.0.0.1:", "::1:9177",
		"[::1]", "[::1]9177", "[127.0.0.1]:80", "localhost:9177",
		"1.2.3.4:0", "1.2.3.4:65536", "1.2.3.4:+80", "1.2.3.4:80x",
		"[::1]:-1", "[fe80::1%eth0]:80",
	};
	struct sockaddr_storage	 ss;
	struct sockaddr_in	*sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6	*sin6 = (struct sockaddr_in6 *)&ss;
	socklen_t		 len;
	size_t			 i;

	(void)state;
	assert_int_equal(promhttp_parse("127.0.0.1:9177", &ss, &len), 0);
	assert_int_equal(ss.ss_family, AF_INET);
	assert_int_equal(ntohs(sin->sin_port), 9177);
	assert_int_equal(len, sizeof(*sin));
	assert_int_equal(promhttp_parse("[::1]:65535", &ss, &len), 0);
	assert_int_equal(ss.ss_family, AF_INET6);
	assert_int_equal(ntohs(sin6->sin6_port), 65535);
	assert_true(IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (promhttp_parse(bad[i], &ss, &len) != -1)
			fail_msg("accepted %s", bad[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_listen),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
