/*
 * SIGHUP: read and validate the configuration as -c does, and if it is
 * good, move the running daemon to it service by service.  A service
 * whose options are all the same keeps its thread, state and counters;
 * one that changed is restarted, and keeps its state when its ip_prefix
 * did not change, so its prefix does not flap; one that went away is
 * stopped and its prefixes withdrawn.  A bad configuration changes
 * nothing.  Of [daemon], loglevel applies at once; the rest needs a
 * restart and is said so.
 */

#include <stdlib.h>
#include <string.h>

#include "bird.h"
#include "log.h"
#include "spawn.h"
#include "status.h"
#include "printconf.h"
#include "reconfig.h"
#include "announce.h"
#include "validate.h"

static int
differs(const char *a, const char *b)
{
	return a == NULL || b == NULL ? a != b : strcmp(a, b) != 0;
}

static void
restart_note(const char *what, int changed)
{
	if (changed)
		log_warnx("reload: %s changed, which needs a restart; the "
		    "running value stays", what);
}

/* What of [daemon] is not applied: said, and left as it runs. */
static void
daemon_notes(const struct settings *o, const struct settings *n)
{
	size_t	 i;
	int	 bird = o->bird.n != n->bird.n;

	for (i = 0; i < o->bird.n && !bird; i++) {
		const struct bird_target *a = &o->bird.t[i], *b = &n->bird.t[i];

		bird = a->version != b->version || differs(a->file, b->file) ||
		    differs(a->variable, b->variable) ||
		    differs(a->dummy, b->dummy) ||
		    differs(a->reconfigure_cmd, b->reconfigure_cmd) ||
		    a->keep_changes != b->keep_changes ||
		    a->changes_counter != b->changes_counter;
	}
	restart_note("a BIRD setting (ipv4, ipv6, bird*_*, dummy_ip*_prefix)",
	    bird);
	restart_note("pidfile", differs(o->pidfile, n->pidfile));
	restart_note("purge_ip_prefixes", o->purge != n->purge);
	restart_note("stderr_file or stderr_log_server",
	    differs(o->stderr_file, n->stderr_file) ||
	    o->stderr_log_server != n->stderr_log_server);
	restart_note("JSON over HTTP (json_logging, http_server*)",
	    o->json_logging != n->json_logging ||
	    differs(o->http_server, n->http_server) ||
	    differs(o->http_server_port, n->http_server_port) ||
	    differs(o->http_server_protocol, n->http_server_protocol) ||
	    o->http_server_timeout != n->http_server_timeout);
	restart_note("the announcer or its settings (announcer, frr_vtysh, "
	    "frr_socket, gobgp_cmd, gobgp_nexthop, resync_interval)",
	    differs(o->announcer, n->announcer) ||
	    differs(o->frr_vtysh, n->frr_vtysh) ||
	    differs(o->frr_socket, n->frr_socket) ||
	    differs(o->gobgp_cmd, n->gobgp_cmd) ||
	    differs(o->gobgp_nexthop, n->gobgp_nexthop) ||
	    o->resync_interval != n->resync_interval);
	restart_note("a Prometheus setting", o->prometheus != n->prometheus ||
	    differs(o->prometheus_dir, n->prometheus_dir) ||
	    o->prometheus_interval != n->prometheus_interval ||
	    differs(o->prometheus_listen, n->prometheus_listen));
}

#define SWAP(a, b)	do { char *t_ = (a); (a) = (b); (b) = t_; } while (0)

/*
 * loglevel and the destinations apply at once; st takes n's values (and
 * n the old strings, freed with it).  A log_file that cannot be opened
 * was refused by the validation already.
 */
static void
logs(struct settings *st, struct settings *n)
{
	struct log_conf	 lc;
	int		 dest;

	dest = differs(st->log_file, n->log_file) ||
	    differs(st->log_server, n->log_server) ||
	    st->log_server_port != n->log_server_port ||
	    st->log_maxbytes != n->log_maxbytes ||
	    st->log_backups != n->log_backups ||
	    st->json_stdout != n->json_stdout ||
	    st->json_log_file != n->json_log_file ||
	    st->json_log_server != n->json_log_server ||
	    st->journal != n->journal;
	if (!dest && st->loglevel == n->loglevel && st->log_width ==
	    n->log_width)
		return;
	SWAP(st->log_file, n->log_file);
	SWAP(st->log_server, n->log_server);
	st->log_server_port = n->log_server_port;
	st->log_maxbytes = n->log_maxbytes;
	st->log_backups = n->log_backups;
	st->json_stdout = n->json_stdout;
	st->json_log_file = n->json_log_file;
	st->json_log_server = n->json_log_server;
	st->journal = n->journal;
	st->loglevel = n->loglevel;
	st->log_width = n->log_width;
	settings_log_conf(st, &lc);
	/* stderr's destination is not reloaded */
	lc.stderr_file = NULL;
	lc.stderr_server = 0;
	if (dest)
		log_info("reload: the log destinations change now");
	logsink_reconfigure(&lc);
	if (dest)
		log_info("reload: loglevel and log destinations applied");
	else
		log_info("reload: loglevel applies at once");
}

/*
 * A prefix of an IP version the daemon does not run could reach no file
 * until a restart: refuse the whole configuration rather than drop it.
 */
static int
families(struct settings *st, struct settings *n)
{
	size_t	 i, k;
	int	 v;

	for (i = 0; i < n->nsvc; i++)
		for (k = 0; k < n->svc[i]->npfx; k++) {
			v = n->svc[i]->pfx[k].version;
			if (settings_target(st, v) != NULL)
				continue;
			log_error("reload: service check %s has an IPv%d prefix "
			    "while IPv%d is not running, which needs a restart; "
			    "keeping the running configuration", n->svc[i]->name,
			    v, v);
			return -1;
		}
	return 0;
}

/* Read and validate as -c does; 0 and a new settings, or -1, logged. */
static int
load(const struct config_paths *paths, struct settings *n)
{
	struct config		 cfg;
	struct bird_targets	 bt;
	struct buf		 err = { 0 };
	int			 rc = -1;

	memset(&bt, 0, sizeof(bt));
	config_init(&cfg);
	if (config_load(&cfg, paths, &err) == -1 ||
	    validate_config(&cfg, &err) == -1 ||
	    validate_bird(&cfg, &bt, &err) == -1 ||
	    settings_build(&cfg, &bt, n, &err) == -1)
		log_error("reload: Invalid configuration: %s; keeping the "
		    "running one", err.s);
	else
		rc = 0;
	bird_targets_free(&bt);
	config_free(&cfg);
	buf_free(&err);
	return rc;
}

#define NONE	((size_t)-1)

/*
 * Pair the services by name, once: from[i] is the running service that
 * new service i replaces, to[j] the new service that running service j
 * becomes (NONE: none), and kept[j] whether j goes on unchanged.  Section
 * names are unique; a hashed set keeps this linear at thousands of
 * services.
 */
static void
pair(struct settings *st, struct settings *n, size_t *from, size_t *to,
    int *kept)
{
	struct strset	 names = { 0 };
	size_t		 i, j;

	for (j = 0; j < st->nsvc; j++) {
		to[j] = NONE;
		/* removed already, draining: no new service is it */
		if (!st->svc[j]->retiring)
			strset_put(&names, st->svc[j]->name,
			    strlen(st->svc[j]->name), j);
	}
	for (i = 0; i < n->nsvc; i++) {
		from[i] = NONE;
		if (!strset_get(&names, n->svc[i]->name,
		    strlen(n->svc[i]->name), &j))
			continue;
		from[i] = j;
		to[j] = i;
		kept[j] = settings_service_same(st->svc[j], n->svc[i]);
	}
	strset_free(&names);
}

/*
 * A reload between the SIGHUP and the end of the last thread it stops.
 * The main loop goes on serving meanwhile (the watchdog, /metrics,
 * SIGTERM, BIRD): the threads are signalled at once, and reaped as they
 * end, against one deadline for all.
 */
struct reconfig {
	struct settings	 n;		/* the new configuration */
	size_t		*from, *to;	/* as pair() made them */
	int		*kept;
	double		 kill_at;	/* SIGKILL to the checks still running */
	int		 killed;
	size_t		 waiting;	/* threads not ended yet */
	int		 again;		/* another SIGHUP came meanwhile */
};

static void
reconfig_free(struct reconfig *r)
{
	settings_free(&r->n);
	free(r->from);
	free(r->to);
	free(r->kept);
	free(r);
}

/* Does a service of the new configuration have one of s's prefixes? */
static int
claimed(const struct settings *n, const struct service *s)
{
	size_t	 i, k, m;

	for (i = 0; i < n->nsvc; i++)
		for (k = 0; k < n->svc[i]->npfx; k++)
			for (m = 0; m < s->npfx; m++)
				if (strcmp(n->svc[i]->pfx[k].str,
				    s->pfx[m].str) == 0)
					return 1;
	return 0;
}

/*
 * A service that goes: withdrawn, or with drain_seconds drained first
 * (it stays, retiring, until engine_drains() withdraws it).  One that
 * was retiring already stays so, unless a new service takes a prefix of
 * it: then it goes at once, and the new one decides.
 */
static int
going(struct settings *n, struct service *o, struct change *c)
{
	if (o->retiring) {
		o->retiring = !claimed(n, o);
		return 0;
	}
	if (o->drain_seconds > 0 && o->announced != CHANGE_OFF &&
	    !claimed(n, o)) {
		o->retiring = 1;
		*c = (struct change){ o, CHANGE_DRAIN, o->drain_seconds };
	} else
		*c = (struct change){ o, CHANGE_OFF, 0 };
	return 1;
}

/* Every thread is gone: move the daemon to the new configuration. */
static void
finish(struct engine *e, struct reconfig *r)
{
	struct settings	*st = e->st, *n = &r->n;
	struct announcer *a = e->ann;
	struct service	*o, **olds;
	struct change	*gone;
	size_t		 i, j, nolds, nnew, ngone = 0;
	size_t		 added = 0, removed = 0, changed = 0, same = 0;
	size_t		*from = r->from, *to = r->to;
	int		*kept = r->kept;

	/* what they posted is applied while their structures still live */
	engine_apply(e);

	gone = xcalloc(st->nsvc ? st->nsvc : 1, sizeof(*gone));
	for (j = 0; j < st->nsvc; j++) {
		o = st->svc[j];
		if (to[j] == NONE) {
			removed += !o->retiring;
			ngone += going(n, o, &gone[ngone]);
		} else if (!kept[j] && !settings_prefixes_same(o,
		    n->svc[to[j]]))
			gone[ngone++] = (struct change){ o, CHANGE_OFF, 0 };
	}
	for (i = 0; i < n->nsvc; i++) {
		if (from[i] == NONE) {
			added++;
			continue;
		}
		o = st->svc[from[i]];
		if (kept[from[i]]) {
			settings_service_free(n->svc[i]);
			n->svc[i] = o;
			same++;
			continue;
		}
		changed++;
		/* the same prefixes: the state goes on, nothing flaps */
		if (settings_prefixes_same(o, n->svc[i])) {
			n->svc[i]->health.status = o->health.status;
			n->svc[i]->extra.status = o->extra.status;
			n->svc[i]->announced = o->announced;
			n->svc[i]->drain_until = o->drain_until;
			n->svc[i]->drain_planned = o->drain_planned;
		}
	}

	/*
	 * Withdraw while the files may still hold what goes: the services
	 * that go are still known, so each withdrawal is an edit, logged
	 * and told to the service's own command, not a repair.
	 */
	engine_push(e, gone, ngone);
	olds = st->svc;
	nolds = st->nsvc;
	nnew = n->nsvc;
	/* the retiring stay known until their drain is over */
	for (j = 0; j < nolds; j++)
		if (olds[j]->retiring) {
			n->svc = xreallocarray(n->svc, n->nsvc + 1,
			    sizeof(*n->svc));
			n->svc[n->nsvc++] = olds[j];
		}
	st->svc = n->svc;
	st->nsvc = n->nsvc;
	n->svc = NULL;
	n->nsvc = 0;
	/* a service that drains came or went: BIRD's files follow */
	st->drain_used = settings_drain_used(st);
	status_touch();
	a->kind->known(a);
	for (j = 0; j < nolds; j++)
		if (!kept[j] && !olds[j]->retiring &&
		    !a->kind->retire(a, olds[j]))
			settings_service_free(olds[j]);
	for (i = 0; i < nnew; i++)
		if (from[i] == NONE || !kept[from[i]])
			engine_launch(e, st->svc[i], -1);
	free(olds);
	free(gone);
	a->kind->kick(a);
	engine_status(e);
	log_info("reload: %zu services added, %zu removed, %zu changed, %zu "
	    "unchanged", added, removed, changed, same);
}

/* Retiring services whose drain is over and withdrawn: gone now. */
void
reconfig_retired(struct engine *e)
{
	struct settings	*st = e->st;
	struct service	**done = NULL;
	size_t		 i, k = 0, n = 0;

	for (i = 0; i < st->nsvc; i++) {
		if (st->svc[i]->retiring &&
		    st->svc[i]->announced == CHANGE_OFF) {
			done = xreallocarray(done, n + 1, sizeof(*done));
			done[n++] = st->svc[i];
		} else
			st->svc[k++] = st->svc[i];
	}
	if (n == 0)
		return;
	st->nsvc = k;
	st->drain_used = settings_drain_used(st);
	status_touch();
	e->ann->kind->known(e->ann);
	for (i = 0; i < n; i++)
		if (!e->ann->kind->retire(e->ann, done[i]))
			settings_service_free(done[i]);
	free(done);
}

/* After every poll while a reload waits; *ms: when to look again. */
void
reconfig_step(struct engine *e, int *ms)
{
	struct reconfig	*r = e->reconf;
	struct settings	*st = e->st;
	size_t		 j;
	int		 again;

	if (r == NULL)
		return;
	if (!r->killed && clock_mono() >= r->kill_at)
		r->killed = 1;
	for (j = 0, r->waiting = 0; j < st->nsvc; j++)
		if (!r->kept[j] && !service_reap(st->svc[j], r->killed))
			r->waiting++;
	if (r->waiting > 0) {
		if (*ms < 0 || *ms > 10)
			*ms = 10;
		return;
	}
	e->reconf = NULL;
	finish(e, r);
	again = r->again;
	reconfig_free(r);
	if (again)
		reconfig_run(e, e->paths);
}

void
reconfig_run(struct engine *e, const struct config_paths *paths)
{
	struct settings	*st = e->st;
	struct reconfig	*r;
	size_t		 j;
	int		 ms = -1;

	log_info("received 1 (Hangup): reloading the configuration");
	if (e->reconf != NULL) {
		log_info("reload: the previous one is waiting for its threads "
		    "to end; reading again after it");
		e->reconf->again = 1;
		return;
	}
	r = xcalloc(1, sizeof(*r));
	if (load(paths, &r->n) == -1 || families(st, &r->n) == -1) {
		reconfig_free(r);
		return;
	}
	daemon_notes(st, &r->n);
	logs(st, &r->n);

	r->from = xcalloc(r->n.nsvc ? r->n.nsvc : 1, sizeof(*r->from));
	r->to = xcalloc(st->nsvc ? st->nsvc : 1, sizeof(*r->to));
	r->kept = xcalloc(st->nsvc ? st->nsvc : 1, sizeof(*r->kept));
	pair(st, &r->n, r->from, r->to, r->kept);

	/* the threads of removed and changed services end, all at once */
	for (j = 0; j < st->nsvc; j++)
		if (!r->kept[j])
			service_signal(e, st->svc[j]);
	r->kill_at = clock_mono() + SPAWN_GRACE;
	e->reconf = r;
	reconfig_step(e, &ms);
}
