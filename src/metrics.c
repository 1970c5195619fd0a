/*
 * The Prometheus textfile, as upstream's prometheus_client writes it:
 * the same metric names, HELP and TYPE lines, sorted labels and Go-style
 * numbers.  Service threads set values; the main thread writes the file.
 */

#include <sys/time.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "file.h"
#include "log.h"
#include "metrics.h"
#include "promhttp.h"
#include "path.h"
#include "pystr.h"
#include "status.h"

#define NS	"anycast_healthchecker_"
#define PROMFILE "anycast_healthchecker.prom"

pthread_mutex_t	 metrics_lock = PTHREAD_MUTEX_INITIALIZER;

void
metrics_state(struct service *s, double v)
{
	pthread_mutex_lock(&metrics_lock);
	s->m.has_state = 1;
	s->m.state = v;
	pthread_mutex_unlock(&metrics_lock);
}

void
metrics_duration(struct service *s, double ms)
{
	pthread_mutex_lock(&metrics_lock);
	s->m.has_duration = 1;
	s->m.duration_ms = ms;
	pthread_mutex_unlock(&metrics_lock);
}

/* A built-in check of a service: its index in check_kinds[]. */
void
metrics_check_duration(struct service *s, size_t i, double ms)
{
	pthread_mutex_lock(&metrics_lock);
	s->m.has_check[i] = 1;
	s->m.check_ms[i] = ms;
	pthread_mutex_unlock(&metrics_lock);
}

void
metrics_ip(struct service *s, int assigned)
{
	pthread_mutex_lock(&metrics_lock);
	s->m.has_ip = 1;
	s->m.ip_assigned = assigned;
	pthread_mutex_unlock(&metrics_lock);
}

void
metrics_timeout(struct service *s)
{
	pthread_mutex_lock(&metrics_lock);
	if (!s->m.has_timeouts) {
		s->m.has_timeouts = 1;
		s->m.timeouts_created = clock_real();
	}
	s->m.timeouts++;
	pthread_mutex_unlock(&metrics_lock);
}

/*
 * Python's repr() of a float, then prometheus_client's floatToGoString():
 * Go writes an exponent once a positive number has more than six digits
 * before the point.
 */
void
metrics_float(struct buf *b, double d)
{
	if (isinf(d))
		buf_add(b, d > 0 ? "+Inf" : "-Inf");
	else if (isnan(d))
		buf_add(b, "NaN");
	else
		py_float_format(b, d, 1);
}

static void
label(struct buf *b, const char *v)
{
	for (; *v != '\0'; v++) {
		if (*v == '\\')
			buf_add(b, "\\\\");
		else if (*v == '\n')
			buf_add(b, "\\n");
		else if (*v == '"')
			buf_add(b, "\\\"");
		else
			buf_addc(b, *v);
	}
}

static void
head(struct buf *b, const char *name, const char *help, const char *type)
{
	buf_addf(b, "# HELP " NS "%s %s\n# TYPE " NS "%s %s\n", name, help,
	    name, type);
}

/*
 * Upstream labels the "service" gauge with ip_prefix as configured and
 * every other metric with the normalised prefix; dashboards join on both.
 * A list of prefixes (ours) is labelled as written everywhere.
 */
static void
sample_check(struct buf *b, const char *name, const struct service *s,
    const char *check, double v)
{
	/* prometheus_client sorts labels: check comes first */
	buf_addf(b, NS "%s{", name);
	if (check != NULL)
		buf_addf(b, "check=\"%s\",", check);
	buf_add(b, "ip_prefix=\"");
	label(b, strcmp(name, "service") == 0 || s->npfx > 1 ? s->prefix_raw :
	    s->prefix_str);
	buf_add(b, "\",service_name=\"");
	label(b, s->name);
	buf_add(b, "\"} ");
	metrics_float(b, v);
	buf_addc(b, '\n');
}

static void
sample(struct buf *b, const char *name, const struct service *s, double v)
{
	sample_check(b, name, s, NULL, v);
}

/*
 * The duration of each check of a service with built-in checks, with a
 * check label of ours; a service with check_cmd alone keeps upstream's
 * series as it is.
 */
static void
durations(struct buf *b, const struct service *s)
{
	size_t		 i;

	if (s->nchecks == 0) {
		if (s->m.has_duration)
			sample(b, "service_check_duration_milliseconds", s,
			    s->m.duration_ms);
		return;
	}
	if (s->m.has_duration)
		sample_check(b, "service_check_duration_milliseconds", s,
		    "cmd", s->m.duration_ms);
	for (i = 0; i < CHECK_KINDS; i++)
		if (s->m.has_check[i])
			sample_check(b, "service_check_duration_milliseconds",
			    s, check_kinds[i]->label, s->m.check_ms[i]);
}

/* A check failure counter: reason sorts between ip_prefix and the name. */
static void
sample_reason(struct buf *b, const struct service *s, int r)
{
	buf_add(b, NS "service_check_failures_total{ip_prefix=\"");
	label(b, s->npfx > 1 ? s->prefix_raw : s->prefix_str);
	buf_addf(b, "\",reason=\"%s\",service_name=\"",
	    status_fail_labels[r]);
	label(b, s->name);
	buf_add(b, "\"} ");
	metrics_float(b, s->m.st.failures[r]);
	buf_addc(b, '\n');
}

/*
 * The reasons a service's checks can fail for, each counted from 0 so
 * that a first failure is an increase: exit for check_cmd, its built-in
 * checks' kinds, the IP assignment check unless it is off.
 */
static void
failures(struct buf *b, const struct service *s)
{
	size_t	 i;
	int	 r;

	for (r = 0; r < FAIL_REASONS; r++) {
		int use = r == FAIL_TIMEOUT ||
		    (r == FAIL_EXIT && s->argv != NULL) ||
		    (r == FAIL_IP && !s->ip_check_disabled);

		for (i = 0; i < s->nchecks && !use; i++)
			use = strcmp(s->checks[i].kind->label,
			    status_fail_labels[r]) == 0;
		if (use || s->m.st.failures[r] > 0)
			sample_reason(b, s, r);
	}
}

/* Ours, beside upstream's: what a dashboard and alert rules need. */
static void
dashboard(struct buf *b, struct settings *st)
{
	const struct service *s;
	size_t	 i;

	head(b, "service_announced", "1 while the service's prefixes are "
	    "announced, drained or not", "gauge");
	for (i = 0; i < st->nsvc; i++)
		sample(b, "service_announced", st->svc[i],
		    st->svc[i]->announced != CHANGE_OFF);
	pthread_mutex_lock(&metrics_lock);
	head(b, "service_transitions_total", "The number of times the "
	    "service's state changed since start", "counter");
	for (i = 0; i < st->nsvc; i++)
		sample(b, "service_transitions_total", st->svc[i],
		    st->svc[i]->m.st.transitions);
	head(b, "service_last_change_timestamp_seconds", "When the "
	    "service's state last changed, in seconds since the epoch",
	    "gauge");
	for (i = 0; i < st->nsvc; i++)
		if ((s = st->svc[i])->m.st.since > 0)
			sample(b, "service_last_change_timestamp_seconds", s,
			    s->m.st.since);
	head(b, "service_check_failures_total", "Failed checks of the "
	    "service, by reason", "counter");
	for (i = 0; i < st->nsvc; i++)
		failures(b, st->svc[i]);
	pthread_mutex_unlock(&metrics_lock);
}

static void
lag_sample(struct buf *b, const char *name, int version, double v)
{
	buf_addf(b, NS "%s{ip_version=\"%d\"} ", name, version);
	metrics_float(b, v);
	buf_addc(b, '\n');
}

/* Ours, after upstream's: how far BIRD is behind the files. */
static void
lag(struct buf *b, struct settings *st)
{
	double	 now = clock_real(), boot = clock_boot();
	size_t	 i;

	head(b, "bird_changes_waiting", "Prefix file writes BIRD has not "
	    "taken yet", "gauge");
	for (i = 0; i < st->bird.n; i++)
		lag_sample(b, "bird_changes_waiting", st->bird.t[i].version,
		    (double)st->lag[i].waiting);
	head(b, "bird_oldest_waiting_change_seconds", "Age of the oldest "
	    "prefix file write BIRD has not taken, 0 when none", "gauge");
	for (i = 0; i < st->bird.n; i++)
		lag_sample(b, "bird_oldest_waiting_change_seconds",
		    st->bird.t[i].version, lag_age(&st->lag[i], now, boot));
	head(b, "bird_last_taken_timestamp_seconds", "When BIRD last took a "
	    "prefix file, in seconds since the epoch; 0: not since start",
	    "gauge");
	for (i = 0; i < st->bird.n; i++)
		lag_sample(b, "bird_last_taken_timestamp_seconds",
		    st->bird.t[i].version, st->lag[i].last_taken);
}

void
metrics_render(struct buf *b, struct settings *st, double uptime)
{
	size_t	 i;
	int	 timeouts = 0;

	pthread_mutex_lock(&metrics_lock);
	head(b, "service_state", "The status of the service check: 0 = "
	    "healthy, any other value = unhealthy", "gauge");
	for (i = 0; i < st->nsvc; i++)
		if (st->svc[i]->m.has_state)
			sample(b, "service_state", st->svc[i],
			    st->svc[i]->m.state);
	head(b, "service_check_duration_milliseconds", "Service check duration "
	    "in milliseconds", "gauge");
	for (i = 0; i < st->nsvc; i++)
		durations(b, st->svc[i]);
	head(b, "service_check_ip_assignment", "Service IP assignment check: "
	    "0 = not assigned, 1 = assigned", "gauge");
	for (i = 0; i < st->nsvc; i++)
		if (st->svc[i]->m.has_ip)
			sample(b, "service_check_ip_assignment", st->svc[i],
			    st->svc[i]->m.ip_assigned);
	head(b, "service_check_timeout_total", "The number of times a service "
	    "check timed out", "counter");
	for (i = 0; i < st->nsvc; i++)
		if (st->svc[i]->m.has_timeouts) {
			sample(b, "service_check_timeout_total", st->svc[i],
			    st->svc[i]->m.timeouts);
			timeouts = 1;
		}
	/* prometheus_client heads the _created samples only when there are */
	if (timeouts)
		head(b, "service_check_timeout_created", "The number of "
		    "times a service check timed out", "gauge");
	for (i = 0; i < st->nsvc; i++)
		if (st->svc[i]->m.has_timeouts)
			sample(b, "service_check_timeout_created", st->svc[i],
			    st->svc[i]->m.timeouts_created);
	pthread_mutex_unlock(&metrics_lock);

	head(b, "uptime", "Uptime of the process in seconds", "gauge");
	buf_add(b, NS "uptime ");
	metrics_float(b, (double)(long long)uptime);	/* >= 0: floor */
	buf_addc(b, '\n');
	head(b, "state", "The current state of the process: 0 = down, 1 = up",
	    "gauge");
	buf_add(b, NS "state 1.0\n");
	head(b, "version_info", "Version of the software", "gauge");
	buf_addf(b, NS "version_info{version=\"%s\"} 1.0\n", VERSION);
	head(b, "service", "The configured service checks", "gauge");
	for (i = 0; i < st->nsvc; i++)
		sample(b, "service", st->svc[i], 1);
	lag(b, st);
	dashboard(b, st);
	/* ours, and only where a drain can happen: upstream's text else */
	if (!st->drain_used)
		return;
	head(b, "service_draining", "1 while the service's prefixes are "
	    "announced with the drain community", "gauge");
	for (i = 0; i < st->nsvc; i++)
		sample(b, "service_draining", st->svc[i],
		    st->svc[i]->announced == CHANGE_DRAIN);
}

/* Temp files a killed daemon left in the textfile directory. */
void
metrics_clean(struct settings *st)
{
	char	*path = path_join(st->prometheus_dir, PROMFILE);

	file_clean_temps(path);
	free(path);
}

/*
 * Replace the textfile atomically, so the collector never reads half;
 * and give prometheus_listen the same text.
 */
void
metrics_write(struct settings *st, double uptime)
{
	struct buf	 b = { 0 }, e = { 0 };
	char		*path;

	metrics_render(&b, st, uptime);
	if (st->prometheus_listen != NULL)
		promhttp_set(b.s, b.len);
	if (!st->prometheus) {
		buf_free(&b);
		return;
	}
	path = path_join(st->prometheus_dir, PROMFILE);
	if (file_replace(path, b.s, b.len, NULL) == -1) {
		py_oserror(&e, errno, path);
		log_crit("failed to write metrics to %s:%s", path, e.s);
	} else
		log_debug("dumped Prometheus metrics to %s", path);
	buf_free(&e);
	buf_free(&b);
	free(path);
}
