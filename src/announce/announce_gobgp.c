/*
 * GoBGP: routes go into gobgpd's global RIB with the gobgp command, one
 * "global rib -a ipv4 add P [nexthop N] [community C]" or "del P" per
 * route, all of a burst at once.  The daemon owns the routes of its
 * services' prefixes that gobgpd originates itself (no neighbor-ip): it
 * reads them back (-j, JSON) after every apply and every
 * resync_interval, and never touches a route of any other prefix, nor
 * one learned from a peer.  gobgpd rewrites a route without a next hop
 * (0.0.0.0, ::) to its own address towards eBGP peers; gobgp_nexthop
 * sets one.
 */

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "log.h"
#include "prefix.h"
#include "pystr.h"
#include "shlex.h"
#include "sync.h"

/* gobgp waits for a gobgpd that is down: bounded */
#define GOBGP_TIMEOUT		5.0
#define GOBGP_OUTPUT_MAX	(64u << 20)
#define GOBGP_HINT		"gobgp may not reach it (gobgp_cmd's -u, -p?)"

struct gobgp {
	struct sync	 s;		/* first: the kind's entry points */
	char		**argv;		/* gobgp_cmd, split */
	size_t		 argc;
	char		*nexthop[2];	/* gobgp_nexthop: IPv4's, IPv6's */
};

static struct gobgp *
gobgp_of(struct sync *s)
{
	return s->kind;
}

/* gobgp [its options] global rib -a ipvV ARGS... */
static int
gobgp(struct sync *s, struct sync_job *j, int version, char **args,
    size_t n)
{
	struct gobgp	*g = gobgp_of(s);
	char		**all, fam[8];
	size_t		 i;
	int		 rc;

	snprintf(fam, sizeof(fam), "ipv%d", version);
	all = xcalloc(4 + n, sizeof(*all));
	all[0] = (char *)(uintptr_t)"global";
	all[1] = (char *)(uintptr_t)"rib";
	all[2] = (char *)(uintptr_t)"-a";
	all[3] = fam;
	for (i = 0; i < n; i++)
		all[4 + i] = args[i];
	rc = sync_run(s, j, g->argv, g->argc, all, 4 + n, GOBGP_TIMEOUT,
	    GOBGP_OUTPUT_MAX);
	free(all);
	return rc;
}

static int
gobgp_read(struct sync *s)
{
	struct settings	*st = s->a->st;
	struct sync_job	*j;
	char		*json = (char *)(uintptr_t)"-j";
	size_t		 i;

	for (i = 0; i < st->bird.n; i++) {
		j = sync_job_new(s, 1);
		j->version = st->bird.t[i].version;
		if (gobgp(s, j, st->bird.t[i].version, &json, 1) == -1)
			return -1;
	}
	return 0;
}

/* The communities of a path's attributes, as bgp_community writes them. */
static char *
communities(json_t *attrs)
{
	struct buf	 b = { 0 };
	json_t		*a, *c, *v;
	size_t		 i, k;
	json_int_t	 n;

	json_array_foreach(attrs, i, a) {
		if (json_integer_value(json_object_get(a, "type")) != 8 ||
		    (c = json_object_get(a, "communities")) == NULL)
			continue;
		json_array_foreach(c, k, v) {
			n = json_integer_value(v);
			buf_addf(&b, "%s%lld:%lld", b.len > 0 ? " " : "",
			    (long long)(n >> 16 & 0xffff),
			    (long long)(n & 0xffff));
		}
	}
	return b.len > 0 ? buf_release(&b) : NULL;
}

/*
 * The global RIB of one family: for each prefix of ours, the path gobgpd
 * originates itself, if there is one.
 */
static int
gobgp_read_done(struct sync *s, struct sync_job *j)
{
	struct spawn_result *r = &j->a.r;
	json_error_t	 jerr;
	json_t		*root, *paths, *p;
	struct prefix	 pf;
	char		 norm[PREFIX_STRLEN], *comm;
	const char	*key;
	size_t		 i;

	if (!sync_job_ok(s, j, "reading the global RIB of", GOBGP_HINT)) {
		spawn_result_free(r);
		return -1;
	}
	if ((root = json_loads(r->out.buf, 0, &jerr)) == NULL ||
	    !json_is_object(root)) {
		log_error("reading the global RIB of gobgpd: not JSON: %s",
		    jerr.text);
		json_decref(root);
		spawn_result_free(r);
		return -1;
	}
	json_object_foreach(root, key, paths) {
		if (prefix_parse(key, &pf) == -1)
			continue;
		prefix_format(&pf, norm, sizeof(norm));
		/* of a configured prefix only: the rest is not ours */
		if (want_find(&s->ws, NULL, norm) == NULL ||
		    want_find(&s->ws, NULL, norm)->svc == NULL)
			continue;
		json_array_foreach(paths, i, p) {
			if (json_object_get(p, "neighbor-ip") != NULL)
				continue;	/* learned from a peer */
			comm = communities(json_object_get(p, "attrs"));
			sync_seen(s, NULL, norm, j->version, comm);
			free(comm);
			break;
		}
	}
	json_decref(root);
	spawn_result_free(r);
	return 0;
}

/* One command per route, all at once. */
static int
gobgp_apply(struct sync *s, struct sync_carried *c, size_t n)
{
	struct gobgp	*g = gobgp_of(s);
	struct sync_job	*j;
	char		*args[6], *comm, *p;
	size_t		 i, k;
	int		 rc;

	for (i = 0; i < n; i++) {
		j = sync_job_new(s, 0);
		j->routes = xcalloc(1, sizeof(*j->routes));
		j->routes[0] = c[i];
		j->routes[0].comm = c[i].comm != NULL ? xstrdup(c[i].comm) :
		    NULL;
		j->routes[0].vrf = NULL;
		j->nroutes = 1;
		k = 0;
		args[k++] = (char *)(uintptr_t)(c[i].state == WANT_ON ? "add" :
		    "del");
		args[k++] = c[i].prefix;
		comm = NULL;
		if (c[i].state == WANT_ON && g->nexthop[c[i].version == 6] !=
		    NULL) {
			args[k++] = (char *)(uintptr_t)"nexthop";
			args[k++] = g->nexthop[c[i].version == 6];
		}
		if (c[i].state == WANT_ON && c[i].comm != NULL) {
			comm = xstrdup(c[i].comm);
			for (p = comm; *p != '\0'; p++)
				if (*p == ' ')
					*p = ',';
			args[k++] = (char *)(uintptr_t)"community";
			args[k++] = comm;
		}
		log_debug("telling gobgpd: %s %s%s%s", args[0], args[1],
		    comm != NULL ? " community " : "", comm != NULL ? comm : "");
		rc = gobgp(s, j, c[i].version, args, k);
		free(comm);
		if (rc == -1)
			return -1;
	}
	return 0;
}

static int
gobgp_apply_done(struct sync *s, struct sync_job *j)
{
	int	 ok = sync_job_ok(s, j, "changing the global RIB of", GOBGP_HINT);

	if (ok)
		log_info("reconfigured gobgpd: %s %s", j->routes[0].state ==
		    WANT_ON ? "added" : "deleted", j->routes[0].prefix);
	spawn_result_free(&j->a.r);
	return ok;
}

static const struct sync_ops gobgp_ops = {
	gobgp_read, gobgp_read_done, gobgp_apply, gobgp_apply_done
};

static void
gobgp_start(struct announcer *a)
{
	struct gobgp	*g = xcalloc(1, sizeof(*g));
	struct buf	 err = { 0 };
	char		*copy, *tok, *sp;

	a->priv = g;
	/* validated by -c */
	if (shlex_split(a->st->gobgp_cmd, &g->argv, &g->argc, &err) == -1)
		fatalx("gobgp_cmd: %s", err.s);
	if (a->st->gobgp_nexthop != NULL) {
		copy = xstrdup(a->st->gobgp_nexthop);
		for (tok = strtok_r(copy, ", \t", &sp); tok != NULL;
		    tok = strtok_r(NULL, ", \t", &sp))
			g->nexthop[strchr(tok, ':') != NULL] = xstrdup(tok);
		free(copy);
	}
	sync_init(&g->s, a, &gobgp_ops, g);
}

static void
gobgp_free(struct announcer *a)
{
	struct gobgp	*g = a->priv;

	sync_free(&g->s);
	shlex_free(g->argv);
	free(g->nexthop[0]);
	free(g->nexthop[1]);
	free(g);
	a->priv = NULL;
}

const struct announce_kind announce_gobgp = {
	"gobgp", "gobgpd", gobgp_start, sync_kind_push, sync_kind_known,
	sync_kind_has, 	sync_kind_retire, sync_kind_kick, sync_kind_pollfds, sync_kind_step,
	sync_kind_stop, sync_kind_busy, sync_kind_abort, sync_kind_last,
	gobgp_free
};
