#ifndef PLIST_H
#define PLIST_H

/*
 * The prefix list of a BIRD include file, as text: parsing it the way
 * upstream does, editing it, and rendering it byte for byte as upstream
 * writes it.  Prefixes are compared as strings, as upstream compares
 * them.  Pure logic, no I/O.
 */

#include <stddef.h>

#include "util.h"

struct plist {
	char	**v;
	size_t	  n;
};

void	 plist_parse(struct plist *, const char *);
/* only the list "define NAME = [...];" holds, when a file has two */
void	 plist_parse_list(struct plist *, const char *, const char *);
char	*plist_variable(const char *);
int	 plist_variable_defined(const char *, const char *);
int	 plist_has(const struct plist *, const char *);
int	 plist_add(struct plist *, const char *);
int	 plist_del(struct plist *, const char *);
void	 plist_prepend(struct plist *, const char *);
void	 plist_unknown(const struct plist *, const struct strset *,
	    struct plist *);
void	 plist_drop_unknown(struct plist *, const struct strset *,
	    struct plist *);
void	 plist_join(const struct plist *, struct buf *);
void	 plist_render(struct buf *, const char *, const char *,
	    const struct plist *, const char *, long);
/* a further "define NAME = [...];" after plist_render()'s */
void	 plist_render_list(struct buf *, const char *, const char *,
	    const struct plist *);
void	 plist_free(struct plist *);

/* What plist_repair() found and did. */
struct plist_repair {
	int		 dummy_added;
	struct plist	 unknown;	/* prefixes without a check */
	int		 purged;	/* ...and they were removed */
};

void	 plist_repair(struct plist *, const char *, const struct strset *,
	    int, struct plist_repair *);

#endif
