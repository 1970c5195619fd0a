/*
 * Which announcer the configuration names.  The kinds are siblings; this
 * file only knows their names.
 */

#include <string.h>

#include "announce.h"

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
