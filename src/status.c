/*
 * The daemon's side of --status: each service thread records its state
 * and its last verdict after every round, under metrics_lock, and says
 * when that changed; the main thread renders the JSON document and
 * replaces the file only when a service, a drain or an announcer's lag
 * changed, so a steady daemon writes nothing.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "engine.h"
#include "file.h"
#include "log.h"
#include "path.h"
#include "metrics.h"
#include "promhttp.h"
#include "pystr.h"
#include "status.h"

const char *const status_fail_labels[FAIL_REASONS] = {
	"exit", "timeout", "ip", "http", "tcp", "dns"
};

static const char *const state_names[] = {
	"UNKNOWN", "UP", "DOWN", "DISABLED", "MAINTENANCE"
};

/* bumped by whoever changes what the document shows */
static unsigned long	 gen = 1;
static unsigned long	 written_gen;
static struct buf	 last;

const char *
status_state_name(enum svc_state s)
{
	return state_names[s];
}

int
status_round(struct service *s, enum svc_state state, const char *why,
    int reason)
{
	struct svc_status *t = &s->m.st;
	int		 changed = 0;

	pthread_mutex_lock(&metrics_lock);
	if (reason >= 0 && reason < FAIL_REASONS)
		t->failures[reason]++;
	if (state != t->state) {
		/* the first verdict after start is no transition */
		if (t->state != SVC_UNKNOWN)
			t->transitions++;
		t->state = state;
		t->since = clock_real();
		t->since_boot = clock_boot();
		changed = 1;
	}
	if (strcmp(t->why, why) != 0) {
		strlcpy(t->why, why, sizeof(t->why));
		changed = 1;
	}
	pthread_mutex_unlock(&metrics_lock);
	if (changed)
		status_touch();
	return changed;
}

void
status_touch(void)
{
	__atomic_add_fetch(&gen, 1, __ATOMIC_RELAXED);
}

static json_t *
time_or_null(double t)
{
	return t > 0 ? json_real(t) : json_null();
}

static json_t *
service_json(const struct service *s)
{
	const struct svc_status *t = &s->m.st;
	json_t		*o = json_object(), *p = json_array();
	size_t		 k;

	for (k = 0; k < s->npfx; k++)
		json_array_append_new(p, json_string(s->pfx[k].str));
	json_object_set_new(o, "name", json_string(s->name));
	json_object_set_new(o, "state", json_string(
	    s->announced == CHANGE_DRAIN ? "DRAINING" :
	    status_state_name(t->state)));
	json_object_set_new(o, "announced",
	    json_boolean(s->announced != CHANGE_OFF));
	json_object_set_new(o, "prefixes", p);
	json_object_set_new(o, "since", time_or_null(t->since));
	json_object_set_new(o, "since_boot", time_or_null(t->since_boot));
	json_object_set_new(o, "reason", json_string(t->why));
	json_object_set_new(o, "transitions",
	    json_integer((json_int_t)t->transitions));
	return o;
}

static json_t *
lag_json(const char *announcer, int version, const struct bird_lag *l)
{
	json_t		*o = json_object();

	json_object_set_new(o, "announcer", json_string(announcer));
	json_object_set_new(o, "ip_version", json_integer(version));
	json_object_set_new(o, "changes_waiting", json_integer(l->waiting));
	json_object_set_new(o, "oldest_waiting_since",
	    time_or_null(l->waiting > 0 ? l->since : 0));
	json_object_set_new(o, "oldest_waiting_since_boot",
	    time_or_null(l->waiting > 0 ? l->since_boot : 0));
	json_object_set_new(o, "last_taken", time_or_null(l->last_taken));
	return o;
}

/* main thread: it owns announced and the lag */
void
status_render(struct buf *b, struct settings *st, long pid)
{
	json_t		*root = json_object(), *svcs = json_array();
	json_t		*anns = json_array();
	char		*text;
	size_t		 i;

	json_object_set_new(root, "pid", json_integer(pid));
	json_object_set_new(root, "version", json_string(VERSION));
	pthread_mutex_lock(&metrics_lock);
	for (i = 0; i < st->nsvc; i++)
		json_array_append_new(svcs, service_json(st->svc[i]));
	pthread_mutex_unlock(&metrics_lock);
	json_object_set_new(root, "services", svcs);
	for (i = 0; i < st->bird.n; i++)
		json_array_append_new(anns, lag_json(st->announcer,
		    st->bird.t[i].version, &st->lag[i]));
	json_object_set_new(root, "announcers", anns);
	if ((text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(17))) == NULL)
		fatalx("out of memory rendering the status");
	buf_add(b, text);
	buf_addc(b, '\n');
	free(text);
	json_decref(root);
}

char *
status_path(const char *pidfile)
{
	return path_beside_pidfile(pidfile, ".status");
}

/*
 * Called on every turn of the main loop; renders only after a change.
 * /status gets the same text whether or not the file could be written.
 */
void
status_write(struct settings *st)
{
	struct buf	 b = { 0 }, e = { 0 };
	unsigned long	 g = __atomic_load_n(&gen, __ATOMIC_RELAXED);
	char		*path;

	if (g == written_gen)
		return;
	written_gen = g;
	status_render(&b, st, (long)getpid());
	if (st->prometheus_listen != NULL)
		promhttp_set_status(b.s, b.len);
	path = status_path(st->pidfile);
	if (file_replace_changed(path, &last, &b) == -1) {
		/* tried again at the next change */
		py_oserror(&e, errno, path);
		log_error("failed to write the status to %s", e.s);
		buf_free(&e);
	}
	free(path);
	buf_free(&b);
}

void
status_remove(struct settings *st)
{
	char	*path = status_path(st->pidfile);

	unlink(path);
	free(path);
}
