#ifndef PYSTR_H
#define PYSTR_H

/*
 * Text rules of Python 3.11, which the upstream daemon inherits: what
 * counts as whitespace, how repr() quotes a string, what int(), float()
 * and configparser's getboolean() accept, and how an OSError reads.
 * Operators' configs and log parsers depend on these, so they are part
 * of the interface.
 */

#include <stddef.h>

#include "util.h"

size_t		 py_space(const char *, size_t);
const char	*py_strip(const char *, size_t, size_t *);
const char	*py_lstrip(const char *, size_t, size_t *);
size_t		 py_rstrip(const char *, size_t);
size_t		 py_indent(const char *, size_t);
char		*py_strip_dup(const char *);

void		 py_repr(struct buf *, const char *, size_t);
void		 py_repr_trunc(struct buf *, const char *, size_t, size_t);
void		 py_repr_str(struct buf *, const char *);
void		 py_repr_bytes(struct buf *, const char *, size_t);

int		 py_int(const char *, long long *);
int		 py_float(const char *, double *);
int		 py_bool(const char *, int *);

void		 py_oserror(struct buf *, int, const char *);
int		 py_utf8_check(const char *, size_t, struct buf *);

#endif
