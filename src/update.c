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
	size_t	 i;

	memset(u, 0, sizeof(*u));
	u->t = t;
	for (i = 0; i < st->nsvc; i++)
		if (st->svc[i].version == t->version)
			strset_add(&u->known, st->svc[i].prefix_str,
			    strlen(st->svc[i].prefix_str));
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
	}
	buf_free(&names);
	plist_free(&r.unknown);
	plist_free(&l);
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
	size_t		 i, mine = 0;

	for (i = 0; i < n; i++)
		mine += c[i].svc->version == u->t->version;
	if (mine == 0)
		return;
	text = read_or_die(u);
	plist_parse(&l, text);
	free(text);
	if (l.n == 0) {
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
		if (c[i].svc->version != u->t->version)
			continue;
		if (c[i].up && plist_add(&l, c[i].svc->prefix_str)) {
			log_info("announcing %s for %s", c[i].svc->prefix_str,
			    c[i].svc->name);
			altered[i] = 1;
		} else if (!c[i].up && plist_del(&l, c[i].svc->prefix_str)) {
			log_info("withdrawing %s for %s", c[i].svc->prefix_str,
			    c[i].svc->name);
			altered[i] = 1;
		}
		edited |= altered[i];
		plain |= altered[i] && c[i].svc->custom_cmd == NULL;
	}

	if (!repaired && !edited)
		log_info("no updates for bird configuration");
	else {
		write_or_die(u, &l);
		if (l.n == 1)
			log_warnx("Bird configuration doesn't have IP prefixes "
			    "for any of the services we monitor! It means local "
			    "node doesn't receive any traffic");
		if (repaired || plain) {
			u->pending = 1;
			u->retry_at = 0;
		}
	}
	buf_free(&names);
	plist_free(&r.unknown);
	plist_free(&l);
}
