#ifndef CONFIG_H
#define CONFIG_H

/*
 * The configuration as Python's configparser holds it: ordered sections
 * of ordered, lower-cased keys with raw string values, a DEFAULT section
 * every other section inherits from, and "%(name)s" interpolation on read.
 */

#include <stddef.h>

#include "util.h"

struct cfg_opt {
	char	*key;
	char	*val;
};

struct cfg_sect {
	char		*name;
	struct cfg_opt	*opts;
	size_t		 nopts;
	size_t		 cap;
};

struct config {
	struct cfg_sect	  defaults;
	struct cfg_sect	**sects;
	size_t		  nsects;
	struct strset	  names;
};

/* What a config is read from; dir is ignored when service_file is set. */
struct config_paths {
	const char	*file;
	const char	*dir;
	const char	*service_file;
};

#define CONFIG_DEFAULT_SECTION	"DEFAULT"
#define CONFIG_DEFAULT_FILE	"/etc/anycast-healthchecker.conf"
#define CONFIG_DEFAULT_DIR	"/etc/anycast-healthchecker.d"

void		 config_init(struct config *);
void		 config_free(struct config *);
void		 config_load_defaults(struct config *);
int		 config_load(struct config *, const struct config_paths *,
		    struct buf *);

struct cfg_sect	*config_section(struct config *, const char *);
struct cfg_sect	*config_add_section(struct config *, const char *);
struct cfg_opt	*cfg_find(const struct cfg_sect *, const char *);
void		 cfg_set(struct cfg_sect *, const char *, const char *);
void		 cfg_append(struct cfg_opt *, const char *, size_t);

int		 config_has(struct config *, const char *, const char *);
const char	*config_raw(struct config *, const char *, const char *);

/*
 * Getters return 0; or -1 for a configparser error (missing option, bad
 * interpolation) and -2 for a ValueError from the type conversion, with
 * err holding Python's message either way.
 */
int		 config_get(struct config *, const char *, const char *,
		    char **, struct buf *);
int		 config_getint(struct config *, const char *, const char *,
		    long long *, struct buf *);
int		 config_getfloat(struct config *, const char *, const char *,
		    double *, struct buf *);
int		 config_getbool(struct config *, const char *, const char *,
		    int *, struct buf *);

#endif
