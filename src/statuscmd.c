/*
 * anycast-healthchecker --status [--json]: reads the status file beside
 * the pidfile that the running daemon keeps.  No signal, no root: only
 * files.  Exit codes as LSB's status action: 0 running, 3 not running,
 * 4 the state cannot be read.
 */

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "file.h"
#include "pystr.h"
#include "status.h"

#define EXIT_RUNNING	0
#define EXIT_STOPPED	3
#define EXIT_UNKNOWN	4

/* The pid the pidfile names, if that process lives; else 0. */
static long
live_pid(const char *pidfile)
{
	char	*text, *end;
	long	 pid;

	if (file_read(pidfile, &text) != 0)
		return 0;
	errno = 0;
	pid = strtol(text, &end, 10);
	if (errno != 0 || end == text || pid <= 0 || pid > INT32_MAX)
		pid = 0;
	free(text);
	/* a signal 0 is never sent: it only asks whether the pid exists */
	if (pid > 0 && kill((pid_t)pid, 0) == -1 && errno == ESRCH)
		pid = 0;
	return pid;
}

static void
age(struct buf *b, double secs)
{
	long long s = secs < 0 ? 0 : (long long)secs;

	if (s >= 86400)
		buf_addf(b, "%lldd%lldh", s / 86400, s % 86400 / 3600);
	else if (s >= 3600)
		buf_addf(b, "%lldh%lldm", s / 3600, s % 3600 / 60);
	else if (s >= 60)
		buf_addf(b, "%lldm%llds", s / 60, s % 60);
	else
		buf_addf(b, "%llds", s);
}

/* "2026-12-07 03:10:04 (5m12s ago)"; by the boot clock where known */
static void
when(struct buf *b, json_t *wall, json_t *boot)
{
	struct tm	 tm;
	time_t		 t;
	char		 s[32];
	double		 ago;

	if (!json_is_number(wall)) {
		buf_add(b, "never");
		return;
	}
	t = (time_t)json_number_value(wall);
	if (localtime_r(&t, &tm) == NULL ||
	    strftime(s, sizeof(s), "%Y-%m-%d %H:%M:%S", &tm) == 0)
		strlcpy(s, "?", sizeof(s));
	ago = json_is_number(boot) ? clock_boot() - json_number_value(boot) :
	    clock_real() - json_number_value(wall);
	buf_addf(b, "%s (", s);
	age(b, ago);
	buf_add(b, " ago)");
}

static const char *
text_of(json_t *o, const char *key)
{
	const char	*v = json_string_value(json_object_get(o, key));

	return v != NULL ? v : "?";
}

static void
service_line(struct buf *b, json_t *s, int width)
{
	json_t		*p;
	size_t		 i;

	buf_addf(b, "%-*s %-11s %-9s ", width, text_of(s, "name"),
	    text_of(s, "state"),
	    json_is_true(json_object_get(s, "announced")) ? "announced" :
	    "withdrawn");
	json_array_foreach(json_object_get(s, "prefixes"), i, p)
		buf_addf(b, "%s%s", i ? "," : "", json_string_value(p) ?
		    json_string_value(p) : "?");
	buf_add(b, "  since ");
	when(b, json_object_get(s, "since"), json_object_get(s, "since_boot"));
	buf_addf(b, "  %s\n", text_of(s, "reason"));
}

static void
announcer_line(struct buf *b, json_t *a)
{
	json_int_t	 n = json_integer_value(json_object_get(a,
			    "changes_waiting"));

	buf_addf(b, "announcer %s IPv%lld: %lld change%s waiting",
	    text_of(a, "announcer"),
	    (long long)json_integer_value(json_object_get(a, "ip_version")),
	    (long long)n, n == 1 ? "" : "s");
	if (n > 0) {
		buf_add(b, ", the oldest since ");
		when(b, json_object_get(a, "oldest_waiting_since"),
		    json_object_get(a, "oldest_waiting_since_boot"));
	}
	buf_add(b, ", last took a change ");
	when(b, json_object_get(a, "last_taken"), NULL);
	buf_addc(b, '\n');
}

/* The text form; -1 when the document is not ours. */
static int
render_text(struct buf *b, const char *doc)
{
	json_t		*root, *svcs, *anns, *s;
	json_error_t	 jerr;
	size_t		 i;
	int		 width = 4, n;

	if ((root = json_loads(doc, 0, &jerr)) == NULL)
		return -1;
	svcs = json_object_get(root, "services");
	anns = json_object_get(root, "announcers");
	if (!json_is_array(svcs) || !json_is_array(anns)) {
		json_decref(root);
		return -1;
	}
	json_array_foreach(svcs, i, s)
		if ((n = (int)strlen(text_of(s, "name"))) > width)
			width = n;
	json_array_foreach(svcs, i, s)
		service_line(b, s, width);
	if (json_array_size(svcs) == 0)
		buf_add(b, "no service checks are configured\n");
	json_array_foreach(anns, i, s)
		announcer_line(b, s);
	json_decref(root);
	return 0;
}

int
status_command(const char *pidfile, int as_json)
{
	struct buf	 b = { 0 };
	char		*path, *doc;
	int		 rc = EXIT_RUNNING;

	if (live_pid(pidfile) == 0) {
		printf("anycast-healthchecker is not running: the pidfile %s "
		    "names no live process\n", pidfile);
		return EXIT_STOPPED;
	}
	path = status_path(pidfile);
	if ((rc = file_read(path, &doc)) != 0) {
		if (rc == -1)
			py_oserror(&b, errno, path);
		else
			buf_addf(&b, "%s is not a regular file", path);
		fprintf(stderr, "cannot read the status: %s\n", b.s);
		free(path);
		buf_free(&b);
		return EXIT_UNKNOWN;
	}
	if (as_json)
		fputs(doc, stdout);
	else if (render_text(&b, doc) == 0)
		fwrite(b.s, 1, b.len, stdout);
	else {
		fprintf(stderr, "cannot read the status: %s is not the "
		    "daemon's JSON\n", path);
		rc = EXIT_UNKNOWN;
	}
	free(doc);
	free(path);
	buf_free(&b);
	return rc;
}
