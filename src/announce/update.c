/*
 * Changes to the BIRD prefix files, made by the main thread only: the
 * repair at start-up and the application of a batch of changes.  Each
 * batch is read back from the file, repaired as upstream repairs it on
 * every update, edited, and written once.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

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

static void
write_or_die(struct update_target *u, const struct plist *l)
{
	struct buf	 e = { 0 };

	if (u->t->keep_changes)
		bird_archive(u->t);
	if (bird_write(u->t, l) == -1) {
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
	struct plist	 l = { 0 };
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
	plist_parse(&l, text);
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
		write_or_die(u, &l);
		u->pending = 1;
		lag_wrote(u->lag, clock_real(), clock_boot());
	}
	buf_free(&names);
	plist_free(&r.unknown);
	plist_free(&l);
}

/* One prefix of a change, if it is of this IP version; 1: list altered. */
static int
edit(struct plist *l, const struct service *s, const struct svc_prefix *p,
    int version, int up)
{
	if (p->version != version)
		return 0;
	if (up && plist_add(l, p->str)) {
		log_info("announcing %s for %s", p->str, s->name);
		return 1;
	}
	if (!up && plist_del(l, p->str)) {
		log_info("withdrawing %s for %s", p->str, s->name);
		return 1;
	}
	return 0;
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
	struct plist	 l = { 0 };
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
	plist_parse(&l, text);
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
			altered[i] |= edit(&l, c[i].svc, &c[i].svc->pfx[k],
			    u->t->version, c[i].up);
		edited |= altered[i];
		plain |= altered[i] && c[i].svc->custom_cmd == NULL;
	}

	if (!repaired && !edited)
		log_info("no updates for bird configuration");
	else {
		write_or_die(u, &l);
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
}
