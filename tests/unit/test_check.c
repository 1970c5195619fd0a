/* The built-in checks: HOST:PORT, a TCP check, check_dns's value. */
#include <sys/socket.h>

#include <netinet/in.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"

#include "check.h"

static const struct check_opts no_opts = { NULL, NULL, NULL, 1, NULL };

static void
hostport_ok(const char *v, const char *want)
{
	struct sockaddr_storage	 ss;
	struct buf		 why = { 0 };
	socklen_t		 len;
	char			 out[64];

	assert_int_equal(check_hostport(v, 0, &ss, &len, &why), 0);
	check_addr_format(&ss, out, sizeof(out));
	assert_string_equal(out, want);
	buf_free(&why);
}

static void
hostport_bad(const char *v, const char *why_part)
{
	struct sockaddr_storage	 ss;
	struct buf		 why = { 0 };
	socklen_t		 len;

	assert_int_equal(check_hostport(v, 0, &ss, &len, &why), -1);
	assert_non_null(strstr(why.s, why_part));
	buf_free(&why);
}

static void
test_hostport(void **state)
{
	(void)state;
	hostport_ok("10.0.0.1:80", "10.0.0.1:80");
	hostport_ok("[2001:db8::1]:443", "[2001:db8::1]:443");
	hostport_ok("[::1]:65535", "[::1]:65535");
	hostport_bad("10.0.0.1", "has no :PORT");
	hostport_bad("10.0.0.1:0", "the port must be 1 to 65535");
	hostport_bad("10.0.0.1:65536", "the port must be 1 to 65535");
	hostport_bad("10.0.0.1:+80", "the port must be 1 to 65535");
	hostport_bad("10.0.0.1:80x", "the port must be 1 to 65535");
	hostport_bad("2001:db8::1:80", "an IPv6 address goes in [ ]");
	hostport_bad("[2001:db8::1:80", "has no closing ]");
	hostport_bad("[2001:db8::1]80", "expected :PORT after ]");
	hostport_bad("[10.0.0.1]:80", "is not an IP address");
	hostport_bad("www.example.net:80", "names are not resolved");
	hostport_bad(":80", "not an IP address");
}

static void
name_ok(const char *v, int kind)
{
	struct buf	 why = { 0 };

	assert_int_equal(check_hostname(v, kind, &why), 0);
	assert_null(why.s);
}

static void
name_bad(const char *v, int kind, const char *why_part)
{
	struct buf	 why = { 0 };

	assert_int_equal(check_hostname(v, kind, &why), -1);
	assert_non_null(strstr(why.s, why_part));
	buf_free(&why);
}

static void
test_hostname(void **state)
{
	char	 label[80], name[4 * 80];

	(void)state;
	name_ok("www.example.net", CHECK_NAME_HOST);
	name_ok("a", CHECK_NAME_HOST);
	name_ok("x-1.Example.NET", CHECK_NAME_HOST);
	name_ok("_dmarc.example.net.", CHECK_NAME_DNS);
	name_bad("a.example.net.", CHECK_NAME_HOST, "a label is empty");
	name_bad("_x.example.net", CHECK_NAME_HOST, "'_' is not a letter");
	name_bad("a?b", CHECK_NAME_HOST, "'?' is not a letter, digit or '-'");
	name_bad("a#b", CHECK_NAME_DNS, "'#' is not a letter, digit, '_'");
	name_bad("a\\b", CHECK_NAME_HOST, "'\\' is not");
	name_bad("a'b", CHECK_NAME_HOST, "''' is not");
	name_bad("a b", CHECK_NAME_HOST, "\\x20 is not");
	name_bad("a\xc3\xa9", CHECK_NAME_HOST, "\\xc3 is not");
	name_bad("", CHECK_NAME_HOST, "it must have 1 to 253 bytes");
	name_bad(".", CHECK_NAME_DNS, "a label is empty");
	name_bad("a..b", CHECK_NAME_DNS, "a label is empty");
	name_bad(".a", CHECK_NAME_DNS, "a label is empty");
	name_bad("-a.b", CHECK_NAME_HOST, "starts or ends with '-'");
	name_bad("a-.b", CHECK_NAME_HOST, "starts or ends with '-'");
	memset(label, 'a', 64);
	label[64] = '\0';
	name_bad(label, CHECK_NAME_DNS, "a label is longer than 63 bytes");
	label[63] = '\0';
	name_ok(label, CHECK_NAME_DNS);
	/* 4 labels of 63 and 3 dots: 255 bytes, over the 253 */
	snprintf(name, sizeof(name), "%s.%s.%s.%s", label, label, label,
	    label);
	name_bad(name, CHECK_NAME_DNS, "it must have 1 to 253 bytes");
	name[251] = '\0';
	name_ok(name, CHECK_NAME_DNS);
}

/* A listening socket passes; once closed, the same port is refused. */
static void
test_tcp_run(void **state)
{
	struct sockaddr_in	 sin = { 0 };
	socklen_t		 len = sizeof(sin);
	struct buf		 why = { 0 }, v = { 0 };
	void			*conf;
	int			 fd, stop = 0;

	(void)state;
	fd = socket(AF_INET, SOCK_STREAM, 0);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(listen(fd, 1), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	buf_addf(&v, "127.0.0.1:%u", ntohs(sin.sin_port));
	assert_int_equal(check_tcp_kind.parse(v.s, &no_opts, &conf, &why), 0);
	assert_int_equal(check_tcp_kind.run(conf, 1, &stop, &why), CHECK_PASS);
	close(fd);
	assert_int_equal(check_tcp_kind.run(conf, 1, &stop, &why), CHECK_FAIL);
	assert_non_null(strstr(why.s, "Connection refused"));
	check_tcp_kind.free(conf);
	buf_free(&why);
	buf_free(&v);
}

static void
dns_bad(const char *v, const char *why_part)
{
	struct buf	 why = { 0 };
	void		*conf;

	assert_int_equal(check_dns_kind.parse(v, &no_opts, &conf, &why), -1);
	assert_non_null(strstr(why.s, why_part));
	buf_free(&why);
}

static void
test_dns_parse(void **state)
{
	struct buf	 why = { 0 };
	void		*conf;

	(void)state;
	assert_int_equal(check_dns_kind.parse("10.0.0.53 www.example.net",
	    &no_opts, &conf, &why), 0);
	check_dns_kind.free(conf);
	assert_int_equal(check_dns_kind.parse("[2001:db8::53]:5353  example.net\tmx",
	    &no_opts, &conf, &why), 0);
	check_dns_kind.free(conf);
	dns_bad("10.0.0.53", "expected SERVER NAME [TYPE]");
	dns_bad("10.0.0.53 a A extra", "expected SERVER NAME [TYPE]");
	dns_bad("10.0.0.53:0 a", "the port must be 1 to 65535");
	dns_bad("ns.example.net a", "names are not resolved");
	dns_bad("10.0.0.53 .a", "is not a domain name");
	dns_bad("10.0.0.53 a..b", "a label is empty");
	dns_bad("10.0.0.53 a ANY", "ANY is not one of A, AAAA");
	buf_free(&why);
}

static void
http_bad(const char *v, const struct check_opts *o, const char *why_part)
{
	struct buf	 why = { 0 };
	void		*conf;

	assert_int_equal(check_http_kind.parse(v, o, &conf, &why), -1);
	assert_non_null(strstr(why.s, why_part));
	buf_free(&why);
}

static void
test_http_parse(void **state)
{
	struct check_opts o = { NULL, NULL, NULL, 1, NULL };
	struct buf	 why = { 0 };
	void		*conf;
	char		 s0[] = "200,204,301-302";
	char		 s1[] = "www.example.net";
	char		 s2[] = "200-199";
	char		 s3[] = "2xx";
	char		 s4[] = "200,";
	char		 s5[] = "600";
	char		 s6[] = "a:b";

	(void)state;
	assert_int_equal(check_http_kind.parse("http://10.0.0.1/health",
	    &no_opts, &conf, &why), 0);
	check_http_kind.free(conf);
	o.http_status = s0;
	o.http_host = s1;
	assert_int_equal(check_http_kind.parse("HTTPS://[2001:db8::1]:8443/",
	    &o, &conf, &why), 0);
	check_http_kind.free(conf);
	http_bad("ftp://10.0.0.1/", &no_opts, "must start with http://");
	http_bad("http://www.example.net/", &no_opts, "names are not resolved");
	http_bad("http://u@10.0.0.1/", &no_opts, "no spaces, user or fragment");
	http_bad("http://10.0.0.1:99999/", &no_opts, "the port must be");
	o.http_host = NULL;
	o.http_status = s2;
	http_bad("http://10.0.0.1/", &o, "expected codes from 100 to 599");
	o.http_status = s3;
	http_bad("http://10.0.0.1/", &o, "expected codes from 100 to 599");
	o.http_status = s4;
	http_bad("http://10.0.0.1/", &o, "expected codes from 100 to 599");
	o.http_status = s5;
	http_bad("http://10.0.0.1/", &o, "expected codes from 100 to 599");
	o.http_status = NULL;
	o.http_host = s6;
	http_bad("http://10.0.0.1/", &o, "is not a host name");
	buf_free(&why);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hostport),
		cmocka_unit_test(test_hostname),
		cmocka_unit_test(test_tcp_run),
		cmocka_unit_test(test_dns_parse),
		cmocka_unit_test(test_http_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
