/*
 * BIRD: the prefix files it includes, and "birdc configure" with retries
 * (update.c, reload.c).  A service's custom_bird_reconfigure_cmd hears of
 * each change to its prefixes instead.
 */

#include <stdlib.h>

#include "announce.h"
#include "reload.h"
#include "update.h"

struct bird_priv {
	struct update_target	 u[2];
	struct reload		 rl;
};

static struct bird_priv *
priv(const struct announcer *a)
{
	return a->priv;
}

static void
bird_start(struct announcer *a)
{
	struct settings	*st = a->st;
	struct bird_priv *b = xcalloc(1, sizeof(*b));
	size_t		 i;

	a->priv = b;
	for (i = 0; i < st->bird.n; i++) {
		update_init(&b->u[i], st, &st->bird.t[i]);
		update_startup(&b->u[i], st->purge);
	}
	reload_init(&b->rl, st, b->u, st->bird.n);
}

/* Every IP version's file once; the reconfigure is left to the kick. */
static void
bird_push(struct announcer *a, const struct change *c, size_t n,
    int *altered)
{
	struct bird_priv *b = priv(a);
	size_t		 i;

	for (i = 0; i < b->rl.nu && n > 0; i++)
		update_apply(&b->u[i], c, n, altered);
	for (i = 0; i < n; i++)
		if (altered[i] && c[i].svc->custom_cmd != NULL)
			reload_custom(&b->rl, c[i].svc, c[i].up != CHANGE_OFF);
}

static void
bird_known(struct announcer *a)
{
	struct bird_priv *b = priv(a);
	size_t		 i;

	for (i = 0; i < b->rl.nu; i++) {
		update_known(&b->u[i], a->st);
		/* the first service that drains: the file gets the list */
		if (a->st->drain_used && !b->u[i].drain) {
			b->u[i].drain = 1;
			update_startup(&b->u[i], 0);
		}
	}
}

static int
bird_has(struct announcer *a, const struct service *s)
{
	struct bird_priv *b = priv(a);
	size_t		 i;

	for (i = 0; i < b->rl.nu; i++)
		if (update_has(&b->u[i], s))
			return 1;
	return 0;
}

static int
bird_retire(struct announcer *a, struct service *s)
{
	return reload_forget(&priv(a)->rl, s);
}

static void
bird_kick(struct announcer *a)
{
	reload_kick(&priv(a)->rl);
}

static int
bird_pollfds(struct announcer *a, struct pollfd *pfd, int max, int *ms)
{
	return reload_pollfds(&priv(a)->rl, pfd, max, ms);
}

static void
bird_step(struct announcer *a, const struct pollfd *pfd)
{
	reload_step(&priv(a)->rl, pfd);
}

static void
bird_stop(struct announcer *a, int sig)
{
	reload_stop(&priv(a)->rl, sig);
}

static int
bird_busy(const struct announcer *a)
{
	return reload_busy(&priv(a)->rl);
}

static void
bird_abort(struct announcer *a)
{
	reload_abort(&priv(a)->rl);
}

static void
bird_last(struct announcer *a, double until)
{
	reload_last(&priv(a)->rl, until);
}

static void
bird_free(struct announcer *a)
{
	free(a->priv);
	a->priv = NULL;
}

const struct announce_kind announce_bird = {
	"bird", "BIRD", bird_start, bird_push, bird_known, bird_has, bird_retire,
	bird_kick, bird_pollfds, bird_step, bird_stop, bird_busy, bird_abort,
	bird_last, bird_free
};
