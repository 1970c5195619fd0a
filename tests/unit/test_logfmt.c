/*
 * Log line shapes and metric numbers, against what upstream's Python
 * (logging, python-json-logger, json.dumps, prometheus_client) prints.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "unit.h"

#include "log.h"
#include "logfmt.h"
#include "metrics.h"

static struct log_record
record(int level, const char *thread, const char *msg)
{
	struct log_record r;

	memset(&r, 0, sizeof(r));
	r.level = level;
	r.tv.tv_sec = 1795241469;	/* 2026-11-21 06:11:09 UTC */
	r.tv.tv_usec = 881234;
	r.pid = 4913;
	r.thread = thread;
	r.msg = msg;
	return r;
}

static int
utc(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	return 0;
}

static void
test_text(void **state)
{
	struct log_record r = record(LOG_LEVEL_WARNING, "foo.bar", "msg");
	struct buf	 b = { 0 };

	(void)state;
	logfmt_text(&b, &r, 12);
	assert_string_equal(b.s, "2026-11-21 06:11:09,881 "
	    "anycast-healthchecker[4913] WARNING  foo.bar      msg");
	buf_free(&b);
	/* a name longer than the width is not cut */
	r.thread = "MainThread";
	r.level = LOG_LEVEL_CRITICAL;
	logfmt_text(&b, &r, 8);
	assert_string_equal(b.s, "2026-11-21 06:11:09,881 "
	    "anycast-healthchecker[4913] CRITICAL MainThread msg");
	buf_free(&b);
}

static void
test_json(void **state)
{
	struct log_extra x = { "10.0.0.1", 32, 0, "down", "svc" };
	struct log_record r = record(LOG_LEVEL_WARNING, "MainThread",
	    "he said \"hi\"\n\tok \xc3\xa9 \x01");
	struct buf	 b = { 0 };

	(void)state;
	r.extra = &x;
	logfmt_json(&b, &r);
	/* the line python-json-logger 2.0 writes for upstream */
	assert_string_equal(b.s, "anycast-healthchecker: {\"asctime\": "
	    "\"2026-11-21 06:11:09,881\", \"levelname\": \"WARNING\", "
	    "\"process\": 4913, \"message\": \"he said \\\"hi\\\"\\n\\tok "
	    "\\u00e9 \\u0001\", \"ip_address\": \"10.0.0.1\", "
	    "\"prefix_length\": 32, \"ip_check_disabled\": false, \"status\": "
	    "\"down\", \"version\": \"0.9.10\", \"program\": "
	    "\"anycast-healthchecker\", \"service_name\": \"MainThread\"}");
	buf_free(&b);
	r.extra = NULL;
	r.level = LOG_LEVEL_INFO;
	r.msg = "plain message";
	logfmt_json(&b, &r);
	assert_string_equal(b.s, "anycast-healthchecker: {\"asctime\": "
	    "\"2026-11-21 06:11:09,881\", \"levelname\": \"INFO\", \"process\": "
	    "4913, \"message\": \"plain message\", \"version\": \"0.9.10\", "
	    "\"program\": \"anycast-healthchecker\", \"service_name\": "
	    "\"MainThread\"}");
	buf_free(&b);
}

static void
test_json_hostile(void **state)
{
	struct buf	 b = { 0 };

	(void)state;
	/* json.dumps('q"b\\s/\x7f\u00e9\U0001F600') */
	logfmt_json_string(&b, "q\"b\\s/\x7f\xc3\xa9\xf0\x9f\x98\x80");
	assert_string_equal(b.s,
	    "\"q\\\"b\\\\s/\\u007f\\u00e9\\ud83d\\ude00\"");
	buf_free(&b);
	/* bytes that are not UTF-8 must not break the JSON */
	logfmt_json_string(&b, "a\xff" "b\xc3" "c\xed\xa0\x80" "d\xe2\x82");
	assert_string_equal(b.s, "\"a\\ufffdb\\ufffdc\\ufffd\\ufffd\\ufffdd"
	    "\\ufffd\\ufffd\"");
	buf_free(&b);
	logfmt_json_string(&b, "\b\f\r\x1f");
	assert_string_equal(b.s, "\"\\b\\f\\r\\u001f\"");
	buf_free(&b);
}

static void
test_journal_and_syslog(void **state)
{
	struct log_record r = record(LOG_LEVEL_ERROR, "MainThread", "boom");
	struct buf	 b = { 0 };

	(void)state;
	logfmt_journal(&b, &r);
	assert_string_equal(b.s, "<3>MainThread - boom");
	buf_free(&b);
	r.level = LOG_LEVEL_DEBUG;
	logfmt_journal(&b, &r);
	assert_string_equal(b.s, "<7>MainThread - boom");
	buf_free(&b);
	assert_int_equal(logfmt_syslog_pri(LOG_LEVEL_DEBUG), 15);
	assert_int_equal(logfmt_syslog_pri(LOG_LEVEL_INFO), 14);
	assert_int_equal(logfmt_syslog_pri(LOG_LEVEL_WARNING), 12);
	assert_int_equal(logfmt_syslog_pri(LOG_LEVEL_ERROR), 11);
	assert_int_equal(logfmt_syslog_pri(LOG_LEVEL_CRITICAL), 10);
}

static void
test_http(void **state)
{
	struct log_extra x = { "10.0.0.1", 32, 0, "up", "foo.bar" };
	struct log_record r = record(LOG_LEVEL_INFO, "foo.bar", "changed to UP");
	struct buf	 b = { 0 };

	(void)state;
	r.extra = &x;
	logfmt_http(&b, &r, "anycast-healthchecker-host1");
	assert_string_equal(b.s, "{\"id\": \"anycast-healthchecker-host1\", "
	    "\"msg_type\": \"anycast-healthchecker\", \"priority\": 10, "
	    "\"msg_text\": \"changed to UP\", \"extra\": {\"servicename\": "
	    "\"foo.bar\", \"ip_address\": \"10.0.0.1\", \"prefix_length\": 32, "
	    "\"status\": \"up\", \"softwareversion\": \"0.9.10\"}}");
	buf_free(&b);
	r.extra = NULL;
	r.level = LOG_LEVEL_CRITICAL;
	logfmt_http(&b, &r, "id");
	assert_string_equal(b.s, "{\"id\": \"id\", \"msg_type\": "
	    "\"anycast-healthchecker\", \"priority\": 80, \"msg_text\": "
	    "\"changed to UP\", \"extra\": {\"softwareversion\": \"0.9.10\"}}");
	buf_free(&b);
}

static void
test_metric_numbers(void **state)
{
	/* prometheus_client's floatToGoString() */
	static const struct { double v; const char *s; } cases[] = {
		{ 0, "0.0" }, { 126, "126.0" }, { 12.3456789, "12.3456789" },
		{ 1795241484.912619, "1.795241484912619e+09" }, { 42, "42.0" },
		{ 1234567, "1.234567e+06" }, { 0.0001, "0.0001" },
		{ 0.00001, "1e-05" }, { 1e16, "1e+16" }, { 2.5, "2.5" },
		{ 100000.0, "100000.0" }, { 1000000.0, "1e+06" },
		{ -3.25, "-3.25" }, { 0.1, "0.1" }, { 123456.7, "123456.7" },
		{ 1.5e-7, "1.5e-07" }, { 0.30000000000000004,
		    "0.30000000000000004" },
	};
	struct buf	 b = { 0 };
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		metrics_float(&b, cases[i].v);
		assert_string_equal(b.s, cases[i].s);
		buf_free(&b);
	}
}

/* buf_addf formats in place, growing past any length, and resets. */
static void
test_buf_addf_in_place(void **state)
{
	struct buf	 b = { 0 };
	char		 big[3000];
	size_t		 i;

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	buf_addf(&b, "%s=%d", "a", 1);
	assert_string_equal(b.s, "a=1");
	for (i = 0; i < 3; i++)
		buf_addf(&b, "[%s]", big);
	assert_int_equal(b.len, 3 + 3 * (sizeof(big) + 1));
	assert_int_equal(strlen(b.s), b.len);
	assert_memory_equal(b.s + 3, "[xxx", 4);
	assert_string_equal(b.s + b.len - 4, "xxx]");
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.s, "");
	buf_addf(&b, "%.3f", 1.0005);
	assert_string_equal(b.s, "1.000");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_hostile),
		cmocka_unit_test(test_journal_and_syslog),
		cmocka_unit_test(test_http),
		cmocka_unit_test(test_metric_numbers),
		cmocka_unit_test(test_buf_addf_in_place),
	};

	return cmocka_run_group_tests(tests, utc, NULL);
}
