/*
 * -c for the BIRD side of [daemon]: the file, variable, dummy prefix and
 * reload command of each enabled IP version, in upstream's order and with
 * its messages, and the dummy prefix kept out of every service.
 */

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "birdkw.h"
#include "log.h"
#include "path.h"
#include "prefix.h"
#include "validate.h"

/* What BIRD's lexer takes as a symbol, less its keywords. */
static int
bird_symbol(const char *v)
{
	size_t	 i;

	if (!((v[0] >= 'A' && v[0] <= 'Z') || (v[0] >= 'a' && v[0] <= 'z') ||
	    v[0] == '_'))
		return 0;
	for (i = 1; v[i] != '\0'; i++)
		if (!((v[i] >= 'A' && v[i] <= 'Z') ||
		    (v[i] >= 'a' && v[i] <= 'z') ||
		    (v[i] >= '0' && v[i] <= '9') || v[i] == '_'))
			return 0;
	return !birdkw_reserved(v);
}

static int
bird_target(struct config *cfg, int version, struct bird_target *t,
    struct buf *err)
{
	const char	*sfx = version == 4 ? "" : "6";
	struct prefix	 p;
	struct stat	 sb;
	char		 key[64], *file;

	memset(t, 0, sizeof(*t));
	t->version = version;
	snprintf(key, sizeof(key), "bird%s_conf", sfx);
	if (config_get(cfg, "daemon", key, &file, err) == -1)
		return -1;
	if (lstat(file, &sb) == 0 && S_ISLNK(sb.st_mode)) {
		if ((t->file = path_realpath(file)) == NULL) {
			buf_addf(err, "'%s' is set to %s, which leads through a "
			    "symbolic link in a sticky world-writable directory "
			    "that belongs to another user: not followed", key,
			    file);
			free(file);
			return -1;
		}
		printf("'%s' is set to a symbolic link (%s -> %s, but we will "
		    "use the canonical path of that link\n", key, file,
		    t->file);
		free(file);
	} else
		t->file = file;

	snprintf(key, sizeof(key), "dummy_ip%s_prefix", sfx);
	if (config_get(cfg, "daemon", key, &t->dummy, err) == -1)
		return -1;
	/* ours: an empty list instead, which BIRD takes from 2.0.11 on */
	if (strcmp(t->dummy, "none") == 0) {
		free(t->dummy);
		t->dummy = NULL;
	} else if (prefix_parse(t->dummy, &p) == -1) {
		buf_addf(err, "invalid dummy IPv%d prefix: %s", version,
		    t->dummy);
		return -1;
	}
	if (t->dummy != NULL && p.scope[0] != '\0') {
		buf_addf(err, "invalid dummy IPv%d prefix: %s: BIRD takes no "
		    "IPv6 zone index", version, t->dummy);
		return -1;
	}
	/*
	 * Written as configured, "10.189.200.255" would make BIRD read the
	 * list as a set of addresses and refuse the prefixes after it.
	 */
	if (t->dummy != NULL) {
		free(t->dummy);
		t->dummy = xcalloc(1, PREFIX_STRLEN);
		prefix_format(&p, t->dummy, PREFIX_STRLEN);
	}
	snprintf(key, sizeof(key), "bird%s_variable", sfx);
	if (config_get(cfg, "daemon", key, &t->variable, err) == -1)
		return -1;
	if (!bird_symbol(t->variable)) {
		buf_addf(err, "invalid value (%s) for '%s' option in daemon "
		    "section: a BIRD symbol name is a letter or '_' followed by "
		    "letters, digits or '_', and not a BIRD keyword",
		    t->variable, key);
		return -1;
	}
	/* ours: the list of draining prefixes, in the same file */
	snprintf(key, sizeof(key), "bird%s_drain_variable", sfx);
	if (!config_has(cfg, "daemon", key))
		t->drain_variable = xstrdup(version == 4 ? "ACAST_PS_DRAIN" :
		    "ACAST6_PS_DRAIN");
	else if (config_get(cfg, "daemon", key, &t->drain_variable, err) ==
	    -1)
		return -1;
	if (!bird_symbol(t->drain_variable) ||
	    strcmp(t->drain_variable, t->variable) == 0) {
		buf_addf(err, "invalid value (%s) for '%s' option in daemon "
		    "section: a BIRD symbol name is a letter or '_' followed by "
		    "letters, digits or '_', not a BIRD keyword, and not the "
		    "name of the list itself", t->drain_variable, key);
		return -1;
	}
	snprintf(key, sizeof(key), "bird%s_reconfigure_cmd", sfx);
	if (config_get(cfg, "daemon", key, &t->reconfigure_cmd, err) == -1)
		return -1;
	snprintf(key, sizeof(key), "bird%s_keep_changes", sfx);
	if (config_getbool(cfg, "daemon", key, &t->keep_changes, err) != 0)
		return -1;
	snprintf(key, sizeof(key), "bird%s_changes_counter", sfx);
	if (config_getint(cfg, "daemon", key, &t->changes_counter, err) != 0)
		return -1;
	return 0;
}

/*
 * The dummy prefix is in the list whatever the checks say: a service
 * that has it could never be withdrawn.
 */
static int
check_dummy(struct config *cfg, const struct bird_targets *bt,
    struct buf *err)
{
	struct prefix	 p, d;
	char		*raw, **items;
	size_t		 i, j, k, n;
	int		 rc = 0;

	for (i = 0; i < cfg->nsects && rc == 0; i++) {
		if (strcmp(cfg->sects[i]->name, "daemon") == 0)
			continue;
		/* validated already, so the get and the parses cannot fail */
		if (config_get(cfg, cfg->sects[i]->name, "ip_prefix", &raw,
		    err) == -1)
			fatalx("ip_prefix of %s", cfg->sects[i]->name);
		items = prefix_split(raw, &n);
		for (j = 0; j < n && rc == 0; j++) {
			if (prefix_parse(items[j], &p) == -1)
				fatalx("ip_prefix of %s", cfg->sects[i]->name);
			for (k = 0; k < bt->n; k++) {
				if (bt->t[k].dummy == NULL ||
				    prefix_parse(bt->t[k].dummy, &d) == -1 ||
				    d.family != p.family || d.len != p.len ||
				    memcmp(d.addr, p.addr, sizeof(d.addr)) != 0)
					continue;
				buf_addf(err, "invalid value (%s) for "
				    "'ip_prefix' option in service check %s: "
				    "it is the dummy IP prefix, which is always "
				    "announced", n > 1 ? items[j] : raw,
				    cfg->sects[i]->name);
				rc = -1;
			}
		}
		prefix_split_free(items);
		free(raw);
	}
	return rc;
}

/* upstream's build_bird_configuration(): IPv4 first, then IPv6 */
int
validate_bird(struct config *cfg, struct bird_targets *bt, struct buf *err)
{
	int	 on, version;

	memset(bt, 0, sizeof(*bt));
	for (version = 4; version <= 6; version += 2) {
		if (config_getbool(cfg, "daemon", version == 4 ? "ipv4" :
		    "ipv6", &on, err) != 0)
			return -1;
		if (!on)
			continue;
		if (bird_target(cfg, version, &bt->t[bt->n++], err) == -1)
			return -1;
	}
	return check_dummy(cfg, bt, err);
}

void
bird_targets_free(struct bird_targets *bt)
{
	size_t	 i;

	for (i = 0; i < 2; i++) {
		free(bt->t[i].file);
		free(bt->t[i].variable);
		free(bt->t[i].drain_variable);
		free(bt->t[i].dummy);
		free(bt->t[i].reconfigure_cmd);
	}
	memset(bt, 0, sizeof(*bt));
}
