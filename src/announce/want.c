/* Wanted and applied routes, for the announcers that hold them (want.h). */

#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "want.h"

static int
same(const char *a, const char *b)
{
	return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

static void
set_str(char **dst, const char *v)
{
	if (same(*dst, v))
		return;
	free(*dst);
	*dst = v != NULL ? xstrdup(v) : NULL;
}

struct want_route *
want_find(struct want_set *ws, const char *vrf, const char *prefix)
{
	size_t	 i;

	for (i = 0; i < ws->n; i++)
		if (strcmp(ws->r[i].prefix, prefix) == 0 &&
		    same(ws->r[i].vrf, vrf))
			return &ws->r[i];
	return NULL;
}

static struct want_route *
add(struct want_set *ws, const char *prefix, int version, const char *vrf)
{
	struct want_route *r;

	ws->r = xreallocarray(ws->r, ws->n + 1, sizeof(*ws->r));
	r = &ws->r[ws->n++];
	memset(r, 0, sizeof(*r));
	strlcpy(r->prefix, prefix, sizeof(r->prefix));
	r->version = version;
	set_str(&r->vrf, vrf);
	r->want = WANT_UNKNOWN;
	r->applied = WANT_UNKNOWN;
	return r;
}

struct want_route *
want_route(struct want_set *ws, const char *prefix, int version,
    const char *vrf, const char *svc, const char *comm)
{
	struct want_route *r;

	if ((r = want_find(ws, vrf, prefix)) == NULL)
		r = add(ws, prefix, version, vrf);
	set_str(&r->svc, svc);
	set_str(&r->comm, comm);
	r->seen = 1;		/* marks it configured: see want_orphans() */
	return r;
}

/* Before the configured routes are named again by want_route(). */
void
want_mark_all(struct want_set *ws)
{
	size_t	 i;

	for (i = 0; i < ws->n; i++)
		ws->r[i].seen = 0;
}

/*
 * After them: a route no service names is wanted off (a removed
 * service's, or one of ours found in the daemon), and goes once off.
 */
void
want_orphans(struct want_set *ws)
{
	size_t	 i;

	for (i = 0; i < ws->n; i++)
		if (!ws->r[i].seen) {
			set_str(&ws->r[i].svc, NULL);
			ws->r[i].want = WANT_OFF;
		}
}

int
want_set_state(struct want_route *r, int state)
{
	if (r->want == state)
		return 0;
	r->want = state;
	return 1;
}

void
want_read_begin(struct want_set *ws)
{
	want_mark_all(ws);
}

enum want_drift
want_read(struct want_set *ws, const char *prefix, int version,
    const char *vrf, const char *comm, struct want_route **rp)
{
	struct want_route *r;
	enum want_drift	 d = DRIFT_NONE;

	if ((r = want_find(ws, vrf, prefix)) == NULL) {
		/* ours, but of no service: it goes */
		r = add(ws, prefix, version, vrf);
		r->want = WANT_OFF;
	}
	r->seen = 1;
	if (r->applied == WANT_OFF)
		d = DRIFT_APPEARED;
	else if (r->applied == WANT_ON && !same(r->applied_comm, comm))
		d = DRIFT_CHANGED;
	r->applied = WANT_ON;
	set_str(&r->applied_comm, comm);
	*rp = r;
	return d;
}

void
want_read_end(struct want_set *ws, void (*missing)(struct want_route *,
    void *), void *arg)
{
	size_t	 i;

	for (i = 0; i < ws->n; i++) {
		struct want_route *r = &ws->r[i];

		if (r->seen)
			continue;
		if (r->applied == WANT_ON && missing != NULL)
			missing(r, arg);
		r->applied = WANT_OFF;
		set_str(&r->applied_comm, NULL);
	}
}

int
want_pending(const struct want_route *r)
{
	if (r->want == WANT_UNKNOWN)
		return 0;
	if (r->want != r->applied)
		return 1;
	return r->want == WANT_ON && !same(r->comm, r->applied_comm);
}

static void
route_free(struct want_route *r)
{
	free(r->vrf);
	free(r->comm);
	free(r->svc);
	free(r->applied_comm);
}

/*
 * A command for (vrf, prefix) that carried state and comm ended well:
 * that is what the daemon has now, whatever is wanted meanwhile.
 */
void
want_done(struct want_set *ws, const char *vrf, const char *prefix,
    int state, const char *comm)
{
	struct want_route *r;
	size_t	 k;

	if ((r = want_find(ws, vrf, prefix)) == NULL)
		return;
	r->applied = state;
	set_str(&r->applied_comm, state == WANT_ON ? comm : NULL);
	/* off, and no service names it: nothing more to know of it */
	if (r->svc == NULL && r->applied == WANT_OFF && r->want == WANT_OFF) {
		k = (size_t)(r - ws->r);
		route_free(r);
		ws->r[k] = ws->r[--ws->n];
	}
}

void
want_free(struct want_set *ws)
{
	size_t	 i;

	for (i = 0; i < ws->n; i++)
		route_free(&ws->r[i]);
	free(ws->r);
	memset(ws, 0, sizeof(*ws));
}
