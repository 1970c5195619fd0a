/*
 * BIRD reconfigures and custom commands, run from the main thread's poll
 * loop without ever waiting for one.
 */

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "bird.h"
#include "log.h"
#include "reload.h"

void
reload_init(struct reload *rl, struct settings *st, struct update_target *u,
    size_t nu)
{
	size_t	 i;

	memset(rl, 0, sizeof(*rl));
	rl->st = st;
	rl->u = u;
	rl->nu = nu;
	for (i = 0; i < nu; i++)
		u[i].backoff = BACKOFF_FIRST;
}

static struct reload_job *
job_new(struct reload *rl)
{
	struct reload_job *j = xcalloc(1, sizeof(*j));

	ajobs_add(&rl->jobs, &j->a);
	return j;
}

static void
job_drop(struct reload *rl, struct reload_job *j)
{
	ajobs_remove(&rl->jobs, &j->a);
	free(j);
}

static int
same_cmd(const struct update_target *a, const struct update_target *b)
{
	return strcmp(a->t->reconfigure_cmd, b->t->reconfigure_cmd) == 0;
}

static int
in_flight(const struct reload *rl, size_t i)
{
	size_t	 k;

	for (k = 0; k < rl->jobs.n; k++) {
		const struct reload_job *j = (const void *)rl->jobs.v[k];

		if (!j->custom && j->targets & (1u << i))
			return 1;
	}
	return 0;
}

/*
 * A reconfigure ended, well (ok) or not, for these targets.  A target
 * changed again meanwhile stays pending and goes again at once.
 */
static void
reconf_end(struct reload *rl, unsigned int targets, int ok)
{
	double	 now = clock_mono(), delay;
	size_t	 i;
	int	 said = 0;

	if (rl->stopping)
		return;		/* nothing is retried after shutdown */
	for (i = 0; i < rl->nu; i++) {
		struct update_target *u = &rl->u[i];

		if (!(targets & (1u << i)))
			continue;
		lag_ended(u->lag, ok, clock_real());
		if (ok) {
			u->backoff = BACKOFF_FIRST;
			continue;
		}
		if (u->pending && u->retry_at == 0)
			continue;	/* changed meanwhile: again at once */
		u->pending = 1;
		delay = backoff_next(&u->backoff);
		u->retry_at = now + delay;
		if (!said)
			log_info("retrying the reconfigure in %.0f seconds",
			    delay);
		said = 1;
	}
}

/*
 * Start the reconfigure of every target that is pending and due, once
 * per distinct command: BIRD 2 and 3 serve both IP versions from one
 * daemon.
 */
void
reload_kick(struct reload *rl)
{
	struct reload_job *j;
	double	 now = clock_mono();
	unsigned int targets;
	size_t	 i, k;

	for (i = 0; i < rl->nu && !rl->stopping; i++) {
		if (!rl->u[i].pending || rl->u[i].retry_at > now ||
		    in_flight(rl, i))
			continue;
		targets = 0;
		for (k = i; k < rl->nu; k++)
			if (rl->u[k].pending && same_cmd(&rl->u[i], &rl->u[k]) &&
			    !in_flight(rl, k))
				targets |= 1u << k;
		for (k = 0; k < rl->nu; k++)
			if (targets & (1u << k)) {
				rl->u[k].pending = 0;
				rl->u[k].retry_at = 0;
				lag_started(rl->u[k].lag);
			}
		j = job_new(rl);
		j->targets = targets;
		if (bird_reconfigure_start(rl->u[i].t->reconfigure_cmd,
		    &j->a.p, &j->a.r) == -1) {
			job_drop(rl, j);
			reconf_end(rl, targets, 0);
		}
	}
}

static void
custom_next(struct reload *rl, struct service *s)
{
	struct reload_job *j;
	int		 up = s->custom_wish;

	if (up == -1 || s->custom_busy || rl->stopping)
		return;
	s->custom_wish = -1;
	j = job_new(rl);
	j->custom = 1;
	j->svc = s;
	if (bird_custom_start(s->custom_cmd, s->custom_timeout, up, &j->a.p,
	    &j->a.r) == -1)
		job_drop(rl, j);
	else
		s->custom_busy = 1;
}

/* Only the newest wish matters once the one in flight is done. */
void
reload_custom(struct reload *rl, struct service *s, int up)
{
	s->custom_wish = up;
	custom_next(rl, s);
}

/*
 * A service that a reload removes: its command in flight runs to its
 * end, and its newest wish (its "down") follows it.  Until both are
 * done the service is kept here; 1 if so, and the caller must not free
 * it.
 */
int
reload_forget(struct reload *rl, struct service *s)
{
	if (!s->custom_busy && s->custom_wish == -1)
		return 0;
	rl->retired = xreallocarray(rl->retired, rl->nretired + 1,
	    sizeof(*rl->retired));
	rl->retired[rl->nretired++] = s;
	return 1;
}

/* A retired service with nothing left to run is freed. */
static void
retire(struct reload *rl, struct service *s)
{
	size_t	 k;

	if (s->custom_busy || s->custom_wish != -1)
		return;
	for (k = 0; k < rl->nretired; k++)
		if (rl->retired[k] == s) {
			rl->retired[k] = rl->retired[--rl->nretired];
			settings_service_free(s);
			return;
		}
}

/* Every job's descriptors into pfd (room for max); *ms as poll wants. */
int
reload_pollfds(struct reload *rl, struct pollfd *pfd, int max, int *ms)
{
	double	 d, now = clock_mono();
	size_t	 i;
	int	 n;

	n = ajobs_pollfds(&rl->jobs, pfd, max, ms);
	for (i = 0; i < rl->nu; i++) {
		if (!rl->u[i].pending || in_flight(rl, i))
			continue;
		d = rl->u[i].retry_at - now;
		d = d <= 0 ? 0 : d * 1000 + 1;
		if (*ms < 0 || d < *ms)
			*ms = (int)d;
	}
	return n;
}

static void
job_done(void *ctx, struct ajob *a)
{
	struct reload	*rl = ctx;
	struct reload_job *j = (struct reload_job *)a;
	struct service	*s = j->svc;
	unsigned int	 targets = j->targets;

	if (j->custom) {
		bird_custom_done(&j->a.r);
		job_drop(rl, j);
		s->custom_busy = 0;
		custom_next(rl, s);
		retire(rl, s);
	} else {
		int ok = bird_reconfigure_done(&j->a.r);

		job_drop(rl, j);
		reconf_end(rl, targets, ok);
	}
}

/* pfd as reload_pollfds() filled it, after poll. */
void
reload_step(struct reload *rl, const struct pollfd *pfd)
{
	ajobs_step(&rl->jobs, pfd, job_done, rl);
	reload_kick(rl);
}

/* Shutdown: nothing starts from now on; every job in flight gets sig. */
void
reload_stop(struct reload *rl, int sig)
{
	rl->stopping = 1;
	ajobs_signal(&rl->jobs, sig);
}

int
reload_busy(const struct reload *rl)
{
	return rl->jobs.n > 0;
}

/* End every job now, and say how each ended. */
void
reload_abort(struct reload *rl)
{
	/* after reload_stop(): job_done() starts and retries nothing */
	ajobs_abort(&rl->jobs, job_done, rl);
}

/*
 * At exit, after reload_stop() and reload_abort(): start what is pending
 * now (the reconfigures, each service's newest custom wish), once and
 * without retries, and wait for them; every command has its own timeout
 * and until bounds the whole.
 */
void
reload_last(struct reload *rl, double until)
{
	size_t		 i;

	rl->stopping = 0;
	for (i = 0; i < rl->nu; i++)
		rl->u[i].retry_at = 0;
	reload_kick(rl);
	for (i = 0; i < rl->st->nsvc; i++)
		custom_next(rl, rl->st->svc[i]);
	for (i = 0; i < rl->nretired; i++)
		custom_next(rl, rl->retired[i]);
	rl->stopping = 1;
	ajobs_wait(&rl->jobs, until, job_done, rl);
	reload_stop(rl, SIGKILL);
	reload_abort(rl);
}
