/*
 * FRRouting: a prefix is announced as a "network P route-map R" in the
 * address family of the BGP instance FRR already has ("router bgp ASN",
 * or "router bgp ASN vrf NAME" with frr_vrf), through vtysh, one run per
 * burst, or (frr_socket) a talk on bgpd's vty socket, which starts no
 * process.  The route-map is the daemon's own, and is what tells its
 * networks from the operator's: R is "anycast-healthchecker", or
 * "anycast-healthchecker-65000:100-65000:200" for a service with
 * bgp_community, which the route-map sets.  A network with any other
 * route-map, or none, is never touched.  The running configuration is
 * read back after every apply and every resync_interval (sync.c).
 */

#include <stdlib.h>
#include <string.h>

#include "frrvty.h"
#include "log.h"
#include "prefix.h"
#include "shlex.h"
#include "sync.h"

#define FRR_RMAP	"anycast-healthchecker"
/* vtysh connects to every FRR daemon: seconds, on a busy host */
#define FRR_TIMEOUT	10.0
/* the running configuration of a router with a full table */
#define FRR_OUTPUT_MAX	(16u << 20)
#define FRR_HINT	"vtysh may not talk to it (the frrvty group?)"
#define FRR_SOCK_HINT	"we may not talk to its socket (the frrvty group?)"

struct frr_asn {
	char	*vrf;		/* NULL: the default VRF */
	char	*asn;
};

struct frr {
	struct sync	 s;		/* first: the kind's entry points */
	char		**argv;		/* frr_vtysh, split */
	size_t		 argc;
	const char	*socket;	/* frr_socket, or NULL: vtysh */
	struct frr_asn	*asns;		/* the BGP instances, as last read */
	size_t		 nasns;
};

static struct frr *
frr_of(struct sync *s)
{
	return s->kind;
}

static int
same(const char *a, const char *b)
{
	return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

/* The route-map that sets these communities (canonical, or NULL). */
static char *
rmap_name(const char *comm)
{
	char	*n, *p;

	if (comm == NULL)
		return xstrdup(FRR_RMAP);
	xasprintf(&n, "%s-%s", FRR_RMAP, comm);
	for (p = n; *p != '\0'; p++)
		if (*p == ' ')
			*p = '-';
	return n;
}

/*
 * Ours?  Then *comm gets the communities its name carries (NULL: none);
 * 0, or -1 for a route-map of somebody else's.
 */
static int
rmap_comm(const char *name, char **comm)
{
	size_t	 n = strlen(FRR_RMAP);
	char	*p;

	*comm = NULL;
	if (strncmp(name, FRR_RMAP, n) != 0)
		return -1;
	if (name[n] == '\0')
		return 0;
	if (name[n] != '-' || name[n + 1] == '\0')
		return -1;
	*comm = xstrdup(name + n + 1);
	for (p = *comm; *p != '\0'; p++)
		if (*p == '-')
			*p = ' ';
	return 0;
}

static const char *
asn_of(struct frr *f, const char *vrf)
{
	size_t	 i;

	for (i = 0; i < f->nasns; i++)
		if (same(f->asns[i].vrf, vrf))
			return f->asns[i].asn;
	return NULL;
}

static void
asns_free(struct frr *f)
{
	size_t	 i;

	for (i = 0; i < f->nasns; i++) {
		free(f->asns[i].vrf);
		free(f->asns[i].asn);
	}
	free(f->asns);
	f->asns = NULL;
	f->nasns = 0;
}

/*
 * These commands on bgpd's socket: it starts a talk in the view node,
 * where vtysh would first say "enable".
 */
static int
talk(struct sync *s, struct sync_job *j, char **cmds, size_t n)
{
	struct frr	*f = frr_of(s);
	char		**all;
	int		 rc = 0;

	all = xcalloc(n + 1, sizeof(*all));
	all[0] = (char *)(uintptr_t)"enable";
	memcpy(all + 1, cmds, n * sizeof(*cmds));
	j->a.talk = 1;
	if (frrvty_start(f->socket, all, n + 1, FRR_TIMEOUT, FRR_OUTPUT_MAX,
	    &j->a.v, &j->a.r) == -1) {
		sync_not_started(s, j, f->socket);
		rc = -1;
	}
	free(all);
	return rc;
}

/* vtysh with these commands, each after a -c; or a talk on the socket. */
static int
vtysh(struct sync *s, struct sync_job *j, char **cmds, size_t n)
{
	struct frr	*f = frr_of(s);
	char		**args;
	size_t		 i;
	int		 rc;

	if (f->socket != NULL)
		return talk(s, j, cmds, n);
	args = xcalloc(2 * n + 1, sizeof(*args));
	for (i = 0; i < n; i++) {
		args[2 * i] = (char *)(uintptr_t)"-c";
		args[2 * i + 1] = cmds[i];
	}
	rc = sync_run(s, j, f->argv, f->argc, args, 2 * n, FRR_TIMEOUT,
	    FRR_OUTPUT_MAX);
	free(args);
	return rc;
}

static const char *
hint(struct sync *s)
{
	return frr_of(s)->socket != NULL ? FRR_SOCK_HINT : FRR_HINT;
}

static int
frr_read(struct sync *s)
{
	char	*cmd = (char *)(uintptr_t)"show running-config";

	return vtysh(s, sync_job_new(s, 1), &cmd, 1);
}

/* "  network P route-map R" in an address family of ours: a route. */
static void
network(struct sync *s, const char *vrf, int version, char *line)
{
	struct prefix	 p;
	char		 norm[PREFIX_STRLEN], *w[5], *sp, *comm;
	int		 n = 0;

	/* network P route-map R: exactly four words */
	for (n = 0; n < 5 && (w[n] = strtok_r(n == 0 ? line : NULL, " \t",
	    &sp)) != NULL; n++)
		;
	if (n != 4 || strcmp(w[0], "network") != 0 ||
	    strcmp(w[2], "route-map") != 0 || rmap_comm(w[3], &comm) == -1)
		return;
	if (prefix_parse(w[1], &p) == -1)
		return;
	prefix_format(&p, norm, sizeof(norm));
	sync_seen(s, vrf, norm, version, comm);
	free(comm);
}

/*
 * The running configuration: each "router bgp ASN [vrf NAME]" block,
 * its address families, and the networks with a route-map of ours.
 */
static int
frr_read_done(struct sync *s, struct sync_job *j)
{
	struct frr	*f = frr_of(s);
	struct spawn_result *r = &j->a.r;
	char		*line, *sp, *wp, *w[5], *vrf = NULL;
	size_t		 i;
	int		 n, version = 0, rc = 0;

	if (!sync_job_ok(s, j, "reading the configuration of", hint(s))) {
		spawn_result_free(r);
		return -1;
	}
	asns_free(f);
	for (line = strtok_r(r->out.buf, "\n", &sp); line != NULL;
	    line = strtok_r(NULL, "\n", &sp)) {
		if (strncmp(line, "router bgp ", 11) == 0) {
			/* router bgp ASN [vrf NAME]: n words in w[] */
			for (n = 0; n < 5 && (w[n] = strtok_r(n == 0 ? line :
			    NULL, " ", &wp)) != NULL; n++)
				;
			f->asns = xreallocarray(f->asns, f->nasns + 1,
			    sizeof(*f->asns));
			f->asns[f->nasns].asn = xstrdup(n >= 3 ? w[2] : "");
			f->asns[f->nasns].vrf = n == 5 && strcmp(w[3], "vrf") ==
			    0 ? xstrdup(w[4]) : NULL;
			vrf = f->asns[f->nasns++].vrf;
			version = 0;
		} else if (strcmp(line, " address-family ipv4 unicast") == 0)
			version = 4;
		else if (strcmp(line, " address-family ipv6 unicast") == 0)
			version = 6;
		else if (strcmp(line, " exit-address-family") == 0)
			version = 0;
		else if (line[0] != ' ')
			version = 0;	/* the block ended */
		else if (version != 0 && strncmp(line, "  network ", 10) == 0)
			network(s, vrf, version, line + 2);
	}
	/* every VRF a service names needs its instance */
	for (i = 0; i < s->ws.n && rc == 0; i++)
		if (s->ws.r[i].svc != NULL && asn_of(f, s->ws.r[i].vrf) ==
		    NULL) {
			log_error("FRR has no BGP instance (router bgp) %s%s",
			    s->ws.r[i].vrf != NULL ? "in VRF " : "in the "
			    "default VRF", s->ws.r[i].vrf != NULL ?
			    s->ws.r[i].vrf : "");
			rc = -1;
		}
	spawn_result_free(r);
	return rc;
}

static void
add_cmd(char ***cmds, size_t *n, char *cmd)
{
	*cmds = xreallocarray(*cmds, *n + 1, sizeof(**cmds));
	(*cmds)[(*n)++] = cmd;
}

/*
 * One vtysh run for the burst: the route-maps it uses, then per VRF and
 * address family the networks to add or remove.
 */
static int
frr_apply(struct sync *s, struct sync_carried *c, size_t n)
{
	struct frr	*f = frr_of(s);
	struct sync_job	*j;
	char		**cmds = NULL, *rm, *x;
	size_t		 nc = 0, i, k;
	int		 v, rc;

	add_cmd(&cmds, &nc, xstrdup("configure terminal"));
	for (i = 0; i < n; i++) {
		if (c[i].state != WANT_ON)
			continue;
		rm = rmap_name(c[i].comm);
		xasprintf(&x, "route-map %s permit 10", rm);
		add_cmd(&cmds, &nc, x);
		if (c[i].comm != NULL) {
			xasprintf(&x, "set community %s", c[i].comm);
			add_cmd(&cmds, &nc, x);
		}
		add_cmd(&cmds, &nc, xstrdup("exit"));
		free(rm);
	}
	for (i = 0; i < n; i++) {
		/* the first route of each VRF opens its block */
		for (k = 0; k < i && !same(c[k].vrf, c[i].vrf); k++)
			;
		if (k < i)
			continue;
		if (c[i].vrf != NULL)
			xasprintf(&x, "router bgp %s vrf %s", asn_of(f, c[i].vrf),
			    c[i].vrf);
		else
			xasprintf(&x, "router bgp %s", asn_of(f, NULL));
		add_cmd(&cmds, &nc, x);
		for (v = 4; v <= 6; v += 2) {
			xasprintf(&x, "address-family ipv%d unicast", v);
			add_cmd(&cmds, &nc, x);
			for (k = i; k < n; k++) {
				if (!same(c[k].vrf, c[i].vrf) ||
				    c[k].version != v)
					continue;
				if (c[k].state == WANT_ON) {
					rm = rmap_name(c[k].comm);
					xasprintf(&x, "network %s route-map %s",
					    c[k].prefix, rm);
					free(rm);
				} else
					xasprintf(&x, "no network %s",
					    c[k].prefix);
				add_cmd(&cmds, &nc, x);
			}
			add_cmd(&cmds, &nc, xstrdup("exit-address-family"));
		}
		add_cmd(&cmds, &nc, xstrdup("exit"));
	}
	for (i = 0; i < nc; i++)
		log_debug("telling FRR: %s", cmds[i]);
	j = sync_job_new(s, 0);
	j->routes = xcalloc(n ? n : 1, sizeof(*j->routes));
	for (i = 0; i < n; i++) {
		j->routes[i] = c[i];
		j->routes[i].vrf = c[i].vrf != NULL ? xstrdup(c[i].vrf) : NULL;
		j->routes[i].comm = c[i].comm != NULL ? xstrdup(c[i].comm) :
		    NULL;
	}
	j->nroutes = n;
	rc = vtysh(s, j, cmds, nc);
	for (i = 0; i < nc; i++)
		free(cmds[i]);
	free(cmds);
	return rc;
}

static int
frr_apply_done(struct sync *s, struct sync_job *j)
{
	int	 ok = sync_job_ok(s, j, "reconfiguring", hint(s));

	if (ok)
		log_info("reconfigured FRR");
	spawn_result_free(&j->a.r);
	return ok;
}

static const struct sync_ops frr_ops = {
	frr_read, frr_read_done, frr_apply, frr_apply_done
};

static void
frr_start(struct announcer *a)
{
	struct frr	*f = xcalloc(1, sizeof(*f));
	struct buf	 err = { 0 };

	a->priv = f;
	f->socket = a->st->frr_socket;
	/* validated by -c: it splits, and names a program */
	if (f->socket == NULL && shlex_split(a->st->frr_vtysh, &f->argv,
	    &f->argc, &err) == -1)
		fatalx("frr_vtysh: %s", err.s);
	sync_init(&f->s, a, &frr_ops, f);
}

static void
frr_free(struct announcer *a)
{
	struct frr	*f = a->priv;

	sync_free(&f->s);
	asns_free(f);
	shlex_free(f->argv);
	free(f);
	a->priv = NULL;
}

const struct announce_kind announce_frr = {
	"frr", "FRR", frr_start, sync_kind_push, sync_kind_known,
	sync_kind_has, sync_kind_retire, sync_kind_kick, sync_kind_pollfds,
	sync_kind_step,
	sync_kind_stop, sync_kind_busy, sync_kind_abort, sync_kind_last,
	frr_free
};
