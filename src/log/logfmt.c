#include <stdio.h>
#include <string.h>
#include <time.h>

#include "logfmt.h"

const char *
logfmt_level_name(int level)
{
	if (level >= LOG_LEVEL_CRITICAL)
		return "CRITICAL";
	if (level >= LOG_LEVEL_ERROR)
		return "ERROR";
	if (level >= LOG_LEVEL_WARNING)
		return "WARNING";
	if (level >= LOG_LEVEL_INFO)
		return "INFO";
	return "DEBUG";
}

/* Python logging's asctime: "2026-01-02 03:04:05,678", local time. */
void
logfmt_asctime(struct buf *b, const struct timeval *tv)
{
	struct tm	 tm;
	char		 s[32];
	time_t		 t = tv->tv_sec;

	localtime_r(&t, &tm);
	strftime(s, sizeof(s), "%Y-%m-%d %H:%M:%S", &tm);
	buf_addf(b, "%s,%03ld", s, (long)tv->tv_usec / 1000);
}

/* %(asctime)s anycast-healthchecker[%(process)d] %(levelname)-8s
 * %(threadName)-<width>s %(message)s */
void
logfmt_text(struct buf *b, const struct log_record *r, int width)
{
	logfmt_asctime(b, &r->tv);
	buf_addf(b, " anycast-healthchecker[%ld] %-8s %-*s ", (long)r->pid,
	    logfmt_level_name(r->level), width, r->thread);
	buf_add(b, r->msg);
}

/* What upstream writes for stderr_file and stderr_log_server. */
void
logfmt_stderr(struct buf *b, const struct log_record *r)
{
	logfmt_asctime(b, &r->tv);
	buf_addf(b, " anycast-healthchecker[%ld] %s ", (long)r->pid,
	    r->thread);
	buf_add(b, r->msg);
}

/*
 * A JSON string as Python's json.dumps() writes it: ASCII only, with
 * \uXXXX (surrogate pairs above the BMP) for everything else; bytes that
 * are not UTF-8 become U+FFFD.
 */
void
logfmt_json_string(struct buf *b, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned int	 c, need, i;

	buf_addc(b, '"');
	while (*u != '\0') {
		c = *u;
		need = c >= 0xf0 && c <= 0xf4 ? 3 : c >= 0xe0 && c < 0xf0 ? 2 :
		    c >= 0xc2 && c < 0xe0 ? 1 : 0;
		if (c >= 0x80 && need == 0) {
			buf_add(b, "\\ufffd");
			u++;
			continue;
		}
		if (need > 0) {
			c &= 0x3fu >> need;
			for (i = 1; i <= need; i++) {
				if ((u[i] & 0xc0) != 0x80)
					break;
				c = (c << 6) | (u[i] & 0x3fu);
			}
			if (i <= need || c > 0x10ffff ||
			    (c >= 0xd800 && c <= 0xdfff)) {
				buf_add(b, "\\ufffd");
				u++;
				continue;
			}
			u += need + 1;
			if (c >= 0x10000) {
				c -= 0x10000;
				buf_addf(b, "\\u%04x\\u%04x", 0xd800 + (c >> 10),
				    0xdc00 + (c & 0x3ff));
			} else
				buf_addf(b, "\\u%04x", c);
			continue;
		}
		u++;
		switch (c) {
		case '"':
			buf_add(b, "\\\"");
			break;
		case '\\':
			buf_add(b, "\\\\");
			break;
		case '\n':
			buf_add(b, "\\n");
			break;
		case '\r':
			buf_add(b, "\\r");
			break;
		case '\t':
			buf_add(b, "\\t");
			break;
		case '\b':
			buf_add(b, "\\b");
			break;
		case '\f':
			buf_add(b, "\\f");
			break;
		default:
			if (c < 0x20 || c == 0x7f)
				buf_addf(b, "\\u%04x", c);
			else
				buf_addc(b, (char)c);
		}
	}
	buf_addc(b, '"');
}

static void
json_extra(struct buf *b, const struct log_extra *x)
{
	buf_add(b, ", \"ip_address\": ");
	logfmt_json_string(b, x->ip_address);
	buf_addf(b, ", \"prefix_length\": %d, \"ip_check_disabled\": %s, "
	    "\"status\": ", x->prefix_length, x->ip_check_disabled ? "true" :
	    "false");
	logfmt_json_string(b, x->status);
}

/* Upstream's CustomJsonFormatter, key for key and in its order. */
void
logfmt_json(struct buf *b, const struct log_record *r)
{
	buf_add(b, "anycast-healthchecker: {\"asctime\": \"");
	logfmt_asctime(b, &r->tv);
	buf_addf(b, "\", \"levelname\": \"%s\", \"process\": %ld, "
	    "\"message\": ", logfmt_level_name(r->level), (long)r->pid);
	if (r->json != NULL)
		buf_addf(b, "null, %s", r->json);
	else
		logfmt_json_string(b, r->msg);
	if (r->extra != NULL)
		json_extra(b, r->extra);
	buf_addf(b, ", \"version\": \"%s\", \"program\": "
	    "\"anycast-healthchecker\", \"service_name\": ", VERSION);
	logfmt_json_string(b, r->thread);
	buf_addc(b, '}');
}

/* The syslog severity of a level, as Python's SysLogHandler maps it. */
static int
severity(int level)
{
	if (level >= LOG_LEVEL_CRITICAL)
		return 2;
	if (level >= LOG_LEVEL_ERROR)
		return 3;
	if (level >= LOG_LEVEL_WARNING)
		return 4;
	if (level >= LOG_LEVEL_INFO)
		return 6;
	return 7;
}

/* journald reads a leading "<N>" as the priority. */
void
logfmt_journal(struct buf *b, const struct log_record *r)
{
	buf_addf(b, "<%d>%s - %s", severity(r->level), r->thread, r->msg);
}

/* SysLogHandler: facility user (1), severity from the level. */
int
logfmt_syslog_pri(int level)
{
	return (1 << 3) | severity(level);
}

/*
 * The 0.6 series passed a priority per call: 10 by default, 20 for
 * warnings about state, 50 and 80 for errors.  Levels map onto that scale.
 */
int
logfmt_http_priority(int level)
{
	if (level >= LOG_LEVEL_CRITICAL)
		return 80;
	if (level >= LOG_LEVEL_ERROR)
		return 50;
	if (level >= LOG_LEVEL_WARNING)
		return 20;
	return 10;
}

/* {"id": ..., "msg_type": ..., "priority": N, "msg_text": ..., "extra": {}} */
void
logfmt_http(struct buf *b, const struct log_record *r, const char *id)
{
	buf_add(b, "{\"id\": ");
	logfmt_json_string(b, id);
	buf_addf(b, ", \"msg_type\": \"anycast-healthchecker\", \"priority\": "
	    "%d, \"msg_text\": ", logfmt_http_priority(r->level));
	logfmt_json_string(b, r->msg);
	buf_add(b, ", \"extra\": {");
	if (r->extra != NULL) {
		buf_add(b, "\"servicename\": ");
		logfmt_json_string(b, r->extra->service);
		buf_add(b, ", \"ip_address\": ");
		logfmt_json_string(b, r->extra->ip_address);
		buf_addf(b, ", \"prefix_length\": %d, \"status\": ",
		    r->extra->prefix_length);
		logfmt_json_string(b, r->extra->status);
		buf_add(b, ", ");
	}
	buf_addf(b, "\"softwareversion\": \"%s\"}}", VERSION);
}
