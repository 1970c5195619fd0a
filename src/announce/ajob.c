/* Children of the main thread, in flight while it polls (ajob.h). */

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "ajob.h"
#include "util.h"

void
ajobs_add(struct ajobs *js, struct ajob *j)
{
	j->pfd_n = -1;
	js->v = xreallocarray(js->v, js->n + 1, sizeof(*js->v));
	js->v[js->n++] = j;
}

int
ajob_started(const struct ajob *j)
{
	return j->talk ? j->v.fd != -1 : j->p.pid > 0;
}

void
ajob_finish(struct ajob *j)
{
	if (j->talk)
		frrvty_finish(&j->v);
	else
		spawn_finish(&j->p);
}

void
ajobs_remove(struct ajobs *js, struct ajob *j)
{
	size_t	 k;

	for (k = 0; k < js->n; k++)
		if (js->v[k] == j) {
			js->v[k] = js->v[--js->n];
			return;
		}
}

/* Every job's descriptors into pfd (room for max); *ms as poll wants. */
int
ajobs_pollfds(struct ajobs *js, struct pollfd *pfd, int max, int *ms)
{
	size_t	 k;
	int	 n = 0;

	for (k = 0; k < js->n; k++) {
		struct ajob *j = js->v[k];

		j->pfd_n = -1;
		if (n + SPAWN_POLLFDS > max)
			continue;
		j->pfd_off = n;
		j->pfd_n = j->talk ? frrvty_pollfds(&j->v, pfd + n, ms) :
		    spawn_pollfds(&j->p, pfd + n, ms);
		n += j->pfd_n;
	}
	return n;
}

/* pfd as ajobs_pollfds() filled it, after poll. */
void
ajobs_step(struct ajobs *js, const struct pollfd *pfd, ajob_done_fn done,
    void *ctx)
{
	struct ajob	**copy;
	size_t		  k, n = js->n;

	if (n == 0)
		return;
	/* done() starts and drops jobs: walk a copy of the list */
	copy = xreallocarray(NULL, n, sizeof(*copy));
	memcpy(copy, js->v, n * sizeof(*copy));
	for (k = 0; k < n; k++) {
		struct ajob *j = copy[k];

		if (j->pfd_n >= 0 && (j->talk ? frrvty_step(&j->v,
		    pfd + j->pfd_off, j->pfd_n) : spawn_step(&j->p,
		    pfd + j->pfd_off, j->pfd_n)))
			done(ctx, j);
	}
	free(copy);
}

void
ajobs_signal(struct ajobs *js, int sig)
{
	size_t	 k;

	/* a talk ends by itself, within its timeout */
	for (k = 0; k < js->n; k++)
		if (!js->v[k]->talk)
			spawn_signal(&js->v[k]->p, sig);
}

/* End every job now, each told to done() as it ended. */
void
ajobs_abort(struct ajobs *js, ajob_done_fn done, void *ctx)
{
	struct ajob	*j;

	while (js->n > 0) {
		j = js->v[0];
		ajob_finish(j);
		done(ctx, j);
		if (js->n > 0 && js->v[0] == j)
			ajobs_remove(js, j);	/* done() must not loop us */
	}
}

/* At exit: poll the jobs until they end, or until the mono time. */
void
ajobs_wait(struct ajobs *js, double until, ajob_done_fn done, void *ctx)
{
	struct pollfd	 pfd[64];
	int		 n, ms;

	while (js->n > 0 && clock_mono() < until) {
		ms = 10;
		n = ajobs_pollfds(js, pfd, 64, &ms);
		if (ms < 0 || ms > 10)
			ms = 10;
		if (poll(pfd, (nfds_t)n, ms) == -1 && errno != EINTR)
			break;
		ajobs_step(js, pfd, done, ctx);
	}
}

/* The delay to wait now; the next one doubles, up to BACKOFF_MAX. */
double
backoff_next(double *b)
{
	double	 now = *b > 0 ? *b : BACKOFF_FIRST;

	*b = now * 2 > BACKOFF_MAX ? BACKOFF_MAX : now * 2;
	return now;
}
