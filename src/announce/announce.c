/*
 * Which announcer the configuration names.  The kinds are siblings; this
 * file only knows their names.
 */

#include <stdlib.h>
#include <string.h>

#include "announce.h"
#include "log.h"
#include "want.h"

static const struct announce_kind *const kinds[] = {
	&announce_bird,
	&announce_frr,
	&announce_gobgp,
	&announce_exabgp,
	NULL
};

const struct announce_kind *
announce_find(const char *name)
{
	size_t	 i;

	for (i = 0; kinds[i] != NULL; i++)
		if (strcmp(kinds[i]->name, name) == 0)
			return kinds[i];
	return NULL;
}

void
announce_init(struct announcer *a, struct settings *st)
{
	memset(a, 0, sizeof(*a));
	a->st = st;
	a->kind = announce_find(st->announcer);
}

void
announce_log(const struct change *c, const char *prefix, int was)
{
	const char	*name = c->svc->name;

	if (c->up == was)
		return;
	if (c->up == CHANGE_OFF)
		log_info("withdrawing %s for %s", prefix, name);
	else if (c->up == CHANGE_ON && was == CHANGE_DRAIN)
		log_info("ending the drain of %s for %s", prefix, name);
	else if (c->up == CHANGE_ON)
		log_info("announcing %s for %s", prefix, name);
	else if (c->drain > 0)
		log_info("draining %s for %s (%.0f s)", prefix, name, c->drain);
	else
		log_info("draining %s for %s (until its check passes)", prefix,
		    name);
}

char *
announce_comm(const struct settings *st, const struct service *s, int state)
{
	char	*c;

	if (state != CHANGE_DRAIN)
		return s->community != NULL ? xstrdup(s->community) : NULL;
	if (s->community == NULL)
		return xstrdup(st->drain_community);
	xasprintf(&c, "%s %s", s->community, st->drain_community);
	return c;
}

void
announce_want_known(struct want_set *ws, const struct settings *st, int vrf)
{
	const struct service *svc;
	size_t		 i, k;
	char		*comm;

	want_mark_all(ws);
	for (i = 0; i < st->nsvc; i++) {
		svc = st->svc[i];
		comm = announce_comm(st, svc, svc->announced);
		for (k = 0; k < svc->npfx; k++)
			want_route(ws, svc->pfx[k].str, svc->pfx[k].version,
			    vrf ? svc->vrf : NULL, svc->name, comm);
		free(comm);
	}
	want_orphans(ws);
}

int
announce_want_has(const struct want_set *ws, const struct service *s)
{
	size_t	 i;

	for (i = 0; i < ws->n; i++)
		if (ws->r[i].svc != NULL && strcmp(ws->r[i].svc, s->name) == 0 &&
		    ws->r[i].applied == WANT_ON)
			return 1;
	return 0;
}

void
announce_want_push(struct want_set *ws, const struct settings *st, int vrf,
    const struct change *c, size_t n, int *altered,
    void (*wrote)(void *, int), void *arg)
{
	const struct service *svc;
	struct want_route *r;
	size_t		 i, k;
	char		*comm;
	int		 was;

	for (i = 0; i < n; i++) {
		svc = c[i].svc;
		comm = announce_comm(st, svc, c[i].up);
		for (k = 0; k < svc->npfx; k++) {
			r = want_route(ws, svc->pfx[k].str, svc->pfx[k].version,
			    vrf ? svc->vrf : NULL, svc->name, comm);
			/* the engine's view is the state before this change */
			was = r->want == WANT_UNKNOWN ? -1 : svc->announced;
			want_set_state(r, c[i].up != CHANGE_OFF ? WANT_ON :
			    WANT_OFF);
			if (!want_pending(r) && c[i].up == was)
				continue;
			altered[i] = 1;
			announce_log(&c[i], svc->pfx[k].str, was);
			wrote(arg, svc->pfx[k].version);
		}
		free(comm);
	}
}
