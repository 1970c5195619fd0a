#include <stdlib.h>
#include <string.h>

#include "defaults.h"
#include "logfmt.h"
#include "printconf.h"
#include "pystr.h"

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

static int
repr_opt(struct config *cfg, const char *key, const char *name,
    const char *sep, struct buf *out, struct buf *json, struct buf *err)
{
	char	*v;

	if (config_get(cfg, "daemon", name, &v, err) == -1)
		return -1;
	buf_addf(out, "%s'%s': ", sep, key);
	py_repr_str(out, v);
	buf_addf(json, "%s\"%s\": ", sep, key);
	logfmt_json_string(json, v);
	free(v);
	return 0;
}

/*
 * Upstream's DEBUG line with its BIRD settings: the repr() of a dict
 * keyed by IP version, values as configured (not resolved or normalised).
 * Its JSON formatter gives a dict message no text: "message" is null and
 * the dict's keys join the record, which is what json receives.
 */
int
printconf_bird(struct config *cfg, const struct bird_targets *bt,
    struct buf *out, struct buf *json, struct buf *err)
{
	static const char *const keys[][3] = {
		{ "config_file", "bird_conf", "bird6_conf" },
		{ "variable_name", "bird_variable", "bird6_variable" },
		{ "dummy_ip_prefix", "dummy_ip_prefix", "dummy_ip6_prefix" },
		{ "reconfigure_cmd", "bird_reconfigure_cmd",
		    "bird6_reconfigure_cmd" },
	};
	const struct bird_target *t;
	size_t	 i, k;

	buf_addc(out, '{');
	for (i = 0; i < bt->n; i++) {
		t = &bt->t[i];
		buf_addf(out, "%s%d: {", i > 0 ? ", " : "", t->version);
		buf_addf(json, "%s\"%d\": {", i > 0 ? ", " : "", t->version);
		for (k = 0; k < 4; k++)
			if (repr_opt(cfg, keys[k][0], keys[k][t->version == 6 ?
			    2 : 1], k > 0 ? ", " : "", out, json, err) == -1)
				return -1;
		buf_addf(out, ", 'keep_changes': %s, 'changes_counter': %lld}",
		    t->keep_changes ? "True" : "False", t->changes_counter);
		buf_addf(json, ", \"keep_changes\": %s, \"changes_counter\": "
		    "%lld}", t->keep_changes ? "true" : "false",
		    t->changes_counter);
	}
	buf_addc(out, '}');
	return 0;
}
