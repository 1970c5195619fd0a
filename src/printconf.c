#include <stdlib.h>
#include <string.h>

#include "defaults.h"
#include "printconf.h"

/* -p: the built-in defaults, a blank line after each section. */
void
printconf_defaults(struct buf *out)
{
	const struct default_opt *d;
	const char	*cur = NULL;

	for (d = default_options; d->section != NULL; d++) {
		if (cur == NULL || strcmp(cur, d->section) != 0) {
			if (cur != NULL)
				buf_addc(out, '\n');
			buf_addf(out, "[%s]\n", d->section);
			cur = d->section;
		}
		buf_addf(out, "%s = %s\n", d->key, d->value);
	}
	buf_addc(out, '\n');
}

static int
print_opt(struct config *cfg, const struct cfg_sect *s, const char *key,
    struct buf *out, struct buf *err)
{
	char	*v;

	if (config_get(cfg, s->name, key, &v, err) == -1)
		return -1;
	buf_addf(out, "%s = %s\n", key, v);
	free(v);
	return 0;
}

/*
 * -P: every section as configparser iterates it: DEFAULT, then the rest
 * in reading order; a section's own keys, then the DEFAULT keys it does
 * not set, all interpolated.
 */
static int
print_section(struct config *cfg, const struct cfg_sect *s,
    struct buf *out, struct buf *err)
{
	const struct cfg_sect *d = &cfg->defaults;
	size_t	 i;

	buf_addf(out, "[%s]\n", s->name);
	for (i = 0; i < s->nopts; i++)
		if (print_opt(cfg, s, s->opts[i].key, out, err) == -1)
			return -1;
	if (s != d)
		for (i = 0; i < d->nopts; i++)
			if (cfg_find(s, d->opts[i].key) == NULL &&
			    print_opt(cfg, s, d->opts[i].key, out, err) == -1)
				return -1;
	buf_addc(out, '\n');
	return 0;
}

int
printconf_config(struct config *cfg, struct buf *out, struct buf *err)
{
	size_t	 i;

	if (print_section(cfg, &cfg->defaults, out, err) == -1)
		return -1;
	for (i = 0; i < cfg->nsects; i++)
		if (print_section(cfg, cfg->sects[i], out, err) == -1)
			return -1;
	return 0;
}
