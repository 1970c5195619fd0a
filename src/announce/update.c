/*
 * Changes to the BIRD prefix files, made by the main thread only: the
 * repair at start-up and the application of a batch of changes.  Each
 * batch is read back from the file, repaired as upstream repairs it on
 * every update, edited, and written once.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "announce.h"
#include "bird.h"
#include "file.h"
#include "log.h"
#include "pystr.h"
#include "update.h"

void
update_init(struct update_target *u, struct settings *st,
    struct bird_target *t)
{
	memset(u, 0, sizeof(*u));
	u->t = t;
	u->lag = &st->lag[t - st->bird.t];
	u->drain = st->drain_used;
	update_known(u, st);
}

/* The prefixes the file may hold: the services' and the dummy. */
void
update_known(struct update_target *u, struct settings *st)
{
	const struct bird_target *t = u->t;
	const struct svc_prefix *p;
	size_t	 i, k;

	strset_free(&u->known);
	memset(&u->known, 0, sizeof(u->known));
	for (i = 0; i < st->nsvc; i++)
		for (k = 0; k < st->svc[i]->npfx; k++) {
			p = &st->svc[i]->pfx[k];
			if (p->version == t->version)
				strset_add(&u->known, p->str, strlen(p->str));
		}
	if (t->dummy != NULL)
		strset_add(&u->known, t->dummy, strlen(t->dummy));
}

static char *
read_or_die(struct update_target *u)
{
	struct buf	 e = { 0 };
	char		*text;

	switch (file_read(u->t->file, &text)) {
	case 0:
		break;
	case FILE_NOT_REGULAR:
		log_error("failed to open Bird configuration %s: it is not a "
		    "regular file, this is a FATAL error, thus exiting main "
		    "program", u->t->file);
		exit(1);
	default:
		py_oserror(&e, errno, u->t->file);
		log_error("failed to open Bird configuration %s, this is a "
		    "FATAL error, thus exiting main program", e.s);
		exit(1);
	}
	return text;
}

/*
 * The file's prefixes: every line of it, as upstream reads it; once a
 * file has a drain list, the main list alone, and the drain list apart.
 */
static void
read_lists(struct update_target *u, const char *text, struct plist *l,
    struct plist *d)
{
	if (!u->drain) {
		plist_parse(l, text);
		return;
	}
	plist_parse_list(l, text, u->t->variable);
	plist_parse_list(d, text, u->t->drain_variable);
}

/* Is a prefix of s in the file's list now? */
int
update_has(struct update_target *u, const struct service *s)
{
	struct plist	 l = { 0 }, d = { 0 };
	char		*text;
	size_t		 k;
	int		 has = 0;

	text = read_or_die(u);
	read_lists(u, text, &l, &d);
	free(text);
	for (k = 0; k < s->npfx && !has; k++)
		has = s->pfx[k].version == u->t->version &&
		    plist_has(&l, s->pfx[k].str);
	plist_free(&l);
	plist_free(&d);
	return has;
}

/* A draining prefix is announced too: the drain list is a subset. */
static void
fix_drain(struct update_target *u, const struct plist *l, struct plist *d)
{
	size_t	 i;

	for (i = d->n; i-- > 0;)
		if (!plist_has(l, d->v[i]))
			plist_del(d, d->v[i]);
	if (u->t->dummy != NULL && !plist_has(d, u->t->dummy))
		plist_prepend(d, u->t->dummy);
}

static void
write_or_die(struct update_target *u, const struct plist *l,
    struct plist *d)
{
	struct buf	 e = { 0 };

	if (u->drain)
		fix_drain(u, l, d);
	if (u->t->keep_changes)
		bird_archive(u->t);
	if (bird_write(u->t, l, u->drain ? d : NULL) == -1) {
		py_oserror(&e, errno, u->t->file);
		log_crit("failed to create Bird configuration %s, this is a "
		    "FATAL error, thus exiting main program", e.s);
		exit(1);
	}
	log_info("Bird configuration for IPv%d is updated", u->t->version);
}

/* upstream's modify_ip_prefixes(), run once before the checks start */
void
update_startup(struct update_target *u, int purge)
{
	struct plist_repair r;
	struct plist	 l = { 0 }, d = { 0 };
	struct buf	 names = { 0 };
	char		*text, *var;
	int		 changed = 0;

	file_clean_temps(u->t->file);
	text = read_or_die(u);
	if ((var = plist_variable(text)) == NULL) {
		log_warnx("failed to find variable name in %s, going to add it",
		    u->t->file);
		changed = 1;
	} else if (strcmp(var, u->t->variable) != 0) {
		log_warnx("found incorrect variable name in %s, going to add "
		    "the correct one %s", var, u->t->variable);
		changed = 1;
	}
	free(var);
	/*
	 * A drain list once there stays, if empty: BIRD's filter may name
	 * it, and BIRD refuses a configuration that names a list no file
	 * defines.  Wanted and missing, it is added.
	 */
	if (plist_variable_defined(text, u->t->drain_variable))
		u->drain = 1;
	else if (u->drain)
		changed = 1;
	read_lists(u, text, &l, &d);
	free(text);
	plist_repair(&l, u->t->dummy, &u->known, purge, &r);
	if (r.dummy_added) {
		log_warnx("dummy IP prefix %s is missing from bird configuration "
		    "%s, adding it", u->t->dummy, u->t->file);
		changed = 1;
	}
	if (r.unknown.n > 0) {
		plist_join(&r.unknown, &names);
		if (r.purged) {
			log_warnx("removing IP prefix(es) %s from %s because "
			    "they don't have a service check configured",
			    names.s, u->t->file);
			changed = 1;
		} else
			log_warnx("found IP prefixes %s in %s without a service "
			    "check configured", names.s, u->t->file);
	}
	if (changed) {
		write_or_die(u, &l, &d);
		u->pending = 1;
		lag_wrote(u->lag, clock_real(), clock_boot());
	}
	buf_free(&names);
	plist_free(&r.unknown);
	plist_free(&l);
	plist_free(&d);
}

/*
 * One prefix of a change, if it is of this IP version, into the list and
 * the drain list; 1: they changed.  Its state before is read from them.
 */
static int
edit(struct update_target *u, struct plist *l, struct plist *d,
    const struct change *c, const struct svc_prefix *p)
{
	int	 was;

	if (p->version != u->t->version)
		return 0;
	was = !plist_has(l, p->str) ? CHANGE_OFF : plist_has(d, p->str) ?
	    CHANGE_DRAIN : CHANGE_ON;
	if (c->up == CHANGE_DRAIN && !u->drain && was == CHANGE_ON)
		return 0;	/* no drain list: a drain is announced */
	if (c->up == was)
		return 0;
	announce_log(c, p->str, was);
	if (c->up == CHANGE_OFF)
		plist_del(l, p->str);
	else
		plist_add(l, p->str);
	if (c->up == CHANGE_DRAIN && u->drain)
		plist_add(d, p->str);
	else
		plist_del(d, p->str);
	return 1;
}

/*
 * Apply every change of this IP version in the batch, in order, and mark
 * in altered[] the changes that altered the list: a service with a custom
 * command must be told of each.  The default reconfigure is left pending
 * for the caller, which runs it once for the whole burst.
 */
void
update_apply(struct update_target *u, const struct change *c, size_t n,
    int *altered)
{
	struct plist_repair r;
	struct plist	 l = { 0 }, d = { 0 };
	struct buf	 names = { 0 };
	char		*text;
	int		 repaired = 0, edited = 0, plain = 0;
	size_t		 i, k, mine = 0;

	for (i = 0; i < n; i++)
		for (k = 0; k < c[i].svc->npfx; k++)
			mine += c[i].svc->pfx[k].version == u->t->version;
	if (mine == 0)
		return;
	text = read_or_die(u);
	read_lists(u, text, &l, &d);
	free(text);
	/* without a dummy an empty list is what nothing announced looks like */
	if (l.n == 0 && u->t->dummy != NULL) {
		log_error("found empty bird configuration %s, this is a FATAL "
		    "error, thus exiting main program", u->t->file);
		exit(1);
	}
	/* on every update upstream removes what no check owns */
	plist_repair(&l, u->t->dummy, &u->known, 1, &r);
	if (r.dummy_added)
		log_warnx("dummy IP prefix %s wasn't found in bird "
		    "configuration, adding it. This shouldn't have happened!",
		    u->t->dummy);
	if (r.purged) {
		plist_join(&r.unknown, &names);
		log_warnx("found %s IP prefixes in Bird configuration but we "
		    "aren't configured to run health checks on them. Either "
		    "someone modified the configuration manually or something "
		    "went horrible wrong. We remove them from Bird "
		    "configuration", names.s);
	}
	repaired = r.dummy_added || r.purged;

	for (i = 0; i < n; i++) {
		for (k = 0; k < c[i].svc->npfx; k++)
			altered[i] |= edit(u, &l, &d, &c[i],
			    &c[i].svc->pfx[k]);
		edited |= altered[i];
		plain |= altered[i] && c[i].svc->custom_cmd == NULL;
	}

	if (!repaired && !edited)
		log_info("no updates for bird configuration");
	else {
		write_or_die(u, &l, &d);
		if (l.n == (u->t->dummy != NULL ? 1u : 0u))
			log_warnx("Bird configuration doesn't have IP prefixes "
			    "for any of the services we monitor! It means local "
			    "node doesn't receive any traffic");
		if (repaired || plain) {
			u->pending = 1;
			u->retry_at = 0;
			lag_wrote(u->lag, clock_real(), clock_boot());
		}
	}
	buf_free(&names);
	plist_free(&r.unknown);
	plist_free(&l);
	plist_free(&d);
}
