/* The read-back and apply cycle of frr and gobgp (sync.h). */

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "pystr.h"
#include "sync.h"

struct bird_lag *
sync_lag(struct sync *s, int version)
{
	struct settings	*st = s->a->st;
	size_t		 i;

	for (i = 0; i < st->bird.n; i++)
		if (st->bird.t[i].version == version)
			return &st->lag[i];
	return NULL;
}

static void
wrote(struct sync *s, int version)
{
	struct bird_lag	*l = sync_lag(s, version);

	if (l != NULL)
		lag_wrote(l, clock_real(), clock_boot());
}

/* The services' routes, as they are now; a route of none goes off. */
void
sync_known(struct sync *s)
{
	announce_want_known(&s->ws, s->a->st, s->a->kind == &announce_frr);
}

void
sync_init(struct sync *s, struct announcer *a, const struct sync_ops *ops,
    void *kind)
{
	memset(s, 0, sizeof(*s));
	s->a = a;
	s->ops = ops;
	s->kind = kind;
	s->need_read = 1;
	s->backoff = BACKOFF_FIRST;
	sync_known(s);
}

static void
wrote_cb(void *arg, int version)
{
	wrote(arg, version);
}

/* A burst of changes: the wishes, said as BIRD's files say them. */
void
sync_push(struct sync *s, const struct change *c, size_t n, int *altered)
{
	announce_want_push(&s->ws, s->a->st, s->a->kind == &announce_frr, c,
	    n, altered, wrote_cb, s);
}

/*
 * Start j: the kind's command (cmd, ncmd words) with these arguments;
 * 0, or -1 with the reason logged.  stderr joins stdout, where the
 * routing daemon's tools say what went wrong.
 */
int
sync_run(struct sync *s, struct sync_job *j, char **cmd, size_t ncmd,
    char **args, size_t nargs, double timeout, size_t outmax)
{
	struct spawn_opts o = { timeout, 0, 1, 1, NULL, outmax };
	char		**argv;
	size_t		 i, k = 0;
	int		 rc = 0;

	argv = xcalloc(ncmd + nargs + 1, sizeof(*argv));
	for (i = 0; i < ncmd; i++)
		argv[k++] = cmd[i];
	for (i = 0; i < nargs; i++)
		argv[k++] = args[i];
	if (spawn_start(argv, &o, &j->a.p, &j->a.r) == -1) {
		sync_not_started(s, j, cmd[0]);
		rc = -1;
	}
	free(argv);
	return rc;
}

/* j could not start (r.error) the command, or open the socket, named. */
void
sync_not_started(struct sync *s, struct sync_job *j, const char *name)
{
	struct buf	 e = { 0 };

	py_oserror(&e, j->a.r.error, name);
	log_error("telling %s failed: %s", s->a->kind->daemon, e.s);
	buf_free(&e);
}

/*
 * Did j's command succeed?  If not, what it said is logged, escaped as
 * a check's output is, with what it was doing and a hint.
 */
int
sync_job_ok(struct sync *s, struct sync_job *j, const char *what,
    const char *hint)
{
	struct spawn_result *r = &j->a.r;
	struct buf	 out = { 0 };
	const char	*daemon = s->a->kind->daemon, *p;
	size_t		 len;
	int		 ok = !r->timed_out && r->status == 0;

	if (r->timed_out)
		log_error("%s %s timed out: is it running?", what, daemon);
	else if (!ok) {
		p = py_strip(r->out.buf, r->out.len, &len);
		py_repr_bytes(&out, p, len);
		log_error("%s %s failed, either %s is down or %s:%s", what,
		    daemon, daemon, hint, out.s);
	}
	buf_free(&out);
	return ok;
}

struct sync_job *
sync_job_new(struct sync *s, int read)
{
	struct sync_job	*j = xcalloc(1, sizeof(*j));

	j->read = read;
	ajobs_add(&s->jobs, &j->a);
	if (read)
		s->reading++;
	else
		s->applying++;
	return j;
}

static void
job_free(struct sync *s, struct sync_job *j)
{
	size_t	 i;

	ajobs_remove(&s->jobs, &j->a);
	for (i = 0; i < j->nroutes; i++) {
		free(j->routes[i].vrf);
		free(j->routes[i].comm);
	}
	free(j->routes);
	free(j);
}

static void
failed(struct sync *s)
{
	double	 delay = backoff_next(&s->backoff);

	s->retry_at = clock_mono() + delay;
	/* what the daemon has is not known now: read before applying */
	s->read_ok = 0;
	log_info("retrying %s in %.0f seconds", s->a->kind->daemon, delay);
}

/* The jobs a kind made before it failed to start them all: dropped. */
static void
drop_all(struct sync *s, int read)
{
	size_t	 k;

	for (k = s->jobs.n; k-- > 0;) {
		struct sync_job *j = (struct sync_job *)s->jobs.v[k];

		if (j->read != read)
			continue;
		/* one never started has nothing to end (pid 0: kill(0)
		   would be our own group) */
		if (ajob_started(&j->a)) {
			ajob_finish(&j->a);
			spawn_result_free(&j->a.r);
		}
		job_free(s, j);
	}
	if (read)
		s->reading = 0;
	else
		s->applying = 0;
}

static void
start_read(struct sync *s)
{
	s->read_failed = 0;
	want_read_begin(&s->ws);
	if (s->ops->read(s) == -1 || s->reading == 0) {
		drop_all(s, 1);
		failed(s);
	}
}

static int
any_pending(const struct sync *s)
{
	size_t	 i;

	for (i = 0; i < s->ws.n; i++)
		if (want_pending(&s->ws.r[i]))
			return 1;
	return 0;
}

static void
start_apply(struct sync *s)
{
	struct sync_carried *c;
	struct bird_lag	*l;
	size_t		 i, n = 0;
	int		 v;

	c = xcalloc(s->ws.n ? s->ws.n : 1, sizeof(*c));
	for (i = 0; i < s->ws.n; i++) {
		const struct want_route *r = &s->ws.r[i];

		if (!want_pending(r))
			continue;
		c[n].vrf = r->vrf != NULL ? xstrdup(r->vrf) : NULL;
		strlcpy(c[n].prefix, r->prefix, sizeof(c[n].prefix));
		c[n].version = r->version;
		c[n].state = r->want;
		c[n].comm = r->want == WANT_ON && r->comm != NULL ?
		    xstrdup(r->comm) : NULL;
		n++;
	}
	for (v = 4; v <= 6; v += 2)
		if ((l = sync_lag(s, v)) != NULL)
			lag_started(l);
	s->apply_failed = 0;
	if (s->ops->apply(s, c, n) == -1) {
		drop_all(s, 0);
		s->apply_failed = 1;
	}
	/* the kind took what it started with; the rest is ours to free */
	for (i = 0; i < n; i++) {
		free(c[i].vrf);
		free(c[i].comm);
	}
	free(c);
	if (s->applying == 0) {
		for (v = 4; v <= 6; v += 2)
			if ((l = sync_lag(s, v)) != NULL)
				lag_ended(l, 0, clock_real());
		failed(s);
	}
}

/* Start what is due: a first read, pending routes, then a read-back. */
void
sync_kick(struct sync *s)
{
	double	 now = clock_mono();

	if (s->stopping || s->reading || s->applying > 0 ||
	    now < s->retry_at)
		return;
	if (!s->read_ok)
		start_read(s);
	else if (any_pending(s))
		start_apply(s);
	else if (s->need_read || now >= s->next_read)
		start_read(s);
}

/* A route of ours the read-back no longer finds. */
static void
missing(struct want_route *r, void *arg)
{
	struct sync	*s = arg;

	if (r->want != WANT_ON)
		return;
	log_warnx("%s lost %s of %s: announcing it again",
	    s->a->kind->daemon, r->prefix, r->svc != NULL ? r->svc : "?");
	wrote(s, r->version);
}

void
sync_seen(struct sync *s, const char *vrf, const char *prefix, int version,
    const char *comm)
{
	struct want_route *r;
	enum want_drift	 d;
	const char	*was, *daemon = s->a->kind->daemon;
	int		 ours;

	/* a route we had and withdraw now (a reload removed its service) */
	r = want_find(&s->ws, vrf, prefix);
	ours = r != NULL && r->applied == WANT_ON && r->want == WANT_OFF;
	d = want_read(&s->ws, prefix, version, vrf, comm, &r);
	if (r->svc == NULL && !ours) {
		log_warnx("%s announces %s, which no service check has: "
		    "withdrawing it", daemon, prefix);
		wrote(s, version);
	} else if (d == DRIFT_APPEARED && r->want == WANT_OFF) {
		log_warnx("%s announces %s of %s, which is withdrawn: "
		    "withdrawing it again", daemon, prefix, r->svc);
		wrote(s, version);
	} else if (d == DRIFT_CHANGED && r->want == WANT_ON) {
		was = comm != NULL ? comm : "none";
		log_warnx("%s announces %s of %s with communities %s, not %s: "
		    "announcing it again", daemon, prefix, r->svc, was,
		    r->comm != NULL ? r->comm : "none");
		wrote(s, version);
	}
}

/*
 * The daemon has what is wanted of a version (it came back without a
 * route that was to go, say): what waited for it is taken.
 */
static void
settled(struct sync *s)
{
	struct bird_lag	*l;
	size_t		 i;
	int		 v, pending;

	for (v = 4; v <= 6; v += 2) {
		if ((l = sync_lag(s, v)) == NULL || l->waiting == 0)
			continue;
		for (i = 0, pending = 0; i < s->ws.n && !pending; i++)
			pending = s->ws.r[i].version == v &&
			    want_pending(&s->ws.r[i]);
		if (!pending) {
			lag_started(l);
			lag_ended(l, 1, clock_real());
		}
	}
}

static void
read_done(struct sync *s, struct sync_job *j)
{
	if (s->ops->read_done(s, j) == -1)
		s->read_failed = 1;
	if (--s->reading > 0)
		return;
	if (s->read_failed) {
		failed(s);
		return;
	}
	want_read_end(&s->ws, missing, s);
	settled(s);
	s->read_ok = 1;
	s->need_read = 0;
	s->backoff = BACKOFF_FIRST;
	s->next_read = clock_mono() + s->a->st->resync_interval;
}

static void
apply_done(struct sync *s, struct sync_job *j)
{
	struct bird_lag	*l;
	size_t		 i;
	int		 v;

	if (s->ops->apply_done(s, j))
		for (i = 0; i < j->nroutes; i++)
			want_done(&s->ws, j->routes[i].vrf, j->routes[i].prefix,
			    j->routes[i].state, j->routes[i].comm);
	else
		s->apply_failed = 1;
	if (--s->applying > 0)
		return;
	for (v = 4; v <= 6; v += 2)
		if ((l = sync_lag(s, v)) != NULL)
			lag_ended(l, !s->apply_failed, clock_real());
	if (s->apply_failed)
		failed(s);
	else {
		s->backoff = BACKOFF_FIRST;
		s->need_read = 1;	/* verify what the daemon took */
	}
}

static void
job_done(void *ctx, struct ajob *a)
{
	struct sync	*s = ctx;
	struct sync_job	*j = (struct sync_job *)a;

	if (j->read)
		read_done(s, j);
	else
		apply_done(s, j);
	job_free(s, j);
}

int
sync_pollfds(struct sync *s, struct pollfd *pfd, int max, int *ms)
{
	double	 due, now = clock_mono();
	int	 n, d;

	n = ajobs_pollfds(&s->jobs, pfd, max, ms);
	if (s->stopping || s->reading || s->applying > 0)
		return n;
	due = s->retry_at > now ? s->retry_at : s->read_ok && !s->need_read &&
	    !any_pending(s) ? s->next_read : now;
	d = due <= now ? 0 : (int)((due - now) * 1000) + 1;
	if (*ms < 0 || d < *ms)
		*ms = d;
	return n;
}

void
sync_step(struct sync *s, const struct pollfd *pfd)
{
	ajobs_step(&s->jobs, pfd, job_done, s);
	sync_kick(s);
}

void
sync_stop(struct sync *s, int sig)
{
	s->stopping = 1;
	ajobs_signal(&s->jobs, sig);
}

int
sync_busy(const struct sync *s)
{
	return s->jobs.n > 0;
}

void
sync_abort(struct sync *s)
{
	ajobs_abort(&s->jobs, job_done, s);
}

/*
 * At exit: apply what is pending once, without retries, by until.  If
 * the last read failed (a read-back that the SIGTERM cut short, a daemon
 * that was down), what the daemon has is read first: an exit must not
 * leave the routes of on_exit = withdraw behind for that.
 */
void
sync_last(struct sync *s, double until)
{
	s->stopping = 0;
	s->retry_at = 0;
	if (!s->read_ok) {
		start_read(s);
		ajobs_wait(&s->jobs, until, job_done, s);
	}
	if (s->read_ok && any_pending(s))
		start_apply(s);
	s->stopping = 1;
	ajobs_wait(&s->jobs, until, job_done, s);
	sync_stop(s, SIGKILL);
	sync_abort(s);
}

void
sync_free(struct sync *s)
{
	want_free(&s->ws);
	free(s->jobs.v);
}

void
sync_kind_push(struct announcer *a, const struct change *c, size_t n,
    int *altered)
{
	sync_push(a->priv, c, n, altered);
}

void
sync_kind_known(struct announcer *a)
{
	sync_known(a->priv);
}

int
sync_kind_has(struct announcer *a, const struct service *s)
{
	return announce_want_has(&((struct sync *)a->priv)->ws, s);
}

/* Nothing of a removed service's outlives the reload here. */
int
sync_kind_retire(struct announcer *a, struct service *s)
{
	(void)a;
	(void)s;
	return 0;
}

void
sync_kind_kick(struct announcer *a)
{
	sync_kick(a->priv);
}

int
sync_kind_pollfds(struct announcer *a, struct pollfd *pfd, int max, int *ms)
{
	return sync_pollfds(a->priv, pfd, max, ms);
}

void
sync_kind_step(struct announcer *a, const struct pollfd *pfd)
{
	sync_step(a->priv, pfd);
}

void
sync_kind_stop(struct announcer *a, int sig)
{
	sync_stop(a->priv, sig);
}

int
sync_kind_busy(const struct announcer *a)
{
	return sync_busy(a->priv);
}

void
sync_kind_abort(struct announcer *a)
{
	sync_abort(a->priv);
}

void
sync_kind_last(struct announcer *a, double until)
{
	sync_last(a->priv, until);
}
