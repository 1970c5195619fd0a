#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "defaults.h"
#include "parse.h"
#include "path.h"
#include "pystr.h"

#define MAX_INTERPOLATION_DEPTH	10
/*
 * Ten references a value, ten levels deep, expand ten billion times:
 * configparser would run out of memory or time.  What one get may build.
 */
#define INTERPOLATION_MAX_BYTES	(1024 * 1024)
#define INTERPOLATION_MAX_SUBS	1000000

void
config_init(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->defaults.name = xstrdup(CONFIG_DEFAULT_SECTION);
}

static void
sect_free(struct cfg_sect *s)
{
	size_t	 i;

	for (i = 0; i < s->nopts; i++) {
		free(s->opts[i].key);
		free(s->opts[i].val);
	}
	free(s->opts);
	free(s->name);
}

void
config_free(struct config *cfg)
{
	size_t	 i;

	sect_free(&cfg->defaults);
	for (i = 0; i < cfg->nsects; i++) {
		sect_free(cfg->sects[i]);
		free(cfg->sects[i]);
	}
	free(cfg->sects);
	strset_free(&cfg->names);
	memset(cfg, 0, sizeof(*cfg));
}

/* Upstream loads its built-in defaults before any file. */
void
config_load_defaults(struct config *cfg)
{
	const struct default_opt *d;
	struct cfg_sect	*s;

	for (d = default_options; d->section != NULL; d++) {
		if ((s = config_section(cfg, d->section)) == NULL)
			s = config_add_section(cfg, d->section);
		cfg_set(s, d->key, d->value);
	}
}

struct cfg_sect *
config_section(struct config *cfg, const char *name)
{
	size_t	 i;

	if (strcmp(name, CONFIG_DEFAULT_SECTION) == 0)
		return &cfg->defaults;
	if (!strset_get(&cfg->names, name, strlen(name), &i))
		return NULL;
	return cfg->sects[i];
}

struct cfg_sect *
config_add_section(struct config *cfg, const char *name)
{
	struct cfg_sect	*s;

	s = xcalloc(1, sizeof(*s));
	s->name = xstrdup(name);
	cfg->sects = xreallocarray(cfg->sects, cfg->nsects + 1,
	    sizeof(*cfg->sects));
	strset_put(&cfg->names, name, strlen(name), cfg->nsects);
	cfg->sects[cfg->nsects++] = s;
	return s;
}

struct cfg_opt *
cfg_find(const struct cfg_sect *s, const char *key)
{
	size_t	 i;

	for (i = 0; i < s->nopts; i++)
		if (strcmp(s->opts[i].key, key) == 0)
			return &s->opts[i];
	return NULL;
}

/* Like a dict: a new key goes last, an existing one keeps its place. */
void
cfg_set(struct cfg_sect *s, const char *key, const char *val)
{
	struct cfg_opt	*o;

	if ((o = cfg_find(s, key)) != NULL) {
		free(o->val);
		o->val = xstrdup(val);
		return;
	}
	if (s->nopts == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 8;
		s->opts = xreallocarray(s->opts, s->cap, sizeof(*s->opts));
	}
	o = &s->opts[s->nopts++];
	o->key = xstrdup(key);
	o->val = xstrdup(val);
}

void
cfg_append(struct cfg_opt *o, const char *s, size_t len)
{
	size_t	 old = strlen(o->val);

	o->val = xreallocarray(o->val, old + len + 1, 1);
	memcpy(o->val + old, s, len);
	o->val[old + len] = '\0';
}

/* The raw value of key in section, falling back on DEFAULT. */
const char *
config_raw(struct config *cfg, const char *section, const char *key)
{
	struct cfg_sect	*s;
	struct cfg_opt	*o;

	if ((s = config_section(cfg, section)) != NULL &&
	    (o = cfg_find(s, key)) != NULL)
		return o->val;
	if ((o = cfg_find(&cfg->defaults, key)) != NULL)
		return o->val;
	return NULL;
}

int
config_has(struct config *cfg, const char *section, const char *key)
{
	return config_raw(cfg, section, key) != NULL;
}

static int
too_big(const char *section, const char *option, struct buf *err)
{
	buf_add(err, "option ");
	py_repr_str(err, option);
	buf_add(err, " in section ");
	py_repr_str(err, section);
	buf_addf(err, " expands to more than %d bytes or takes more than %d "
	    "substitutions", INTERPOLATION_MAX_BYTES, INTERPOLATION_MAX_SUBS);
	return -1;
}

static int
interpolate(struct config *cfg, const char *section, const char *option,
    struct buf *out, const char *rest, int depth, size_t *subs,
    struct buf *err)
{
	const char	*p, *close, *v;
	char		*var, *raw;

	if (depth > MAX_INTERPOLATION_DEPTH) {
		buf_add(err, "Recursion limit exceeded in value substitution: "
		    "option ");
		py_repr_str(err, option);
		buf_add(err, " in section ");
		py_repr_str(err, section);
		buf_addf(err, " contains an interpolation key which cannot be "
		    "substituted in %d steps. Raw value: ",
		    MAX_INTERPOLATION_DEPTH);
		py_repr_str(err, config_raw(cfg, section, option));
		return -1;
	}
	while (*rest != '\0') {
		if ((p = strchr(rest, '%')) == NULL) {
			buf_add(out, rest);
			return 0;
		}
		buf_addn(out, rest, (size_t)(p - rest));
		rest = p;
		if (rest[1] == '%') {
			buf_addc(out, '%');
			rest += 2;
		} else if (rest[1] == '(') {
			close = strchr(rest + 2, ')');
			if (close == NULL || close == rest + 2 ||
			    close[1] != 's') {
				buf_add(err, "bad interpolation variable "
				    "reference ");
				py_repr_str(err, rest);
				return -1;
			}
			raw = xstrndup(rest + 2, (size_t)(close - rest - 2));
			var = py_lower(raw);
			free(raw);
			rest = close + 2;
			if ((v = config_raw(cfg, section, var)) == NULL) {
				buf_add(err, "Bad value substitution: option ");
				py_repr_str(err, option);
				buf_add(err, " in section ");
				py_repr_str(err, section);
				buf_add(err, " contains an interpolation key ");
				py_repr_str(err, var);
				buf_add(err, " which is not a valid option "
				    "name. Raw value: ");
				py_repr_str(err, config_raw(cfg, section,
				    option));
				free(var);
				return -1;
			}
			free(var);
			if (++*subs > INTERPOLATION_MAX_SUBS)
				return too_big(section, option, err);
			if (strchr(v, '%') != NULL) {
				if (interpolate(cfg, section, option, out, v,
				    depth + 1, subs, err) == -1)
					return -1;
			} else
				buf_add(out, v);
			if (out->len > INTERPOLATION_MAX_BYTES)
				return too_big(section, option, err);
		} else {
			buf_add(err, "'%' must be followed by '%' or '(', "
			    "found: ");
			py_repr_str(err, rest);
			return -1;
		}
	}
	return 0;
}

/* ConfigParser.get() with BasicInterpolation; *out is the caller's. */
int
config_get(struct config *cfg, const char *section, const char *key,
    char **out, struct buf *err)
{
	struct buf	 b = { 0 };
	const char	*raw;
	size_t		 subs = 0;

	if (strcmp(section, CONFIG_DEFAULT_SECTION) != 0 &&
	    config_section(cfg, section) == NULL) {
		buf_add(err, "No section: ");
		py_repr_str(err, section);
		return -1;
	}
	if ((raw = config_raw(cfg, section, key)) == NULL) {
		buf_add(err, "No option ");
		py_repr_str(err, key);
		buf_add(err, " in section: ");
		py_repr_str(err, section);
		return -1;
	}
	if (interpolate(cfg, section, key, &b, raw, 1, &subs, err) == -1) {
		buf_free(&b);
		return -1;
	}
	*out = buf_release(&b);
	return 0;
}

enum conv { CONV_INT, CONV_FLOAT, CONV_BOOL };

/* get() then convert, as configparser's getint/getfloat/getboolean do. */
static int
get_conv(struct config *cfg, const char *section, const char *key,
    enum conv conv, void *out, struct buf *err)
{
	char		*s;
	int		 ok = 0;
	long long	 digits = 0;

	if (config_get(cfg, section, key, &s, err) == -1)
		return -1;
	switch (conv) {
	case CONV_INT:
		if ((ok = py_int(s, out, &digits)) == -1) {
			buf_add(err, "invalid literal for int() with base 10: ");
			py_repr_trunc(err, s, strlen(s), 200);
		} else if (ok == -2)
			buf_addf(err, "Exceeds the limit (%d digits) for integer "
			    "string conversion: value has %lld digits; use "
			    "sys.set_int_max_str_digits() to increase the limit",
			    PY_INT_MAX_STR_DIGITS, digits);
		break;
	case CONV_FLOAT:
		if ((ok = py_float(s, out)) == -1) {
			buf_add(err, "could not convert string to float: ");
			py_repr_str(err, s);
		}
		break;
	case CONV_BOOL:
		if ((ok = py_bool(s, out)) == -1)
			buf_addf(err, "Not a boolean: %s", s);
		break;
	}
	free(s);
	return ok < 0 ? -2 : 0;
}

int
config_getint(struct config *cfg, const char *section, const char *key,
    long long *v, struct buf *err)
{
	return get_conv(cfg, section, key, CONV_INT, v, err);
}

int
config_getfloat(struct config *cfg, const char *section, const char *key,
    double *v, struct buf *err)
{
	return get_conv(cfg, section, key, CONV_FLOAT, v, err);
}

int
config_getbool(struct config *cfg, const char *section, const char *key,
    int *v, struct buf *err)
{
	return get_conv(cfg, section, key, CONV_BOOL, v, err);
}

static int
is_file(const char *path)
{
	struct stat	 sb;

	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

static int
is_dir(const char *path)
{
	struct stat	 sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/*
 * The service files: upstream's glob.glob() of "*.conf" in dir.  The directory
 * part is a pattern too ("e[1]" reads e1/), a backslash is no escape, and
 * names come in the order readdir(3) gives them, which decides the winner
 * where two files set the same option.
 */
static char **
service_files(const char *dir, size_t *n)
{
	glob_t	  g;
	char	 *pat, **v = NULL;
	size_t	  i;

	*n = 0;
	pat = path_join(dir, "*.conf");
	if (glob(pat, GLOB_NOSORT | GLOB_NOESCAPE, NULL, &g) == 0) {
		v = xreallocarray(NULL, g.gl_pathc, sizeof(*v));
		for (i = 0; i < g.gl_pathc; i++)
			v[(*n)++] = xstrdup(g.gl_pathv[i]);
		globfree(&g);
	}
	free(pat);
	return v;
}

int
config_load(struct config *cfg, const struct config_paths *paths,
    struct buf *err)
{
	char	**files = NULL;
	size_t	  nfiles = 0, i;
	int	  rc = 0;

	config_load_defaults(cfg);
	if (!is_file(paths->file)) {
		buf_addf(err, "%s configuration file either isn't readable "
		    "or doesn't exist", paths->file);
		return -1;
	}
	if (paths->service_file != NULL) {
		if (!is_file(paths->service_file)) {
			buf_addf(err, "%s configuration file for a service "
			    "check doesn't exist", paths->service_file);
			return -1;
		}
		files = xcalloc(1, sizeof(*files));
		files[nfiles++] = xstrdup(paths->service_file);
	} else if (paths->dir != NULL) {
		if (!is_dir(paths->dir)) {
			buf_addf(err, "%s directory with configuration files "
			    "for service checks doesn't exist", paths->dir);
			return -1;
		}
		files = service_files(paths->dir, &nfiles);
	}

	if (parse_file(cfg, paths->file, err) == -1)
		rc = -1;
	for (i = 0; i < nfiles; i++) {
		if (rc == 0 && parse_file(cfg, files[i], err) == -1)
			rc = -1;
		free(files[i]);
	}
	free(files);
	return rc;
}
